// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the binding table and the snooping that fills it. Included by
 * neigh.c. Frames go through the real rx_handler. A truncated frame is
 * made by trimming a whole one: the bytes past its end are still there,
 * so a parser reading past skb->len would find a valid packet and bind.
 */
#include <kunit/test.h>
#include <linux/if_vlan.h>
#include <asm/unaligned.h>

#include "forward.h"
#include "test_fixture.h"

#define NPORTS 3

static const u8 mac_a[ETH_ALEN] __aligned(2) = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x0a };
static const u8 mac_b[ETH_ALEN] __aligned(2) = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x0b };
static const u8 mac_c[ETH_ALEN] __aligned(2) = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x0c };
static const u8 bcast[ETH_ALEN] __aligned(2) = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const u8 mcast6[ETH_ALEN] __aligned(2) = { 0x33, 0x33, 0xff, 0x00, 0x00, 0x0a };

#define IP4(d)	htonl(0x0a000000 | (d))		/* 10.0.0.d */

/* 2001:db8::d */
static struct in6_addr ip6(u8 d)
{
	struct in6_addr a = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8 } };

	a.s6_addr[15] = d;
	return a;
}

/* What neigh_notify was asked to tell, for this case's bridge. */
static DEFINE_SPINLOCK(observed_lock);
static struct {
	struct lbridge *br;
	unsigned int count[__LBRIDGE_NEIGH_EVENT_MAX];
	enum lbridge_neigh_event event;
	int ifindex;
	u8 mac[ETH_ALEN];
	bool has_old;
	u8 old_mac[ETH_ALEN];
	int old_ifindex;
	char old_ifname[IFNAMSIZ];
} observed;

static void test_observe(struct lbridge *br,
			 const struct lbridge_neigh_change *change)
{
	spin_lock_bh(&observed_lock);
	if (br == observed.br) {
		observed.count[change->event]++;
		observed.event = change->event;
		observed.ifindex = change->port->dev->ifindex;
		ether_addr_copy(observed.mac, change->mac);
		observed.has_old = !!change->old_mac;
		if (change->old_mac) {
			ether_addr_copy(observed.old_mac, change->old_mac);
			observed.old_ifindex = change->old_ifindex;
			strscpy(observed.old_ifname, change->old_ifname, IFNAMSIZ);
		}
	}
	spin_unlock_bh(&observed_lock);
}

static unsigned int events(enum lbridge_neigh_event event)
{
	return READ_ONCE(observed.count[event]);
}

static int neigh_test_init(struct kunit *test)
{
	int err = lbridge_test_init(test, NPORTS);

	spin_lock_bh(&observed_lock);
	memset(&observed, 0, sizeof(observed));
	observed.br = err ? NULL : lbridge_test_br(test);
	spin_unlock_bh(&observed_lock);
	return err;
}

static void neigh_test_exit(struct kunit *test)
{
	spin_lock_bh(&observed_lock);
	observed.br = NULL;
	spin_unlock_bh(&observed_lock);
	lbridge_test_exit(test);
}

/*
 * @len bytes of @payload after an Ethernet header of type @proto, from
 * @src on port @i, the frame then cut to @keep bytes after the header (its
 * bytes past that left in place); @vlan: a VLAN tag outside the frame.
 */
static rx_handler_result_t inject_cut(struct kunit *test, unsigned int i,
				      const u8 *dst, const u8 *src, u16 proto,
				      const void *payload, unsigned int len,
				      unsigned int keep, u16 vlan)
{
	struct sk_buff *skb;

	skb = lbridge_test_frame(test, lbridge_test_dev(test, i), dst, src,
				 proto, payload, len, keep, false);
	if (vlan)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), vlan);
	return lbridge_test_rx(skb);
}

static void inject(struct kunit *test, unsigned int i, const u8 *dst,
		   const u8 *src, u16 proto, const void *payload,
		   unsigned int len)
{
	inject_cut(test, i, dst, src, proto, payload, len, len, 0);
}

/* The binding of @key, if it is @mac behind port @i. */
static bool bound(struct kunit *test, const struct lbridge_neigh_key *key,
		  const u8 *mac, unsigned int i)
{
	struct lbridge_neigh_entry *entry;
	bool ok;

	rcu_read_lock();
	entry = lbridge_neigh_lookup_rcu(lbridge_test_br(test), key);
	ok = entry && entry->port == lbridge_test_port(test, i) &&
	     ether_addr_equal(entry->mac, mac);
	rcu_read_unlock();
	return ok;
}

static struct lbridge_neigh_key key4(__be32 addr)
{
	struct lbridge_neigh_key key;

	key_init_ipv4(&key, addr);
	return key;
}

static struct lbridge_neigh_key key6(u8 d)
{
	struct lbridge_neigh_key key;
	struct in6_addr a = ip6(d);

	key_init_ipv6(&key, &a);
	return key;
}

static bool bound4(struct kunit *test, __be32 addr, const u8 *mac,
		   unsigned int i)
{
	struct lbridge_neigh_key key = key4(addr);

	return bound(test, &key, mac, i);
}

static bool bound6(struct kunit *test, u8 d, const u8 *mac, unsigned int i)
{
	struct lbridge_neigh_key key = key6(d);

	return bound(test, &key, mac, i);
}

static unsigned int neigh_count(struct kunit *test)
{
	return READ_ONCE(lbridge_test_br(test)->neigh.count);
}

/* ------------------------------------------------------------------ */
/* ARP.                                                                 */

