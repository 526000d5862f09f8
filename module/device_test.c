// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the bridge device as `ip link add` creates it.
 * Included by device.c so the cases reach its static functions.
 */
#include <kunit/test.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <net/ip.h>
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

/* What the Linux bridge's device offers the host, lbridge's does too. */
static void setup_offers_the_linux_bridge_offloads(struct kunit *test)
{
	static const netdev_features_t offloads[] = {
		NETIF_F_SG, NETIF_F_FRAGLIST, NETIF_F_HIGHDMA, NETIF_F_HW_CSUM,
		NETIF_F_GSO, NETIF_F_TSO, NETIF_F_TSO6, NETIF_F_GSO_UDP_L4,
	};
	struct net_device *dev = lbridge_test_bridge_create(test, NULL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, dev);
	for (i = 0; i < ARRAY_SIZE(offloads); i++) {
		KUNIT_EXPECT_TRUE_MSG(test, dev->features & offloads[i],
				      "feature %pNF", &offloads[i]);
		/* `ethtool -K lb0 ...` may turn it off and on. */
		KUNIT_EXPECT_TRUE_MSG(test, dev->hw_features & offloads[i],
				      "hw feature %pNF", &offloads[i]);
	}
	/* A VLAN device on the bridge has them too (the core's own GSO aside). */
	KUNIT_EXPECT_EQ(test, LBRIDGE_OFFLOADS, dev->vlan_features & LBRIDGE_OFFLOADS);
	KUNIT_EXPECT_EQ(test, 0U, dev->needed_headroom);
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

/* ------------------------------------------------------------------ */
/* Link data: IFLA_INFO_DATA as rtnetlink hands it to the ops.         */

/* Room for a request's IFLA_LINKINFO and the attributes in its data. */
#define LINK_REQ_SIZE 256

struct link_req {
	struct nlattr *tb[IFLA_MAX + 1];
	struct nlattr *data[IFLA_LBRIDGE_MAX + 1];
	struct netlink_ext_ack extack;
	char buf[LINK_REQ_SIZE];
	int len;
	int data_start;
};

static struct nlattr *link_req_put(struct link_req *r, int type,
				   const void *payload, int len)
{
	struct nlattr *nla = (struct nlattr *)(r->buf + r->len);

	nla->nla_type = type;
	nla->nla_len = nla_attr_size(len);
	if (payload)
		memcpy(nla_data(nla), payload, len);
	r->len += nla_total_size(len);
	return nla;
}

/* A request's IFLA_LINKINFO { KIND "lbridge", DATA { ... } }: begin. */
static struct link_req *link_req_new(struct kunit *test)
{
	struct link_req *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	link_req_put(r, IFLA_LINKINFO, NULL, 0);
	link_req_put(r, IFLA_INFO_KIND, KBUILD_MODNAME, sizeof(KBUILD_MODNAME));
	r->data_start = r->len;
	link_req_put(r, IFLA_INFO_DATA, NULL, 0);
	return r;
}

static void link_req_u32(struct link_req *r, int type, u32 value)
{
	link_req_put(r, type, &value, sizeof(value));
}

static void link_req_u8(struct link_req *r, int type, u8 value)
{
	link_req_put(r, type, &value, sizeof(value));
}

/*
 * End the nests and do what rtnetlink does before the ops see it: parse
 * the data leniently with the ops' policy, then .validate.
 */
static int link_req_check(struct kunit *test, struct link_req *r)
{
	struct nlattr *linkinfo = (struct nlattr *)r->buf;
	struct nlattr *data = (struct nlattr *)(r->buf + r->data_start);
	int err;

	KUNIT_ASSERT_LE(test, r->len, LINK_REQ_SIZE);
	linkinfo->nla_len = r->len;
	data->nla_len = r->len - r->data_start;
	r->tb[IFLA_LINKINFO] = linkinfo;
	err = nla_parse_nested_deprecated(r->data, IFLA_LBRIDGE_MAX, data,
					  lbridge_link_policy, &r->extack);
	if (err)
		return err;
	return lbridge_validate(r->tb, r->data, &r->extack);
}

struct link_data_case {
	const char *name;
	int type;
	u32 value;
	int len;		/* of the attribute's payload */
	bool drop_admin;	/* asked without CAP_NET_ADMIN */
	int expected;
};

static const struct link_data_case link_data_cases[] = {
	{ "ageing 60", IFLA_LBRIDGE_AGEING_TIME, 60, 4, false, 0 },
	{ "ageing 0 (never)", IFLA_LBRIDGE_AGEING_TIME, 0, 4, false, 0 },
	{ "ageing at its max", IFLA_LBRIDGE_AGEING_TIME, LBRIDGE_MAX_AGEING_TIME, 4, false, 0 },
	{ "ageing past its max", IFLA_LBRIDGE_AGEING_TIME, LBRIDGE_MAX_AGEING_TIME + 1, 4, false,
	  -ERANGE },
	{ "learning 1", IFLA_LBRIDGE_LEARNING, 1, 1, false, 0 },
	{ "learning 2", IFLA_LBRIDGE_LEARNING, 2, 1, false, -ERANGE },
	{ "ageing as a u8", IFLA_LBRIDGE_AGEING_TIME, 60, 1, false, -ERANGE },
	{ "ageing as a u64", IFLA_LBRIDGE_AGEING_TIME, 60, 8, false, -EINVAL },
	{ "attribute 0", IFLA_LBRIDGE_UNSPEC, 1, 4, false, -EINVAL },
	{ "unknown attribute", IFLA_LBRIDGE_MAX + 1, 1, 4, false, -EINVAL },
	{ "cap lifted by the host's admin", IFLA_LBRIDGE_MAX_LEARNED, 0, 4, false, 0 },
	{ "cap lifted without CAP_NET_ADMIN", IFLA_LBRIDGE_MAX_LEARNED, 0, 4, true, -EPERM },
	{ "cap raised without CAP_NET_ADMIN", IFLA_LBRIDGE_PORT_MAX_LEARNED,
	  LBRIDGE_DEFAULT_PORT_MAX_LEARNED + 1, 4, true, -EPERM },
	{ "static cap lifted without CAP_NET_ADMIN", IFLA_LBRIDGE_MAX_STATIC, 0, 4, true, -EPERM },
	{ "cap lowered without CAP_NET_ADMIN", IFLA_LBRIDGE_MAX_STATIC, 10, 4, true, 0 },
	{ "cap at its default without CAP_NET_ADMIN", IFLA_LBRIDGE_MAX_LEARNED,
	  LBRIDGE_DEFAULT_MAX_LEARNED, 4, true, 0 },
};

static void link_data_case_desc(const struct link_data_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(link_data, link_data_cases, link_data_case_desc);

static void validate_checks_the_link_data(struct kunit *test)
{
	const struct link_data_case *c = test->param_value;
	struct link_req *r = link_req_new(test);
	const struct cred *old = NULL;
	struct cred *cred;
	u64 value = c->value;
	int err;

	link_req_put(r, c->type, &value, c->len);
	if (c->drop_admin) {
		cred = prepare_creds();
		KUNIT_ASSERT_NOT_NULL(test, cred);
		cap_lower(cred->cap_effective, CAP_NET_ADMIN);
		old = override_creds(cred);
	}
	err = link_req_check(test, r);
	if (old) {
		revert_creds(old);
		put_cred(cred);
	}
	KUNIT_EXPECT_EQ(test, c->expected, err);
	if (c->expected)
		KUNIT_EXPECT_NOT_NULL(test, r->extack._msg);
}

/* What `ip -d link show` reads back is what the bridge has. */
static void fill_info_is_the_settings_in_the_size_announced(struct kunit *test)
{
	struct net_device *dev = lbridge_test_bridge_create(test, NULL);
	struct nlattr *tb[IFLA_LBRIDGE_MAX + 1];
	struct lbridge *br;
	struct sk_buff *skb;

	KUNIT_ASSERT_NOT_NULL(test, dev);
	br = netdev_priv(dev);
	br->fdb.ageing_secs = 61;
	br->fdb.max_static = 7;
	skb = alloc_skb(1024, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, 0, lbridge_fill_info(skb, dev));
	KUNIT_EXPECT_EQ(test, lbridge_get_size(dev), (size_t)skb->len);
	KUNIT_ASSERT_EQ(test, 0, nla_parse_deprecated(tb, IFLA_LBRIDGE_MAX,
						      (struct nlattr *)skb->data,
						      skb->len, lbridge_link_policy,
						      NULL));
	KUNIT_ASSERT_NOT_NULL(test, tb[IFLA_LBRIDGE_AGEING_TIME]);
	KUNIT_EXPECT_EQ(test, 61U, nla_get_u32(tb[IFLA_LBRIDGE_AGEING_TIME]));
	KUNIT_ASSERT_NOT_NULL(test, tb[IFLA_LBRIDGE_LEARNING]);
	KUNIT_EXPECT_EQ(test, 1, nla_get_u8(tb[IFLA_LBRIDGE_LEARNING]));
	KUNIT_ASSERT_NOT_NULL(test, tb[IFLA_LBRIDGE_MAX_LEARNED]);
	KUNIT_EXPECT_EQ(test, LBRIDGE_DEFAULT_MAX_LEARNED,
			nla_get_u32(tb[IFLA_LBRIDGE_MAX_LEARNED]));
	KUNIT_ASSERT_NOT_NULL(test, tb[IFLA_LBRIDGE_PORT_MAX_LEARNED]);
	KUNIT_EXPECT_EQ(test, LBRIDGE_DEFAULT_PORT_MAX_LEARNED,
			nla_get_u32(tb[IFLA_LBRIDGE_PORT_MAX_LEARNED]));
	KUNIT_ASSERT_NOT_NULL(test, tb[IFLA_LBRIDGE_MAX_STATIC]);
	KUNIT_EXPECT_EQ(test, 7U, nla_get_u32(tb[IFLA_LBRIDGE_MAX_STATIC]));
	kfree_skb(skb);
	unregister_netdev(dev);
}

/* A creation with settings: every one applied, on a registered bridge. */
static void newlink_applies_the_link_data(struct kunit *test)
{
	struct link_req *r = link_req_new(test);
	struct net_device *dev;
	struct lbridge *br;
	int err;

	link_req_u32(r, IFLA_LBRIDGE_AGEING_TIME, 60);
	link_req_u8(r, IFLA_LBRIDGE_LEARNING, 0);
	link_req_u32(r, IFLA_LBRIDGE_MAX_LEARNED, 100);
	link_req_u32(r, IFLA_LBRIDGE_PORT_MAX_LEARNED, 10);
	link_req_u32(r, IFLA_LBRIDGE_MAX_STATIC, 5);
	KUNIT_ASSERT_EQ(test, 0, link_req_check(test, r));

	rtnl_lock();
	dev = rtnl_create_link(&init_net, "lbt%d", NET_NAME_ENUM,
			       &lbridge_link_ops, r->tb, NULL);
	err = IS_ERR(dev) ? PTR_ERR(dev) : 0;
	if (!err) {
		err = lbridge_newlink(&init_net, dev, r->tb, r->data, NULL);
		if (err)
			free_netdev(dev);
	}
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, 0, err);

	br = netdev_priv(dev);
	KUNIT_EXPECT_EQ(test, NETREG_REGISTERED, dev->reg_state);
	KUNIT_EXPECT_EQ(test, 60U, br->fdb.ageing_secs);
	KUNIT_EXPECT_FALSE(test, br->fdb.learning);
	KUNIT_EXPECT_EQ(test, 100U, br->fdb.max_learned);
	KUNIT_EXPECT_EQ(test, 10U, br->fdb.port_max_learned);
	KUNIT_EXPECT_EQ(test, 5U, br->fdb.max_static);
	unregister_netdev(dev);
}

/* A change sets what it names and leaves the rest. */
static void changelink_sets_only_what_it_names(struct kunit *test)
{
	struct net_device *dev = lbridge_test_bridge_create(test, NULL);
	struct link_req *r = link_req_new(test);
	struct lbridge *br;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, dev);
	br = netdev_priv(dev);
	link_req_u32(r, IFLA_LBRIDGE_AGEING_TIME, 42);
	KUNIT_ASSERT_EQ(test, 0, link_req_check(test, r));
	rtnl_lock();
	err = lbridge_changelink(dev, r->tb, r->data, NULL);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, 0, err);
	KUNIT_EXPECT_EQ(test, 42U, br->fdb.ageing_secs);
	KUNIT_EXPECT_TRUE(test, br->fdb.learning);
	KUNIT_EXPECT_EQ(test, LBRIDGE_DEFAULT_MAX_LEARNED, br->fdb.max_learned);
	KUNIT_EXPECT_EQ(test, LBRIDGE_DEFAULT_MAX_STATIC, br->fdb.max_static);
	unregister_netdev(dev);
}

