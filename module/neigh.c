// SPDX-License-Identifier: GPL-2.0
/*
 * The binding table: which IP address lives behind which MAC and port.
 * Learned by snooping the ARP, Neighbour Discovery and DHCPv4 ACKs that
 * ports send; forgotten when a binding ages, when the FDB entry of its MAC
 * behind its port goes, or when its port goes.
 *
 * Built as the FDB is: an rhashtable keyed by address with lockless RCU
 * readers, writers under the table's spinlock, every binding on a list of
 * the bridge's (ageing, dumps) and on a list of its port's (forgetting a
 * MAC or a port walks that port's bindings only).
 *
 * Locks: the table's lock is a leaf. It is never held while the FDB's lock
 * is taken, and fdb.c calls in here only once it has dropped its own.
 */
#include <linux/etherdevice.h>
#include <linux/jhash.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/memcontrol.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <net/addrconf.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/ndisc.h>

#include "device.h"
#include "fdb.h"
#include "neigh.h"
#include "netlink.h"
#include "port.h"

static struct kmem_cache *lbridge_neigh_cache __read_mostly;

/* Bindings visited per RCU read-side section by walks that may sleep. */
#define WALK_BATCH	256

static const struct rhashtable_params lbridge_neigh_params = {
	.head_offset		= offsetof(struct lbridge_neigh_entry, node),
	.key_offset		= offsetof(struct lbridge_neigh_entry, key),
	.key_len		= sizeof(struct lbridge_neigh_key),
	.automatic_shrinking	= true,
};

static void key_init_ipv4(struct lbridge_neigh_key *key, __be32 addr)
{
	memset(key, 0, sizeof(*key));
	memcpy(&key->addr, &addr, sizeof(addr));
	key->family = AF_INET;
}

static void key_init_ipv6(struct lbridge_neigh_key *key,
			  const struct in6_addr *addr)
{
	memset(key, 0, sizeof(*key));
	key->addr = *addr;
	key->family = AF_INET6;
}

/* What an address must be to live behind a port: a host's own, unicast. */
static bool ipv4_is_host(__be32 addr)
{
	/* 0.0.0.0/8 is "this network": a source that does not know itself. */
	return (addr & htonl(0xff000000)) && !ipv4_is_loopback(addr) &&
	       !ipv4_is_multicast(addr) && !ipv4_is_lbcast(addr);
}

static bool ipv6_is_host(const struct in6_addr *addr)
{
	return !ipv6_addr_any(addr) && !ipv6_addr_loopback(addr) &&
	       !ipv6_addr_is_multicast(addr);
}

/* The FDB's ageing time also bounds what "lately" means here. */
static u32 ageing_secs(struct lbridge *br)
{
	return READ_ONCE(br->fdb.ageing_secs) ?: LBRIDGE_DEFAULT_AGEING_SECS;
}

struct lbridge_neigh_entry *lbridge_neigh_lookup_rcu(struct lbridge *br,
						     const struct lbridge_neigh_key *key)
{
	return rhashtable_lookup(&br->neigh.table, key, lbridge_neigh_params);
}

static struct lbridge_neigh_entry *find_locked(struct lbridge *br,
					       const struct lbridge_neigh_key *key)
{
	lockdep_assert_held(&br->neigh.lock);
	return rhashtable_lookup_fast(&br->neigh.table, key, lbridge_neigh_params);
}

/*
 * Where a walk of the binding list starts or resumes: NULL when the list
 * is empty, ERR_PTR(-ENOENT) when the binding to resume at has left the
 * table. Bindings added since are at the head, behind any cursor; a
 * replaced binding's successor holds its place in the list.
 */
struct lbridge_neigh_entry *lbridge_neigh_walk_rcu(struct lbridge *br,
						   const struct lbridge_neigh_cursor *cursor)
{
	struct lbridge_neigh_entry *entry;

	if (!cursor->resume)
		return hlist_entry_safe(rcu_dereference(hlist_first_rcu(&br->neigh.entries)),
					struct lbridge_neigh_entry, list);
	entry = rhashtable_lookup(&br->neigh.table, &cursor->key,
				  lbridge_neigh_params);
	return entry ?: ERR_PTR(-ENOENT);
}

void lbridge_neigh_cursor_stop_at(struct lbridge_neigh_cursor *cursor,
				  const struct lbridge_neigh_entry *entry)
{
	cursor->key = entry->key;
	cursor->resume = true;
}

static struct lbridge_neigh_entry *entry_alloc(struct lbridge *br,
					       struct lbridge_port *port,
					       const struct lbridge_neigh_key *key,
					       const u8 *mac, u8 source)
{
	struct lbridge_neigh_entry *entry;
	struct mem_cgroup *old_memcg;

	/* Charged to the bridge creator's cgroup, as learned FDB entries:
	 * softirq has no task of its own. Not GFP_ATOMIC, whose __GFP_HIGH
	 * would charge past the cgroup's limit.
	 */
	old_memcg = set_active_memcg(br->fdb.memcg);
	entry = kmem_cache_alloc(lbridge_neigh_cache,
				 GFP_NOWAIT | __GFP_NOWARN | __GFP_ACCOUNT);
	set_active_memcg(old_memcg);
	if (!entry)
		return NULL;
	entry->key = *key;
	entry->port = port;
	ether_addr_copy(entry->mac, mac);
	entry->source = source;
	entry->vouched = source == LBRIDGE_NEIGH_SOURCE_DHCP;
	entry->removed = false;
	entry->contested = false;
	entry->updated = lbridge_fdb_now();
	return entry;
}

static void entry_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(lbridge_neigh_cache,
			container_of(head, struct lbridge_neigh_entry, rcu));
}

static void entry_retire(struct lbridge_neigh_entry *entry)
{
	entry->removed = true;
	call_rcu(&entry->rcu, entry_free_rcu);
}

