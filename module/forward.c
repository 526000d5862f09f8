// SPDX-License-Identifier: GPL-2.0
/*
 * The datapath. A frame comes in from a port (the rx_handler, softirq,
 * under RCU) or from the host (the bridge's ndo_start_xmit); its source is
 * learned, its destination looked up once, and it is then
 *   - delivered up through the bridge device when it is for a local MAC,
 *   - sent out of exactly one port when its destination is known,
 *   - flooded to every other up port when it is unknown unicast,
 *     broadcast or multicast (the last two also go up to the host),
 * as the ports' flags allow (flood, mcast_flood, bcast_flood, hairpin,
 * isolated).
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rculist.h>
#include <linux/skbuff.h>

#include "device.h"
#include "fdb.h"
#include "fdb_datapath.h"
#include "forward.h"
#include "guard.h"
#include "neigh.h"
#include "port.h"

/* What becomes of a frame, by its destination. */
enum verdict {
	VERDICT_DELIVER_UP,
	/* One of the host's secondary addresses (host_addrs.c), unknown to
	 * the FDB: up only, where its device (a macvlan) takes it.
	 */
	VERDICT_HOST_ADDR,
	VERDICT_FORWARD,
	VERDICT_FLOOD,
};

/* Whether @dest is in @host, the host's secondary unicast addresses. */
static bool host_listed(const struct lbridge_host_addrs *host, const u8 *dest)
{
	unsigned int i;

	/* Most bridges have none. */
	if (likely(!host))
		return false;
	for (i = 0; i < host->count; i++)
		if (ether_addr_equal(host->addrs[i], dest))
			return true;
	return false;
}

/*
 * Where a frame from @from (NULL: the host) for @dest goes; *@to is set for
 * VERDICT_FORWARD. The FDB comes first: a MAC behind a port is that port's,
 * listed or not.
 */
static enum verdict decide_rcu(struct lbridge *br, struct lbridge_port *from,
			       const u8 *dest,
			       const struct lbridge_host_addrs *host,
			       struct lbridge_port **to)
{
	struct lbridge_fdb_entry *entry;

	if (is_multicast_ether_addr(dest))
		return VERDICT_FLOOD;
	entry = lbridge_fdb_find_dest_rcu(br, from, dest);
	if (!entry)
		return host_listed(host, dest) ? VERDICT_HOST_ADDR : VERDICT_FLOOD;
	if (READ_ONCE(entry->state) == LBRIDGE_FDB_STATE_LOCAL)
		return VERDICT_DELIVER_UP;
	*to = READ_ONCE(entry->port);
	return VERDICT_FORWARD;
}

/*
 * Whether a frame that came in on @from (NULL: from the host) may go out
 * of @to, by their flags: never back out of its ingress unless that port
 * is in hairpin mode, never from one isolated port to another. The host
 * is not isolated. A frame a flag keeps from a port is no drop.
 */
static bool flags_allow(const struct lbridge_port *to, u64 from_seq,
			bool from_isolated)
{
	if (to->seq == from_seq && !READ_ONCE(to->hairpin))
		return false;
	return !(from_isolated && READ_ONCE(to->isolated));
}

/* A frame out of @to, of @len bytes; @flooded: a copy of a flood. */
static void count_tx(struct lbridge_port *to, unsigned int len, bool flooded)
{
	struct lbridge_port_stats *stats = this_cpu_ptr(to->stats);

	u64_stats_update_begin(&stats->syncp);
	u64_stats_inc(&stats->counter[LBRIDGE_PORT_STAT_TX_PACKETS]);
	u64_stats_add(&stats->counter[LBRIDGE_PORT_STAT_TX_BYTES], len);
	if (flooded)
		u64_stats_inc(&stats->counter[LBRIDGE_PORT_STAT_FLOODED]);
	u64_stats_update_end(&stats->syncp);
}

/*
 * Whether @skb may go out of @dev: is_skb_forwardable(), and the segments
 * of a GSO frame fit too (it passes is_skb_forwardable() whatever its
 * size). A frame that is not GSO and fits, most frames, is answered here
 * without a call.
 */
