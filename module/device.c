// SPDX-License-Identifier: GPL-2.0
/*
 * The bridge network device: its link type (`ip link add lb0 type lbridge`),
 * its netdev ops and its statistics.
 */
#include <linux/capability.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <net/netlink.h>
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
	if (err)
		goto err_fdb;
	err = lbridge_neigh_create(br);
	if (err)
		goto err_neigh;
	lbridge_guard_create(br);

	netif_napi_add(dev, &br->flood_napi, lbridge_flood_poll);
	/* No carrier until a port is up, like the Linux bridge: lbridge_carrier_update. */
	netif_carrier_off(dev);
	/* Our xmit feeds other devices' xmit: give lockdep a class per device. */
	netdev_lockdep_set_classes(dev);
	return 0;

err_neigh:
	lbridge_fdb_destroy(br);
err_fdb:
	free_percpu(dev->tstats);
	return err;
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
}

/* priv_destructor: runs once nobody can reach the bridge any more. */
static void lbridge_dev_free(struct net_device *dev)
{
	struct lbridge *br = netdev_priv(dev);

	/* A flood queued while the bridge was going down. */
	skb_queue_purge(&br->flood_queue);
	lbridge_guard_destroy(br);
	lbridge_neigh_destroy(br);
	lbridge_fdb_destroy(br);
	lbridge_host_addrs_destroy(br);
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
	lbridge_host_addrs_clear(dev);
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

/*
 * The bridge has carrier while a port could forward, as the Linux bridge
 * has while a port forwards: without one, `ip link` says NO-CARRIER and
 * the host sends nothing through it. Under RTNL, on every port change.
 */
void lbridge_carrier_update(struct lbridge *br)
{
	struct lbridge_port *port;

	ASSERT_RTNL();
	/* A bridge being deleted tells nobody about its carrier any more. */
	if (br->dev->reg_state != NETREG_REGISTERED)
		return;
	list_for_each_entry(port, &br->ports, list) {
		if (lbridge_port_is_up(port)) {
			netif_carrier_on(br->dev);
			return;
		}
	}
	netif_carrier_off(br->dev);
}

/*
 * Offloads: what every port can do with a frame, the bridge device lets the
 * host's stack leave to it, as the Linux bridge's device does. A TCP
 * segment the host sends a container then goes through the bridge as one
 * skb of up to 64 KiB, its pages not copied and its checksum not computed,
 * to the container's veth, which hands it over as is. A port that cannot
 * has the core segment and checksum what goes out of it, on its own
 * (validate_xmit_skb). So the bridge device offers, as the Linux bridge's
 * does (netdev_increment_features): scatter-gather, software GSO,
 * fraglists and high memory if any port has them, what needs hardware
 * only if every port has it, and HW_CSUM always.
 */
#define LBRIDGE_OFFLOADS (NETIF_F_SG | NETIF_F_FRAGLIST | NETIF_F_HIGHDMA | \
			  NETIF_F_GSO_MASK | NETIF_F_HW_CSUM)

static netdev_features_t lbridge_fix_features(struct net_device *dev,
					      netdev_features_t features)
{
	struct lbridge *br = netdev_priv(dev);
	struct lbridge_port *port;
	netdev_features_t mask;

	if (list_empty(&br->ports))
		return features;
	mask = features;
	features &= ~NETIF_F_ONE_FOR_ALL;
	list_for_each_entry(port, &br->ports, list)
		features = netdev_increment_features(features,
						     port->dev->features, mask);
	return netdev_add_tso_features(features, mask);
}

/*
 * The features, and the largest GSO frame, after a port joined, left or
 * changed its own: no larger than the smallest port takes.
 */
void lbridge_offloads_update(struct lbridge *br)
{
	unsigned int tso_max_size = TSO_MAX_SIZE;
	unsigned int tso_max_segs = TSO_MAX_SEGS;
	struct lbridge_port *port;

	ASSERT_RTNL();
	/* A bridge being deleted tells nobody about its features any more. */
	if (br->dev->reg_state != NETREG_REGISTERED)
		return;
	list_for_each_entry(port, &br->ports, list) {
		tso_max_size = min(tso_max_size, port->dev->tso_max_size);
		tso_max_segs = min(tso_max_segs, port->dev->tso_max_segs);
	}
	netif_set_tso_max_size(br->dev, tso_max_size);
	netif_set_tso_max_segs(br->dev, tso_max_segs);
	netdev_update_features(br->dev);
}

