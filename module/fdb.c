// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarding database. An rhashtable keyed by MAC (and, one day, VLAN)
 * with lockless RCU readers; writers take the bridge's FDB spinlock. Every
 * entry is also on a per-bridge list so ageing, flushing and dumps walk
 * the entries once, without the hash table's resize hazards.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "device.h"
#include "fdb.h"
#include "netlink.h"
#include "port.h"

static struct kmem_cache *lbridge_fdb_cache __read_mostly;

static const struct rhashtable_params lbridge_fdb_params = {
	.head_offset		= offsetof(struct lbridge_fdb_entry, node),
	.key_offset		= offsetof(struct lbridge_fdb_entry, key),
	.key_len		= sizeof(struct lbridge_fdb_key),
	.automatic_shrinking	= true,
};

static void make_key(struct lbridge_fdb_key *key, const u8 *addr)
{
	ether_addr_copy(key->addr, addr);
	key->vlan_id = 0;
}

struct lbridge_fdb_entry *lbridge_fdb_lookup_rcu(struct lbridge *br,
						 const u8 *addr)
{
	struct lbridge_fdb_key key;

	make_key(&key, addr);
	return rhashtable_lookup(&br->fdb.table, &key, lbridge_fdb_params);
}

/* Writers look up under the lock, which also keeps entries alive. */
static struct lbridge_fdb_entry *find_locked(struct lbridge *br,
					     const u8 *addr)
{
	struct lbridge_fdb_key key;

	lockdep_assert_held(&br->fdb.lock);
	make_key(&key, addr);
	return rhashtable_lookup_fast(&br->fdb.table, &key, lbridge_fdb_params);
}

static struct lbridge_fdb_entry *entry_alloc(struct lbridge_port *port,
					     const u8 *addr, u8 kind, gfp_t gfp)
{
	struct lbridge_fdb_entry *entry;

	entry = kmem_cache_alloc(lbridge_fdb_cache, gfp);
	if (!entry)
		return NULL;
	make_key(&entry->key, addr);
	entry->port = port;
	entry->kind = kind;
	entry->removed = false;
	entry->updated = (u32)jiffies;
	return entry;
}

static void changed(struct lbridge *br)
{
	lockdep_assert_held(&br->fdb.lock);
	WRITE_ONCE(br->fdb.generation, br->fdb.generation + 1);
}

/* Publishes @entry, or frees it if the MAC is already there. */
static int entry_insert(struct lbridge *br, struct lbridge_fdb_entry *entry)
{
	int err;

	lockdep_assert_held(&br->fdb.lock);
	err = rhashtable_lookup_insert_fast(&br->fdb.table, &entry->node,
					    lbridge_fdb_params);
	if (err) {
		/* Never published: no reader can hold it. */
		kmem_cache_free(lbridge_fdb_cache, entry);
		return err;
	}
	hlist_add_head_rcu(&entry->list, &br->fdb.entries);
	if (entry->kind == LBRIDGE_FDB_LEARNED)
		WRITE_ONCE(br->fdb.learned_count, br->fdb.learned_count + 1);
	WRITE_ONCE(br->fdb.count, br->fdb.count + 1);
	changed(br);
	return 0;
}

static void entry_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(lbridge_fdb_cache,
			container_of(head, struct lbridge_fdb_entry, rcu));
}

static void entry_set_kind(struct lbridge *br, struct lbridge_fdb_entry *entry,
			   u8 kind)
{
	lockdep_assert_held(&br->fdb.lock);
	if (entry->kind == LBRIDGE_FDB_LEARNED && kind != LBRIDGE_FDB_LEARNED)
		WRITE_ONCE(br->fdb.learned_count, br->fdb.learned_count - 1);
	WRITE_ONCE(entry->kind, kind);
	changed(br);
}

static void entry_delete(struct lbridge *br, struct lbridge_fdb_entry *entry)
{
	lockdep_assert_held(&br->fdb.lock);
	rhashtable_remove_fast(&br->fdb.table, &entry->node, lbridge_fdb_params);
	hlist_del_rcu(&entry->list);
	if (entry->kind == LBRIDGE_FDB_LEARNED)
		WRITE_ONCE(br->fdb.learned_count, br->fdb.learned_count - 1);
	WRITE_ONCE(br->fdb.count, br->fdb.count - 1);
	changed(br);
	entry->removed = true;
	call_rcu(&entry->rcu, entry_free_rcu);
}

/* ------------------------------------------------------------------ */
/* Learning: softirq, under RCU, for every frame a port receives.      */