/* Counts @entry in (@delta 1) or out (-1) of the table and of its port. */
static void count_entry(struct lbridge *br,
			const struct lbridge_neigh_entry *entry, int delta)
{
	struct lbridge_neigh_table *neigh = &br->neigh;

	lockdep_assert_held(&neigh->lock);
	WRITE_ONCE(neigh->count, neigh->count + delta);
	WRITE_ONCE(entry->port->neigh_count, entry->port->neigh_count + delta);
	/* A dump torn by this change is flagged NLM_F_DUMP_INTR. */
	WRITE_ONCE(neigh->generation, neigh->generation + 1);
}

/*
 * Publishes @entry, or retires it and returns -EEXIST. The list first: a
 * walk resumes at a binding found in the hash table and goes on along its
 * list node, which must be set by then.
 */
static int entry_insert(struct lbridge *br, struct lbridge_neigh_entry *entry)
{
	int err;

	lockdep_assert_held(&br->neigh.lock);
	hlist_add_head_rcu(&entry->list, &br->neigh.entries);
	err = rhashtable_lookup_insert_fast(&br->neigh.table, &entry->node,
					    lbridge_neigh_params);
	if (err) {
		hlist_del_rcu(&entry->list);
		entry_retire(entry);
		return err;
	}
	hlist_add_head(&entry->port_node, &entry->port->neigh_entries);
	count_entry(br, entry, 1);
	return 0;
}

/* A binding that goes is remembered a while, for a rebind to recognise. */
static void remember_gone(struct lbridge *br,
			  const struct lbridge_neigh_entry *entry)
{
	struct lbridge_neigh_table *neigh = &br->neigh;
	struct lbridge_neigh_gone *gone = &neigh->gone[neigh->gone_next];

	lockdep_assert_held(&neigh->lock);
	neigh->gone_next = (neigh->gone_next + 1) % LBRIDGE_NEIGH_GONE_SLOTS;
	gone->key = entry->key;
	ether_addr_copy(gone->mac, entry->mac);
	gone->ifindex = entry->port->dev->ifindex;
	strscpy(gone->ifname, entry->port->dev->name, sizeof(gone->ifname));
	gone->when = lbridge_fdb_now();
}

/*
 * The newest binding of @key that went within the ageing time, if any;
 * every memory of @key is forgotten: it is bound again.
 */
static bool recall_gone(struct lbridge *br, const struct lbridge_neigh_key *key,
			struct lbridge_neigh_gone *out)
{
	struct lbridge_neigh_table *neigh = &br->neigh;
	u32 now = lbridge_fdb_now(), ageing = ageing_secs(br);
	unsigned int i, slot;
	bool found = false;

	lockdep_assert_held(&neigh->lock);
	for (i = 1; i <= LBRIDGE_NEIGH_GONE_SLOTS; i++) {
		/* Newest first. */
		slot = (neigh->gone_next + LBRIDGE_NEIGH_GONE_SLOTS - i) %
		       LBRIDGE_NEIGH_GONE_SLOTS;
		if (!neigh->gone[slot].ifindex ||
		    memcmp(&neigh->gone[slot].key, key, sizeof(*key)))
			continue;
		if (!found && (s32)(now - neigh->gone[slot].when) < (s32)ageing) {
			*out = neigh->gone[slot];
			found = true;
		}
		neigh->gone[slot].ifindex = 0;
	}
	return found;
}

static void entry_delete(struct lbridge *br, struct lbridge_neigh_entry *entry)
{
	lockdep_assert_held(&br->neigh.lock);
	rhashtable_remove_fast(&br->neigh.table, &entry->node,
			       lbridge_neigh_params);
	hlist_del_rcu(&entry->list);
	hlist_del(&entry->port_node);
	count_entry(br, entry, -1);
	remember_gone(br, entry);
	entry_retire(entry);
}

/*
 * Puts @fresh, same key, where @old is: a reader sees one or the other,
 * never a mix. On failure, retires @fresh and leaves @old as it was.
 */
static int entry_replace(struct lbridge *br, struct lbridge_neigh_entry *old,
			 struct lbridge_neigh_entry *fresh)
{
	int err;

