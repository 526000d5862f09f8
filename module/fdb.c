// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarding database. An rhashtable keyed by MAC (and, one day, VLAN)
 * with lockless RCU readers; writers take the bridge's FDB spinlock. The
 * table is the only index: ageing, flushing and dumps walk its buckets
 * (lbridge_fdb_walk_rcu), which costs no memory per entry.
 */
#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/memcontrol.h>
#include <linux/llist.h>
#include <linux/log2.h>
#include <linux/sched/mm.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "device.h"
#include "fdb.h"
#include "fdb_datapath.h"
#include "neigh.h"
#include "netlink.h"
#include "port.h"
#include "rtnl.h"

static struct kmem_cache *lbridge_fdb_cache __read_mostly;

/*
 * The graveyard: entries removed from any bridge's table, every path
 * (deletion, flush, ageing, replacement, a bridge's teardown), wait here
 * for the end of the grace period after which no reader can hold them.
 * Module-wide, so a bridge may go while its entries are still here: they
 * hold nothing the freeing needs. Freed by one work item, in batches.
 */
static LLIST_HEAD(lbridge_fdb_graveyard);
static struct workqueue_struct *lbridge_fdb_wq __read_mostly;
static void graveyard_work(struct work_struct *work);
static DECLARE_WORK(lbridge_fdb_graveyard_work, graveyard_work);
/* Entries the graveyard freed since the module was loaded. */
static atomic_long_t lbridge_fdb_freed = ATOMIC_LONG_INIT(0);

/* Entries visited per RCU read-side section by walks that may sleep. */
#define WALK_BATCH	256

/* A key is 8 bytes: compared as one word, not by a call to memcmp(). */
static int key_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct lbridge_fdb_entry *entry = obj;

	return lbridge_fdb_key_word(&entry->key) != lbridge_fdb_key_word(arg->key);
}

static const struct rhashtable_params lbridge_fdb_params = {
	.head_offset		= offsetof(struct lbridge_fdb_entry, node),
	.key_offset		= offsetof(struct lbridge_fdb_entry, key),
	.key_len		= sizeof(struct lbridge_fdb_key),
	.obj_cmpfn		= key_cmp,
	.automatic_shrinking	= true,
};

struct lbridge_fdb_entry *lbridge_fdb_lookup_rcu(struct lbridge *br,
						 const struct lbridge_fdb_key *key)
{
	return rhashtable_lookup(&br->fdb.table, key, lbridge_fdb_params);
}

/* Writers look up under the lock, which also keeps entries alive. */
static struct lbridge_fdb_entry *find_locked(struct lbridge *br,
					     const struct lbridge_fdb_key *key)
{
	lockdep_assert_held(&br->fdb.lock);
	return rhashtable_lookup_fast(&br->fdb.table, key, lbridge_fdb_params);
}

/* ------------------------------------------------------------------ */
/* Walking the buckets.                                                 */

static struct bucket_table *table_rcu(struct lbridge *br)
{
	return rht_dereference_rcu(br->fdb.table.tbl, &br->fdb.table);
}

static bool cursor_in(const struct lbridge_fdb_cursor *cursor,
		      const struct bucket_table *tbl)
{
	return cursor->shift == ilog2(tbl->size) && cursor->seed == tbl->hash_rnd;
}

/* The head of @tbl: the place is lost, and any walk starts again here. */
static void cursor_restart(struct lbridge_fdb_cursor *cursor,
			   const struct bucket_table *tbl)
{
	cursor->slot = 0;
	cursor->seed = tbl->hash_rnd;
	cursor->shift = ilog2(tbl->size);
	cursor->resume = false;
}

/* The first entry of the cursor's bucket or of a later one; NULL at the end. */
static struct lbridge_fdb_entry *bucket_walk_rcu(const struct bucket_table *tbl,
						 struct lbridge_fdb_cursor *cursor)
{
	struct rhash_head *pos;

	for (; cursor->slot < tbl->size; cursor->slot++) {
		pos = rht_ptr_rcu(rht_bucket(tbl, cursor->slot));
		if (!rht_is_a_nulls(pos))
			return container_of(pos, struct lbridge_fdb_entry, node);
	}
	return NULL;
}

/*
 * The table the cursor is in: the current one, or one a resize in
 * progress is filling; NULL if it was replaced since.
 */
static struct bucket_table *cursor_table_rcu(struct lbridge *br,
					     const struct lbridge_fdb_cursor *cursor)
{
	struct bucket_table *tbl;

	for (tbl = table_rcu(br); tbl;
	     tbl = rht_dereference_rcu(tbl->future_tbl, &br->fdb.table)) {
		if (cursor_in(cursor, tbl))
			return tbl;
	}
	return NULL;
}

/*
 * The first entry of the cursor's bucket of @tbl or of a later one; at
 * the end of @tbl, NULL, or ERR_PTR(-ESTALE) if a resize started
 * meanwhile: it may have moved entries from buckets not walked yet into
 * the new table, which the walk then goes through from its head (as
 * rhashtable_walk_next() does). Entries still in @tbl were seen there,
 * those moved before their bucket was walked are seen in the new one.
 */
static struct lbridge_fdb_entry *walk_on_rcu(struct lbridge *br,
					     struct bucket_table *tbl,
					     struct lbridge_fdb_cursor *cursor)
{
	struct lbridge_fdb_entry *entry = bucket_walk_rcu(tbl, cursor);

