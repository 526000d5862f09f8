// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the bridge device as `ip link add` creates it.
 * Included by device.c so the cases reach its static functions.
 */
#include <kunit/test.h>
#include <net/net_namespace.h>

#include "test_fixture.h"

static void setup_gives_an_ethernet_device(struct kunit *test)
{
	struct net_device *dev = lbridge_test_bridge_create(test, NULL);

	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_EXPECT_EQ(test, ARPHRD_ETHER, dev->type);
	KUNIT_EXPECT_EQ(test, ETH_ALEN, dev->addr_len);
	KUNIT_EXPECT_EQ(test, ETH_DATA_LEN, dev->mtu);
	KUNIT_EXPECT_EQ(test, ETH_MAX_MTU, dev->max_mtu);
	KUNIT_EXPECT_TRUE(test, dev->flags & IFF_BROADCAST);
	KUNIT_EXPECT_FALSE(test, dev->flags & IFF_UP);
	unregister_netdev(dev);
}

static void setup_gives_a_random_local_unicast_mac(struct kunit *test)
{
	struct net_device *a = lbridge_test_bridge_create(test, NULL);
	struct net_device *b = lbridge_test_bridge_create(test, NULL);

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_TRUE(test, is_valid_ether_addr(a->dev_addr));
	KUNIT_EXPECT_TRUE(test, is_local_ether_addr(a->dev_addr));
	KUNIT_EXPECT_EQ(test, NET_ADDR_RANDOM, a->addr_assign_type);
	KUNIT_EXPECT_FALSE(test, ether_addr_equal(a->dev_addr, b->dev_addr));
	unregister_netdev(b);
	unregister_netdev(a);
}

static void setup_gives_lockless_queueless_xmit(struct kunit *test)
{
	struct net_device *dev = lbridge_test_bridge_create(test, NULL);

	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_EXPECT_TRUE(test, dev->priv_flags & IFF_NO_QUEUE);
	KUNIT_EXPECT_FALSE(test, dev->priv_flags & IFF_TX_SKB_SHARING);
	KUNIT_EXPECT_TRUE(test, dev->features & NETIF_F_LLTX);
	KUNIT_EXPECT_TRUE(test, dev->features & NETIF_F_NETNS_LOCAL);
	unregister_netdev(dev);
}

/* Defect: netconsole on the bridge would WARN, having no netpoll to use. */
static void setup_refuses_netpoll(struct kunit *test)
{
	struct net_device *dev = lbridge_test_bridge_create(test, NULL);

	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_EXPECT_TRUE(test, dev->priv_flags & IFF_DISABLE_NETPOLL);
	unregister_netdev(dev);
}

/* bridge.ko and br_netfilter would take a device with these flags for theirs. */
static void setup_never_claims_linux_bridge_flags(struct kunit *test)
{
	struct net_device *dev = lbridge_test_bridge_create(test, NULL);

	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_EXPECT_FALSE(test, dev->priv_flags & IFF_EBRIDGE);
	KUNIT_EXPECT_FALSE(test, dev->priv_flags & IFF_BRIDGE_PORT);
	KUNIT_EXPECT_FALSE(test, netif_is_bridge_master(dev));
	unregister_netdev(dev);
}

static void is_bridge_recognises_only_lbridge_devices(struct kunit *test)
{
	struct net_device *dev = lbridge_test_bridge_create(test, NULL);

	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_EXPECT_TRUE(test, lbridge_is_bridge(dev));
	KUNIT_EXPECT_STREQ(test, KBUILD_MODNAME, dev->rtnl_link_ops->kind);
	KUNIT_EXPECT_FALSE(test, lbridge_is_bridge(init_net.loopback_dev));
	unregister_netdev(dev);
}

static void create_keeps_the_mac_asked_for(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x01 };
	struct nlattr *tb[IFLA_MAX + 1] = {};
	struct net_device *dev;
	struct nlattr *attr;

	attr = kunit_kzalloc(test, nla_total_size(ETH_ALEN), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, attr);
	attr->nla_type = IFLA_ADDRESS;
	attr->nla_len = nla_attr_size(ETH_ALEN);
	memcpy(nla_data(attr), mac, ETH_ALEN);
	tb[IFLA_ADDRESS] = attr;

	dev = lbridge_test_bridge_create(test, tb);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac, dev->dev_addr));
	unregister_netdev(dev);
}

