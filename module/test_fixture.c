// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit fixtures shared by the suites; built only into the KUnit module.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <net/addrconf.h>

#include "device.h"
#include "fdb.h"
#include "forward.h"
#include "port.h"
#include "test_fixture.h"

void lbridge_test_mac(u8 *mac, unsigned int i)
{
	static const u8 base[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0 };

	ether_addr_copy(mac, base);
	mac[5] = i + 1;
}

/*
 * Frames the tests inject carry this mark, which clones keep: the test
 * devices count those and ignore what the host's own stack sends on them
 * (IPv6 router solicitations and the like).
 */
#define TEST_FRAME_MARK 0x1b1d6e

static netdev_tx_t test_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct lbridge_test_dev *priv = netdev_priv(dev);

	if (skb->mark == TEST_FRAME_MARK)
		skb_queue_tail(&priv->sent, skb);
	else
		consume_skb(skb);
	return NETDEV_TX_OK;
}

static int test_dev_init(struct net_device *dev)
{
	struct lbridge_test_dev *priv = netdev_priv(dev);

	skb_queue_head_init(&priv->sent);
	return 0;
}

static void test_dev_uninit(struct net_device *dev)
{
	struct lbridge_test_dev *priv = netdev_priv(dev);

	skb_queue_purge(&priv->sent);
}

static const struct net_device_ops test_dev_ops = {
	.ndo_init	= test_dev_init,
	.ndo_uninit	= test_dev_uninit,
	.ndo_start_xmit	= test_dev_xmit,
	.ndo_set_mac_address = eth_mac_addr,
};

static void test_dev_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &test_dev_ops;
	dev->priv_flags |= IFF_NO_QUEUE | IFF_LIVE_ADDR_CHANGE;
	dev->needs_free_netdev = true;
}

/*
 * The host's IPv6 would send router solicitations and MLD reports through
 * the bridge at times of its choosing, and the cases count frames: keep it
 * off the fixture's devices. Under RTNL, before the device comes up.
 */
static void quiet_ipv6(struct net_device *dev)
{
	struct inet6_dev *idev = __in6_dev_get(dev);

	if (idev)
		idev->cnf.disable_ipv6 = 1;
}

struct net_device *lbridge_test_dev_create(struct kunit *test, const u8 *mac)
{
	struct net_device *dev;
	int err;

	dev = alloc_netdev(sizeof(struct lbridge_test_dev), "lbtd%d",
			   NET_NAME_ENUM, test_dev_setup);
	if (!dev)
		return NULL;
	eth_hw_addr_set(dev, mac);
	rtnl_lock();
	err = register_netdevice(dev);
	if (!err) {
		quiet_ipv6(dev);
		err = dev_open(dev, NULL);
	}
	if (err && dev->reg_state == NETREG_REGISTERED)
		unregister_netdevice(dev);
	else if (err)
		free_netdev(dev);
	rtnl_unlock();
	if (err) {
		KUNIT_FAIL(test, "test device: %d", err);
		return NULL;
	}
	return dev;
}

void lbridge_test_dev_destroy(struct net_device *dev)
{
	unregister_netdev(dev);
}

unsigned int lbridge_test_sent(struct net_device *dev)
{
	struct lbridge_test_dev *priv = netdev_priv(dev);

	return skb_queue_len(&priv->sent);
}

void lbridge_test_sent_purge(struct net_device *dev)
{
	struct lbridge_test_dev *priv = netdev_priv(dev);

	skb_queue_purge(&priv->sent);
}

int lbridge_test_suite_init(struct kunit_suite *suite)
{
	int err;

	err = lbridge_fdb_init();
	if (err)
		return err;
	err = lbridge_port_init();
	if (err)
		lbridge_fdb_uninit();
	return err;
}

void lbridge_test_suite_exit(struct kunit_suite *suite)
{
	lbridge_port_uninit();
	lbridge_fdb_uninit();
}

