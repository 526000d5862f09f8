/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The binding table: which IP address lives behind which MAC and port,
 * learned by snooping ARP, IPv6 Neighbour Discovery and DHCPv4 ACKs that
 * cross the bridge; and what the bridge does with it: answer ARP requests
 * and Neighbour Solicitations for known bindings (suppression), and
 * announce a binding that moved (gratuitous ARP / unsolicited NA).
 */
#ifndef _LBRIDGE_NEIGH_H
#define _LBRIDGE_NEIGH_H

#include <linux/atomic.h>
#include <linux/if.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ratelimit_types.h>
#include <linux/rhashtable-types.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/udp.h>
#include <linux/workqueue.h>
#include <linux/lbridge.h>

struct lbridge;
struct lbridge_port;
struct mem_cgroup;

/* A container has an address or two per family; a router a few dozen. */
#define LBRIDGE_DEFAULT_MAX_NEIGH	16384
#define LBRIDGE_DEFAULT_PORT_MAX_NEIGH	64

/*
 * What a binding is found by: the family and the address. Hashed and
 * compared whole, so every byte is set: an IPv4 address is the first 4
 * bytes of @addr, the other 12 zero.
 */
struct lbridge_neigh_key {
	struct in6_addr addr;
	u8 family;		/* AF_INET or AF_INET6 */
	u8 pad[3];
};

/*
 * One binding. Like an FDB entry, what readers look at (key, port, mac)
 * is replaced whole rather than changed in place: a rebind publishes a new
 * entry in the old one's places.
 */
struct lbridge_neigh_entry {
	struct rhash_head node;
	struct lbridge_neigh_key key;
	/* Never NULL: bindings live behind ports. Read with READ_ONCE. */
	struct lbridge_port *port;
	u8 mac[ETH_ALEN];
	/* enum lbridge_neigh_source */
	u8 source;
	/* A DHCP ACK gave the address to this MAC: kept when the owner's
	 * own ARP or ND then upgrades the binding. A guarded port with
	 * allowed addresses sends from these and the allowed ones only.
	 */
	bool vouched;
	/* Set under the lock when it leaves the table. */
	bool removed;
	/*
	 * Another live MAC claimed the address too: the binding stays as it
	 * was (the first claim holds), but the bridge answers for it no more
	 * and requests flood, as on a bridge that knows nothing. Only ever
	 * set, with WRITE_ONCE; a binding made anew starts uncontested.
	 */
	bool contested;
	/* lbridge_fdb_now() when last seen; written at most once a second. */
	u32 updated;
	/* Every binding of the bridge, for ageing and dumps. */
	struct hlist_node list;
	/* The port's bindings (port->neigh_entries), so that forgetting a
	 * MAC or a port walks that port's bindings only. Under the lock.
	 */
	struct hlist_node port_node;
	struct rcu_head rcu;
};

/*
 * A binding that went (aged, its MAC or port gone), remembered for a while:
 * the same IP bound again from another MAC or port soon after is a
 * container recreated, a rebind, not a new binding. The port may be freed
 * by then, so its ifindex and name are copies.
 */
struct lbridge_neigh_gone {
	struct lbridge_neigh_key key;
	u8 mac[ETH_ALEN];
	/* 0: the slot is free. */
	int ifindex;
	char ifname[IFNAMSIZ];
	/* lbridge_fdb_now() when it went. */
	u32 when;
};

#define LBRIDGE_NEIGH_GONE_SLOTS	64

/* A place in a walk of the bindings: the key to resume at, never a pointer. */
struct lbridge_neigh_cursor {
	struct lbridge_neigh_key key;
	bool resume;
};

