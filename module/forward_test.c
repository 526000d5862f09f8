// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: what the datapath does with a frame. Included by forward.c.
 * Frames go through the real rx_handler and xmit; the test devices record
 * which ports sent what.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/if_arp.h>

#include "test_fixture.h"

#define NPORTS 4

static const u8 host_a[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x02 };
static const u8 host_b[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x03 };
static const u8 unknown[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x99 };

static int forward_test_init(struct kunit *test)
{
	return lbridge_test_init(test, NPORTS);
}

static u64 bridge_rx_packets(struct kunit *test)
{
	struct rtnl_link_stats64 stats = {};

	dev_get_stats(lbridge_test_br(test)->dev, &stats);
	return stats.rx_packets;
}

/* How many frames each port sent, as a bitmask of ports that sent one. */
static unsigned int senders(struct kunit *test)
{
	unsigned int i, mask = 0;

	for (i = 0; i < NPORTS; i++) {
		KUNIT_EXPECT_LE(test, lbridge_test_sent(lbridge_test_dev(test, i)), 1U);
		if (lbridge_test_sent(lbridge_test_dev(test, i)))
			mask |= BIT(i);
		lbridge_test_sent_purge(lbridge_test_dev(test, i));
	}
	return mask;
}

static rx_handler_result_t receive(struct kunit *test, unsigned int port,
				   const u8 *dst, const u8 *src)
{
	return lbridge_test_receive(test, lbridge_test_dev(test, port), dst, src, 64);
}

static void set_down(struct kunit *test, struct net_device *dev)
{
	rtnl_lock();
	dev_close(dev);
	rtnl_unlock();
}

static void known_unicast_goes_out_of_exactly_one_port(struct kunit *test)
{
	u64 tx2;

	receive(test, 1, unknown, host_b);	/* learn host_b behind port 1 */
	senders(test);
	tx2 = lbridge_test_counter(test, 2, LBRIDGE_PORT_STAT_TX_PACKETS);

	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED, receive(test, 0, host_b, host_a));
	KUNIT_EXPECT_EQ(test, BIT(1), senders(test));
	KUNIT_EXPECT_EQ(test, 1ULL, lbridge_test_counter(test, 1, LBRIDGE_PORT_STAT_TX_PACKETS));
	KUNIT_EXPECT_EQ(test, tx2, lbridge_test_counter(test, 2, LBRIDGE_PORT_STAT_TX_PACKETS));
}

static void set_promiscuity(struct net_device *dev, int inc)
{
	rtnl_lock();
	dev_set_promiscuity(dev, inc);
	rtnl_unlock();
}

/* Defect: the copy of known unicast that a promiscuous bridge device (tcpdump
 * on lb0) takes made the one port's copy count as a flood.
 */
static void known_unicast_to_a_promiscuous_bridge_is_no_flood(struct kunit *test)
{
	struct net_device *br_dev = lbridge_test_br(test)->dev;

	receive(test, 1, unknown, host_b);	/* learn host_b behind port 1 */
	senders(test);
	set_promiscuity(br_dev, 1);

	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, receive(test, 0, host_b, host_a));
	KUNIT_EXPECT_EQ(test, BIT(1), senders(test));
	KUNIT_EXPECT_EQ(test, 1ULL, lbridge_test_counter(test, 1, LBRIDGE_PORT_STAT_TX_PACKETS));
	KUNIT_EXPECT_EQ(test, 0ULL, lbridge_test_counter(test, 1, LBRIDGE_PORT_STAT_FLOODED));
	set_promiscuity(br_dev, -1);
}

static void known_unicast_never_goes_back_out_of_its_ingress(struct kunit *test)
{
	receive(test, 0, unknown, host_b);	/* host_b is behind port 0 */
	senders(test);

	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED, receive(test, 0, host_b, host_a));
	KUNIT_EXPECT_EQ(test, 0U, senders(test));
}

static void unknown_unicast_floods_to_every_other_port(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED, receive(test, 2, unknown, host_a));
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(1) | BIT(3), senders(test));
	KUNIT_EXPECT_EQ(test, 1ULL, lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_FLOODED));
	KUNIT_EXPECT_EQ(test, 0ULL, lbridge_test_counter(test, 2, LBRIDGE_PORT_STAT_FLOODED));
	/* Unknown unicast is not for the host. */
	KUNIT_EXPECT_EQ(test, 0ULL, bridge_rx_packets(test));
}

