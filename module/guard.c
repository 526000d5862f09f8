// SPDX-License-Identifier: GPL-2.0
/*
 * Port security, what switches call IP source guard, dynamic ARP
 * inspection, RA guard and DHCP snooping, done per port in the bridge:
 *   - GUARD: a port sends only from its own MAC and addresses. Its MACs
 *     are those allowed on it or, with none allowed, the first it sent
 *     from. Its addresses are those allowed, and its bindings in the
 *     binding table (neigh.c): given by DHCP, or its own first claim of
 *     an address that no live container and not the host holds.
 *   - RA_GUARD: no Router Advertisement or Redirect from the port.
 *   - DHCP_GUARD: no DHCPv4 or DHCPv6 server message from the port.
 * A frame is checked before anything is learned from it: a spoofed frame
 * moves no FDB entry and makes no binding. What a frame's payload hides
 * from the checks (a VLAN tag, a header cut short) is dropped too.
 *
 * Softirq, under RCU; nothing is read but through skb_header_pointer,
 * within skb->len, @skb->data at the network header.
 */
#include <linux/bsearch.h>
#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/ratelimit.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/netlink.h>

#include "device.h"
#include "fdb.h"
#include "guard.h"
#include "neigh.h"
#include "netlink.h"
#include "port.h"

#define DHCP_SERVER_PORT	67
#define DHCP_CLIENT_PORT	68
#define DHCPV6_CLIENT_PORT	546
#define DHCPV6_SERVER_PORT	547

/* MLD reports, which a host sends from :: while its address is tentative. */
#define ICMPV6_MLD_REPORT	131
#define ICMPV6_MLD2_REPORT	143

/* guard_mac: the MAC in its low 48 bits, and this bit once it is set. */
#define GUARD_MAC_SET		BIT_ULL(48)

static u64 mac_to_u64(const u8 *mac)
{
	return GUARD_MAC_SET | ether_addr_to_u64(mac);
}

void lbridge_guard_create(struct lbridge *br)
{
	br->guard.defaults = 0;
	atomic_set(&br->guard.events_lost, 0);
	RCU_INIT_POINTER(br->guard.index, NULL);
}

bool lbridge_guard_mac(const struct lbridge_port *port, u8 *mac)
{
	u64 value = atomic64_read(&port->guard_mac);

	if (!value)
		return false;
	u64_to_ether_addr(value, mac);
	return true;
}

void lbridge_guard_set(struct lbridge_port *port, u8 guards)
{
	ASSERT_RTNL();
	/* Turned on anew: the next frame's MAC is the port's. */
	if ((guards & LBRIDGE_GUARD_SOURCE) &&
	    !(port->guards & LBRIDGE_GUARD_SOURCE)) {
		atomic64_set(&port->guard_mac, 0);
		atomic64_set(&port->guard_refused, 0);
	}
	/* Pairs with the datapath's acquire: who sees the guards on sees
	 * the MAC forgotten too.
	 */
	smp_store_release(&port->guards, guards);
}

/* ------------------------------------------------------------------ */
/* Whose MAC, whose address.                                            */

/* The port the FDB has @mac behind, other than @port; NULL if none. */
static struct lbridge_port *mac_owner_rcu(struct lbridge *br,
					  struct lbridge_port *port,
					  const u8 *mac, bool *local)
{
	struct lbridge_fdb_entry *fdb;
	struct lbridge_fdb_key key;
	struct lbridge_port *owner;

	*local = false;
	lbridge_fdb_key_init(&key, mac);
	fdb = lbridge_fdb_lookup_rcu(br, &key);
	if (!fdb)
		return NULL;
	owner = READ_ONCE(fdb->port);
	/* The bridge's own MAC, or a port's: never a container's. */
	if (READ_ONCE(fdb->state) == LBRIDGE_FDB_STATE_LOCAL)
		*local = true;
	return owner == port ? NULL : owner;
}

/*
 * The port other than @port that has @mac for its own: allowed on it, or
 * fixed on by its guard. A walk of the ports, only ever taken while a
 * port's guard has fixed on no MAC yet.
 */
static struct lbridge_port *mac_guarded_elsewhere_rcu(struct lbridge *br,
						      struct lbridge_port *port,
						      const u8 *mac)
{
	const struct lbridge_allowed *allowed;
	struct lbridge_port *other;
	u64 value = mac_to_u64(mac);
	unsigned int i;

	list_for_each_entry_rcu(other, &br->ports, list) {
		if (other == port)
			continue;
		if (atomic64_read(&other->guard_mac) == value)
			return other;
		allowed = rcu_dereference(other->allowed);
		for (i = 0; allowed && i < allowed->n_macs; i++)
			if (ether_addr_equal(allowed->macs[i], mac))
				return other;
	}
	return NULL;
}

