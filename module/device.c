// SPDX-License-Identifier: GPL-2.0
/*
 * The bridge network device: its link type (`ip link add lb0 type lbridge`),
 * its netdev ops and its statistics.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <net/rtnetlink.h>

#include "device.h"
#include "fdb.h"
#include "forward.h"
#include "port.h"
#include "rtnl.h"
#include "port_rtnl.h"

static int lbridge_dev_init(struct net_device *dev)
{
	struct lbridge *br = netdev_priv(dev);
	int err;

	br->dev = dev;
	INIT_LIST_HEAD(&br->ports);
	skb_queue_head_init(&br->flood_queue);
	/* Ours to allocate: older 6.1 kernels have no dev->pcpu_stat_type. */
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
	err = lbridge_fdb_create(br);
	if (err) {
		free_percpu(dev->tstats);
		return err;
	}

	lbridge_rtnl_init(br);
	netif_napi_add(dev, &br->flood_napi, lbridge_flood_poll);
	/* Our xmit feeds other devices' xmit: give lockdep a class per device. */
	netdev_lockdep_set_classes(dev);
	return 0;
}

/* Every path that unregisters the bridge comes here, under RTNL. */
static void lbridge_dev_uninit(struct net_device *dev)
{
	struct lbridge *br = netdev_priv(dev);

	/* One walk of the table for all ports, not one per port. The bridge
	 * is closed: nothing learns behind its ports any more. Without ports
	 * there is nothing to flush, nor anyone to tell: a registration that
	 * failed after ndo_init comes here too, its ifindex maybe another's.
	 */
	if (br->port_count)
		lbridge_fdb_flush(br, NULL, 0);
	lbridge_port_del_all(br);
	lbridge_rtnl_uninit(br);
}

/* priv_destructor: runs once nobody can reach the bridge any more. */
static void lbridge_dev_free(struct net_device *dev)
{
	struct lbridge *br = netdev_priv(dev);

	/* A flood queued while the bridge was going down. */
	skb_queue_purge(&br->flood_queue);
	lbridge_fdb_destroy(br);
	free_percpu(dev->tstats);
}

static int lbridge_open(struct net_device *dev)
{
	struct lbridge *br = netdev_priv(dev);

	skb_queue_purge(&br->flood_queue);
	napi_enable(&br->flood_napi);
	/* A flood queued since the purge found the NAPI off: kick it. */
	if (!skb_queue_empty_lockless(&br->flood_queue)) {
		local_bh_disable();
		napi_schedule(&br->flood_napi);
		local_bh_enable();
	}
	lbridge_fdb_start_ageing(br);
	netif_start_queue(dev);
	return 0;
}

/* A bridge that is down forgets what it learned, like the Linux bridge. */
static int lbridge_stop(struct net_device *dev)
{
	struct lbridge *br = netdev_priv(dev);

	netif_stop_queue(dev);
	napi_disable(&br->flood_napi);
	skb_queue_purge(&br->flood_queue);
	lbridge_fdb_stop_ageing(br);
	lbridge_fdb_flush(br, NULL, LBRIDGE_FLUSH_F_DYNAMIC);
	return 0;
}

static netdev_tx_t lbridge_start_xmit(struct sk_buff *skb,
				      struct net_device *dev)
{
	struct lbridge *br = netdev_priv(dev);

