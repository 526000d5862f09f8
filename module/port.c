// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: enslaving a device to a bridge (`ip link set veth2 master lb0`),
 * releasing it (`nomaster`, or the device going away with its container),
 * and following what happens to it meanwhile.
 *
 * Ports are recognised by their rx_handler, never by IFF_BRIDGE_PORT:
 * bridge.ko and br_netfilter take any device with that flag for theirs.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#include "device.h"
#include "fdb.h"
#include "forward.h"
#include "guard.h"
#include "neigh.h"
#include "port.h"

struct lbridge_port *lbridge_port_get_rtnl(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != lbridge_handle_frame)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

void lbridge_port_read_stats(const struct lbridge_port *port,
			     u64 out[__LBRIDGE_PORT_STAT_MAX])
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * __LBRIDGE_PORT_STAT_MAX);
	for_each_possible_cpu(cpu) {
		const struct lbridge_port_stats *stats = per_cpu_ptr(port->stats, cpu);
		u64 snapshot[__LBRIDGE_PORT_STAT_MAX];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&stats->syncp);
			for (i = 0; i < __LBRIDGE_PORT_STAT_MAX; i++)
				snapshot[i] = u64_stats_read(&stats->counter[i]);
		} while (u64_stats_fetch_retry(&stats->syncp, start));

		for (i = 0; i < __LBRIDGE_PORT_STAT_MAX; i++)
			out[i] += snapshot[i];
	}
}

/* Everything that disqualifies @dev, checked before anything is touched. */
static int check_candidate(struct lbridge *br, struct net_device *dev,
			   struct netlink_ext_ack *extack)
{
	if (dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG_MOD(extack, "A loopback device cannot be a bridge port");
		return -EINVAL;
	}
	if (lbridge_is_bridge(dev) || netif_is_bridge_master(dev)) {
		NL_SET_ERR_MSG_MOD(extack, "A bridge cannot be a port of a bridge");
		return -ELOOP;
	}
	if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG_MOD(extack, "Only Ethernet devices can be bridge ports");
		return -EINVAL;
	}
	if (dev->priv_flags & IFF_DONT_BRIDGE) {
		NL_SET_ERR_MSG_MOD(extack, "This device does not support bridging");
		return -EOPNOTSUPP;
	}
	if (!is_valid_ether_addr(dev->dev_addr)) {
		NL_SET_ERR_MSG_MOD(extack, "Port MAC address is not valid unicast");
		return -EINVAL;
	}
	if (netdev_master_upper_dev_get(dev)) {
		NL_SET_ERR_MSG_MOD(extack, "Device already has a master");
		return -EBUSY;
	}
	if (netdev_is_rx_handler_busy(dev)) {
		NL_SET_ERR_MSG_MOD(extack, "Device is already in use by another rx handler");
		return -EBUSY;
	}
	return 0;
}

static void port_free_rcu(struct rcu_head *head)
{
	struct lbridge_port *port = container_of(head, struct lbridge_port, rcu);

	netdev_put(port->dev, &port->dev_tracker);
	free_percpu(port->stats);
	/* After a grace period: events sent from softirq may have read it. */
	kfree(rcu_dereference_protected(port->label, true));
	kfree(rcu_dereference_protected(port->allowed, true));
	kfree(port);
}

int lbridge_port_add(struct lbridge *br, struct net_device *dev,
		     struct netlink_ext_ack *extack)
{
	struct lbridge_port *port;
	int err;