	lockdep_assert_held(&br->neigh.lock);
	hlist_replace_rcu(&old->list, &fresh->list);
	err = rhashtable_replace_fast(&br->neigh.table, &old->node, &fresh->node,
				      lbridge_neigh_params);
	if (WARN_ON_ONCE(err)) {
		hlist_replace_rcu(&fresh->list, &old->list);
		entry_retire(fresh);
		return err;
	}
	hlist_del(&old->port_node);
	hlist_add_head(&fresh->port_node, &fresh->port->neigh_entries);
	count_entry(br, old, -1);
	count_entry(br, fresh, 1);
	entry_retire(old);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Telling listeners: any context.                                     */

#if IS_ENABLED(CONFIG_LBRIDGE_KUNIT_TEST)
/* neigh_test.c: the cases see every change, listened to or not. */
static void test_observe(struct lbridge *br,
			 const struct lbridge_neigh_change *change);
#else
static inline void test_observe(struct lbridge *br,
				const struct lbridge_neigh_change *change)
{
}
#endif

/*
 * Every change to the table goes through here. A hostile port can make
 * rebinds and conflicts as fast as it sends ARP: those are rate-limited
 * and what is held back is counted in events_lost, which the next event
 * sent reports. With nobody listening there is nothing to do.
 */
static void neigh_notify(struct lbridge *br,
			 const struct lbridge_neigh_change *change)
{
	test_observe(br, change);
	if (!lbridge_netlink_neigh_listened(br))
		return;
	if ((change->event == LBRIDGE_NEIGH_EVENT_REBIND ||
	     change->event == LBRIDGE_NEIGH_EVENT_CONFLICT) &&
	    !__ratelimit(&br->neigh.noisy_events)) {
		atomic_inc(&br->neigh.events_lost);
		return;
	}
	/* The port's label is read under RCU, also by RTNL callers. */
	rcu_read_lock();
	lbridge_netlink_neigh_notify(br, change);
	rcu_read_unlock();
}

/* What a binding was, kept past the lock that removed or replaced it. */
struct snapshot {
	struct lbridge_neigh_key key;
	struct lbridge_port *port;
	u8 mac[ETH_ALEN];
	u8 source;
};

static void snapshot_take(struct snapshot *snap,
			  const struct lbridge_neigh_entry *entry)
{
	snap->key = entry->key;
	snap->port = entry->port;
	ether_addr_copy(snap->mac, entry->mac);
	snap->source = entry->source;
}

/* The port stays readable until a grace period after it left. */
static void notify_unbind(struct lbridge *br, const struct snapshot *snap)
{
	struct lbridge_neigh_change change = {
		.event	= LBRIDGE_NEIGH_EVENT_UNBIND,
		.port	= snap->port,
		.key	= &snap->key,
		.mac	= snap->mac,
		.source	= snap->source,
	};

	neigh_notify(br, &change);
}

/* ------------------------------------------------------------------ */
/* Binding: softirq, under RCU, for a claim read from a frame.          */

static bool port_full(struct lbridge *br, struct lbridge_port *port)
{
	unsigned int max = READ_ONCE(br->neigh.port_max);

	return max && READ_ONCE(port->neigh_count) >= max;
}

/*
 * Whether @key is an address of the host, in the bridge's namespace (on
 * lb0, on a device stacked on it, anywhere): a container claiming one is
 * lying, and the bridge must never answer for it.
 */
static bool host_address_rcu(struct lbridge *br, const struct lbridge_neigh_key *key)
{
	struct net *net = dev_net(br->dev);

	if (key->family == AF_INET)
		return inet_addr_type(net, key->addr.s6_addr32[0]) == RTN_LOCAL;
	return IS_ENABLED(CONFIG_IPV6) && ipv6_chk_addr(net, &key->addr, NULL, 0);
}

/* Whether a new binding may be made behind @port. */
static bool may_bind(struct lbridge *br, struct lbridge_port *port)
{
	unsigned int max = READ_ONCE(br->neigh.max);

	if (max && READ_ONCE(br->neigh.count) >= max)
		return false;
	return !port_full(br, port);
}

/*
 * Whether the owner of the binding @entry, behind another port than
 * @port, is there still: its MAC in the FDB behind a port that is up.
 */
static bool owner_present_rcu(struct lbridge *br,
			      const struct lbridge_neigh_entry *entry,
			      struct lbridge_port *port)
{
	struct lbridge_fdb_entry *fdb;
	struct lbridge_port *owner;
	struct lbridge_fdb_key key;
	u8 state;

	if (READ_ONCE(entry->port) == port)
		return false;
	lbridge_fdb_key_init(&key, entry->mac);
	fdb = lbridge_fdb_lookup_rcu(br, &key);
	if (!fdb)
		return false;
	state = READ_ONCE(fdb->state);
	if (state != LBRIDGE_FDB_STATE_LEARNED && state != LBRIDGE_FDB_STATE_STATIC)
		return false;
	owner = READ_ONCE(fdb->port);
	return owner && lbridge_port_is_up(owner);
}

/*
 * Whether the binding @old, which a claim from another MAC or port is
 * about to replace, is still alive: seen within the ageing time, its
 * owner present. Two live claims to one IP are a conflict; else the
 * address moved (a container recreated).
 */
static bool still_claimed_rcu(struct lbridge *br,
			      const struct lbridge_neigh_entry *old,
			      struct lbridge_port *port)
{
	if ((s32)(lbridge_fdb_now() - READ_ONCE(old->updated)) >=
	    (s32)ageing_secs(br))
		return false;
	return owner_present_rcu(br, old, port);
}

/* A claim that @key lives at @mac behind @port. */
struct claim {
	struct lbridge_neigh_key key;
	const u8 *mac;
	enum lbridge_neigh_source source;
	/* DHCP: the FDB entry that put @mac behind @port. */
	const struct lbridge_fdb_entry *via;
};

/*
 * Whether @claim, for the binding @entry already has, says more: the
 * owner's own ARP or ND for what only a DHCP ACK or a packet had said.
 */
static bool upgrades(const struct lbridge_neigh_entry *entry,
		     const struct claim *claim)
{
	return !lbridge_neigh_heard_from_owner(entry->source) &&
	       lbridge_neigh_heard_from_owner(claim->source);
}

/* What a claim did, told once the lock is dropped. */
struct outcome {
	bool refused;
	bool told;
	enum lbridge_neigh_event event;
	bool has_old;
	/* REBIND: the address moved to another port, not another MAC alone. */
	bool moved;
	u8 old_mac[ETH_ALEN];
	int old_ifindex;
	char old_ifname[IFNAMSIZ];
};

static void outcome_old(struct outcome *out, const u8 *mac,
			const struct net_device *dev)
{
	out->has_old = true;
	ether_addr_copy(out->old_mac, mac);
	out->old_ifindex = dev->ifindex;
	strscpy(out->old_ifname, dev->name, sizeof(out->old_ifname));
}

/* Under the lock: makes, replaces or refreshes the binding of the claim. */
static void claim_locked(struct lbridge *br, struct lbridge_port *port,
			 const struct claim *claim,
			 struct lbridge_neigh_entry **fresh,
			 struct outcome *out)
{
	struct lbridge_neigh_entry *entry;
	struct lbridge_neigh_gone gone;

