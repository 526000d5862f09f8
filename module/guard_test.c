// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: port security's classifiers. Included by guard.c. The verdict
 * of lbridge_guard_classify_rcu on frames made by hand, each refused one
 * beside one that passes, and what the real rx_handler does with a
 * guarded port's spoofed frame: dropped, counted, sent nowhere, learned
 * nowhere. A truncated frame is made by trimming a whole one: the bytes
 * past its end are still there, so a parser reading past skb->len would
 * find a valid packet and pass it.
 */
#include <kunit/test.h>
#include <asm/unaligned.h>

#include "test_fixture.h"

#define NPORTS 3

static const u8 mac_a[ETH_ALEN] __aligned(2) = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x0a };
static const u8 mac_b[ETH_ALEN] __aligned(2) = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x0b };
static const u8 mac_c[ETH_ALEN] __aligned(2) = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x0c };
static const u8 bcast[ETH_ALEN] __aligned(2) = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const u8 mcast6[ETH_ALEN] __aligned(2) = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 };

#define IP4(d)	htonl(0x0a000000 | (d))		/* 10.0.0.d */

#define ALL_GUARDS	(LBRIDGE_GUARD_SOURCE | LBRIDGE_GUARD_RA | LBRIDGE_GUARD_DHCP)

/* Each guard alone: what any guard does, each must do. */
static const u8 each_guard[] = {
	LBRIDGE_GUARD_SOURCE, LBRIDGE_GUARD_RA, LBRIDGE_GUARD_DHCP,
};

/* 2001:db8::d */
static struct in6_addr ip6(u8 d)
{
	struct in6_addr a = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8 } };

	a.s6_addr[15] = d;
	return a;
}

static struct lbridge_neigh_key key4(__be32 addr)
{
	struct lbridge_neigh_key key;

	key_ipv4(&key, addr);
	return key;
}

static struct lbridge_neigh_key key6(u8 d)
{
	struct lbridge_neigh_key key;
	struct in6_addr a = ip6(d);

	key_ipv6(&key, &a);
	return key;
}

static int guard_test_init(struct kunit *test)
{
	return lbridge_test_init(test, NPORTS);
}

static void set_guards(struct kunit *test, unsigned int i, u8 guards)
{
	rtnl_lock();
	lbridge_guard_set(lbridge_test_port(test, i), guards);
	rtnl_unlock();
}

/* Allows (@add) or denies @mac, or @key if @mac is NULL, on port @i. */
static int allow(struct kunit *test, unsigned int i, const u8 *mac,
		 const struct lbridge_neigh_key *key, bool add)
{
	int err;

	rtnl_lock();
	err = lbridge_guard_allow(lbridge_test_port(test, i), mac, key, add, NULL);
	rtnl_unlock();
	return err;
}

static bool fixed_mac(struct kunit *test, unsigned int i, u8 *mac)
{
	return lbridge_guard_mac(lbridge_test_port(test, i), mac);
}

static u64 counter(struct kunit *test, unsigned int i,
		   enum lbridge_port_stat stat)
{
	return lbridge_test_counter(test, i, stat);
}

