/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Redfish error bodies: "error" with "@Message.ExtendedInfo" entries from the DMTF Base
 * message registry (Base.1.16.0), whose MessageIds clients such as sushy match on. */
#ifndef MBMC_RF_ERROR_H
#define MBMC_RF_ERROR_H

#include "rf_http.h"

#define RF_BASE_REGISTRY "Base.1.16.0"

enum rf_msg {
    RF_MSG_SUCCESS,
    RF_MSG_GENERAL_ERROR,
    RF_MSG_INTERNAL_ERROR,
    RF_MSG_MALFORMED_JSON,
    RF_MSG_EMPTY_JSON,
    RF_MSG_PAYLOAD_TOO_LARGE,
    RF_MSG_PROPERTY_UNKNOWN,
    RF_MSG_PROPERTY_NOT_WRITABLE,
    RF_MSG_PROPERTY_MISSING,
    RF_MSG_PROPERTY_VALUE_TYPE_ERROR,
    RF_MSG_PROPERTY_VALUE_NOT_IN_LIST,
    RF_MSG_PROPERTY_VALUE_EXTERNAL_CONFLICT,
    RF_MSG_ACTION_NOT_SUPPORTED,
    RF_MSG_ACTION_PARAMETER_MISSING,
    RF_MSG_ACTION_PARAMETER_UNKNOWN,
    RF_MSG_ACTION_PARAMETER_NOT_SUPPORTED,
    RF_MSG_ACTION_PARAMETER_VALUE_TYPE_ERROR,
    RF_MSG_ACTION_PARAMETER_VALUE_NOT_IN_LIST,
    RF_MSG_ACTION_PARAMETER_VALUE_FORMAT_ERROR,
    RF_MSG_CREATE_FAILED_MISSING_REQ_PROPERTIES,
    RF_MSG_INVALID_URI,
    RF_MSG_RESOURCE_NOT_FOUND,
    RF_MSG_OPERATION_NOT_ALLOWED,
    RF_MSG_NO_VALID_SESSION,
    RF_MSG_ACCESS_DENIED,
    RF_MSG_INSUFFICIENT_PRIVILEGE,
    RF_MSG_PRECONDITION_FAILED,
    RF_MSG_SERVICE_TEMPORARILY_UNAVAILABLE,
    RF_MSG_SESSION_LIMIT_EXCEEDED,
    RF_MSG_RESOURCE_IN_USE,
    RF_MSG_CHASSIS_POWER_STATE_ON_REQUIRED,
    RF_MSG_QUERY_NOT_SUPPORTED,
    RF_MSG_OPERATION_FAILED,
    RF_MSG_COULD_NOT_ESTABLISH_CONNECTION,
    RF_MSG_RESOURCE_AT_URI_IN_UNKNOWN_FORMAT,
    RF_MSG_RESOURCE_MISSING_AT_URI,
    RF_MSG_RESOURCE_CANNOT_BE_DELETED,
    RF_MSG_COUNT
};

/* Add one message to rsp's error body (created on first use) and set the HTTP status (the
 * first error's status stays). related: JSON pointer of the property concerned ("#/Boot/X")
 * or NULL; resolution: replaces the registry's text when the cause is specific, or NULL.
 * Then exactly as many string arguments as the message has (%1, %2, ...). */
void rf_error(struct rf_response *rsp, int status, enum rf_msg id, const char *related,
              const char *resolution, ...);

/* "Base.1.16.0.PropertyUnknown" */
const char *rf_msg_name(enum rf_msg id);
unsigned rf_msg_nargs(enum rf_msg id);

#endif