static void xmit_without_ports_sends_nowhere(struct kunit *test)
{
	struct net_device *dev = lbridge_test_bridge_create(test, NULL);
	struct rtnl_link_stats64 stats = {};
	struct sk_buff *skb;

	KUNIT_ASSERT_NOT_NULL(test, dev);
	skb = alloc_skb(ETH_ZLEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_zero(skb, ETH_ZLEN);
	memset(skb->data, 0xff, ETH_ALEN);
	skb->dev = dev;

	local_bh_disable();
	KUNIT_EXPECT_EQ(test, NETDEV_TX_OK, lbridge_start_xmit(skb, dev));
	local_bh_enable();

	dev_get_stats(dev, &stats);
	KUNIT_EXPECT_EQ(test, 1ULL, stats.tx_packets);
	KUNIT_EXPECT_EQ(test, 0ULL, stats.tx_dropped);
	KUNIT_EXPECT_EQ(test, 0ULL, stats.rx_packets);
	unregister_netdev(dev);
}

/* Table-driven: what `ip link add ... address MAC type lbridge` accepts. */
struct validate_case {
	const char *name;
	u8 addr[ETH_ALEN + 1];
	int len;
	int expected;
};

static const struct validate_case validate_cases[] = {
	{ "unicast", { 0x02, 0x42, 0xac, 0x11, 0x00, 0x01 }, ETH_ALEN, 0 },
	{ "zero", { 0 }, ETH_ALEN, -EADDRNOTAVAIL },
	{ "multicast", { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 }, ETH_ALEN, -EADDRNOTAVAIL },
	{ "broadcast", { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, ETH_ALEN, -EADDRNOTAVAIL },
	{ "short", { 0x02, 0x42, 0xac, 0x11, 0x00 }, ETH_ALEN - 1, -EINVAL },
	{ "long", { 0x02, 0x42, 0xac, 0x11, 0x00, 0x01, 0x02 }, ETH_ALEN + 1, -EINVAL },
};

static void validate_case_desc(const struct validate_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(validate, validate_cases, validate_case_desc);

static void validate_checks_the_mac(struct kunit *test)
{
	const struct validate_case *c = test->param_value;
	struct netlink_ext_ack extack = {};
	struct nlattr *tb[IFLA_MAX + 1] = {};
	struct nlattr *attr;
	int err;

	attr = kunit_kzalloc(test, nla_total_size(c->len), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, attr);
	attr->nla_type = IFLA_ADDRESS;
	attr->nla_len = nla_attr_size(c->len);
	memcpy(nla_data(attr), c->addr, c->len);
	tb[IFLA_ADDRESS] = attr;

	err = lbridge_validate(tb, NULL, &extack);
	KUNIT_EXPECT_EQ(test, c->expected, err);
	if (c->expected)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
}

static struct kunit_case lbridge_device_cases[] = {
	KUNIT_CASE(setup_gives_an_ethernet_device),
	KUNIT_CASE(setup_gives_a_random_local_unicast_mac),
	KUNIT_CASE(setup_gives_lockless_queueless_xmit),
	KUNIT_CASE(setup_refuses_netpoll),
	KUNIT_CASE(setup_never_claims_linux_bridge_flags),
	KUNIT_CASE(is_bridge_recognises_only_lbridge_devices),
	KUNIT_CASE(create_keeps_the_mac_asked_for),
	KUNIT_CASE(xmit_without_ports_sends_nowhere),
	KUNIT_CASE_PARAM(validate_checks_the_mac, validate_gen_params),
	{}
};

static struct kunit_suite lbridge_device_suite = {
	.name = "lbridge_device",
	.suite_init = lbridge_test_suite_init,
	.suite_exit = lbridge_test_suite_exit,
	.test_cases = lbridge_device_cases,
};

kunit_test_suite(lbridge_device_suite);