static void broadcast_floods_and_goes_up_to_the_host(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER,
			receive(test, 0, (const u8 *)"\xff\xff\xff\xff\xff\xff", host_a));
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2) | BIT(3), senders(test));
	KUNIT_EXPECT_EQ(test, 1ULL, bridge_rx_packets(test));
}

static void multicast_floods_and_goes_up_to_the_host(struct kunit *test)
{
	static const u8 ipv6_all_nodes[ETH_ALEN] = { 0x33, 0x33, 0, 0, 0, 1 };

	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, receive(test, 3, ipv6_all_nodes, host_a));
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(1) | BIT(2), senders(test));
}

static void flooding_skips_ports_that_are_down(struct kunit *test)
{
	set_down(test, lbridge_test_dev(test, 1));
	receive(test, 0, unknown, host_a);
	KUNIT_EXPECT_EQ(test, BIT(2) | BIT(3), senders(test));
}

static void known_unicast_to_a_down_port_is_dropped_and_counted(struct kunit *test)
{
	receive(test, 1, unknown, host_b);
	senders(test);
	/* Keep the entry: a port going down flushes what it learned. */
	KUNIT_ASSERT_EQ(test, 0,
			lbridge_test_fdb_add_static(test, lbridge_test_port(test, 2), host_b));
	set_down(test, lbridge_test_dev(test, 2));
	receive(test, 0, host_b, host_a);
	KUNIT_EXPECT_EQ(test, 0U, senders(test));
	KUNIT_EXPECT_EQ(test, 1ULL, lbridge_test_counter(test, 2, LBRIDGE_PORT_STAT_DROP_DOWN));
}

static void a_frame_for_the_bridge_mac_goes_up_as_host(struct kunit *test)
{
	struct net_device *br = lbridge_test_br(test)->dev;

	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, receive(test, 0, br->dev_addr, host_a));
	KUNIT_EXPECT_EQ(test, 0U, senders(test));
	KUNIT_EXPECT_EQ(test, 1ULL, bridge_rx_packets(test));
}

static void a_frame_for_a_port_mac_goes_up(struct kunit *test)
{
	u8 port2_mac[ETH_ALEN];

	lbridge_test_mac(port2_mac, 2);
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, receive(test, 0, port2_mac, host_a));
	KUNIT_EXPECT_EQ(test, 0U, senders(test));
}

static void link_local_frames_are_never_forwarded(struct kunit *test)
{
	static const u8 lldp[ETH_ALEN] = { 0x01, 0x80, 0xc2, 0, 0, 0x0e };
	static const u8 pause[ETH_ALEN] = { 0x01, 0x80, 0xc2, 0, 0, 0x01 };

	/* LLDP goes to the port's own stack, pause frames nowhere. */
	KUNIT_EXPECT_EQ(test, RX_HANDLER_PASS, receive(test, 0, lldp, host_a));
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED, receive(test, 0, pause, host_a));
	KUNIT_EXPECT_EQ(test, 0U, senders(test));
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_LINK_LOCAL_UP));
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_DROP_LINK_LOCAL));
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_br(test)->fdb.learned_count);
}

static void invalid_sources_are_dropped_and_never_learned(struct kunit *test)
{
	static const u8 zero[ETH_ALEN] = {};
	static const u8 multicast[ETH_ALEN] = { 0x01, 0x00, 0x5e, 0, 0, 1 };

	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED, receive(test, 0, unknown, zero));
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED, receive(test, 0, unknown, multicast));
	KUNIT_EXPECT_EQ(test, 0U, senders(test));
	KUNIT_EXPECT_EQ(test, 2ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_DROP_INVALID_SOURCE));
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_br(test)->fdb.learned_count);
}

static void a_down_bridge_forwards_and_learns_nothing(struct kunit *test)
{
	set_down(test, lbridge_test_br(test)->dev);
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED, receive(test, 0, unknown, host_a));
	KUNIT_EXPECT_EQ(test, 0U, senders(test));
	KUNIT_EXPECT_EQ(test, 1ULL, lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_DROP_DOWN));
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_br(test)->fdb.learned_count);
}

