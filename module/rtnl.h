/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtnetlink's neighbour messages for the FDB: what iproute2's `bridge fdb`
 * and `bridge monitor fdb` speak.
 */
#ifndef _LBRIDGE_RTNL_H
#define _LBRIDGE_RTNL_H

#include <linux/netdevice.h>
#include <linux/types.h>

struct lbridge;
struct lbridge_port;
struct lbridge_fdb_change;
struct lbridge_fdb_key;

/* The bridge device's ndo_fdb_{add,del,dump,get}. */
int lbridge_rtnl_fdb_add(struct ndmsg *ndm, struct nlattr *tb[],
			 struct net_device *dev, const unsigned char *addr,
			 u16 vid, u16 flags, struct netlink_ext_ack *extack);
int lbridge_rtnl_fdb_del(struct ndmsg *ndm, struct nlattr *tb[],
			 struct net_device *dev, const unsigned char *addr,
			 u16 vid, struct netlink_ext_ack *extack);
int lbridge_rtnl_fdb_dump(struct sk_buff *skb, struct netlink_callback *cb,
			  struct net_device *dev, struct net_device *filter_dev,
			  int *idx);
int lbridge_rtnl_fdb_get(struct sk_buff *skb, struct nlattr *tb[],
			 struct net_device *dev, const unsigned char *addr,
			 u16 vid, u32 portid, u32 seq,
			 struct netlink_ext_ack *extack);

/* Whether anyone listens to RTNLGRP_NEIGH in @br's namespace. */
bool lbridge_rtnl_fdb_listened(const struct lbridge *br);
/* RTM_NEWNEIGH/RTM_DELNEIGH for @change; any context. */
void lbridge_rtnl_fdb_notify(struct lbridge *br,
			     const struct lbridge_fdb_change *change);
/*
 * A flush removed the entry @key (@state, behind @port): one RTM_DELNEIGH,
 * like the Linux bridge, up to a bound per flush counted in *@told; past
 * it, listeners are told they lost messages instead. Any context.
 */
void lbridge_rtnl_fdb_flushed(struct lbridge *br, struct lbridge_port *port,
			      const struct lbridge_fdb_key *key, u8 state,
			      unsigned int *told);

#endif /* _LBRIDGE_RTNL_H */
