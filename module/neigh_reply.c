// SPDX-License-Identifier: GPL-2.0
/*
 * What the bridge does with the binding table: it answers an ARP request
 * or a Neighbour Solicitation for a known binding itself, out of the
 * asking port, as the owner would (suppression: the request goes no
 * further); and when a binding moves, it tells every other port with a
 * gratuitous ARP or an unsolicited Neighbour Advertisement, so that
 * neighbours need not wait for their caches to expire.
 *
 * Every frame made here says it comes from the owner's MAC: neighbours
 * must take it for the owner's own. None of them is learned into the FDB:
 * they are sent out of ports, never received on one.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/ipv6.h>
#include <net/addrconf.h>
#include <net/ip6_checksum.h>
#include <net/ndisc.h>

#include "device.h"
#include "forward.h"
#include "neigh.h"
#include "port.h"

/* An ARP packet for IPv4 over Ethernet, the only kind answered. */
struct arp_eth_ipv4 {
	__be16 hrd;
	__be16 pro;
	u8 hln;
	u8 pln;
	__be16 op;
	u8 sha[ETH_ALEN];
	__be32 sip;
	u8 tha[ETH_ALEN];
	__be32 tip;
} __packed;

/* A Neighbour Solicitation or Advertisement and the one option it carries. */
struct nd_eth {
	struct icmp6hdr icmp;
	struct in6_addr target;
	u8 opt_type;
	u8 opt_len;		/* in units of 8 bytes */
	u8 lladdr[ETH_ALEN];
} __packed;

struct nd_frame {
	struct ipv6hdr ip6;
	struct nd_eth nd;
} __packed;

/* The part of a Neighbour Solicitation an answer needs. */
struct ns_head {
	struct ipv6hdr ip6;
	struct icmp6hdr icmp;
	struct in6_addr target;
} __packed;

/*
 * A new frame, @len bytes after an Ethernet header from @src to @dst;
 * @skb->data at the network header, as a frame received. GFP_ATOMIC: the
 * datapath's softirq.
 */
static struct sk_buff *new_frame(const u8 *dst, const u8 *src, __be16 proto,
				 unsigned int len)
{
	struct sk_buff *skb;
	struct ethhdr *eth;

	skb = alloc_skb(NET_IP_ALIGN + ETH_HLEN + len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, NET_IP_ALIGN);
	skb_reset_mac_header(skb);
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, dst);
	ether_addr_copy(eth->h_source, src);
	eth->h_proto = proto;
	skb_pull(skb, ETH_HLEN);
	skb_reset_network_header(skb);
	skb_put(skb, len);
	skb->protocol = proto;
	return skb;
}

/* An ARP packet over Ethernet: the Ethernet source is always @sha. */
static struct sk_buff *new_arp(const u8 *dst, u16 op, const u8 *sha,
			       __be32 sip, const u8 *tha, __be32 tip)
{
	struct arp_eth_ipv4 *arp;
	struct sk_buff *skb;

	skb = new_frame(dst, sha, htons(ETH_P_ARP), sizeof(*arp));
	if (!skb)
		return NULL;
	arp = (struct arp_eth_ipv4 *)skb->data;
	arp->hrd = htons(ARPHRD_ETHER);
	arp->pro = htons(ETH_P_IP);
	arp->hln = ETH_ALEN;
	arp->pln = sizeof(arp->sip);
	arp->op = htons(op);
	ether_addr_copy(arp->sha, sha);
	arp->sip = sip;
	ether_addr_copy(arp->tha, tha);
	arp->tip = tip;
	return skb;
}

/*
 * A Neighbour Advertisement of @target at @mac, from @target to @daddr
 * (Ethernet @dst), with @flags (ICMPv6 R/S/O bits, as in the first word
 * after the checksum) and the target link-layer option.
 */
static struct sk_buff *new_na(const u8 *dst, const u8 *mac,
			      const struct in6_addr *target,
			      const struct in6_addr *daddr, __be32 flags)
{
	struct nd_frame *na;
	struct sk_buff *skb;

	skb = new_frame(dst, mac, htons(ETH_P_IPV6), sizeof(*na));
	if (!skb)
		return NULL;
	na = (struct nd_frame *)skb->data;
	memset(na, 0, sizeof(*na));
	ip6_flow_hdr(&na->ip6, 0, 0);
	na->ip6.payload_len = htons(sizeof(na->nd));
	na->ip6.nexthdr = IPPROTO_ICMPV6;
	/* RFC 4861 7.1.2: a receiver drops any other hop limit. */
	na->ip6.hop_limit = 255;
	na->ip6.saddr = *target;
	na->ip6.daddr = *daddr;
	na->nd.icmp.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	na->nd.icmp.icmp6_dataun.un_data32[0] = flags;
	na->nd.target = *target;
	na->nd.opt_type = ND_OPT_TARGET_LL_ADDR;
	na->nd.opt_len = (sizeof(struct nd_opt_hdr) + ETH_ALEN) / 8;
	ether_addr_copy(na->nd.lladdr, mac);
	na->nd.icmp.icmp6_cksum =
		csum_ipv6_magic(&na->ip6.saddr, &na->ip6.daddr, sizeof(na->nd),
				IPPROTO_ICMPV6,
				csum_partial(&na->nd, sizeof(na->nd), 0));
	return skb;
}