static void frames_over_the_port_mtu_are_dropped_and_counted(struct kunit *test)
{
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, 0, dev_set_mtu(lbridge_test_dev(test, 1), 1000));
	rtnl_unlock();
	lbridge_test_receive(test, lbridge_test_dev(test, 0), unknown, host_a, 1200);
	KUNIT_EXPECT_EQ(test, BIT(2) | BIT(3), senders(test));
	KUNIT_EXPECT_EQ(test, 1ULL, lbridge_test_counter(test, 1, LBRIDGE_PORT_STAT_DROP_MTU));
}

static void the_host_sends_known_unicast_to_one_port(struct kunit *test)
{
	receive(test, 3, unknown, host_b);
	senders(test);
	lbridge_test_host_send(test, lbridge_test_br(test), host_b, 64);
	KUNIT_EXPECT_EQ(test, BIT(3), senders(test));
}

static void the_host_floods_unknown_unicast_to_all_ports(struct kunit *test)
{
	lbridge_test_host_send(test, lbridge_test_br(test), unknown, 64);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(1) | BIT(2) | BIT(3), senders(test));
	/* What the host sends never comes back up to it. */
	KUNIT_EXPECT_EQ(test, 0ULL, bridge_rx_packets(test));
}

static void counters_follow_each_frame(struct kunit *test)
{
	receive(test, 0, unknown, host_a);
	KUNIT_EXPECT_EQ(test, 1ULL, lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_RX_PACKETS));
	KUNIT_EXPECT_EQ(test, (u64)ETH_HLEN + 64,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_RX_BYTES));
	KUNIT_EXPECT_EQ(test, (u64)ETH_HLEN + 64,
			lbridge_test_counter(test, 1, LBRIDGE_PORT_STAT_TX_BYTES));
	KUNIT_EXPECT_EQ(test, 0ULL, lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_TX_PACKETS));
	KUNIT_EXPECT_EQ(test, 1ULL, lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_LEARNED));
	senders(test);
}

/*
 * Defect: every copy of a flood went to this CPU's backlog at once, and
 * past netdev_max_backlog the last ports never got theirs. With room for
 * one copy at a time, a flood to three ports is finished by the NAPI.
 */
static void a_flood_wider_than_the_backlog_is_finished_later(struct kunit *test)
{
	int saved = READ_ONCE(netdev_max_backlog);
	unsigned int i, tries;

	WRITE_ONCE(netdev_max_backlog, 2);
	receive(test, 0, unknown, host_a);
	for (tries = 0; tries < 100; tries++) {
		for (i = 1; i < NPORTS; i++)
			if (!lbridge_test_sent(lbridge_test_dev(test, i)))
				break;
		if (i == NPORTS)
			break;
		msleep(20);
	}
	WRITE_ONCE(netdev_max_backlog, saved);
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2) | BIT(3), senders(test));
	KUNIT_EXPECT_EQ(test, 0U, skb_queue_len(&lbridge_test_br(test)->flood_queue));
}

/* ------------------------------------------------------------------ */
/* The ports' flags.                                                    */

static const u8 broadcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const u8 ipv6_all_nodes[ETH_ALEN] = { 0x33, 0x33, 0, 0, 0, 1 };

/* As SET_PORT and `bridge link set` do: under RTNL. */
static void set_flag(bool *flag, bool on)
{
	rtnl_lock();
	WRITE_ONCE(*flag, on);
	rtnl_unlock();
}

static struct lbridge_port *port(struct kunit *test, unsigned int i)
{
	return lbridge_test_port(test, i);
}

/* A frame a flag keeps from a port is no drop. */
static u64 drops(struct kunit *test)
{
	u64 sum = 0;
	unsigned int i;

	static const enum lbridge_port_stat reasons[] = {
		LBRIDGE_PORT_STAT_DROP_DOWN, LBRIDGE_PORT_STAT_DROP_MTU,
		LBRIDGE_PORT_STAT_DROP_NOMEM, LBRIDGE_PORT_STAT_DROP_FLOOD_BACKLOG,
	};
	unsigned int r;

	for (i = 0; i < NPORTS; i++)
		for (r = 0; r < ARRAY_SIZE(reasons); r++)
			sum += lbridge_test_counter(test, i, reasons[r]);
	return sum;
}

