# SPDX-License-Identifier: GPL-2.0-or-later
# The Redfish service's request handling (routing, auth headers, JSON bodies, PATCH merge,
# action parameters) without HTTP: tests/fuzz/fuzz_redfish.c.
srcs[redfish]="module/redfish/rf_http.c module/redfish/rf_error.c module/redfish/rf_etag.c module/redfish/rf_session.c module/redfish/rf_auth.c module/redfish/rf_boot.c module/redfish/rf_media.c module/redfish/rf_resources.c module/redfish/rf_service.c module/lanserv/lockout_table.c module/base64.c"
libs[redfish]="$jsonc"
