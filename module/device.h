/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bridge network device: what `ip link add lb0 type lbridge` creates.
 */
#ifndef _LBRIDGE_DEVICE_H
#define _LBRIDGE_DEVICE_H

#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>
#include <net/rtnetlink.h>

#include "fdb.h"

/*
 * Counters of the bridge device itself, per CPU so the datapath never
 * shares a cache line or takes a lock to count a packet. rx is what the
 * bridge delivered up to the host, tx what the host sent through it.
 */
struct lbridge_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t rx_dropped;
	u64_stats_t tx_dropped;
	struct u64_stats_sync syncp;
};

/* Floods waiting for room in the backlog, at most: one frame each. */
#define LBRIDGE_FLOOD_QUEUE_MAX	64

struct lbridge {
	struct net_device *dev;
	/* RCU readers in the datapath; changed under RTNL. */
	struct list_head ports;
	unsigned int port_count;
	/* The seq of the last port that joined; under RTNL. */
	u64 last_port_seq;
	/* Floods too wide to send at once, finished by flood_napi. */
	struct sk_buff_head flood_queue;
	struct napi_struct flood_napi;
	/* The user set the MTU: stop following the smallest port's. */
	bool mtu_set_by_user;
	struct lbridge_fdb fdb;
	struct lbridge_pcpu_stats __percpu *stats;
};

extern struct rtnl_link_ops lbridge_link_ops;

static inline bool lbridge_is_bridge(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &lbridge_link_ops;
}

void lbridge_count_rx(struct lbridge *br, unsigned int len);
void lbridge_count_tx_dropped(struct lbridge *br);
void lbridge_mtu_auto_adjust(struct lbridge *br);

int lbridge_device_init(void);
void lbridge_device_uninit(void);

#endif /* _LBRIDGE_DEVICE_H */
