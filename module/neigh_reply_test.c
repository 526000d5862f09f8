// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the answers and announcements the bridge makes from its bindings.
 * Included by neigh_reply.c. A tap on every port device keeps what the
 * bridge sent out of it; each frame is read back field by field.
 */
#include <kunit/test.h>
#include <linux/delay.h>

#include "test_fixture.h"

#define NPORTS 4
/* Tap NPORTS is on the bridge device: what the host received. */
#define HOST NPORTS

struct reply_tap {
	struct packet_type pt;
	struct sk_buff_head frames;
};

struct reply_taps {
	struct reply_tap tap[NPORTS + 1];
	unsigned int count;
};

static const u8 asker_mac[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x02 };
static const u8 owner_mac[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x03 };
static const __be32 asker_ip = htonl(0xac110002);	/* 172.17.0.2 */
static const __be32 owner_ip = htonl(0xac110003);	/* 172.17.0.3 */
static const struct in6_addr asker_ip6 = {
	.s6_addr = { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 } };
static const struct in6_addr owner_ip6 = {
	.s6_addr = { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3 } };

/* Frames on a tap are received from a device's xmit: the taps' own. */
static int tap_rcv(struct sk_buff *skb, struct net_device *dev,
		   struct packet_type *pt, struct net_device *orig_dev)
{
	struct reply_tap *tap = container_of(pt, struct reply_tap, pt);

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (skb)
		skb_queue_tail(&tap->frames, skb);
	return 0;
}

/* The case running: cases run one at a time. */
static struct reply_taps *neigh_reply_taps;

static struct reply_taps *taps(struct kunit *test)
{
	return neigh_reply_taps;
}

static void tap_add(struct reply_taps *taps, struct net_device *dev)
{
	struct reply_tap *tap = &taps->tap[taps->count++];

	skb_queue_head_init(&tap->frames);
	tap->pt.type = htons(ETH_P_ALL);
	tap->pt.dev = dev;
	tap->pt.func = tap_rcv;
	dev_add_pack(&tap->pt);
}

static int neigh_reply_test_init(struct kunit *test)
{
	struct reply_taps *rt;
	unsigned int i;
	int err;

	err = lbridge_test_init(test, NPORTS);
	if (err)
		return err;
	rt = kunit_kzalloc(test, sizeof(*rt), GFP_KERNEL);
	if (!rt)
		return -ENOMEM;
	neigh_reply_taps = rt;
	for (i = 0; i < NPORTS; i++)
		tap_add(rt, lbridge_test_dev(test, i));
	tap_add(rt, lbridge_test_br(test)->dev);
	return 0;
}

static void neigh_reply_test_exit(struct kunit *test)
{
	struct reply_taps *rt = neigh_reply_taps;
	unsigned int i;

	neigh_reply_taps = NULL;
	for (i = 0; rt && i < rt->count; i++) {
		dev_remove_pack(&rt->tap[i].pt);
		skb_queue_purge(&rt->tap[i].frames);
	}
	lbridge_test_exit(test);
}

/* Which taps hold a frame, as a bitmask; each holds at most @max. */
static unsigned int holders(struct kunit *test, unsigned int max)
{
	struct reply_taps *rt = taps(test);
	unsigned int i, mask = 0;

	for (i = 0; i < NPORTS; i++) {
		KUNIT_EXPECT_LE(test, skb_queue_len(&rt->tap[i].frames), max);
		if (skb_queue_len(&rt->tap[i].frames))
			mask |= BIT(i);
	}
	return mask;
}

static void purge(struct kunit *test)
{
	struct reply_taps *rt = taps(test);
	unsigned int i;

	for (i = 0; i < rt->count; i++)
		skb_queue_purge(&rt->tap[i].frames);
}

/* The frame tap @i took, which the case then owns. */
static struct sk_buff *taken(struct kunit *test, unsigned int i)
{
	struct sk_buff *skb = skb_dequeue(&taps(test)->tap[i].frames);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, 0, skb_linearize(skb));
	return skb;
}

/* The host takes its copies from the backlog, when softirqs run. */
static bool host_got_one(struct kunit *test)
{
	struct sk_buff_head *frames = &taps(test)->tap[HOST].frames;
	unsigned int waited;

	for (waited = 0; waited < 10000 && skb_queue_empty(frames); waited += 10)
		msleep(20);
	return skb_queue_len(frames) == 1;
}

static void v4_key(struct lbridge_neigh_key *key, __be32 ip)
{
	memset(key, 0, sizeof(*key));
	key->family = AF_INET;
	key->addr.s6_addr32[0] = ip;
}

static void v6_key(struct lbridge_neigh_key *key, const struct in6_addr *ip)
{
	memset(key, 0, sizeof(*key));
	key->family = AF_INET6;
	key->addr = *ip;
}

static void set_flag(bool *flag, bool on)
{
	rtnl_lock();
	WRITE_ONCE(*flag, on);
	rtnl_unlock();
}