/* Whether @key is bound to @mac behind port @i. */
static bool bound(struct kunit *test, const struct lbridge_neigh_key *key,
		  const u8 *mac, unsigned int i)
{
	struct lbridge_neigh_entry *entry;
	bool ok;

	rcu_read_lock();
	entry = lbridge_neigh_lookup_rcu(lbridge_test_br(test), key);
	ok = entry && READ_ONCE(entry->port) == lbridge_test_port(test, i) &&
	     ether_addr_equal(entry->mac, mac);
	rcu_read_unlock();
	return ok;
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

/* The port the FDB has @mac behind; NULL if it has no entry for it. */
static struct lbridge_port *fdb_port(struct kunit *test, const u8 *mac)
{
	struct lbridge_fdb_entry *fdb;
	struct lbridge_port *port;

	rcu_read_lock();
	fdb = lbridge_test_fdb_lookup_rcu(test, mac);
	port = fdb ? READ_ONCE(fdb->port) : NULL;
	rcu_read_unlock();
	return port;
}

static bool in_fdb(struct kunit *test, const u8 *mac)
{
	bool yes;

	rcu_read_lock();
	yes = !!lbridge_test_fdb_lookup_rcu(test, mac);
	rcu_read_unlock();
	return yes;
}

/*
 * @len bytes of @payload after an Ethernet header of type @proto, from
 * @src to @dst on port @i, cut to @keep bytes after the header (its
 * bytes past that left in place), as the driver hands it over.
 */
static struct sk_buff *frame(struct kunit *test, unsigned int i,
			     const u8 *dst, const u8 *src, u16 proto,
			     const void *payload, unsigned int len,
			     unsigned int keep)
{
	return lbridge_test_frame(test, lbridge_test_dev(test, i), dst, src,
				  proto, payload, len, keep, false);
}

/* The classifier's verdict on @skb from port @i under @guards. Consumed. */
static enum lbridge_port_stat classify_skb(struct kunit *test, unsigned int i,
					   struct sk_buff *skb, u8 guards,
					   struct lbridge_guard_offence *off)
{
	struct lbridge_guard_offence scratch;
	enum lbridge_port_stat stat;

	local_bh_disable();
	rcu_read_lock();
	stat = lbridge_guard_classify_rcu(lbridge_test_br(test),
					  lbridge_test_port(test, i), skb,
					  guards, off ?: &scratch);
	rcu_read_unlock();
	local_bh_enable();
	kfree_skb(skb);
	return stat;
}

/* The verdict on a frame from @src on port @i, cut to @keep bytes. */
static enum lbridge_port_stat classify_cut(struct kunit *test, unsigned int i,
					   u8 guards, const u8 *src, u16 proto,
					   const void *payload, unsigned int len,
					   unsigned int keep)
{
	return classify_skb(test, i,
			    frame(test, i, bcast, src, proto, payload, len, keep),
			    guards, NULL);
}

/* The same, whole, @off (if not NULL) told what it was. */
static enum lbridge_port_stat classify(struct kunit *test, unsigned int i,
				       u8 guards, const u8 *src, u16 proto,
				       const void *payload, unsigned int len,
				       struct lbridge_guard_offence *off)
{
	return classify_skb(test, i,
			    frame(test, i, bcast, src, proto, payload, len, len),
			    guards, off);
}

/* Through the port's rx_handler: what it made of the frame. */
static rx_handler_result_t rx(struct kunit *test, unsigned int i,
			      const u8 *dst, const u8 *src, u16 proto,
			      const void *payload, unsigned int len)
{
	return lbridge_test_rx(frame(test, i, dst, src, proto, payload, len, len));
}

/* A payload no classifier reads: only the source MAC is checked. */
static enum lbridge_port_stat classify_mac(struct kunit *test, unsigned int i,
					   u8 guards, const u8 *src,
					   struct lbridge_guard_offence *off)
{
	static const u8 payload[46];

	return classify(test, i, guards, src, ETH_P_802_EX1, payload,
			sizeof(payload), off);
}

/* ------------------------------------------------------------------ */
/* Frames.                                                              */

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

static enum lbridge_port_stat classify_arp(struct kunit *test, unsigned int i,
					   const u8 *src,
					   const struct arp_ipv4 *arp,
					   struct lbridge_guard_offence *off)
{
	return classify(test, i, LBRIDGE_GUARD_SOURCE, src, ETH_P_ARP, arp,
			sizeof(*arp), off);
}

#define IP4_LEN	(sizeof(struct iphdr) + sizeof(struct udphdr) + 8)

/* An IPv4 packet of @proto from @saddr, its ports @sport and @dport. */
static unsigned int ip4_build(u8 *buf, __be32 saddr, u8 proto, u16 sport,
			      u16 dport)
{
	struct iphdr *ip = (struct iphdr *)buf;
	struct udphdr *udp = (struct udphdr *)(ip + 1);

	memset(buf, 0, IP4_LEN);
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = proto;
	ip->tot_len = htons(IP4_LEN);
	ip->saddr = saddr;
	ip->daddr = IP4(1);
	udp->source = htons(sport);
	udp->dest = htons(dport);
	udp->len = htons(IP4_LEN - sizeof(*ip));
	return IP4_LEN;
}

static enum lbridge_port_stat classify_ip4(struct kunit *test, unsigned int i,
					   u8 guards, const u8 *buf,
					   struct lbridge_guard_offence *off)
{
	return classify(test, i, guards, mac_a, ETH_P_IP, buf, IP4_LEN, off);
}

/* A DHCP client message: IPv4, UDP, BOOTP up to its client's address. */
#define DHCPC_LEN	(sizeof(struct iphdr) + sizeof(struct udphdr) + 44)

static unsigned int dhcp_client_build(u8 *buf, __be32 saddr, const u8 *chaddr)
{
	struct iphdr *ip = (struct iphdr *)buf;
	u8 *bootp = buf + sizeof(*ip) + sizeof(struct udphdr);

	memset(buf, 0, DHCPC_LEN);
	ip4_build(buf, saddr, IPPROTO_UDP, 68, 67);
	ip->daddr = htonl(0xffffffff);
	ip->tot_len = htons(DHCPC_LEN);
	((struct udphdr *)(ip + 1))->len = htons(DHCPC_LEN - sizeof(*ip));
	bootp[0] = 1;			/* BOOTREQUEST */
	bootp[1] = ARPHRD_ETHER;
	bootp[2] = ETH_ALEN;
	memcpy(bootp + 28, chaddr, ETH_ALEN);
	return DHCPC_LEN;
}

/* Room for an IPv6 packet with a few extension headers. */
#define IP6_MAX	160

/* An IPv6 packet from @saddr, @len bytes of upper header @nexthdr (zero). */
static unsigned int ip6_build(u8 *buf, const struct in6_addr *saddr,
			      u8 nexthdr, unsigned int len)
{
	struct ipv6hdr *ip6h = (struct ipv6hdr *)buf;

	memset(buf, 0, IP6_MAX);
	ip6h->version = 6;
	ip6h->nexthdr = nexthdr;
	ip6h->hop_limit = 255;
	ip6h->payload_len = htons(len);
	ip6h->saddr = *saddr;
	ip6h->daddr.s6_addr[0] = 0xff;
	ip6h->daddr.s6_addr[1] = 0x02;
	ip6h->daddr.s6_addr[15] = 0x01;
	return sizeof(*ip6h) + len;
}

/* ICMPv6 of @type, @len bytes of it. */
static unsigned int icmp6_build(u8 *buf, const struct in6_addr *saddr,
				u8 type, unsigned int len)
{
	unsigned int n = ip6_build(buf, saddr, IPPROTO_ICMPV6, len);

	buf[sizeof(struct ipv6hdr)] = type;
	return n;
}

static unsigned int udp6_build(u8 *buf, const struct in6_addr *saddr,
			       u16 sport, u16 dport)
{
	unsigned int n = ip6_build(buf, saddr, IPPROTO_UDP, 16);
	struct udphdr *udp = (struct udphdr *)(buf + sizeof(struct ipv6hdr));

	udp->source = htons(sport);
	udp->dest = htons(dport);
	udp->len = htons(16);
	return n;
}

/*
 * The packet of @len bytes in @buf with an extension header of @type put
 * right after the IPv6 header: 8 bytes, a PadN option in them, or a
 * fragment header of @frag_off. Its new length.
 */
static unsigned int ip6_insert(u8 *buf, unsigned int len, u8 type,
			       u16 frag_off)
{
	struct ipv6hdr *ip6h = (struct ipv6hdr *)buf;
	u8 *ext = buf + sizeof(*ip6h);

	memmove(ext + 8, ext, len - sizeof(*ip6h));
	memset(ext, 0, 8);
	ext[0] = ip6h->nexthdr;
	if (type == NEXTHDR_FRAGMENT) {
		put_unaligned_be16(frag_off, ext + 2);
		put_unaligned_be32(1, ext + 4);
	} else {
		ext[2] = IPV6_TLV_PADN;
		ext[3] = 4;
	}
	ip6h->nexthdr = type;
	ip6h->payload_len = htons(ntohs(ip6h->payload_len) + 8);
	return len + 8;
}

#define ND_OPTS	(sizeof(struct ipv6hdr) + sizeof(struct nd_msg))

/*
 * An NS or NA from @saddr about @target, with a link-layer address option
 * of @opt_type holding @mac (opt_type 0: none). Its length.
 */
static unsigned int nd_build(u8 *buf, u8 type, const struct in6_addr *saddr,
			     const struct in6_addr *target, u8 opt_type,
			     const u8 *mac)
{
	unsigned int len = icmp6_build(buf, saddr, type, sizeof(struct nd_msg));
	struct nd_msg *nd = (struct nd_msg *)(buf + sizeof(struct ipv6hdr));
	struct ipv6hdr *ip6h = (struct ipv6hdr *)buf;

	nd->target = *target;
	if (opt_type) {
		buf[len] = opt_type;
		buf[len + 1] = 1;
		memcpy(buf + len + 2, mac, ETH_ALEN);
		len += 8;
	}
	ip6h->payload_len = htons(len - sizeof(*ip6h));
	return len;
}

static enum lbridge_port_stat classify_ip6(struct kunit *test, unsigned int i,
					   u8 guards, const u8 *buf,
					   unsigned int len,
					   struct lbridge_guard_offence *off)
{
	return classify(test, i, guards, mac_a, ETH_P_IPV6, buf, len, off);
}

/* mac_b, behind port 1 (unguarded), claims @addr with an ARP reply. */
static void claim4_elsewhere(struct kunit *test, __be32 addr)
{
	struct arp_ipv4 arp;

	arp_build(&arp, ARPOP_REPLY, mac_b, addr, IP4(1));
	rx(test, 1, bcast, mac_b, ETH_P_ARP, &arp, sizeof(arp));
	KUNIT_ASSERT_TRUE(test, bound4(test, addr, mac_b, 1));
}

/* mac_b, behind port 1 (unguarded), claims 2001:db8::@d with an NA. */
static void claim6_elsewhere(struct kunit *test, u8 d)
{
	struct in6_addr a = ip6(d);
	u8 buf[IP6_MAX];
	unsigned int len;

	len = nd_build(buf, NDISC_NEIGHBOUR_ADVERTISEMENT, &a, &a,
		       ND_OPT_TARGET_LL_ADDR, mac_b);
	rx(test, 1, mcast6, mac_b, ETH_P_IPV6, buf, len);
	KUNIT_ASSERT_TRUE(test, bound6(test, d, mac_b, 1));
}

/* ------------------------------------------------------------------ */
/* The source MAC.                                                      */

static void the_first_frame_fixes_the_port_mac(struct kunit *test)
{
	struct lbridge_guard_offence off;
	u8 mac[ETH_ALEN];

	KUNIT_EXPECT_FALSE(test, fixed_mac(test, 0, mac));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_mac(test, 0, LBRIDGE_GUARD_SOURCE, mac_a, NULL));
	KUNIT_ASSERT_TRUE(test, fixed_mac(test, 0, mac));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac_a, mac));

	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC,
			classify_mac(test, 0, LBRIDGE_GUARD_SOURCE, mac_b, &off));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac_b, off.mac));
	KUNIT_EXPECT_NULL(test, off.owner);
	/* A refused frame fixes nothing. */
	KUNIT_ASSERT_TRUE(test, fixed_mac(test, 0, mac));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac_a, mac));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_mac(test, 0, LBRIDGE_GUARD_SOURCE, mac_a, NULL));

	/* Without the source guard, any MAC goes, and none is fixed. */
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_mac(test, 1, LBRIDGE_GUARD_RA | LBRIDGE_GUARD_DHCP,
				     mac_b, NULL));
	KUNIT_EXPECT_FALSE(test, fixed_mac(test, 1, mac));
}

/* Not a MAC the FDB has behind another port, nor one of the bridge's. */
static void a_neighbours_mac_is_never_fixed(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct lbridge_guard_offence off;
	u8 mac[ETH_ALEN], own[ETH_ALEN];

	lbridge_test_receive(test, lbridge_test_dev(test, 1), bcast, mac_b, 64);
	KUNIT_ASSERT_PTR_EQ(test, lbridge_test_port(test, 1), fdb_port(test, mac_b));

	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC,
			classify_mac(test, 0, LBRIDGE_GUARD_SOURCE, mac_b, &off));
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 1), off.owner);
	KUNIT_EXPECT_FALSE(test, fixed_mac(test, 0, mac));

	ether_addr_copy(own, br->dev->dev_addr);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC,
			classify_mac(test, 0, LBRIDGE_GUARD_SOURCE, own, NULL));
	KUNIT_EXPECT_FALSE(test, fixed_mac(test, 0, mac));

	/* Its own first frame is. */
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_mac(test, 0, LBRIDGE_GUARD_SOURCE, mac_a, NULL));
	KUNIT_ASSERT_TRUE(test, fixed_mac(test, 0, mac));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac_a, mac));
}

static void turning_the_guard_on_anew_forgets_the_mac(struct kunit *test)
{
	u8 mac[ETH_ALEN];

	set_guards(test, 0, LBRIDGE_GUARD_SOURCE);
	classify_mac(test, 0, LBRIDGE_GUARD_SOURCE, mac_a, NULL);
	KUNIT_ASSERT_TRUE(test, fixed_mac(test, 0, mac));
	/* Another guard beside it: the MAC stays. */
	set_guards(test, 0, LBRIDGE_GUARD_SOURCE | LBRIDGE_GUARD_RA);
	KUNIT_EXPECT_TRUE(test, fixed_mac(test, 0, mac));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC,
			classify_mac(test, 0, LBRIDGE_GUARD_SOURCE, mac_b, NULL));
	/* Off, then on: the next frame's MAC is the port's. */
	set_guards(test, 0, 0);
	set_guards(test, 0, LBRIDGE_GUARD_SOURCE);
	KUNIT_EXPECT_FALSE(test, fixed_mac(test, 0, mac));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_mac(test, 0, LBRIDGE_GUARD_SOURCE, mac_b, NULL));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC,
			classify_mac(test, 0, LBRIDGE_GUARD_SOURCE, mac_a, NULL));
}