static void drvinfo_names_the_module_and_its_version(struct kunit *test)
{
	struct net_device *dev = lbridge_test_bridge_create(test, NULL);
	struct ethtool_drvinfo info = {};

	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_ASSERT_NOT_NULL(test, dev->ethtool_ops);
	dev->ethtool_ops->get_drvinfo(dev, &info);
	KUNIT_EXPECT_STREQ(test, "lbridge", info.driver);
	KUNIT_EXPECT_STREQ(test, LBRIDGE_VERSION, info.version);
	KUNIT_EXPECT_STREQ(test, "N/A", info.bus_info);
	KUNIT_EXPECT_TRUE(test, dev->ethtool_ops->get_link == ethtool_op_get_link);
	unregister_netdev(dev);
}

static void a_new_bridge_has_no_carrier(struct kunit *test)
{
	struct net_device *dev = lbridge_test_bridge_create(test, NULL);

	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_EXPECT_FALSE(test, netif_carrier_ok(dev));
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, 0, dev_open(dev, NULL));
	rtnl_unlock();
	KUNIT_EXPECT_FALSE(test, netif_carrier_ok(dev));
	unregister_netdev(dev);
}

static struct kunit_case lbridge_device_cases[] = {
	KUNIT_CASE(setup_gives_an_ethernet_device),
	KUNIT_CASE(setup_gives_a_random_local_unicast_mac),
	KUNIT_CASE(setup_gives_lockless_queueless_xmit),
	KUNIT_CASE(setup_offers_the_linux_bridge_offloads),
	KUNIT_CASE(setup_refuses_netpoll),
	KUNIT_CASE(setup_never_claims_linux_bridge_flags),
	KUNIT_CASE(is_bridge_recognises_only_lbridge_devices),
	KUNIT_CASE(create_keeps_the_mac_asked_for),
	KUNIT_CASE(xmit_without_ports_sends_nowhere),
	KUNIT_CASE_PARAM(validate_checks_the_mac, validate_gen_params),
	KUNIT_CASE_PARAM(validate_checks_the_link_data, link_data_gen_params),
	KUNIT_CASE(fill_info_is_the_settings_in_the_size_announced),
	KUNIT_CASE(newlink_applies_the_link_data),
	KUNIT_CASE(changelink_sets_only_what_it_names),
	KUNIT_CASE(drvinfo_names_the_module_and_its_version),
	KUNIT_CASE(a_new_bridge_has_no_carrier),
	{}
};