	ASSERT_RTNL();
	/* The datapath's fields, in the first line kzalloc's alignment gives. */
	BUILD_BUG_ON(offsetofend(struct lbridge_port, guards) > L1_CACHE_BYTES);
	/* Its memories of the last source and destination, in one line. */
	BUILD_BUG_ON(offsetof(struct lbridge_port_stats, learnt_key) / L1_CACHE_BYTES !=
		     (offsetofend(struct lbridge_port_stats, sent_entry) - 1) /
		     L1_CACHE_BYTES);
	err = check_candidate(br, dev, extack);
	if (err)
		return err;

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	port->stats = netdev_alloc_pcpu_stats(struct lbridge_port_stats);
	if (!port->stats) {
		kfree(port);
		return -ENOMEM;
	}
	port->br = br;
	port->dev = dev;
	port->seq = ++br->last_port_seq;
	port->learning = true;
	port->flood = true;
	port->mcast_flood = true;
	port->bcast_flood = true;
	/* Off: the bridge's own setting, when on, covers every port. */
	port->neigh_suppress = false;
	/* What the bridge asks of every port that joins. */
	port->guards = br->guard.defaults;
	atomic64_set(&port->guard_mac, 0);
	atomic64_set(&port->guard_refused, 0);
	atomic64_set(&port->guard_busy, 0);
	/* One port spoofing at full rate must not silence the others. */
	ratelimit_state_init(&port->guard_events, HZ, 5);
	ratelimit_set_flags(&port->guard_events, RATELIMIT_MSG_ON_RELEASE);
	INIT_HLIST_HEAD(&port->neigh_entries);
	ether_addr_copy(port->addr, dev->dev_addr);
	/* Readers may hold the port until a grace period after it leaves. */
	netdev_hold(dev, &port->dev_tracker, GFP_KERNEL);

	err = netdev_master_upper_dev_link(dev, br->dev, NULL, NULL, extack);
	if (err)
		goto err_free;
	/* Frames for the containers behind the port are not for its MAC. */
	err = dev_set_promiscuity(dev, 1);
	if (err)
		goto err_unlink;
	dev_disable_lro(dev);
	err = lbridge_fdb_add_local(br, port, port->addr);
	if (err)
		goto err_promisc;
	err = netdev_rx_handler_register(dev, lbridge_handle_frame, port);
	if (err)
		goto err_fdb;

	list_add_tail_rcu(&port->list, &br->ports);
	br->port_count++;
	lbridge_headroom_port_join(br, dev);
	lbridge_offloads_update(br);
	lbridge_mtu_auto_adjust(br);
	lbridge_carrier_update(br);
	return 0;

err_fdb:
	lbridge_fdb_forget_port(br, port);
err_promisc:
	dev_set_promiscuity(dev, -1);
err_unlink:
	netdev_upper_dev_unlink(dev, br->dev);
err_free:
	call_rcu(&port->rcu, port_free_rcu);
	return err;
}

/* ------------------------------------------------------------------ */
/* A port leaving.                                                      */

/* Floods and port dumps stop finding it. */
static void port_unpublish(struct lbridge_port *port)
{
	list_del_rcu(&port->list);
	port->br->port_count--;
}

/* Waits for receivers in flight: after it, nobody learns on the port. */
static void port_stop_receiving(struct lbridge_port *port)
{
	netdev_rx_handler_unregister(port->dev);
}

static void port_forget_fdb(struct lbridge_port *port)
{
	lbridge_fdb_forget_port(port->br, port);
}

/*
 * After the FDB: a DHCP ACK binds behind the port its client's MAC is
 * learned on, so once the port's FDB entries are gone nothing can.
 */
static void port_forget_neigh(struct lbridge_port *port)
{
	lbridge_neigh_forget_port(port->br, port);
}

/* Its allowed addresses are no longer refused to other ports. */
static void port_forget_guard(struct lbridge_port *port)
{
	lbridge_guard_port_leave(port->br, port);
}

static void port_release_dev(struct lbridge_port *port)
{
	dev_set_promiscuity(port->dev, -1);
	netdev_upper_dev_unlink(port->dev, port->br->dev);
}

static void port_follow_mtu(struct lbridge_port *port)
{
	lbridge_mtu_auto_adjust(port->br);
}

/* The ports that remain are what the bridge device can offer the host. */
static void port_follow_offloads(struct lbridge_port *port)
{
	lbridge_headroom_port_leave(port->br, port->dev);
	lbridge_offloads_update(port->br);
}

static void port_follow_carrier(struct lbridge_port *port)
{
	lbridge_carrier_update(port->br);
}