struct lbridge_neigh_table {
	struct rhashtable table;
	/* Writers only; readers are lockless under RCU. */
	spinlock_t lock;
	struct hlist_head entries;
	/* Changed under lock; read anywhere with READ_ONCE. */
	unsigned int count;
	/* Bumped by every change: dumps tell readers when they were torn. */
	unsigned long generation;
	unsigned int max;
	unsigned int port_max;
	/* Suppression on every port, whatever each port's own setting. */
	bool suppress;
	/* Gratuitous ARP / unsolicited NA when a binding moves. */
	bool announce;
	/* Bindings age with the FDB's ageing time, by the same work. */
	/* Rebinds, conflicts and refusals are rate-limited, and counted. */
	struct ratelimit_state noisy_events;
	atomic_t events_lost;
	/* Announcements sent, at most a few a second per bridge. */
	struct ratelimit_state announcements;
	/* Bindings that went lately, oldest overwritten first: under lock. */
	struct lbridge_neigh_gone gone[LBRIDGE_NEIGH_GONE_SLOTS];
	unsigned int gone_next;
};

/*
 * Whether a binding learned from @source is the owner's own word, ARP or
 * ND that the bridge may answer from: a DHCP ACK names a client it cannot
 * vouch for, and a guarded port's packet says only that it uses the
 * address.
 */
static inline bool lbridge_neigh_heard_from_owner(u8 source)
{
	return source == LBRIDGE_NEIGH_SOURCE_ARP ||
	       source == LBRIDGE_NEIGH_SOURCE_ND;
}

/* One change to the table, as listeners are told of it. */
struct lbridge_neigh_change {
	enum lbridge_neigh_event event;
	struct lbridge_port *port;
	const struct lbridge_neigh_key *key;
	const u8 *mac;
	enum lbridge_neigh_source source;
	/* REBIND and CONFLICT: who had the address; its port may be gone. */
	const u8 *old_mac;
	int old_ifindex;
	const char *old_ifname;
};

/* Module-wide: the entry cache. */
int lbridge_neigh_init(void);
void lbridge_neigh_uninit(void);

/* Per bridge: from ndo_init to the bridge's destructor. */
int lbridge_neigh_create(struct lbridge *br);
void lbridge_neigh_destroy(struct lbridge *br);

#define LBRIDGE_DHCP_SERVER_PORT	67

/*
 * Whether @skb, an IPv4 packet at its network header, may be a DHCP
 * reply (UDP from the server port). Nearly every IPv4 packet is answered
 * "no" here from the linear head, in a few compares and without a call;
 * what the head cannot answer (IP options, headers outside the head) is
 * left to the full parse, which reads with skb_header_pointer() and
 * checks everything again.
 */
static inline bool lbridge_neigh_may_be_dhcp_reply(const struct sk_buff *skb)
{
	const struct iphdr *ip = (const struct iphdr *)skb->data;
	const struct udphdr *udp = (const struct udphdr *)(ip + 1);

	if (skb_headlen(skb) < sizeof(*ip))
		return true;
	if (ip->protocol != IPPROTO_UDP)
		return false;
	if (ip->ihl != 5 || skb_headlen(skb) < sizeof(*ip) + sizeof(*udp))
		return true;
	return udp->source == htons(LBRIDGE_DHCP_SERVER_PORT);
}

bool lbridge_neigh_snoop_parse_rcu(struct lbridge *br,
				   struct lbridge_port *port,
				   struct sk_buff *skb);

/*
 * The datapath, for each frame from a port, before it is forwarded:
 * learns from the ARP, ND or DHCP it carries. Returns true when the frame
 * was an ARP request or Neighbour Solicitation the bridge answered itself
 * (suppression): it has been consumed, nothing else is to be done.
 */
static inline bool lbridge_neigh_snoop_rcu(struct lbridge *br,
					   struct lbridge_port *port,
					   struct sk_buff *skb)
{
	if (likely(skb->protocol == htons(ETH_P_IP)) &&
	    !lbridge_neigh_may_be_dhcp_reply(skb))
		return false;
	return lbridge_neigh_snoop_parse_rcu(br, port, skb);
}

void lbridge_neigh_snoop_host_parse_rcu(struct lbridge *br,
					struct sk_buff *skb);