static struct kunit_suite lbridge_device_suite = {
	.name = "lbridge_device",
	.suite_init = lbridge_test_suite_init,
	.suite_exit = lbridge_test_suite_exit,
	.test_cases = lbridge_device_cases,
};

kunit_test_suite(lbridge_device_suite);

/* ------------------------------------------------------------------ */
/* A bridge with one port: carrier and slave data.                      */

static int link_test_init(struct kunit *test)
{
	return lbridge_test_init(test, 1);
}

static void carrier_follows_the_ports(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct net_device *pdev = lbridge_test_dev(test, 0);
	u8 mac[ETH_ALEN];

	KUNIT_EXPECT_TRUE(test, netif_carrier_ok(br->dev));

	rtnl_lock();
	dev_close(pdev);
	KUNIT_EXPECT_FALSE_MSG(test, netif_carrier_ok(br->dev), "port down");
	KUNIT_EXPECT_EQ(test, 0, dev_open(pdev, NULL));
	KUNIT_EXPECT_TRUE_MSG(test, netif_carrier_ok(br->dev), "port up again");

	/* The port loses its carrier: linkwatch's NETDEV_CHANGE, at once. */
	netif_carrier_off(pdev);
	netdev_state_change(pdev);
	KUNIT_EXPECT_FALSE_MSG(test, netif_carrier_ok(br->dev), "port without carrier");
	netif_carrier_on(pdev);
	netdev_state_change(pdev);
	KUNIT_EXPECT_TRUE_MSG(test, netif_carrier_ok(br->dev), "port carrier back");

	KUNIT_EXPECT_EQ(test, 0, lbridge_port_del(br, pdev, NULL));
	KUNIT_EXPECT_FALSE_MSG(test, netif_carrier_ok(br->dev), "port gone");
	rtnl_unlock();

	/* A second port, down, brings no carrier; up, it does. */
	lbridge_test_mac(mac, 1);
	pdev = lbridge_test_dev_add(test, mac);
	rtnl_lock();
	dev_close(pdev);
	KUNIT_EXPECT_EQ(test, 0, lbridge_port_add(br, pdev, NULL));
	KUNIT_EXPECT_FALSE_MSG(test, netif_carrier_ok(br->dev), "port added down");
	KUNIT_EXPECT_EQ(test, 0, dev_open(pdev, NULL));
	KUNIT_EXPECT_TRUE_MSG(test, netif_carrier_ok(br->dev), "added port up");
	rtnl_unlock();
}

