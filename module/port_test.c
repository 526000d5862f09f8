// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: enslaving and releasing ports. Included by port.c.
 */
#include <kunit/test.h>

#include "test_fixture.h"

static int port_test_init(struct kunit *test)
{
	return lbridge_test_init(test, 2);
}

static int add(struct lbridge *br, struct net_device *dev, struct netlink_ext_ack *extack)
{
	int err;

	rtnl_lock();
	err = lbridge_port_add(br, dev, extack);
	rtnl_unlock();
	return err;
}

/* A fresh device, destroyed with the test. */
static struct net_device *extra_dev(struct kunit *test, unsigned int i)
{
	u8 mac[ETH_ALEN];

	lbridge_test_mac(mac, i);
	return lbridge_test_dev_add(test, mac);
}

static bool has_entry(struct kunit *test, const u8 *mac)
{
	bool found;

	rcu_read_lock();
	found = lbridge_test_fdb_lookup_rcu(test, mac);
	rcu_read_unlock();
	return found;
}

static struct net_device *master_of(struct net_device *dev)
{
	struct net_device *master;

	rtnl_lock();
	master = netdev_master_upper_dev_get(dev);
	rtnl_unlock();
	return master;
}

static struct lbridge_port *port_of(struct net_device *dev)
{
	struct lbridge_port *port;

	rtnl_lock();
	port = lbridge_port_get_rtnl(dev);
	rtnl_unlock();
	return port;
}

static void add_links_the_port_and_makes_it_promiscuous(struct kunit *test)
{
	struct net_device *dev = lbridge_test_dev(test, 0);

	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_br(test)->dev, master_of(dev));
	KUNIT_EXPECT_EQ(test, 1U, dev->promiscuity);
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 0), port_of(dev));
	KUNIT_EXPECT_EQ(test, 2U, lbridge_test_br(test)->port_count);
	KUNIT_EXPECT_TRUE(test, has_entry(test, dev->dev_addr));
	/* bridge.ko must never take our port for one of its own. */
	KUNIT_EXPECT_FALSE(test, dev->priv_flags & IFF_BRIDGE_PORT);
}

static void del_undoes_everything_add_did(struct kunit *test)
{
	struct net_device *dev = lbridge_test_dev(test, 0);
	int err;

	rtnl_lock();
	err = lbridge_port_del(lbridge_test_br(test), dev, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, 0, err);
	KUNIT_EXPECT_NULL(test, master_of(dev));
	KUNIT_EXPECT_EQ(test, 0U, dev->promiscuity);
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(dev->rx_handler));
	KUNIT_EXPECT_EQ(test, 1U, lbridge_test_br(test)->port_count);
	KUNIT_EXPECT_FALSE(test, has_entry(test, dev->dev_addr));
}

static void del_refuses_a_device_that_is_not_a_port(struct kunit *test)
{
	struct net_device *dev = extra_dev(test, 5);
	struct netlink_ext_ack extack = {};
	int err;

	rtnl_lock();
	err = lbridge_port_del(lbridge_test_br(test), dev, &extack);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, -EINVAL, err);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
}

static void unregistering_a_port_device_releases_it(struct kunit *test)
{
	struct net_device *dev = lbridge_test_dev(test, 1);
	u8 mac[ETH_ALEN];

	ether_addr_copy(mac, dev->dev_addr);
	/* A container's veth deleted while enslaved. */
	lbridge_test_dev_remove(test, 1);
	KUNIT_EXPECT_EQ(test, 1U, lbridge_test_br(test)->port_count);
	KUNIT_EXPECT_FALSE(test, has_entry(test, mac));
}

static void a_port_mac_change_moves_its_local_entry(struct kunit *test)
{
	static const u8 new_mac[ETH_ALEN] = { 0x02, 0x99, 0, 0, 0, 1 };
	struct sockaddr sa = { .sa_family = ARPHRD_ETHER };
	u8 old[ETH_ALEN];
	int err;

	ether_addr_copy(old, lbridge_test_dev(test, 0)->dev_addr);
	memcpy(sa.sa_data, new_mac, ETH_ALEN);
	rtnl_lock();
	err = dev_set_mac_address(lbridge_test_dev(test, 0), &sa, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, 0, err);
	KUNIT_EXPECT_FALSE(test, has_entry(test, old));
	KUNIT_EXPECT_TRUE(test, has_entry(test, new_mac));
}