/* The same for a frame the host sends: a DHCP server on lb0 gives addresses. */
static inline void lbridge_neigh_snoop_host_rcu(struct lbridge *br,
						struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP) &&
	    lbridge_neigh_may_be_dhcp_reply(skb))
		lbridge_neigh_snoop_host_parse_rcu(br, skb);
}

/*
 * neigh_reply.c. The frame in hand, from @port, is an ARP request or a
 * Neighbour Solicitation for @target, its headers checked by neigh.c:
 * if suppression is on for @port and the binding of @target is behind
 * another port that is up, answers it out of @port as the owner would and
 * returns true (@skb consumed). Otherwise false, @skb untouched.
 */
bool lbridge_neigh_answer_rcu(struct lbridge *br, struct lbridge_port *port,
			      struct sk_buff *skb,
			      const struct lbridge_neigh_key *target);
/*
 * neigh_reply.c: tells every other up port that @key now lives at @mac
 * behind @port (gratuitous ARP, or unsolicited NA with the override flag),
 * if the bridge announces and its rate limit allows. Any context.
 */
void lbridge_neigh_announce(struct lbridge *br, struct lbridge_port *port,
			    const struct lbridge_neigh_key *key, const u8 *mac);

/* guard.c: who holds an address a guarded port sends from. */
enum lbridge_neigh_holder {
	LBRIDGE_NEIGH_HELD_HERE,	/* bound behind the port (refreshed) */
	LBRIDGE_NEIGH_HELD_HERE_UNVOUCHED, /* so, but not given by DHCP */
	LBRIDGE_NEIGH_HELD_ELSEWHERE,	/* by a live owner, or the host */
	LBRIDGE_NEIGH_FREE,
};

/*
 * Softirq, under RCU: who holds @key, for @port. A binding behind @port
 * is the port's whatever its MAC: the guard has checked the MAC already.
 * HELD_ELSEWHERE sets *@owner to the owner's port, or *@host when the
 * address is the host's own.
 */
enum lbridge_neigh_holder lbridge_neigh_holder_rcu(struct lbridge *br,
						   struct lbridge_port *port,
						   const struct lbridge_neigh_key *key,
						   struct lbridge_port **owner,
						   bool *host);
/*
 * Softirq, under RCU: @port claims the free address @key for @mac, as
 * @source says. 0 once bound, -ENOSPC when the port or the bridge is at
 * its binding cap, -EBUSY when another port still on the bridge held it
 * within the ageing time, or someone else got it first.
 */
int lbridge_neigh_guard_claim_rcu(struct lbridge *br, struct lbridge_port *port,
				  const struct lbridge_neigh_key *key, const u8 *mac,
				  enum lbridge_neigh_source source);
/*
 * The Ethernet link-layer address option @type among the ND options from
 * @off to @end of @skb: 1 and *@mac set if found, 0 if absent, -EINVAL
 * if any option is malformed.
 */
int lbridge_nd_lladdr(const struct sk_buff *skb, unsigned int off,
		      unsigned int end, u8 type, u8 *mac);

/* Ageing, run by the FDB's ageing work with the same ageing time. */
void lbridge_neigh_age(struct lbridge *br, unsigned int ageing_secs);
/* A port going away, or the FDB entry of @mac behind @port going. */
void lbridge_neigh_forget_port(struct lbridge *br, struct lbridge_port *port);
void lbridge_neigh_forget_mac(struct lbridge *br, struct lbridge_port *port,
			      const u8 *mac);

struct lbridge_neigh_entry *lbridge_neigh_lookup_rcu(struct lbridge *br,
						     const struct lbridge_neigh_key *key);
/* As lbridge_fdb_walk_rcu, but ERR_PTR(-ENOENT) if the resume entry has gone. */
struct lbridge_neigh_entry *lbridge_neigh_walk_rcu(struct lbridge *br,
						   const struct lbridge_neigh_cursor *cursor);
void lbridge_neigh_cursor_stop_at(struct lbridge_neigh_cursor *cursor,
				  const struct lbridge_neigh_entry *entry);

#endif /* _LBRIDGE_NEIGH_H */