static void slave_info_is_the_port_in_the_size_announced(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct lbridge_port *port = lbridge_test_port(test, 0);
	struct nlattr *tb[IFLA_LBRIDGE_PORT_MAX + 1];
	struct sk_buff *skb;
	int err;

	skb = alloc_skb(1024, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	lbridge_test_receive(test, port->dev, br->dev->dev_addr,
			     (const u8[]){ 0x02, 0, 0, 0, 0, 0x98 }, 64);
	/* Not the default: the flag read is the port's. */
	port->learning = false;
	rtnl_lock();
	err = lbridge_fill_slave_info(skb, br->dev, port->dev);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, 0, err);
	KUNIT_EXPECT_EQ(test, lbridge_get_slave_size(br->dev, port->dev),
			(size_t)skb->len);
	KUNIT_ASSERT_EQ(test, 0, nla_parse_deprecated(tb, IFLA_LBRIDGE_PORT_MAX,
						      (struct nlattr *)skb->data,
						      skb->len, NULL, NULL));
	KUNIT_ASSERT_NOT_NULL(test, tb[IFLA_LBRIDGE_PORT_LEARNING]);
	KUNIT_EXPECT_EQ(test, 0, nla_get_u8(tb[IFLA_LBRIDGE_PORT_LEARNING]));
	KUNIT_ASSERT_NOT_NULL(test, tb[IFLA_LBRIDGE_PORT_LEARNED_COUNT]);
	KUNIT_EXPECT_EQ(test, 1U, nla_get_u32(tb[IFLA_LBRIDGE_PORT_LEARNED_COUNT]));
	KUNIT_ASSERT_NOT_NULL(test, tb[IFLA_LBRIDGE_PORT_STATIC_COUNT]);
	KUNIT_EXPECT_EQ(test, 0U, nla_get_u32(tb[IFLA_LBRIDGE_PORT_STATIC_COUNT]));
	KUNIT_ASSERT_NOT_NULL(test, tb[IFLA_LBRIDGE_PORT_UP]);
	KUNIT_EXPECT_EQ(test, 1, nla_get_u8(tb[IFLA_LBRIDGE_PORT_UP]));
	kfree_skb(skb);
}