static void set_down(struct kunit *test, unsigned int i)
{
	rtnl_lock();
	dev_close(lbridge_test_dev(test, i));
	rtnl_unlock();
}

/* ------------------------------------------------------------------ */
/* Requests as askers send them, and as they lie.                       */

struct arp_req {
	u16 hrd, pro, op;
	u8 hln, pln;
	const u8 *sha;
	__be32 sip, tip;
	/* Bytes of ARP kept: the whole packet when 0. */
	unsigned int len;
};

static const struct arp_req who_has_owner = {
	.hrd = ARPHRD_ETHER, .pro = ETH_P_IP, .op = ARPOP_REQUEST,
	.hln = ETH_ALEN, .pln = 4,
	.sha = asker_mac, .sip = asker_ip, .tip = owner_ip,
};

/* A frame as received on port @i: data at the network header. */
static struct sk_buff *received(struct kunit *test, unsigned int i,
				struct sk_buff *skb)
{
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_push(skb, ETH_HLEN);
	skb->protocol = eth_type_trans(skb, lbridge_test_dev(test, i));
	return skb;
}

static struct sk_buff *arp_request(struct kunit *test, unsigned int i,
				   const struct arp_req *req)
{
	struct arp_eth_ipv4 *arp;
	struct sk_buff *skb;
	u8 bcast[ETH_ALEN];

	eth_broadcast_addr(bcast);
	skb = new_frame(bcast, req->sha, htons(ETH_P_ARP), sizeof(*arp));
	KUNIT_ASSERT_NOT_NULL(test, skb);
	arp = (struct arp_eth_ipv4 *)skb->data;
	memset(arp, 0, sizeof(*arp));
	arp->hrd = htons(req->hrd);
	arp->pro = htons(req->pro);
	arp->hln = req->hln;
	arp->pln = req->pln;
	arp->op = htons(req->op);
	ether_addr_copy(arp->sha, req->sha);
	arp->sip = req->sip;
	arp->tip = req->tip;
	if (req->len)
		skb_trim(skb, req->len);
	return received(test, i, skb);
}

struct ns_req {
	const struct in6_addr *saddr;
	const struct in6_addr *target;
	u8 hop_limit;
	/* Added to the payload length the header claims. */
	int lie;
	bool bad_csum;
	unsigned int len;
};

static const struct ns_req ns_for_owner = {
	.saddr = &asker_ip6, .target = &owner_ip6, .hop_limit = 255,
};

static struct sk_buff *ns_request(struct kunit *test, unsigned int i,
				  const struct ns_req *req)
{
	struct in6_addr daddr;
	struct nd_frame *ns;
	struct sk_buff *skb;
	u8 dst[ETH_ALEN];

	addrconf_addr_solict_mult(req->target, &daddr);
	ipv6_eth_mc_map(&daddr, dst);
	skb = new_frame(dst, asker_mac, htons(ETH_P_IPV6), sizeof(*ns));
	KUNIT_ASSERT_NOT_NULL(test, skb);
	ns = (struct nd_frame *)skb->data;
	memset(ns, 0, sizeof(*ns));
	ip6_flow_hdr(&ns->ip6, 0, 0);
	ns->ip6.payload_len = htons(sizeof(ns->nd) + req->lie);
	ns->ip6.nexthdr = IPPROTO_ICMPV6;
	ns->ip6.hop_limit = req->hop_limit;
	ns->ip6.saddr = *req->saddr;
	ns->ip6.daddr = daddr;
	ns->nd.icmp.icmp6_type = NDISC_NEIGHBOUR_SOLICITATION;
	ns->nd.target = *req->target;
	ns->nd.opt_type = ND_OPT_SOURCE_LL_ADDR;
	ns->nd.opt_len = 1;
	ether_addr_copy(ns->nd.lladdr, asker_mac);
	ns->nd.icmp.icmp6_cksum =
		csum_ipv6_magic(&ns->ip6.saddr, &ns->ip6.daddr, sizeof(ns->nd),
				IPPROTO_ICMPV6,
				csum_partial(&ns->nd, sizeof(ns->nd), 0));
	if (req->bad_csum)
		ns->nd.icmp.icmp6_cksum ^= htons(1);
	if (req->len)
		skb_trim(skb, req->len);
	return received(test, i, skb);
}

/*
 * The request @skb from port @asker, for @target whose binding is @mac
 * behind port @owner: whether the bridge answered. @skb is consumed
 * either way.
 */
static bool answer(struct kunit *test, unsigned int asker, struct sk_buff *skb,
		   const struct lbridge_neigh_key *target, unsigned int owner,
		   const u8 *mac)
{
	bool answered;

	local_bh_disable();
	rcu_read_lock();
	answered = answer_for_rcu(lbridge_test_port(test, asker), skb, target,
				  lbridge_test_port(test, owner), mac);
	rcu_read_unlock();
	local_bh_enable();
	if (!answered)
		kfree_skb(skb);
	return answered;
}