static void flood_off_keeps_unknown_unicast_but_not_broadcast_out(struct kunit *test)
{
	set_flag(&port(test, 1)->flood, false);
	receive(test, 0, unknown, host_a);
	KUNIT_EXPECT_EQ(test, BIT(2) | BIT(3), senders(test));
	receive(test, 0, broadcast, host_a);
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2) | BIT(3), senders(test));
	receive(test, 0, ipv6_all_nodes, host_a);
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2) | BIT(3), senders(test));
	lbridge_test_host_send(test, lbridge_test_br(test), unknown, 64);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(2) | BIT(3), senders(test));
	KUNIT_EXPECT_EQ(test, 0ULL, drops(test));
}

static void bcast_flood_off_keeps_broadcast_out(struct kunit *test)
{
	set_flag(&port(test, 1)->bcast_flood, false);
	receive(test, 0, broadcast, host_a);
	KUNIT_EXPECT_EQ(test, BIT(2) | BIT(3), senders(test));
	/* The host still gets it. */
	KUNIT_EXPECT_EQ(test, 1ULL, bridge_rx_packets(test));
	receive(test, 0, ipv6_all_nodes, host_a);
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2) | BIT(3), senders(test));
	receive(test, 0, unknown, host_a);
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2) | BIT(3), senders(test));
	/* The host's own broadcast (its ARP requests) goes everywhere. */
	lbridge_test_host_send(test, lbridge_test_br(test), broadcast, 64);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(1) | BIT(2) | BIT(3), senders(test));
	KUNIT_EXPECT_EQ(test, 0ULL, drops(test));
}

static void mcast_flood_off_keeps_multicast_out(struct kunit *test)
{
	set_flag(&port(test, 1)->mcast_flood, false);
	receive(test, 3, ipv6_all_nodes, host_a);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(2), senders(test));
	receive(test, 3, broadcast, host_a);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(1) | BIT(2), senders(test));
	receive(test, 3, unknown, host_a);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(1) | BIT(2), senders(test));
	/* The host's own multicast (its neighbour solicitations) goes everywhere. */
	lbridge_test_host_send(test, lbridge_test_br(test), ipv6_all_nodes, 64);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(1) | BIT(2) | BIT(3), senders(test));
	KUNIT_EXPECT_EQ(test, 0ULL, drops(test));
}

static void hairpin_sends_known_unicast_back_out_of_its_ingress(struct kunit *test)
{
	receive(test, 0, unknown, host_b);	/* host_b is behind port 0 */
	senders(test);
	set_flag(&port(test, 0)->hairpin, true);

	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED, receive(test, 0, host_b, host_a));
	KUNIT_EXPECT_EQ(test, BIT(0), senders(test));
	/* Only the ingress's flag counts. */
	set_flag(&port(test, 0)->hairpin, false);
	set_flag(&port(test, 1)->hairpin, true);
	receive(test, 0, host_b, host_a);
	KUNIT_EXPECT_EQ(test, 0U, senders(test));
}

static void hairpin_floods_back_out_of_its_ingress(struct kunit *test)
{
	set_flag(&port(test, 2)->hairpin, true);
	receive(test, 2, unknown, host_a);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(1) | BIT(2) | BIT(3), senders(test));
	receive(test, 2, broadcast, host_a);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(1) | BIT(2) | BIT(3), senders(test));
	receive(test, 1, broadcast, host_b);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(2) | BIT(3), senders(test));
}

static void isolated_ports_flood_only_to_ports_that_are_not(struct kunit *test)
{
	set_flag(&port(test, 0)->isolated, true);
	set_flag(&port(test, 1)->isolated, true);

	receive(test, 0, unknown, host_a);
	KUNIT_EXPECT_EQ(test, BIT(2) | BIT(3), senders(test));
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, receive(test, 0, broadcast, host_a));
	KUNIT_EXPECT_EQ(test, BIT(2) | BIT(3), senders(test));
	/* The host is not isolated. */
	KUNIT_EXPECT_EQ(test, 1ULL, bridge_rx_packets(test));
	/* A port that is not isolated reaches them all. */
	receive(test, 2, broadcast, host_b);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(1) | BIT(3), senders(test));
	KUNIT_EXPECT_EQ(test, 0ULL, drops(test));
}

