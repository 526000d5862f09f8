/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bridge network device: what `ip link add lb0 type lbridge` creates.
 */
#ifndef _LBRIDGE_DEVICE_H
#define _LBRIDGE_DEVICE_H

#include <linux/netdevice.h>
#include <net/rtnetlink.h>

#include "fdb.h"
#include "guard.h"
#include "host_addrs.h"
#include "neigh.h"

/* Floods waiting for room in the backlog, at most: one frame each. */
#define LBRIDGE_FLOOD_QUEUE_MAX	64

/*
 * What the datapath reads for every frame (dev, host_addrs, the FDB's
 * table) comes first, in the cache line it shares with the port list.
 */
struct lbridge {
	struct net_device *dev;
	/* RCU readers in the datapath; changed under RTNL. */
	struct list_head ports;
	unsigned int port_count;
	/* lb0's secondary unicast addresses: host_addrs.c. */
	struct lbridge_host_addrs __rcu *host_addrs;
	struct lbridge_fdb fdb;
	/* The seq of the last port that joined; under RTNL. */
	u64 last_port_seq;
	/* Floods too wide to send at once, finished by flood_napi. */
	struct sk_buff_head flood_queue;
	struct napi_struct flood_napi;
	/* The user set the MTU: stop following the smallest port's. */
	bool mtu_set_by_user;
	struct lbridge_neigh_table neigh;
	struct lbridge_guard guard;
};

extern struct rtnl_link_ops lbridge_link_ops;

static inline bool lbridge_is_bridge(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &lbridge_link_ops;
}

void lbridge_mtu_auto_adjust(struct lbridge *br);
void lbridge_carrier_update(struct lbridge *br);
void lbridge_offloads_update(struct lbridge *br);
void lbridge_headroom_port_join(struct lbridge *br, struct net_device *dev);
void lbridge_headroom_port_leave(struct lbridge *br, struct net_device *dev);

int lbridge_device_init(void);
void lbridge_device_uninit(void);

#endif /* _LBRIDGE_DEVICE_H */