static void arp_build(struct arp_ipv4 *arp, u16 op, const u8 *sha,
		      __be32 sip, __be32 tip)
{
	memset(arp, 0, sizeof(*arp));
	arp->hdr.ar_hrd = htons(ARPHRD_ETHER);
	arp->hdr.ar_pro = htons(ETH_P_IP);
	arp->hdr.ar_hln = ETH_ALEN;
	arp->hdr.ar_pln = 4;
	arp->hdr.ar_op = htons(op);
	memcpy(arp->sha, sha, ETH_ALEN);
	memcpy(arp->sip, &sip, 4);
	memcpy(arp->tip, &tip, 4);
}

static void send_arp(struct kunit *test, unsigned int i, u16 op,
		     const u8 *sha, __be32 sip, __be32 tip)
{
	struct arp_ipv4 arp;

	arp_build(&arp, op, sha, sip, tip);
	inject(test, i, bcast, sha, ETH_P_ARP, &arp, sizeof(arp));
}

static void arp_request_binds_its_sender(struct kunit *test)
{
	send_arp(test, 1, ARPOP_REQUEST, mac_a, IP4(2), IP4(3));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_a, 1));
	KUNIT_EXPECT_FALSE(test, bound4(test, IP4(3), mac_a, 1));
	KUNIT_EXPECT_EQ(test, 1U, neigh_count(test));
	KUNIT_EXPECT_EQ(test, 1U, READ_ONCE(lbridge_test_port(test, 1)->neigh_count));
	KUNIT_EXPECT_EQ(test, 1U, events(LBRIDGE_NEIGH_EVENT_BIND));
	KUNIT_EXPECT_EQ(test, lbridge_test_dev(test, 1)->ifindex, observed.ifindex);
}

static void arp_reply_binds_its_sender(struct kunit *test)
{
	send_arp(test, 2, ARPOP_REPLY, mac_b, IP4(7), IP4(2));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(7), mac_b, 2));
	KUNIT_EXPECT_EQ(test, 1U, neigh_count(test));
}

static void gratuitous_arp_binds(struct kunit *test)
{
	send_arp(test, 0, ARPOP_REQUEST, mac_a, IP4(9), IP4(9));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(9), mac_a, 0));
}

static void the_same_claim_again_changes_nothing(struct kunit *test)
{
	unsigned long generation;

	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(9), IP4(1));
	generation = READ_ONCE(lbridge_test_br(test)->neigh.generation);
	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(9), IP4(1));
	KUNIT_EXPECT_EQ(test, generation, READ_ONCE(lbridge_test_br(test)->neigh.generation));
	KUNIT_EXPECT_EQ(test, 1U, events(LBRIDGE_NEIGH_EVENT_BIND));
	KUNIT_EXPECT_EQ(test, 1U, neigh_count(test));
}

/* Senders no host may have: DAD probes, and the like. */
static void arp_from_no_host_address_binds_nothing(struct kunit *test)
{
	static const __be32 sips[] = {
		htonl(0x00000000),	/* a DAD probe */
		htonl(0x00000005),	/* 0.0.0.5 */
		htonl(0x7f000001),	/* loopback */
		htonl(0xe0000001),	/* multicast */
		htonl(0xffffffff),	/* limited broadcast */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sips); i++)
		send_arp(test, 0, ARPOP_REQUEST, mac_a, sips[i], IP4(1));
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
}

static void arp_speaking_for_another_mac_binds_nothing(struct kunit *test)
{
	struct arp_ipv4 arp;

	arp_build(&arp, ARPOP_REPLY, mac_b, IP4(4), IP4(1));
	inject(test, 0, bcast, mac_a, ETH_P_ARP, &arp, sizeof(arp));
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
}

/* Each field of the header wrong in turn. */
static void arp_not_ipv4_over_ethernet_binds_nothing(struct kunit *test)
{
	struct arp_ipv4 arp;
	unsigned int i;

	for (i = 0; i < 5; i++) {
		arp_build(&arp, ARPOP_REQUEST, mac_a, IP4(2), IP4(3));
		switch (i) {
		case 0:
			arp.hdr.ar_hrd = htons(ARPHRD_IEEE802);
			break;
		case 1:
			arp.hdr.ar_pro = htons(ETH_P_IPV6);
			break;
		case 2:
			arp.hdr.ar_hln = 8;
			break;
		case 3:
			arp.hdr.ar_pln = 16;
			break;
		case 4:
			arp.hdr.ar_op = htons(ARPOP_RREQUEST);
			break;
		}
		inject(test, 0, bcast, mac_a, ETH_P_ARP, &arp, sizeof(arp));
	}
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
}

static void truncated_arp_binds_nothing(struct kunit *test)
{
	struct arp_ipv4 arp;
	unsigned int keep;

	arp_build(&arp, ARPOP_REPLY, mac_a, IP4(2), IP4(3));
	for (keep = 0; keep < sizeof(arp); keep++)
		inject_cut(test, 0, bcast, mac_a, ETH_P_ARP, &arp, sizeof(arp),
			   keep, 0);
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
	/* The whole one does: the cut frames were refused for their length. */
	inject(test, 0, bcast, mac_a, ETH_P_ARP, &arp, sizeof(arp));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_a, 0));
}

static void padded_arp_binds(struct kunit *test)
{
	u8 frame[ETH_ZLEN] = {};

	arp_build((struct arp_ipv4 *)frame, ARPOP_REPLY, mac_a, IP4(2), IP4(3));
	inject(test, 0, bcast, mac_a, ETH_P_ARP, frame, sizeof(frame));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_a, 0));
}

