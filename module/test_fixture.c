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
#include "neigh.h"
#include "port.h"
#include "test_fixture.h"

void lbridge_test_mac(u8 *mac, unsigned int i)
{
	static const u8 base[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0 };

	ether_addr_copy(mac, base);
	mac[5] = i + 1;
}

static netdev_tx_t test_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct lbridge_test_dev *priv = netdev_priv(dev);

	if (skb->mark == LBRIDGE_TEST_FRAME_MARK)
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

static struct net_device *test_dev_create(struct kunit *test, const u8 *mac)
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

struct net_device *lbridge_test_dev_add(struct kunit *test, const u8 *mac)
{
	struct lbridge_test *t = test->priv;
	struct net_device *dev;

	KUNIT_ASSERT_LT(test, t->ndevs, LBRIDGE_TEST_MAX_DEVS);
	dev = test_dev_create(test, mac);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	t->devs[t->ndevs++] = dev;
	return dev;
}

void lbridge_test_dev_remove(struct kunit *test, unsigned int i)
{
	struct lbridge_test *t = test->priv;

	unregister_netdev(t->devs[i]);
	t->devs[i] = NULL;
	t->ports[i] = NULL;
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
	err = lbridge_neigh_init();
	if (err)
		goto err_neigh;
	err = lbridge_port_init();
	if (err)
		goto err_port;
	return 0;

err_port:
	lbridge_neigh_uninit();
err_neigh:
	lbridge_fdb_uninit();
	return err;
}

void lbridge_test_suite_exit(struct kunit_suite *suite)
{
	lbridge_port_uninit();
	lbridge_neigh_uninit();
	lbridge_fdb_uninit();
}

struct net_device *lbridge_test_bridge_create(struct kunit *test,
					      struct nlattr *tb[])
{
	struct nlattr *no_attrs[IFLA_MAX + 1] = {};
	struct net_device *dev;
	int err;

	rtnl_lock();
	dev = rtnl_create_link(&init_net, "lbt%d", NET_NAME_ENUM,
			       &lbridge_link_ops, tb ?: no_attrs, NULL);
	if (IS_ERR(dev)) {
		rtnl_unlock();
		KUNIT_FAIL(test, "rtnl_create_link: %ld", PTR_ERR(dev));
		return NULL;
	}
	err = register_netdevice(dev);
	if (err) {
		free_netdev(dev);
		rtnl_unlock();
		KUNIT_FAIL(test, "register_netdevice: %d", err);
		return NULL;
	}
	quiet_ipv6(dev);
	rtnl_unlock();
	return dev;
}

int lbridge_test_init(struct kunit *test, unsigned int nports)
{
	struct lbridge_test *t;
	struct net_device *dev;
	unsigned int i;
	int err;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	test->priv = t;

	dev = lbridge_test_bridge_create(test, NULL);
	if (!dev)
		return -ENODEV;
	t->br = netdev_priv(dev);
	rtnl_lock();
	err = dev_open(dev, NULL);
	rtnl_unlock();
	if (err)
		return err;

	for (i = 0; i < nports; i++) {
		u8 mac[ETH_ALEN];

		lbridge_test_mac(mac, i);
		t->devs[i] = test_dev_create(test, mac);
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
		if (t->devs[i])
			unregister_netdev(t->devs[i]);
}

struct lbridge *lbridge_test_br(struct kunit *test)
{
	return ((struct lbridge_test *)test->priv)->br;
}

struct lbridge_port *lbridge_test_port(struct kunit *test, unsigned int i)
{
	return ((struct lbridge_test *)test->priv)->ports[i];
}

struct net_device *lbridge_test_dev(struct kunit *test, unsigned int i)
{
	return ((struct lbridge_test *)test->priv)->devs[i];
}

u64 lbridge_test_counter(struct kunit *test, unsigned int i,
			 enum lbridge_port_stat stat)
{
	return lbridge_test_port_counter(lbridge_test_port(test, i), stat);
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
	skb->mark = LBRIDGE_TEST_FRAME_MARK;
	return skb;
}

rx_handler_result_t lbridge_test_rx(struct sk_buff *skb)
{
	rx_handler_result_t result;

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

rx_handler_result_t lbridge_test_receive(struct kunit *test,
					 struct net_device *dev,
					 const u8 *dst, const u8 *src,
					 unsigned int payload)
{
	struct sk_buff *skb;

	skb = build_frame(dev, dst, src, payload);
	/* Not an assertion: a test may call this pinned to its CPU, and must
	 * get to migrate_enable() whatever happens.
	 */
	if (!skb) {
		KUNIT_FAIL(test, "no memory for a frame");
		return RX_HANDLER_CONSUMED;
	}
	/* As the driver and the core do before calling the rx_handler. */
	skb->protocol = eth_type_trans(skb, dev);
	return lbridge_test_rx(skb);
}

struct sk_buff *lbridge_test_frame(struct kunit *test, struct net_device *dev,
				   const u8 *dst, const u8 *src, u16 proto,
				   const void *payload, unsigned int len,
				   unsigned int keep, bool paged)
{
	struct page *page = NULL;
	struct sk_buff *skb;
	struct ethhdr *eth;

	KUNIT_ASSERT_LE(test, keep, len);
	if (paged) {
		KUNIT_ASSERT_LE(test, len, PAGE_SIZE);
		page = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, page);
		memcpy(page_address(page), payload, len);
	}
	skb = alloc_skb(NET_IP_ALIGN + ETH_HLEN + (paged ? 0 : len), GFP_KERNEL);
	if (!skb && page)
		__free_page(page);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, NET_IP_ALIGN);
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, dst);
	ether_addr_copy(eth->h_source, src);
	eth->h_proto = htons(proto);
	if (paged) {
		/* The fragment ends at @keep; the page holds the rest. */
		skb_add_rx_frag(skb, 0, page, 0, keep, PAGE_SIZE);
	} else {
		skb_put_data(skb, payload, len);
		skb_trim(skb, ETH_HLEN + keep);
	}
	skb->dev = dev;
	skb->protocol = eth_type_trans(skb, dev);
	return skb;
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

u64 lbridge_test_port_counter(struct lbridge_port *port,
			      enum lbridge_port_stat stat)
{
	u64 all[__LBRIDGE_PORT_STAT_MAX];

	lbridge_port_read_stats(port, all);
	return all[stat];
}

struct lbridge_fdb_entry *lbridge_test_fdb_lookup_rcu(struct kunit *test,
						      const u8 *mac)
{
	struct lbridge_fdb_key key;

	lbridge_fdb_key_init(&key, mac);
	return lbridge_fdb_lookup_rcu(lbridge_test_br(test), &key);
}

int lbridge_test_fdb_add_static(struct kunit *test, struct lbridge_port *port,
				const u8 *mac)
{
	struct lbridge_fdb_key key;

	lbridge_fdb_key_init(&key, mac);
	return lbridge_fdb_add_static(lbridge_test_br(test), port, &key);
}

int lbridge_test_fdb_del(struct kunit *test, struct lbridge_port *port,
			 const u8 *mac)
{
	struct lbridge_fdb_key key;

	lbridge_fdb_key_init(&key, mac);
	return lbridge_fdb_del(lbridge_test_br(test), port, &key);
}
