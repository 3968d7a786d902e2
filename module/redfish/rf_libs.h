/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libmicrohttpd and GnuTLS, loaded when the BMC starts its Redfish service instead of with the
 * module.
 *
 * Linked into the module, they (GnuTLS with its eight libraries: p11-kit, nettle, gmp, ...)
 * were mapped and relocated by every ipmi_sim: ~1.5 ms of CPU at each start, about two thirds
 * of what a stock ipmi_sim spends on its whole start, and ~0.4 MB of private memory, for BMCs
 * that mostly run without Redfish (docs/PERFORMANCE.md). As pve_curl.h does for libcurl, the
 * Redfish code calls them through this table, filled by dlopen() on first use. The members
 * have the libraries' own names and types (__typeof__: the compiler checks every call). */
#ifndef MBMC_RF_LIBS_H
#define MBMC_RF_LIBS_H

#include <stddef.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>

#define RF_MHD_FUNCTIONS(X) \
    X(MHD_start_daemon) X(MHD_stop_daemon) X(MHD_run) X(MHD_get_timeout) X(MHD_get_daemon_info) \
    X(MHD_get_connection_info) X(MHD_get_connection_values) X(MHD_lookup_connection_value) \
    X(MHD_create_response_from_buffer_with_free_callback) X(MHD_add_response_header) \
    X(MHD_queue_response) X(MHD_destroy_response) X(MHD_suspend_connection) \
    X(MHD_resume_connection)

#define RF_GNUTLS_FUNCTIONS(X) \
    X(gnutls_strerror) X(gnutls_rnd) X(gnutls_hash_fast) X(gnutls_memset) \
    X(gnutls_x509_crt_init) X(gnutls_x509_crt_deinit) X(gnutls_x509_crt_import) \
    X(gnutls_x509_crt_export2) X(gnutls_x509_crt_check_ip) \
    X(gnutls_x509_crt_get_expiration_time) \
    X(gnutls_x509_crt_get_fingerprint) X(gnutls_x509_crt_get_key_id) \
    X(gnutls_x509_crt_set_version) X(gnutls_x509_crt_set_serial) X(gnutls_x509_crt_set_dn_by_oid) \
    X(gnutls_x509_crt_set_activation_time) X(gnutls_x509_crt_set_expiration_time) \
    X(gnutls_x509_crt_set_key) X(gnutls_x509_crt_set_basic_constraints) \
    X(gnutls_x509_crt_set_key_usage) X(gnutls_x509_crt_set_key_purpose_oid) \
    X(gnutls_x509_crt_set_subject_alt_name) X(gnutls_x509_crt_set_subject_key_id) \
    X(gnutls_x509_crt_set_authority_key_id) X(gnutls_x509_crt_sign2) \
    X(gnutls_x509_privkey_init) X(gnutls_x509_privkey_deinit) X(gnutls_x509_privkey_import2) \
    X(gnutls_x509_privkey_generate) X(gnutls_x509_privkey_get_key_id) \
    X(gnutls_x509_privkey_export2_pkcs8)

#define RF_LIBS_MEMBER(fn) __typeof__(fn) *fn;

struct rf_libs {
    RF_MHD_FUNCTIONS(RF_LIBS_MEMBER)
    RF_GNUTLS_FUNCTIONS(RF_LIBS_MEMBER)
    /* What frees the memory GnuTLS hands out (export2): a variable in GnuTLS, not a function. */
    gnutls_free_function gnutls_deallocate;
};

/* The table, loading both libraries on the first call. NULL, with the reason in err (and
 * logged once), when they are missing or lack a symbol. */
const struct rf_libs *rf_libs_load(char *err, size_t errlen);

#endif
