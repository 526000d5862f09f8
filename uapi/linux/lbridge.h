/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * lbridge: the generic netlink contract between the module and lbrctl.
 *
 * This header is append-only: new commands and attributes go at the end of
 * their enums, nothing is renumbered.
 */
#ifndef _UAPI_LINUX_LBRIDGE_H
#define _UAPI_LINUX_LBRIDGE_H

#define LBRIDGE_GENL_NAME "lbridge"
#define LBRIDGE_GENL_VERSION 1

#endif /* _UAPI_LINUX_LBRIDGE_H */
