/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Base registry messages this service uses (texts as DMTF publishes them). */
#include "rf_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rf_msg_def {
    const char *name;
    unsigned nargs;
    const char *severity;
    const char *message;
    const char *resolution;
};

static const struct rf_msg_def defs[RF_MSG_COUNT] = {
    [RF_MSG_SUCCESS] = { "Success", 0, "OK", "The request completed successfully.", "None." },
    [RF_MSG_GENERAL_ERROR] = { "GeneralError", 0, "Critical",
        "A general error has occurred.  See Resolution for information on how to resolve the "
        "error, or @Message.ExtendedInfo if Resolution is not provided.", "None." },
    [RF_MSG_INTERNAL_ERROR] = { "InternalError", 0, "Critical",
        "The request failed due to an internal service error.  The service is still operational.",
        "Resubmit the request.  If the problem persists, consider resetting the service." },
    [RF_MSG_MALFORMED_JSON] = { "MalformedJSON", 0, "Critical",
        "The request body submitted was malformed JSON and could not be parsed by the receiving "
        "service.", "Ensure that the request body is valid JSON and resubmit the request." },
    [RF_MSG_EMPTY_JSON] = { "EmptyJSON", 0, "Warning",
        "The request body submitted contained an empty JSON object and the service is unable to "
        "process it.", "Add properties in the JSON object and resubmit the request." },
    [RF_MSG_PAYLOAD_TOO_LARGE] = { "PayloadTooLarge", 0, "Critical",
        "The supplied payload exceeds the maximum size supported by the service.",
        "Check that the supplied payload is correct and supported by this service." },
    [RF_MSG_PROPERTY_UNKNOWN] = { "PropertyUnknown", 1, "Warning",
        "The property %1 is not in the list of valid properties for the resource.",
        "Remove the unknown property from the request body and resubmit the request if the "
        "operation failed." },
    [RF_MSG_PROPERTY_NOT_WRITABLE] = { "PropertyNotWritable", 1, "Warning",
        "The property %1 is a read only property and cannot be assigned a value.",
        "Remove the property from the request body and resubmit the request if the operation "
        "failed." },
    [RF_MSG_PROPERTY_MISSING] = { "PropertyMissing", 1, "Warning",
        "The property %1 is a required property and must be included in the request.",
        "Ensure that the property is in the request body and has a valid value and resubmit the "
        "request if the operation failed." },
    [RF_MSG_PROPERTY_VALUE_TYPE_ERROR] = { "PropertyValueTypeError", 2, "Warning",
        "The value '%1' for the property %2 is of a different type than the property can accept.",
        "Correct the value for the property in the request body and resubmit the request if the "
        "operation failed." },
    [RF_MSG_PROPERTY_VALUE_NOT_IN_LIST] = { "PropertyValueNotInList", 2, "Warning",
        "The value '%1' for the property %2 is not in the list of acceptable values.",
        "Choose a value from the enumeration list that the implementation can support and "
        "resubmit the request if the operation failed." },
    [RF_MSG_PROPERTY_VALUE_EXTERNAL_CONFLICT] = { "PropertyValueExternalConflict", 2, "Warning",
        "The property '%1' with the requested value of '%2' could not be written because the "
        "value is not available due to a configuration conflict.", "No resolution is required." },
    [RF_MSG_ACTION_NOT_SUPPORTED] = { "ActionNotSupported", 1, "Critical",
        "The action %1 is not supported by the resource.",
        "The action supplied cannot be resubmitted to the implementation.  Perhaps the action was "
        "invalid, the wrong resource was the target or the implementation documentation may be "
        "of assistance." },
    [RF_MSG_ACTION_PARAMETER_MISSING] = { "ActionParameterMissing", 2, "Critical",
        "The action %1 requires the parameter %2 to be present in the request body.",
        "Supply the action with the required parameter in the request body when the request is "
        "resubmitted." },
    [RF_MSG_ACTION_PARAMETER_UNKNOWN] = { "ActionParameterUnknown", 2, "Warning",
        "The action %1 was submitted with the invalid parameter %2.",
        "Correct the invalid action parameter and resubmit the request if the operation failed." },
    [RF_MSG_ACTION_PARAMETER_NOT_SUPPORTED] = { "ActionParameterNotSupported", 2, "Warning",
        "The parameter %1 for the action %2 is not supported on the target resource.",
        "Remove the parameter supplied and resubmit the request if the operation failed." },
    [RF_MSG_ACTION_PARAMETER_VALUE_TYPE_ERROR] = { "ActionParameterValueTypeError", 3, "Warning",
        "The value '%1' for the parameter %2 in the action %3 is of a different type than the "
        "parameter can accept.",
        "Correct the value for the parameter in the request body and resubmit the request if the "
        "operation failed." },
    [RF_MSG_ACTION_PARAMETER_VALUE_NOT_IN_LIST] = { "ActionParameterValueNotInList", 3, "Warning",
        "The value '%1' for the parameter %2 in the action %3 is not in the list of acceptable "
        "values.",
        "Choose a value from the enumeration list that the implementation can support and "
        "resubmit the request if the operation failed." },
    [RF_MSG_ACTION_PARAMETER_VALUE_FORMAT_ERROR] = { "ActionParameterValueFormatError", 3,
        "Warning",
        "The value '%1' for the parameter %2 in the action %3 is of a different format than the "
        "parameter can accept.",
        "Correct the value for the parameter in the request body and resubmit the request if the "
        "operation failed." },
    [RF_MSG_CREATE_FAILED_MISSING_REQ_PROPERTIES] = { "CreateFailedMissingReqProperties", 1,
        "Critical",
        "The create operation failed because the required property %1 was missing from the "
        "request.",
        "Correct the body to include the required property with a valid value and resubmit the "
        "request if the operation failed." },
    [RF_MSG_INVALID_URI] = { "InvalidURI", 1, "Critical", "The URI %1 was not found.",
        "Provide a valid URI and resubmit the request." },
    [RF_MSG_RESOURCE_NOT_FOUND] = { "ResourceNotFound", 2, "Critical",
        "The requested resource of type %1 named '%2' was not found.",
        "Provide a valid resource identifier and resubmit the request." },
    [RF_MSG_OPERATION_NOT_ALLOWED] = { "OperationNotAllowed", 0, "Critical",
        "The HTTP method is not allowed on this resource.", "None." },
    [RF_MSG_NO_VALID_SESSION] = { "NoValidSession", 0, "Critical",
        "There is no valid session established with the implementation.",
        "Establish a session before attempting any operations." },
    [RF_MSG_ACCESS_DENIED] = { "AccessDenied", 1, "Critical",
        "While attempting to establish a connection to '%1', the service denied access.",
        "Attempt to ensure that the URI is correct and that the service has the appropriate "
        "credentials." },
    [RF_MSG_INSUFFICIENT_PRIVILEGE] = { "InsufficientPrivilege", 0, "Critical",
        "There are insufficient privileges for the account or credentials associated with the "
        "current session to perform the requested operation.",
        "Either abandon the operation or change the associated access rights and resubmit the "
        "request if the operation failed." },
    [RF_MSG_PRECONDITION_FAILED] = { "PreconditionFailed", 0, "Critical",
        "The ETag supplied did not match the ETag required to change this resource.",
        "Try the operation again using the appropriate ETag." },
    [RF_MSG_SERVICE_TEMPORARILY_UNAVAILABLE] = { "ServiceTemporarilyUnavailable", 1, "Critical",
        "The service is temporarily unavailable.  Retry in %1 seconds.",
        "Wait for the indicated retry duration and retry the operation." },
    [RF_MSG_SESSION_LIMIT_EXCEEDED] = { "SessionLimitExceeded", 0, "Critical",
        "The session establishment failed due to the number of simultaneous sessions exceeding "
        "the limit of the implementation.",
        "Reduce the number of other sessions before trying to establish the session or increase "
        "the limit of simultaneous sessions, if supported." },
    [RF_MSG_RESOURCE_IN_USE] = { "ResourceInUse", 0, "Warning",
        "The change to the requested resource failed because the resource is in use or in "
        "transition.", "Remove the condition and resubmit the request if the operation failed." },
    [RF_MSG_CHASSIS_POWER_STATE_ON_REQUIRED] = { "ChassisPowerStateOnRequired", 1, "Warning",
        "The chassis with Id '%1' requires to be powered on to perform this request.",
        "Power on the specified chassis and resubmit the request." },
    [RF_MSG_QUERY_NOT_SUPPORTED] = { "QueryNotSupported", 0, "Warning",
        "Querying is not supported by the implementation.",
        "Remove the query parameters and resubmit the request if the operation failed." },
    [RF_MSG_OPERATION_FAILED] = { "OperationFailed", 0, "Warning",
        "An error occurred internal to the service as part of the overall request.  Partial "
        "results may have been returned.",
        "Resubmit the request.  If the problem persists, consider resetting the service or "
        "provider." },
    [RF_MSG_COULD_NOT_ESTABLISH_CONNECTION] = { "CouldNotEstablishConnection", 1, "Critical",
        "The service failed to establish a connection with the URI '%1'.",
        "Ensure that the URI contains a valid and reachable node name, protocol information and "
        "other URI components." },
    [RF_MSG_RESOURCE_AT_URI_IN_UNKNOWN_FORMAT] = { "ResourceAtUriInUnknownFormat", 1, "Critical",
        "The resource at '%1' is in a format not recognized by the service.",
        "Place an image or resource or file that is recognized by the service at the URI." },
    [RF_MSG_RESOURCE_MISSING_AT_URI] = { "ResourceMissingAtURI", 1, "Critical",
        "The resource at the URI '%1' was not found.",
        "Place a valid resource at the URI or correct the URI and resubmit the request." },
    [RF_MSG_RESOURCE_CANNOT_BE_DELETED] = { "ResourceCannotBeDeleted", 0, "Critical",
        "The delete request failed because the resource requested cannot be deleted.",
        "Do not attempt to delete a non-deletable resource." },
};