/* ------------------------------------------------------------------ */
/* ARP.                                                                 */

static void arp_request_for_a_binding_elsewhere_is_answered(struct kunit *test)
{
	const struct arp_eth_ipv4 *arp;
	struct lbridge_neigh_key key;
	const struct ethhdr *eth;
	struct sk_buff *reply;

	v4_key(&key, owner_ip);
	KUNIT_EXPECT_TRUE(test, answer(test, 0, arp_request(test, 0, &who_has_owner),
				       &key, 1, owner_mac));
	/* Only the asker hears of it. */
	KUNIT_EXPECT_EQ(test, BIT(0), holders(test, 1));
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_NEIGH_SUPPRESSED));
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_TX_PACKETS));
	KUNIT_EXPECT_EQ(test, 0ULL,
			lbridge_test_counter(test, 1, LBRIDGE_PORT_STAT_TX_PACKETS));
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_br(test)->fdb.learned_count);

	reply = taken(test, 0);
	KUNIT_ASSERT_EQ(test, ETH_HLEN + sizeof(*arp), reply->len);
	eth = (const struct ethhdr *)reply->data;
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(asker_mac, eth->h_dest));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(owner_mac, eth->h_source));
	KUNIT_EXPECT_EQ(test, htons(ETH_P_ARP), eth->h_proto);
	arp = (const struct arp_eth_ipv4 *)(eth + 1);
	KUNIT_EXPECT_EQ(test, htons(ARPHRD_ETHER), arp->hrd);
	KUNIT_EXPECT_EQ(test, htons(ETH_P_IP), arp->pro);
	KUNIT_EXPECT_EQ(test, ETH_ALEN, arp->hln);
	KUNIT_EXPECT_EQ(test, 4, arp->pln);
	KUNIT_EXPECT_EQ(test, htons(ARPOP_REPLY), arp->op);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(owner_mac, arp->sha));
	KUNIT_EXPECT_EQ(test, owner_ip, arp->sip);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(asker_mac, arp->tha));
	KUNIT_EXPECT_EQ(test, asker_ip, arp->tip);
	kfree_skb(reply);
}

static void arp_request_for_a_binding_on_the_asking_port_is_not_answered(struct kunit *test)
{
	struct lbridge_neigh_key key;

	v4_key(&key, owner_ip);
	KUNIT_EXPECT_FALSE(test, answer(test, 2, arp_request(test, 2, &who_has_owner),
					&key, 2, owner_mac));
	KUNIT_EXPECT_EQ(test, 0U, holders(test, 0));
	KUNIT_EXPECT_EQ(test, 0ULL,
			lbridge_test_counter(test, 2, LBRIDGE_PORT_STAT_NEIGH_SUPPRESSED));
}

static void arp_request_for_an_owner_that_is_down_is_not_answered(struct kunit *test)
{
	struct lbridge_neigh_key key;

	v4_key(&key, owner_ip);
	set_down(test, 1);
	KUNIT_EXPECT_FALSE(test, answer(test, 0, arp_request(test, 0, &who_has_owner),
					&key, 1, owner_mac));
	KUNIT_EXPECT_EQ(test, 0U, holders(test, 0));
}

static void arp_probe_is_never_answered(struct kunit *test)
{
	struct arp_req probe = who_has_owner;
	struct lbridge_neigh_key key;

	v4_key(&key, owner_ip);
	probe.sip = 0;
	KUNIT_EXPECT_FALSE(test, answer(test, 0, arp_request(test, 0, &probe),
					&key, 1, owner_mac));
	KUNIT_EXPECT_EQ(test, 0U, holders(test, 0));
}

static void isolated_asker_learns_nothing_of_an_isolated_owner(struct kunit *test)
{
	struct lbridge_neigh_key key;

	v4_key(&key, owner_ip);
	set_flag(&lbridge_test_port(test, 0)->isolated, true);
	set_flag(&lbridge_test_port(test, 1)->isolated, true);
	KUNIT_EXPECT_FALSE(test, answer(test, 0, arp_request(test, 0, &who_has_owner),
					&key, 1, owner_mac));
	KUNIT_EXPECT_EQ(test, 0U, holders(test, 0));
	/* An owner that is not isolated is reachable, so is its answer. */
	KUNIT_EXPECT_TRUE(test, answer(test, 0, arp_request(test, 0, &who_has_owner),
				       &key, 2, owner_mac));
	KUNIT_EXPECT_EQ(test, BIT(0), holders(test, 1));
	purge(test);
}