int lbridge_test_init(struct kunit *test, unsigned int nports)
{
	struct nlattr *tb[IFLA_MAX + 1] = {};
	struct lbridge_test *t;
	struct net_device *dev;
	unsigned int i;
	int err;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	test->priv = t;

	rtnl_lock();
	dev = rtnl_create_link(&init_net, "lbt%d", NET_NAME_ENUM,
			       &lbridge_link_ops, tb, NULL);
	if (IS_ERR(dev)) {
		rtnl_unlock();
		return PTR_ERR(dev);
	}
	err = register_netdevice(dev);
	if (err) {
		free_netdev(dev);
		rtnl_unlock();
		return err;
	}
	t->br = netdev_priv(dev);
	quiet_ipv6(dev);
	err = dev_open(dev, NULL);
	rtnl_unlock();
	if (err)
		return err;

	for (i = 0; i < nports; i++) {
		u8 mac[ETH_ALEN];

		lbridge_test_mac(mac, i);
		t->devs[i] = lbridge_test_dev_create(test, mac);
		if (!t->devs[i])
			return -ENODEV;
		t->ndevs++;
		rtnl_lock();
		err = lbridge_port_add(t->br, t->devs[i], NULL);
		if (!err)
			t->ports[i] = lbridge_port_get_rtnl(t->devs[i]);
		rtnl_unlock();
		if (err)
			return err;
	}
	return 0;
}

void lbridge_test_exit(struct kunit *test)
{
	struct lbridge_test *t = test->priv;
	unsigned int i;

	if (!t)
		return;
	/* The bridge first: its unregistration releases the ports. */
	if (t->br)
		unregister_netdev(t->br->dev);
	for (i = 0; i < t->ndevs; i++)
		lbridge_test_dev_destroy(t->devs[i]);
}

static struct sk_buff *build_frame(struct net_device *dev, const u8 *dst,
				   const u8 *src, unsigned int payload)
{
	struct sk_buff *skb;
	struct ethhdr *eth;

	skb = alloc_skb(NET_IP_ALIGN + ETH_HLEN + payload, GFP_KERNEL);
	if (!skb)
		return NULL;
	skb_reserve(skb, NET_IP_ALIGN);
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, dst);
	ether_addr_copy(eth->h_source, src);
	eth->h_proto = htons(ETH_P_IP);
	skb_put_zero(skb, payload);
	skb->dev = dev;
	skb->mark = TEST_FRAME_MARK;
	return skb;
}

rx_handler_result_t lbridge_test_receive(struct kunit *test,
					 struct net_device *dev,
					 const u8 *dst, const u8 *src,
					 unsigned int payload)
{
	rx_handler_result_t result;
	struct sk_buff *skb;

	skb = build_frame(dev, dst, src, payload);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	/* As the driver and the core do before calling the rx_handler. */
	skb->protocol = eth_type_trans(skb, dev);

	local_bh_disable();
	rcu_read_lock();
	result = lbridge_handle_frame(&skb);
	rcu_read_unlock();
	local_bh_enable();

	/* The core would now take the frame up (ANOTHER) or to the port's stack. */
	if (result == RX_HANDLER_ANOTHER || result == RX_HANDLER_PASS)
		kfree_skb(skb);
	return result;
}

void lbridge_test_host_send(struct kunit *test, struct lbridge *br,
			    const u8 *dst, unsigned int payload)
{
	struct sk_buff *skb;

	skb = build_frame(br->dev, dst, br->dev->dev_addr, payload);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	local_bh_disable();
	KUNIT_EXPECT_EQ(test, NETDEV_TX_OK,
			br->dev->netdev_ops->ndo_start_xmit(skb, br->dev));
	local_bh_enable();
}

u64 lbridge_test_port_counter(struct lbridge_port *port, int counter)
{
	u64 all[__LBRIDGE_PORT_STAT_MAX];

	lbridge_port_read_stats(port, all);
	return all[counter];
}

struct lbridge_fdb_entry *lbridge_test_fdb_lookup_rcu(struct lbridge *br,
						      const u8 *mac)
{
	struct lbridge_fdb_key key;

	lbridge_fdb_key_init(&key, mac);
	return lbridge_fdb_lookup_rcu(br, &key);
}

int lbridge_test_fdb_add_static(struct lbridge *br, struct lbridge_port *port,
				const u8 *mac)
{
	struct lbridge_fdb_key key;

	lbridge_fdb_key_init(&key, mac);
	return lbridge_fdb_add_static(br, port, &key);
}

int lbridge_test_fdb_del(struct lbridge *br, struct lbridge_port *port,
			 const u8 *mac)
{
	struct lbridge_fdb_key key;

	lbridge_fdb_key_init(&key, mac);
	return lbridge_fdb_del(br, port, &key);
}