	/* DHCP: the FDB entry may have gone or moved since it was read, and
	 * its port with it. Whoever removed it calls forget_mac or
	 * forget_port after, so under this lock that is seen.
	 */
	if (claim->via && (READ_ONCE(claim->via->removed) ||
			   READ_ONCE(claim->via->port) != port))
		return;
	entry = find_locked(br, &claim->key);
	if (!entry) {
		if (!may_bind(br, port)) {
			out->refused = true;
			return;
		}
		if (recall_gone(br, &claim->key, &gone) &&
		    (!ether_addr_equal(gone.mac, claim->mac) ||
		     gone.ifindex != port->dev->ifindex)) {
			out->has_old = true;
			ether_addr_copy(out->old_mac, gone.mac);
			out->old_ifindex = gone.ifindex;
			memcpy(out->old_ifname, gone.ifname, sizeof(out->old_ifname));
		}
		out->told = !entry_insert(br, *fresh);
		*fresh = NULL;
		out->moved = out->has_old && gone.ifindex != port->dev->ifindex;
		out->event = out->has_old ? LBRIDGE_NEIGH_EVENT_REBIND :
					    LBRIDGE_NEIGH_EVENT_BIND;
		return;
	}
	if (entry->port == port && ether_addr_equal(entry->mac, claim->mac)) {
		if (upgrades(entry, claim)) {
			/* The same binding, now from its owner: nothing to
			 * tell. What DHCP gave it, it keeps.
			 */
			(*fresh)->vouched = entry->vouched;
			entry_replace(br, entry, *fresh);
			*fresh = NULL;
		} else {
			WRITE_ONCE(entry->updated, lbridge_fdb_now());
			/* DHCP gave the owner what it had claimed. */
			if (claim->source == LBRIDGE_NEIGH_SOURCE_DHCP)
				WRITE_ONCE(entry->vouched, true);
		}
		return;
	}
	/* A port at its cap takes no binding from another port either. */
	if (entry->port != port && port_full(br, port)) {
		out->refused = true;
		return;
	}
	/*
	 * An owner still alive keeps its address: a claim from another
	 * container is a conflict, told, and the bridge stops speaking for
	 * the address, else the newest claimer (maybe a spoofer) would have
	 * every request answered its way. A DHCP ACK names a client it
	 * cannot vouch for: it never displaces a live binding, and an ARP or
	 * ND claim displaces what it bound. A guarded port's packet
	 * displaces nothing live either, nor is it a conflict: its guard
	 * drops it.
	 */
	if (still_claimed_rcu(br, entry, port) &&
	    !(entry->source == LBRIDGE_NEIGH_SOURCE_DHCP &&
	      lbridge_neigh_heard_from_owner(claim->source))) {
		if (!lbridge_neigh_heard_from_owner(claim->source))
			return;
		out->event = LBRIDGE_NEIGH_EVENT_CONFLICT;
		outcome_old(out, entry->mac, entry->port->dev);
		/* Told once, when it starts. */
		out->told = !entry->contested;
		WRITE_ONCE(entry->contested, true);
		return;
	}
	out->event = LBRIDGE_NEIGH_EVENT_REBIND;
	out->moved = entry->port != port;
	/* The same port, another MAC (allowed on it): what DHCP gave, kept. */
	if (!out->moved && entry->vouched)
		(*fresh)->vouched = true;
	outcome_old(out, entry->mac, entry->port->dev);
	out->told = !entry_replace(br, entry, *fresh);
	*fresh = NULL;
}

static void bind_rcu(struct lbridge *br, struct lbridge_port *port,
		     const struct claim *claim)
{
	struct lbridge_neigh_entry *entry, *fresh;
	struct lbridge_fdb_entry *fdb;
	struct lbridge_fdb_key fdb_key;
	struct outcome out = {};
	u32 now;

	entry = lbridge_neigh_lookup_rcu(br, &claim->key);
	if (likely(entry) && READ_ONCE(entry->port) == port &&
	    ether_addr_equal(entry->mac, claim->mac) && !upgrades(entry, claim) &&
	    (claim->source != LBRIDGE_NEIGH_SOURCE_DHCP || READ_ONCE(entry->vouched))) {
		/* Dirty the binding's cache line at most once a second. */
		now = lbridge_fdb_now();
		if (READ_ONCE(entry->updated) != now)
			WRITE_ONCE(entry->updated, now);
		return;
	}
	/* A full port spraying addresses, its own or others', must not
	 * take the lock.
	 */
	if ((!entry && !may_bind(br, port)) ||
	    (entry && READ_ONCE(entry->port) != port && port_full(br, port))) {
		lbridge_port_count(port, LBRIDGE_PORT_STAT_NEIGH_CAP, 1);
		return;
	}
	/* Never a binding to one of our own MACs, whoever claims it. */
	lbridge_fdb_key_init(&fdb_key, claim->mac);
	fdb = lbridge_fdb_lookup_rcu(br, &fdb_key);
	if (fdb && READ_ONCE(fdb->state) == LBRIDGE_FDB_STATE_LOCAL)
		return;
	/* Nor of the host's own addresses: the host answers for itself. */
	if (host_address_rcu(br, &claim->key))
		return;

	fresh = entry_alloc(br, port, &claim->key, claim->mac, claim->source);
	if (!fresh)
		return;
	spin_lock_bh(&br->neigh.lock);
	claim_locked(br, port, claim, &fresh, &out);
	spin_unlock_bh(&br->neigh.lock);
	if (fresh)
		kmem_cache_free(lbridge_neigh_cache, fresh);

	if (out.refused)
		lbridge_port_count(port, LBRIDGE_PORT_STAT_NEIGH_CAP, 1);
	if (!out.told)
		return;
	neigh_notify(br, &(struct lbridge_neigh_change){
		.event		= out.event,
		.port		= port,
		.key		= &claim->key,
		.mac		= claim->mac,
		.source		= claim->source,
		.old_mac	= out.has_old ? out.old_mac : NULL,
		.old_ifindex	= out.old_ifindex,
		.old_ifname	= out.old_ifname,
	});
	/*
	 * The neighbours' ARP caches still point at the old MAC. Announced
	 * when the address moved to another port (a container recreated):
	 * one container flapping MACs on its own port makes no broadcasts.
	 */
	if (out.event == LBRIDGE_NEIGH_EVENT_REBIND && out.moved)
		lbridge_neigh_announce(br, port, &claim->key, claim->mac);
}

enum lbridge_neigh_holder lbridge_neigh_holder_rcu(struct lbridge *br,
						   struct lbridge_port *port,
						   const struct lbridge_neigh_key *key,
						   struct lbridge_port **owner,
						   bool *host)
{
	struct lbridge_neigh_entry *entry;
	u32 now;

	*owner = NULL;
	*host = false;
	entry = lbridge_neigh_lookup_rcu(br, key);
	if (likely(entry) && READ_ONCE(entry->port) == port) {
		/* In use: it ages no sooner than the FDB entry of its MAC.
		 * Dirtied at most once a second.
		 */
		now = lbridge_fdb_now();
		if (READ_ONCE(entry->updated) != now)
			WRITE_ONCE(entry->updated, now);
		return READ_ONCE(entry->vouched) ? LBRIDGE_NEIGH_HELD_HERE :
					LBRIDGE_NEIGH_HELD_HERE_UNVOUCHED;
	}
	/*
	 * Not even an owner whose binding was not refreshed for a while (a
	 * container serving a long TCP stream sends no ARP): as long as it
	 * sends anything its MAC is seen, and a guarded port never takes the
	 * address of one that does.
	 */
	if (entry && owner_present_rcu(br, entry, port)) {
		*owner = READ_ONCE(entry->port);
		return LBRIDGE_NEIGH_HELD_ELSEWHERE;
	}
	if (host_address_rcu(br, key)) {
		*host = true;
		return LBRIDGE_NEIGH_HELD_ELSEWHERE;
	}
	return LBRIDGE_NEIGH_FREE;
}

/*
 * Whether another port than @port, still on the bridge, held @key within
 * the ageing time: its owner went quiet (its FDB entry aged, and the
 * binding with it), but a port lying in wait for the address must wait
 * that long, and the owner speaking again meanwhile takes it back.
 */
static bool held_lately_rcu(struct lbridge *br, struct lbridge_port *port,
			    const struct lbridge_neigh_key *key)
{
	struct lbridge_neigh_table *neigh = &br->neigh;
	u32 now = lbridge_fdb_now(), ageing = ageing_secs(br);
	struct net_device *dev;
	unsigned int i;
	int ifindex = 0;

	spin_lock_bh(&neigh->lock);
	for (i = 0; i < LBRIDGE_NEIGH_GONE_SLOTS; i++) {
		const struct lbridge_neigh_gone *gone = &neigh->gone[i];

		if (gone->ifindex && gone->ifindex != port->dev->ifindex &&
		    !memcmp(&gone->key, key, sizeof(*key)) &&
		    (s32)(now - gone->when) < (s32)ageing) {
			ifindex = gone->ifindex;
			break;
		}
	}
	spin_unlock_bh(&neigh->lock);
	if (!ifindex)
		return false;
	dev = dev_get_by_index_rcu(dev_net(br->dev), ifindex);
	return dev && netdev_master_upper_dev_get_rcu(dev) == br->dev;
}

int lbridge_neigh_guard_claim_rcu(struct lbridge *br, struct lbridge_port *port,
				  const struct lbridge_neigh_key *key, const u8 *mac,
				  enum lbridge_neigh_source source)
{
	struct claim claim = { .key = *key, .mac = mac, .source = source };
	struct lbridge_neigh_entry *entry;
	u64 busy;