static void isolated_to_isolated_known_unicast_is_not_sent(struct kunit *test)
{
	receive(test, 1, unknown, host_b);	/* host_b is behind port 1 */
	senders(test);
	set_flag(&port(test, 0)->isolated, true);
	set_flag(&port(test, 1)->isolated, true);

	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED, receive(test, 0, host_b, host_a));
	KUNIT_EXPECT_EQ(test, 0U, senders(test));
	KUNIT_EXPECT_EQ(test, 0ULL, drops(test));
	/* Hairpin does not open isolation. */
	set_flag(&port(test, 1)->hairpin, true);
	receive(test, 0, host_b, host_a);
	KUNIT_EXPECT_EQ(test, 0U, senders(test));
	/* Once port 0 is not isolated, it passes. */
	set_flag(&port(test, 0)->isolated, false);
	receive(test, 0, host_b, host_a);
	KUNIT_EXPECT_EQ(test, BIT(1), senders(test));
}

static void isolated_ports_reach_the_others_and_the_host(struct kunit *test)
{
	struct net_device *br = lbridge_test_br(test)->dev;

	receive(test, 2, unknown, host_b);	/* host_b is behind port 2 */
	senders(test);
	set_flag(&port(test, 0)->isolated, true);
	set_flag(&port(test, 1)->isolated, true);

	receive(test, 0, host_b, host_a);
	KUNIT_EXPECT_EQ(test, BIT(2), senders(test));
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, receive(test, 0, br->dev_addr, host_a));
	KUNIT_EXPECT_EQ(test, 1ULL, bridge_rx_packets(test));
	/* The host reaches an isolated port. */
	lbridge_test_host_send(test, lbridge_test_br(test), host_a, 64);
	KUNIT_EXPECT_EQ(test, BIT(0), senders(test));
}

/* A flood finished by the NAPI still knows its ingress was isolated. */
static void a_deferred_flood_keeps_isolation(struct kunit *test)
{
	int saved = READ_ONCE(netdev_max_backlog);
	unsigned int tries;

	set_flag(&port(test, 0)->isolated, true);
	set_flag(&port(test, 3)->isolated, true);
	/* No room at all: every copy but the first goes through the queue. */
	WRITE_ONCE(netdev_max_backlog, 1);
	receive(test, 0, unknown, host_a);
	for (tries = 0; tries < 100; tries++) {
		if (!skb_queue_len(&lbridge_test_br(test)->flood_queue) &&
		    lbridge_test_sent(lbridge_test_dev(test, 2)))
			break;
		msleep(20);
	}
	WRITE_ONCE(netdev_max_backlog, saved);
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2), senders(test));
}

/* dev_uc_add/dev_uc_del on the bridge, as a macvlan on lb0 does. */
static void host_uc(struct kunit *test, const u8 *addr, bool add)
{
	struct net_device *br_dev = lbridge_test_br(test)->dev;

	rtnl_lock();
	KUNIT_EXPECT_EQ(test, 0, add ? dev_uc_add(br_dev, addr) : dev_uc_del(br_dev, addr));
	rtnl_unlock();
}

static void a_secondary_address_goes_up_and_nowhere_else(struct kunit *test)
{
	host_uc(test, unknown, true);
	/* Filtered, not promiscuous as a device without a filter would be. */
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_br(test)->dev->promiscuity);

	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, receive(test, 0, unknown, host_a));
	KUNIT_EXPECT_EQ(test, 0U, senders(test));
	KUNIT_EXPECT_EQ(test, 1ULL, bridge_rx_packets(test));
	/* Other unknown unicast still floods, and not up. */
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED, receive(test, 0, host_b, host_a));
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2) | BIT(3), senders(test));

	host_uc(test, unknown, false);
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED, receive(test, 0, unknown, host_a));
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2) | BIT(3), senders(test));
	KUNIT_EXPECT_EQ(test, 1ULL, bridge_rx_packets(test));
}

/*
 * Listing a port's MAC on lb0 (CAP_NET_RAW is enough) takes nothing from
 * the port, and a container sending from a listed MAC (a macvlan's) takes
 * nothing from the host: both get the frames.
 */