/*
 * Whether @mac may be the first MAC of @port's guard: the MAC of the
 * container's own interface, when the port is a veth (a container's
 * first frame, crafted, must not pick its MAC), and nobody else's: not
 * the bridge's or a port's, not one the FDB has behind another port, not
 * another guarded port's. A MAC refused is remembered, so that a port
 * repeating it costs no walk of the ports.
 */
static bool may_fix_mac_rcu(struct lbridge *br, struct lbridge_port *port,
			    const u8 *mac, struct lbridge_guard_offence *off)
{
	const struct net_device_ops *ops = port->dev->netdev_ops;
	u64 value = mac_to_u64(mac);
	struct net_device *peer;
	bool local;

	if (atomic64_read(&port->guard_refused) == value)
		goto refuse;
	if (ops->ndo_get_peer_dev) {
		peer = ops->ndo_get_peer_dev(port->dev);
		if (peer && !ether_addr_equal(peer->dev_addr, mac))
			goto refuse;
	}
	off->owner = mac_owner_rcu(br, port, mac, &local);
	if (off->owner || local)
		goto refuse;
	off->owner = mac_guarded_elsewhere_rcu(br, port, mac);
	if (off->owner)
		goto refuse;
	return true;
refuse:
	atomic64_set(&port->guard_refused, value);
	if (!off->owner)
		off->owner = mac_owner_rcu(br, port, mac, &local);
	return false;
}

/* Whether @port may send from @mac. */
static bool mac_allowed_rcu(struct lbridge *br, struct lbridge_port *port,
			    const struct lbridge_allowed *allowed,
			    const u8 *mac, struct lbridge_guard_offence *off)
{
	u64 value = mac_to_u64(mac), fixed;
	bool local;
	unsigned int i;

	if (allowed && allowed->n_macs) {
		for (i = 0; i < allowed->n_macs; i++)
			if (ether_addr_equal(allowed->macs[i], mac))
				return true;
		off->owner = mac_owner_rcu(br, port, mac, &local);
		return false;
	}
	fixed = atomic64_read(&port->guard_mac);
	if (likely(fixed))
		goto check;
	/* The first frame fixes the port's MAC, if it may. */
	if (!may_fix_mac_rcu(br, port, mac, off))
		return false;
	fixed = atomic64_cmpxchg(&port->guard_mac, 0, value);
	if (!fixed)
		return true;
check:
	if (fixed == value)
		return true;
	off->owner = mac_owner_rcu(br, port, mac, &local);
	return false;
}

/* ------------------------------------------------------------------ */
/* Addresses allowed anywhere on the bridge: an index, under RTNL.      */

/* Every address allowed on a port of the bridge, sorted by key. */
struct lbridge_allowed_index {
	struct rcu_head rcu;
	unsigned int n;
	struct lbridge_allowed_at {
		struct lbridge_neigh_key key;
		struct lbridge_port *port;
	} at[];
};

static int allowed_at_cmp(const void *a, const void *b)
{
	const struct lbridge_allowed_at *x = a, *y = b;

	return memcmp(&x->key, &y->key, sizeof(x->key));
}

/* The port, other than @port, that @key is allowed on; NULL if none. */
static struct lbridge_port *addr_allowed_elsewhere_rcu(struct lbridge *br,
						       struct lbridge_port *port,
						       const struct lbridge_neigh_key *key)
{
	const struct lbridge_allowed_index *index = rcu_dereference(br->guard.index);
	const struct lbridge_allowed_at *at;
	struct lbridge_allowed_at want;
	unsigned int i;

	if (!index)
		return NULL;
	want.key = *key;
	at = bsearch(&want, index->at, index->n, sizeof(*at), allowed_at_cmp);
	if (!at)
		return NULL;
	/* The same address may be allowed on several ports: any other will do. */
	i = at - index->at;
	while (i && !allowed_at_cmp(&index->at[i - 1], &want))
		i--;
	for (; i < index->n && !allowed_at_cmp(&index->at[i], &want); i++)
		if (index->at[i].port != port)
			return index->at[i].port;
	return NULL;
}

/*
 * Under RTNL: the index again, from the allowed sets of the bridge's
 * ports (a leaving one is off the list already). On failure the old
 * index stays, and the caller decides.
 */
