/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Redfish service's TLS certificate: a configured PEM certificate and key, or the BMC's
 * own, created at first start in its state dir (a self-signed ECDSA P-256 certificate whose
 * CN and subjectAltName are the BMC's address) and kept across restarts; a new one is made
 * only when the address changed, it nears expiry or the files are unusable. */
#ifndef MBMC_RF_CERT_H
#define MBMC_RF_CERT_H

#include <stdbool.h>
#include <stddef.h>

#define RF_CERT_FILE "redfish-cert.pem"
#define RF_KEY_FILE "redfish-key.pem"       /* mode 0600 */
#define RF_FINGERPRINT_LEN 96               /* "AB:CD:..." SHA-256 and NUL */

struct rf_cert {
    char *cert_pem;
    char *key_pem;
    char fingerprint[RF_FINGERPRINT_LEN];
    char source[4096];                      /* where the certificate is (for the log) */
};

/* cert_file and key_file: both or neither (then the BMC's own in state_dir, or a temporary
 * one without state_dir). addr: the BMC's address. 0, or -1 with a message. */
int rf_cert_load(const char *cert_file, const char *key_file, const char *state_dir,
                 const char *addr, struct rf_cert *out, char *err, size_t errlen);
void rf_cert_clear(struct rf_cert *c);

#endif