static void a_shared_local_mac_survives_one_owner_leaving(struct kunit *test)
{
	struct lbridge_port *twin_port;
	struct lbridge_fdb_entry *entry;
	struct net_device *twin;
	u8 mac[ETH_ALEN];
	int err;

	/* A second device with port 0's MAC. */
	lbridge_test_mac(mac, 0);
	twin = lbridge_test_dev_add(test, mac);
	KUNIT_ASSERT_EQ(test, 0, add(lbridge_test_br(test), twin, NULL));

	rtnl_lock();
	err = lbridge_port_del(lbridge_test_br(test), lbridge_test_dev(test, 0), NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, 0, err);

	twin_port = port_of(twin);
	rcu_read_lock();
	entry = lbridge_test_fdb_lookup_rcu(test, mac);
	KUNIT_EXPECT_NOT_NULL(test, entry);
	if (entry) {
		KUNIT_EXPECT_EQ(test, LBRIDGE_FDB_STATE_LOCAL, entry->state);
		KUNIT_EXPECT_PTR_EQ(test, twin_port, entry->port);
	}
	rcu_read_unlock();
}

static void a_port_going_down_forgets_what_it_learned(struct kunit *test)
{
	static const u8 host[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x02 };
	static const u8 other[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x99 };

	lbridge_test_receive(test, lbridge_test_dev(test, 0), other, host, 64);
	KUNIT_ASSERT_TRUE(test, has_entry(test, host));
	rtnl_lock();
	dev_close(lbridge_test_dev(test, 0));
	rtnl_unlock();
	KUNIT_EXPECT_FALSE(test, has_entry(test, host));
	KUNIT_EXPECT_TRUE(test, has_entry(test, lbridge_test_dev(test, 0)->dev_addr));
	lbridge_test_sent_purge(lbridge_test_dev(test, 1));
}

static void the_bridge_mtu_follows_the_smallest_port(struct kunit *test)
{
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, 0, dev_set_mtu(lbridge_test_dev(test, 1), 1400));
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, 1400U, lbridge_test_br(test)->dev->mtu);

	/* Once the user sets it, it stays. */
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, 0, dev_set_mtu(lbridge_test_br(test)->dev, 1300));
	KUNIT_EXPECT_EQ(test, 0, dev_set_mtu(lbridge_test_dev(test, 1), 1200));
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, 1300U, lbridge_test_br(test)->dev->mtu);
}

static void the_bridge_keeps_its_mac_when_ports_come_and_go(struct kunit *test)
{
	u8 mac[ETH_ALEN];
	int err;

	ether_addr_copy(mac, lbridge_test_br(test)->dev->dev_addr);
	rtnl_lock();
	err = lbridge_port_del(lbridge_test_br(test), lbridge_test_dev(test, 0), NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, 0, err);
	KUNIT_EXPECT_EQ(test, 0, add(lbridge_test_br(test), extra_dev(test, 0x40), NULL));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac, lbridge_test_br(test)->dev->dev_addr));
}

/* Table-driven refusals: the error, a message, and nothing changed. */
enum candidate {
	CANDIDATE_LOOPBACK,
	CANDIDATE_ITSELF,
	CANDIDATE_OTHER_LBRIDGE,
	CANDIDATE_NON_ETHERNET,
	CANDIDATE_ZERO_MAC,
	CANDIDATE_ENSLAVED,
};

struct refusal {
	const char *name;
	enum candidate candidate;
	int err;
};