static void vlan_tagged_arp_binds_nothing(struct kunit *test)
{
	u8 frame[VLAN_HLEN + sizeof(struct arp_ipv4)];
	struct arp_ipv4 arp;

	arp_build(&arp, ARPOP_REPLY, mac_a, IP4(2), IP4(3));
	/* Tag taken off by the NIC. */
	inject_cut(test, 0, bcast, mac_a, ETH_P_ARP, &arp, sizeof(arp),
		   sizeof(arp), 5);
	/* Tag in the frame: 802.1Q and 802.1ad. */
	put_unaligned_be16(5, frame);
	put_unaligned_be16(ETH_P_ARP, frame + 2);
	memcpy(frame + VLAN_HLEN, &arp, sizeof(arp));
	inject(test, 0, bcast, mac_a, ETH_P_8021Q, frame, sizeof(frame));
	inject(test, 0, bcast, mac_a, ETH_P_8021AD, frame, sizeof(frame));
	/* Even the ARP itself, were it read at the tag's place. */
	inject(test, 0, bcast, mac_a, ETH_P_8021Q, &arp, sizeof(arp));
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
}

/* ------------------------------------------------------------------ */
/* Neighbour Discovery.                                                 */

#define ND_OPTS	(sizeof(struct ipv6hdr) + sizeof(struct nd_msg))

/*
 * An NS or NA from @saddr about @target, with a link-layer address option
 * of @opt_type holding @mac (opt_type 0: none). Returns its length.
 */
static unsigned int nd_build(u8 *buf, u8 type, const struct in6_addr *saddr,
			     const struct in6_addr *target, u8 opt_type,
			     const u8 *mac)
{
	struct ipv6hdr *ip6 = (struct ipv6hdr *)buf;
	struct nd_msg *nd = (struct nd_msg *)(buf + sizeof(*ip6));
	unsigned int len = ND_OPTS;

	memset(buf, 0, ND_OPTS + 8);
	ip6->version = 6;
	ip6->nexthdr = IPPROTO_ICMPV6;
	ip6->hop_limit = 255;
	ip6->saddr = *saddr;
	ip6->daddr = *target;
	nd->icmph.icmp6_type = type;
	nd->target = *target;
	if (opt_type) {
		buf[len] = opt_type;
		buf[len + 1] = 1;
		memcpy(buf + len + 2, mac, ETH_ALEN);
		len += 8;
	}
	ip6->payload_len = htons(len - sizeof(*ip6));
	return len;
}

static void send_nd(struct kunit *test, unsigned int i, const u8 *src,
		    const u8 *buf, unsigned int len)
{
	inject(test, i, mcast6, src, ETH_P_IPV6, buf, len);
}

static void ns_with_source_option_binds_its_source(struct kunit *test)
{
	struct in6_addr s = ip6(10), t = ip6(11);
	u8 buf[ND_OPTS + 8];
	unsigned int len;

	len = nd_build(buf, NDISC_NEIGHBOUR_SOLICITATION, &s, &t,
		       ND_OPT_SOURCE_LL_ADDR, mac_a);
	send_nd(test, 1, mac_a, buf, len);
	KUNIT_EXPECT_TRUE(test, bound6(test, 10, mac_a, 1));
	KUNIT_EXPECT_EQ(test, 1U, neigh_count(test));
}

static void ns_that_cannot_be_believed_binds_nothing(struct kunit *test)
{
	struct in6_addr s = ip6(10), t = ip6(11), any = {};
	u8 buf[ND_OPTS + 8];
	unsigned int len;

	/* No source option. */
	len = nd_build(buf, NDISC_NEIGHBOUR_SOLICITATION, &s, &t, 0, NULL);
	send_nd(test, 1, mac_a, buf, len);
	/* A DAD probe. */
	len = nd_build(buf, NDISC_NEIGHBOUR_SOLICITATION, &any, &t,
		       ND_OPT_SOURCE_LL_ADDR, mac_a);
	send_nd(test, 1, mac_a, buf, len);
	/* Speaking for another MAC. */
	len = nd_build(buf, NDISC_NEIGHBOUR_SOLICITATION, &s, &t,
		       ND_OPT_SOURCE_LL_ADDR, mac_b);
	send_nd(test, 1, mac_a, buf, len);
	/* Routed: hop limit below 255. */
	len = nd_build(buf, NDISC_NEIGHBOUR_SOLICITATION, &s, &t,
		       ND_OPT_SOURCE_LL_ADDR, mac_a);
	((struct ipv6hdr *)buf)->hop_limit = 254;
	send_nd(test, 1, mac_a, buf, len);
	/* Behind an extension header (a hop-by-hop one, here). */
	len = nd_build(buf, NDISC_NEIGHBOUR_SOLICITATION, &s, &t,
		       ND_OPT_SOURCE_LL_ADDR, mac_a);
	((struct ipv6hdr *)buf)->nexthdr = NEXTHDR_HOP;
	send_nd(test, 1, mac_a, buf, len);
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
}

static void na_binds_its_target(struct kunit *test)
{
	struct in6_addr s = ip6(20), t = ip6(20);
	u8 buf[ND_OPTS + 8];
	unsigned int len;

	len = nd_build(buf, NDISC_NEIGHBOUR_ADVERTISEMENT, &s, &t,
		       ND_OPT_TARGET_LL_ADDR, mac_a);
	send_nd(test, 0, mac_a, buf, len);
	KUNIT_EXPECT_TRUE(test, bound6(test, 20, mac_a, 0));
	/* Without an option: the frame's source. */
	t = ip6(21);
	len = nd_build(buf, NDISC_NEIGHBOUR_ADVERTISEMENT, &s, &t, 0, NULL);
	send_nd(test, 2, mac_b, buf, len);
	KUNIT_EXPECT_TRUE(test, bound6(test, 21, mac_b, 2));
	KUNIT_EXPECT_EQ(test, 2U, neigh_count(test));
}