/*
 * What a leaving port is forgotten by, under RTNL, in this order: a table
 * that points at ports (IP bindings, ...) adds its step after
 * port_stop_receiving, which is what guarantees that nothing adds an entry
 * for the port once the step has run. The list goes first so that no new
 * flood picks the port; the device is given back only when no table
 * points at it; the MTU and the offloads are worked out from the ports
 * that remain. The flood queue needs no step: it remembers ports by seq,
 * never by pointer.
 */
static void (*const port_forget_steps[])(struct lbridge_port *port) = {
	port_unpublish,
	port_stop_receiving,
	port_forget_fdb,
	port_forget_neigh,
	port_forget_guard,
	port_release_dev,
	port_follow_offloads,
	port_follow_mtu,
	port_follow_carrier,
};

static void port_remove(struct lbridge_port *port)
{
	unsigned int i;

	ASSERT_RTNL();
	for (i = 0; i < ARRAY_SIZE(port_forget_steps); i++)
		port_forget_steps[i](port);
	/* Forwarders that found the port in the FDB before it forgot the
	 * port may still use it until a grace period has passed.
	 */
	call_rcu(&port->rcu, port_free_rcu);
}

int lbridge_port_del(struct lbridge *br, struct net_device *dev,
		     struct netlink_ext_ack *extack)
{
	struct lbridge_port *port = lbridge_port_get_rtnl(dev);

	if (!port || port->br != br) {
		NL_SET_ERR_MSG_MOD(extack, "Device is not a port of this bridge");
		return -EINVAL;
	}
	port_remove(port);
	return 0;
}

void lbridge_port_del_all(struct lbridge *br)
{
	struct lbridge_port *port, *tmp;

	list_for_each_entry_safe(port, tmp, &br->ports, list)
		port_remove(port);
}

static void port_changed_addr(struct lbridge_port *port)
{
	struct lbridge *br = port->br;
	u8 old[ETH_ALEN];
	int err;

	if (ether_addr_equal(port->addr, port->dev->dev_addr))
		return;
	ether_addr_copy(old, port->addr);
	ether_addr_copy(port->addr, port->dev->dev_addr);
	err = lbridge_fdb_add_local(br, port, port->addr);
	if (err)
		netdev_warn(br->dev, "no local FDB entry for %s's new address %pM: %d\n",
			    port->dev->name, port->addr, err);
	lbridge_fdb_del_local(br, port, old);
}

static int port_event(struct notifier_block *nb, unsigned long event,
		      void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct lbridge_port *port = lbridge_port_get_rtnl(dev);

	if (!port)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_UNREGISTER:
		port_remove(port);
		break;
	case NETDEV_CHANGEADDR:
		port_changed_addr(port);
		break;
	case NETDEV_CHANGEMTU:
		lbridge_mtu_auto_adjust(port->br);
		break;
	case NETDEV_FEAT_CHANGE:
		lbridge_offloads_update(port->br);
		break;
	case NETDEV_UP:
		lbridge_carrier_update(port->br);
		break;
	case NETDEV_DOWN:
		lbridge_fdb_flush(port->br, port, LBRIDGE_FLUSH_F_DYNAMIC);
		lbridge_carrier_update(port->br);
		break;
	case NETDEV_CHANGE:
		/* Carrier lost: whatever was behind the port may be elsewhere now. */
		if (!netif_carrier_ok(dev))
			lbridge_fdb_flush(port->br, port, LBRIDGE_FLUSH_F_DYNAMIC);
		lbridge_carrier_update(port->br);
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		/* A port stays Ethernet while it is a port. */
		return notifier_from_errno(-EBUSY);
	}
	return NOTIFY_DONE;
}

static struct notifier_block lbridge_port_notifier = {
	.notifier_call = port_event,
};

int lbridge_port_init(void)
{
	return register_netdevice_notifier(&lbridge_port_notifier);
}

void lbridge_port_uninit(void)
{
	unregister_netdevice_notifier(&lbridge_port_notifier);
}

#if IS_ENABLED(CONFIG_LBRIDGE_KUNIT_TEST)
#include "port_test.c"
#endif