/* A device linked to the bridge but not its port says nothing, safely. */
static void slave_info_of_a_stranger_is_empty(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	u8 mac[ETH_ALEN];
	struct net_device *dev;
	struct sk_buff *skb;
	int err;

	lbridge_test_mac(mac, 5);
	dev = lbridge_test_dev_add(test, mac);
	skb = alloc_skb(1024, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	rtnl_lock();
	err = lbridge_fill_slave_info(skb, br->dev, dev);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, 0, err);
	KUNIT_EXPECT_EQ(test, 0U, skb->len);
	kfree_skb(skb);
}

static struct kunit_case lbridge_link_cases[] = {
	KUNIT_CASE(carrier_follows_the_ports),
	KUNIT_CASE(slave_info_is_the_port_in_the_size_announced),
	KUNIT_CASE(slave_info_of_a_stranger_is_empty),
	{}
};

static struct kunit_suite lbridge_link_suite = {
	.name = "lbridge_link",
	.suite_init = lbridge_test_suite_init,
	.suite_exit = lbridge_test_suite_exit,
	.init = link_test_init,
	.exit = lbridge_test_exit,
	.test_cases = lbridge_link_cases,
};

kunit_test_suite(lbridge_link_suite);

/* ------------------------------------------------------------------ */
/* Offloads: a bridge with two ports that, as the fixture makes them,   */
/* can do nothing but what the core does in software.                   */