static void allowed_macs_replace_the_fixed_one(struct kunit *test)
{
	const u8 guards = LBRIDGE_GUARD_SOURCE;
	u8 mac[ETH_ALEN];

	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_mac(test, 0, guards, mac_a, NULL));
	KUNIT_ASSERT_EQ(test, 0, allow(test, 0, mac_b, NULL, true));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC,
			classify_mac(test, 0, guards, mac_a, NULL));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_mac(test, 0, guards, mac_b, NULL));
	KUNIT_ASSERT_EQ(test, 0, allow(test, 0, mac_c, NULL, true));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_mac(test, 0, guards, mac_b, NULL));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_mac(test, 0, guards, mac_c, NULL));
	/* Denied: no longer the port's. */
	KUNIT_ASSERT_EQ(test, 0, allow(test, 0, mac_b, NULL, false));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC,
			classify_mac(test, 0, guards, mac_b, NULL));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_mac(test, 0, guards, mac_c, NULL));
	/* None allowed any more: the fixed one again. */
	KUNIT_ASSERT_EQ(test, 0, allow(test, 0, mac_c, NULL, false));
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(lbridge_test_port(test, 0)->allowed));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC,
			classify_mac(test, 0, guards, mac_c, NULL));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_mac(test, 0, guards, mac_a, NULL));
	KUNIT_ASSERT_TRUE(test, fixed_mac(test, 0, mac));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac_a, mac));
}

static void the_allowed_set_refuses_what_it_cannot_do(struct kunit *test)
{
	struct lbridge_neigh_key key = key4(IP4(5));
	u8 mac[ETH_ALEN];
	unsigned int n;

	KUNIT_EXPECT_EQ(test, -ENOENT, allow(test, 0, mac_a, NULL, false));
	KUNIT_EXPECT_EQ(test, -ENOENT, allow(test, 0, NULL, &key, false));
	KUNIT_EXPECT_EQ(test, 0, allow(test, 0, mac_a, NULL, true));
	KUNIT_EXPECT_EQ(test, -EEXIST, allow(test, 0, mac_a, NULL, true));
	KUNIT_EXPECT_EQ(test, 0, allow(test, 0, NULL, &key, true));
	KUNIT_EXPECT_EQ(test, -EEXIST, allow(test, 0, NULL, &key, true));
	/* A MAC is not an address: each has its own list. */
	KUNIT_EXPECT_EQ(test, -ENOENT, allow(test, 0, mac_b, NULL, false));

	ether_addr_copy(mac, mac_c);
	for (n = 1; n < LBRIDGE_ALLOWED_MAX_MACS; n++) {
		mac[4] = n;
		KUNIT_EXPECT_EQ(test, 0, allow(test, 0, mac, NULL, true));
	}
	mac[4] = n;
	KUNIT_EXPECT_EQ(test, -ENOSPC, allow(test, 0, mac, NULL, true));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC,
			classify_mac(test, 0, LBRIDGE_GUARD_SOURCE, mac, NULL));
	mac[4] = n - 1;
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_mac(test, 0, LBRIDGE_GUARD_SOURCE, mac, NULL));

	for (n = 1; n < LBRIDGE_ALLOWED_MAX_IPS; n++) {
		key = key4(IP4(100 + n));
		KUNIT_EXPECT_EQ(test, 0, allow(test, 0, NULL, &key, true));
	}
	key = key6(100);
	KUNIT_EXPECT_EQ(test, -ENOSPC, allow(test, 0, NULL, &key, true));
	/* One out, one in. */
	KUNIT_EXPECT_EQ(test, 0, allow(test, 0, mac_a, NULL, false));
	KUNIT_EXPECT_EQ(test, 0, allow(test, 0, mac_b, NULL, true));
	key = key4(IP4(5));
	KUNIT_EXPECT_EQ(test, 0, allow(test, 0, NULL, &key, false));
	key = key6(100);
	KUNIT_EXPECT_EQ(test, 0, allow(test, 0, NULL, &key, true));
}

/* ------------------------------------------------------------------ */
/* ARP.                                                                 */

static void arp_for_another_mac_is_spoofed(struct kunit *test)
{
	struct lbridge_guard_offence off;
	struct arp_ipv4 arp;

	lbridge_test_receive(test, lbridge_test_dev(test, 1), bcast, mac_b, 64);
	arp_build(&arp, ARPOP_REPLY, mac_b, IP4(3), IP4(1));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP,
			classify_arp(test, 0, mac_a, &arp, &off));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac_b, off.mac));
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 1), off.owner);
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
	/* The same, its own. */
	arp_build(&arp, ARPOP_REPLY, mac_a, IP4(3), IP4(1));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_arp(test, 0, mac_a, &arp, NULL));
}

static void an_arp_probe_claims_only_a_free_address(struct kunit *test)
{
	struct arp_ipv4 arp;

	claim4_elsewhere(test, IP4(2));
	arp_build(&arp, ARPOP_REQUEST, mac_a, 0, IP4(2));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_arp(test, 0, mac_a, &arp, NULL));
	KUNIT_EXPECT_EQ(test, 1U, neigh_count(test));
	KUNIT_EXPECT_EQ(test, 0U, READ_ONCE(lbridge_test_port(test, 0)->neigh_count));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_b, 1));
	/*
	 * What it asks for, if free, is the prober's: else whoever hears
	 * the flooded probe could answer it and take the address.
	 */
	arp_build(&arp, ARPOP_REQUEST, mac_a, 0, IP4(3));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_arp(test, 0, mac_a, &arp, NULL));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(3), mac_a, 0));
}

static void a_first_arp_claim_of_a_free_address_binds_it(struct kunit *test)
{
	struct lbridge_guard_offence off;
	struct arp_ipv4 arp;

	arp_build(&arp, ARPOP_REQUEST, mac_a, IP4(2), IP4(1));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_arp(test, 0, mac_a, &arp, NULL));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_a, 0));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_arp(test, 0, mac_a, &arp, NULL));
	/* Another port's frame for it now is spoofed. */
	lbridge_test_receive(test, lbridge_test_dev(test, 0), bcast, mac_a, 64);
	arp_build(&arp, ARPOP_REQUEST, mac_b, IP4(2), IP4(1));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP,
			classify_arp(test, 1, mac_b, &arp, &off));
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 0), off.owner);
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_a, 0));
}

static void arp_for_an_address_bound_elsewhere_is_spoofed(struct kunit *test)
{
	struct lbridge_neigh_key key = key4(IP4(2));
	struct lbridge_guard_offence off;
	struct arp_ipv4 arp;
	static const __be32 no_host[] = {
		htonl(0xe0000001),	/* multicast */
		htonl(0xffffffff),	/* limited broadcast */
		htonl(0x7f000001),	/* loopback */
	};
	unsigned int i;

	claim4_elsewhere(test, IP4(2));
	arp_build(&arp, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP,
			classify_arp(test, 0, mac_a, &arp, &off));
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 1), off.owner);
	KUNIT_EXPECT_EQ(test, 0, memcmp(&key, &off.key, sizeof(key)));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_b, 1));

	for (i = 0; i < ARRAY_SIZE(no_host); i++) {
		arp_build(&arp, ARPOP_REPLY, mac_a, no_host[i], IP4(1));
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP,
				    classify_arp(test, 0, mac_a, &arp, NULL),
				    "sender %pI4", &no_host[i]);
	}
	KUNIT_EXPECT_EQ(test, 1U, neigh_count(test));
}

static void arp_too_broken_to_check_is_malformed(struct kunit *test)
{
	struct arp_ipv4 arp;
	unsigned int keep, i;

	arp_build(&arp, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	for (keep = 0; keep < sizeof(arp); keep++)
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
				    classify_cut(test, 0, LBRIDGE_GUARD_SOURCE, mac_a,
						 ETH_P_ARP, &arp, sizeof(arp), keep),
				    "cut to %u bytes", keep);
	for (i = 0; i < 4; i++) {
		arp_build(&arp, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
		switch (i) {
		case 0:
			arp.hdr.ar_hrd = htons(ARPHRD_IEEE1394);
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
		}
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
				    classify_arp(test, 0, mac_a, &arp, NULL),
				    "header field %u", i);
	}
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
	/* Whole, it passes: the others were refused for what they lacked. */
	arp_build(&arp, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_arp(test, 0, mac_a, &arp, NULL));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_a, 0));
}

/* Taken for Ethernet, as Linux does: checked as Ethernet's. */
static void arp_over_ieee802_is_checked(struct kunit *test)
{
	struct arp_ipv4 arp;

	claim4_elsewhere(test, IP4(2));
	arp_build(&arp, ARPOP_REPLY, mac_c, IP4(3), IP4(1));
	arp.hdr.ar_hrd = htons(ARPHRD_IEEE802);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP,
			classify_arp(test, 0, mac_a, &arp, NULL));
	arp_build(&arp, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	arp.hdr.ar_hrd = htons(ARPHRD_IEEE802);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP,
			classify_arp(test, 0, mac_a, &arp, NULL));
	arp_build(&arp, ARPOP_REPLY, mac_a, IP4(3), IP4(1));
	arp.hdr.ar_hrd = htons(ARPHRD_IEEE802);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_arp(test, 0, mac_a, &arp, NULL));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(3), mac_a, 0));
}

/* ARP is the source guard's: the others let it by. */
static void arp_is_only_the_source_guards(struct kunit *test)
{
	struct arp_ipv4 arp;

	arp_build(&arp, ARPOP_REPLY, mac_b, IP4(2), IP4(1));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify(test, 0, LBRIDGE_GUARD_RA | LBRIDGE_GUARD_DHCP,
				 mac_a, ETH_P_ARP, &arp, sizeof(arp), NULL));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP,
			classify(test, 0, ALL_GUARDS, mac_a, ETH_P_ARP, &arp,
				 sizeof(arp), NULL));
}