static void a_listed_mac_behind_a_port_goes_to_both(struct kunit *test)
{
	receive(test, 1, unknown, host_b);	/* host_b is behind port 1 */
	host_uc(test, host_b, true);
	host_uc(test, host_a, true);
	senders(test);

	/* From a source of no interest: host_a must stay unlearned. */
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, receive(test, 0, host_b, unknown));
	KUNIT_EXPECT_EQ(test, BIT(1), senders(test));
	KUNIT_EXPECT_EQ(test, 1ULL, bridge_rx_packets(test));
	/* Listed and not learned: the host's alone. */
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, receive(test, 3, host_a, host_b));
	KUNIT_EXPECT_EQ(test, 0U, senders(test));
	/* Then learned behind port 2: port 2 and the host. */
	receive(test, 2, unknown, host_a);
	senders(test);
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, receive(test, 3, host_a, host_b));
	KUNIT_EXPECT_EQ(test, BIT(2), senders(test));
	KUNIT_EXPECT_EQ(test, 3ULL, bridge_rx_packets(test));
	host_uc(test, host_b, false);
	host_uc(test, host_a, false);
	/* Unlisted: the port's alone again. */
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED, receive(test, 3, host_a, host_b));
	KUNIT_EXPECT_EQ(test, BIT(2), senders(test));
}

/* Closed, the bridge is told of no change: its copy goes, and comes back. */
static void a_closed_bridge_drops_its_copy_and_takes_it_again(struct kunit *test)
{
	struct net_device *br_dev = lbridge_test_br(test)->dev;

	host_uc(test, unknown, true);
	rtnl_lock();
	dev_close(br_dev);
	rtnl_unlock();
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(lbridge_test_br(test)->host_addrs));
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, 0, dev_open(br_dev, NULL));
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, receive(test, 0, unknown, host_a));
	KUNIT_EXPECT_EQ(test, 0U, senders(test));
	host_uc(test, unknown, false);
}

static void too_many_secondary_addresses_make_the_bridge_promiscuous(struct kunit *test)
{
	u8 addr[ETH_ALEN] = { 0x02, 0x00, 0x5e, 0, 0, 0 };
	unsigned int i;

	receive(test, 1, unknown, host_b);	/* host_b is behind port 1 */
	senders(test);
	for (i = 0; i <= LBRIDGE_MAX_HOST_ADDRS; i++) {
		addr[5] = i;
		host_uc(test, addr, true);
	}
	/* Known unicast goes up as well as out, unknown floods and goes up. */
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, receive(test, 0, host_b, host_a));
	KUNIT_EXPECT_EQ(test, BIT(1), senders(test));
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, receive(test, 0, unknown, host_a));
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2) | BIT(3), senders(test));

	addr[5] = 0;
	host_uc(test, addr, false);
	/* Back under the limit: filtered again. */
	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED, receive(test, 0, host_b, host_a));
	KUNIT_EXPECT_EQ(test, BIT(1), senders(test));
	/* The first and the last of the list are both the host's. */
	addr[5] = 1;
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, receive(test, 0, addr, host_a));
	KUNIT_EXPECT_EQ(test, 0U, senders(test));
	addr[5] = LBRIDGE_MAX_HOST_ADDRS;
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, receive(test, 0, addr, host_a));
	KUNIT_EXPECT_EQ(test, 0U, senders(test));
	for (i = 1; i <= LBRIDGE_MAX_HOST_ADDRS; i++) {
		addr[5] = i;
		host_uc(test, addr, false);
	}
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(lbridge_test_br(test)->host_addrs));
}

/* ------------------------------------------------------------------ */
/* Each port's memory of its last destination (lbridge_fdb_find_dest_rcu). */

static const u8 host_c[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x04 };

/* Port @i's memory, on this CPU: the caller keeps to it (migrate_disable()). */
static struct lbridge_port_stats *memory(struct kunit *test, unsigned int i)
{
	return this_cpu_ptr(lbridge_test_port(test, i)->stats);
}

/*
 * Once port 0 has sent a frame to host_b, the next goes where its memory
 * says: told (behind the test's back) that host_b's entry is host_c's,
 * port 0 sends to port 3, where host_c lives, not to port 1.
 */
