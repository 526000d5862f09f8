/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ports: the devices enslaved to a bridge (`ip link set veth2 master lb0`).
 */
#ifndef _LBRIDGE_PORT_H
#define _LBRIDGE_PORT_H

#include <linux/netdevice.h>
#include <linux/ratelimit_types.h>
#include <linux/u64_stats_sync.h>
#include <linux/lbridge.h>

struct lbridge;
struct lbridge_allowed;
struct lbridge_fdb_entry;

/*
 * Per-port counters, indexed by the uapi's enum lbridge_port_stat: a new
 * counter is its line there and the code that counts it. The UNSPEC and
 * PAD slots are never counted. Aligned to a cache line, so that the
 * counters of every frame (RX_PACKETS to FLOODED) share one.
 */
struct lbridge_port_stats {
	u64_stats_t counter[__LBRIDGE_PORT_STAT_MAX];
	struct u64_stats_sync syncp;
	/*
	 * Not a counter, but per port and per CPU like them: the last source
	 * this CPU found learned behind the port and refreshed, as its FDB
	 * key, the second it did (lbridge_fdb_now()) and the FDB's generation
	 * then. A frame from it in the same second, the table unchanged,
	 * needs no lookup: see fdb_datapath.h.
	 */
	u64 learnt_key;
	u32 learnt_at;
	u32 learnt_generation;
	/*
	 * The same line's other memory: the last destination this CPU looked
	 * up for a frame from the port, as its FDB key, the FDB's generation
	 * then and the entry it found (NULL: none). While the generation is
	 * the same the answer is too: see fdb_datapath.h.
	 */
	u64 sent_key;
	unsigned long sent_generation;
	struct lbridge_fdb_entry *sent_entry;
} ____cacheline_aligned;

/* A port's label: the container, pod or service behind it. */
struct lbridge_label {
	struct rcu_head rcu;
	char text[LBRIDGE_LABEL_MAX + 1];
};

/*
 * What the datapath reads of a port for every frame (br, dev, stats, seq,
 * the flags, guards) is in its first cache line, written only under RTNL:
 * forwarding reads one line of the ingress port and one of the egress.
 */
struct lbridge_port {
	/* In the bridge's port list: RCU readers, changed under RTNL. */
	struct list_head list;
	struct lbridge *br;
	struct net_device *dev;
	struct lbridge_port_stats __percpu *stats;
	/* Order of joining, unique for the bridge's life: ports are listed in
	 * this order, and a flood finished later resumes after a seq number.
	 */
	u64 seq;
	/* LBRIDGE_PORT_A_LEARNING: sources behind the port are learned, if
	 * the bridge learns too. Set under RTNL, read locklessly by learning.
	 */
	bool learning;
	/* The port's flags (LBRIDGE_PORT_A_*, IFLA_BRPORT_*), defaults as
	 * the Linux bridge's: set under RTNL, read locklessly by forwarding.
	 * flood, mcast_flood, bcast_flood: unknown unicast, multicast,
	 * broadcast are flooded out of the port. hairpin: a frame may go
	 * back out of the port it came in on. isolated: frames from an
	 * isolated port never go out of another isolated port.
	 */
	bool flood;
	bool mcast_flood;
	bool bcast_flood;
	bool hairpin;
	bool isolated;
	/* LBRIDGE_PORT_A_NEIGH_SUPPRESS: ARP requests and NS from this port
	 * for known bindings are answered by the bridge. Set under RTNL.
	 */
	bool neigh_suppress;
	/* Port security (guard.c): LBRIDGE_GUARD_* bits, set under RTNL,
	 * read by the datapath. The rest of the guard's state is below.
	 */
	u8 guards;
	/* The MAC of this port's local FDB entry, to move it on a change. */
	u8 addr[ETH_ALEN];
	/* Bindings behind the port, and their list (neigh.c's port_node):
	 * under the binding table's lock.
	 */
	unsigned int neigh_count;
	struct hlist_head neigh_entries;
	/* LBRIDGE_PORT_A_LABEL, NULL when unset: replaced under RTNL, read
	 * under RCU by events sent from softirq.
	 */
	struct lbridge_label __rcu *label;
	/* Learned and static entries behind the port: under the FDB lock. */
	unsigned int learned_count;
	unsigned int static_count;
	/* The guard's state: the MAC the source guard fixed on (0: none
	 * yet); the allowed set, NULL when empty, replaced under RTNL.
	 */
	atomic64_t guard_mac;
	struct lbridge_allowed __rcu *allowed;
	/* The last MAC refused as the first, and when: refused again, that
	 * second, without a walk.
	 */
	atomic64_t guard_refused;
	/* The last address refused as held lately by another port, and
	 * when (neigh.c): refused again, that second, without the lock.
	 */
	atomic64_t guard_busy;
	/* Guard events, a few a second per port. */
	struct ratelimit_state guard_events;
	netdevice_tracker dev_tracker;
	struct rcu_head rcu;
};

static inline void lbridge_port_count(struct lbridge_port *port,
				      enum lbridge_port_stat stat, u64 n)
{
	struct lbridge_port_stats *stats = this_cpu_ptr(port->stats);

	u64_stats_update_begin(&stats->syncp);
	u64_stats_add(&stats->counter[stat], n);
	u64_stats_update_end(&stats->syncp);
}

/* A frame and its bytes (@packets, @bytes) in one go: one per-CPU lookup. */
static inline void lbridge_port_count_frame(struct lbridge_port *port,
					    enum lbridge_port_stat packets,
					    enum lbridge_port_stat bytes,
					    unsigned int len)
{
	struct lbridge_port_stats *stats = this_cpu_ptr(port->stats);

	u64_stats_update_begin(&stats->syncp);
	u64_stats_inc(&stats->counter[packets]);
	u64_stats_add(&stats->counter[bytes], len);
	u64_stats_update_end(&stats->syncp);
}

/* Whether frames may go out of this port now. */
static inline bool lbridge_port_is_up(const struct lbridge_port *port)
{
	return netif_running(port->dev) && netif_carrier_ok(port->dev);
}

/* The port of @dev, a port of some bridge, from its rx_handler: under RCU. */
static inline struct lbridge_port *lbridge_port_get_rcu(const struct net_device *dev)
{
	return rcu_dereference(dev->rx_handler_data);
}

struct lbridge_port *lbridge_port_get_rtnl(const struct net_device *dev);
void lbridge_port_read_stats(const struct lbridge_port *port,
			     u64 out[__LBRIDGE_PORT_STAT_MAX]);

int lbridge_port_add(struct lbridge *br, struct net_device *dev,
		     struct netlink_ext_ack *extack);
int lbridge_port_del(struct lbridge *br, struct net_device *dev,
		     struct netlink_ext_ack *extack);
void lbridge_port_del_all(struct lbridge *br);

int lbridge_port_init(void);
void lbridge_port_uninit(void);

#endif /* _LBRIDGE_PORT_H */