#define NA_FLAG_SOLICITED	htonl(0x40000000)
#define NA_FLAG_OVERRIDE	htonl(0x20000000)

/* ------------------------------------------------------------------ */
/* Answering.                                                           */

/* The asker's Ethernet header, where a frame received has it. */
static const struct ethhdr *asker_eth(const struct sk_buff *skb)
{
	if (!skb_mac_header_was_set(skb) ||
	    skb->data - skb_mac_header(skb) < ETH_HLEN)
		return NULL;
	return eth_hdr(skb);
}

/* An ARP reply to the request in @skb, from @target at @mac, or NULL. */
static struct sk_buff *answer_arp(struct sk_buff *skb,
				  const struct lbridge_neigh_key *target,
				  const u8 *mac)
{
	const struct ethhdr *eth = asker_eth(skb);
	struct arp_eth_ipv4 buf;
	const struct arp_eth_ipv4 *req;

	if (!eth || eth->h_proto != htons(ETH_P_ARP))
		return NULL;
	req = skb_header_pointer(skb, 0, sizeof(buf), &buf);
	if (!req || req->hrd != htons(ARPHRD_ETHER) ||
	    req->pro != htons(ETH_P_IP) || req->hln != ETH_ALEN ||
	    req->pln != sizeof(req->sip) || req->op != htons(ARPOP_REQUEST))
		return NULL;
	if (target->family != AF_INET || req->tip != target->addr.s6_addr32[0])
		return NULL;
	/*
	 * A probe (RFC 5227: sender 0.0.0.0) must reach everyone, the owner
	 * included, and only the owner may answer it; an asker we could not
	 * answer to gets nothing either.
	 */
	if (ipv4_is_zeronet(req->sip) || ipv4_is_multicast(req->sip) ||
	    ipv4_is_lbcast(req->sip) || ipv4_is_loopback(req->sip) ||
	    !is_valid_ether_addr(req->sha))
		return NULL;
	return new_arp(req->sha, ARPOP_REPLY, mac, req->tip, req->sha, req->sip);
}

/* Whether the ICMPv6 checksum of the @len bytes at @offset in @skb holds. */
static bool icmp6_csum_ok(struct sk_buff *skb, const struct ipv6hdr *ip6,
			  unsigned int offset, unsigned int len)
{
	/* Sent from this host, the checksum is still to be filled in. */
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		return true;
	return !csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len, IPPROTO_ICMPV6,
				skb_checksum(skb, offset, len, 0));
}

/*
 * Whether the bridge may speak for @key in a Neighbour Advertisement.
 * Not for a link-local address: routers are known by theirs, and an NA
 * without the router flag (the bridge cannot know it) makes the hosts
 * that hear it drop that router (RFC 4861 7.2.5). The owner answers.
 */
static bool may_advertise(const struct lbridge_neigh_key *key)
{
	return !(ipv6_addr_type(&key->addr) & IPV6_ADDR_LINKLOCAL);
}

/* A Neighbour Advertisement answering the solicitation in @skb, or NULL. */
static struct sk_buff *answer_ns(struct sk_buff *skb,
				 const struct lbridge_neigh_key *target,
				 const u8 *mac)
{
	const struct ethhdr *eth = asker_eth(skb);
	const struct ns_head *ns;
	struct ns_head buf;
	unsigned int len;

	if (!eth || eth->h_proto != htons(ETH_P_IPV6))
		return NULL;
	ns = skb_header_pointer(skb, 0, sizeof(buf), &buf);
	if (!ns || ns->ip6.version != 6 || ns->ip6.nexthdr != IPPROTO_ICMPV6 ||
	    ns->ip6.hop_limit != 255 ||
	    ns->icmp.icmp6_type != NDISC_NEIGHBOUR_SOLICITATION ||
	    ns->icmp.icmp6_code != 0)
		return NULL;
	len = ntohs(ns->ip6.payload_len);
	if (len < sizeof(*ns) - sizeof(ns->ip6) ||
	    len > skb->len - sizeof(ns->ip6))
		return NULL;
	if (target->family != AF_INET6 || !may_advertise(target) ||
	    !ipv6_addr_equal(&ns->target, &target->addr) ||
	    ipv6_addr_is_multicast(&ns->target) ||
	    ipv6_addr_is_multicast(&ns->ip6.saddr) ||
	    !is_valid_ether_addr(eth->h_source) ||
	    !icmp6_csum_ok(skb, &ns->ip6, sizeof(ns->ip6), len))
		return NULL;
	/*
	 * Duplicate address detection (RFC 4861 7.2.4): the asker has no
	 * address yet, the answer goes to all nodes, not solicited.
	 */
	if (ipv6_addr_any(&ns->ip6.saddr)) {
		u8 all_nodes[ETH_ALEN];

		ipv6_eth_mc_map(&in6addr_linklocal_allnodes, all_nodes);
		return new_na(all_nodes, mac, &ns->target,
			      &in6addr_linklocal_allnodes, NA_FLAG_OVERRIDE);
	}
	/* As the Linux bridge answers: solicited, and overriding. */
	return new_na(eth->h_source, mac, &ns->target, &ns->ip6.saddr,
		      NA_FLAG_SOLICITED | NA_FLAG_OVERRIDE);
}