/* ------------------------------------------------------------------ */
/* IPv4.                                                                */

static void ipv4_too_broken_to_check_is_malformed(struct kunit *test)
{
	struct iphdr *ip;
	u8 buf[IP4_LEN];
	unsigned int g, keep;

	/* Not UDP: its header's own length checks the cut ones. */
	for (g = 0; g < ARRAY_SIZE(each_guard); g++) {
		ip4_build(buf, IP4(2), IPPROTO_ICMP, 0, 0);
		for (keep = 0; keep < sizeof(struct iphdr); keep++)
			KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
					    classify_cut(test, 0, each_guard[g], mac_a,
							 ETH_P_IP, buf, IP4_LEN, keep),
					    "guards %u, cut to %u bytes",
					    each_guard[g], keep);
		ip = (struct iphdr *)buf;
		ip->ihl = 4;
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
				    classify_ip4(test, 0, each_guard[g], buf, NULL),
				    "guards %u, ihl 4", each_guard[g]);
		ip->ihl = 5;
		ip->version = 6;
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
				    classify_ip4(test, 0, each_guard[g], buf, NULL),
				    "guards %u, version 6", each_guard[g]);
		ip->version = 4;
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_UNSPEC,
				    classify_ip4(test, 0, each_guard[g], buf, NULL),
				    "guards %u, whole", each_guard[g]);
	}
}

static void only_a_dhcp_client_sends_from_0_0_0_0(struct kunit *test)
{
	const u8 guards = LBRIDGE_GUARD_SOURCE | LBRIDGE_GUARD_DHCP;
	struct lbridge_guard_offence off;
	u8 buf[DHCPC_LEN];
	unsigned int len;

	len = dhcp_client_build(buf, 0, mac_a);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify(test, 0, guards, mac_a, ETH_P_IP, buf, len, NULL));
	ip4_build(buf, 0, IPPROTO_TCP, 68, 67);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
			classify_ip4(test, 0, guards, buf, &off));
	KUNIT_EXPECT_EQ(test, AF_INET, off.key.family);
	ip4_build(buf, 0, IPPROTO_UDP, 68, 1067);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
			classify_ip4(test, 0, guards, buf, NULL));
	/* To a server, from another port: a BOOTP request still, and from
	 * 0.0.0.0 only from the client's port.
	 */
	ip4_build(buf, 0, IPPROTO_UDP, 1068, 67);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
			classify_ip4(test, 0, guards, buf, NULL));
	len = dhcp_client_build(buf, 0, mac_a);
	((struct udphdr *)(buf + sizeof(struct iphdr)))->source = htons(1068);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
			classify(test, 0, guards, mac_a, ETH_P_IP, buf, len, NULL));
	/* For another MAC, from its own address and another port. */
	len = dhcp_client_build(buf, IP4(2), mac_b);
	((struct udphdr *)(buf + sizeof(struct iphdr)))->source = htons(1068);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC,
			classify(test, 0, guards, mac_a, ETH_P_IP, buf, len, NULL));
	/* In fragments: one could show a MAC, the packet carry another. */
	len = dhcp_client_build(buf, 0, mac_a);
	((struct iphdr *)buf)->frag_off = htons(IP_MF);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
			classify(test, 0, guards, mac_a, ETH_P_IP, buf, len, NULL));
	/* A later fragment has no ports to show. */
	ip4_build(buf, 0, IPPROTO_UDP, 68, 67);
	((struct iphdr *)buf)->frag_off = htons(1);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
			classify_ip4(test, 0, guards, buf, NULL));
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
}

/* A guarded port's DHCP client asks for its own MAC, in a BOOTP request. */
static void a_dhcp_client_asks_for_its_own_mac_only(struct kunit *test)
{
	const unsigned int bootp = sizeof(struct iphdr) + sizeof(struct udphdr);
	struct lbridge_guard_offence off;
	u8 buf[DHCPC_LEN];
	unsigned int len, i;

	len = dhcp_client_build(buf, 0, mac_b);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC,
			classify(test, 0, LBRIDGE_GUARD_SOURCE, mac_a, ETH_P_IP, buf,
				 len, &off));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac_b, off.mac));
	/* Not the DHCP guard's business. */
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify(test, 0, LBRIDGE_GUARD_DHCP, mac_a, ETH_P_IP, buf,
				 len, NULL));
	/* A reply, another hardware, another length. */
	for (i = 0; i < 3; i++) {
		len = dhcp_client_build(buf, 0, mac_a);
		buf[bootp + i] = i ? 8 : 2;
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
				    classify(test, 0, LBRIDGE_GUARD_SOURCE, mac_a,
					     ETH_P_IP, buf, len, NULL),
				    "BOOTP byte %u", i);
	}
	/* Cut before the client's address. */
	len = dhcp_client_build(buf, 0, mac_a);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
			classify_cut(test, 0, LBRIDGE_GUARD_SOURCE, mac_a, ETH_P_IP,
				     buf, len, bootp + 33));
	/* A renewal, from its address. */
	len = dhcp_client_build(buf, IP4(2), mac_a);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify(test, 0, LBRIDGE_GUARD_SOURCE, mac_a, ETH_P_IP, buf,
				 len, NULL));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_a, 0));
}

static void no_host_source_is_spoofed(struct kunit *test)
{
	static const __be32 sources[] = {
		htonl(0xe0000001),	/* multicast */
		htonl(0xffffffff),	/* limited broadcast */
		htonl(0x7f000001),	/* loopback */
	};
	struct lbridge_guard_offence off;
	u8 buf[IP4_LEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sources); i++) {
		ip4_build(buf, sources[i], IPPROTO_UDP, 1000, 1000);
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
				    classify_ip4(test, 0, LBRIDGE_GUARD_SOURCE, buf, &off),
				    "source %pI4", &sources[i]);
		KUNIT_EXPECT_EQ(test, sources[i], off.key.addr.s6_addr32[0]);
	}
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
}

/*
 * 0.0.0.0/8 is "this host on this network" (RFC 1122): a source that does
 * not know its address yet, never one to bind. The snooping binds none
 * (neigh.c); nor may the guard let a port claim one.
 */
static void a_source_in_0_0_0_0_8_is_spoofed(struct kunit *test)
{
	static const __be32 sources[] = {
		htonl(0x00000005),	/* 0.0.0.5 */
		htonl(0x00ffffff),	/* 0.255.255.255 */
	};
	struct arp_ipv4 arp;
	u8 buf[IP4_LEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sources); i++) {
		ip4_build(buf, sources[i], IPPROTO_UDP, 1000, 1000);
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
				    classify_ip4(test, 0, LBRIDGE_GUARD_SOURCE, buf, NULL),
				    "source %pI4", &sources[i]);
		arp_build(&arp, ARPOP_REPLY, mac_a, sources[i], IP4(1));
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP,
				    classify_arp(test, 0, mac_a, &arp, NULL),
				    "sender %pI4", &sources[i]);
	}
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
}

static void an_ipv4_source_bound_elsewhere_is_spoofed(struct kunit *test)
{
	struct lbridge_guard_offence off;
	u8 buf[IP4_LEN];

	claim4_elsewhere(test, IP4(2));
	ip4_build(buf, IP4(2), IPPROTO_UDP, 1000, 1000);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
			classify_ip4(test, 0, LBRIDGE_GUARD_SOURCE, buf, &off));
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 1), off.owner);
	KUNIT_EXPECT_EQ(test, IP4(2), off.key.addr.s6_addr32[0]);
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_b, 1));
	/* A free one is its first claim. */
	ip4_build(buf, IP4(3), IPPROTO_TCP, 1000, 1000);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip4(test, 0, LBRIDGE_GUARD_SOURCE, buf, NULL));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(3), mac_a, 0));
}

static void an_allowed_ipv4_ends_ipv4_claims(struct kunit *test)
{
	struct lbridge_neigh_key key = key4(IP4(5));
	struct in6_addr s = ip6(6);
	u8 buf[IP6_MAX];
	unsigned int len;

	KUNIT_ASSERT_EQ(test, 0, allow(test, 0, NULL, &key, true));
	ip4_build(buf, IP4(5), IPPROTO_UDP, 1000, 1000);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip4(test, 0, LBRIDGE_GUARD_SOURCE, buf, NULL));
	ip4_build(buf, IP4(6), IPPROTO_UDP, 1000, 1000);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
			classify_ip4(test, 0, LBRIDGE_GUARD_SOURCE, buf, NULL));
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
	/* IPv6 still claims. */
	len = icmp6_build(buf, &s, ICMPV6_ECHO_REQUEST, 8);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, NULL));
	KUNIT_EXPECT_TRUE(test, bound6(test, 6, mac_a, 0));
	/* Denied: claims again. */
	KUNIT_ASSERT_EQ(test, 0, allow(test, 0, NULL, &key, false));
	ip4_build(buf, IP4(6), IPPROTO_UDP, 1000, 1000);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip4(test, 0, LBRIDGE_GUARD_SOURCE, buf, NULL));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(6), mac_a, 0));
}