static int offload_test_init(struct kunit *test)
{
	return lbridge_test_init(test, 2);
}

/* What a veth can do: the port gains it, and says so (NETDEV_FEAT_CHANGE). */
#define PORT_OFFLOADS (NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HW_CSUM | \
		       NETIF_F_HIGHDMA | NETIF_F_GSO_SOFTWARE)

static void port_gains_offloads(struct net_device *dev)
{
	rtnl_lock();
	dev->hw_features |= PORT_OFFLOADS;
	dev->features |= PORT_OFFLOADS;
	netdev_features_change(dev);
	rtnl_unlock();
}

/*
 * One-for-all features (SG, GSO) the bridge has while one port has them,
 * as the Linux bridge's; the checksum it always offers, a port without
 * having the core checksum what goes out of it.
 */
static void features_follow_the_ports(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct net_device *dev0 = lbridge_test_dev(test, 0);
	struct net_device *dev1 = lbridge_test_dev(test, 1);

	KUNIT_EXPECT_FALSE_MSG(test, br->dev->features & NETIF_F_SG,
			       "no port has SG");
	KUNIT_EXPECT_FALSE_MSG(test, br->dev->features & NETIF_F_TSO,
			       "no port has SG: no TSO");
	KUNIT_EXPECT_TRUE(test, br->dev->features & NETIF_F_HW_CSUM);
	/* Still the user's to turn on again once a port can. */
	KUNIT_EXPECT_TRUE(test, br->dev->wanted_features & NETIF_F_SG);

	port_gains_offloads(dev1);
	KUNIT_EXPECT_TRUE_MSG(test, br->dev->features & NETIF_F_SG,
			      "a port gained SG");
	KUNIT_EXPECT_TRUE_MSG(test, br->dev->features & NETIF_F_TSO,
			      "a port gained SG and TSO");
	KUNIT_EXPECT_TRUE(test, br->dev->features & NETIF_F_TSO6);

	/* The port that could leaves: what remains is what the bridge offers. */
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, 0, lbridge_port_del(br, dev1, NULL));
	rtnl_unlock();
	KUNIT_EXPECT_FALSE_MSG(test, br->dev->features & NETIF_F_SG,
			       "the port with SG left");
	/* Without ports, everything again, as a new bridge. */
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, 0, lbridge_port_del(br, dev0, NULL));
	rtnl_unlock();
	KUNIT_EXPECT_TRUE_MSG(test, br->dev->features & NETIF_F_SG,
			      "no port left");
	KUNIT_EXPECT_TRUE(test, br->dev->features & NETIF_F_TSO);
}

/* The smallest port's GSO limits, the largest port's headroom. */
static void limits_follow_the_ports(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct net_device *dev;
	u8 mac[ETH_ALEN];

	KUNIT_EXPECT_EQ(test, 0U, br->dev->needed_headroom);
	KUNIT_EXPECT_EQ(test, (unsigned int)TSO_MAX_SEGS, br->dev->tso_max_segs);

	lbridge_test_mac(mac, 4);
	dev = lbridge_test_dev_add(test, mac);
	rtnl_lock();
	dev->needed_headroom = 48;
	netif_set_tso_max_size(dev, 32768);
	netif_set_tso_max_segs(dev, 20);
	KUNIT_EXPECT_EQ(test, 0, lbridge_port_add(br, dev, NULL));
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, 48U, br->dev->needed_headroom);
	KUNIT_EXPECT_EQ(test, 32768U, br->dev->tso_max_size);
	KUNIT_EXPECT_LE(test, br->dev->gso_max_size, 32768U);
	KUNIT_EXPECT_EQ(test, 20U, br->dev->tso_max_segs);
	KUNIT_EXPECT_LE(test, br->dev->gso_max_segs, 20U);

	rtnl_lock();
	KUNIT_EXPECT_EQ(test, 0, lbridge_port_del(br, dev, NULL));
	rtnl_unlock();
	KUNIT_EXPECT_EQ_MSG(test, 0U, br->dev->needed_headroom,
			    "the port that needed it left");
	KUNIT_EXPECT_EQ(test, (unsigned int)TSO_MAX_SEGS, br->dev->tso_max_segs);
}