static void na_speaking_for_another_mac_binds_nothing(struct kunit *test)
{
	struct in6_addr s = ip6(20), t = ip6(20);
	u8 buf[ND_OPTS + 8];
	unsigned int len;

	len = nd_build(buf, NDISC_NEIGHBOUR_ADVERTISEMENT, &s, &t,
		       ND_OPT_TARGET_LL_ADDR, mac_b);
	send_nd(test, 0, mac_a, buf, len);
	/* A multicast target. */
	t.s6_addr[0] = 0xff;
	len = nd_build(buf, NDISC_NEIGHBOUR_ADVERTISEMENT, &s, &t,
		       ND_OPT_TARGET_LL_ADDR, mac_a);
	send_nd(test, 0, mac_a, buf, len);
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
}

static void nd_with_malformed_options_binds_nothing(struct kunit *test)
{
	struct in6_addr s = ip6(20), t = ip6(20);
	u8 buf[ND_OPTS + 16];
	struct ipv6hdr *ip6h = (struct ipv6hdr *)buf;
	unsigned int len;

	/* Length 0. */
	len = nd_build(buf, NDISC_NEIGHBOUR_ADVERTISEMENT, &s, &t,
		       ND_OPT_TARGET_LL_ADDR, mac_a);
	buf[ND_OPTS + 1] = 0;
	send_nd(test, 0, mac_a, buf, len);
	/* Past the end of the packet, the frame going on beyond it. */
	len = nd_build(buf, NDISC_NEIGHBOUR_ADVERTISEMENT, &s, &t,
		       ND_OPT_TARGET_LL_ADDR, mac_a);
	buf[ND_OPTS + 1] = 2;
	memset(buf + len, 0, 8);
	send_nd(test, 0, mac_a, buf, len + 8);
	/* A second option, length 0, after a good one. */
	len = nd_build(buf, NDISC_NEIGHBOUR_ADVERTISEMENT, &s, &t,
		       ND_OPT_TARGET_LL_ADDR, mac_a);
	memset(buf + len, 0, 8);
	buf[len] = ND_OPT_MTU;
	ip6h->payload_len = htons(len + 8 - sizeof(*ip6h));
	send_nd(test, 0, mac_a, buf, len + 8);
	/* A few bytes of an option. */
	len = nd_build(buf, NDISC_NEIGHBOUR_ADVERTISEMENT, &s, &t,
		       ND_OPT_TARGET_LL_ADDR, mac_a);
	ip6h->payload_len = htons(len + 3 - sizeof(*ip6h));
	memset(buf + len, 0, 8);
	send_nd(test, 0, mac_a, buf, len + 8);
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
}

static void truncated_nd_binds_nothing(struct kunit *test)
{
	struct in6_addr s = ip6(10), t = ip6(11);
	u8 buf[ND_OPTS + 8];
	unsigned int len, keep;

	len = nd_build(buf, NDISC_NEIGHBOUR_SOLICITATION, &s, &t,
		       ND_OPT_SOURCE_LL_ADDR, mac_a);
	for (keep = 0; keep < len; keep++)
		inject_cut(test, 0, mcast6, mac_a, ETH_P_IPV6, buf, len, keep, 0);
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
	send_nd(test, 0, mac_a, buf, len);
	KUNIT_EXPECT_TRUE(test, bound6(test, 10, mac_a, 0));
}

static void padded_nd_binds(struct kunit *test)
{
	struct in6_addr s = ip6(10), t = ip6(11);
	u8 buf[ND_OPTS + 8 + 16];
	unsigned int len;

	len = nd_build(buf, NDISC_NEIGHBOUR_SOLICITATION, &s, &t,
		       ND_OPT_SOURCE_LL_ADDR, mac_a);
	/* Padding is no option, however it looks. */
	memset(buf + len, 0, 16);
	send_nd(test, 0, mac_a, buf, len + 16);
	KUNIT_EXPECT_TRUE(test, bound6(test, 10, mac_a, 0));
}

/* ------------------------------------------------------------------ */
/* DHCP.                                                                */

#define DHCP_LEN	(sizeof(struct iphdr) + sizeof(struct udphdr) + \
			 BOOTP_OPTIONS_OFFSET + 8)

/* A DHCP message of @type giving @yiaddr to @chaddr; its length. */
static unsigned int dhcp_build(u8 *buf, u8 type, const u8 *chaddr,
			       __be32 yiaddr)
{
	struct iphdr *ip = (struct iphdr *)buf;
	struct udphdr *udp = (struct udphdr *)(ip + 1);
	struct bootp_head *bootp = (struct bootp_head *)(udp + 1);
	u8 *opts = (u8 *)bootp + BOOTP_OPTIONS_OFFSET;

	memset(buf, 0, DHCP_LEN);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->tot_len = htons(DHCP_LEN);
	ip->saddr = IP4(1);
	ip->daddr = htonl(0xffffffff);
	udp->source = htons(LBRIDGE_DHCP_SERVER_PORT);
	udp->dest = htons(DHCP_CLIENT_PORT);
	udp->len = htons(DHCP_LEN - sizeof(*ip));
	bootp->op = BOOTP_REPLY;
	bootp->htype = ARPHRD_ETHER;
	bootp->hlen = ETH_ALEN;
	bootp->yiaddr = yiaddr;
	memcpy(bootp->chaddr, chaddr, ETH_ALEN);
	put_unaligned_be32(DHCP_MAGIC, (u8 *)bootp + BOOTP_MAGIC_OFFSET);
	opts[0] = DHCP_OPT_PAD;
	opts[1] = DHCP_OPT_MESSAGE_TYPE;
	opts[2] = 1;
	opts[3] = type;
	opts[4] = DHCP_OPT_END;
	return DHCP_LEN;
}

