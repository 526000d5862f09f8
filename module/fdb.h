/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The forwarding database: which port a MAC address lives behind.
 */
#ifndef _LBRIDGE_FDB_H
#define _LBRIDGE_FDB_H

#include <linux/atomic.h>
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/jiffies.h>
#include <linux/llist.h>
#include <linux/math64.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <linux/ratelimit_types.h>
#include <linux/workqueue.h>
#include <linux/lbridge.h>
#include <asm/unaligned.h>

struct lbridge;
struct lbridge_port;
struct mem_cgroup;

#define LBRIDGE_DEFAULT_AGEING_SECS	300
#define LBRIDGE_MAX_AGEING_SECS		LBRIDGE_MAX_AGEING_TIME
/* Enough for a host full of containers, small enough (about 1 MiB) that
 * a neighbour spraying random source MACs cannot eat the host's memory.
 */
#define LBRIDGE_DEFAULT_MAX_LEARNED	16384
/* A container has one MAC, a nested bridge or a VM host a few dozen: one
 * hostile port must not be able to fill the table for all the others.
 */
#define LBRIDGE_DEFAULT_PORT_MAX_LEARNED 1024
#define LBRIDGE_DEFAULT_MAX_STATIC	16384

/*
 * What an entry is found by. Room for a VLAN id: the key is hashed and
 * compared as 8 bytes, so every byte is set, padding included.
 */
struct lbridge_fdb_key {
	u8 addr[ETH_ALEN];
	u16 vlan_id;
};

/* One word, the address first: lbridge_fdb_addr_word() builds it so. */
static_assert(sizeof(struct lbridge_fdb_key) == sizeof(u64));
static_assert(offsetof(struct lbridge_fdb_key, vlan_id) == ETH_ALEN);

/* A key as the 8-byte word it is hashed and compared as. */
static inline u64 lbridge_fdb_key_word(const struct lbridge_fdb_key *key)
{
	return get_unaligned((const u64 *)key);
}

/*
 * The word of @addr's key in VLAN 0, built in registers: a key in memory
 * (an array) would cost the datapath's functions a stack canary.
 */
static inline u64 lbridge_fdb_addr_word(const u8 *addr)
{
#if defined(__LITTLE_ENDIAN)
	return (u64)get_unaligned((const u32 *)addr) |
	       (u64)get_unaligned((const u16 *)(addr + 4)) << 32;
#elif defined(__BIG_ENDIAN)
	return (u64)get_unaligned((const u32 *)addr) << 32 |
	       (u64)get_unaligned((const u16 *)(addr + 4)) << 16;
#else
#error "neither __LITTLE_ENDIAN nor __BIG_ENDIAN"
#endif
}

/* The key of @addr in VLAN 0, the only one there is today. */
static inline void lbridge_fdb_key_init(struct lbridge_fdb_key *key,
					const u8 *addr)
{
	ether_addr_copy(key->addr, addr);
	key->vlan_id = 0;
}

/*
 * 40 bytes, no cache-line alignment: at a million entries the slab holds
 * 40 B of each and the hash table's buckets 10 to 21 B more, depending on
 * where the table is between two doublings. What a lookup reads (node,
 * key, port, state) is the first 29 bytes; 'updated' is the only field
 * the datapath writes, and at most once a second. The table is the only
 * index: ageing, flushing and dumps walk its buckets (lbridge_fdb_walk_rcu).
 *
 * A published entry's state never changes: readers look at state and
 * then at port, so an entry that changes state is replaced by a new entry
 * in the same place of the table. Only a learned entry's port changes in
 * place (a move), from one port to another.
 *
 * LBRIDGE_FDB_STATE_LOCAL: the bridge's or a port's own MAC, delivered up,
 * never ages or moves. STATIC: added by the user, never ages, never moved
 * by learning. LEARNED: from a frame's source address, ages and moves.
 */
struct lbridge_fdb_entry {
	struct rhash_head node;
	struct lbridge_fdb_key key;
	/* NULL for the bridge's own MAC. Read once with READ_ONCE. */
	struct lbridge_port *port;
	/* lbridge_fdb_now() when last seen. */
	u32 updated;
	/* enum lbridge_fdb_state */
	u8 state;
	/* Set under the lock when it leaves the table; read without it by
	 * the neighbour table, which holds a pointer to its entry.
	 */
	bool removed;
	/*
	 * Once removed, its place in the graveyard, whose worker frees it a
	 * grace period later: readers may still read every field above until
	 * then, and learning may still refresh 'updated'. Nothing but the
	 * graveyard touches this one: no rcu_head, 8 bytes less per entry.
	 */
	struct llist_node dead;
};