/*
 * A TCP/IPv4 frame as the host's stack hands it to the bridge device
 * with SG and checksum offload: headers in the head, @paged bytes of
 * payload in a page, the checksum left to the device.
 */
static struct sk_buff *host_tcp_frame(struct kunit *test, struct net_device *dev,
				      const u8 *dst, unsigned int paged)
{
	unsigned int hlen = ETH_HLEN + sizeof(struct iphdr) + sizeof(struct tcphdr);
	struct sk_buff *skb;
	struct ethhdr *eth;
	struct tcphdr *th;
	struct iphdr *iph;
	struct page *page;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + hlen, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	page = alloc_page(GFP_KERNEL);
	if (!page)
		kfree_skb(skb);
	KUNIT_ASSERT_NOT_NULL(test, page);
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	eth = skb_put_zero(skb, hlen);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + sizeof(*iph));
	ether_addr_copy(eth->h_dest, dst);
	ether_addr_copy(eth->h_source, dev->dev_addr);
	eth->h_proto = htons(ETH_P_IP);
	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(sizeof(*iph) + sizeof(*th) + paged);
	iph->frag_off = htons(IP_DF);
	iph->ttl = 64;
	iph->protocol = IPPROTO_TCP;
	iph->saddr = htonl(0x0a000001);
	iph->daddr = htonl(0x0a000002);
	iph->check = ip_fast_csum(iph, iph->ihl);
	th = tcp_hdr(skb);
	th->source = htons(40000);
	th->dest = htons(5201);
	th->doff = sizeof(*th) / 4;
	th->ack = 1;
	memset(page_address(page), 0x5a, paged);
	skb_add_rx_frag(skb, 0, page, 0, paged, PAGE_SIZE);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct tcphdr, check);
	skb->protocol = htons(ETH_P_IP);
	skb->dev = dev;
	skb->mark = LBRIDGE_TEST_FRAME_MARK;
	return skb;
}

static struct sk_buff *sent_head(struct net_device *dev)
{
	return skb_peek(&((struct lbridge_test_dev *)netdev_priv(dev))->sent);
}

/*
 * @gso_segs segments' worth (0: one plain frame) from the host through
 * the bridge device, as the host's stack sends it (dev_queue_xmit, which
 * segments, linearises and checksums what the device does not offer), to
 * a MAC behind port 1, whose device takes it all as a veth does: it must
 * arrive as sent, one skb, its payload still in its page.
 */
static void host_frame_goes_out_whole(struct kunit *test, unsigned int gso_segs)
{
	/* A plain frame within the MTU, a GSO one above it. */
	const unsigned int paged = gso_segs ? 3000 : 1000;
	struct lbridge *br = lbridge_test_br(test);
	struct net_device *dev0 = lbridge_test_dev(test, 0);
	struct net_device *dev1 = lbridge_test_dev(test, 1);
	struct sk_buff *skb, *out;
	unsigned int len;
	u8 dst[ETH_ALEN];

	port_gains_offloads(dev0);
	port_gains_offloads(dev1);
	lbridge_test_mac(dst, 6);
	KUNIT_ASSERT_EQ(test, 0,
			lbridge_test_fdb_add_static(test, lbridge_test_port(test, 1), dst));

	skb = host_tcp_frame(test, br->dev, dst, paged);
	if (gso_segs) {
		skb_shinfo(skb)->gso_size = DIV_ROUND_UP(paged, gso_segs);
		skb_shinfo(skb)->gso_segs = gso_segs;
		skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	}
	len = skb->len;
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, dev_queue_xmit(skb));

	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_sent(dev0));
	KUNIT_ASSERT_EQ_MSG(test, 1U, lbridge_test_sent(dev1),
			    "segmented before or in the bridge");
	out = sent_head(dev1);
	KUNIT_EXPECT_EQ(test, len, out->len);
	KUNIT_EXPECT_EQ_MSG(test, 1, (int)skb_shinfo(out)->nr_frags,
			    "payload copied out of its page");
	KUNIT_EXPECT_EQ_MSG(test, CHECKSUM_PARTIAL, (int)out->ip_summed,
			    "checksummed in software");
	KUNIT_EXPECT_EQ(test, gso_segs, (unsigned int)skb_shinfo(out)->gso_segs);
	KUNIT_EXPECT_EQ(test, !!gso_segs, skb_is_gso(out));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(dst, eth_hdr(out)->h_dest));
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 1, LBRIDGE_PORT_STAT_TX_PACKETS));
}

