/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink family: uapi/linux/lbridge.h is its contract.
 */
#ifndef _LBRIDGE_NETLINK_H
#define _LBRIDGE_NETLINK_H

#include <linux/types.h>

struct lbridge;
struct lbridge_port;
struct lbridge_guard_offence;
struct lbridge_fdb_change;
struct lbridge_neigh_change;

int lbridge_netlink_init(void);
void lbridge_netlink_uninit(void);

/* Whether anyone listens to the "fdb" group of @br's namespace. */
bool lbridge_netlink_fdb_listened(const struct lbridge *br);
/* Tell the "fdb" group of @change; any context, cheap when nobody listens. */
void lbridge_netlink_fdb_notify(struct lbridge *br,
				const struct lbridge_fdb_change *change);

/* The same for the "neigh" group and a change of the binding table. */
bool lbridge_netlink_neigh_listened(const struct lbridge *br);
void lbridge_netlink_neigh_notify(struct lbridge *br,
				  const struct lbridge_neigh_change *change);

/* The same for the "guard" group and a frame a guard dropped. Under RCU. */
bool lbridge_netlink_guard_listened(const struct lbridge *br);
void lbridge_netlink_guard_notify(struct lbridge *br, struct lbridge_port *port,
				  u8 reason,
				  const struct lbridge_guard_offence *off);

#endif /* _LBRIDGE_NETLINK_H */
