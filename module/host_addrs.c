// SPDX-License-Identifier: GPL-2.0
/*
 * The host's secondary unicast addresses on the bridge device.
 *
 * A macvlan on lb0, or a packet socket's PACKET_MR_UNICAST, adds a MAC to
 * lb0's unicast list. A device without IFF_UNICAST_FLT is then made
 * promiscuous: every unicast frame the bridge forwards goes up as well.
 * lbridge filters instead: frames for a listed MAC the FDB does not know
 * go up to the host and nowhere else, rather than flooding.
 *
 * The list is not written into the FDB: CAP_NET_RAW is enough to add to
 * it, and an entry of the table could take a learned MAC from its port or
 * outlive its owner. A listed MAC that the FDB knows behind a port goes to
 * that port and up as well: neither side takes it from the other.
 */
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "device.h"
#include "host_addrs.h"

/*
 * ndo_set_rx_mode: under the list's spinlock with BHs off, from any
 * writer of the list (RTNL is usually held, not always). The list is
 * copied whole: at most LBRIDGE_MAX_HOST_ADDRS entries, once per change.
 */
static bool unchanged(const struct lbridge_host_addrs *host,
		      struct net_device *dev, unsigned int count)
{
	struct netdev_hw_addr *ha;
	unsigned int i = 0;

	if (!host)
		return !count;
	if (host->overflow)
		return count > LBRIDGE_MAX_HOST_ADDRS;
	if (host->count != count)
		return false;
	netdev_for_each_uc_addr(ha, dev)
		if (!ether_addr_equal(host->addrs[i++], ha->addr))
			return false;
	return true;
}

void lbridge_host_addrs_sync(struct net_device *dev)
{
	const gfp_t gfp = GFP_ATOMIC | __GFP_NOWARN | __GFP_ACCOUNT;
	struct lbridge *br = netdev_priv(dev);
	struct lbridge_host_addrs *fresh = NULL, *old;
	unsigned int count = netdev_uc_count(dev);
	struct netdev_hw_addr *ha;

	old = rcu_dereference_protected(br->host_addrs,
					lockdep_is_held(&dev->addr_list_lock));
	/* Multicast and promiscuity changes come here too. */
	if (unchanged(old, dev, count))
		return;
	if (count > LBRIDGE_MAX_HOST_ADDRS) {
		fresh = kzalloc(sizeof(*fresh), gfp);
		if (fresh)
			fresh->overflow = true;
	} else if (count) {
		fresh = kzalloc(struct_size(fresh, addrs, count), gfp);
		if (fresh)
			netdev_for_each_uc_addr(ha, dev)
				ether_addr_copy(fresh->addrs[fresh->count++], ha->addr);
	}
	if (count && !fresh) {
		/* Keep the old copy: the next change of the list tries again. */
		net_warn_ratelimited("%s: no memory to follow its unicast list\n",
				     dev->name);
		return;
	}
	rcu_assign_pointer(br->host_addrs, fresh);
	if (old)
		kfree_rcu(old, rcu);
}

/*
 * ndo_stop: a closed bridge is not told of changes to the list, and
 * dev_open copies it again: drop the copy rather than let it go stale.
 */
void lbridge_host_addrs_clear(struct net_device *dev)
{
	struct lbridge *br = netdev_priv(dev);
	struct lbridge_host_addrs *old;

	netif_addr_lock_bh(dev);
	old = rcu_replace_pointer(br->host_addrs, NULL,
				  lockdep_is_held(&dev->addr_list_lock));
	netif_addr_unlock_bh(dev);
	if (old)
		kfree_rcu(old, rcu);
}

/* The bridge's destructor: nobody reads the list any more. */
void lbridge_host_addrs_destroy(struct lbridge *br)
{
	kfree(rcu_dereference_protected(br->host_addrs, true));
	RCU_INIT_POINTER(br->host_addrs, NULL);
}