static int allowed_index_rebuild(struct lbridge *br)
{
	struct lbridge_allowed_index *index, *old;
	const struct lbridge_allowed *allowed;
	struct lbridge_port *port;
	unsigned int n = 0, i;

	ASSERT_RTNL();
	list_for_each_entry(port, &br->ports, list) {
		allowed = rtnl_dereference(port->allowed);
		if (allowed)
			n += allowed->n_ips;
	}
	index = NULL;
	if (n) {
		index = kvmalloc(struct_size(index, at, n), GFP_KERNEL_ACCOUNT);
		if (!index)
			return -ENOMEM;
		index->n = 0;
		list_for_each_entry(port, &br->ports, list) {
			allowed = rtnl_dereference(port->allowed);
			if (!allowed)
				continue;
			for (i = 0; i < allowed->n_ips; i++) {
				index->at[index->n].key = allowed->ips[i];
				index->at[index->n].port = port;
				index->n++;
			}
		}
		sort(index->at, index->n, sizeof(index->at[0]), allowed_at_cmp, NULL);
	}
	old = rcu_replace_pointer(br->guard.index, index, lockdep_rtnl_is_held());
	if (old)
		kvfree_rcu(old, rcu);
	return 0;
}

/*
 * Whether @port may send from the address @key, with @mac (already
 * allowed) as source: allowed on it, or bound to it, or claimed now if
 * the port may still claim addresses of that family and nobody holds it.
 * The counter of the drop, @reason or DROP_GUARD_CAP, if not.
 */
static enum lbridge_port_stat addr_check_rcu(struct lbridge *br,
					     struct lbridge_port *port,
					     const struct lbridge_allowed *allowed,
					     const struct lbridge_neigh_key *key,
					     const u8 *mac,
					     enum lbridge_neigh_source source,
					     enum lbridge_port_stat reason,
					     struct lbridge_guard_offence *off)
{
	bool may_claim = true;
	unsigned int i;
	int err;

	if (allowed) {
		for (i = 0; i < allowed->n_ips; i++)
			if (!memcmp(&allowed->ips[i], key, sizeof(*key)))
				return LBRIDGE_PORT_STAT_UNSPEC;
		may_claim = key->family == AF_INET ? !allowed->has_ipv4 :
						     !allowed->has_ipv6;
	}
	off->key = *key;
	switch (lbridge_neigh_holder_rcu(br, port, key, &off->owner, &off->host)) {
	case LBRIDGE_NEIGH_HELD_HERE:
		return LBRIDGE_PORT_STAT_UNSPEC;
	case LBRIDGE_NEIGH_HELD_HERE_UNVOUCHED:
		/* Claimed before addresses were allowed: no longer. */
		return may_claim ? LBRIDGE_PORT_STAT_UNSPEC : reason;
	case LBRIDGE_NEIGH_HELD_ELSEWHERE:
		return reason;
	case LBRIDGE_NEIGH_FREE:
		break;
	}
	if (!may_claim)
		return reason;
	/* Allowed on another port, whose owner may not have spoken yet. */
	off->owner = addr_allowed_elsewhere_rcu(br, port, key);
	if (off->owner)
		return reason;
	err = lbridge_neigh_guard_claim_rcu(br, port, key, mac, source);
	if (err == -ENOSPC)
		return LBRIDGE_PORT_STAT_DROP_GUARD_CAP;
	return err ? reason : LBRIDGE_PORT_STAT_UNSPEC;
}

static void key_ipv4(struct lbridge_neigh_key *key, __be32 addr)
{
	memset(key, 0, sizeof(*key));
	key->family = AF_INET;
	key->addr.s6_addr32[0] = addr;
}

static void key_ipv6(struct lbridge_neigh_key *key, const struct in6_addr *addr)
{
	memset(key, 0, sizeof(*key));
	key->family = AF_INET6;
	key->addr = *addr;
}

/*
 * An address a host may send from: not 0/8 (ipv4_is_zeronet() is 0.0.0.0
 * alone in 6.1), multicast, broadcast, 127/8.
 */
static bool ipv4_is_unicast(__be32 addr)
{
	return (addr & htonl(0xff000000)) && !ipv4_is_multicast(addr) &&
	       !ipv4_is_lbcast(addr) && !ipv4_is_loopback(addr);
}

/* ------------------------------------------------------------------ */
/* ARP.                                                                 */

/* ARP for IPv4 over Ethernet: 28 bytes. */
struct arp_ipv4 {
	struct arphdr hdr;
	u8 sha[ETH_ALEN];
	u8 sip[4];
	u8 tha[ETH_ALEN];
	u8 tip[4];
} __packed;