	/* A full port spraying addresses must not take the lock. */
	entry = lbridge_neigh_lookup_rcu(br, key);
	if ((!entry && !may_bind(br, port)) ||
	    (entry && READ_ONCE(entry->port) != port && port_full(br, port))) {
		lbridge_port_count(port, LBRIDGE_PORT_STAT_NEIGH_CAP, 1);
		return -ENOSPC;
	}
	/* A port repeating a refused address takes the lock once a second. */
	busy = (u64)lbridge_fdb_now() << 32 | jhash(key, sizeof(*key), 0);
	if (atomic64_read(&port->guard_busy) == busy)
		return -EBUSY;
	if (held_lately_rcu(br, port, key)) {
		atomic64_set(&port->guard_busy, busy);
		return -EBUSY;
	}
	bind_rcu(br, port, &claim);
	entry = lbridge_neigh_lookup_rcu(br, key);
	return entry && READ_ONCE(entry->port) == port &&
	       ether_addr_equal(entry->mac, mac) ? 0 : -EBUSY;
}

/* ------------------------------------------------------------------ */
/* Snooping: softirq, under RCU. @skb->data is at the network header;   */
/* nothing is read but through skb_header_pointer, within skb->len.     */

/* An ARP packet for IPv4 over Ethernet: 28 bytes. */
struct arp_ipv4 {
	struct arphdr hdr;
	u8 sha[ETH_ALEN];
	u8 sip[4];
	u8 tha[ETH_ALEN];
	u8 tip[4];
} __packed;

static bool snoop_arp_rcu(struct lbridge *br, struct lbridge_port *port,
			  struct sk_buff *skb)
{
	struct claim claim = { .source = LBRIDGE_NEIGH_SOURCE_ARP };
	const struct arp_ipv4 *arp;
	struct arp_ipv4 buf;
	__be32 sip, tip;

	arp = skb_header_pointer(skb, 0, sizeof(buf), &buf);
	if (!arp || arp->hdr.ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->hdr.ar_pro != htons(ETH_P_IP) ||
	    arp->hdr.ar_hln != ETH_ALEN || arp->hdr.ar_pln != sizeof(sip))
		return false;
	if (arp->hdr.ar_op != htons(ARPOP_REQUEST) &&
	    arp->hdr.ar_op != htons(ARPOP_REPLY))
		return false;
	/* Whoever speaks for another MAC is believed in nothing. */
	if (!ether_addr_equal_unaligned(arp->sha, eth_hdr(skb)->h_source))
		return false;
	memcpy(&sip, arp->sip, sizeof(sip));
	memcpy(&tip, arp->tip, sizeof(tip));