static void a_remembered_destination_skips_the_lookup(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct lbridge_port_stats *pcpu;
	struct lbridge_fdb_entry *entry;
	struct lbridge_fdb_key key;
	unsigned int first, second;

	if (!IS_ENABLED(CONFIG_64BIT))
		kunit_skip(test, "32-bit kernels look every destination up");
	receive(test, 1, unknown, host_b);
	senders(test);
	receive(test, 3, unknown, host_c);
	senders(test);
	migrate_disable();
	receive(test, 0, host_b, host_a);
	first = senders(test);
	rcu_read_lock();
	entry = lbridge_test_fdb_lookup_rcu(test, host_c);
	local_bh_disable();
	pcpu = memory(test, 0);
	lbridge_fdb_key_init(&key, host_b);
	if (pcpu->sent_key == lbridge_fdb_key_word(&key) &&
	    pcpu->sent_generation == READ_ONCE(br->fdb.generation))
		pcpu->sent_entry = entry;
	local_bh_enable();
	rcu_read_unlock();
	receive(test, 0, host_b, host_a);
	second = senders(test);
	/* Forget the lie. */
	receive(test, 0, unknown, host_a);
	migrate_enable();
	KUNIT_ASSERT_NOT_NULL(test, entry);
	KUNIT_EXPECT_EQ(test, BIT(1), first);
	KUNIT_EXPECT_EQ(test, BIT(3), second);
}

/*
 * But every change to the table in between is seen at once: a MAC that
 * was unknown and is learned, moves, is pinned behind another port, is
 * deleted, or becomes the bridge's own.
 */
static void a_remembered_destination_follows_each_change(struct kunit *test)
{
	struct net_device *br_dev = lbridge_test_br(test)->dev;
	struct sockaddr sa = { .sa_family = ARPHRD_ETHER };
	unsigned int unknown_then, learned, moved, pinned, deleted, local;
	rx_handler_result_t up;
	int err_pin, err_del, err_mac;

	migrate_disable();
	receive(test, 0, host_c, host_a);
	unknown_then = senders(test);
	receive(test, 3, unknown, host_c);
	senders(test);
	receive(test, 0, host_c, host_a);
	learned = senders(test);
	receive(test, 1, unknown, host_c);
	senders(test);
	receive(test, 0, host_c, host_a);
	moved = senders(test);
	err_pin = lbridge_test_fdb_add_static(test, lbridge_test_port(test, 2), host_c);
	receive(test, 0, host_c, host_a);
	pinned = senders(test);
	err_del = lbridge_test_fdb_del(test, lbridge_test_port(test, 2), host_c);
	receive(test, 0, host_c, host_a);
	deleted = senders(test);
	memcpy(sa.sa_data, host_c, ETH_ALEN);
	rtnl_lock();
	err_mac = dev_set_mac_address(br_dev, &sa, NULL);
	rtnl_unlock();
	up = receive(test, 0, host_c, host_a);
	local = senders(test);
	migrate_enable();
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2) | BIT(3), unknown_then);
	KUNIT_EXPECT_EQ(test, BIT(3), learned);
	KUNIT_EXPECT_EQ(test, BIT(1), moved);
	KUNIT_ASSERT_EQ(test, 0, err_pin);
	KUNIT_EXPECT_EQ(test, BIT(2), pinned);
	KUNIT_ASSERT_EQ(test, 0, err_del);
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2) | BIT(3), deleted);
	KUNIT_ASSERT_EQ(test, 0, err_mac);
	KUNIT_EXPECT_EQ(test, RX_HANDLER_ANOTHER, up);
	KUNIT_EXPECT_EQ(test, 0U, local);
}

/*
 * The port a remembered destination lived behind goes: the next frame
 * floods to the ports left, and never touches the one gone. The entry
 * may still wait in the graveyard, but the port is freed (KASAN would
 * see a frame sent to it).
 */
static void a_remembered_destination_outlives_no_port(struct kunit *test)
{
	unsigned int i, before, after = 0;

	receive(test, 1, unknown, host_b);
	senders(test);
	migrate_disable();
	receive(test, 0, host_b, host_a);
	before = senders(test);
	lbridge_test_dev_remove(test, 1);
	/* The port is freed a grace period after it left. */
	rcu_barrier();
	receive(test, 0, host_b, host_a);
	migrate_enable();
	for (i = 0; i < NPORTS; i++) {
		struct net_device *dev = lbridge_test_dev(test, i);

		if (!dev)
			continue;
		if (lbridge_test_sent(dev))
			after |= BIT(i);
		lbridge_test_sent_purge(dev);
	}
	KUNIT_EXPECT_EQ(test, BIT(1), before);
	KUNIT_EXPECT_EQ(test, BIT(2) | BIT(3), after);
}