	if (entry)
		return entry;
	/* As rhashtable_walk_next(): future_tbl is set before any entry
	 * moves.
	 */
	smp_rmb();
	tbl = rht_dereference_rcu(tbl->future_tbl, &br->fdb.table);
	if (!tbl)
		return NULL;
	cursor_restart(cursor, tbl);
	return ERR_PTR(-ESTALE);
}

/*
 * Where a walk of the table starts or resumes, under RCU: NULL at the end,
 * ERR_PTR(-ESTALE) when the place is lost. Then the cursor is moved back
 * to the nearest place the walk can go on from, so every entry is still
 * seen, some twice: the head of its bucket if the entry to resume at has
 * left it, the head of the table if the table was replaced by a resize
 * (its hash order is another). A walk that comes back is never lost: a
 * bucket's new entries go at its head, before the place.
 */
struct lbridge_fdb_entry *lbridge_fdb_walk_rcu(struct lbridge *br,
					       struct lbridge_fdb_cursor *cursor)
{
	struct bucket_table *tbl;
	struct lbridge_fdb_entry *entry;
	struct rhash_head *pos;

	if (!cursor->shift) {
		tbl = table_rcu(br);
		cursor_restart(cursor, tbl);
		return walk_on_rcu(br, tbl, cursor);
	}
	tbl = cursor_table_rcu(br, cursor);
	if (!tbl) {
		cursor_restart(cursor, table_rcu(br));
		return ERR_PTR(-ESTALE);
	}
	if (!cursor->resume)
		return walk_on_rcu(br, tbl, cursor);
	rht_for_each_entry_rcu(entry, pos, tbl, cursor->slot, node) {
		if (!memcmp(&entry->key, &cursor->key, sizeof(cursor->key)))
			return entry;
	}
	cursor->resume = false;
	return ERR_PTR(-ESTALE);
}

/*
 * The entry after @entry, under the same RCU read side: NULL at the end,
 * or ERR_PTR(-ESTALE) if the table was replaced under the walk, which then
 * goes on from the head of the new table (lbridge_fdb_walk_rcu). Entries
 * removed stay linked to the rest of their bucket until the grace period
 * ends, so walking on from one is safe; a resize that moved it leads into
 * a bucket of the new table, whose entries are seen out of turn, and is
 * caught at the end of this bucket or of the table.
 */
struct lbridge_fdb_entry *lbridge_fdb_walk_next_rcu(struct lbridge *br,
						    struct lbridge_fdb_cursor *cursor,
						    struct lbridge_fdb_entry *entry)
{
	struct rhash_head *next = rcu_dereference(entry->node.next);
	struct bucket_table *tbl;

	if (!rht_is_a_nulls(next))
		return container_of(next, struct lbridge_fdb_entry, node);
	tbl = cursor_table_rcu(br, cursor);
	if (!tbl) {
		cursor_restart(cursor, table_rcu(br));
		return ERR_PTR(-ESTALE);
	}
	cursor->slot++;
	return walk_on_rcu(br, tbl, cursor);
}

void lbridge_fdb_cursor_stop_at(struct lbridge_fdb_cursor *cursor,
				const struct lbridge_fdb_entry *entry)
{
	cursor->key = entry->key;
	cursor->resume = true;
}

static struct lbridge_fdb_entry *entry_alloc(struct lbridge_port *port,
					     const struct lbridge_fdb_key *key,
					     u8 state, gfp_t gfp)
{
	struct lbridge_fdb_entry *entry;

	entry = kmem_cache_alloc(lbridge_fdb_cache, gfp);
	if (!entry)
		return NULL;
	entry->key = *key;
	entry->port = port;
	entry->state = state;
	entry->removed = false;
	entry->updated = lbridge_fdb_now();
	return entry;
}

/* ------------------------------------------------------------------ */
/* The graveyard: any context buries, a worker frees.                  */

/* Entries handed to kmem_cache_free_bulk() at a time. */
#define FREE_BULK	32
/* Entries freed between two chances to yield the CPU. */
#define FREE_BATCH	1024

/*
 * Takes every entry buried so far, waits one grace period and frees them:
 * each was out of its table before it was buried, so before the wait
 * began, and no reader can still hold it after. Entries buried meanwhile
 * wait for the next run. Returns how many it freed.
 *
 * synchronize_rcu() here, not queue_rcu_work(): that one's grace period
 * starts when the work is queued, and entries buried between then and
 * the run would be taken with the batch without having waited for one.
 * Not the expedited kind either: a user flushing in a loop would have
 * every CPU interrupted for each batch. A worker sleeping a grace period
 * now and then costs nothing, and a burst of removals shares it.
 */
static unsigned long graveyard_reap(void)
{
	struct llist_node *batch = llist_del_all(&lbridge_fdb_graveyard);
	struct lbridge_fdb_entry *entry, *next;
	void *bulk[FREE_BULK];
	unsigned long n = 0;
	size_t k = 0;

	if (!batch)
		return 0;
	synchronize_rcu();
	llist_for_each_entry_safe(entry, next, batch, dead) {
		bulk[k++] = entry;
		if (k < FREE_BULK)
			continue;
		kmem_cache_free_bulk(lbridge_fdb_cache, k, bulk);
		n += k;
		k = 0;
		if (!(n % FREE_BATCH))
			cond_resched();
	}
	kmem_cache_free_bulk(lbridge_fdb_cache, k, bulk);
	n += k;
	atomic_long_add(n, &lbridge_fdb_freed);
	return n;
}