	/* Not from a DAD probe (0.0.0.0); a gratuitous ARP is a claim. */
	if (ipv4_is_host(sip)) {
		key_init_ipv4(&claim.key, sip);
		claim.mac = eth_hdr(skb)->h_source;
		bind_rcu(br, port, &claim);
	}
	/* Probes and announcements are for everyone to hear. */
	if (arp->hdr.ar_op != htons(ARPOP_REQUEST) || !ipv4_is_host(sip) ||
	    sip == tip || !ipv4_is_host(tip))
		return false;
	key_init_ipv4(&claim.key, tip);
	return lbridge_neigh_answer_rcu(br, port, skb, &claim.key);
}

/*
 * The Ethernet link-layer address option @type among the ND options from
 * @off to @end: 1 and *@mac set if found (the first), 0 if absent, -EINVAL
 * if any option is malformed (length 0, past the end, a link-layer
 * address that is no MAC), as the receiving host would then ignore the
 * whole packet. Each step moves on by at least 8 bytes.
 */
int lbridge_nd_lladdr(const struct sk_buff *skb, unsigned int off,
		      unsigned int end, u8 type, u8 *mac)
{
	const u8 *opt;
	u8 buf[8];
	unsigned int len;
	int found = 0;

	while (off < end) {
		if (end - off < 8)
			return -EINVAL;
		opt = skb_header_pointer(skb, off, 8, buf);
		if (!opt || !opt[1])
			return -EINVAL;
		len = opt[1] * 8;
		if (len > end - off)
			return -EINVAL;
		if (opt[0] == type) {
			if (len != 8)
				return -EINVAL;
			if (!found)
				ether_addr_copy(mac, opt + 2);
			found = 1;
		}
		off += len;
	}
	return found;
}

static bool snoop_nd_rcu(struct lbridge *br, struct lbridge_port *port,
			 struct sk_buff *skb)
{
	struct claim claim = { .source = LBRIDGE_NEIGH_SOURCE_ND };
	const u8 *source = eth_hdr(skb)->h_source;
	struct in6_addr saddr, target;
	const struct ipv6hdr *ip6;
	const struct nd_msg *nd;
	struct ipv6hdr ip6_buf;
	struct nd_msg nd_buf;
	unsigned int end, opts;
	u8 mac[ETH_ALEN] __aligned(2);
	int found;

	ip6 = skb_header_pointer(skb, 0, sizeof(ip6_buf), &ip6_buf);
	/* ND goes no further than the link; extension headers are skipped. */
	if (!ip6 || ip6->version != 6 || ip6->nexthdr != IPPROTO_ICMPV6 ||
	    ip6->hop_limit != 255)
		return false;
	saddr = ip6->saddr;
	/* Trailing padding is not the packet's; a short frame is no packet. */
	end = sizeof(*ip6) + ntohs(ip6->payload_len);
	opts = sizeof(*ip6) + sizeof(*nd);
	if (end > skb->len || end < opts)
		return false;
	nd = skb_header_pointer(skb, sizeof(*ip6), sizeof(nd_buf), &nd_buf);
	if (!nd || nd->icmph.icmp6_code)
		return false;
	target = nd->target;
	if (!ipv6_is_host(&target))
		return false;

	switch (nd->icmph.icmp6_type) {
	case NDISC_NEIGHBOUR_SOLICITATION:
		found = lbridge_nd_lladdr(skb, opts, end, ND_OPT_SOURCE_LL_ADDR, mac);
		if (found < 0)
			return false;
		/* From the unspecified address: a DAD probe, for all to hear. */
		if (!ipv6_is_host(&saddr))
			return false;
		/* Whoever speaks for another MAC is believed in nothing. */
		if (found && !ether_addr_equal(mac, source))
			return false;
		if (found) {
			key_init_ipv6(&claim.key, &saddr);
			claim.mac = source;
			bind_rcu(br, port, &claim);
		}
		key_init_ipv6(&claim.key, &target);
		return lbridge_neigh_answer_rcu(br, port, skb, &claim.key);
	case NDISC_NEIGHBOUR_ADVERTISEMENT:
		found = lbridge_nd_lladdr(skb, opts, end, ND_OPT_TARGET_LL_ADDR, mac);
		if (found < 0 || (found && !ether_addr_equal(mac, source)))
			return false;
		key_init_ipv6(&claim.key, &target);
		claim.mac = source;
		bind_rcu(br, port, &claim);
		return false;
	}
	return false;
}

#define BOOTP_REPLY		2
#define DHCP_CLIENT_PORT	68
#define DHCP_MAGIC		0x63825363
#define DHCP_OPT_PAD		0
#define DHCP_OPT_MESSAGE_TYPE	53
#define DHCP_OPT_END		255
#define DHCP_ACK		5
/* Options looked at, at most: message type comes first in practice. */
#define DHCP_MAX_OPTIONS	64

/* The fixed part of a BOOTP message, up to the client's hardware address. */
struct bootp_head {
	u8 op;
	u8 htype;
	u8 hlen;
	u8 hops;
	__be32 xid;
	__be16 secs;
	__be16 flags;
	__be32 ciaddr;
	__be32 yiaddr;
	__be32 siaddr;
	__be32 giaddr;
	u8 chaddr[16];
};

/* From the BOOTP header to the magic cookie, and to the options. */
#define BOOTP_MAGIC_OFFSET	236
#define BOOTP_OPTIONS_OFFSET	240

/* Whether the options from @off to @end say DHCPACK. */
static bool dhcp_is_ack(const struct sk_buff *skb, unsigned int off,
			unsigned int end)
{
	unsigned int n;
	const u8 *opt;
	u8 buf[3];

	for (n = 0; n < DHCP_MAX_OPTIONS && off < end; n++) {
		opt = skb_header_pointer(skb, off, 1, buf);
		if (!opt || opt[0] == DHCP_OPT_END)
			return false;
		if (opt[0] == DHCP_OPT_PAD) {
			off++;
			continue;
		}
		if (end - off < 2)
			return false;
		opt = skb_header_pointer(skb, off, 2, buf);
		if (!opt || opt[1] > end - off - 2)
			return false;
		if (opt[0] == DHCP_OPT_MESSAGE_TYPE) {
			if (opt[1] != 1)
				return false;
			opt = skb_header_pointer(skb, off + 2, 1, buf);
			return opt && opt[0] == DHCP_ACK;
		}
		off += 2 + opt[1];
	}
	return false;
}

/*
 * A DHCPACK from a server to a client: the client's MAC gets the address.
 * The binding goes behind the port the FDB knows the client's MAC on,
 * whichever port the server is behind (@from; NULL: the host). A server
 * serves no client behind its own port: that would be a container giving
 * itself an address.
 */
static void snoop_dhcp_rcu(struct lbridge *br, struct lbridge_port *from,
			   struct sk_buff *skb)
{
	struct claim claim = { .source = LBRIDGE_NEIGH_SOURCE_DHCP };
	const struct bootp_head *bootp;
	struct bootp_head bootp_buf;
	struct lbridge_fdb_entry *fdb;
	struct lbridge_fdb_key key;
	const struct udphdr *udp;
	const struct iphdr *ip;
	struct udphdr udp_buf;
	struct iphdr ip_buf;
	struct lbridge_port *port;
	unsigned int ihl, end;
	const __be32 *magic;
	__be32 magic_buf;
	u8 state;

