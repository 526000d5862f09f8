/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink family: uapi/linux/lbridge.h is its contract.
 */
#ifndef _LBRIDGE_NETLINK_H
#define _LBRIDGE_NETLINK_H

#include <linux/types.h>
#include <linux/lbridge.h>

struct lbridge;
struct lbridge_port;

int lbridge_netlink_init(void);
void lbridge_netlink_uninit(void);

/* Tell the "fdb" group; any context, cheap when nobody listens. */
void lbridge_netlink_fdb_event(struct lbridge *br, struct lbridge_port *port,
			       const u8 *addr, u8 state,
			       enum lbridge_fdb_event event);
void lbridge_netlink_flush_event(struct lbridge *br, struct lbridge_port *port,
				 u32 flags);

#endif /* _LBRIDGE_NETLINK_H */