/* Whatever a request claims, answered only when it is what it says. */
static void lying_arp_requests_are_not_answered(struct kunit *test)
{
	static const u8 multicast[ETH_ALEN] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
	struct lbridge_neigh_key key, other;
	struct arp_req lie;
	unsigned int len;

	v4_key(&key, owner_ip);
	v4_key(&other, asker_ip);
	/* Another target than the one it was found for. */
	KUNIT_EXPECT_FALSE(test, answer(test, 0, arp_request(test, 0, &who_has_owner),
					&other, 1, owner_mac));
	lie = who_has_owner;
	lie.op = ARPOP_REPLY;
	KUNIT_EXPECT_FALSE(test, answer(test, 0, arp_request(test, 0, &lie), &key, 1, owner_mac));
	lie = who_has_owner;
	lie.hln = 8;
	KUNIT_EXPECT_FALSE(test, answer(test, 0, arp_request(test, 0, &lie), &key, 1, owner_mac));
	lie = who_has_owner;
	lie.pln = 16;
	KUNIT_EXPECT_FALSE(test, answer(test, 0, arp_request(test, 0, &lie), &key, 1, owner_mac));
	lie = who_has_owner;
	lie.hrd = ARPHRD_IEEE802;
	KUNIT_EXPECT_FALSE(test, answer(test, 0, arp_request(test, 0, &lie), &key, 1, owner_mac));
	lie = who_has_owner;
	lie.pro = ETH_P_IPV6;
	KUNIT_EXPECT_FALSE(test, answer(test, 0, arp_request(test, 0, &lie), &key, 1, owner_mac));
	lie = who_has_owner;
	lie.sha = multicast;
	KUNIT_EXPECT_FALSE(test, answer(test, 0, arp_request(test, 0, &lie), &key, 1, owner_mac));
	lie = who_has_owner;
	lie.sip = htonl(INADDR_BROADCAST);
	KUNIT_EXPECT_FALSE(test, answer(test, 0, arp_request(test, 0, &lie), &key, 1, owner_mac));
	/* An IPv6 key for an ARP frame. */
	v6_key(&other, &owner_ip6);
	KUNIT_EXPECT_FALSE(test, answer(test, 0, arp_request(test, 0, &who_has_owner),
					&other, 1, owner_mac));
	/*
	 * Cut anywhere short of its last byte: what was cut off is still in
	 * the buffer, so a read past the frame would find a request to answer.
	 */
	for (len = 1; len < sizeof(struct arp_eth_ipv4); len++) {
		lie = who_has_owner;
		lie.len = len;
		KUNIT_EXPECT_FALSE(test, answer(test, 0, arp_request(test, 0, &lie),
						&key, 1, owner_mac));
	}
	KUNIT_EXPECT_EQ(test, 0U, holders(test, 0));
	KUNIT_EXPECT_EQ(test, 0ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_NEIGH_SUPPRESSED));
}

static void vlan_tagged_requests_are_not_answered(struct kunit *test)
{
	struct lbridge_neigh_key key;
	struct sk_buff *skb;

	v4_key(&key, owner_ip);
	skb = arp_request(test, 0, &who_has_owner);
	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), 10);
	KUNIT_EXPECT_FALSE(test, answer(test, 0, skb, &key, 1, owner_mac));
	KUNIT_EXPECT_EQ(test, 0U, holders(test, 0));
}

/* ------------------------------------------------------------------ */
/* Neighbour Discovery.                                                 */

/* Checks the Neighbour Advertisement @skb; consumes it. */
static void expect_na(struct kunit *test, struct sk_buff *skb, const u8 *dst,
		      const struct in6_addr *daddr, __be32 flags)
{
	const struct nd_frame *na;
	const struct ethhdr *eth;

	KUNIT_ASSERT_EQ(test, ETH_HLEN + sizeof(*na), skb->len);
	eth = (const struct ethhdr *)skb->data;
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(dst, eth->h_dest));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(owner_mac, eth->h_source));
	KUNIT_EXPECT_EQ(test, htons(ETH_P_IPV6), eth->h_proto);
	na = (const struct nd_frame *)(eth + 1);
	KUNIT_EXPECT_EQ(test, 6, (int)na->ip6.version);
	KUNIT_EXPECT_EQ(test, sizeof(na->nd), ntohs(na->ip6.payload_len));
	KUNIT_EXPECT_EQ(test, IPPROTO_ICMPV6, na->ip6.nexthdr);
	KUNIT_EXPECT_EQ(test, 255, na->ip6.hop_limit);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&owner_ip6, &na->ip6.saddr));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(daddr, &na->ip6.daddr));
	KUNIT_EXPECT_EQ(test, NDISC_NEIGHBOUR_ADVERTISEMENT, na->nd.icmp.icmp6_type);
	KUNIT_EXPECT_EQ(test, 0, na->nd.icmp.icmp6_code);
	KUNIT_EXPECT_EQ(test, flags, na->nd.icmp.icmp6_dataun.un_data32[0]);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&owner_ip6, &na->nd.target));
	KUNIT_EXPECT_EQ(test, ND_OPT_TARGET_LL_ADDR, na->nd.opt_type);
	KUNIT_EXPECT_EQ(test, 1, na->nd.opt_len);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(owner_mac, na->nd.lladdr));
	/* Summed over the whole message, its checksum included: zero. */
	KUNIT_EXPECT_EQ(test, (__sum16)0,
			csum_ipv6_magic(&na->ip6.saddr, &na->ip6.daddr,
					sizeof(na->nd), IPPROTO_ICMPV6,
					csum_partial(&na->nd, sizeof(na->nd), 0)));
	kfree_skb(skb);
}