static enum lbridge_port_stat check_arp_rcu(struct lbridge *br,
					    struct lbridge_port *port,
					    const struct lbridge_allowed *allowed,
					    const struct sk_buff *skb,
					    struct lbridge_guard_offence *off)
{
	const struct arp_ipv4 *arp;
	struct lbridge_neigh_key key;
	struct lbridge_guard_offence unused;
	struct arp_ipv4 buf;
	__be32 sip, tip;
	bool local;

	arp = skb_header_pointer(skb, 0, sizeof(buf), &buf);
	/* Linux takes IEEE 802 hardware for Ethernet's: so do we. */
	if (!arp || (arp->hdr.ar_hrd != htons(ARPHRD_ETHER) &&
		     arp->hdr.ar_hrd != htons(ARPHRD_IEEE802)) ||
	    arp->hdr.ar_pro != htons(ETH_P_IP) ||
	    arp->hdr.ar_hln != ETH_ALEN || arp->hdr.ar_pln != sizeof(sip))
		return LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED;
	/* Speaking for another MAC: the receivers would cache that one. */
	if (!ether_addr_equal_unaligned(arp->sha, eth_hdr(skb)->h_source)) {
		memcpy(off->mac, arp->sha, ETH_ALEN);
		off->owner = mac_owner_rcu(br, port, off->mac, &local);
		return LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP;
	}
	memcpy(&sip, arp->sip, sizeof(sip));
	memcpy(&tip, arp->tip, sizeof(tip));
	/*
	 * A probe (RFC 5227) asks, and uses nothing yet; but what it asks
	 * for, if free, is the prober's from now on: else a port hearing
	 * the flooded probe could answer from the address and take it.
	 */
	if (!sip) {
		if (ipv4_is_unicast(tip)) {
			key_ipv4(&key, tip);
			addr_check_rcu(br, port, allowed, &key, arp->sha,
				       LBRIDGE_NEIGH_SOURCE_ARP,
				       LBRIDGE_PORT_STAT_UNSPEC, &unused);
		}
		return LBRIDGE_PORT_STAT_UNSPEC;
	}
	key_ipv4(&key, sip);
	if (!ipv4_is_unicast(sip)) {
		off->key = key;
		return LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP;
	}
	return addr_check_rcu(br, port, allowed, &key, arp->sha,
			      LBRIDGE_NEIGH_SOURCE_ARP,
			      LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP, off);
}

/* ------------------------------------------------------------------ */
/* IPv4.                                                                */

#define BOOTP_REQUEST		1

/* The fixed part of a BOOTP message, up to the client's hardware address. */
struct bootp_client {
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
	u8 chaddr[ETH_ALEN];
} __packed;

/*
 * A DHCP client message at @off, from a guarded port: it asks for its own
 * MAC only. Another client's MAC is how a pool is starved, or a lease
 * released on someone else's behalf.
 */
static enum lbridge_port_stat check_dhcp_client(const struct sk_buff *skb,
						unsigned int off,
						struct lbridge_guard_offence *offence)
{
	const struct bootp_client *bootp;
	struct bootp_client buf;

	bootp = skb_header_pointer(skb, off, sizeof(buf), &buf);
	if (!bootp || bootp->op != BOOTP_REQUEST || bootp->htype != ARPHRD_ETHER ||
	    bootp->hlen != ETH_ALEN)
		return LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED;
	if (!ether_addr_equal_unaligned(bootp->chaddr, eth_hdr(skb)->h_source)) {
		memcpy(offence->mac, bootp->chaddr, ETH_ALEN);
		return LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC;
	}
	return LBRIDGE_PORT_STAT_UNSPEC;
}

static enum lbridge_port_stat check_ipv4_rcu(struct lbridge *br,
					     struct lbridge_port *port,
					     const struct lbridge_allowed *allowed,
					     const struct sk_buff *skb, u8 guards,
					     struct lbridge_guard_offence *off)
{
	const struct udphdr *udp = NULL;
	struct lbridge_neigh_key key;
	const struct iphdr *ip;
	struct udphdr udp_buf;
	struct iphdr ip_buf;
	enum lbridge_port_stat verdict;