/* mac_a is learned behind port 1; the server, mac_c, is behind port 0. */
static void learn_client(struct kunit *test)
{
	lbridge_test_receive(test, lbridge_test_dev(test, 1), bcast, mac_a, 64);
}

static void dhcp_ack_binds_behind_the_client_port(struct kunit *test)
{
	u8 buf[DHCP_LEN];

	learn_client(test);
	dhcp_build(buf, DHCP_ACK, mac_a, IP4(50));
	inject(test, 0, bcast, mac_c, ETH_P_IP, buf, sizeof(buf));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(50), mac_a, 1));
	KUNIT_EXPECT_EQ(test, 1U, neigh_count(test));
}

static void dhcp_other_than_ack_binds_nothing(struct kunit *test)
{
	struct iphdr *ip;
	u8 buf[DHCP_LEN];

	learn_client(test);
	dhcp_build(buf, 2 /* OFFER */, mac_a, IP4(50));
	inject(test, 0, bcast, mac_c, ETH_P_IP, buf, sizeof(buf));
	/* A client nobody knows. */
	dhcp_build(buf, DHCP_ACK, mac_b, IP4(51));
	inject(test, 0, bcast, mac_c, ETH_P_IP, buf, sizeof(buf));
	/* A fragment. */
	dhcp_build(buf, DHCP_ACK, mac_a, IP4(52));
	ip = (struct iphdr *)buf;
	ip->frag_off = htons(IP_MF);
	inject(test, 0, bcast, mac_c, ETH_P_IP, buf, sizeof(buf));
	/* Not from the server port. */
	dhcp_build(buf, DHCP_ACK, mac_a, IP4(53));
	((struct udphdr *)(ip + 1))->source = htons(1067);
	inject(test, 0, bcast, mac_c, ETH_P_IP, buf, sizeof(buf));
	/* No magic. */
	dhcp_build(buf, DHCP_ACK, mac_a, IP4(54));
	buf[sizeof(*ip) + sizeof(struct udphdr) + BOOTP_MAGIC_OFFSET] = 0;
	inject(test, 0, bcast, mac_c, ETH_P_IP, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
}

static void dhcp_options_past_the_end_bind_nothing(struct kunit *test)
{
	u8 *opts, buf[DHCP_LEN];

	learn_client(test);
	opts = buf + sizeof(struct iphdr) + sizeof(struct udphdr) +
	       BOOTP_OPTIONS_OFFSET;
	/* An option longer than what is left: message type beyond it. */
	dhcp_build(buf, DHCP_ACK, mac_a, IP4(50));
	opts[0] = 12;
	opts[1] = 200;
	inject(test, 0, bcast, mac_c, ETH_P_IP, buf, sizeof(buf));
	/* The message type's value beyond the UDP length. */
	dhcp_build(buf, DHCP_ACK, mac_a, IP4(50));
	put_unaligned_be16(DHCP_LEN - sizeof(struct iphdr) - 5, buf + 24);
	inject(test, 0, bcast, mac_c, ETH_P_IP, buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
}

/*
 * What the datapath's quick look cannot answer from the head goes to the
 * full parse: an ACK whose IP header has options, and one whose headers
 * are all in a page fragment, as a NIC with header split hands them in.
 */
static void dhcp_ack_with_ip_options_binds(struct kunit *test)
{
	u8 buf[DHCP_LEN + 4];
	struct iphdr *ip = (struct iphdr *)buf;

	learn_client(test);
	/* Four bytes of options (three NOPs, an end) after the header. */
	dhcp_build(buf + 4, DHCP_ACK, mac_a, IP4(50));
	memmove(buf, buf + 4, sizeof(*ip));
	memset(buf + sizeof(*ip), IPOPT_NOOP, 3);
	buf[sizeof(*ip) + 3] = IPOPT_END;
	ip->ihl = 6;
	ip->tot_len = htons(sizeof(buf));
	inject(test, 0, bcast, mac_c, ETH_P_IP, buf, sizeof(buf));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(50), mac_a, 1));
}

static void dhcp_ack_outside_the_head_binds(struct kunit *test)
{
	u8 buf[DHCP_LEN];
	struct sk_buff *skb;

	learn_client(test);
	dhcp_build(buf, DHCP_ACK, mac_a, IP4(50));
	skb = lbridge_test_frame(test, lbridge_test_dev(test, 0), bcast, mac_c,
				 ETH_P_IP, buf, sizeof(buf), sizeof(buf), true);
	KUNIT_EXPECT_EQ(test, 0U, skb_headlen(skb));
	lbridge_test_rx(skb);
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(50), mac_a, 1));
}

static void truncated_dhcp_binds_nothing(struct kunit *test)
{
	u8 buf[DHCP_LEN];
	unsigned int keep;

	learn_client(test);
	dhcp_build(buf, DHCP_ACK, mac_a, IP4(50));
	for (keep = 0; keep < sizeof(buf); keep++)
		inject_cut(test, 0, bcast, mac_c, ETH_P_IP, buf, sizeof(buf),
			   keep, 0);
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
	inject(test, 0, bcast, mac_c, ETH_P_IP, buf, sizeof(buf));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(50), mac_a, 1));
}