/*
 * Headroom: the host builds its frames with the room the port that needs
 * most asks for in front (a tunnel's, say), so none is copied on the way
 * out; a port's receive side is told the bridge's, as the Linux bridge
 * does (a veth passes it to its peer: the container's frames get it too).
 */
static unsigned int ports_max_headroom(const struct lbridge *br)
{
	struct lbridge_port *port;
	unsigned int max = 0;

	list_for_each_entry(port, &br->ports, list)
		max = max(max, netdev_get_fwd_headroom(port->dev));
	return max;
}

static void headroom_set(struct lbridge *br, unsigned int headroom)
{
	struct lbridge_port *port;

	list_for_each_entry(port, &br->ports, list)
		netdev_set_rx_headroom(port->dev, headroom);
	br->dev->needed_headroom = headroom;
}

/* Under RTNL, @dev's port in the bridge's list. */
void lbridge_headroom_port_join(struct lbridge *br, struct net_device *dev)
{
	unsigned int headroom = netdev_get_fwd_headroom(dev);

	ASSERT_RTNL();
	if (headroom > br->dev->needed_headroom)
		headroom_set(br, headroom);
	else
		netdev_set_rx_headroom(dev, br->dev->needed_headroom);
}

/* Under RTNL, @dev's port out of the bridge's list. */
void lbridge_headroom_port_leave(struct lbridge *br, struct net_device *dev)
{
	ASSERT_RTNL();
	if (netdev_get_fwd_headroom(dev) == br->dev->needed_headroom)
		headroom_set(br, ports_max_headroom(br));
	netdev_reset_rx_headroom(dev);
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
	.ndo_fix_features	= lbridge_fix_features,
	/* Each port checks what goes out of it. */
	.ndo_features_check	= passthru_features_check,
	.ndo_add_slave		= lbridge_add_slave,
	.ndo_del_slave		= lbridge_del_slave,
	.ndo_set_rx_mode	= lbridge_host_addrs_sync,
	.ndo_fdb_add		= lbridge_rtnl_fdb_add,
	.ndo_fdb_del		= lbridge_rtnl_fdb_del,
	.ndo_fdb_dump		= lbridge_rtnl_fdb_dump,
	.ndo_fdb_get		= lbridge_rtnl_fdb_get,
	.ndo_bridge_getlink	= lbridge_port_getlink,
	.ndo_bridge_setlink	= lbridge_port_setlink,
};

/* `ethtool -i lb0`: the module and its version, as the Linux bridge does. */
static void lbridge_get_drvinfo(struct net_device *dev,
				struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->version, LBRIDGE_VERSION, sizeof(info->version));
	strscpy(info->fw_version, "N/A", sizeof(info->fw_version));
	strscpy(info->bus_info, "N/A", sizeof(info->bus_info));
}

static const struct ethtool_ops lbridge_ethtool_ops = {
	.get_drvinfo	= lbridge_get_drvinfo,
	.get_link	= ethtool_op_get_link,
};

static void lbridge_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &lbridge_netdev_ops;
	dev->ethtool_ops = &lbridge_ethtool_ops;
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
	/* A macvlan on the bridge makes it filter, not promiscuous. */
	dev->priv_flags |= IFF_UNICAST_FLT;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->features |= NETIF_F_LLTX;

	/* Ports are tied to the bridge's namespace; so is the bridge. */
	dev->features |= NETIF_F_NETNS_LOCAL;

	/* Until ports join, all of them; then what they all have. */
	dev->features |= LBRIDGE_OFFLOADS;
	dev->hw_features |= LBRIDGE_OFFLOADS;
	dev->vlan_features |= LBRIDGE_OFFLOADS;

	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;

	/*
	 * The bridge keeps this MAC for life unless the user sets another:
	 * inheriting a port's MAC, as the Linux bridge does, changes the
	 * host's gateway MAC under the containers' feet.
	 */
	eth_hw_addr_random(dev);
}

/* ------------------------------------------------------------------ */
/* Link data: the settings in IFLA_INFO_DATA, as in SET_BRIDGE.        */

/* Not const: the 6.1 policy macros take a plain pointer. */
static struct netlink_range_validation link_ageing_range = {
	.max = LBRIDGE_MAX_AGEING_TIME,
};