static bool fits_port(const struct net_device *dev, const struct sk_buff *skb)
{
	unsigned int len = dev->mtu + dev->hard_header_len + VLAN_HLEN;

	if (likely((dev->flags & IFF_UP) && skb->len <= len && !skb_is_gso(skb)))
		return true;
	return is_skb_forwardable(dev, skb) &&
	       (!skb_is_gso(skb) || skb_gso_validate_mac_len(skb, len));
}

/*
 * @skb->data is at the network header, the Ethernet header just before.
 * @forwarded: it came in on a port, not from the host.
 */
static void send_to_port(struct lbridge_port *to, struct sk_buff *skb,
			 bool forwarded, bool flooded)
{
	/* The Ethernet header is still in front: eth_type_trans() or
	 * lbridge_xmit_from_host_rcu() pulled it.
	 */
	DEBUG_NET_WARN_ON_ONCE(skb_headroom(skb) < ETH_HLEN);
	__skb_push(skb, ETH_HLEN);
	if (unlikely(!fits_port(to->dev, skb))) {
		lbridge_port_count(to, LBRIDGE_PORT_STAT_DROP_MTU, 1);
		kfree_skb(skb);
		return;
	}
	if (forwarded) {
		/* The checksum was for the ingress, departure time for a socket. */
		skb_forward_csum(skb);
		skb_clear_tstamp(skb);
	}
	skb->dev = to->dev;
	count_tx(to, skb->len, flooded);
	dev_queue_xmit(skb);
}

static void send_copy(struct lbridge_port *to, struct sk_buff *skb,
		      bool forwarded, bool flooded)
{
	struct sk_buff *copy = skb_clone(skb, GFP_ATOMIC);

	if (!copy) {
		lbridge_port_count(to, LBRIDGE_PORT_STAT_DROP_NOMEM, 1);
		return;
	}
	send_to_port(to, copy, forwarded, flooded);
}

/* Up through the bridge device: the core runs its protocols for @skb. */
static rx_handler_result_t deliver_up(struct lbridge *br, struct sk_buff *skb)
{
	skb->dev = br->dev;
	dev_sw_netstats_rx_add(br->dev, skb->len);
	return RX_HANDLER_ANOTHER;
}

/* ------------------------------------------------------------------ */
/* Flooding.                                                            */

/*
 * Every copy of a flood sent to a veth waits in this CPU's backlog
 * (netdev_max_backlog frames, 1000 by default) until the peer's stack
 * takes it, and what does not fit is dropped: in one go, a flood to more
 * ports than that would never reach the last ones. So a flood fills the
 * backlog up to half its size at most, and the bridge's NAPI sends the
 * rest as the backlog drains, in the order ports joined.
 */
static unsigned int flood_room(void)
{
	struct softnet_data *sd = this_cpu_ptr(&softnet_data);
	int room = READ_ONCE(netdev_max_backlog) / 2 -
		   (int)skb_queue_len_lockless(&sd->input_pkt_queue);

	return max(room, 0);
}

/* Which of a port's flags lets a flood out of it. */
enum flood_kind {
	FLOOD_UNKNOWN_UNICAST,
	FLOOD_MULTICAST,
	FLOOD_BROADCAST,
};

/* What a flood remembers of its ingress, also while it waits on the queue. */
struct flood_cb {
	/* The port it came in on, 0 for the host. */
	u64 from_seq;
	/* The first port it has not been sent to. */
	u64 next_seq;
	/* The ingress port was isolated when the frame came in. */
	bool from_isolated;
	/* Not back out of the ingress even in hairpin mode: the bridge's
	 * own frame about what is behind it (lbridge_flood_for_port_rcu).
	 */
	bool not_to_ingress;
	u8 kind;
};

static struct flood_cb *flood_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct flood_cb) > sizeof(skb->cb));
	return (struct flood_cb *)skb->cb;
}