/* ------------------------------------------------------------------ */
/* The table.                                                           */

static void a_port_at_its_cap_binds_no_more(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);

	WRITE_ONCE(br->neigh.port_max, 2);
	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(3), IP4(1));
	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(4), IP4(1));
	KUNIT_EXPECT_FALSE(test, bound4(test, IP4(4), mac_a, 0));
	KUNIT_EXPECT_EQ(test, 1ULL, lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_NEIGH_CAP));
	/* Nor one taken from another port. */
	send_arp(test, 1, ARPOP_REPLY, mac_b, IP4(5), IP4(1));
	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(5), IP4(1));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(5), mac_b, 1));
	KUNIT_EXPECT_EQ(test, 2ULL, lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_NEIGH_CAP));
	/* Other ports still bind. */
	send_arp(test, 1, ARPOP_REPLY, mac_b, IP4(6), IP4(1));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(6), mac_b, 1));
	KUNIT_EXPECT_EQ(test, 4U, neigh_count(test));
}

static void a_bridge_at_its_cap_binds_no_more(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);

	WRITE_ONCE(br->neigh.max, 2);
	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	send_arp(test, 1, ARPOP_REPLY, mac_b, IP4(3), IP4(1));
	send_arp(test, 2, ARPOP_REPLY, mac_c, IP4(4), IP4(1));
	KUNIT_EXPECT_FALSE(test, bound4(test, IP4(4), mac_c, 2));
	KUNIT_EXPECT_EQ(test, 2U, neigh_count(test));
	KUNIT_EXPECT_EQ(test, 1ULL, lbridge_test_counter(test, 2, LBRIDGE_PORT_STAT_NEIGH_CAP));
	KUNIT_EXPECT_EQ(test, 0ULL, lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_NEIGH_CAP));
}

static bool contested(struct kunit *test, __be32 ip)
{
	struct lbridge_neigh_key key = key4(ip);
	struct lbridge_neigh_entry *entry;
	bool yes;

	rcu_read_lock();
	entry = lbridge_neigh_lookup_rcu(lbridge_test_br(test), &key);
	yes = entry && READ_ONCE(entry->contested);
	rcu_read_unlock();
	return yes;
}

/*
 * Two live MACs behind two ports claim one IP: told once, the first keeps
 * it (a spoofer takes nothing), and neither is vouched for any more.
 */
static void a_second_live_claim_is_a_conflict(struct kunit *test)
{
	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	send_arp(test, 1, ARPOP_REPLY, mac_b, IP4(2), IP4(1));
	KUNIT_EXPECT_EQ(test, 1U, events(LBRIDGE_NEIGH_EVENT_CONFLICT));
	KUNIT_EXPECT_EQ(test, 0U, events(LBRIDGE_NEIGH_EVENT_REBIND));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_a, 0));
	KUNIT_EXPECT_TRUE(test, contested(test, IP4(2)));
	KUNIT_EXPECT_TRUE(test, observed.has_old);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac_a, observed.old_mac));
	KUNIT_EXPECT_EQ(test, lbridge_test_dev(test, 0)->ifindex, observed.old_ifindex);
	KUNIT_EXPECT_EQ(test, 1U, neigh_count(test));
	KUNIT_EXPECT_EQ(test, 0U, READ_ONCE(lbridge_test_port(test, 1)->neigh_count));
	/* Claiming again tells nothing new. */
	send_arp(test, 1, ARPOP_REPLY, mac_b, IP4(2), IP4(1));
	KUNIT_EXPECT_EQ(test, 1U, events(LBRIDGE_NEIGH_EVENT_CONFLICT));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_a, 0));
}

/* A DHCP ACK vouches for nobody: it never displaces a live binding. */
static void a_dhcp_ack_never_displaces_a_live_binding(struct kunit *test)
{
	u8 buf[DHCP_LEN];

	learn_client(test);
	send_arp(test, 2, ARPOP_REPLY, mac_b, IP4(50), IP4(1));
	dhcp_build(buf, DHCP_ACK, mac_a, IP4(50));
	inject(test, 0, bcast, mac_c, ETH_P_IP, buf, sizeof(buf));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(50), mac_b, 2));
	KUNIT_EXPECT_FALSE(test, contested(test, IP4(50)));
	KUNIT_EXPECT_EQ(test, 0U, events(LBRIDGE_NEIGH_EVENT_CONFLICT));
}

/*
 * The host's own addresses are the host's: no container binds them. The
 * loopback device's, which the kernel adds as it comes up, stand for all
 * (the parsers refuse loopback addresses before asking, too).
 */
static void the_host_knows_its_own_addresses(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct lbridge_neigh_key key;
	int err = 0;

	rtnl_lock();
	if (!(init_net.loopback_dev->flags & IFF_UP))
		err = dev_open(init_net.loopback_dev, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, 0, err);
	rcu_read_lock();
	key = key4(htonl(INADDR_LOOPBACK));
	KUNIT_EXPECT_TRUE(test, host_address_rcu(br, &key));
	key = key4(IP4(2));
	KUNIT_EXPECT_FALSE(test, host_address_rcu(br, &key));
	memset(&key, 0, sizeof(key));
	key.family = AF_INET6;
	key.addr = in6addr_loopback;
	KUNIT_EXPECT_TRUE(test, host_address_rcu(br, &key));
	key.addr.s6_addr[0] = 0xfd;
	KUNIT_EXPECT_FALSE(test, host_address_rcu(br, &key));
	rcu_read_unlock();
}

