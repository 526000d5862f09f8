// SPDX-License-Identifier: GPL-2.0
/*
 * The datapath. A frame comes in from a port (the rx_handler, softirq,
 * under RCU) or from the host (the bridge's ndo_start_xmit); its source is
 * learned, its destination looked up once, and it is then
 *   - delivered up through the bridge device when it is for a local MAC,
 *   - sent out of exactly one port when its destination is known,
 *   - flooded to every other up port when it is unknown unicast,
 *     broadcast or multicast (the last two also go up to the host).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rculist.h>
#include <linux/skbuff.h>

#include "device.h"
#include "fdb.h"
#include "forward.h"
#include "port.h"

enum lbridge_verdict {
	LBRIDGE_DELIVER_LOCAL,
	LBRIDGE_FORWARD,
	LBRIDGE_FLOOD,
};

/* Where a frame for @dest goes; *@to is set for LBRIDGE_FORWARD. */
static enum lbridge_verdict decide_rcu(struct lbridge *br, const u8 *dest,
				       struct lbridge_port **to)
{
	struct lbridge_fdb_entry *entry;

	if (is_multicast_ether_addr(dest))
		return LBRIDGE_FLOOD;
	entry = lbridge_fdb_lookup_rcu(br, dest);
	if (!entry)
		return LBRIDGE_FLOOD;
	if (READ_ONCE(entry->kind) == LBRIDGE_FDB_LOCAL)
		return LBRIDGE_DELIVER_LOCAL;
	*to = READ_ONCE(entry->port);
	return LBRIDGE_FORWARD;
}

/* Whether a copy of a frame that came in on @from may go out of @to. */
static bool may_send(const struct lbridge_port *to,
		     const struct lbridge_port *from)
{
	/* Never back out of the port it came in on: no hairpin. */
	return to != from && lbridge_port_is_up(to);
}

/* @skb->data is at the network header, the Ethernet header just before. */
static void send_to_port(struct lbridge_port *to, struct sk_buff *skb,
			 const struct lbridge_port *from, bool flooded)
{
	skb_push(skb, ETH_HLEN);
	if (unlikely(!is_skb_forwardable(to->dev, skb))) {
		lbridge_port_count(to, LBRIDGE_PORT_DROP_MTU, 1);
		kfree_skb(skb);
		return;
	}
	if (from) {
		/* The checksum was for the ingress, departure time for a socket. */
		skb_forward_csum(skb);
		skb_clear_tstamp(skb);
	}
	skb->dev = to->dev;
	lbridge_port_count(to, LBRIDGE_PORT_TX_PACKETS, 1);
	lbridge_port_count(to, LBRIDGE_PORT_TX_BYTES, skb->len);
	if (flooded)
		lbridge_port_count(to, LBRIDGE_PORT_FLOODED, 1);
	dev_queue_xmit(skb);
}

static void send_copy(struct lbridge_port *to, struct sk_buff *skb,
		      struct lbridge_port *from)
{
	struct sk_buff *copy = skb_clone(skb, GFP_ATOMIC);

	if (!copy) {
		if (from)
			lbridge_port_count(from, LBRIDGE_PORT_DROP_NOMEM, 1);
		return;
	}
	send_to_port(to, copy, from, true);
}

/* Up through the bridge device: the core runs its protocols for @skb. */
static rx_handler_result_t deliver_up(struct lbridge *br, struct sk_buff *skb)
{
	skb->dev = br->dev;
	lbridge_count_rx(br, skb->len);
	return RX_HANDLER_ANOTHER;
}

/*
 * N-1 clones and the original to the last port; when the host also gets
 * the frame (@up), it takes the original and every port a clone.
 */
static rx_handler_result_t flood(struct lbridge *br, struct sk_buff *skb,
				 struct lbridge_port *from, bool up)
{
	struct lbridge_port *port, *prev = NULL;

	list_for_each_entry_rcu(port, &br->ports, list) {
		if (!may_send(port, from))
			continue;
		if (prev)
			send_copy(prev, skb, from);
		prev = port;
	}

