/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Docker's remote network driver protocol, without the HTTP around it:
 * one call per request, so that the daemon and its tests share it.
 */
#ifndef LBRIDGE_DOCKER_DRIVER_H
#define LBRIDGE_DOCKER_DRIVER_H

#include <stddef.h>

/* Request bodies beyond this are refused unread: Docker's are < 4 KiB. */
#define DRIVER_BODY_MAX (64 * 1024)

/* The content type of every answer, as Docker's plugins speak it. */
#define DRIVER_CONTENT_TYPE "application/vnd.docker.plugins.v1+json"

/*
 * Handles a POST to path ("/NetworkDriver.CreateNetwork") with body (len
 * bytes, not NUL-terminated; may be empty). Returns the HTTP status and
 * sets *answer to a malloc'd JSON text: 200 and the result, or an error
 * status and {"Err": "..."}: 400 for a request that does not decode,
 * 404 for an unknown method (Docker then takes it as not implemented),
 * 500 for one that decoded but could not be done, which changed nothing.
 */
int driver_call(const char *path, const char *body, size_t len, char **answer);

/* s, at most size - 1 bytes of it, with anything but printable ASCII as '?'. */
void driver_printable(char *buf, size_t size, const char *s);

/* The answer for a request the HTTP layer refused itself. */
char *driver_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
