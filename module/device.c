// SPDX-License-Identifier: GPL-2.0
/*
 * The bridge network device: its link type (`ip link add lb0 type lbridge`),
 * its netdev ops and its per-CPU statistics.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>
#include <net/rtnetlink.h>

#include "device.h"

static int lbridge_dev_init(struct net_device *dev)
{
	struct lbridge *br = netdev_priv(dev);

	br->dev = dev;
	br->stats = netdev_alloc_pcpu_stats(struct lbridge_pcpu_stats);
	if (!br->stats)
		return -ENOMEM;

	/* Our xmit feeds other devices' xmit: give lockdep a class per device. */
	netdev_lockdep_set_classes(dev);
	return 0;
}

/* priv_destructor: runs once nobody can read the statistics any more. */
static void lbridge_dev_free(struct net_device *dev)
{
	struct lbridge *br = netdev_priv(dev);

	free_percpu(br->stats);
}

static netdev_tx_t lbridge_start_xmit(struct sk_buff *skb,
				      struct net_device *dev)
{
	struct lbridge *br = netdev_priv(dev);
	struct lbridge_pcpu_stats *stats = this_cpu_ptr(br->stats);

	/* No ports to send to yet: account the frame and drop it. */
	u64_stats_update_begin(&stats->syncp);
	u64_stats_inc(&stats->tx_dropped);
	u64_stats_update_end(&stats->syncp);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

static void lbridge_get_stats64(struct net_device *dev,
				struct rtnl_link_stats64 *total)
{
	struct lbridge *br = netdev_priv(dev);
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct lbridge_pcpu_stats *stats = per_cpu_ptr(br->stats, cpu);
		u64 rx_packets, rx_bytes, tx_packets, tx_bytes, rx_dropped, tx_dropped;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&stats->syncp);
			rx_packets = u64_stats_read(&stats->rx_packets);
			rx_bytes = u64_stats_read(&stats->rx_bytes);
			tx_packets = u64_stats_read(&stats->tx_packets);
			tx_bytes = u64_stats_read(&stats->tx_bytes);
			rx_dropped = u64_stats_read(&stats->rx_dropped);
			tx_dropped = u64_stats_read(&stats->tx_dropped);
		} while (u64_stats_fetch_retry(&stats->syncp, start));

		total->rx_packets += rx_packets;
		total->rx_bytes += rx_bytes;
		total->tx_packets += tx_packets;
		total->tx_bytes += tx_bytes;
		total->rx_dropped += rx_dropped;
		total->tx_dropped += tx_dropped;
	}
}

static const struct net_device_ops lbridge_netdev_ops = {
	.ndo_init		= lbridge_dev_init,
	.ndo_start_xmit		= lbridge_start_xmit,
	.ndo_get_stats64	= lbridge_get_stats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
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
	dev->priv_flags |= IFF_NO_QUEUE;
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