static void graveyard_work(struct work_struct *work)
{
	graveyard_reap();
}

/*
 * Out of its table (or its table out of reach): freed after a grace
 * period. Lock-free, so in any context, under any lock. The first entry
 * into an empty graveyard queues the work; the work empties it whole, so
 * the next entry after that queues it again.
 */
static void entry_bury(struct lbridge_fdb_entry *entry)
{
	if (llist_add(&entry->dead, &lbridge_fdb_graveyard))
		queue_work(lbridge_fdb_wq, &lbridge_fdb_graveyard_work);
}

/*
 * Every entry buried before the call is freed when it returns. Sleeps,
 * for a grace period at least if there was any.
 */
static void lbridge_fdb_drain(void)
{
	might_sleep();
	/* Its run, and any run queued meanwhile, takes what it took... */
	flush_work(&lbridge_fdb_graveyard_work);
	/* ... and the rest, buried since, goes here. */
	graveyard_reap();
}

/*
 * Every change to the table is followed by one of these, under the lock:
 * after the change, with release, so that whoever reads the new
 * generation with acquire also sees the change. Dumps tell readers when
 * they were torn by it; the ports' memories of their last source and
 * destination (fdb_datapath.h) hold only while the generation stays the
 * same.
 */
static void generation_bump(struct lbridge_fdb *fdb)
{
	lockdep_assert_held(&fdb->lock);
	/* Pairs with the acquires of the ports' memories (fdb_datapath.h). */
	smp_store_release(&fdb->generation, fdb->generation + 1);
}

/* Counts @entry in (@delta 1) or out (-1) of the table and of its port. */
static void count_entry(struct lbridge *br,
			const struct lbridge_fdb_entry *entry, int delta)
{
	struct lbridge_fdb *fdb = &br->fdb;

	lockdep_assert_held(&fdb->lock);
	WRITE_ONCE(fdb->count, fdb->count + delta);
	switch (entry->state) {
	case LBRIDGE_FDB_STATE_LEARNED:
		WRITE_ONCE(fdb->learned_count, fdb->learned_count + delta);
		WRITE_ONCE(entry->port->learned_count,
			   entry->port->learned_count + delta);
		break;
	case LBRIDGE_FDB_STATE_STATIC:
		WRITE_ONCE(fdb->static_count, fdb->static_count + delta);
		if (entry->port)
			WRITE_ONCE(entry->port->static_count,
				   entry->port->static_count + delta);
		break;
	}
	/* A dump torn by this change is flagged NLM_F_DUMP_INTR. */
	generation_bump(fdb);
}

static void entry_retire(struct lbridge_fdb_entry *entry)
{
	WRITE_ONCE(entry->removed, true);
	entry_bury(entry);
}

/*
 * Publishes @entry; if the MAC is there already, frees it and returns
 * -EEXIST.
 */
static int entry_insert(struct lbridge *br, struct lbridge_fdb_entry *entry)
{
	int err;

	lockdep_assert_held(&br->fdb.lock);
	err = rhashtable_lookup_insert_fast(&br->fdb.table, &entry->node,
					    lbridge_fdb_params);
	if (err) {
		/* Never published: nobody can have seen it. */
		kmem_cache_free(lbridge_fdb_cache, entry);
		return err;
	}
	count_entry(br, entry, 1);
	return 0;
}

static void entry_delete(struct lbridge *br, struct lbridge_fdb_entry *entry)
{
	lockdep_assert_held(&br->fdb.lock);
	rhashtable_remove_fast(&br->fdb.table, &entry->node, lbridge_fdb_params);
	count_entry(br, entry, -1);
	entry_retire(entry);
}

/*
 * Puts @fresh, same key, where @old is in the table: a reader sees one or
 * the other, never a mix. On failure, frees @fresh and leaves @old as it
 * was.
 */
static int entry_replace(struct lbridge *br, struct lbridge_fdb_entry *old,
			 struct lbridge_fdb_entry *fresh)
{
	int err;