/*
 * The host's own broadcast and multicast (ARP requests, neighbour
 * solicitations) reach every port whatever its mcast_flood and bcast_flood,
 * as with the Linux bridge: else the host could not find its neighbours.
 */
static bool may_flood(const struct lbridge_port *to, const struct flood_cb *fc)
{
	bool from_host = !fc->from_seq;
	bool flag;

	if (fc->not_to_ingress && to->seq == fc->from_seq)
		return false;
	switch (fc->kind) {
	case FLOOD_UNKNOWN_UNICAST:
		flag = READ_ONCE(to->flood);
		break;
	case FLOOD_MULTICAST:
		flag = from_host || READ_ONCE(to->mcast_flood);
		break;
	default:
		flag = from_host || READ_ONCE(to->bcast_flood);
		break;
	}
	return flag && flags_allow(to, fc->from_seq, fc->from_isolated) &&
	       lbridge_port_is_up(to);
}

/*
 * Clones of @skb to the ports from seq @seq on that may have it, at most
 * @room of them. Returns the seq of the first port left over, or 0 when
 * every port was served but the last, which is left in *@last for the
 * caller to give the original to (NULL: there was none).
 */
static u64 flood_ports_rcu(struct lbridge *br, struct sk_buff *skb,
			   const struct flood_cb *fc, u64 seq,
			   unsigned int room, struct lbridge_port **last)
{
	struct lbridge_port *port, *prev = NULL;

	list_for_each_entry_rcu(port, &br->ports, list) {
		if (port->seq < seq || !may_flood(port, fc))
			continue;
		if (prev) {
			if (!room)
				return prev->seq;
			room--;
			send_copy(prev, skb, fc->from_seq != 0, true);
		}
		prev = port;
	}
	*last = prev;
	return 0;
}

/* The rest of a flood, from the port with seq @next on, goes later. */
static void flood_defer(struct lbridge *br, struct sk_buff *skb,
			struct lbridge_port *from, const struct flood_cb *fc,
			u64 next)
{
	if (unlikely(!skb)) {
		if (from)
			lbridge_port_count(from, LBRIDGE_PORT_STAT_DROP_NOMEM, 1);
		return;
	}
	if (skb_queue_len_lockless(&br->flood_queue) >= LBRIDGE_FLOOD_QUEUE_MAX) {
		if (from)
			lbridge_port_count(from, LBRIDGE_PORT_STAT_DROP_FLOOD_BACKLOG, 1);
		else
			dev_core_stats_tx_dropped_inc(br->dev);
		kfree_skb(skb);
		return;
	}
	*flood_cb(skb) = *fc;
	flood_cb(skb)->next_seq = next;
	/* The ingress device may go while the frame waits: hold no pointer. */
	skb->dev = br->dev;
	skb_queue_tail(&br->flood_queue, skb);
	napi_schedule(&br->flood_napi);
}

static void flood_cb_init(struct flood_cb *fc, const struct sk_buff *skb,
			  const struct lbridge_port *from)
{
	const u8 *dest = eth_hdr(skb)->h_dest;

	*fc = (struct flood_cb){
		.from_seq = from ? from->seq : 0,
		.from_isolated = from && READ_ONCE(from->isolated),
		.kind = is_broadcast_ether_addr(dest) ? FLOOD_BROADCAST :
			is_multicast_ether_addr(dest) ? FLOOD_MULTICAST :
			FLOOD_UNKNOWN_UNICAST,
	};
}

/*
 * N-1 clones and the original to the last port; when the host also gets
 * the frame (@up), it takes the original and every port a clone.
 */
static rx_handler_result_t flood_as(struct lbridge *br, struct sk_buff *skb,
				    struct lbridge_port *from,
				    const struct flood_cb *fc, bool up)
{
	struct lbridge_port *last;
	unsigned int room;
	u64 next;

	/* Behind floods already waiting, so that no port gets them out of order. */
	room = skb_queue_empty_lockless(&br->flood_queue) ? flood_room() : 0;
	next = flood_ports_rcu(br, skb, fc, 0, room, &last);
	if (next) {
		flood_defer(br, up ? skb_clone(skb, GFP_ATOMIC) : skb, from, fc, next);
		return up ? deliver_up(br, skb) : RX_HANDLER_CONSUMED;
	}
	if (up) {
		if (last)
			send_copy(last, skb, !!from, true);
		return deliver_up(br, skb);
	}
	if (last)
		send_to_port(last, skb, !!from, true);
	else
		consume_skb(skb);
	return RX_HANDLER_CONSUMED;
}