/* The old claim is stale, or behind the same port: the address moved. */
static void a_claim_over_a_dead_one_is_a_rebind(struct kunit *test)
{
	struct lbridge_neigh_entry *entry;
	struct lbridge_neigh_key key = key4(IP4(2));

	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	rcu_read_lock();
	entry = lbridge_neigh_lookup_rcu(lbridge_test_br(test), &key);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	WRITE_ONCE(entry->updated, entry->updated - LBRIDGE_DEFAULT_AGEING_SECS - 1);
	rcu_read_unlock();
	send_arp(test, 1, ARPOP_REPLY, mac_b, IP4(2), IP4(1));
	KUNIT_EXPECT_EQ(test, 1U, events(LBRIDGE_NEIGH_EVENT_REBIND));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_b, 1));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac_a, observed.old_mac));
	/* Another MAC behind the same port. */
	send_arp(test, 1, ARPOP_REPLY, mac_c, IP4(2), IP4(1));
	KUNIT_EXPECT_EQ(test, 2U, events(LBRIDGE_NEIGH_EVENT_REBIND));
	KUNIT_EXPECT_EQ(test, 0U, events(LBRIDGE_NEIGH_EVENT_CONFLICT));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_c, 1));
	KUNIT_EXPECT_EQ(test, 1U, neigh_count(test));
}

/* A container recreated: its port gone with its binding, a new MAC on a new port. */
static void a_recreated_container_is_a_rebind(struct kunit *test)
{
	char old_name[IFNAMSIZ];
	int old_ifindex;

	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	strscpy(old_name, lbridge_test_dev(test, 0)->name, IFNAMSIZ);
	old_ifindex = lbridge_test_dev(test, 0)->ifindex;
	lbridge_test_dev_remove(test, 0);
	KUNIT_EXPECT_EQ(test, 1U, events(LBRIDGE_NEIGH_EVENT_UNBIND));
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));

	send_arp(test, 1, ARPOP_REQUEST, mac_b, IP4(2), IP4(1));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_b, 1));
	KUNIT_EXPECT_EQ(test, 1U, events(LBRIDGE_NEIGH_EVENT_REBIND));
	KUNIT_EXPECT_EQ(test, 1U, events(LBRIDGE_NEIGH_EVENT_BIND));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac_a, observed.old_mac));
	KUNIT_EXPECT_EQ(test, old_ifindex, observed.old_ifindex);
	KUNIT_EXPECT_STREQ(test, old_name, observed.old_ifname);
}

/* The same MAC back on the same port is no move; a memory serves once. */
static void a_binding_back_as_it_was_is_a_bind(struct kunit *test)
{
	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	KUNIT_ASSERT_EQ(test, 0, lbridge_test_fdb_del(test, lbridge_test_port(test, 0), mac_a));
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	KUNIT_EXPECT_EQ(test, 2U, events(LBRIDGE_NEIGH_EVENT_BIND));
	KUNIT_EXPECT_EQ(test, 0U, events(LBRIDGE_NEIGH_EVENT_REBIND));
}

static void a_mac_leaving_its_port_takes_its_bindings(struct kunit *test)
{
	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(3), IP4(1));
	send_arp(test, 0, ARPOP_REPLY, mac_b, IP4(4), IP4(1));
	KUNIT_ASSERT_EQ(test, 3U, neigh_count(test));

	/* Deleted from the FDB. */
	KUNIT_ASSERT_EQ(test, 0, lbridge_test_fdb_del(test, lbridge_test_port(test, 0), mac_a));
	KUNIT_EXPECT_EQ(test, 2U, events(LBRIDGE_NEIGH_EVENT_UNBIND));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(4), mac_b, 0));
	KUNIT_EXPECT_EQ(test, 1U, neigh_count(test));

	/* Moved to another port. */
	lbridge_test_receive(test, lbridge_test_dev(test, 2), bcast, mac_b, 64);
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
	KUNIT_EXPECT_EQ(test, 0U, READ_ONCE(lbridge_test_port(test, 0)->neigh_count));
	KUNIT_EXPECT_EQ(test, 3U, events(LBRIDGE_NEIGH_EVENT_UNBIND));
}

static void a_flushed_port_loses_its_bindings(struct kunit *test)
{
	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	send_arp(test, 1, ARPOP_REPLY, mac_b, IP4(3), IP4(1));
	lbridge_fdb_flush(lbridge_test_br(test), lbridge_test_port(test, 0),
			  LBRIDGE_FLUSH_F_DYNAMIC);
	KUNIT_EXPECT_EQ(test, 1U, neigh_count(test));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(3), mac_b, 1));
}

static void a_port_leaving_takes_its_bindings(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);

	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	send_arp(test, 0, ARPOP_REPLY, mac_b, IP4(3), IP4(1));
	send_arp(test, 1, ARPOP_REPLY, mac_c, IP4(4), IP4(1));
	rtnl_lock();
	lbridge_neigh_forget_port(br, lbridge_test_port(test, 0));
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, 1U, neigh_count(test));
	KUNIT_EXPECT_EQ(test, 2U, events(LBRIDGE_NEIGH_EVENT_UNBIND));
	/* And through the real removal, with the FDB first. */
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, 0, lbridge_port_del(br, lbridge_test_dev(test, 1), NULL));
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
}