/*
 * How often one message of a dump may go back to the head of a bucket or
 * of a resized table before it ends, its listing flagged as torn: a table
 * resized without end (a hostile flood of MACs) cannot hold a dump, and
 * RTNL with it, for ever.
 */
#define LBRIDGE_FDB_DUMP_RESTARTS 4

/*
 * A place in a walk of the table's buckets that survives leaving the RCU
 * read side: which table (its hash seed and size, never a pointer), which
 * bucket, and the key of the entry to resume at, looked for again in that
 * bucket. Zeroed: the walk starts at the first bucket of the table.
 */
struct lbridge_fdb_cursor {
	struct lbridge_fdb_key key;
	u32 slot;
	u32 seed;
	/* log2 of the table's size; 0: not in a table yet. */
	u8 shift;
	/* False: resume at the head of the bucket. */
	bool resume;
};

struct lbridge_fdb {
	struct rhashtable table;
	/* Writers only; readers are lockless under RCU. */
	spinlock_t lock;
	/* Changed under lock; read anywhere with READ_ONCE. */
	unsigned int learned_count;
	unsigned int static_count;
	unsigned int count;
	/* Bumped by every change: dumps tell readers when they were torn. */
	unsigned long generation;
	unsigned int max_learned;
	unsigned int port_max_learned;
	unsigned int max_static;
	/* Seconds; 0: entries never age. */
	unsigned int ageing_secs;
	bool learning;
	struct delayed_work ageing_work;
	/* Learned entries are charged here: the memory cgroup of the bridge's
	 * creator, since softirq context has no task of its own to charge.
	 * The charge may fail (the MAC then floods), never overshoot.
	 */
	struct mem_cgroup *memcg;
	/* Moves and refusals are announced, but a flapping MAC or a spraying
	 * port must not flood listeners; what is held back is counted.
	 */
	struct ratelimit_state noisy_events;
	atomic_t events_lost;
};

/*
 * One change to the table, as every listener is told of it: the genl
 * "fdb" group today, rtnetlink's neighbour notifications next.
 */
struct lbridge_fdb_change {
	enum lbridge_fdb_event event;
	/* NULL: the bridge's own MAC, or a flush of the whole bridge. */
	struct lbridge_port *port;
	/* Not for LBRIDGE_FDB_EVENT_FLUSH. */
	struct lbridge_fdb_key key;
	enum lbridge_fdb_state state;
	/* LBRIDGE_FDB_EVENT_FLUSH only: LBRIDGE_FLUSH_F_*. */
	u32 flush_flags;
};

/* Seconds since boot: a u32 of them wraps after 136 years. */
static inline u32 lbridge_fdb_now(void)
{
	return (u32)div_u64(get_jiffies_64() - INITIAL_JIFFIES, HZ);
}

/* Module-wide: the entry cache and the graveyard of removed entries. */
int lbridge_fdb_init(void);
void lbridge_fdb_uninit(void);

/* Per bridge: its table, from ndo_init to the bridge's destructor. */
int lbridge_fdb_create(struct lbridge *br);
void lbridge_fdb_destroy(struct lbridge *br);
void lbridge_fdb_start_ageing(struct lbridge *br);
void lbridge_fdb_stop_ageing(struct lbridge *br);
void lbridge_fdb_set_ageing(struct lbridge *br, unsigned int ageing_secs);
unsigned long lbridge_fdb_age(struct lbridge *br);

struct lbridge_fdb_entry *lbridge_fdb_lookup_rcu(struct lbridge *br,
						 const struct lbridge_fdb_key *key);
struct lbridge_fdb_entry *lbridge_fdb_walk_rcu(struct lbridge *br,
					       struct lbridge_fdb_cursor *cursor);
struct lbridge_fdb_entry *lbridge_fdb_walk_next_rcu(struct lbridge *br,
						    struct lbridge_fdb_cursor *cursor,
						    struct lbridge_fdb_entry *entry);
void lbridge_fdb_cursor_stop_at(struct lbridge_fdb_cursor *cursor,
				const struct lbridge_fdb_entry *entry);

/* A device's own MAC: the bridge's (@port NULL) or a port's. */
int lbridge_fdb_add_local(struct lbridge *br, struct lbridge_port *port,
			  const u8 *addr);
void lbridge_fdb_del_local(struct lbridge *br, struct lbridge_port *port,
			   const u8 *addr);
int lbridge_fdb_add_static(struct lbridge *br, struct lbridge_port *port,
			   const struct lbridge_fdb_key *key);
int lbridge_fdb_del(struct lbridge *br, struct lbridge_port *port,
		    const struct lbridge_fdb_key *key);
void lbridge_fdb_flush(struct lbridge *br, struct lbridge_port *port,
		       u32 flags);
void lbridge_fdb_forget_port(struct lbridge *br, struct lbridge_port *port);

#endif /* _LBRIDGE_FDB_H */
