/* PLACEHOLDER: being written (QMP backend). */
#include "backend.h"
const struct mbmc_backend_ops mbmc_backend_qmp = { .name = "qmp" };