static void ns_for_a_binding_elsewhere_is_answered(struct kunit *test)
{
	struct lbridge_neigh_key key;

	v6_key(&key, &owner_ip6);
	KUNIT_EXPECT_TRUE(test, answer(test, 3, ns_request(test, 3, &ns_for_owner),
				       &key, 1, owner_mac));
	KUNIT_EXPECT_EQ(test, BIT(3), holders(test, 1));
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 3, LBRIDGE_PORT_STAT_NEIGH_SUPPRESSED));
	expect_na(test, taken(test, 3), asker_mac, &asker_ip6,
		  NA_FLAG_SOLICITED | NA_FLAG_OVERRIDE);
}

static void ns_for_duplicate_address_detection_is_answered_to_all_nodes(struct kunit *test)
{
	static const u8 all_nodes[ETH_ALEN] = { 0x33, 0x33, 0, 0, 0, 1 };
	struct ns_req dad = ns_for_owner;
	struct lbridge_neigh_key key;

	v6_key(&key, &owner_ip6);
	dad.saddr = &in6addr_any;
	KUNIT_EXPECT_TRUE(test, answer(test, 0, ns_request(test, 0, &dad),
				       &key, 1, owner_mac));
	KUNIT_EXPECT_EQ(test, BIT(0), holders(test, 1));
	expect_na(test, taken(test, 0), all_nodes, &in6addr_linklocal_allnodes,
		  NA_FLAG_OVERRIDE);
}

static void lying_solicitations_are_not_answered(struct kunit *test)
{
	struct lbridge_neigh_key key, other;
	struct ns_req lie;
	unsigned int len;

	v6_key(&key, &owner_ip6);
	v6_key(&other, &asker_ip6);
	KUNIT_EXPECT_FALSE(test, answer(test, 0, ns_request(test, 0, &ns_for_owner),
					&other, 1, owner_mac));
	lie = ns_for_owner;
	lie.hop_limit = 64;	/* routed here: not from the link */
	KUNIT_EXPECT_FALSE(test, answer(test, 0, ns_request(test, 0, &lie), &key, 1, owner_mac));
	lie = ns_for_owner;
	lie.bad_csum = true;
	KUNIT_EXPECT_FALSE(test, answer(test, 0, ns_request(test, 0, &lie), &key, 1, owner_mac));
	lie = ns_for_owner;
	lie.lie = 1;		/* longer than the frame */
	KUNIT_EXPECT_FALSE(test, answer(test, 0, ns_request(test, 0, &lie), &key, 1, owner_mac));
	lie = ns_for_owner;
	lie.lie = -9;		/* shorter than a solicitation */
	KUNIT_EXPECT_FALSE(test, answer(test, 0, ns_request(test, 0, &lie), &key, 1, owner_mac));
	lie = ns_for_owner;
	lie.saddr = &in6addr_linklocal_allnodes;
	KUNIT_EXPECT_FALSE(test, answer(test, 0, ns_request(test, 0, &lie), &key, 1, owner_mac));
	v4_key(&other, owner_ip);
	KUNIT_EXPECT_FALSE(test, answer(test, 0, ns_request(test, 0, &ns_for_owner),
					&other, 1, owner_mac));
	/* Cut off, the rest still in the buffer: as for ARP. */
	for (len = 1; len < sizeof(struct nd_frame); len++) {
		lie = ns_for_owner;
		lie.len = len;
		KUNIT_EXPECT_FALSE(test, answer(test, 0, ns_request(test, 0, &lie),
						&key, 1, owner_mac));
	}
	KUNIT_EXPECT_EQ(test, 0U, holders(test, 0));
}

/* ------------------------------------------------------------------ */
/* Announcements.                                                       */

static void announce(struct kunit *test, unsigned int owner,
		     const struct lbridge_neigh_key *key)
{
	local_bh_disable();
	rcu_read_lock();
	lbridge_neigh_announce(lbridge_test_br(test), lbridge_test_port(test, owner),
			       key, owner_mac);
	rcu_read_unlock();
	local_bh_enable();
}

/* Announcing on, at most @burst announcements for as long as a case runs. */
static void announcing(struct kunit *test, bool on, int burst)
{
	struct lbridge *br = lbridge_test_br(test);

	ratelimit_state_init(&br->neigh.announcements, 3600 * HZ, burst);
	ratelimit_set_flags(&br->neigh.announcements, RATELIMIT_MSG_ON_RELEASE);
	WRITE_ONCE(br->neigh.announce, on);
}