static const struct refusal refusals[] = {
	{ "loopback", CANDIDATE_LOOPBACK, -EINVAL },
	{ "the bridge itself", CANDIDATE_ITSELF, -ELOOP },
	{ "another lbridge", CANDIDATE_OTHER_LBRIDGE, -ELOOP },
	{ "non-Ethernet", CANDIDATE_NON_ETHERNET, -EINVAL },
	{ "zero MAC", CANDIDATE_ZERO_MAC, -EINVAL },
	{ "already a port", CANDIDATE_ENSLAVED, -EBUSY },
};

static void refusal_desc(const struct refusal *r, char *desc)
{
	strscpy(desc, r->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(refusal, refusals, refusal_desc);

static void add_refuses_what_cannot_be_a_port(struct kunit *test)
{
	static const u8 zero_mac[ETH_ALEN];
	const struct refusal *r = test->param_value;
	struct netlink_ext_ack extack = {};
	struct net_device *dev = NULL, *other_br = NULL;
	struct nlattr *tb[IFLA_MAX + 1] = {};
	unsigned int promiscuity;

	switch (r->candidate) {
	case CANDIDATE_LOOPBACK:
		dev = init_net.loopback_dev;
		break;
	case CANDIDATE_ITSELF:
		dev = lbridge_test_br(test)->dev;
		break;
	case CANDIDATE_OTHER_LBRIDGE:
		rtnl_lock();
		other_br = rtnl_create_link(&init_net, "lbt%d", NET_NAME_ENUM,
					    &lbridge_link_ops, tb, NULL);
		if (!IS_ERR(other_br) && register_netdevice(other_br)) {
			free_netdev(other_br);
			other_br = ERR_PTR(-EIO);
		}
		rtnl_unlock();
		KUNIT_ASSERT_FALSE(test, IS_ERR(other_br));
		dev = other_br;
		break;
	case CANDIDATE_NON_ETHERNET:
		dev = extra_dev(test, 0x20);
		dev->type = ARPHRD_NONE;
		break;
	case CANDIDATE_ZERO_MAC:
		dev = extra_dev(test, 0x21);
		eth_hw_addr_set(dev, zero_mac);
		break;
	case CANDIDATE_ENSLAVED:
		dev = lbridge_test_dev(test, 0);
		break;
	}

	promiscuity = dev->promiscuity;
	KUNIT_EXPECT_EQ(test, r->err, add(lbridge_test_br(test), dev, &extack));
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	KUNIT_EXPECT_EQ(test, promiscuity, dev->promiscuity);
	KUNIT_EXPECT_EQ(test, 2U, lbridge_test_br(test)->port_count);
	if (r->candidate != CANDIDATE_ENSLAVED && r->candidate != CANDIDATE_ITSELF)
		KUNIT_EXPECT_NULL(test, port_of(dev));

	if (r->candidate == CANDIDATE_NON_ETHERNET)
		dev->type = ARPHRD_ETHER;
	if (other_br)
		unregister_netdev(other_br);
}

static struct kunit_case lbridge_port_cases[] = {
	KUNIT_CASE(add_links_the_port_and_makes_it_promiscuous),
	KUNIT_CASE(del_undoes_everything_add_did),
	KUNIT_CASE(del_refuses_a_device_that_is_not_a_port),
	KUNIT_CASE(unregistering_a_port_device_releases_it),
	KUNIT_CASE(a_port_mac_change_moves_its_local_entry),
	KUNIT_CASE(a_shared_local_mac_survives_one_owner_leaving),
	KUNIT_CASE(a_port_going_down_forgets_what_it_learned),
	KUNIT_CASE(the_bridge_mtu_follows_the_smallest_port),
	KUNIT_CASE(the_bridge_keeps_its_mac_when_ports_come_and_go),
	KUNIT_CASE_PARAM(add_refuses_what_cannot_be_a_port, refusal_gen_params),
	{}
};

static struct kunit_suite lbridge_port_suite = {
	.name = "lbridge_port",
	.suite_init = lbridge_test_suite_init,
	.suite_exit = lbridge_test_suite_exit,
	.init = port_test_init,
	.exit = lbridge_test_exit,
	.test_cases = lbridge_port_cases,
};

kunit_test_suite(lbridge_port_suite);