	ip = skb_header_pointer(skb, 0, sizeof(ip_buf), &ip_buf);
	if (!ip || ip->version != 4 || ip->ihl < 5)
		return LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED;
	/* Only a first fragment has the ports; the others are useless without it. */
	if (ip->protocol == IPPROTO_UDP && !(ip->frag_off & htons(IP_OFFSET))) {
		/* Within the packet, not the Ethernet padding after it. */
		if (ntohs(ip->tot_len) < ip->ihl * 4 + sizeof(*udp))
			return LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED;
		udp = skb_header_pointer(skb, ip->ihl * 4, sizeof(udp_buf), &udp_buf);
		if (!udp)
			return LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED;
	}
	/* What a drop below tells: the address the frame came from. */
	key_ipv4(&key, ip->saddr);
	if ((guards & LBRIDGE_GUARD_DHCP) && udp &&
	    (udp->source == htons(DHCP_SERVER_PORT) ||
	     udp->dest == htons(DHCP_CLIENT_PORT))) {
		off->key = key;
		return LBRIDGE_PORT_STAT_DROP_DHCP_SERVER;
	}
	if (!(guards & LBRIDGE_GUARD_SOURCE))
		return LBRIDGE_PORT_STAT_UNSPEC;

	if (udp && udp->source == htons(DHCP_CLIENT_PORT) &&
	    udp->dest == htons(DHCP_SERVER_PORT)) {
		verdict = check_dhcp_client(skb, ip->ihl * 4 + sizeof(*udp), off);
		if (verdict)
			return verdict;
		/* A DHCP client has no address yet. */
		if (!ip->saddr)
			return LBRIDGE_PORT_STAT_UNSPEC;
	}
	if (!ipv4_is_unicast(ip->saddr)) {
		off->key = key;
		return LBRIDGE_PORT_STAT_DROP_SPOOFED_IP;
	}
	return addr_check_rcu(br, port, allowed, &key, eth_hdr(skb)->h_source,
			      LBRIDGE_NEIGH_SOURCE_IP,
			      LBRIDGE_PORT_STAT_DROP_SPOOFED_IP, off);
}

/* ------------------------------------------------------------------ */
/* IPv6.                                                                */

/* Where a Neighbour Discovery message's options start, by its type. */
static unsigned int nd_options_offset(u8 type)
{
	switch (type) {
	case NDISC_ROUTER_SOLICITATION:
		return sizeof(struct icmp6hdr);
	case NDISC_ROUTER_ADVERTISEMENT:
		return sizeof(struct ra_msg);
	default:
		return sizeof(struct nd_msg);
	}
}

/*
 * RS, RA, NS and NA from a guarded port: the link-layer address they carry
 * must be its own MAC, and an NA's target its own address. @off is where
 * the ICMPv6 header starts, @end where the packet ends.
 */
static enum lbridge_port_stat check_nd_rcu(struct lbridge *br,
					   struct lbridge_port *port,
					   const struct lbridge_allowed *allowed,
					   const struct sk_buff *skb, u8 type,
					   unsigned int off, unsigned int end,
					   struct lbridge_guard_offence *offence)
{
	const u8 *source = eth_hdr(skb)->h_source;
	unsigned int opts = off + nd_options_offset(type);
	struct lbridge_neigh_key key;
	const struct nd_msg *nd;
	struct nd_msg nd_buf;
	u8 mac[ETH_ALEN];
	bool local;
	int found;

	if (opts > end)
		return LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED;
	found = lbridge_nd_lladdr(skb, opts, end,
				  type == NDISC_NEIGHBOUR_ADVERTISEMENT ?
				  ND_OPT_TARGET_LL_ADDR : ND_OPT_SOURCE_LL_ADDR,
				  mac);
	if (found < 0)
		return LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED;
	if (found && !ether_addr_equal(mac, source)) {
		ether_addr_copy(offence->mac, mac);
		offence->owner = mac_owner_rcu(br, port, mac, &local);
		return LBRIDGE_PORT_STAT_DROP_SPOOFED_ND;
	}
	if (type != NDISC_NEIGHBOUR_ADVERTISEMENT)
		return LBRIDGE_PORT_STAT_UNSPEC;
	nd = skb_header_pointer(skb, off, sizeof(nd_buf), &nd_buf);
	if (!nd)
		return LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED;
	key_ipv6(&key, &nd->target);
	if (ipv6_addr_any(&nd->target) || ipv6_addr_is_multicast(&nd->target)) {
		offence->key = key;
		return LBRIDGE_PORT_STAT_DROP_SPOOFED_ND;
	}
	return addr_check_rcu(br, port, allowed, &key, source,
			      LBRIDGE_NEIGH_SOURCE_ND,
			      LBRIDGE_PORT_STAT_DROP_SPOOFED_ND, offence);
}