/* An allowed address is the port's, whoever else claims it. */
static void an_allowed_address_passes(struct kunit *test)
{
	struct lbridge_neigh_key key = key4(IP4(2));
	struct lbridge_guard_offence off;
	u8 buf[IP4_LEN];

	claim4_elsewhere(test, IP4(2));
	ip4_build(buf, IP4(2), IPPROTO_UDP, 1000, 1000);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
			classify_ip4(test, 0, LBRIDGE_GUARD_SOURCE, buf, NULL));
	KUNIT_ASSERT_EQ(test, 0, allow(test, 0, NULL, &key, true));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip4(test, 0, LBRIDGE_GUARD_SOURCE, buf, NULL));
	/* Allowed on another port, bound nowhere yet: that port's. */
	key = key4(IP4(9));
	KUNIT_ASSERT_EQ(test, 0, allow(test, 1, NULL, &key, true));
	ip4_build(buf, IP4(9), IPPROTO_UDP, 1000, 1000);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
			classify(test, 2, LBRIDGE_GUARD_SOURCE, mac_c, ETH_P_IP, buf,
				 sizeof(buf), &off));
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 1), off.owner);
	KUNIT_EXPECT_EQ(test, 0U, READ_ONCE(lbridge_test_port(test, 2)->neigh_count));
}

static void a_port_at_its_cap_claims_no_more(struct kunit *test)
{
	u8 buf[IP4_LEN];

	WRITE_ONCE(lbridge_test_br(test)->neigh.port_max, 1);
	ip4_build(buf, IP4(2), IPPROTO_UDP, 1000, 1000);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip4(test, 0, LBRIDGE_GUARD_SOURCE, buf, NULL));
	ip4_build(buf, IP4(3), IPPROTO_UDP, 1000, 1000);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_GUARD_CAP,
			classify_ip4(test, 0, LBRIDGE_GUARD_SOURCE, buf, NULL));
	KUNIT_EXPECT_EQ(test, 1U, neigh_count(test));
	/* What it holds still goes. */
	ip4_build(buf, IP4(2), IPPROTO_UDP, 1000, 1000);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip4(test, 0, LBRIDGE_GUARD_SOURCE, buf, NULL));
}

static void dhcp_guard_drops_dhcpv4_server_messages(struct kunit *test)
{
	static const u16 server[][2] = { { 67, 68 }, { 67, 1000 }, { 1000, 68 } };
	u8 buf[IP4_LEN];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(server); i++) {
		ip4_build(buf, IP4(2), IPPROTO_UDP, server[i][0], server[i][1]);
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_DHCP_SERVER,
				    classify_ip4(test, 0, LBRIDGE_GUARD_DHCP, buf, NULL),
				    "%u -> %u", server[i][0], server[i][1]);
		/* Not without the guard. */
		KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
				classify_ip4(test, 0, LBRIDGE_GUARD_RA, buf, NULL));
	}
	/* A client, and TCP from port 67. */
	ip4_build(buf, IP4(2), IPPROTO_UDP, 68, 67);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip4(test, 0, LBRIDGE_GUARD_DHCP, buf, NULL));
	ip4_build(buf, IP4(2), IPPROTO_TCP, 67, 68);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip4(test, 0, LBRIDGE_GUARD_DHCP, buf, NULL));
	/* Behind IP options. */
	ip4_build(buf, IP4(2), IPPROTO_UDP, 1000, 1000);
	((struct iphdr *)buf)->ihl = 6;
	put_unaligned_be16(67, buf + sizeof(struct iphdr) + 4);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_DHCP_SERVER,
			classify_ip4(test, 0, LBRIDGE_GUARD_DHCP, buf, NULL));
}

static void udp_fragments_are_read_as_such(struct kunit *test)
{
	u8 buf[IP4_LEN];
	struct iphdr *ip = (struct iphdr *)buf;
	unsigned int keep;

	/* A first fragment too short for its UDP header. */
	for (keep = sizeof(*ip); keep < sizeof(*ip) + sizeof(struct udphdr); keep++) {
		ip4_build(buf, IP4(2), IPPROTO_UDP, 67, 68);
		ip->frag_off = htons(IP_MF);
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
				    classify_cut(test, 0, LBRIDGE_GUARD_DHCP, mac_a,
						 ETH_P_IP, buf, IP4_LEN, keep),
				    "cut to %u bytes", keep);
	}
	/* Its header in the Ethernet padding, past the packet's length. */
	ip4_build(buf, IP4(2), IPPROTO_UDP, 67, 68);
	ip->tot_len = htons(sizeof(*ip));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
			classify_ip4(test, 0, LBRIDGE_GUARD_DHCP, buf, NULL));
	/* Its header behind options past the end. */
	ip4_build(buf, IP4(2), IPPROTO_UDP, 1000, 1000);
	ip->ihl = 15;
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
			classify_ip4(test, 0, LBRIDGE_GUARD_DHCP, buf, NULL));
	/* A first fragment is read. */
	ip4_build(buf, IP4(2), IPPROTO_UDP, 67, 68);
	ip->frag_off = htons(IP_MF);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_DHCP_SERVER,
			classify_ip4(test, 0, LBRIDGE_GUARD_DHCP, buf, NULL));
	/* A later one holds data that only looks like ports. */
	ip->frag_off = htons(1);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip4(test, 0, LBRIDGE_GUARD_DHCP, buf, NULL));
	ip->frag_off = htons(IP_MF | 1);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip4(test, 0, LBRIDGE_GUARD_DHCP, buf, NULL));
	/* And so short it has no such data: no more than a fragment. */
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_cut(test, 0, LBRIDGE_GUARD_DHCP, mac_a, ETH_P_IP,
				     buf, IP4_LEN, sizeof(*ip) + 2));
}

/* ------------------------------------------------------------------ */
/* IPv6.                                                                */

static void ipv6_too_broken_to_check_is_malformed(struct kunit *test)
{
	struct in6_addr s = ip6(2);
	u8 buf[IP6_MAX];
	unsigned int g, keep, len;

	for (g = 0; g < ARRAY_SIZE(each_guard); g++) {
		len = icmp6_build(buf, &s, ICMPV6_ECHO_REQUEST, 8);
		for (keep = 0; keep < sizeof(struct ipv6hdr); keep++)
			KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
					    classify_cut(test, 0, each_guard[g], mac_a,
							 ETH_P_IPV6, buf, len, keep),
					    "guards %u, cut to %u bytes",
					    each_guard[g], keep);
		((struct ipv6hdr *)buf)->version = 4;
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
				    classify_ip6(test, 0, each_guard[g], buf, len, NULL),
				    "guards %u, version 4", each_guard[g]);
		((struct ipv6hdr *)buf)->version = 6;
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_UNSPEC,
				    classify_ip6(test, 0, each_guard[g], buf, len, NULL),
				    "guards %u, whole", each_guard[g]);
	}
	/* No ICMPv6 type, no UDP header, half an extension header. */
	len = icmp6_build(buf, &s, NDISC_ROUTER_ADVERTISEMENT, 16);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
			classify_cut(test, 0, LBRIDGE_GUARD_RA, mac_a, ETH_P_IPV6,
				     buf, len, sizeof(struct ipv6hdr)));
	len = udp6_build(buf, &s, 547, 546);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
			classify_cut(test, 0, LBRIDGE_GUARD_DHCP, mac_a, ETH_P_IPV6,
				     buf, len, sizeof(struct ipv6hdr) + 7));
	len = icmp6_build(buf, &s, NDISC_ROUTER_ADVERTISEMENT, 16);
	len = ip6_insert(buf, len, NEXTHDR_DEST, 0);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
			classify_cut(test, 0, LBRIDGE_GUARD_RA, mac_a, ETH_P_IPV6,
				     buf, len, sizeof(struct ipv6hdr) + 1));
}

/*
 * No Next Header (RFC 8200, 4.7) is a whole packet with nothing behind
 * it to hide: no guard's business but its source address.
 */
static void a_packet_with_no_next_header_is_not_malformed(struct kunit *test)
{
	struct in6_addr s = ip6(2);
	u8 buf[IP6_MAX];
	unsigned int g, len;

	for (g = 0; g < ARRAY_SIZE(each_guard); g++) {
		len = ip6_build(buf, &s, NEXTHDR_NONE, 0);
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_UNSPEC,
				    classify_ip6(test, 0, each_guard[g], buf, len, NULL),
				    "guards %u", each_guard[g]);
		len = ip6_insert(buf, len, NEXTHDR_DEST, 0);
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_UNSPEC,
				    classify_ip6(test, 0, each_guard[g], buf, len, NULL),
				    "guards %u, behind a destination option", each_guard[g]);
	}
	KUNIT_EXPECT_TRUE(test, bound6(test, 2, mac_a, 0));
	/* From another's address: spoofed, as anything else. */
	claim6_elsewhere(test, 3);
	s = ip6(3);
	len = ip6_build(buf, &s, NEXTHDR_NONE, 0);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, NULL));
}

static void ra_guard_drops_ra_and_redirects(struct kunit *test)
{
	struct in6_addr s = ip6(2);
	u8 buf[IP6_MAX];
	unsigned int len;

	len = icmp6_build(buf, &s, NDISC_ROUTER_ADVERTISEMENT, 16);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_RA,
			classify_ip6(test, 0, LBRIDGE_GUARD_RA, buf, len, NULL));
	/* Not without the guard. */
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip6(test, 0, LBRIDGE_GUARD_DHCP, buf, len, NULL));
	len = icmp6_build(buf, &s, NDISC_REDIRECT, 40);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_RA,
			classify_ip6(test, 0, LBRIDGE_GUARD_RA, buf, len, NULL));
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip6(test, 0, LBRIDGE_GUARD_DHCP, buf, len, NULL));
	/* A solicitation is a host's. */
	len = icmp6_build(buf, &s, NDISC_ROUTER_SOLICITATION, 8);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip6(test, 0, LBRIDGE_GUARD_RA, buf, len, NULL));
}