	lockdep_assert_held(&br->fdb.lock);
	err = rhashtable_replace_fast(&br->fdb.table, &old->node, &fresh->node,
				      lbridge_fdb_params);
	if (WARN_ON_ONCE(err)) {
		kmem_cache_free(lbridge_fdb_cache, fresh);
		return err;
	}
	count_entry(br, old, -1);
	count_entry(br, fresh, 1);
	entry_retire(old);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Telling listeners: any context.                                     */

/*
 * Every change to the table goes through here, described once, and is
 * told to every listener in turn: the genl "fdb" group today; rtnetlink's
 * neighbour notifications (RTM_NEWNEIGH/RTM_DELNEIGH) join them here.
 * A flapping MAC or a port spraying MACs could send thousands of moves and
 * refusals a second: those are rate-limited once, for all listeners, and
 * counted in events_lost, which the next event sent reports. With nobody
 * listening there is nothing to lose, nor any lock to take per frame.
 */
static void fdb_notify(struct lbridge *br,
		       const struct lbridge_fdb_change *change)
{
	bool genl = lbridge_netlink_fdb_listened(br);
	bool rtnl = lbridge_rtnl_fdb_listened(br);

	if (!genl && !rtnl)
		return;
	if ((change->event == LBRIDGE_FDB_EVENT_MOVE ||
	     change->event == LBRIDGE_FDB_EVENT_LIMIT) &&
	    !__ratelimit(&br->fdb.noisy_events)) {
		atomic_inc(&br->fdb.events_lost);
		return;
	}
	if (genl)
		lbridge_netlink_fdb_notify(br, change);
	if (rtnl)
		lbridge_rtnl_fdb_notify(br, change);
}

static void notify_entry(struct lbridge *br, enum lbridge_fdb_event event,
			 struct lbridge_port *port,
			 const struct lbridge_fdb_key *key,
			 enum lbridge_fdb_state state)
{
	struct lbridge_fdb_change change = {
		.event	= event,
		.port	= port,
		.key	= *key,
		.state	= state,
	};

	fdb_notify(br, &change);
}

/* ------------------------------------------------------------------ */
/* Learning: softirq, under RCU, for every frame a port receives.      */

static bool port_full(struct lbridge *br, struct lbridge_port *port)
{
	unsigned int max = READ_ONCE(br->fdb.port_max_learned);

	return max && READ_ONCE(port->learned_count) >= max;
}

/* Whether a new MAC may be learned behind @port; if not, *@why says why. */
static bool may_learn(struct lbridge *br, struct lbridge_port *port,
		      enum lbridge_port_stat *why)
{
	unsigned int max = READ_ONCE(br->fdb.max_learned);