static const struct nla_policy lbridge_link_policy[IFLA_LBRIDGE_MAX + 1] = {
	[IFLA_LBRIDGE_AGEING_TIME]	= NLA_POLICY_FULL_RANGE(NLA_U32, &link_ageing_range),
	[IFLA_LBRIDGE_LEARNING]		= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_LBRIDGE_MAX_LEARNED]	= { .type = NLA_U32 },
	[IFLA_LBRIDGE_PORT_MAX_LEARNED]	= { .type = NLA_U32 },
	[IFLA_LBRIDGE_MAX_STATIC]	= { .type = NLA_U32 },
};

/* The caps, and the default above which only the host's admin sets one. */
static const struct {
	int attr;
	u32 dflt;
} link_caps[] = {
	{ IFLA_LBRIDGE_MAX_LEARNED,	 LBRIDGE_DEFAULT_MAX_LEARNED },
	{ IFLA_LBRIDGE_PORT_MAX_LEARNED, LBRIDGE_DEFAULT_PORT_MAX_LEARNED },
	{ IFLA_LBRIDGE_MAX_STATIC,	 LBRIDGE_DEFAULT_MAX_STATIC },
};

/*
 * rtnetlink parses IFLA_INFO_DATA leniently: an attribute it does not
 * know, or one longer than its type, would pass. Checked again strictly,
 * so that a setting this module does not have is refused, never ignored.
 */
static int validate_link_data_strictly(struct nlattr *tb[],
				       struct netlink_ext_ack *extack)
{
	struct nlattr *info[IFLA_INFO_MAX + 1];
	int err;

	if (!tb[IFLA_LINKINFO])
		return 0;
	err = nla_parse_nested_deprecated(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO],
					  NULL, extack);
	if (err)
		return err;
	if (!info[IFLA_INFO_DATA])
		return 0;
	return nla_validate_nested(info[IFLA_INFO_DATA], IFLA_LBRIDGE_MAX,
				   lbridge_link_policy, extack);
}

/*
 * Root of a user namespace may lower the caps of its bridges, not lift
 * them: the host would pay for the memory. rtnetlink hands .validate no
 * socket to ask netlink_capable(), but runs it in the sender's task, so
 * the sender's own capability in the initial namespace is what is asked.
 */
static int validate_link_caps(struct nlattr *data[],
			      struct netlink_ext_ack *extack)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(link_caps); i++) {
		const struct nlattr *attr = data[link_caps[i].attr];
		u32 value;

		if (!attr)
			continue;
		value = nla_get_u32(attr);
		if ((value && value <= link_caps[i].dflt) ||
		    capable(CAP_NET_ADMIN))
			continue;
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "Raising a cap above its default needs CAP_NET_ADMIN in the initial namespace");
		return -EPERM;
	}
	return 0;
}

/* Validated whole before: nothing here can fail, nothing is half-applied. */
static void apply_link_data(struct lbridge *br, struct nlattr *data[])
{
	struct lbridge_fdb *fdb = &br->fdb;

	ASSERT_RTNL();
	if (!data)
		return;
	if (data[IFLA_LBRIDGE_AGEING_TIME])
		lbridge_fdb_set_ageing(br, nla_get_u32(data[IFLA_LBRIDGE_AGEING_TIME]));
	if (data[IFLA_LBRIDGE_LEARNING])
		WRITE_ONCE(fdb->learning, nla_get_u8(data[IFLA_LBRIDGE_LEARNING]));
	if (data[IFLA_LBRIDGE_MAX_LEARNED])
		WRITE_ONCE(fdb->max_learned,
			   nla_get_u32(data[IFLA_LBRIDGE_MAX_LEARNED]));
	if (data[IFLA_LBRIDGE_PORT_MAX_LEARNED])
		WRITE_ONCE(fdb->port_max_learned,
			   nla_get_u32(data[IFLA_LBRIDGE_PORT_MAX_LEARNED]));
	if (data[IFLA_LBRIDGE_MAX_STATIC])
		WRITE_ONCE(fdb->max_static,
			   nla_get_u32(data[IFLA_LBRIDGE_MAX_STATIC]));
}

/*
 * Under RTNL from registration to the settings: nobody sees the bridge
 * before it has them (rtnetlink announces it after this returns).
 */
static int lbridge_newlink(struct net *src_net, struct net_device *dev,
			   struct nlattr *tb[], struct nlattr *data[],
			   struct netlink_ext_ack *extack)
{
	int err;