/* RFC 7113: what a receiver acts on is behind the extension headers. */
static void an_ra_behind_extension_headers_is_an_ra(struct kunit *test)
{
	static const u8 exts[][2] = {
		{ NEXTHDR_HOP, 0 }, { NEXTHDR_DEST, 0 },
		{ NEXTHDR_DEST, NEXTHDR_HOP },
	};
	struct in6_addr s = ip6(2);
	u8 buf[IP6_MAX];
	unsigned int i, len;

	for (i = 0; i < ARRAY_SIZE(exts); i++) {
		len = icmp6_build(buf, &s, NDISC_ROUTER_ADVERTISEMENT, 16);
		len = ip6_insert(buf, len, exts[i][0], 0);
		if (exts[i][1])
			len = ip6_insert(buf, len, exts[i][1], 0);
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_RA,
				    classify_ip6(test, 0, LBRIDGE_GUARD_RA, buf, len, NULL),
				    "behind %u, %u", exts[i][1], exts[i][0]);
	}
	/* A first fragment holds the ICMPv6 header. */
	len = icmp6_build(buf, &s, NDISC_REDIRECT, 40);
	len = ip6_insert(buf, len, NEXTHDR_FRAGMENT, IP6_MF);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_RA,
			classify_ip6(test, 0, LBRIDGE_GUARD_RA, buf, len, NULL));
}

/*
 * RFC 7113's evasion: extension headers push the ICMPv6 or UDP header out
 * of the first fragment. A first fragment that does not show what it
 * carries is refused, whole, as malformed.
 */
static void a_header_pushed_out_of_the_first_fragment_is_malformed(struct kunit *test)
{
	struct ipv6hdr *ip6h;
	struct in6_addr s = ip6(2);
	u8 buf[IP6_MAX];
	unsigned int len, i;

	for (i = 0; i < 2; i++) {
		/* Fragment, destination options, then (in the next fragment) the RA. */
		len = icmp6_build(buf, &s, NDISC_ROUTER_ADVERTISEMENT, 16);
		len = ip6_insert(buf, len, NEXTHDR_DEST, 0);
		len = ip6_insert(buf, len, NEXTHDR_FRAGMENT, IP6_MF);
		ip6h = (struct ipv6hdr *)buf;
		ip6h->payload_len = htons(16);
		/* Or a destination option longer than the fragment. */
		if (i)
			buf[sizeof(*ip6h) + 8 + 1] = 1;
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
				    classify_cut(test, 0, LBRIDGE_GUARD_RA, mac_a, ETH_P_IPV6,
						 buf, len, sizeof(*ip6h) + 16),
				    "options of %u bytes", (i + 1) * 8);
	}
	len = udp6_build(buf, &s, 547, 546);
	len = ip6_insert(buf, len, NEXTHDR_DEST, 0);
	len = ip6_insert(buf, len, NEXTHDR_FRAGMENT, IP6_MF);
	((struct ipv6hdr *)buf)->payload_len = htons(16);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
			classify_cut(test, 0, LBRIDGE_GUARD_DHCP, mac_a, ETH_P_IPV6,
				     buf, len, sizeof(struct ipv6hdr) + 16));
}

static void a_later_fragment_is_no_ra(struct kunit *test)
{
	struct in6_addr s = ip6(2);
	u8 buf[IP6_MAX];
	unsigned int len;

	len = icmp6_build(buf, &s, NDISC_ROUTER_ADVERTISEMENT, 16);
	len = ip6_insert(buf, len, NEXTHDR_FRAGMENT, 8);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip6(test, 0, LBRIDGE_GUARD_RA, buf, len, NULL));
	/* Nor is a later fragment DHCPv6. */
	len = udp6_build(buf, &s, 547, 546);
	len = ip6_insert(buf, len, NEXTHDR_FRAGMENT, 8 | IP6_MF);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip6(test, 0, LBRIDGE_GUARD_DHCP, buf, len, NULL));
}

static void dhcp_guard_drops_dhcpv6_server_messages(struct kunit *test)
{
	static const u16 server[][2] = { { 547, 546 }, { 547, 1000 }, { 1000, 546 } };
	struct in6_addr s = ip6(2);
	u8 buf[IP6_MAX];
	unsigned int i, len;

	for (i = 0; i < ARRAY_SIZE(server); i++) {
		len = udp6_build(buf, &s, server[i][0], server[i][1]);
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_DHCP_SERVER,
				    classify_ip6(test, 0, LBRIDGE_GUARD_DHCP, buf, len, NULL),
				    "%u -> %u", server[i][0], server[i][1]);
		KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
				classify_ip6(test, 0, LBRIDGE_GUARD_RA, buf, len, NULL));
		len = ip6_insert(buf, len, NEXTHDR_DEST, 0);
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_DHCP_SERVER,
				    classify_ip6(test, 0, LBRIDGE_GUARD_DHCP, buf, len, NULL),
				    "%u -> %u behind a destination option",
				    server[i][0], server[i][1]);
	}
	/* A client. */
	len = udp6_build(buf, &s, 546, 547);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip6(test, 0, LBRIDGE_GUARD_DHCP, buf, len, NULL));
}

static void only_dad_and_mld_send_from_the_unspecified_address(struct kunit *test)
{
	static const struct {
		u8 type;
		unsigned int len;
		bool ok;
	} msgs[] = {
		{ NDISC_NEIGHBOUR_SOLICITATION, sizeof(struct nd_msg), true },
		{ ICMPV6_MLD_REPORT, 24, true },
		{ ICMPV6_MLD2_REPORT, 8, true },
		{ NDISC_NEIGHBOUR_ADVERTISEMENT, sizeof(struct nd_msg), false },
		{ ICMPV6_ECHO_REQUEST, 8, false },
		{ ICMPV6_MGM_QUERY, 24, false },
	};
	const u8 guards = LBRIDGE_GUARD_SOURCE;
	struct lbridge_guard_offence off;
	struct in6_addr any = {}, target;
	u8 buf[IP6_MAX];
	unsigned int i, len;

	for (i = 0; i < ARRAY_SIZE(msgs); i++) {
		len = icmp6_build(buf, &any, msgs[i].type, msgs[i].len);
		if (msgs[i].type == ICMPV6_MLD2_REPORT)
			len = ip6_insert(buf, len, NEXTHDR_HOP, 0);
		KUNIT_EXPECT_EQ_MSG(test, msgs[i].ok ? LBRIDGE_PORT_STAT_UNSPEC :
				    LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
				    classify_ip6(test, 0, guards, buf, len, &off),
				    "ICMPv6 type %u", msgs[i].type);
	}
	KUNIT_EXPECT_EQ(test, AF_INET6, off.key.family);
	len = udp6_build(buf, &any, 546, 547);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
			classify_ip6(test, 0, guards, buf, len, NULL));
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
	/* DAD for a free address makes it the prober's; for a held one, not. */
	claim6_elsewhere(test, 8);
	target = ip6(7);
	len = nd_build(buf, NDISC_NEIGHBOUR_SOLICITATION, &any, &target, 0, NULL);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip6(test, 0, guards, buf, len, NULL));
	KUNIT_EXPECT_TRUE(test, bound6(test, 7, mac_a, 0));
	target = ip6(8);
	len = nd_build(buf, NDISC_NEIGHBOUR_SOLICITATION, &any, &target, 0, NULL);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip6(test, 0, guards, buf, len, NULL));
	KUNIT_EXPECT_TRUE(test, bound6(test, 8, mac_b, 1));
}

static void no_host_ipv6_source_is_spoofed(struct kunit *test)
{
	struct in6_addr s = ip6(2);
	u8 buf[IP6_MAX];
	unsigned int len;

	s.s6_addr[0] = 0xff;
	s.s6_addr[1] = 0x02;
	len = icmp6_build(buf, &s, ICMPV6_ECHO_REQUEST, 8);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, NULL));
	len = icmp6_build(buf, &in6addr_loopback, ICMPV6_ECHO_REQUEST, 8);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, NULL));
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
}

static void an_ipv6_source_bound_elsewhere_is_spoofed(struct kunit *test)
{
	struct lbridge_guard_offence off;
	struct in6_addr s = ip6(2);
	u8 buf[IP6_MAX];
	unsigned int len;

	claim6_elsewhere(test, 2);
	len = udp6_build(buf, &s, 1000, 1000);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, &off));
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 1), off.owner);
	KUNIT_EXPECT_TRUE(test, bound6(test, 2, mac_b, 1));
	s = ip6(3);
	len = udp6_build(buf, &s, 1000, 1000);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, NULL));
	KUNIT_EXPECT_TRUE(test, bound6(test, 3, mac_a, 0));
}