static void host_paged_frame_goes_out_whole(struct kunit *test)
{
	host_frame_goes_out_whole(test, 0);
}

static void host_gso_frame_goes_out_whole(struct kunit *test)
{
	host_frame_goes_out_whole(test, 3);
}

/*
 * Flooded (a destination not learned), each port gets its copy whole and
 * the frame its page: clones, no port's copy written into another's.
 */
static void host_gso_frame_floods_whole(struct kunit *test)
{
	const unsigned int paged = 3000;
	struct lbridge *br = lbridge_test_br(test);
	struct sk_buff *skb, *out;
	unsigned int i, len;
	u8 dst[ETH_ALEN];

	lbridge_test_mac(dst, 7);
	for (i = 0; i < 2; i++)
		port_gains_offloads(lbridge_test_dev(test, i));
	skb = host_tcp_frame(test, br->dev, dst, paged);
	skb_shinfo(skb)->gso_size = 1000;
	skb_shinfo(skb)->gso_segs = 3;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	len = skb->len;
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, dev_queue_xmit(skb));

	for (i = 0; i < 2; i++) {
		struct net_device *dev = lbridge_test_dev(test, i);

		KUNIT_ASSERT_EQ_MSG(test, 1U, lbridge_test_sent(dev), "port %u", i);
		out = sent_head(dev);
		KUNIT_EXPECT_EQ(test, len, out->len);
		KUNIT_EXPECT_TRUE(test, skb_is_gso(out));
		KUNIT_EXPECT_EQ(test, 1, (int)skb_shinfo(out)->nr_frags);
		KUNIT_EXPECT_TRUE(test, ether_addr_equal(dst, eth_hdr(out)->h_dest));
	}
}

/*
 * A port that cannot take the frame whole gets it as the core makes it
 * for it, segmented and checksummed; the other port still gets it whole.
 */
static void host_gso_frame_is_segmented_for_a_port_that_cannot(struct kunit *test)
{
	const unsigned int paged = 3000;
	struct lbridge *br = lbridge_test_br(test);
	struct net_device *dev0 = lbridge_test_dev(test, 0);
	struct net_device *dev1 = lbridge_test_dev(test, 1);
	struct sk_buff *skb;
	u8 dst[ETH_ALEN];

	lbridge_test_mac(dst, 7);
	port_gains_offloads(dev1);
	skb = host_tcp_frame(test, br->dev, dst, paged);
	skb_shinfo(skb)->gso_size = 1000;
	skb_shinfo(skb)->gso_segs = 3;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	KUNIT_EXPECT_EQ(test, NET_XMIT_SUCCESS, dev_queue_xmit(skb));

	KUNIT_EXPECT_EQ_MSG(test, 3U, lbridge_test_sent(dev0), "segments");
	KUNIT_EXPECT_EQ(test, CHECKSUM_NONE, (int)sent_head(dev0)->ip_summed);
	KUNIT_EXPECT_FALSE(test, skb_is_nonlinear(sent_head(dev0)));
	KUNIT_EXPECT_EQ(test, 1U, lbridge_test_sent(dev1));
}

static struct kunit_case lbridge_offload_cases[] = {
	KUNIT_CASE(features_follow_the_ports),
	KUNIT_CASE(limits_follow_the_ports),
	KUNIT_CASE(host_paged_frame_goes_out_whole),
	KUNIT_CASE(host_gso_frame_goes_out_whole),
	KUNIT_CASE(host_gso_frame_floods_whole),
	KUNIT_CASE(host_gso_frame_is_segmented_for_a_port_that_cannot),
	{}
};

static struct kunit_suite lbridge_offload_suite = {
	.name = "lbridge_offload",
	.suite_init = lbridge_test_suite_init,
	.suite_exit = lbridge_test_suite_exit,
	.init = offload_test_init,
	.exit = lbridge_test_exit,
	.test_cases = lbridge_offload_cases,
};

kunit_test_suite(lbridge_offload_suite);