	if (max && READ_ONCE(br->fdb.learned_count) >= max) {
		*why = LBRIDGE_PORT_STAT_LEARN_CAP;
		return false;
	}
	if (port_full(br, port)) {
		*why = LBRIDGE_PORT_STAT_LEARN_PORT_CAP;
		return false;
	}
	return true;
}

/* The MAC stays unknown, so its traffic floods: say why. */
static void learn_refused(struct lbridge *br, struct lbridge_port *port,
			  const struct lbridge_fdb_key *key, enum lbridge_port_stat why)
{
	lbridge_port_count(port, why, 1);
	notify_entry(br, LBRIDGE_FDB_EVENT_LIMIT, port, key,
		     LBRIDGE_FDB_STATE_LEARNED);
}

static void learn_move(struct lbridge *br, struct lbridge_port *port,
		       const struct lbridge_fdb_key *key)
{
	struct lbridge_port *old_port = NULL;
	struct lbridge_fdb_entry *entry;
	bool moved = false, full = false;

	spin_lock(&br->fdb.lock);
	/* Look again: it may have aged, been flushed or made static. */
	entry = find_locked(br, key);
	if (entry && entry->state == LBRIDGE_FDB_STATE_LEARNED && entry->port != port) {
		/* A port at its cap takes no MAC from another port either. */
		full = port_full(br, port);
		if (!full) {
			old_port = entry->port;
			count_entry(br, entry, -1);
			WRITE_ONCE(entry->port, port);
			WRITE_ONCE(entry->updated, lbridge_fdb_now());
			/* After the move: its generation bump tells of it. */
			count_entry(br, entry, 1);
			moved = true;
		}
	}
	spin_unlock(&br->fdb.lock);
	if (full) {
		learn_refused(br, port, key, LBRIDGE_PORT_STAT_LEARN_PORT_CAP);
	} else if (moved) {
		lbridge_port_count(port, LBRIDGE_PORT_STAT_MOVES, 1);
		notify_entry(br, LBRIDGE_FDB_EVENT_MOVE, port, key,
			     LBRIDGE_FDB_STATE_LEARNED);
		/* The IP bindings of the MAC stayed behind with the old port. */
		lbridge_neigh_forget_mac(br, old_port, key->addr);
	}
}

static void learn_new(struct lbridge *br, struct lbridge_port *port,
		      const struct lbridge_fdb_key *key)
{
	struct lbridge_fdb *fdb = &br->fdb;
	enum lbridge_port_stat why;
	struct lbridge_fdb_entry *entry;
	struct mem_cgroup *old_memcg;
	int err;

	if (!may_learn(br, port, &why))
		goto refused;

	old_memcg = set_active_memcg(fdb->memcg);
	/* Not GFP_ATOMIC: its __GFP_HIGH would charge past the cgroup's limit. */
	entry = entry_alloc(port, key, LBRIDGE_FDB_STATE_LEARNED,
			    GFP_NOWAIT | __GFP_NOWARN | __GFP_ACCOUNT);
	set_active_memcg(old_memcg);
	if (!entry) {
		lbridge_port_count(port, LBRIDGE_PORT_STAT_LEARN_NOMEM, 1);
		return;
	}
	spin_lock(&fdb->lock);
	if (!may_learn(br, port, &why)) {
		spin_unlock(&fdb->lock);
		kmem_cache_free(lbridge_fdb_cache, entry);
		goto refused;
	}
	err = entry_insert(br, entry);
	spin_unlock(&fdb->lock);
	/* -EEXIST: another CPU learned it first, which is just as good. */
	if (!err) {
		lbridge_port_count(port, LBRIDGE_PORT_STAT_LEARNED, 1);
		notify_entry(br, LBRIDGE_FDB_EVENT_LEARN, port, key,
			     LBRIDGE_FDB_STATE_LEARNED);
	} else if (err != -EEXIST) {
		lbridge_port_count(port, LBRIDGE_PORT_STAT_LEARN_NOMEM, 1);
	}
	return;

refused:
	learn_refused(br, port, key, why);
}

/* A source the port's memory did not answer for: see fdb_datapath.h. */
void lbridge_fdb_learn_slow_rcu(struct lbridge *br, struct lbridge_port *port,
				struct lbridge_port_stats *pcpu, const u8 *addr,
				u32 now, u32 generation)
{
	struct lbridge_fdb_entry *entry;
	struct lbridge_fdb_key key;

	lbridge_fdb_key_init(&key, addr);
	entry = lbridge_fdb_lookup_rcu(br, &key);
	if (entry && READ_ONCE(entry->state) == LBRIDGE_FDB_STATE_LOCAL) {
		/* A loop, or a neighbour spoofing us: never re-point it, and
		 * say so whether or not the port learns.
		 */
		lbridge_port_count(port, LBRIDGE_PORT_STAT_OWN_SOURCE, 1);
		net_warn_ratelimited("%s: frame on %s claims local address %pM as source\n",
				     br->dev->name, port->dev->name, addr);
		return;
	}
	/* Both the bridge and the port must learn. */
	if (!READ_ONCE(br->fdb.learning) || !READ_ONCE(port->learning))
		return;
	if (!entry) {
		learn_new(br, port, &key);
		return;
	}
	if (READ_ONCE(entry->state) == LBRIDGE_FDB_STATE_STATIC)
		return;

	if (unlikely(READ_ONCE(entry->port) != port)) {
		/* A full port spraying others' MACs must not take the lock. */
		if (port_full(br, port))
			learn_refused(br, port, &key, LBRIDGE_PORT_STAT_LEARN_PORT_CAP);
		else
			learn_move(br, port, &key);
		return;
	}
	/*
	 * Dirty the entry's cache line at most once a second, and only
	 * forward: another CPU that read the clock just before it ticked must
	 * not set it back a second this CPU's memory would then keep.
	 */
	if ((s32)(now - READ_ONCE(entry->updated)) > 0)
		WRITE_ONCE(entry->updated, now);
	pcpu->learnt_key = lbridge_fdb_key_word(&key);
	pcpu->learnt_at = now;
	pcpu->learnt_generation = generation;
}

/* A destination the port's memory did not answer for: see fdb_datapath.h. */
struct lbridge_fdb_entry *
lbridge_fdb_find_dest_slow_rcu(struct lbridge *br,
			       struct lbridge_port_stats *pcpu,
			       const u8 *addr, unsigned long generation)
{
	struct lbridge_fdb_entry *entry;
	struct lbridge_fdb_key key;

	lbridge_fdb_key_init(&key, addr);
	entry = lbridge_fdb_lookup_rcu(br, &key);
	if (pcpu) {
		pcpu->sent_key = lbridge_fdb_key_word(&key);
		pcpu->sent_generation = generation;
		pcpu->sent_entry = entry;
	}
	return entry;
}

/* ------------------------------------------------------------------ */
/* Entries added by the bridge and by the user: process context.       */

int lbridge_fdb_add_local(struct lbridge *br, struct lbridge_port *port,
			  const u8 *addr)
{
	struct lbridge_fdb_entry *entry, *fresh;
	struct lbridge_port *was = NULL;
	struct lbridge_fdb_key key;
	int err = 0;

	lbridge_fdb_key_init(&key, addr);
	fresh = entry_alloc(port, &key, LBRIDGE_FDB_STATE_LOCAL, GFP_KERNEL_ACCOUNT);
	if (!fresh)
		return -ENOMEM;

	spin_lock_bh(&br->fdb.lock);
	entry = find_locked(br, &key);
	if (!entry) {
		err = entry_insert(br, fresh);
	} else if (entry->state != LBRIDGE_FDB_STATE_LOCAL) {
		/* Our own device's MAC outranks whatever was learned. */
		was = entry->port;
		err = entry_replace(br, entry, fresh);
	} else {
		/* Another of our devices has the same MAC: it keeps the entry. */
		kmem_cache_free(lbridge_fdb_cache, fresh);
	}
	spin_unlock_bh(&br->fdb.lock);
	if (!err)
		lbridge_neigh_forget_mac(br, was, addr);
	return err;
}

/* Another of our devices with @addr, which inherits the local entry. */
static bool other_owner(struct lbridge *br, struct lbridge_port *port,
			const u8 *addr, struct lbridge_port **owner)
{
	struct lbridge_port *p;

	ASSERT_RTNL();
	if (port && ether_addr_equal(br->dev->dev_addr, addr)) {
		*owner = NULL;
		return true;
	}
	list_for_each_entry(p, &br->ports, list) {
		if (p != port && ether_addr_equal(p->addr, addr)) {
			*owner = p;
			return true;
		}
	}
	return false;
}

void lbridge_fdb_del_local(struct lbridge *br, struct lbridge_port *port,
			   const u8 *addr)
{
	struct lbridge_fdb_entry *entry;
	struct lbridge_port *owner;
	struct lbridge_fdb_key key;
	bool inherited;

	lbridge_fdb_key_init(&key, addr);
	inherited = other_owner(br, port, addr, &owner);
	spin_lock_bh(&br->fdb.lock);
	entry = find_locked(br, &key);
	if (entry && entry->state == LBRIDGE_FDB_STATE_LOCAL && entry->port == port) {
		/* Local entries are delivered up whatever their port: the
		 * port only says whose MAC it is, and may change in place.
		 */
		if (inherited) {
			WRITE_ONCE(entry->port, owner);
			/* A dump listing the old owner must be told. */
			generation_bump(&br->fdb);
		} else {
			entry_delete(br, entry);
		}
	}
	spin_unlock_bh(&br->fdb.lock);
}

int lbridge_fdb_add_static(struct lbridge *br, struct lbridge_port *port,
			   const struct lbridge_fdb_key *key)
{
	struct lbridge_fdb_entry *entry, *fresh;
	struct lbridge_port *was = NULL;
	unsigned int max;
	int err;

	if (!is_valid_ether_addr(key->addr))
		return -EINVAL;
	/* Users' entries are charged to the user's memory cgroup. */
	fresh = entry_alloc(port, key, LBRIDGE_FDB_STATE_STATIC, GFP_KERNEL_ACCOUNT);
	if (!fresh)
		return -ENOMEM;

	spin_lock_bh(&br->fdb.lock);
	entry = find_locked(br, key);
	max = br->fdb.max_static;
	if (entry && entry->state != LBRIDGE_FDB_STATE_LEARNED) {
		err = -EEXIST;
	} else if (max && br->fdb.static_count >= max) {
		err = -ENOSPC;
	} else {
		/* Both consume @fresh, published or freed. */
		was = entry ? entry->port : NULL;
		err = entry ? entry_replace(br, entry, fresh) : entry_insert(br, fresh);
		fresh = NULL;
	}
	spin_unlock_bh(&br->fdb.lock);
	if (fresh)
		kmem_cache_free(lbridge_fdb_cache, fresh);

	if (!err) {
		notify_entry(br, LBRIDGE_FDB_EVENT_ADD, port, key,
			     LBRIDGE_FDB_STATE_STATIC);
		/* A learned MAC pinned behind another port moved. */
		if (was != port)
			lbridge_neigh_forget_mac(br, was, key->addr);
	}
	return err;
}

int lbridge_fdb_del(struct lbridge *br, struct lbridge_port *port,
		    const struct lbridge_fdb_key *key)
{
	struct lbridge_fdb_entry *entry;
	u8 state = LBRIDGE_FDB_STATE_LOCAL;
	int err = 0;

	spin_lock_bh(&br->fdb.lock);
	entry = find_locked(br, key);
	if (!entry || (port && entry->port != port)) {
		err = -ENOENT;
	} else if (entry->state == LBRIDGE_FDB_STATE_LOCAL) {
		err = -EINVAL;
	} else {
		state = entry->state;
		/* @port may be NULL (any port): tell the entry's. */
		port = entry->port;
		entry_delete(br, entry);
	}
	spin_unlock_bh(&br->fdb.lock);
	if (!err) {
		notify_entry(br, LBRIDGE_FDB_EVENT_DELETE, port, key, state);
		lbridge_neigh_forget_mac(br, port, key->addr);
	}
	return err;
}

/*
 * Calls @visit for every entry in the table when the walk starts and still
 * there when it ends: in batches under the RCU read lock, yielding the CPU
 * between them. Where the entry to resume at is gone, the walk goes back
 * to the head of its bucket, so some entries are visited twice: the
 * visitors are idempotent. Entries added during the walk may be missed.
 *
 * The table's mutex keeps its worker from replacing the table under the
 * walk (inserts may still add a future table, which the walk goes on
 * into), so the walk never starts again from the head: a port's flush,
 * which must be whole before the port is freed, ends however fast the
 * table is made to grow and shrink.
 */
static void walk(struct lbridge *br,
		 void (*visit)(struct lbridge *br, struct lbridge_fdb_entry *entry,
			       void *arg),
		 void *arg)
{
	struct lbridge_fdb_cursor cursor = {};
	struct lbridge_fdb_entry *entry;
	unsigned int n;

	might_sleep();
	mutex_lock(&br->fdb.table.mutex);
	do {
		rcu_read_lock();
		entry = lbridge_fdb_walk_rcu(br, &cursor);
		for (n = 0; entry; n++) {
			if (IS_ERR(entry)) {
				entry = lbridge_fdb_walk_rcu(br, &cursor);
				continue;
			}
			if (n >= WALK_BATCH) {
				lbridge_fdb_cursor_stop_at(&cursor, entry);
				break;
			}
			visit(br, entry, arg);
			entry = lbridge_fdb_walk_next_rcu(br, &cursor, entry);
		}
		rcu_read_unlock();
		cond_resched();
	} while (entry);
	mutex_unlock(&br->fdb.table.mutex);
}

struct flush_ctx {
	struct lbridge_port *port;
	u32 flags;
	/* Deletions told to rtnetlink one by one so far. */
	unsigned int told;
};

static bool flush_wants(const struct lbridge_fdb_entry *entry,
			const struct flush_ctx *ctx)
{
	if (ctx->port && READ_ONCE(entry->port) != ctx->port)
		return false;
	if (entry->state == LBRIDGE_FDB_STATE_LOCAL)
		return false;
	return !(ctx->flags & LBRIDGE_FLUSH_F_DYNAMIC) ||
	       entry->state == LBRIDGE_FDB_STATE_LEARNED;
}

/* The lock is taken for one deletion at a time, never for the walk. */
static void flush_entry(struct lbridge *br, struct lbridge_fdb_entry *entry,
			void *arg)
{
	struct flush_ctx *ctx = arg;
	struct lbridge_port *port = NULL;
	bool deleted = false;

	if (!flush_wants(entry, ctx))
		return;
	spin_lock_bh(&br->fdb.lock);
	/* Look again under the lock: moved on or gone? */
	if (!entry->removed && flush_wants(entry, ctx)) {
		port = entry->port;
		entry_delete(br, entry);
		deleted = true;
	}
	spin_unlock_bh(&br->fdb.lock);
	/* rtnetlink tells entries one by one; the entry stays readable
	 * until the walk leaves the RCU read side.
	 */
	if (deleted) {
		lbridge_rtnl_fdb_flushed(br, port, &entry->key, entry->state,
					 &ctx->told);
		lbridge_neigh_forget_mac(br, port, entry->key.addr);
	}
}

/*
 * Learned entries (LBRIDGE_FLUSH_F_DYNAMIC) or learned and static ones (0),
 * of one port or of all ports; never local ones. Learning on other CPUs
 * and softirqs on this one are never held up for more than one deletion,
 * and a table of any size yields the CPU.
 */
void lbridge_fdb_flush(struct lbridge *br, struct lbridge_port *port,
		       u32 flags)
{
	struct flush_ctx ctx = { .port = port, .flags = flags };

	/* Most ports own nothing but their MAC: spare them a walk. */
	if (!port || READ_ONCE(port->learned_count) ||
	    (!(flags & LBRIDGE_FLUSH_F_DYNAMIC) && READ_ONCE(port->static_count)))
		walk(br, flush_entry, &ctx);
	fdb_notify(br, &(struct lbridge_fdb_change){
		.event		= LBRIDGE_FDB_EVENT_FLUSH,
		.port		= port,
		.flush_flags	= flags,
	});
}

/*
 * A port is leaving: everything that points at it goes, its MAC included
 * (or passes to another of our devices with the same MAC).
 */
void lbridge_fdb_forget_port(struct lbridge *br, struct lbridge_port *port)
{
	lbridge_fdb_flush(br, port, 0);
	lbridge_fdb_del_local(br, port, port->addr);
}

/* ------------------------------------------------------------------ */
/* Ageing.                                                              */

struct age_ctx {
	u32 now;
	u32 ageing;
	/* Seconds until the next entry expires. */
	u32 next;
};

/* Deletes @entry if it has expired; else lowers ctx->next to when it will. */
static void age_entry(struct lbridge *br, struct lbridge_fdb_entry *entry,
		      void *arg)
{
	struct age_ctx *ctx = arg;
	struct lbridge_port *port;
	bool expired;
	/* Signed: a CPU may refresh it after we read the clock. */
	s32 age = (s32)(ctx->now - READ_ONCE(entry->updated));

	if (entry->state != LBRIDGE_FDB_STATE_LEARNED)
		return;
	if (age < (s32)ctx->ageing) {
		ctx->next = min_t(u32, ctx->next, ctx->ageing - max(age, 0));
		return;
	}
	spin_lock_bh(&br->fdb.lock);
	/* Look again under the lock: refreshed, moved on or gone? */
	port = entry->port;
	expired = !entry->removed &&
		  (s32)(ctx->now - READ_ONCE(entry->updated)) >= (s32)ctx->ageing;
	if (expired)
		entry_delete(br, entry);
	spin_unlock_bh(&br->fdb.lock);
	/* The entry and its port stay readable until the grace period ends. */
	if (expired) {
		notify_entry(br, LBRIDGE_FDB_EVENT_AGE, port, &entry->key,
			     LBRIDGE_FDB_STATE_LEARNED);
		lbridge_neigh_forget_mac(br, port, entry->key.addr);
	}
}

/*
 * Remove learned entries not seen for the ageing time; return the delay
 * in jiffies until the next run, at least a second (the timestamps'
 * resolution), or 0 if entries never age.
 */
unsigned long lbridge_fdb_age(struct lbridge *br)
{
	struct age_ctx ctx = {
		.now = lbridge_fdb_now(),
		.ageing = READ_ONCE(br->fdb.ageing_secs),
	};

	if (!ctx.ageing)
		return 0;
	ctx.next = ctx.ageing;
	walk(br, age_entry, &ctx);
	/* IP bindings age with the same time: at worst twice as late. */
	lbridge_neigh_age(br, ctx.ageing);
	return (unsigned long)max(ctx.next, 1U) * HZ;
}

static void ageing_work(struct work_struct *work)
{
	struct lbridge *br = container_of(to_delayed_work(work), struct lbridge,
					  fdb.ageing_work);
	unsigned long next = lbridge_fdb_age(br);

	if (next)
		queue_delayed_work(system_long_wq, &br->fdb.ageing_work, next);
}

/* Called under RTNL when the bridge comes up or its ageing time changes. */
void lbridge_fdb_start_ageing(struct lbridge *br)
{
	if (READ_ONCE(br->fdb.ageing_secs))
		mod_delayed_work(system_long_wq, &br->fdb.ageing_work, 0);
	else
		cancel_delayed_work(&br->fdb.ageing_work);
}

void lbridge_fdb_stop_ageing(struct lbridge *br)
{
	cancel_delayed_work_sync(&br->fdb.ageing_work);
}

/* 0 means entries never age. */
void lbridge_fdb_set_ageing(struct lbridge *br, unsigned int ageing_secs)
{
	ASSERT_RTNL();
	WRITE_ONCE(br->fdb.ageing_secs, ageing_secs);
	if (netif_running(br->dev))
		lbridge_fdb_start_ageing(br);
}

/* ------------------------------------------------------------------ */
/* Life cycle.                                                          */

/* Process context, in the task creating the bridge. */
int lbridge_fdb_create(struct lbridge *br)
{
	struct lbridge_fdb *fdb = &br->fdb;
	int err;

	err = rhashtable_init(&fdb->table, &lbridge_fdb_params);
	if (err)
		return err;
	spin_lock_init(&fdb->lock);
	INIT_DELAYED_WORK(&fdb->ageing_work, ageing_work);
	fdb->learned_count = 0;
	fdb->static_count = 0;
	fdb->count = 0;
	fdb->generation = 0;
	ratelimit_state_init(&fdb->noisy_events, HZ, 10);
	ratelimit_set_flags(&fdb->noisy_events, RATELIMIT_MSG_ON_RELEASE);
	atomic_set(&fdb->events_lost, 0);
	fdb->max_learned = LBRIDGE_DEFAULT_MAX_LEARNED;
	fdb->port_max_learned = LBRIDGE_DEFAULT_PORT_MAX_LEARNED;
	fdb->max_static = LBRIDGE_DEFAULT_MAX_STATIC;
	fdb->ageing_secs = LBRIDGE_DEFAULT_AGEING_SECS;
	fdb->learning = true;
	fdb->memcg = get_mem_cgroup_from_mm(current->mm);

	err = lbridge_fdb_add_local(br, NULL, br->dev->dev_addr);
	if (err) {
		mem_cgroup_put(fdb->memcg);
		rhashtable_destroy(&fdb->table);
	}
	return err;
}

static void entry_destroy(void *ptr, void *arg)
{
	struct lbridge_fdb_entry *entry = ptr;

	WARN_ON_ONCE(entry->port);
	/* The bridge's unregistering waited for its readers already
	 * (synchronize_net); after a grace period all the same, as every
	 * entry is freed.
	 */
	entry_bury(entry);
}

/*
 * The bridge is gone: nobody writes its table any more, and its ports,
 * freed already, took their entries with them.
 */
void lbridge_fdb_destroy(struct lbridge *br)
{
	cancel_delayed_work_sync(&br->fdb.ageing_work);
	rhashtable_free_and_destroy(&br->fdb.table, entry_destroy, NULL);
	mem_cgroup_put(br->fdb.memcg);
}

int lbridge_fdb_init(void)
{
	/* Its own cache, under its own name in /sys/kernel/slab (SLUB may
	 * merge it with another cache of 40-byte objects, which /proc/slabinfo
	 * then lists instead); accounted, so entries are charged to a memory
	 * cgroup, until the graveyard frees them. Not aligned to cache lines,
	 * which would round each entry up to 64 bytes: half of the entries
	 * straddle two lines instead, and in three of eight what a lookup
	 * reads (the first 29 bytes) does. 40 bytes, not 48: removed entries
	 * wait for their grace period in the graveyard, by an llist_node, not
	 * each by an rcu_head.
	 */
	BUILD_BUG_ON(sizeof(struct lbridge_fdb_entry) > 40);
	/* The entries waiting in the graveyard are memory the system may
	 * want back: a rescuer thread keeps them being freed when no worker
	 * can be forked.
	 */
	lbridge_fdb_wq = alloc_workqueue("lbridge_fdb_free",
					 WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!lbridge_fdb_wq)
		return -ENOMEM;
	lbridge_fdb_cache = kmem_cache_create("lbridge_fdb_entry",
					      sizeof(struct lbridge_fdb_entry),
					      0, SLAB_ACCOUNT, NULL);
	if (!lbridge_fdb_cache) {
		destroy_workqueue(lbridge_fdb_wq);
		return -ENOMEM;
	}
	return 0;
}

/*
 * Every bridge is gone, each table's entries buried: nothing is buried
 * any more. The last entries are freed, after their grace period, and
 * the worker is done with this module's code, before the cache goes.
 */
void lbridge_fdb_uninit(void)
{
	/* Once only (a KUnit case's uninit, then its suite's exit). */
	if (!lbridge_fdb_wq)
		return;
	lbridge_fdb_drain();
	destroy_workqueue(lbridge_fdb_wq);
	lbridge_fdb_wq = NULL;
	WARN_ON(!llist_empty(&lbridge_fdb_graveyard));
	kmem_cache_destroy(lbridge_fdb_cache);
	lbridge_fdb_cache = NULL;
}

#if IS_ENABLED(CONFIG_LBRIDGE_KUNIT_TEST)
#include "fdb_test.c"
#endif