static void an_na_for_anothers_address_is_spoofed(struct kunit *test)
{
	struct lbridge_neigh_key key = key6(2);
	struct lbridge_guard_offence off;
	struct in6_addr s = ip6(3), t = ip6(2);
	u8 buf[IP6_MAX];
	unsigned int len;

	claim6_elsewhere(test, 2);
	len = nd_build(buf, NDISC_NEIGHBOUR_ADVERTISEMENT, &s, &t,
		       ND_OPT_TARGET_LL_ADDR, mac_a);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_ND,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, &off));
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 1), off.owner);
	KUNIT_EXPECT_EQ(test, 0, memcmp(&key, &off.key, sizeof(key)));
	KUNIT_EXPECT_TRUE(test, bound6(test, 2, mac_b, 1));
	/* A multicast target is nobody's. */
	t.s6_addr[0] = 0xff;
	len = nd_build(buf, NDISC_NEIGHBOUR_ADVERTISEMENT, &s, &t,
		       ND_OPT_TARGET_LL_ADDR, mac_a);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_ND,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, NULL));
	/* Its own: passes, and binds. */
	t = ip6(3);
	len = nd_build(buf, NDISC_NEIGHBOUR_ADVERTISEMENT, &s, &t,
		       ND_OPT_TARGET_LL_ADDR, mac_a);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, NULL));
	KUNIT_EXPECT_TRUE(test, bound6(test, 3, mac_a, 0));
}

static void nd_for_another_mac_is_spoofed(struct kunit *test)
{
	static const struct {
		u8 type;
		u8 opt;
	} msgs[] = {
		{ NDISC_NEIGHBOUR_SOLICITATION, ND_OPT_SOURCE_LL_ADDR },
		{ NDISC_NEIGHBOUR_ADVERTISEMENT, ND_OPT_TARGET_LL_ADDR },
	};
	struct lbridge_guard_offence off;
	struct in6_addr s = ip6(3), t = ip6(3);
	u8 buf[IP6_MAX];
	unsigned int i, len;

	lbridge_test_receive(test, lbridge_test_dev(test, 1), bcast, mac_b, 64);
	for (i = 0; i < ARRAY_SIZE(msgs); i++) {
		len = nd_build(buf, msgs[i].type, &s, &t, msgs[i].opt, mac_b);
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_ND,
				    classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, &off),
				    "ICMPv6 type %u", msgs[i].type);
		KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac_b, off.mac));
		KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 1), off.owner);
	}
	/* An RS, its option after the 8 bytes of its header. */
	len = icmp6_build(buf, &s, NDISC_ROUTER_SOLICITATION, 16);
	buf[sizeof(struct ipv6hdr) + 8] = ND_OPT_SOURCE_LL_ADDR;
	buf[sizeof(struct ipv6hdr) + 9] = 1;
	memcpy(buf + sizeof(struct ipv6hdr) + 10, mac_b, ETH_ALEN);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_SPOOFED_ND,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, NULL));
	memcpy(buf + sizeof(struct ipv6hdr) + 10, mac_a, ETH_ALEN);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, NULL));
	/* Its own MAC. */
	len = nd_build(buf, NDISC_NEIGHBOUR_SOLICITATION, &s, &t,
		       ND_OPT_SOURCE_LL_ADDR, mac_a);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, NULL));
	KUNIT_EXPECT_TRUE(test, bound6(test, 3, mac_a, 0));
}

static void nd_too_broken_to_check_is_malformed(struct kunit *test)
{
	struct in6_addr s = ip6(3), t = ip6(3);
	u8 buf[IP6_MAX];
	unsigned int len, keep;

	/* An option of length 0. */
	len = nd_build(buf, NDISC_NEIGHBOUR_SOLICITATION, &s, &t,
		       ND_OPT_SOURCE_LL_ADDR, mac_a);
	buf[ND_OPTS + 1] = 0;
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, NULL));
	/* Longer than the packet, the frame going on beyond it. */
	buf[ND_OPTS + 1] = 2;
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len + 8, NULL));
	/* An NA cut inside its target, by its payload length or the frame. */
	len = nd_build(buf, NDISC_NEIGHBOUR_ADVERTISEMENT, &s, &t, 0, NULL);
	for (keep = sizeof(struct ipv6hdr) + 1; keep < len; keep++)
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
				    classify_cut(test, 0, LBRIDGE_GUARD_SOURCE, mac_a,
						 ETH_P_IPV6, buf, len, keep),
				    "cut to %u bytes", keep);
	((struct ipv6hdr *)buf)->payload_len = htons(sizeof(struct nd_msg) - 1);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, NULL));
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
	/* Whole, it passes. */
	len = nd_build(buf, NDISC_NEIGHBOUR_ADVERTISEMENT, &s, &t,
		       ND_OPT_TARGET_LL_ADDR, mac_a);
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify_ip6(test, 0, LBRIDGE_GUARD_SOURCE, buf, len, NULL));
}

/* ------------------------------------------------------------------ */
/* VLAN tags.                                                           */

static void tagged_frames_are_dropped_under_any_guard(struct kunit *test)
{
	u8 inband[VLAN_HLEN + sizeof(struct arp_ipv4)];
	struct lbridge_guard_offence off;
	struct arp_ipv4 arp;
	struct sk_buff *skb;
	unsigned int g;

	arp_build(&arp, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	put_unaligned_be16(5, inband);
	put_unaligned_be16(ETH_P_ARP, inband + 2);
	memcpy(inband + VLAN_HLEN, &arp, sizeof(arp));
	for (g = 0; g < ARRAY_SIZE(each_guard); g++) {
		skb = frame(test, 0, bcast, mac_a, ETH_P_ARP, &arp, sizeof(arp),
			    sizeof(arp));
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), 5);
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_GUARD_TAGGED,
				    classify_skb(test, 0, skb, each_guard[g], &off),
				    "guards %u, tag outside", each_guard[g]);
		KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac_a, off.mac));
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_GUARD_TAGGED,
				    classify(test, 0, each_guard[g], mac_a, ETH_P_8021Q,
					     inband, sizeof(inband), NULL),
				    "guards %u, 802.1Q", each_guard[g]);
		KUNIT_EXPECT_EQ_MSG(test, LBRIDGE_PORT_STAT_DROP_GUARD_TAGGED,
				    classify(test, 0, each_guard[g], mac_a, ETH_P_8021AD,
					     inband, sizeof(inband), NULL),
				    "guards %u, 802.1ad", each_guard[g]);
	}
	KUNIT_EXPECT_EQ(test, 0U, neigh_count(test));
	/* Untagged, it passes. */
	KUNIT_EXPECT_EQ(test, LBRIDGE_PORT_STAT_UNSPEC,
			classify(test, 0, ALL_GUARDS, mac_a, ETH_P_ARP, &arp,
				 sizeof(arp), NULL));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_a, 0));
}

/* Through the rx_handler: with no guard, a tag is none of the bridge's business. */
static void tagged_frames_go_on_from_an_unguarded_port(struct kunit *test)
{
	struct arp_ipv4 arp;
	struct sk_buff *skb;
	u64 tx;

	arp_build(&arp, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	tx = counter(test, 1, LBRIDGE_PORT_STAT_TX_PACKETS);
	skb = frame(test, 0, bcast, mac_a, ETH_P_ARP, &arp, sizeof(arp), sizeof(arp));
	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), 5);
	lbridge_test_rx(skb);
	KUNIT_EXPECT_EQ(test, tx + 1, counter(test, 1, LBRIDGE_PORT_STAT_TX_PACKETS));
	KUNIT_EXPECT_EQ(test, 0ULL, counter(test, 0, LBRIDGE_PORT_STAT_DROP_GUARD_TAGGED));

	set_guards(test, 0, LBRIDGE_GUARD_DHCP);
	skb = frame(test, 0, bcast, mac_a, ETH_P_ARP, &arp, sizeof(arp), sizeof(arp));
	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), 5);
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED, lbridge_test_rx(skb));
	KUNIT_EXPECT_EQ(test, tx + 1, counter(test, 1, LBRIDGE_PORT_STAT_TX_PACKETS));
	KUNIT_EXPECT_EQ(test, 1ULL, counter(test, 0, LBRIDGE_PORT_STAT_DROP_GUARD_TAGGED));
}

/* ------------------------------------------------------------------ */
/* Through the rx_handler.                                              */

/*
 * What matters most: a guarded port's spoofed frame is consumed, counted
 * by its reason, sent out of no other port, and teaches the bridge
 * nothing: no FDB entry made or moved, no binding made or contested.
 */