static void gratuitous_arp_goes_to_every_other_port_and_the_host(struct kunit *test)
{
	const struct arp_eth_ipv4 *arp;
	struct lbridge_neigh_key key;
	const struct ethhdr *eth;
	struct sk_buff *skb;
	unsigned int i;

	announcing(test, true, 5);
	v4_key(&key, owner_ip);
	announce(test, 1, &key);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(2) | BIT(3), holders(test, 1));
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 1, LBRIDGE_PORT_STAT_ANNOUNCED));
	KUNIT_EXPECT_EQ(test, 0ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_ANNOUNCED));
	KUNIT_EXPECT_TRUE(test, host_got_one(test));
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_br(test)->fdb.learned_count);

	for (i = 0; i <= HOST; i++) {
		if (i == 1)
			continue;
		skb = taken(test, i);
		if (i == HOST)
			/* Received: the tap sees it from the network header. */
			skb_push(skb, ETH_HLEN);
		KUNIT_ASSERT_EQ(test, ETH_HLEN + sizeof(*arp), skb->len);
		eth = (const struct ethhdr *)skb->data;
		KUNIT_EXPECT_TRUE(test, is_broadcast_ether_addr(eth->h_dest));
		KUNIT_EXPECT_TRUE(test, ether_addr_equal(owner_mac, eth->h_source));
		KUNIT_EXPECT_EQ(test, htons(ETH_P_ARP), eth->h_proto);
		arp = (const struct arp_eth_ipv4 *)(eth + 1);
		KUNIT_EXPECT_EQ(test, htons(ARPHRD_ETHER), arp->hrd);
		KUNIT_EXPECT_EQ(test, htons(ETH_P_IP), arp->pro);
		KUNIT_EXPECT_EQ(test, ETH_ALEN, arp->hln);
		KUNIT_EXPECT_EQ(test, 4, arp->pln);
		KUNIT_EXPECT_EQ(test, htons(ARPOP_REQUEST), arp->op);
		KUNIT_EXPECT_TRUE(test, ether_addr_equal(owner_mac, arp->sha));
		KUNIT_EXPECT_EQ(test, owner_ip, arp->sip);
		KUNIT_EXPECT_TRUE(test, is_zero_ether_addr(arp->tha));
		KUNIT_EXPECT_EQ(test, owner_ip, arp->tip);
		kfree_skb(skb);
	}
}

static void unsolicited_na_goes_to_every_other_up_port(struct kunit *test)
{
	static const u8 all_nodes[ETH_ALEN] = { 0x33, 0x33, 0, 0, 0, 1 };
	struct lbridge_neigh_key key;

	announcing(test, true, 5);
	set_down(test, 3);
	v6_key(&key, &owner_ip6);
	announce(test, 2, &key);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(1), holders(test, 1));
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 2, LBRIDGE_PORT_STAT_ANNOUNCED));
	expect_na(test, taken(test, 0), all_nodes, &in6addr_linklocal_allnodes,
		  NA_FLAG_OVERRIDE);
	expect_na(test, taken(test, 1), all_nodes, &in6addr_linklocal_allnodes,
		  NA_FLAG_OVERRIDE);
	KUNIT_EXPECT_TRUE(test, host_got_one(test));
	purge(test);
}

static void announcements_from_isolated_ports_skip_isolated_ports(struct kunit *test)
{
	struct lbridge_neigh_key key;

	announcing(test, true, 5);
	set_flag(&lbridge_test_port(test, 1)->isolated, true);
	set_flag(&lbridge_test_port(test, 2)->isolated, true);
	v4_key(&key, owner_ip);
	announce(test, 1, &key);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(3), holders(test, 1));
	purge(test);
	/* From a port that is not isolated, they reach them all. */
	announce(test, 0, &key);
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2) | BIT(3), holders(test, 1));
	purge(test);
}

static void announcements_never_go_back_to_the_owner(struct kunit *test)
{
	struct lbridge_neigh_key key;

	announcing(test, true, 5);
	/* A hairpin port gets its own broadcasts back, not the bridge's. */
	set_flag(&lbridge_test_port(test, 1)->hairpin, true);
	v4_key(&key, owner_ip);
	announce(test, 1, &key);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(2) | BIT(3), holders(test, 1));
	purge(test);
}

static void announcements_keep_to_the_ports_flood_flags(struct kunit *test)
{
	struct lbridge_neigh_key key;

	announcing(test, true, 5);
	set_flag(&lbridge_test_port(test, 0)->bcast_flood, false);
	set_flag(&lbridge_test_port(test, 2)->mcast_flood, false);
	v4_key(&key, owner_ip);
	announce(test, 1, &key);
	KUNIT_EXPECT_EQ(test, BIT(2) | BIT(3), holders(test, 1));
	purge(test);
	v6_key(&key, &owner_ip6);
	announce(test, 1, &key);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(3), holders(test, 1));
	purge(test);
}

