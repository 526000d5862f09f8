/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ports through rtnetlink: iproute2's `bridge link show` and `bridge link
 * set`, as the bridge device's ndo_bridge_getlink / ndo_bridge_setlink.
 */
#ifndef _LBRIDGE_PORT_RTNL_H
#define _LBRIDGE_PORT_RTNL_H

#include <linux/netdevice.h>

struct lbridge_port;

int lbridge_port_getlink(struct sk_buff *skb, u32 pid, u32 seq,
			 struct net_device *dev, u32 filter_mask, int nlflags);
int lbridge_port_setlink(struct net_device *dev, struct nlmsghdr *nlh,
			 u16 flags, struct netlink_ext_ack *extack);
/* Tells RTNLGRP_LINK that a port's flags changed; under RTNL. */
void lbridge_port_rtnl_notify(const struct lbridge_port *port);

#endif /* _LBRIDGE_PORT_RTNL_H */