static void a_spoofed_frame_goes_nowhere_and_teaches_nothing(struct kunit *test)
{
	struct lbridge_neigh_key key = key4(IP4(2));
	struct lbridge_neigh_entry *entry;
	struct net_device *dev0 = lbridge_test_dev(test, 0);
	struct arp_ipv4 arp;
	u8 buf[IP4_LEN];
	u64 tx1, tx2;

	/* mac_b lives behind port 1 and holds 10.0.0.2. */
	claim4_elsewhere(test, IP4(2));
	set_guards(test, 0, LBRIDGE_GUARD_SOURCE);
	tx1 = counter(test, 1, LBRIDGE_PORT_STAT_TX_PACKETS);
	tx2 = counter(test, 2, LBRIDGE_PORT_STAT_TX_PACKETS);

	/* Its first frame speaks for mac_b: its own MAC is not learned from it. */
	arp_build(&arp, ARPOP_REPLY, mac_b, IP4(3), IP4(1));
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED,
			rx(test, 0, bcast, mac_a, ETH_P_ARP, &arp, sizeof(arp)));
	KUNIT_EXPECT_EQ(test, 1ULL, counter(test, 0, LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP));
	KUNIT_EXPECT_FALSE(test, in_fdb(test, mac_a));

	/* ARP for mac_b's address: the binding stays, uncontested. */
	arp_build(&arp, ARPOP_REPLY, mac_a, IP4(2), IP4(1));
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED,
			rx(test, 0, bcast, mac_a, ETH_P_ARP, &arp, sizeof(arp)));
	KUNIT_EXPECT_EQ(test, 2ULL, counter(test, 0, LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(2), mac_b, 1));
	rcu_read_lock();
	entry = lbridge_neigh_lookup_rcu(lbridge_test_br(test), &key);
	KUNIT_EXPECT_TRUE(test, entry && !READ_ONCE(entry->contested));
	rcu_read_unlock();

	/* IPv4 from it. */
	ip4_build(buf, IP4(2), IPPROTO_UDP, 1000, 1000);
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED,
			rx(test, 0, bcast, mac_a, ETH_P_IP, buf, sizeof(buf)));
	KUNIT_EXPECT_EQ(test, 1ULL, counter(test, 0, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP));

	/* mac_b itself, and another MAC: the FDB keeps mac_b behind port 1. */
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED,
			lbridge_test_receive(test, dev0, bcast, mac_b, 64));
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED,
			lbridge_test_receive(test, dev0, bcast, mac_c, 64));
	KUNIT_EXPECT_EQ(test, 2ULL, counter(test, 0, LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC));
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 1), fdb_port(test, mac_b));
	KUNIT_EXPECT_FALSE(test, in_fdb(test, mac_c));
	KUNIT_EXPECT_FALSE(test, in_fdb(test, mac_a));
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_sent(lbridge_test_dev(test, 1)));
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_sent(lbridge_test_dev(test, 2)));
	KUNIT_EXPECT_EQ(test, tx1, counter(test, 1, LBRIDGE_PORT_STAT_TX_PACKETS));
	KUNIT_EXPECT_EQ(test, tx2, counter(test, 2, LBRIDGE_PORT_STAT_TX_PACKETS));
	KUNIT_EXPECT_EQ(test, 1U, neigh_count(test));
	/* Each drop under its own reason. */
	KUNIT_EXPECT_EQ(test, 0ULL, counter(test, 0, LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED));
	KUNIT_EXPECT_EQ(test, 0ULL, counter(test, 0, LBRIDGE_PORT_STAT_DROP_SPOOFED_ND));

	/* What is its own goes on, and teaches. */
	arp_build(&arp, ARPOP_REPLY, mac_a, IP4(3), IP4(1));
	rx(test, 0, bcast, mac_a, ETH_P_ARP, &arp, sizeof(arp));
	KUNIT_EXPECT_EQ(test, tx1 + 1, counter(test, 1, LBRIDGE_PORT_STAT_TX_PACKETS));
	KUNIT_EXPECT_EQ(test, tx2 + 1, counter(test, 2, LBRIDGE_PORT_STAT_TX_PACKETS));
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 0), fdb_port(test, mac_a));
	KUNIT_EXPECT_TRUE(test, bound4(test, IP4(3), mac_a, 0));
	KUNIT_EXPECT_EQ(test, 2ULL, counter(test, 0, LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP));

	/* The guard off, the same spoofed MAC goes out of the others. */
	set_guards(test, 0, 0);
	lbridge_test_receive(test, dev0, bcast, mac_c, 64);
	KUNIT_EXPECT_EQ(test, 1U, lbridge_test_sent(lbridge_test_dev(test, 1)));
	KUNIT_EXPECT_EQ(test, 1U, lbridge_test_sent(lbridge_test_dev(test, 2)));
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 0), fdb_port(test, mac_c));
}

static void a_rogue_ra_and_dhcp_server_reach_no_one(struct kunit *test)
{
	struct in6_addr s = ip6(2);
	u8 buf[IP6_MAX];
	unsigned int len;
	u64 tx1;

	set_guards(test, 0, LBRIDGE_GUARD_RA | LBRIDGE_GUARD_DHCP);
	tx1 = counter(test, 1, LBRIDGE_PORT_STAT_TX_PACKETS);
	len = icmp6_build(buf, &s, NDISC_ROUTER_ADVERTISEMENT, 16);
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED,
			rx(test, 0, mcast6, mac_a, ETH_P_IPV6, buf, len));
	KUNIT_EXPECT_EQ(test, 1ULL, counter(test, 0, LBRIDGE_PORT_STAT_DROP_RA));
	len = udp6_build(buf, &s, 547, 546);
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED,
			rx(test, 0, mcast6, mac_a, ETH_P_IPV6, buf, len));
	ip4_build(buf, IP4(2), IPPROTO_UDP, 67, 68);
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED,
			rx(test, 0, bcast, mac_a, ETH_P_IP, buf, IP4_LEN));
	KUNIT_EXPECT_EQ(test, 2ULL, counter(test, 0, LBRIDGE_PORT_STAT_DROP_DHCP_SERVER));
	KUNIT_EXPECT_EQ(test, tx1, counter(test, 1, LBRIDGE_PORT_STAT_TX_PACKETS));
	KUNIT_EXPECT_FALSE(test, in_fdb(test, mac_a));
	/* A client's request goes on. */
	ip4_build(buf, 0, IPPROTO_UDP, 68, 67);
	rx(test, 0, bcast, mac_a, ETH_P_IP, buf, IP4_LEN);
	KUNIT_EXPECT_EQ(test, tx1 + 1, counter(test, 1, LBRIDGE_PORT_STAT_TX_PACKETS));
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 0), fdb_port(test, mac_a));
}

static struct kunit_case lbridge_guard_cases[] = {
	KUNIT_CASE(the_first_frame_fixes_the_port_mac),
	KUNIT_CASE(a_neighbours_mac_is_never_fixed),
	KUNIT_CASE(turning_the_guard_on_anew_forgets_the_mac),
	KUNIT_CASE(allowed_macs_replace_the_fixed_one),
	KUNIT_CASE(the_allowed_set_refuses_what_it_cannot_do),
	KUNIT_CASE(arp_for_another_mac_is_spoofed),
	KUNIT_CASE(an_arp_probe_claims_only_a_free_address),
	KUNIT_CASE(a_first_arp_claim_of_a_free_address_binds_it),
	KUNIT_CASE(arp_for_an_address_bound_elsewhere_is_spoofed),
	KUNIT_CASE(arp_too_broken_to_check_is_malformed),
	KUNIT_CASE(arp_over_ieee802_is_checked),
	KUNIT_CASE(arp_is_only_the_source_guards),
	KUNIT_CASE(ipv4_too_broken_to_check_is_malformed),
	KUNIT_CASE(only_a_dhcp_client_sends_from_0_0_0_0),
	KUNIT_CASE(a_dhcp_client_asks_for_its_own_mac_only),
	KUNIT_CASE(no_host_source_is_spoofed),
	KUNIT_CASE(a_source_in_0_0_0_0_8_is_spoofed),
	KUNIT_CASE(an_ipv4_source_bound_elsewhere_is_spoofed),
	KUNIT_CASE(an_allowed_ipv4_ends_ipv4_claims),
	KUNIT_CASE(an_allowed_address_passes),
	KUNIT_CASE(a_port_at_its_cap_claims_no_more),
	KUNIT_CASE(dhcp_guard_drops_dhcpv4_server_messages),
	KUNIT_CASE(udp_fragments_are_read_as_such),
	KUNIT_CASE(ipv6_too_broken_to_check_is_malformed),
	KUNIT_CASE(a_packet_with_no_next_header_is_not_malformed),
	KUNIT_CASE(ra_guard_drops_ra_and_redirects),
	KUNIT_CASE(an_ra_behind_extension_headers_is_an_ra),
	KUNIT_CASE(a_header_pushed_out_of_the_first_fragment_is_malformed),
	KUNIT_CASE(a_later_fragment_is_no_ra),
	KUNIT_CASE(dhcp_guard_drops_dhcpv6_server_messages),
	KUNIT_CASE(only_dad_and_mld_send_from_the_unspecified_address),
	KUNIT_CASE(no_host_ipv6_source_is_spoofed),
	KUNIT_CASE(an_ipv6_source_bound_elsewhere_is_spoofed),
	KUNIT_CASE(an_na_for_anothers_address_is_spoofed),
	KUNIT_CASE(nd_for_another_mac_is_spoofed),
	KUNIT_CASE(nd_too_broken_to_check_is_malformed),
	KUNIT_CASE(tagged_frames_are_dropped_under_any_guard),
	KUNIT_CASE(tagged_frames_go_on_from_an_unguarded_port),
	KUNIT_CASE(a_spoofed_frame_goes_nowhere_and_teaches_nothing),
	KUNIT_CASE(a_rogue_ra_and_dhcp_server_reach_no_one),
	{}
};

static struct kunit_suite lbridge_guard_suite = {
	.name = "lbridge_guard",
	.suite_init = lbridge_test_suite_init,
	.suite_exit = lbridge_test_suite_exit,
	.init = guard_test_init,
	.exit = lbridge_test_exit,
	.test_cases = lbridge_guard_cases,
};

kunit_test_suite(lbridge_guard_suite);