/*
 * Duplicate address detection: a Neighbour Solicitation from ::, for the
 * tentative address. It uses nothing yet, but what it asks for, if free,
 * is the prober's from now on: else a port hearing the flooded probe
 * could answer it (RFC 6620's race) and take the address.
 */
static enum lbridge_port_stat check_dad_rcu(struct lbridge *br,
					    struct lbridge_port *port,
					    const struct lbridge_allowed *allowed,
					    const struct sk_buff *skb,
					    unsigned int off, unsigned int end)
{
	struct lbridge_guard_offence unused;
	struct lbridge_neigh_key key;
	const struct nd_msg *nd;
	struct nd_msg nd_buf;

	nd = off + sizeof(nd_buf) <= end ?
	     skb_header_pointer(skb, off, sizeof(nd_buf), &nd_buf) : NULL;
	if (!nd)
		return LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED;
	if (!ipv6_addr_any(&nd->target) && !ipv6_addr_is_multicast(&nd->target)) {
		key_ipv6(&key, &nd->target);
		addr_check_rcu(br, port, allowed, &key, eth_hdr(skb)->h_source,
			       LBRIDGE_NEIGH_SOURCE_ND, LBRIDGE_PORT_STAT_UNSPEC,
			       &unused);
	}
	return LBRIDGE_PORT_STAT_UNSPEC;
}

/*
 * As ipv6_skip_exthdr: where the upper header of @skb starts, *@nexthdr
 * its protocol (a fragment header's for a fragment but the first), or -1
 * if the headers are cut short. But a chain that ends in No Next Header
 * is a whole packet with nothing behind it (RFC 8200, 4.7), not a broken
 * one: its end, and NEXTHDR_NONE. Each step moves on by 8 bytes at least.
 */
static int skip_exthdrs(const struct sk_buff *skb, u8 *nexthdr)
{
	int start = sizeof(struct ipv6hdr), len;
	const struct ipv6_opt_hdr *hp;
	struct ipv6_opt_hdr hdr;
	const __be16 *fp;
	__be16 frag_buf;

	while (ipv6_ext_hdr(*nexthdr) && *nexthdr != NEXTHDR_NONE) {
		hp = skb_header_pointer(skb, start, sizeof(hdr), &hdr);
		if (!hp)
			return -1;
		if (*nexthdr == NEXTHDR_FRAGMENT) {
			fp = skb_header_pointer(skb, start + offsetof(struct frag_hdr, frag_off),
						sizeof(frag_buf), &frag_buf);
			if (!fp)
				return -1;
			if (ntohs(*fp) & ~0x7)
				return start;
			len = 8;
		} else if (*nexthdr == NEXTHDR_AUTH) {
			len = ipv6_authlen(hp);
		} else {
			len = ipv6_optlen(hp);
		}
		*nexthdr = hp->nexthdr;
		start += len;
	}
	return start;
}

static enum lbridge_port_stat check_ipv6_rcu(struct lbridge *br,
					     struct lbridge_port *port,
					     const struct lbridge_allowed *allowed,
					     const struct sk_buff *skb, u8 guards,
					     struct lbridge_guard_offence *off)
{
	enum lbridge_port_stat verdict;
	const struct udphdr *udp = NULL;
	struct lbridge_neigh_key key;
	const struct ipv6hdr *ip6;
	struct ipv6hdr ip6_buf;
	struct udphdr udp_buf;
	unsigned int end;
	u8 type_buf, nexthdr;
	const u8 *type = NULL;
	bool is_nd;
	int start;

	ip6 = skb_header_pointer(skb, 0, sizeof(ip6_buf), &ip6_buf);
	if (!ip6 || ip6->version != 6)
		return LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED;
	end = min_t(unsigned int, skb->len, sizeof(*ip6) + ntohs(ip6->payload_len));
	/*
	 * What a receiver acts on is behind any extension headers: an RA
	 * hidden behind a destination option is still an RA (RFC 7113).
	 * A fragment other than the first has no upper header; ND in
	 * fragments is ignored by receivers (RFC 6980), and a datagram
	 * needs its first fragment, which is checked.
	 */
	nexthdr = ip6->nexthdr;
	start = skip_exthdrs(skb, &nexthdr);
	if (start < 0)
		return LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED;
	if (nexthdr == IPPROTO_ICMPV6) {
		type = start < end ? skb_header_pointer(skb, start, 1, &type_buf) : NULL;
		if (!type)
			return LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED;
	} else if (nexthdr == IPPROTO_UDP) {
		udp = start + sizeof(*udp) <= end ?
		      skb_header_pointer(skb, start, sizeof(udp_buf), &udp_buf) : NULL;
		if (!udp)
			return LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED;
	}
	/* What a drop below tells: the address the frame came from. */
	key_ipv6(&key, &ip6->saddr);
	if ((guards & LBRIDGE_GUARD_RA) && type &&
	    (*type == NDISC_ROUTER_ADVERTISEMENT || *type == NDISC_REDIRECT)) {
		off->key = key;
		return LBRIDGE_PORT_STAT_DROP_RA;
	}
	if ((guards & LBRIDGE_GUARD_DHCP) && udp &&
	    (udp->source == htons(DHCPV6_SERVER_PORT) ||
	     udp->dest == htons(DHCPV6_CLIENT_PORT))) {
		off->key = key;
		return LBRIDGE_PORT_STAT_DROP_DHCP_SERVER;
	}
	if (!(guards & LBRIDGE_GUARD_SOURCE))
		return LBRIDGE_PORT_STAT_UNSPEC;

