/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The forwarding database: which port a MAC address lives behind.
 */
#ifndef _LBRIDGE_FDB_H
#define _LBRIDGE_FDB_H

#include <linux/if_ether.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/ratelimit_types.h>
#include <linux/workqueue.h>
#include <linux/lbridge.h>

struct lbridge;
struct lbridge_port;

#define LBRIDGE_DEFAULT_AGEING_SECS	300
/* Ageing is kept in 32-bit jiffies: stay far below their wrap. */
#define LBRIDGE_MAX_AGEING_SECS		LBRIDGE_MAX_AGEING_TIME
/* Enough for a host full of containers, small enough (about 1 MiB) that
 * a neighbour spraying random source MACs cannot eat the host's memory.
 */
#define LBRIDGE_DEFAULT_MAX_LEARNED	16384

enum lbridge_fdb_kind {
	/* The bridge's or a port's own MAC: delivered up, never ages or moves. */
	LBRIDGE_FDB_LOCAL,
	/* Added by the user: never ages, never moved by learning. */
	LBRIDGE_FDB_STATIC,
	/* Learned from a frame's source address: ages, moves. */
	LBRIDGE_FDB_LEARNED,
};

/* Room for a VLAN id: the key is hashed and compared as 8 bytes. */
struct lbridge_fdb_key {
	u8 addr[ETH_ALEN];
	u16 vlan_id;
};

/*
 * One cache line per entry. What a lookup reads (node, key, port) comes
 * first; 'updated' is the only field the datapath writes, and at most
 * once per jiffy. Timestamps are 32-bit jiffies to fit the line.
 */
struct lbridge_fdb_entry {
	struct rhash_head node;
	struct lbridge_fdb_key key;
	/* NULL for the bridge's own MAC. Read once with READ_ONCE. */
	struct lbridge_port *port;
	u32 updated;
	u8 kind;
	/* Set under the lock when it leaves the table. */
	bool removed;
	/* Every entry of the bridge, for ageing, flushing and dumps. */
	struct hlist_node list;
	struct rcu_head rcu;
};

struct lbridge_fdb {
	struct rhashtable table;
	/* Writers only; readers are lockless under RCU. */
	spinlock_t lock;
	struct hlist_head entries;
	/* Changed under lock; read anywhere with READ_ONCE. */
	unsigned int learned_count;
	unsigned int count;
	/* Bumped by every change: dumps tell readers when they were torn. */
	unsigned int generation;
	unsigned int max_learned;
	unsigned long ageing_time;
	bool learning;
	struct delayed_work ageing_work;
	/* Moves are announced, but a flapping MAC must not flood listeners. */
	struct ratelimit_state move_events;
};

enum lbridge_fdb_flush {
	LBRIDGE_FLUSH_LEARNED,
	/* Learned and static entries; local ones belong to the devices. */
	LBRIDGE_FLUSH_ALL,
};

int lbridge_fdb_module_init(void);
void lbridge_fdb_module_exit(void);

int lbridge_fdb_init(struct lbridge *br);
void lbridge_fdb_destroy(struct lbridge *br);
void lbridge_fdb_start_ageing(struct lbridge *br);
void lbridge_fdb_stop_ageing(struct lbridge *br);
void lbridge_fdb_set_ageing(struct lbridge *br, unsigned long ageing_time);
unsigned long lbridge_fdb_age(struct lbridge *br);

struct lbridge_fdb_entry *lbridge_fdb_lookup_rcu(struct lbridge *br,
						 const u8 *addr);
void lbridge_fdb_learn_rcu(struct lbridge *br, struct lbridge_port *port,
			   const u8 *addr);
int lbridge_fdb_add_local(struct lbridge *br, struct lbridge_port *port,
			  const u8 *addr);
void lbridge_fdb_del_local(struct lbridge *br, struct lbridge_port *port,
			   const u8 *addr);
int lbridge_fdb_add_static(struct lbridge *br, struct lbridge_port *port,
			   const u8 *addr);
int lbridge_fdb_del(struct lbridge *br, struct lbridge_port *port,
		    const u8 *addr);
void lbridge_fdb_flush(struct lbridge *br, struct lbridge_port *port,
		       enum lbridge_fdb_flush what);
void lbridge_fdb_flush_port_all(struct lbridge *br, struct lbridge_port *port);

#endif /* _LBRIDGE_FDB_H */