/*
 * Out of line: its flood_cb on the stack would cost forward(), which
 * known unicast runs too, a stack canary.
 */
static noinline rx_handler_result_t flood(struct lbridge *br,
					  struct sk_buff *skb,
					  struct lbridge_port *from, bool up)
{
	struct flood_cb fc;

	flood_cb_init(&fc, skb, from);
	return flood_as(br, skb, from, &fc, up);
}

/* The bridge's NAPI: finishes queued floods as the backlog has room. */
int lbridge_flood_poll(struct napi_struct *napi, int budget)
{
	struct lbridge *br = container_of(napi, struct lbridge, flood_napi);
	struct lbridge_port *last;
	struct sk_buff *skb;
	int done = 0;
	u64 next;

	rcu_read_lock();
	while (done < budget && (skb = skb_dequeue(&br->flood_queue))) {
		/* At least one copy a poll, or a backlog that never drains
		 * (netdev_max_backlog 1) would have us poll forever.
		 */
		next = flood_ports_rcu(br, skb, flood_cb(skb),
				       flood_cb(skb)->next_seq,
				       max(flood_room(), 1U), &last);
		if (next) {
			/* Still no room: poll again once the backlog has run. */
			flood_cb(skb)->next_seq = next;
			skb_queue_head(&br->flood_queue, skb);
			done = budget;
			break;
		}
		if (last)
			send_to_port(last, skb, flood_cb(skb)->from_seq != 0, true);
		else
			consume_skb(skb);
		done++;
	}
	rcu_read_unlock();

	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

/* ------------------------------------------------------------------ */
/* Forwarding.                                                          */

/*
 * @from is the ingress port, NULL for frames the host sends. Frames from
 * the host never go back up to it.
 */
static rx_handler_result_t forward(struct lbridge *br, struct sk_buff *skb,
				   struct lbridge_port *from)
{
	const struct lbridge_host_addrs *host = rcu_dereference(br->host_addrs);
	const u8 *dest = eth_hdr(skb)->h_dest;
	/* A promiscuous bridge device (tcpdump on lb0) sees every frame, and
	 * so does one with more secondary addresses than it filters.
	 */
	bool promisc = from && ((br->dev->flags & IFF_PROMISC) ||
				(unlikely(host) && host->overflow));
	struct lbridge_port *to = NULL;
	bool up;

	switch (decide_rcu(br, from, dest, host, &to)) {
	case VERDICT_DELIVER_UP:
		if (!from)
			break;
		skb->pkt_type = PACKET_HOST;
		return deliver_up(br, skb);
	case VERDICT_HOST_ADDR:
		/* Not lb0's own MAC: the upper device that listed it sets
		 * pkt_type, and lb0's own stack leaves the frame alone.
		 */
		if (!from)
			break;
		return deliver_up(br, skb);
	case VERDICT_FORWARD:
		if (!flags_allow(to, from ? from->seq : 0,
				 from && READ_ONCE(from->isolated)))
			break;
		if (!lbridge_port_is_up(to)) {
			lbridge_port_count(to, LBRIDGE_PORT_STAT_DROP_DOWN, 1);
			kfree_skb(skb);
			return RX_HANDLER_CONSUMED;
		}
		/* A container that took a listed MAC (a macvlan's) does not
		 * take it from the host, which gets its copy as well.
		 */
		up = promisc || (from && host_listed(host, dest));
		if (up)
			/* Known unicast: one port's copy, no flood. */
			send_copy(to, skb, true, false);
		else
			send_to_port(to, skb, !!from, false);
		return up ? deliver_up(br, skb) : RX_HANDLER_CONSUMED;
	case VERDICT_FLOOD:
		return flood(br, skb, from,
			     from && (is_multicast_ether_addr(dest) || promisc));
	}
	consume_skb(skb);
	return RX_HANDLER_CONSUMED;
}

static rx_handler_result_t drop(struct lbridge_port *port, struct sk_buff *skb,
				enum lbridge_port_stat reason)
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
	u8 guards;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	port = lbridge_port_get_rcu(skb->dev);
	br = port->br;

	/* Zero or multicast sources are never learned, and never passed on. */
	if (unlikely(!is_valid_ether_addr(eth->h_source)))
		return drop(port, skb, LBRIDGE_PORT_STAT_DROP_INVALID_SOURCE);

	/*
	 * Checked before anything is learned from it, a spoofed frame moves
	 * no FDB entry and makes no binding; and before the link-local
	 * groups, whose frames go up the port's own stack: an RA or a
	 * spoofed packet must not reach the host that way either.
	 */
	guards = smp_load_acquire(&port->guards);
	if (unlikely(guards) && !lbridge_guard_frame_rcu(br, port, skb, guards))
		return RX_HANDLER_CONSUMED;

	/* 802.1D reserved groups (STP, LACP, LLDP) are never forwarded. */
	if (unlikely(is_link_local_ether_addr(eth->h_dest))) {
		/* Pause frames are for the NIC alone. */
		if (eth->h_dest[5] == 0x01)
			return drop(port, skb, LBRIDGE_PORT_STAT_DROP_LINK_LOCAL);
		lbridge_port_count(port, LBRIDGE_PORT_STAT_LINK_LOCAL_UP, 1);
		return RX_HANDLER_PASS;
	}

	if (unlikely(!netif_running(br->dev)))
		return drop(port, skb, LBRIDGE_PORT_STAT_DROP_DOWN);

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		lbridge_port_count(port, LBRIDGE_PORT_STAT_DROP_NOMEM, 1);
		return RX_HANDLER_CONSUMED;
	}
	*pskb = skb;

	lbridge_port_count_frame(port, LBRIDGE_PORT_STAT_RX_PACKETS,
				 LBRIDGE_PORT_STAT_RX_BYTES, skb->len + ETH_HLEN);
	lbridge_fdb_learn_rcu(br, port, eth_hdr(skb)->h_source);
	/* An ARP request or NS the bridge answered goes no further. */
	if (lbridge_neigh_snoop_rcu(br, port, skb))
		return RX_HANDLER_CONSUMED;
	return forward(br, skb, port);
}