	/* Duplicate address detection, and its MLD reports, come from ::. */
	if (ipv6_addr_any(&ip6->saddr)) {
		if (type && *type == NDISC_NEIGHBOUR_SOLICITATION)
			return check_dad_rcu(br, port, allowed, skb, start, end);
		if (type && (*type == ICMPV6_MLD_REPORT || *type == ICMPV6_MLD2_REPORT))
			return LBRIDGE_PORT_STAT_UNSPEC;
		off->key = key;
		return LBRIDGE_PORT_STAT_DROP_SPOOFED_IP;
	}
	if (ipv6_addr_is_multicast(&ip6->saddr) || ipv6_addr_loopback(&ip6->saddr)) {
		off->key = key;
		return LBRIDGE_PORT_STAT_DROP_SPOOFED_IP;
	}
	is_nd = type && *type >= NDISC_ROUTER_SOLICITATION &&
		*type <= NDISC_NEIGHBOUR_ADVERTISEMENT;
	if (is_nd) {
		verdict = check_nd_rcu(br, port, allowed, skb, *type, start, end, off);
		if (verdict)
			return verdict;
	}
	return addr_check_rcu(br, port, allowed, &key, eth_hdr(skb)->h_source,
			      is_nd ? LBRIDGE_NEIGH_SOURCE_ND : LBRIDGE_NEIGH_SOURCE_IP,
			      LBRIDGE_PORT_STAT_DROP_SPOOFED_IP, off);
}

/* ------------------------------------------------------------------ */
/* The verdict.                                                         */

enum lbridge_port_stat lbridge_guard_classify_rcu(struct lbridge *br,
						  struct lbridge_port *port,
						  const struct sk_buff *skb,
						  u8 guards,
						  struct lbridge_guard_offence *off)
{
	const struct lbridge_allowed *allowed = rcu_dereference(port->allowed);
	const u8 *source = eth_hdr(skb)->h_source;

	memset(off, 0, sizeof(*off));
	ether_addr_copy(off->mac, source);
	/* The bridge knows no VLANs: it cannot check what a tag hides. */
	if (skb_vlan_tag_present(skb) || eth_type_vlan(skb->protocol))
		return LBRIDGE_PORT_STAT_DROP_GUARD_TAGGED;
	if ((guards & LBRIDGE_GUARD_SOURCE) &&
	    !mac_allowed_rcu(br, port, allowed, source, off))
		return LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC;

	switch (skb->protocol) {
	case htons(ETH_P_ARP):
		if (!(guards & LBRIDGE_GUARD_SOURCE))
			return LBRIDGE_PORT_STAT_UNSPEC;
		return check_arp_rcu(br, port, allowed, skb, off);
	case htons(ETH_P_IP):
		return check_ipv4_rcu(br, port, allowed, skb, guards, off);
	case htons(ETH_P_IPV6):
		return check_ipv6_rcu(br, port, allowed, skb, guards, off);
	}
	return LBRIDGE_PORT_STAT_UNSPEC;
}

/* Told at most a few times a second per port; what is held back, counted. */
static void guard_notify_rcu(struct lbridge *br, struct lbridge_port *port,
			     enum lbridge_port_stat reason,
			     const struct lbridge_guard_offence *off)
{
	if (!lbridge_netlink_guard_listened(br))
		return;
	if (!__ratelimit(&port->guard_events)) {
		atomic_inc(&br->guard.events_lost);
		return;
	}
	lbridge_netlink_guard_notify(br, port, reason, off);
}