const char *rf_msg_name(enum rf_msg id)
{
    static char buf[RF_MSG_COUNT][64];
    if ((unsigned)id >= RF_MSG_COUNT)
        id = RF_MSG_GENERAL_ERROR;
    if (!buf[id][0])
        snprintf(buf[id], sizeof(buf[id]), RF_BASE_REGISTRY ".%s", defs[id].name);
    return buf[id];
}

unsigned rf_msg_nargs(enum rf_msg id)
{
    return (unsigned)id < RF_MSG_COUNT ? defs[id].nargs : 0;
}

/* The registry text with %1..%9 replaced by args. */
static char *format_message(const char *fmt, const char *const *args, unsigned nargs)
{
    char out[1024];
    size_t n = 0;
    for (const char *p = fmt; *p && n + 1 < sizeof(out); p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9' && (unsigned)(p[1] - '1') < nargs) {
            const char *a = args[p[1] - '1'] ? args[p[1] - '1'] : "";
            size_t len = strlen(a);
            if (len > sizeof(out) - 1 - n)
                len = sizeof(out) - 1 - n;
            memcpy(out + n, a, len);
            n += len;
            p++;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
    return strdup(out);
}

void rf_error(struct rf_response *rsp, int status, enum rf_msg id, const char *related,
              const char *resolution, ...)
{
    if ((unsigned)id >= RF_MSG_COUNT)
        id = RF_MSG_GENERAL_ERROR;
    const struct rf_msg_def *d = &defs[id];
    const char *args[9] = { 0 };
    va_list ap;
    va_start(ap, resolution);
    for (unsigned i = 0; i < d->nargs && i < 9; i++)
        args[i] = va_arg(ap, const char *);
    va_end(ap);

    char *text = format_message(d->message, args, d->nargs);
    struct json_object *m = json_object_new_object();
    json_object_object_add(m, "@odata.type", json_object_new_string("#Message.v1_1_1.Message"));
    json_object_object_add(m, "MessageId", json_object_new_string(rf_msg_name(id)));
    json_object_object_add(m, "Message", json_object_new_string(text ? text : d->message));
    struct json_object *margs = json_object_new_array();
    for (unsigned i = 0; i < d->nargs; i++)
        json_object_array_add(margs, json_object_new_string(args[i] ? args[i] : ""));
    json_object_object_add(m, "MessageArgs", margs);
    if (related) {
        struct json_object *rel = json_object_new_array();
        json_object_array_add(rel, json_object_new_string(related));
        json_object_object_add(m, "RelatedProperties", rel);
    }
    json_object_object_add(m, "MessageSeverity", json_object_new_string(d->severity));
    json_object_object_add(m, "Severity", json_object_new_string(d->severity));
    json_object_object_add(m, "Resolution", json_object_new_string(resolution ? resolution
                                                                              : d->resolution));

    struct json_object *err = NULL, *info = NULL;
    bool is_error = rsp->body && json_object_object_get_ex(rsp->body, "error", &err) &&
                    json_object_object_get_ex(err, "@Message.ExtendedInfo", &info);
    if (!is_error) {
        err = json_object_new_object();
        json_object_object_add(err, "code", json_object_new_string(rf_msg_name(id)));
        json_object_object_add(err, "message", json_object_new_string(text ? text : d->message));
        info = json_object_new_array();
        json_object_object_add(err, "@Message.ExtendedInfo", info);
        struct json_object *body = json_object_new_object();
        json_object_object_add(body, "error", err);
        rf_respond(rsp, status, body);
    }
    json_object_array_add(info, m);
    free(text);
}
