/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ports: the devices enslaved to a bridge (`ip link set veth2 master lb0`).
 */
#ifndef _LBRIDGE_PORT_H
#define _LBRIDGE_PORT_H

#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>

struct lbridge;

/*
 * Per-port counters. Every frame the bridge does not pass on is counted
 * under the reason it was dropped, so a silent drop is never silent.
 */
enum lbridge_port_counter {
	LBRIDGE_PORT_RX_PACKETS,
	LBRIDGE_PORT_RX_BYTES,
	LBRIDGE_PORT_TX_PACKETS,
	LBRIDGE_PORT_TX_BYTES,
	/* Copies of unknown unicast, broadcast and multicast sent here. */
	LBRIDGE_PORT_FLOODED,
	/* New MACs learned behind this port, and MACs that moved to it. */
	LBRIDGE_PORT_LEARNED,
	LBRIDGE_PORT_MOVES,
	/* Source MACs not learned because the bridge is at max_learned. */
	LBRIDGE_PORT_LEARN_CAP,
	/* Frames claiming a local MAC (the bridge's or a port's) as source. */
	LBRIDGE_PORT_OWN_SOURCE,
	LBRIDGE_PORT_DROP_DOWN,
	LBRIDGE_PORT_DROP_MTU,
	LBRIDGE_PORT_DROP_LINK_LOCAL,
	LBRIDGE_PORT_DROP_INVALID_SOURCE,
	LBRIDGE_PORT_DROP_NOMEM,
	/* Source MACs not learned because the port is at port_max_learned. */
	LBRIDGE_PORT_LEARN_PORT_CAP,
	/* Floods from this port cut short: too many were waiting already. */
	LBRIDGE_PORT_DROP_FLOOD_BACKLOG,
	__LBRIDGE_PORT_COUNTER_MAX
};

struct lbridge_port_stats {
	u64_stats_t counter[__LBRIDGE_PORT_COUNTER_MAX];
	struct u64_stats_sync syncp;
};

struct lbridge_port {
	/* In the bridge's port list: RCU readers, changed under RTNL. */
	struct list_head list;
	struct lbridge *br;
	struct net_device *dev;
	struct lbridge_port_stats __percpu *stats;
	/* Learned and static entries behind the port: under the FDB lock. */
	unsigned int learned_count;
	unsigned int static_count;
	/* Order of joining, unique for the bridge's life: ports are listed in
	 * this order, and a flood finished later resumes after a seq number.
	 */
	u64 seq;
	/* The MAC of this port's local FDB entry, to move it on a change. */
	u8 addr[ETH_ALEN];
	netdevice_tracker dev_tracker;
	struct rcu_head rcu;
};

static inline void lbridge_port_count(struct lbridge_port *port,
				      enum lbridge_port_counter counter,
				      u64 n)
{
	struct lbridge_port_stats *stats = this_cpu_ptr(port->stats);

	u64_stats_update_begin(&stats->syncp);
	u64_stats_add(&stats->counter[counter], n);
	u64_stats_update_end(&stats->syncp);
}

/* Whether frames may go out of this port now. */
static inline bool lbridge_port_is_up(const struct lbridge_port *port)
{
	return netif_running(port->dev) && netif_carrier_ok(port->dev);
}

struct lbridge_port *lbridge_port_get_rcu(const struct net_device *dev);
struct lbridge_port *lbridge_port_get_rtnl(const struct net_device *dev);
void lbridge_port_read_stats(const struct lbridge_port *port,
			     u64 out[__LBRIDGE_PORT_COUNTER_MAX]);

int lbridge_port_add(struct lbridge *br, struct net_device *dev,
		     struct netlink_ext_ack *extack);
int lbridge_port_del(struct lbridge *br, struct net_device *dev,
		     struct netlink_ext_ack *extack);
void lbridge_port_del_all(struct lbridge *br);

int lbridge_port_module_init(void);
void lbridge_port_module_exit(void);

#endif /* _LBRIDGE_PORT_H */