bool lbridge_guard_frame_rcu(struct lbridge *br, struct lbridge_port *port,
			     struct sk_buff *skb, u8 guards)
{
	struct lbridge_guard_offence off;
	enum lbridge_port_stat reason;

	reason = lbridge_guard_classify_rcu(br, port, skb, guards, &off);
	if (likely(reason == LBRIDGE_PORT_STAT_UNSPEC))
		return true;
	lbridge_port_count(port, reason, 1);
	guard_notify_rcu(br, port, reason, &off);
	kfree_skb(skb);
	return false;
}

/* ------------------------------------------------------------------ */
/* The allowed set: under RTNL.                                         */

static int find_allowed(const struct lbridge_allowed *set, const u8 *mac,
			const struct lbridge_neigh_key *key)
{
	unsigned int i;

	if (!set)
		return -1;
	if (mac) {
		for (i = 0; i < set->n_macs; i++)
			if (ether_addr_equal(set->macs[i], mac))
				return i;
		return -1;
	}
	for (i = 0; i < set->n_ips; i++)
		if (!memcmp(&set->ips[i], key, sizeof(*key)))
			return i;
	return -1;
}

static void allowed_update_families(struct lbridge_allowed *set)
{
	unsigned int i;

	set->has_ipv4 = false;
	set->has_ipv6 = false;
	for (i = 0; i < set->n_ips; i++) {
		if (set->ips[i].family == AF_INET)
			set->has_ipv4 = true;
		else
			set->has_ipv6 = true;
	}
}

int lbridge_guard_allow(struct lbridge_port *port, const u8 *mac,
			const struct lbridge_neigh_key *key, bool add,
			struct netlink_ext_ack *extack)
{
	struct lbridge_allowed *old, *set;
	int at, err;

	ASSERT_RTNL();
	old = rtnl_dereference(port->allowed);
	at = find_allowed(old, mac, key);
	if (add && at >= 0) {
		NL_SET_ERR_MSG(extack, "Already allowed on this port");
		return -EEXIST;
	}
	if (!add && at < 0) {
		NL_SET_ERR_MSG(extack, "Not allowed on this port");
		return -ENOENT;
	}
	if (add && mac && old && old->n_macs >= LBRIDGE_ALLOWED_MAX_MACS) {
		NL_SET_ERR_MSG(extack, "The port allows as many MACs as it can");
		return -ENOSPC;
	}
	if (add && !mac && old && old->n_ips >= LBRIDGE_ALLOWED_MAX_IPS) {
		NL_SET_ERR_MSG(extack, "The port allows as many addresses as it can");
		return -ENOSPC;
	}

	/* Readers see the old set or the new one, whole. */
	set = old ? kmemdup(old, sizeof(*old), GFP_KERNEL_ACCOUNT) :
		    kzalloc(sizeof(*set), GFP_KERNEL_ACCOUNT);
	if (!set)
		return -ENOMEM;
	if (add && mac) {
		ether_addr_copy(set->macs[set->n_macs++], mac);
	} else if (add) {
		set->ips[set->n_ips++] = *key;
	} else if (mac) {
		/* Order is no one's business: the last takes the gap. */
		ether_addr_copy(set->macs[at], set->macs[--set->n_macs]);
	} else {
		set->ips[at] = set->ips[--set->n_ips];
	}
	allowed_update_families(set);
	if (!set->n_macs && !set->n_ips) {
		kfree(set);
		set = NULL;
	}
	rcu_assign_pointer(port->allowed, set);
	/* The index follows the addresses, or nothing changes. */
	if (!mac) {
		err = allowed_index_rebuild(port->br);
		if (err) {
			rcu_assign_pointer(port->allowed, old);
			if (set)
				kfree_rcu(set, rcu);
			return err;
		}
	}
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

void lbridge_guard_port_leave(struct lbridge *br, struct lbridge_port *port)
{
	const struct lbridge_allowed *allowed = rtnl_dereference(port->allowed);
	struct lbridge_allowed_index *old;

	if (!allowed || !allowed->n_ips || !allowed_index_rebuild(br))
		return;
	/* Never an index naming a port that has gone: none at all, then. */
	old = rcu_replace_pointer(br->guard.index, NULL, lockdep_rtnl_is_held());
	if (old)
		kvfree_rcu(old, rcu);
}

/* The bridge is gone, and its ports with it. */
void lbridge_guard_destroy(struct lbridge *br)
{
	kvfree(rcu_dereference_protected(br->guard.index, true));
}

#if IS_ENABLED(CONFIG_LBRIDGE_KUNIT_TEST)
#include "guard_test.c"
#endif