	ip = skb_header_pointer(skb, 0, sizeof(ip_buf), &ip_buf);
	if (!ip || ip->version != 4 || ip->ihl < 5 || ip->protocol != IPPROTO_UDP ||
	    ip_is_fragment(ip))
		return;
	ihl = ip->ihl * 4;
	end = ntohs(ip->tot_len);
	if (end > skb->len || end < ihl + sizeof(*udp))
		return;
	udp = skb_header_pointer(skb, ihl, sizeof(udp_buf), &udp_buf);
	if (!udp || udp->source != htons(LBRIDGE_DHCP_SERVER_PORT) ||
	    udp->dest != htons(DHCP_CLIENT_PORT) ||
	    ntohs(udp->len) < sizeof(*udp) + BOOTP_OPTIONS_OFFSET ||
	    ntohs(udp->len) > end - ihl)
		return;
	end = ihl + ntohs(udp->len);
	ihl += sizeof(*udp);	/* from here on, the BOOTP message's offset */
	bootp = skb_header_pointer(skb, ihl, sizeof(bootp_buf), &bootp_buf);
	magic = skb_header_pointer(skb, ihl + BOOTP_MAGIC_OFFSET,
				   sizeof(magic_buf), &magic_buf);
	if (!bootp || !magic || bootp->op != BOOTP_REPLY ||
	    bootp->htype != ARPHRD_ETHER || bootp->hlen != ETH_ALEN ||
	    *magic != htonl(DHCP_MAGIC))
		return;
	if (!ipv4_is_host(bootp->yiaddr) || !is_valid_ether_addr(bootp->chaddr))
		return;
	if (!dhcp_is_ack(skb, ihl + BOOTP_OPTIONS_OFFSET, end))
		return;

