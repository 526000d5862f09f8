/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host's secondary unicast addresses on the bridge device: a macvlan,
 * or anything else that adds to lb0's unicast list.
 */
#ifndef _LBRIDGE_HOST_ADDRS_H
#define _LBRIDGE_HOST_ADDRS_H

#include <linux/etherdevice.h>
#include <linux/types.h>

struct lbridge;
struct net_device;

/*
 * Beyond this many addresses the bridge stops filtering and is as
 * promiscuous as the kernel would have made a device without a filter:
 * the datapath scans the list for every unknown destination.
 */
#define LBRIDGE_MAX_HOST_ADDRS	32

/*
 * A snapshot of the unicast list, replaced whole under RCU. The FDB comes
 * first: a MAC behind a port stays that port's, whatever the host adds
 * to its list (the host gets a copy), and no entry of the table is ever
 * the list's.
 */
struct lbridge_host_addrs {
	struct rcu_head rcu;
	/* More addresses than LBRIDGE_MAX_HOST_ADDRS: @addrs is empty. */
	bool overflow;
	unsigned int count;
	u8 addrs[][ETH_ALEN];
};

void lbridge_host_addrs_sync(struct net_device *dev);
void lbridge_host_addrs_clear(struct net_device *dev);
void lbridge_host_addrs_destroy(struct lbridge *br);

#endif /* _LBRIDGE_HOST_ADDRS_H */