/*
 * A frame the bridge makes on behalf of @from, for what lives behind it (a
 * gratuitous ARP when a binding moves): flooded as if it came in on @from,
 * by the same rules but never back out of @from, and a copy up to the
 * host. @skb->data at the network header, eth_type_trans() done. Softirq
 * or BHs off, under RCU.
 */
void lbridge_flood_for_port_rcu(struct lbridge *br, struct lbridge_port *from,
				struct sk_buff *skb)
{
	struct flood_cb fc;

	flood_cb_init(&fc, skb, from);
	fc.not_to_ingress = true;
	/*
	 * Up through the backlog, not up the stack from here: the caller may
	 * be in the middle of a frame from @from, holding locks, and what the
	 * host answers would come back through the bridge.
	 */
	if (flood_as(br, skb, from, &fc, true) == RX_HANDLER_ANOTHER)
		netif_rx(skb);
}

/* The host sends through the bridge: @skb->data at its Ethernet header. */
void lbridge_xmit_from_host_rcu(struct lbridge *br, struct sk_buff *skb)
{
	skb_reset_mac_header(skb);
	skb_pull(skb, ETH_HLEN);
	lbridge_neigh_snoop_host_rcu(br, skb);
	forward(br, skb, NULL);
}

#if IS_ENABLED(CONFIG_LBRIDGE_KUNIT_TEST)
#include "forward_test.c"
#endif