static void announcements_keep_to_their_rate_limit(struct kunit *test)
{
	struct lbridge_neigh_key key;
	unsigned int i;

	announcing(test, true, 2);
	v4_key(&key, owner_ip);
	for (i = 0; i < 5; i++)
		announce(test, 1, &key);
	KUNIT_EXPECT_EQ(test, 2U, skb_queue_len(&taps(test)->tap[0].frames));
	KUNIT_EXPECT_EQ(test, 2ULL,
			lbridge_test_counter(test, 1, LBRIDGE_PORT_STAT_ANNOUNCED));
	purge(test);
}

static void nothing_is_announced_when_announcing_is_off(struct kunit *test)
{
	struct lbridge_neigh_key key;

	announcing(test, false, 5);
	v4_key(&key, owner_ip);
	announce(test, 1, &key);
	v6_key(&key, &owner_ip6);
	announce(test, 1, &key);
	KUNIT_EXPECT_EQ(test, 0U, holders(test, 0));
	KUNIT_EXPECT_EQ(test, 0ULL,
			lbridge_test_counter(test, 1, LBRIDGE_PORT_STAT_ANNOUNCED));
}

/* ------------------------------------------------------------------ */
/* Through the datapath, with the bindings neigh.c learns.              */

/* An ARP reply from @mac behind port @i, for @ip, to the asker. */
static void arp_reply_from(struct kunit *test, unsigned int i, const u8 *mac,
			   __be32 ip)
{
	struct lbridge_neigh_key key;
	bool bound;

	lbridge_test_rx(received(test, i, new_arp(asker_mac, ARPOP_REPLY, mac, ip,
						  asker_mac, asker_ip)));
	v4_key(&key, ip);
	rcu_read_lock();
	bound = lbridge_neigh_lookup_rcu(lbridge_test_br(test), &key);
	rcu_read_unlock();
	KUNIT_ASSERT_TRUE(test, bound);
}

/* The owner is bound behind port 1, the asker learned behind port 0. */
static void owner_behind_port_1(struct kunit *test)
{
	struct arp_req gratuitous = who_has_owner;

	gratuitous.tip = asker_ip;
	lbridge_test_rx(arp_request(test, 0, &gratuitous));
	arp_reply_from(test, 1, owner_mac, owner_ip);
	purge(test);
}

static void suppressed_request_is_answered_and_goes_no_further(struct kunit *test)
{
	const struct arp_eth_ipv4 *arp;
	struct sk_buff *reply;

	owner_behind_port_1(test);
	set_flag(&lbridge_test_br(test)->neigh.suppress, true);
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED,
			lbridge_test_rx(arp_request(test, 0, &who_has_owner)));
	KUNIT_EXPECT_EQ(test, BIT(0), holders(test, 1));
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_NEIGH_SUPPRESSED));
	reply = taken(test, 0);
	arp = (const struct arp_eth_ipv4 *)(reply->data + ETH_HLEN);
	KUNIT_EXPECT_EQ(test, htons(ARPOP_REPLY), arp->op);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(owner_mac, arp->sha));
	KUNIT_EXPECT_EQ(test, owner_ip, arp->sip);
	kfree_skb(reply);
}

static void port_suppression_answers_that_ports_requests_only(struct kunit *test)
{
	static const u8 other_mac[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x04 };
	struct arp_req other = who_has_owner;

	other.sha = other_mac;
	other.sip = htonl(0xac110004);
	owner_behind_port_1(test);
	set_flag(&lbridge_test_port(test, 0)->neigh_suppress, true);
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED,
			lbridge_test_rx(arp_request(test, 0, &who_has_owner)));
	KUNIT_EXPECT_EQ(test, BIT(0), holders(test, 1));
	purge(test);
	/* From port 2, which does not suppress, the request floods. */
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, lbridge_test_rx(arp_request(test, 2, &other)));
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(1) | BIT(3), holders(test, 1));
	KUNIT_EXPECT_EQ(test, 0ULL,
			lbridge_test_counter(test, 2, LBRIDGE_PORT_STAT_NEIGH_SUPPRESSED));
	purge(test);
}

static void request_for_an_unknown_target_floods(struct kunit *test)
{
	struct arp_req req = who_has_owner;

	owner_behind_port_1(test);
	set_flag(&lbridge_test_br(test)->neigh.suppress, true);
	req.tip = htonl(0xac110063);
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, lbridge_test_rx(arp_request(test, 0, &req)));
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2) | BIT(3), holders(test, 1));
	KUNIT_EXPECT_EQ(test, 0ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_NEIGH_SUPPRESSED));
	purge(test);
}

static void request_without_suppression_floods(struct kunit *test)
{
	owner_behind_port_1(test);
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER,
			lbridge_test_rx(arp_request(test, 0, &who_has_owner)));
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2) | BIT(3), holders(test, 1));
	purge(test);
}