	lbridge_fdb_key_init(&key, bootp->chaddr);
	fdb = lbridge_fdb_lookup_rcu(br, &key);
	if (!fdb)
		return;
	state = READ_ONCE(fdb->state);
	port = READ_ONCE(fdb->port);
	if ((state != LBRIDGE_FDB_STATE_LEARNED && state != LBRIDGE_FDB_STATE_STATIC) ||
	    !port || port == from)
		return;
	key_init_ipv4(&claim.key, bootp->yiaddr);
	claim.mac = fdb->key.addr;
	claim.via = fdb;
	bind_rcu(br, port, &claim);
}

bool lbridge_neigh_snoop_parse_rcu(struct lbridge *br,
				   struct lbridge_port *port,
				   struct sk_buff *skb)
{
	/* Tagged frames belong to VLANs the bridge does not know. */
	if (skb_vlan_tag_present(skb))
		return false;
	switch (skb->protocol) {
	case htons(ETH_P_ARP):
		return snoop_arp_rcu(br, port, skb);
	case htons(ETH_P_IPV6):
		return snoop_nd_rcu(br, port, skb);
	case htons(ETH_P_IP):
		/* A port with a guard is a client's, never a server's: what
		 * it says of addresses is for its guard to check, not to
		 * believe (switches' untrusted ports).
		 */
		if (!READ_ONCE(port->guards))
			snoop_dhcp_rcu(br, port, skb);
		return false;
	}
	return false;
}

void lbridge_neigh_snoop_host_parse_rcu(struct lbridge *br,
					struct sk_buff *skb)
{
	/* The host's own server, not a packet routed out of lb0: anyone
	 * that routes to the containers could send that one.
	 */
	if (!skb->skb_iif && !skb_is_gso(skb) && !skb_vlan_tag_present(skb) &&
	    skb->protocol == htons(ETH_P_IP))
		snoop_dhcp_rcu(br, NULL, skb);
}

/* ------------------------------------------------------------------ */
/* Forgetting: a MAC or a port going.                                   */

/*
 * Removes @port's bindings of @mac (NULL: all of them), telling each. One
 * binding per lock hold: what it says goes out without the lock.
 */
static void forget(struct lbridge *br, struct lbridge_port *port,
		   const u8 *mac)
{
	struct lbridge_neigh_entry *entry;
	struct snapshot snap;
	bool found;

	do {
		found = false;
		spin_lock_bh(&br->neigh.lock);
		hlist_for_each_entry(entry, &port->neigh_entries, port_node) {
			if (mac && !ether_addr_equal(entry->mac, mac))
				continue;
			snapshot_take(&snap, entry);
			entry_delete(br, entry);
			found = true;
			break;
		}
		spin_unlock_bh(&br->neigh.lock);
		if (found)
			notify_unbind(br, &snap);
	} while (found);
}

/*
 * fdb.c: the learned or static entry of @mac behind @port has gone (aged,
 * moved, deleted, flushed), after the FDB's lock was dropped. Any context.
 */
void lbridge_neigh_forget_mac(struct lbridge *br, struct lbridge_port *port,
			      const u8 *mac)
{
	struct lbridge_fdb_entry *fdb;
	struct lbridge_fdb_key key;
	bool back;

	if (!port || !READ_ONCE(port->neigh_count))
		return;
	/* Learned behind the same port again meanwhile: the bindings stay. */
	lbridge_fdb_key_init(&key, mac);
	rcu_read_lock();
	fdb = lbridge_fdb_lookup_rcu(br, &key);
	back = fdb && READ_ONCE(fdb->port) == port &&
	       READ_ONCE(fdb->state) != LBRIDGE_FDB_STATE_LOCAL;
	rcu_read_unlock();
	if (!back)
		forget(br, port, mac);
}

/*
 * RTNL, the port leaving, after it stopped receiving and its FDB entries
 * went: nothing can bind behind it any more.
 */
void lbridge_neigh_forget_port(struct lbridge *br, struct lbridge_port *port)
{
	ASSERT_RTNL();
	forget(br, port, NULL);
	WARN_ON_ONCE(READ_ONCE(port->neigh_count));
}

/* ------------------------------------------------------------------ */
/* Ageing.                                                              */

/*
 * Calls @visit for every binding, in batches under the RCU read lock,
 * yielding the CPU between them; if the binding to resume at has gone,
 * starts again from the head (the visitors are idempotent).
 */
static void walk(struct lbridge *br,
		 void (*visit)(struct lbridge *br,
			       struct lbridge_neigh_entry *entry, void *arg),
		 void *arg)
{
	struct lbridge_neigh_cursor cursor = {};
	struct lbridge_neigh_entry *entry;
	unsigned int n;

	might_sleep();
	do {
		rcu_read_lock();
		entry = lbridge_neigh_walk_rcu(br, &cursor);
		if (IS_ERR(entry)) {
			cursor.resume = false;
			entry = lbridge_neigh_walk_rcu(br, &cursor);
		}
		n = 0;
		hlist_for_each_entry_from_rcu(entry, list) {
			if (n++ == WALK_BATCH) {
				lbridge_neigh_cursor_stop_at(&cursor, entry);
				break;
			}
			visit(br, entry, arg);
		}
		rcu_read_unlock();
		cond_resched();
	} while (entry);
}

struct age_ctx {
	u32 now;
	u32 ageing;
};

static void age_entry(struct lbridge *br, struct lbridge_neigh_entry *entry,
		      void *arg)
{
	struct age_ctx *ctx = arg;
	struct snapshot snap;
	bool expired;

	/* Signed: a CPU may refresh it after we read the clock. */
	if ((s32)(ctx->now - READ_ONCE(entry->updated)) < (s32)ctx->ageing)
		return;
	spin_lock_bh(&br->neigh.lock);
	/* Look again under the lock: refreshed, replaced or gone? */
	expired = !entry->removed &&
		  (s32)(ctx->now - READ_ONCE(entry->updated)) >= (s32)ctx->ageing;
	if (expired) {
		snapshot_take(&snap, entry);
		entry_delete(br, entry);
	}
	spin_unlock_bh(&br->neigh.lock);
	if (expired)
		notify_unbind(br, &snap);
}

/* Process context: bindings not seen for @ageing_secs go (0: never). */
void lbridge_neigh_age(struct lbridge *br, unsigned int ageing_secs)
{
	struct age_ctx ctx = {
		.now = lbridge_fdb_now(),
		.ageing = ageing_secs,
	};

	if (ageing_secs && READ_ONCE(br->neigh.count))
		walk(br, age_entry, &ctx);
}

/* ------------------------------------------------------------------ */
/* Life cycle.                                                          */

int lbridge_neigh_create(struct lbridge *br)
{
	struct lbridge_neigh_table *neigh = &br->neigh;
	int err;

	err = rhashtable_init(&neigh->table, &lbridge_neigh_params);
	if (err)
		return err;
	spin_lock_init(&neigh->lock);
	INIT_HLIST_HEAD(&neigh->entries);
	neigh->count = 0;
	neigh->generation = 0;
	neigh->max = LBRIDGE_DEFAULT_MAX_NEIGH;
	neigh->port_max = LBRIDGE_DEFAULT_PORT_MAX_NEIGH;
	neigh->suppress = false;
	neigh->announce = true;
	ratelimit_state_init(&neigh->noisy_events, HZ, 10);
	ratelimit_set_flags(&neigh->noisy_events, RATELIMIT_MSG_ON_RELEASE);
	atomic_set(&neigh->events_lost, 0);
	/* About ten a second, twenty at once. */
	ratelimit_state_init(&neigh->announcements, 2 * HZ, 20);
	ratelimit_set_flags(&neigh->announcements, RATELIMIT_MSG_ON_RELEASE);
	memset(neigh->gone, 0, sizeof(neigh->gone));
	neigh->gone_next = 0;
	return 0;
}

/* The bridge is gone, and its ports took their bindings with them. */
void lbridge_neigh_destroy(struct lbridge *br)
{
	struct lbridge_neigh_entry *entry;
	struct hlist_node *tmp;

	WARN_ON_ONCE(!hlist_empty(&br->neigh.entries));
	hlist_for_each_entry_safe(entry, tmp, &br->neigh.entries, list) {
		hlist_del(&entry->list);
		call_rcu(&entry->rcu, entry_free_rcu);
	}
	rhashtable_destroy(&br->neigh.table);
}

int lbridge_neigh_init(void)
{
	lbridge_neigh_cache = kmem_cache_create("lbridge_neigh_entry",
						sizeof(struct lbridge_neigh_entry),
						0, SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT,
						NULL);
	return lbridge_neigh_cache ? 0 : -ENOMEM;
}

void lbridge_neigh_uninit(void)
{
	/* Bindings, and ports, are freed by RCU callbacks: let them all run
	 * first. This is the module's last rcu_barrier() before its text goes.
	 */
	rcu_barrier();
	kmem_cache_destroy(lbridge_neigh_cache);
	lbridge_neigh_cache = NULL;
}

#if IS_ENABLED(CONFIG_LBRIDGE_KUNIT_TEST)
#include "neigh_test.c"
#endif