static void bindings_not_seen_for_the_ageing_time_go(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct lbridge_neigh_entry *entry;
	struct lbridge_neigh_key key = key4(IP4(2));

	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(3), IP4(1));
	rcu_read_lock();
	entry = lbridge_neigh_lookup_rcu(br, &key);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	WRITE_ONCE(entry->updated, lbridge_fdb_now() - 100);
	rcu_read_unlock();

	/* Ten seconds short of its age, and not one: the clock may tick
	 * between two lines here.
	 */
	lbridge_neigh_age(br, 110);
	KUNIT_EXPECT_EQ(test, 2U, neigh_count(test));
	lbridge_neigh_age(br, 0);
	KUNIT_EXPECT_EQ(test, 2U, neigh_count(test));
	lbridge_neigh_age(br, 100);
	KUNIT_EXPECT_EQ(test, 1U, neigh_count(test));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(3), mac_a, 0));
	KUNIT_EXPECT_EQ(test, 1U, events(LBRIDGE_NEIGH_EVENT_UNBIND));
}

static void a_walk_resumes_at_its_cursor(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct lbridge_neigh_cursor cursor = {};
	struct lbridge_neigh_entry *entry;
	struct lbridge_neigh_key second;
	unsigned int n = 0;

	send_arp(test, 0, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	send_arp(test, 1, ARPOP_REPLY, mac_b, IP4(3), IP4(1));
	send_arp(test, 2, ARPOP_REPLY, mac_c, IP4(4), IP4(1));

	rcu_read_lock();
	entry = lbridge_neigh_walk_rcu(br, &cursor);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(entry));
	entry = hlist_entry_safe(rcu_dereference(hlist_next_rcu(&entry->list)),
				 struct lbridge_neigh_entry, list);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	lbridge_neigh_cursor_stop_at(&cursor, entry);
	second = entry->key;
	rcu_read_unlock();

	rcu_read_lock();
	entry = lbridge_neigh_walk_rcu(br, &cursor);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(entry));
	KUNIT_EXPECT_EQ(test, 0, memcmp(&second, &entry->key, sizeof(second)));
	hlist_for_each_entry_from_rcu(entry, list)
		n++;
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, 2U, n);

	/* The binding to resume at goes: the place is lost. */
	rcu_read_lock();
	entry = lbridge_neigh_lookup_rcu(br, &second);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	WRITE_ONCE(entry->updated, entry->updated - 1000);
	rcu_read_unlock();
	lbridge_neigh_age(br, 1000);
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, ERR_PTR(-ENOENT), lbridge_neigh_walk_rcu(br, &cursor));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, 2U, neigh_count(test));
}

static struct kunit_case lbridge_neigh_cases[] = {
	KUNIT_CASE(arp_request_binds_its_sender),
	KUNIT_CASE(arp_reply_binds_its_sender),
	KUNIT_CASE(gratuitous_arp_binds),
	KUNIT_CASE(the_same_claim_again_changes_nothing),
	KUNIT_CASE(arp_from_no_host_address_binds_nothing),
	KUNIT_CASE(arp_speaking_for_another_mac_binds_nothing),
	KUNIT_CASE(arp_not_ipv4_over_ethernet_binds_nothing),
	KUNIT_CASE(truncated_arp_binds_nothing),
	KUNIT_CASE(padded_arp_binds),
	KUNIT_CASE(vlan_tagged_arp_binds_nothing),
	KUNIT_CASE(ns_with_source_option_binds_its_source),
	KUNIT_CASE(ns_that_cannot_be_believed_binds_nothing),
	KUNIT_CASE(na_binds_its_target),
	KUNIT_CASE(na_speaking_for_another_mac_binds_nothing),
	KUNIT_CASE(nd_with_malformed_options_binds_nothing),
	KUNIT_CASE(truncated_nd_binds_nothing),
	KUNIT_CASE(padded_nd_binds),
	KUNIT_CASE(dhcp_ack_binds_behind_the_client_port),
	KUNIT_CASE(dhcp_other_than_ack_binds_nothing),
	KUNIT_CASE(dhcp_options_past_the_end_bind_nothing),
	KUNIT_CASE(dhcp_ack_with_ip_options_binds),
	KUNIT_CASE(dhcp_ack_outside_the_head_binds),
	KUNIT_CASE(truncated_dhcp_binds_nothing),
	KUNIT_CASE(a_port_at_its_cap_binds_no_more),
	KUNIT_CASE(a_bridge_at_its_cap_binds_no_more),
	KUNIT_CASE(a_second_live_claim_is_a_conflict),
	KUNIT_CASE(a_dhcp_ack_never_displaces_a_live_binding),
	KUNIT_CASE(the_host_knows_its_own_addresses),
	KUNIT_CASE(a_claim_over_a_dead_one_is_a_rebind),
	KUNIT_CASE(a_recreated_container_is_a_rebind),
	KUNIT_CASE(a_binding_back_as_it_was_is_a_bind),
	KUNIT_CASE(a_mac_leaving_its_port_takes_its_bindings),
	KUNIT_CASE(a_flushed_port_loses_its_bindings),
	KUNIT_CASE(a_port_leaving_takes_its_bindings),
	KUNIT_CASE(bindings_not_seen_for_the_ageing_time_go),
	KUNIT_CASE(a_walk_resumes_at_its_cursor),
	{}
};

static struct kunit_suite lbridge_neigh_suite = {
	.name = "lbridge_neigh",
	.suite_init = lbridge_test_suite_init,
	.suite_exit = lbridge_test_suite_exit,
	.init = neigh_test_init,
	.exit = neigh_test_exit,
	.test_cases = lbridge_neigh_cases,
};

kunit_test_suite(lbridge_neigh_suite);