	if (up) {
		if (prev)
			send_copy(prev, skb, from);
		return deliver_up(br, skb);
	}
	if (prev)
		send_to_port(prev, skb, from, true);
	else
		consume_skb(skb);
	return RX_HANDLER_CONSUMED;
}

/*
 * @from is the ingress port, NULL for frames the host sends. Frames from
 * the host never go back up to it.
 */
static rx_handler_result_t forward(struct lbridge *br, struct sk_buff *skb,
				   struct lbridge_port *from)
{
	const u8 *dest = eth_hdr(skb)->h_dest;
	/* A promiscuous bridge device (tcpdump on lb0) sees every frame. */
	bool promisc = from && (br->dev->flags & IFF_PROMISC);
	struct lbridge_port *to = NULL;

	switch (decide_rcu(br, dest, &to)) {
	case LBRIDGE_DELIVER_LOCAL:
		if (!from)
			break;
		skb->pkt_type = PACKET_HOST;
		return deliver_up(br, skb);
	case LBRIDGE_FORWARD:
		if (to == from)
			break;
		if (!lbridge_port_is_up(to)) {
			lbridge_port_count(to, LBRIDGE_PORT_DROP_DOWN, 1);
			kfree_skb(skb);
			return RX_HANDLER_CONSUMED;
		}
		if (promisc)
			send_copy(to, skb, from);
		else
			send_to_port(to, skb, from, false);
		return promisc ? deliver_up(br, skb) : RX_HANDLER_CONSUMED;
	case LBRIDGE_FLOOD:
		return flood(br, skb, from,
			     from && (is_multicast_ether_addr(dest) || promisc));
	}
	consume_skb(skb);
	return RX_HANDLER_CONSUMED;
}

static rx_handler_result_t drop(struct lbridge_port *port, struct sk_buff *skb,
				enum lbridge_port_counter reason)
{
	lbridge_port_count(port, reason, 1);
	kfree_skb(skb);
	return RX_HANDLER_CONSUMED;
}

/* A port's rx_handler: softirq, under RCU. */
rx_handler_result_t lbridge_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	const struct ethhdr *eth = eth_hdr(skb);
	struct lbridge_port *port;
	struct lbridge *br;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	port = lbridge_port_get_rcu(skb->dev);
	br = port->br;

	/* Zero or multicast sources are never learned, and never passed on. */
	if (unlikely(!is_valid_ether_addr(eth->h_source)))
		return drop(port, skb, LBRIDGE_PORT_DROP_INVALID_SOURCE);

	/* 802.1D reserved groups (STP, LACP, LLDP) are never forwarded. */
	if (unlikely(is_link_local_ether_addr(eth->h_dest))) {
		/* Pause frames are for the NIC alone. */
		if (eth->h_dest[5] == 0x01)
			return drop(port, skb, LBRIDGE_PORT_DROP_LINK_LOCAL);
		lbridge_port_count(port, LBRIDGE_PORT_DROP_LINK_LOCAL, 1);
		return RX_HANDLER_PASS;
	}

	if (unlikely(!netif_running(br->dev)))
		return drop(port, skb, LBRIDGE_PORT_DROP_DOWN);

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		lbridge_port_count(port, LBRIDGE_PORT_DROP_NOMEM, 1);
		return RX_HANDLER_CONSUMED;
	}
	*pskb = skb;

	lbridge_port_count(port, LBRIDGE_PORT_RX_PACKETS, 1);
	lbridge_port_count(port, LBRIDGE_PORT_RX_BYTES, skb->len + ETH_HLEN);
	lbridge_fdb_learn_rcu(br, port, eth_hdr(skb)->h_source);
	return forward(br, skb, port);
}

/* The host sends through the bridge: @skb->data at its Ethernet header. */
void lbridge_xmit_from_host_rcu(struct lbridge *br, struct sk_buff *skb)
{
	skb_reset_mac_header(skb);
	skb_pull(skb, ETH_HLEN);
	forward(br, skb, NULL);
}

#if IS_ENABLED(CONFIG_LBRIDGE_KUNIT_TEST)
#include "forward_test.c"
#endif