/*
 * No entry can hold the zero MAC: a frame for it floods, and a port's
 * memory, zeroed before its first frame, answers "unknown" for it too.
 */
static void a_frame_for_the_zero_mac_floods(struct kunit *test)
{
	static const u8 zero[ETH_ALEN];

	KUNIT_EXPECT_EQ(test, RX_HANDLER_CONSUMED, receive(test, 0, zero, host_a));
	KUNIT_EXPECT_EQ(test, BIT(1) | BIT(2) | BIT(3), senders(test));
}

static struct kunit_case lbridge_forward_cases[] = {
	KUNIT_CASE(known_unicast_goes_out_of_exactly_one_port),
	KUNIT_CASE(known_unicast_never_goes_back_out_of_its_ingress),
	KUNIT_CASE(known_unicast_to_a_promiscuous_bridge_is_no_flood),
	KUNIT_CASE(unknown_unicast_floods_to_every_other_port),
	KUNIT_CASE(broadcast_floods_and_goes_up_to_the_host),
	KUNIT_CASE(multicast_floods_and_goes_up_to_the_host),
	KUNIT_CASE(flooding_skips_ports_that_are_down),
	KUNIT_CASE(known_unicast_to_a_down_port_is_dropped_and_counted),
	KUNIT_CASE(a_frame_for_the_bridge_mac_goes_up_as_host),
	KUNIT_CASE(a_frame_for_a_port_mac_goes_up),
	KUNIT_CASE(link_local_frames_are_never_forwarded),
	KUNIT_CASE(invalid_sources_are_dropped_and_never_learned),
	KUNIT_CASE(a_down_bridge_forwards_and_learns_nothing),
	KUNIT_CASE(frames_over_the_port_mtu_are_dropped_and_counted),
	KUNIT_CASE(the_host_sends_known_unicast_to_one_port),
	KUNIT_CASE(the_host_floods_unknown_unicast_to_all_ports),
	KUNIT_CASE(counters_follow_each_frame),
	KUNIT_CASE(a_flood_wider_than_the_backlog_is_finished_later),
	KUNIT_CASE(flood_off_keeps_unknown_unicast_but_not_broadcast_out),
	KUNIT_CASE(bcast_flood_off_keeps_broadcast_out),
	KUNIT_CASE(mcast_flood_off_keeps_multicast_out),
	KUNIT_CASE(hairpin_sends_known_unicast_back_out_of_its_ingress),
	KUNIT_CASE(hairpin_floods_back_out_of_its_ingress),
	KUNIT_CASE(isolated_ports_flood_only_to_ports_that_are_not),
	KUNIT_CASE(isolated_to_isolated_known_unicast_is_not_sent),
	KUNIT_CASE(isolated_ports_reach_the_others_and_the_host),
	KUNIT_CASE(a_deferred_flood_keeps_isolation),
	KUNIT_CASE(a_secondary_address_goes_up_and_nowhere_else),
	KUNIT_CASE(a_listed_mac_behind_a_port_goes_to_both),
	KUNIT_CASE(a_closed_bridge_drops_its_copy_and_takes_it_again),
	KUNIT_CASE(too_many_secondary_addresses_make_the_bridge_promiscuous),
	KUNIT_CASE(a_remembered_destination_skips_the_lookup),
	KUNIT_CASE(a_remembered_destination_follows_each_change),
	KUNIT_CASE(a_remembered_destination_outlives_no_port),
	KUNIT_CASE(a_frame_for_the_zero_mac_floods),
	{}
};

static struct kunit_suite lbridge_forward_suite = {
	.name = "lbridge_forward",
	.suite_init = lbridge_test_suite_init,
	.suite_exit = lbridge_test_suite_exit,
	.init = forward_test_init,
	.exit = lbridge_test_exit,
	.test_cases = lbridge_forward_cases,
};

kunit_test_suite(lbridge_forward_suite);