static void learn_move(struct lbridge *br, struct lbridge_port *port,
		       const u8 *addr)
{
	struct lbridge_fdb_entry *entry;
	bool moved = false;

	spin_lock(&br->fdb.lock);
	/* Look again: it may have aged, been flushed or made static. */
	entry = find_locked(br, addr);
	if (entry && entry->kind == LBRIDGE_FDB_LEARNED && entry->port != port) {
		WRITE_ONCE(entry->port, port);
		WRITE_ONCE(entry->updated, (u32)jiffies);
		changed(br);
		moved = true;
	}
	spin_unlock(&br->fdb.lock);
	if (!moved)
		return;
	lbridge_port_count(port, LBRIDGE_PORT_MOVES, 1);
	if (__ratelimit(&br->fdb.move_events))
		lbridge_netlink_fdb_event(br, port, addr, LBRIDGE_FDB_LEARNED,
					  LBRIDGE_FDB_EVENT_MOVE);
}

static void learn_new(struct lbridge *br, struct lbridge_port *port,
		      const u8 *addr)
{
	struct lbridge_fdb *fdb = &br->fdb;
	unsigned int max = READ_ONCE(fdb->max_learned);
	struct lbridge_fdb_entry *entry;
	int err;

	/* At the cap the MAC stays unknown: its traffic floods. */
	if (max && READ_ONCE(fdb->learned_count) >= max)
		goto at_cap;

	entry = entry_alloc(port, addr, LBRIDGE_FDB_LEARNED, GFP_ATOMIC);
	if (!entry) {
		lbridge_port_count(port, LBRIDGE_PORT_DROP_NOMEM, 1);
		return;
	}
	spin_lock(&fdb->lock);
	if (max && fdb->learned_count >= max) {
		spin_unlock(&fdb->lock);
		kmem_cache_free(lbridge_fdb_cache, entry);
		goto at_cap;
	}
	err = entry_insert(br, entry);
	spin_unlock(&fdb->lock);
	/* -EEXIST: another CPU learned it first, which is just as good. */
	if (!err) {
		lbridge_port_count(port, LBRIDGE_PORT_LEARNED, 1);
		lbridge_netlink_fdb_event(br, port, addr, LBRIDGE_FDB_LEARNED,
					  LBRIDGE_FDB_EVENT_LEARN);
	} else if (err != -EEXIST) {
		lbridge_port_count(port, LBRIDGE_PORT_DROP_NOMEM, 1);
	}
	return;

at_cap:
	lbridge_port_count(port, LBRIDGE_PORT_LEARN_CAP, 1);
}

void lbridge_fdb_learn_rcu(struct lbridge *br, struct lbridge_port *port,
			   const u8 *addr)
{
	struct lbridge_fdb_entry *entry;
	u32 now = (u32)jiffies;

	if (!READ_ONCE(br->fdb.learning))
		return;

	entry = lbridge_fdb_lookup_rcu(br, addr);
	if (!entry) {
		learn_new(br, port, addr);
		return;
	}

	switch (READ_ONCE(entry->kind)) {
	case LBRIDGE_FDB_LOCAL:
		/* A loop, or a neighbour spoofing us: never re-point it. */
		lbridge_port_count(port, LBRIDGE_PORT_OWN_SOURCE, 1);
		net_warn_ratelimited("%s: frame on %s claims local address %pM as source\n",
				     br->dev->name, port->dev->name, addr);
		return;
	case LBRIDGE_FDB_STATIC:
		return;
	}

	if (unlikely(READ_ONCE(entry->port) != port))
		learn_move(br, port, addr);
	/* Dirty the entry's cache line at most once per jiffy. */
	else if (READ_ONCE(entry->updated) != now)
		WRITE_ONCE(entry->updated, now);
}

/* ------------------------------------------------------------------ */
/* Entries added by the bridge and by the user: process context.       */

int lbridge_fdb_add_local(struct lbridge *br, struct lbridge_port *port,
			  const u8 *addr)
{
	struct lbridge_fdb_entry *entry, *fresh;
	int err = 0;

	fresh = entry_alloc(port, addr, LBRIDGE_FDB_LOCAL, GFP_KERNEL);
	if (!fresh)
		return -ENOMEM;

	spin_lock_bh(&br->fdb.lock);
	entry = find_locked(br, addr);
	if (!entry) {
		err = entry_insert(br, fresh);
		fresh = NULL;
	} else if (entry->kind != LBRIDGE_FDB_LOCAL) {
		/* Our own device's MAC outranks whatever was learned. */
		WRITE_ONCE(entry->port, port);
		entry_set_kind(br, entry, LBRIDGE_FDB_LOCAL);
	}
	/* else another of our devices has the same MAC: it keeps the entry. */
	spin_unlock_bh(&br->fdb.lock);

	if (fresh)
		kmem_cache_free(lbridge_fdb_cache, fresh);
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
	bool inherited;

	inherited = other_owner(br, port, addr, &owner);
	spin_lock_bh(&br->fdb.lock);
	entry = find_locked(br, addr);
	if (entry && entry->kind == LBRIDGE_FDB_LOCAL && entry->port == port) {
		if (inherited)
			WRITE_ONCE(entry->port, owner);
		else
			entry_delete(br, entry);
	}
	spin_unlock_bh(&br->fdb.lock);
}