/* A container recreated with the same IP, a new MAC, behind a new port. */
static void a_binding_that_moves_is_announced_to_the_others(struct kunit *test)
{
	static const u8 new_mac[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x33 };
	const struct arp_eth_ipv4 *arp;
	struct sk_buff *skb;

	announcing(test, true, 5);
	owner_behind_port_1(test);
	set_down(test, 1);
	/* Unicast to the asker: only an announcement reaches port 3. */
	arp_reply_from(test, 2, new_mac, owner_ip);
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 2, LBRIDGE_PORT_STAT_ANNOUNCED));
	KUNIT_EXPECT_EQ(test, 1U, skb_queue_len(&taps(test)->tap[3].frames));
	KUNIT_EXPECT_EQ(test, 2U, skb_queue_len(&taps(test)->tap[0].frames));
	KUNIT_EXPECT_EQ(test, 0U, skb_queue_len(&taps(test)->tap[2].frames));
	skb = taken(test, 3);
	arp = (const struct arp_eth_ipv4 *)(skb->data + ETH_HLEN);
	KUNIT_EXPECT_EQ(test, htons(ARPOP_REQUEST), arp->op);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(new_mac, arp->sha));
	KUNIT_EXPECT_EQ(test, owner_ip, arp->sip);
	KUNIT_EXPECT_EQ(test, owner_ip, arp->tip);
	kfree_skb(skb);
	purge(test);
}

/* Routers are known by their link-local addresses: their own answer. */
static void link_local_targets_are_left_to_their_owner(struct kunit *test)
{
	static const struct in6_addr owner_ll = { .s6_addr = {
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x42, 0xac, 0xff, 0xfe, 0x11, 0, 3 } };
	struct ns_req ns = ns_for_owner;
	struct lbridge_neigh_key key;

	v6_key(&key, &owner_ll);
	ns.target = &owner_ll;
	KUNIT_EXPECT_FALSE(test, answer(test, 3, ns_request(test, 3, &ns),
					&key, 1, owner_mac));
	KUNIT_EXPECT_EQ(test, 0ULL,
			lbridge_test_counter(test, 3, LBRIDGE_PORT_STAT_NEIGH_SUPPRESSED));
	announcing(test, true, 5);
	announce(test, 2, &key);
	KUNIT_EXPECT_EQ(test, 0U, holders(test, 1));
	KUNIT_EXPECT_EQ(test, 0ULL,
			lbridge_test_counter(test, 2, LBRIDGE_PORT_STAT_ANNOUNCED));
}

static struct kunit_case lbridge_neigh_reply_cases[] = {
	KUNIT_CASE(arp_request_for_a_binding_elsewhere_is_answered),
	KUNIT_CASE(arp_request_for_a_binding_on_the_asking_port_is_not_answered),
	KUNIT_CASE(arp_request_for_an_owner_that_is_down_is_not_answered),
	KUNIT_CASE(arp_probe_is_never_answered),
	KUNIT_CASE(isolated_asker_learns_nothing_of_an_isolated_owner),
	KUNIT_CASE(lying_arp_requests_are_not_answered),
	KUNIT_CASE(vlan_tagged_requests_are_not_answered),
	KUNIT_CASE(ns_for_a_binding_elsewhere_is_answered),
	KUNIT_CASE(link_local_targets_are_left_to_their_owner),
	KUNIT_CASE(ns_for_duplicate_address_detection_is_answered_to_all_nodes),
	KUNIT_CASE(lying_solicitations_are_not_answered),
	KUNIT_CASE(gratuitous_arp_goes_to_every_other_port_and_the_host),
	KUNIT_CASE(unsolicited_na_goes_to_every_other_up_port),
	KUNIT_CASE(announcements_from_isolated_ports_skip_isolated_ports),
	KUNIT_CASE(announcements_never_go_back_to_the_owner),
	KUNIT_CASE(announcements_keep_to_the_ports_flood_flags),
	KUNIT_CASE(announcements_keep_to_their_rate_limit),
	KUNIT_CASE(nothing_is_announced_when_announcing_is_off),
	KUNIT_CASE(suppressed_request_is_answered_and_goes_no_further),
	KUNIT_CASE(port_suppression_answers_that_ports_requests_only),
	KUNIT_CASE(request_for_an_unknown_target_floods),
	KUNIT_CASE(request_without_suppression_floods),
	KUNIT_CASE(a_binding_that_moves_is_announced_to_the_others),
	{}
};

static struct kunit_suite lbridge_neigh_reply_suite = {
	.name = "lbridge_neigh_reply",
	.suite_init = lbridge_test_suite_init,
	.suite_exit = lbridge_test_suite_exit,
	.init = neigh_reply_test_init,
	.exit = neigh_reply_test_exit,
	.test_cases = lbridge_neigh_reply_cases,
};

kunit_test_suite(lbridge_neigh_reply_suite);