	err = register_netdevice(dev);
	if (err)
		return err;
	apply_link_data(netdev_priv(dev), data);
	return 0;
}

static int lbridge_changelink(struct net_device *dev, struct nlattr *tb[],
			      struct nlattr *data[],
			      struct netlink_ext_ack *extack)
{
	apply_link_data(netdev_priv(dev), data);
	return 0;
}

static size_t lbridge_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u32)) +	/* IFLA_LBRIDGE_AGEING_TIME */
	       nla_total_size(sizeof(u8)) +	/* IFLA_LBRIDGE_LEARNING */
	       nla_total_size(sizeof(u32)) +	/* IFLA_LBRIDGE_MAX_LEARNED */
	       nla_total_size(sizeof(u32)) +	/* IFLA_LBRIDGE_PORT_MAX_LEARNED */
	       nla_total_size(sizeof(u32));	/* IFLA_LBRIDGE_MAX_STATIC */
}

static int lbridge_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct lbridge *br = netdev_priv(dev);
	const struct lbridge_fdb *fdb = &br->fdb;

	if (nla_put_u32(skb, IFLA_LBRIDGE_AGEING_TIME, READ_ONCE(fdb->ageing_secs)) ||
	    nla_put_u8(skb, IFLA_LBRIDGE_LEARNING, READ_ONCE(fdb->learning)) ||
	    nla_put_u32(skb, IFLA_LBRIDGE_MAX_LEARNED, READ_ONCE(fdb->max_learned)) ||
	    nla_put_u32(skb, IFLA_LBRIDGE_PORT_MAX_LEARNED,
			READ_ONCE(fdb->port_max_learned)) ||
	    nla_put_u32(skb, IFLA_LBRIDGE_MAX_STATIC, READ_ONCE(fdb->max_static)))
		return -EMSGSIZE;
	return 0;
}

/*
 * A port's slave data. rtnetlink asks the master's ops of any device with
 * a master upper: no IFF_BRIDGE_PORT needed.
 */
static size_t lbridge_get_slave_size(const struct net_device *dev,
				     const struct net_device *slave)
{
	return nla_total_size(sizeof(u8)) +	/* IFLA_LBRIDGE_PORT_LEARNING */
	       nla_total_size(sizeof(u32)) +	/* IFLA_LBRIDGE_PORT_LEARNED_COUNT */
	       nla_total_size(sizeof(u32)) +	/* IFLA_LBRIDGE_PORT_STATIC_COUNT */
	       nla_total_size(sizeof(u8));	/* IFLA_LBRIDGE_PORT_UP */
}

/* Under RTNL, as every rtnetlink fill is in 6.1. */
static int lbridge_fill_slave_info(struct sk_buff *skb,
				   const struct net_device *dev,
				   const struct net_device *slave)
{
	const struct lbridge_port *port = lbridge_port_get_rtnl(slave);

	/* Linked to the bridge but not yet, or no longer, its port. */
	if (!port || port->br != netdev_priv(dev))
		return 0;
	if (nla_put_u8(skb, IFLA_LBRIDGE_PORT_LEARNING, READ_ONCE(port->learning)) ||
	    nla_put_u32(skb, IFLA_LBRIDGE_PORT_LEARNED_COUNT,
			READ_ONCE(port->learned_count)) ||
	    nla_put_u32(skb, IFLA_LBRIDGE_PORT_STATIC_COUNT,
			READ_ONCE(port->static_count)) ||
	    nla_put_u8(skb, IFLA_LBRIDGE_PORT_UP, lbridge_port_is_up(port)))
		return -EMSGSIZE;
	return 0;
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
	if (data) {
		int err = validate_link_data_strictly(tb, extack);

		if (err)
			return err;
		err = validate_link_caps(data, extack);
		if (err)
			return err;
	}
	return 0;
}

struct rtnl_link_ops lbridge_link_ops __read_mostly = {
	.kind		= KBUILD_MODNAME,
	.priv_size	= sizeof(struct lbridge),
	.setup		= lbridge_setup,
	.validate	= lbridge_validate,
	.maxtype	= IFLA_LBRIDGE_MAX,
	.policy		= lbridge_link_policy,
	.newlink	= lbridge_newlink,
	.changelink	= lbridge_changelink,
	.get_size	= lbridge_get_size,
	.fill_info	= lbridge_fill_info,
	.get_slave_size	= lbridge_get_slave_size,
	.fill_slave_info = lbridge_fill_slave_info,
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