int lbridge_fdb_add_static(struct lbridge *br, struct lbridge_port *port,
			   const u8 *addr)
{
	struct lbridge_fdb_entry *entry, *fresh;
	int err = 0;

	if (!is_valid_ether_addr(addr))
		return -EINVAL;
	fresh = entry_alloc(port, addr, LBRIDGE_FDB_STATIC, GFP_KERNEL);
	if (!fresh)
		return -ENOMEM;

	spin_lock_bh(&br->fdb.lock);
	entry = find_locked(br, addr);
	if (!entry) {
		err = entry_insert(br, fresh);
		fresh = NULL;
	} else if (entry->kind == LBRIDGE_FDB_LEARNED) {
		WRITE_ONCE(entry->port, port);
		WRITE_ONCE(entry->updated, (u32)jiffies);
		entry_set_kind(br, entry, LBRIDGE_FDB_STATIC);
	} else {
		err = -EEXIST;
	}
	spin_unlock_bh(&br->fdb.lock);

	if (fresh)
		kmem_cache_free(lbridge_fdb_cache, fresh);
	if (!err)
		lbridge_netlink_fdb_event(br, port, addr, LBRIDGE_FDB_STATIC,
					  LBRIDGE_FDB_EVENT_ADD);
	return err;
}

int lbridge_fdb_del(struct lbridge *br, struct lbridge_port *port,
		    const u8 *addr)
{
	struct lbridge_fdb_entry *entry;
	u8 kind = LBRIDGE_FDB_LOCAL;
	int err = 0;

	spin_lock_bh(&br->fdb.lock);
	entry = find_locked(br, addr);
	if (!entry || (port && entry->port != port)) {
		err = -ENOENT;
	} else if (entry->kind == LBRIDGE_FDB_LOCAL) {
		err = -EINVAL;
	} else {
		kind = entry->kind;
		entry_delete(br, entry);
	}
	spin_unlock_bh(&br->fdb.lock);
	if (!err)
		lbridge_netlink_fdb_event(br, port, addr, kind,
					  LBRIDGE_FDB_EVENT_DELETE);
	return err;
}

/* Learned and static entries, of one port or of all ports. */
void lbridge_fdb_flush(struct lbridge *br, struct lbridge_port *port,
		       enum lbridge_fdb_flush what)
{
	struct lbridge_fdb_entry *entry;
	struct hlist_node *tmp;

	spin_lock_bh(&br->fdb.lock);
	hlist_for_each_entry_safe(entry, tmp, &br->fdb.entries, list) {
		if (port && entry->port != port)
			continue;
		if (entry->kind == LBRIDGE_FDB_LOCAL)
			continue;
		if (what == LBRIDGE_FLUSH_LEARNED &&
		    entry->kind != LBRIDGE_FDB_LEARNED)
			continue;
		entry_delete(br, entry);
	}
	spin_unlock_bh(&br->fdb.lock);
	lbridge_netlink_flush_event(br, port, what == LBRIDGE_FLUSH_LEARNED);
}

/* A port is leaving: everything that points at it goes, its MAC included. */
void lbridge_fdb_flush_port_all(struct lbridge *br, struct lbridge_port *port)
{
	lbridge_fdb_flush(br, port, LBRIDGE_FLUSH_ALL);
	lbridge_fdb_del_local(br, port, port->addr);
}

/* ------------------------------------------------------------------ */
/* Ageing.                                                              */

/*
 * Remove learned entries not seen for the ageing time; return the delay
 * until the next one expires. Walks under RCU and takes the lock only
 * for an entry that has expired, so learning is never held up for long.
 */