	if (unlikely(!pskb_may_pull(skb, ETH_HLEN))) {
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	dev_sw_netstats_tx_add(dev, 1, skb->len);

	/* dev_queue_xmit holds rcu_read_lock_bh; the FDB wants plain RCU. */
	rcu_read_lock();
	lbridge_xmit_from_host_rcu(br, skb);
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

/* The bridge's MAC is its own: only the user changes it, never a port. */
static int lbridge_set_mac_address(struct net_device *dev, void *p)
{
	struct lbridge *br = netdev_priv(dev);
	struct sockaddr *sa = p;
	u8 old[ETH_ALEN];
	int err;

	if (!is_valid_ether_addr(sa->sa_data))
		return -EADDRNOTAVAIL;
	if (ether_addr_equal(dev->dev_addr, sa->sa_data))
		return 0;
	err = lbridge_fdb_add_local(br, NULL, sa->sa_data);
	if (err)
		return err;
	ether_addr_copy(old, dev->dev_addr);
	eth_hw_addr_set(dev, sa->sa_data);
	lbridge_fdb_del_local(br, NULL, old);
	return 0;
}

static int lbridge_change_mtu(struct net_device *dev, int new_mtu)
{
	struct lbridge *br = netdev_priv(dev);

	dev->mtu = new_mtu;
	br->mtu_set_by_user = true;
	return 0;
}

/* Follow the smallest port MTU, unless the user chose one. */
void lbridge_mtu_auto_adjust(struct lbridge *br)
{
	struct lbridge_port *port;
	unsigned int mtu = 0;

	ASSERT_RTNL();
	/* A bridge being deleted keeps its MTU: a change now would have IPv4
	 * and IPv6 set up state again on a dying device, and tell userspace.
	 */
	if (br->mtu_set_by_user || br->dev->reg_state != NETREG_REGISTERED)
		return;
	list_for_each_entry(port, &br->ports, list)
		if (!mtu || port->dev->mtu < mtu)
			mtu = port->dev->mtu;
	if (!mtu || mtu == br->dev->mtu)
		return;
	dev_set_mtu(br->dev, mtu);
	/* dev_set_mtu went through lbridge_change_mtu: this was not the user. */
	br->mtu_set_by_user = false;
}

static int lbridge_add_slave(struct net_device *dev, struct net_device *slave,
			     struct netlink_ext_ack *extack)
{
	return lbridge_port_add(netdev_priv(dev), slave, extack);
}

static int lbridge_del_slave(struct net_device *dev, struct net_device *slave)
{
	return lbridge_port_del(netdev_priv(dev), slave, NULL);
}

static const struct net_device_ops lbridge_netdev_ops = {
	.ndo_init		= lbridge_dev_init,
	.ndo_uninit		= lbridge_dev_uninit,
	.ndo_open		= lbridge_open,
	.ndo_stop		= lbridge_stop,
	.ndo_start_xmit		= lbridge_start_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_set_mac_address	= lbridge_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_change_mtu		= lbridge_change_mtu,
	.ndo_add_slave		= lbridge_add_slave,
	.ndo_del_slave		= lbridge_del_slave,
	.ndo_fdb_add		= lbridge_rtnl_fdb_add,
	.ndo_fdb_del		= lbridge_rtnl_fdb_del,
	.ndo_fdb_dump		= lbridge_rtnl_fdb_dump,
	.ndo_fdb_get		= lbridge_rtnl_fdb_get,
	.ndo_set_rx_mode	= lbridge_rtnl_set_rx_mode,
	.ndo_bridge_getlink	= lbridge_port_getlink,
	.ndo_bridge_setlink	= lbridge_port_setlink,
};

static void lbridge_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &lbridge_netdev_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = lbridge_dev_free;

	/*
	 * A software switch: no qdisc of its own (the ports have theirs),
	 * lockless xmit, and never handed a shared skb since forwarding
	 * rewrites skb->dev.
	 */
	dev->priv_flags |= IFF_NO_QUEUE | IFF_LIVE_ADDR_CHANGE;
	/* Netpoll through a bridge needs the ports' netpoll: not supported. */
	dev->priv_flags |= IFF_DISABLE_NETPOLL;
	/* Secondary unicast addresses become local entries: no promiscuity. */
	dev->priv_flags |= IFF_UNICAST_FLT;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->features |= NETIF_F_LLTX;

	/* Ports are tied to the bridge's namespace; so is the bridge. */
	dev->features |= NETIF_F_NETNS_LOCAL;

	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;

	/*
	 * The bridge keeps this MAC for life unless the user sets another:
	 * inheriting a port's MAC, as the Linux bridge does, changes the
	 * host's gateway MAC under the containers' feet.
	 */
	eth_hw_addr_random(dev);
}

static int lbridge_validate(struct nlattr *tb[], struct nlattr *data[],
			    struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "MAC address must be 6 bytes");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "MAC address is not valid unicast");
			return -EADDRNOTAVAIL;
		}
	}
	return 0;
}

struct rtnl_link_ops lbridge_link_ops __read_mostly = {
	.kind		= KBUILD_MODNAME,
	.priv_size	= sizeof(struct lbridge),
	.setup		= lbridge_setup,
	.validate	= lbridge_validate,
};

int lbridge_device_init(void)
{
	return rtnl_link_register(&lbridge_link_ops);
}

/* Deletes every lbridge device in every namespace. */
void lbridge_device_uninit(void)
{
	rtnl_link_unregister(&lbridge_link_ops);
}

#if IS_ENABLED(CONFIG_LBRIDGE_KUNIT_TEST)
#include "device_test.c"
#endif