/*
 * The owner of @target is @mac behind @owner: answers the request in
 * @skb out of @port if the owner could have.
 */
static bool answer_for_rcu(struct lbridge_port *port, struct sk_buff *skb,
			   const struct lbridge_neigh_key *target,
			   struct lbridge_port *owner, const u8 *mac)
{
	struct sk_buff *reply;

	/* The owner answers for itself on its own segment. */
	if (owner == port || !lbridge_port_is_up(owner) ||
	    !lbridge_port_is_up(port))
		return false;
	/* The request would never have reached it: tell nothing. */
	if (READ_ONCE(port->isolated) && READ_ONCE(owner->isolated))
		return false;
	if (skb_vlan_tag_present(skb))
		return false;

	switch (target->family) {
	case AF_INET:
		reply = answer_arp(skb, target, mac);
		break;
	case AF_INET6:
		reply = answer_ns(skb, target, mac);
		break;
	default:
		return false;
	}
	/* Also when out of memory: the request floods as before. */
	if (!reply)
		return false;

	/* Counted as forward.c counts what goes out of a port. */
	skb_push(reply, ETH_HLEN);
	reply->dev = port->dev;
	lbridge_port_count_frame(port, LBRIDGE_PORT_STAT_TX_PACKETS,
				 LBRIDGE_PORT_STAT_TX_BYTES, reply->len);
	lbridge_port_count(port, LBRIDGE_PORT_STAT_NEIGH_SUPPRESSED, 1);
	dev_queue_xmit(reply);
	consume_skb(skb);
	return true;
}

bool lbridge_neigh_answer_rcu(struct lbridge *br, struct lbridge_port *port,
			      struct sk_buff *skb,
			      const struct lbridge_neigh_key *target)
{
	const struct lbridge_neigh_entry *binding;
	u8 mac[ETH_ALEN];

	if (!READ_ONCE(br->neigh.suppress) && !READ_ONCE(port->neigh_suppress))
		return false;
	binding = lbridge_neigh_lookup_rcu(br, target);
	/* Contested: two live MACs claim it, neither is vouched for. A
	 * DHCP ACK vouches for nobody either: only what the owner said.
	 */
	if (!binding || READ_ONCE(binding->contested) ||
	    !lbridge_neigh_heard_from_owner(binding->source))
		return false;
	ether_addr_copy(mac, binding->mac);
	return answer_for_rcu(port, skb, target, READ_ONCE(binding->port), mac);
}

/* ------------------------------------------------------------------ */
/* Announcing.                                                          */

static struct sk_buff *new_announcement(const struct lbridge_neigh_key *key,
					const u8 *mac)
{
	static const u8 zero[ETH_ALEN];
	u8 dst[ETH_ALEN];

	switch (key->family) {
	case AF_INET:
		/* RFC 5227 2.4: an ARP announcement is a request for itself. */
		eth_broadcast_addr(dst);
		return new_arp(dst, ARPOP_REQUEST, mac,
			       key->addr.s6_addr32[0], zero,
			       key->addr.s6_addr32[0]);
	case AF_INET6:
		ipv6_eth_mc_map(&in6addr_linklocal_allnodes, dst);
		return new_na(dst, mac, &key->addr, &in6addr_linklocal_allnodes,
			      NA_FLAG_OVERRIDE);
	}
	return NULL;
}

void lbridge_neigh_announce(struct lbridge *br, struct lbridge_port *port,
			    const struct lbridge_neigh_key *key, const u8 *mac)
{
	struct sk_buff *skb;

	if (!READ_ONCE(br->neigh.announce) || !netif_running(br->dev) ||
	    !is_valid_ether_addr(mac) ||
	    (key->family == AF_INET6 && !may_advertise(key)))
		return;
	if (!__ratelimit(&br->neigh.announcements))
		return;
	/* Counters are per CPU, floods use this CPU's backlog. */
	local_bh_disable();
	skb = new_announcement(key, mac);
	if (!skb) {
		lbridge_port_count(port, LBRIDGE_PORT_STAT_DROP_NOMEM, 1);
		goto out;
	}
	skb_push(skb, ETH_HLEN);
	/* What the host sees of it is a broadcast or multicast received. */
	skb->protocol = eth_type_trans(skb, br->dev);
	lbridge_port_count(port, LBRIDGE_PORT_STAT_ANNOUNCED, 1);
	rcu_read_lock();
	lbridge_flood_for_port_rcu(br, port, skb);
	rcu_read_unlock();
out:
	local_bh_enable();
}

#if IS_ENABLED(CONFIG_LBRIDGE_KUNIT_TEST)
#include "neigh_reply_test.c"
#endif