unsigned long lbridge_fdb_age(struct lbridge *br)
{
	struct lbridge_fdb *fdb = &br->fdb;
	unsigned long ageing = READ_ONCE(fdb->ageing_time);
	unsigned long next = ageing;
	struct lbridge_fdb_entry *entry;
	u32 now = (u32)jiffies;
	bool expired;

	if (!ageing)
		return 0;

	rcu_read_lock();
	hlist_for_each_entry_rcu(entry, &fdb->entries, list) {
		/* Signed: a CPU may refresh it after we read the clock. */
		s32 age = (s32)(now - READ_ONCE(entry->updated));

		if (READ_ONCE(entry->kind) != LBRIDGE_FDB_LEARNED)
			continue;
		if (age < 0 || age < ageing) {
			next = min_t(unsigned long, next, ageing - max(age, 0));
			continue;
		}
		spin_lock_bh(&fdb->lock);
		/* Look again under the lock: refreshed, moved on or gone? */
		age = (s32)(now - entry->updated);
		expired = !entry->removed && entry->kind == LBRIDGE_FDB_LEARNED &&
			  age >= 0 && age >= ageing;
		if (expired)
			entry_delete(br, entry);
		spin_unlock_bh(&fdb->lock);
		/* The entry stays readable until the grace period ends. */
		if (expired)
			lbridge_netlink_fdb_event(br, READ_ONCE(entry->port),
						  entry->key.addr, LBRIDGE_FDB_LEARNED,
						  LBRIDGE_FDB_EVENT_AGE);
	}
	rcu_read_unlock();

	return max(next, 1UL);
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
	if (READ_ONCE(br->fdb.ageing_time))
		mod_delayed_work(system_long_wq, &br->fdb.ageing_work, 0);
	else
		cancel_delayed_work(&br->fdb.ageing_work);
}

void lbridge_fdb_stop_ageing(struct lbridge *br)
{
	cancel_delayed_work_sync(&br->fdb.ageing_work);
}

/* @ageing_time in jiffies; 0 means entries never age. */
void lbridge_fdb_set_ageing(struct lbridge *br, unsigned long ageing_time)
{
	ASSERT_RTNL();
	WRITE_ONCE(br->fdb.ageing_time, ageing_time);
	if (netif_running(br->dev))
		lbridge_fdb_start_ageing(br);
}

/* ------------------------------------------------------------------ */
/* Life cycle.                                                          */

int lbridge_fdb_init(struct lbridge *br)
{
	struct lbridge_fdb *fdb = &br->fdb;
	int err;

	err = rhashtable_init(&fdb->table, &lbridge_fdb_params);
	if (err)
		return err;
	spin_lock_init(&fdb->lock);
	INIT_HLIST_HEAD(&fdb->entries);
	INIT_DELAYED_WORK(&fdb->ageing_work, ageing_work);
	fdb->learned_count = 0;
	fdb->count = 0;
	fdb->generation = 0;
	ratelimit_state_init(&fdb->move_events, HZ, 10);
	ratelimit_set_flags(&fdb->move_events, RATELIMIT_MSG_ON_RELEASE);
	fdb->max_learned = LBRIDGE_DEFAULT_MAX_LEARNED;
	fdb->ageing_time = LBRIDGE_DEFAULT_AGEING_SECS * HZ;
	fdb->learning = true;

	err = lbridge_fdb_add_local(br, NULL, br->dev->dev_addr);
	if (err)
		rhashtable_destroy(&fdb->table);
	return err;
}

/* The bridge is gone: nobody reads or writes its table any more. */
void lbridge_fdb_destroy(struct lbridge *br)
{
	struct lbridge_fdb_entry *entry;
	struct hlist_node *tmp;

	cancel_delayed_work_sync(&br->fdb.ageing_work);
	spin_lock_bh(&br->fdb.lock);
	hlist_for_each_entry_safe(entry, tmp, &br->fdb.entries, list)
		entry_delete(br, entry);
	spin_unlock_bh(&br->fdb.lock);
	rhashtable_destroy(&br->fdb.table);
}

int lbridge_fdb_module_init(void)
{
	/* Its own cache, so /proc/slabinfo shows the FDB's size and count. */
	lbridge_fdb_cache = kmem_cache_create("lbridge_fdb_entry",
					      sizeof(struct lbridge_fdb_entry),
					      0, SLAB_HWCACHE_ALIGN, NULL);
	return lbridge_fdb_cache ? 0 : -ENOMEM;
}

void lbridge_fdb_module_exit(void)
{
	/* Entries are freed by RCU callbacks: let them all run first. */
	rcu_barrier();
	kmem_cache_destroy(lbridge_fdb_cache);
	lbridge_fdb_cache = NULL;
}

#if IS_ENABLED(CONFIG_LBRIDGE_KUNIT_TEST)
#include "fdb_test.c"
#endif
