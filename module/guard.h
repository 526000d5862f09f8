/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Port security: per port, the bridge drops what a container sends as
 * someone else (another MAC, another's IP address, ARP or ND for them),
 * and Router Advertisements and DHCP server messages from ports that
 * should send none. Every drop is counted by reason and told on the
 * "guard" multicast group.
 */
#ifndef _LBRIDGE_GUARD_H
#define _LBRIDGE_GUARD_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/if_ether.h>
#include <linux/ratelimit_types.h>
#include <linux/skbuff.h>
#include <linux/lbridge.h>

#include "neigh.h"

struct lbridge;
struct lbridge_port;
struct netlink_ext_ack;

/* A port's guards, one bit each in lbridge_port.guards. */
enum {
	LBRIDGE_GUARD_SOURCE	= BIT(0),	/* LBRIDGE_PORT_A_GUARD */
	LBRIDGE_GUARD_RA	= BIT(1),	/* LBRIDGE_PORT_A_RA_GUARD */
	LBRIDGE_GUARD_DHCP	= BIT(2),	/* LBRIDGE_PORT_A_DHCP_GUARD */
};

/*
 * A port's allowed addresses (LBRIDGE_CMD_NEW_ALLOWED): replaced whole
 * under RTNL, read under RCU by the datapath.
 */
struct lbridge_allowed {
	struct rcu_head rcu;
	unsigned int n_macs;
	unsigned int n_ips;
	/* Families with an allowed address: they claim nothing more. */
	bool has_ipv4;
	bool has_ipv6;
	u8 macs[LBRIDGE_ALLOWED_MAX_MACS][ETH_ALEN];
	struct lbridge_neigh_key ips[LBRIDGE_ALLOWED_MAX_IPS];
};

/* A bridge's: the defaults, and its events' rate limit. */
struct lbridge_guard {
	/* Guards that ports get as they join: under RTNL. */
	u8 defaults;
	struct ratelimit_state events;
	atomic_t events_lost;
};

/* What a guard dropped, and whose it was: for the event. */
struct lbridge_guard_offence {
	/* The MAC the frame sent from or spoke for. */
	u8 mac[ETH_ALEN];
	/* The address it used, if any (family 0: none). */
	struct lbridge_neigh_key key;
	/* The port that holds the MAC or the address; NULL if none. */
	struct lbridge_port *owner;
	/* The address is the host's own. */
	bool host;
};

void lbridge_guard_create(struct lbridge *br);

/*
 * Softirq, under RCU, for a frame from @port whose guards are @guards
 * (not 0), @skb->data at the network header: the counter of the reason
 * it must be dropped for, with @off filled in, or LBRIDGE_PORT_STAT_UNSPEC
 * when it may go on.
 */
enum lbridge_port_stat lbridge_guard_classify_rcu(struct lbridge *br,
						  struct lbridge_port *port,
						  const struct sk_buff *skb,
						  u8 guards,
						  struct lbridge_guard_offence *off);

/* The same, dropping, counting and telling: false when @skb was dropped. */
bool lbridge_guard_frame_rcu(struct lbridge *br, struct lbridge_port *port,
			     struct sk_buff *skb, u8 guards);

/* Under RTNL: adds or removes one allowed MAC (@mac) or address (@key). */
int lbridge_guard_allow(struct lbridge_port *port, const u8 *mac,
			const struct lbridge_neigh_key *key, bool add,
			struct netlink_ext_ack *extack);

/* Under RTNL: sets a port's guards; turning GUARD on forgets its MAC. */
void lbridge_guard_set(struct lbridge_port *port, u8 guards);

/* The MAC the source guard fixed on: false if none yet. */
bool lbridge_guard_mac(const struct lbridge_port *port, u8 *mac);

#endif /* _LBRIDGE_GUARD_H */
