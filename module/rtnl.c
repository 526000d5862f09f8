// SPDX-License-Identifier: GPL-2.0
/*
 * The FDB in rtnetlink's words: `bridge fdb show|add|del` and `bridge
 * monitor fdb` (RTM_GETNEIGH/NEWNEIGH/DELNEIGH, family AF_BRIDGE), with
 * the messages the Linux bridge sends (net/bridge/br_fdb.c).
 *
 * How requests reach us (net/core/rtnetlink.c, 6.1): the core hands a
 * port's requests to its master only if the port carries IFF_BRIDGE_PORT,
 * which lbridge's ports never do. So everything comes through the bridge
 * device itself, as `self`:
 *   - a dump calls lb0's ndo_fdb_dump once, dev lb0, filter_dev NULL: we
 *     list every entry there, each once, `MAC dev PORT master lb0`;
 *   - `bridge fdb add MAC dev lb0 self static via PORT` adds a static entry
 *     behind PORT (NDA_IFINDEX names it, as for VXLAN's `via`), and
 *     `... dev lb0 self local` a MAC for the host;
 *   - `bridge fdb add MAC dev PORT master` never reaches us: the core
 *     answers "Operation not supported" itself.
 */
#include <linux/etherdevice.h>
#include <linux/if_bridge.h>
#include <linux/jiffies.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>

#include "device.h"
#include "fdb.h"
#include "port.h"
#include "rtnl.h"

/*
 * Local entries the host may add (`self local`), beyond its devices' own
 * MACs: each is a little kernel memory that never ages.
 */
#define LBRIDGE_MAX_HOST_LOCAL	256

/* A flush tells at most this many deletions one by one. */
#define FLUSH_TOLD_MAX		1024

/* What every message holds, exactly: fill_entry puts these. */
static size_t fdb_msg_size(void)
{
	return NLMSG_ALIGN(sizeof(struct ndmsg)) +
	       nla_total_size(ETH_ALEN) +			/* NDA_LLADDR */
	       nla_total_size(sizeof(u32)) +			/* NDA_MASTER */
	       nla_total_size(sizeof(struct nda_cacheinfo));	/* NDA_CACHEINFO */
}

static u16 state_to_nud(u8 state)
{
	switch (state) {
	case LBRIDGE_FDB_STATE_LOCAL:
		return NUD_PERMANENT;
	case LBRIDGE_FDB_STATE_STATIC:
		return NUD_NOARP;
	default:
		return NUD_REACHABLE;
	}
}

/* An entry as the Linux bridge's fdb_fill_info describes one. */
static int fill_entry(struct sk_buff *skb, const struct lbridge *br,
		      const struct lbridge_port *port,
		      const struct lbridge_fdb_key *key, u16 nud, u32 age,
		      u32 portid, u32 seq, int type, u16 flags)
{
	struct nda_cacheinfo ci = {};
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	nlh = nlmsg_put(skb, portid, seq, type, sizeof(*ndm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ndm = nlmsg_data(nlh);
	memset(ndm, 0, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	/* The bridge's own entries are on the bridge. */
	ndm->ndm_ifindex = port ? port->dev->ifindex : br->dev->ifindex;
	ndm->ndm_state = nud;

	ci.ndm_used = jiffies_to_clock_t((unsigned long)age * HZ);
	ci.ndm_updated = ci.ndm_used;
	if (nla_put(skb, NDA_LLADDR, ETH_ALEN, key->addr) ||
	    nla_put_u32(skb, NDA_MASTER, br->dev->ifindex) ||
	    nla_put(skb, NDA_CACHEINFO, sizeof(ci), &ci)) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

/* An entry as it is now; under RCU. */
static int fill_table_entry(struct sk_buff *skb, const struct lbridge *br,
			    const struct lbridge_fdb_entry *entry, u32 portid,
			    u32 seq, u16 flags)
{
	s32 age = (s32)(lbridge_fdb_now() - READ_ONCE(entry->updated));
	unsigned int ageing = READ_ONCE(br->fdb.ageing_secs);
	u16 nud = state_to_nud(entry->state);

	age = max(age, 0);
	/* Learned and due to go at the next ageing run. */
	if (entry->state == LBRIDGE_FDB_STATE_LEARNED && ageing && age >= ageing)
		nud = NUD_STALE;
	return fill_entry(skb, br, READ_ONCE(entry->port), &entry->key, nud,
			  age, portid, seq, RTM_NEWNEIGH, flags);
}

/* ------------------------------------------------------------------ */
/* Dumps.                                                               */

/*
 * Where a dump stopped, in cb->ctx after the three longs rtnl_fdb_dump
 * keeps there (cb->args[0..2], which ctx overlays). The core resumes by
 * count: *idx counts entries, and the next call is to skip the first
 * cb->args[2]. Counting 100k entries again for every message would be
 * quadratic, so the place is also kept as a key (never a pointer): when the
 * entry is still there, the walk resumes at it and the count is taken as
 * read. When it has gone, or the table was resized (its order is then
 * another), we fall back to the count, which may repeat or
 * miss an entry, and flag those messages NLM_F_DUMP_INTR. The ifindex
 * ties the key to the bridge it came from: a dump of all the namespace
 * visits several bridges with the same cb.
 */
struct dump_ctx {
	long core_args[3];
	int ifindex;
	struct lbridge_fdb_cursor cursor;
};

static_assert(sizeof(struct dump_ctx) <= sizeof_field(struct netlink_callback, ctx));

/*
 * Runs under RTNL (netlink dumps of rtnetlink take it) and RCU; each call
 * fills one message buffer, so a table of any size never holds RTNL for
 * long: the walk resumes at its key in O(1).
 */
int lbridge_rtnl_fdb_dump(struct sk_buff *skb, struct netlink_callback *cb,
			  struct net_device *dev, struct net_device *filter_dev,
			  int *idx)
{
	struct dump_ctx *ctx = (struct dump_ctx *)cb->ctx;
	u32 portid = NETLINK_CB(cb->skb).portid;
	u32 seq = cb->nlh->nlmsg_seq;
	struct lbridge *br = netdev_priv(dev);
	struct lbridge_fdb_cursor head = {}, *cursor = &head;
	struct lbridge_fdb_entry *entry;
	u16 flags = NLM_F_MULTI;
	unsigned int restarts = 0;
	long skip;
	int start;
	int err;

	/* Only ever called for the bridge itself, filter_dev NULL. */
	if (!lbridge_is_bridge(dev) || filter_dev)
		return 0;
	/* The host's own unicast and multicast lists, `self permanent`,
	 * as for the Linux bridge.
	 */
	err = ndo_dflt_fdb_dump(skb, cb, dev, NULL, idx);
	if (err)
		return err;

	skip = cb->args[2];
	start = *idx;
	rcu_read_lock();
	entry = NULL;
	if (skip > *idx && ctx->ifindex == dev->ifindex && ctx->cursor.resume) {
		entry = lbridge_fdb_walk_rcu(br, &ctx->cursor);
		if (IS_ERR(entry)) {
			/* The place is lost: count, and say so. */
			entry = NULL;
			flags |= NLM_F_DUMP_INTR;
		} else if (entry) {
			*idx = skip;
			cursor = &ctx->cursor;
		}
	}
	if (!entry)
		entry = lbridge_fdb_walk_rcu(br, cursor);
	while (entry) {
		if (IS_ERR(entry)) {
			/* The table was resized under the walk, and its order
			 * is another: count again from its head, and say so.
			 * Not for ever: while a resize is under way the head
			 * is the old table's, whose end finds the new one
			 * again, and RTNL is held here. What the dump lacks
			 * then, it says it may lack.
			 */
			flags |= NLM_F_DUMP_INTR;
			if (++restarts > LBRIDGE_FDB_DUMP_RESTARTS) {
				/* The NLMSG_DONE that ends the dump carries
				 * the flag (nl_dump_check_consistent).
				 */
				cb->prev_seq = cb->prev_seq ?: 1;
				cb->seq = cb->prev_seq + 1;
				break;
			}
			skip = max_t(long, skip, *idx);
			*idx = start;
			head = (struct lbridge_fdb_cursor){};
			cursor = &head;
			entry = lbridge_fdb_walk_rcu(br, cursor);
			continue;
		}
		if (*idx >= skip) {
			err = fill_table_entry(skb, br, entry, portid, seq, flags);
			if (err) {
				ctx->ifindex = dev->ifindex;
				ctx->cursor = *cursor;
				lbridge_fdb_cursor_stop_at(&ctx->cursor, entry);
				break;
			}
		}
		(*idx)++;
		entry = lbridge_fdb_walk_next_rcu(br, cursor, entry);
	}
	rcu_read_unlock();
	return err;
}

/* `bridge fdb get MAC br lb0` and `... dev lb0 self`. */
int lbridge_rtnl_fdb_get(struct sk_buff *skb, struct nlattr *tb[],
			 struct net_device *dev, const unsigned char *addr,
			 u16 vid, u32 portid, u32 seq,
			 struct netlink_ext_ack *extack)
{
	struct lbridge *br = netdev_priv(dev);
	struct lbridge_fdb_entry *entry;
	struct lbridge_fdb_key key;
	int err;

	if (!lbridge_is_bridge(dev))
		return -EOPNOTSUPP;
	if (vid) {
		NL_SET_ERR_MSG(extack,
			       "lbridge does not support \"vlan\": it has no VLAN filtering");
		return -EOPNOTSUPP;
	}
	lbridge_fdb_key_init(&key, addr);
	rcu_read_lock();
	entry = lbridge_fdb_lookup_rcu(br, &key);
	if (entry) {
		err = fill_table_entry(skb, br, entry, portid, seq, 0);
	} else {
		NL_SET_ERR_MSG(extack, "MAC address not found");
		err = -ENOENT;
	}
	rcu_read_unlock();
	return err;
}

/* ------------------------------------------------------------------ */
/* Adding and deleting: `bridge fdb add|del MAC dev lb0 self ...`.      */

static const struct {
	u8 flag;
	const char *msg;
} unsupported_flags[] = {
	{ NTF_USE,	   "lbridge does not support \"use\" (NTF_USE)" },
	{ NTF_PROXY,	   "lbridge does not support proxy entries (NTF_PROXY)" },
	{ NTF_EXT_LEARNED, "lbridge does not support \"extern_learn\" (NTF_EXT_LEARNED)" },
	{ NTF_OFFLOADED,   "lbridge does not support \"offload\" (NTF_OFFLOADED)" },
	{ NTF_STICKY,	   "lbridge does not support \"sticky\" (NTF_STICKY)" },
	{ NTF_ROUTER,	   "lbridge does not support \"router\" (NTF_ROUTER)" },
};

static const char * const unsupported_attrs[NDA_MAX + 1] = {
	[NDA_DST]		= "lbridge does not support \"dst\": it is not a VXLAN device",
	[NDA_PORT]		= "lbridge does not support \"port\": it is not a VXLAN device",
	[NDA_VNI]		= "lbridge does not support \"vni\": it is not a VXLAN device",
	[NDA_SRC_VNI]		= "lbridge does not support \"src_vni\": it is not a VXLAN device",
	[NDA_NH_ID]		= "lbridge does not support \"nhid\"",
	[NDA_FDB_EXT_ATTRS]	= "lbridge does not support activity notification",
	[NDA_FLAGS_EXT]		= "lbridge does not support extended flags (\"locked\")",
};

/* NL_SET_ERR_MSG_ATTR for a message from a table: it wants a literal. */
static void set_err_msg(struct netlink_ext_ack *extack,
			const struct nlattr *attr, const char *msg)
{
	if (extack) {
		extack->_msg = msg;
		extack->bad_attr = attr;
	}
}

/*
 * What both requests may carry: the MAC (checked by the core), VLAN 0 and
 * a port (NDA_IFINDEX, `via PORT`), flags NTF_SELF (and NTF_MASTER, which
 * the core has cleared when it got this far). Anything else is refused
 * by name: a request half understood is never half applied.
 */
static int check_request(const struct ndmsg *ndm, struct nlattr *tb[],
			 u16 vid, struct netlink_ext_ack *extack)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(unsupported_flags); i++) {
		if (ndm->ndm_flags & unsupported_flags[i].flag) {
			set_err_msg(extack, NULL, unsupported_flags[i].msg);
			return -EOPNOTSUPP;
		}
	}
	if (ndm->ndm_flags & ~(NTF_SELF | NTF_MASTER)) {
		NL_SET_ERR_MSG(extack, "lbridge does not support these FDB flags");
		return -EOPNOTSUPP;
	}
	if (vid) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NDA_VLAN],
				    "lbridge does not support \"vlan\": it has no VLAN filtering");
		return -EOPNOTSUPP;
	}
	for (i = 0; i <= NDA_MAX; i++) {
		if (!tb[i] || i == NDA_LLADDR || i == NDA_IFINDEX || i == NDA_VLAN)
			continue;
		set_err_msg(extack, tb[i], unsupported_attrs[i] ?:
			    "lbridge does not support this FDB attribute");
		return -EOPNOTSUPP;
	}
	return 0;
}

/*
 * The port named by NDA_IFINDEX (`via PORT`): NULL without one, an
 * ERR_PTR with a message when it is not a port of @br.
 */
static struct lbridge_port *request_port(struct lbridge *br, struct nlattr *tb[],
					 struct netlink_ext_ack *extack)
{
	struct lbridge_port *port;
	struct net_device *dev;

	if (!tb[NDA_IFINDEX])
		return NULL;
	if (nla_len(tb[NDA_IFINDEX]) != sizeof(u32)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NDA_IFINDEX], "\"via\" must be a u32 ifindex");
		return ERR_PTR(-EINVAL);
	}
	dev = __dev_get_by_index(dev_net(br->dev), nla_get_u32(tb[NDA_IFINDEX]));
	port = dev ? lbridge_port_get_rtnl(dev) : NULL;
	if (!port || port->br != br) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NDA_IFINDEX],
				    "\"via\" must name a port of this bridge");
		return ERR_PTR(-EINVAL);
	}
	return port;
}

static unsigned int local_count(struct lbridge *br)
{
	struct lbridge_fdb *fdb = &br->fdb;
	unsigned int n;

	/* The three counts of one moment: learning changes two of them. */
	spin_lock_bh(&fdb->lock);
	n = fdb->count - fdb->learned_count - fdb->static_count;
	spin_unlock_bh(&fdb->lock);
	return n;
}

/* A MAC for the host: delivered up like the bridge's own. Under RTNL. */
static int add_host_local(struct lbridge *br, const struct lbridge_fdb_key *key,
			  struct netlink_ext_ack *extack)
{
	struct lbridge_fdb_entry *entry;
	bool taken;
	int err;

	rcu_read_lock();
	entry = lbridge_fdb_lookup_rcu(br, key);
	taken = entry && READ_ONCE(entry->state) != LBRIDGE_FDB_STATE_LEARNED;
	rcu_read_unlock();
	/* Static and local entries change only under RTNL, which we hold. */
	if (taken) {
		NL_SET_ERR_MSG(extack, "MAC address already has a static or local entry");
		return -EEXIST;
	}
	if (local_count(br) >= br->port_count + 1 + LBRIDGE_MAX_HOST_LOCAL) {
		NL_SET_ERR_MSG(extack, "Too many local entries on this bridge");
		return -ENOSPC;
	}
	err = lbridge_fdb_add_local(br, NULL, key->addr);
	if (err)
		NL_SET_ERR_MSG(extack, "Could not add the local entry");
	return err;
}

int lbridge_rtnl_fdb_add(struct ndmsg *ndm, struct nlattr *tb[],
			 struct net_device *dev, const unsigned char *addr,
			 u16 vid, u16 flags, struct netlink_ext_ack *extack)
{
	struct lbridge *br = netdev_priv(dev);
	struct lbridge_fdb_key key;
	struct lbridge_port *port;
	int err;

	ASSERT_RTNL();
	if (!lbridge_is_bridge(dev))
		return -EOPNOTSUPP;
	err = check_request(ndm, tb, vid, extack);
	if (err)
		return err;
	if (flags & (NLM_F_REPLACE | NLM_F_APPEND)) {
		NL_SET_ERR_MSG(extack,
			       "lbridge does not support \"replace\" or \"append\": delete the entry, then add it");
		return -EOPNOTSUPP;
	}
	if (!is_valid_ether_addr(addr)) {
		NL_SET_ERR_MSG(extack, "MAC address is not valid unicast");
		return -EINVAL;
	}
	port = request_port(br, tb, extack);
	if (IS_ERR(port))
		return PTR_ERR(port);
	lbridge_fdb_key_init(&key, addr);

	/* iproute2: `local`/`permanent` and no state at all set
	 * NUD_PERMANENT, `static` NUD_NOARP, `dynamic` NUD_REACHABLE alone.
	 */
	if (ndm->ndm_state & NUD_PERMANENT) {
		if (port) {
			NL_SET_ERR_MSG(extack,
				       "A local entry is the host's: it takes no \"via\"");
			return -EINVAL;
		}
		return add_host_local(br, &key, extack);
	}
	if (!(ndm->ndm_state & NUD_NOARP)) {
		NL_SET_ERR_MSG(extack,
			       "lbridge learns dynamic entries from traffic: add \"static\" or \"local\" ones");
		return -EOPNOTSUPP;
	}
	if (!port) {
		NL_SET_ERR_MSG(extack, "A static entry needs its port: \"via PORT\"");
		return -EINVAL;
	}
	err = lbridge_fdb_add_static(br, port, &key);
	if (err == -EEXIST)
		NL_SET_ERR_MSG(extack, "MAC address already has a static or local entry");
	else if (err == -ENOSPC)
		NL_SET_ERR_MSG(extack, "Too many static entries: the bridge is at max_static");
	return err;
}

int lbridge_rtnl_fdb_del(struct ndmsg *ndm, struct nlattr *tb[],
			 struct net_device *dev, const unsigned char *addr,
			 u16 vid, struct netlink_ext_ack *extack)
{
	struct lbridge *br = netdev_priv(dev);
	struct lbridge_fdb_entry *entry;
	struct lbridge_port *port, *owner = NULL;
	struct lbridge_fdb_key key;
	bool local = false;
	int err;

	ASSERT_RTNL();
	if (!lbridge_is_bridge(dev))
		return -EOPNOTSUPP;
	err = check_request(ndm, tb, vid, extack);
	if (err)
		return err;
	port = request_port(br, tb, extack);
	if (IS_ERR(port))
		return PTR_ERR(port);
	lbridge_fdb_key_init(&key, addr);

	rcu_read_lock();
	entry = lbridge_fdb_lookup_rcu(br, &key);
	if (entry && READ_ONCE(entry->state) == LBRIDGE_FDB_STATE_LOCAL) {
		local = true;
		owner = READ_ONCE(entry->port);
	}
	rcu_read_unlock();

	if (local) {
		/* Local entries change only under RTNL: this one stays. */
		if (owner || ether_addr_equal(addr, dev->dev_addr)) {
			NL_SET_ERR_MSG(extack,
				       "The MAC of the bridge or of a port: it goes with its device");
			return -EINVAL;
		}
		if (port) {
			NL_SET_ERR_MSG(extack, "No such entry on this port");
			return -ENOENT;
		}
		lbridge_fdb_del_local(br, NULL, addr);
		return 0;
	}
	err = lbridge_fdb_del(br, port, &key);
	if (err == -ENOENT)
		set_err_msg(extack, NULL, port ? "No such entry on this port" : "No such entry");
	else if (err == -EINVAL)
		NL_SET_ERR_MSG(extack, "Local entries cannot be deleted");
	return err;
}

/* ------------------------------------------------------------------ */
/* Notifications: RTNLGRP_NEIGH, any context.                           */

bool lbridge_rtnl_fdb_listened(const struct lbridge *br)
{
	return rtnl_has_listeners(dev_net(br->dev), RTNLGRP_NEIGH);
}

static void send_entry(struct lbridge *br, struct lbridge_port *port,
		       const struct lbridge_fdb_key *key, int type, u16 nud)
{
	struct net *net = dev_net(br->dev);
	struct sk_buff *skb;
	int err = -ENOBUFS;

	skb = nlmsg_new(fdb_msg_size(), GFP_ATOMIC);
	if (!skb)
		goto errout;
	err = fill_entry(skb, br, port, key, nud, 0, 0, 0, type, 0);
	if (err) {
		/* fdb_msg_size() is wrong. */
		WARN_ON_ONCE(err == -EMSGSIZE);
		kfree_skb(skb);
		goto errout;
	}
	rtnl_notify(skb, net, 0, RTNLGRP_NEIGH, NULL, GFP_ATOMIC);
	return;
errout:
	rtnl_set_sk_err(net, RTNLGRP_NEIGH, err);
}

void lbridge_rtnl_fdb_notify(struct lbridge *br,
			     const struct lbridge_fdb_change *change)
{
	if (!lbridge_rtnl_fdb_listened(br))
		return;
	switch (change->event) {
	case LBRIDGE_FDB_EVENT_LEARN:
	case LBRIDGE_FDB_EVENT_MOVE:
	case LBRIDGE_FDB_EVENT_ADD:
		send_entry(br, change->port, &change->key, RTM_NEWNEIGH,
			   state_to_nud(change->state));
		break;
	case LBRIDGE_FDB_EVENT_AGE:
		/* What the Linux bridge says of an entry that expired. */
		send_entry(br, change->port, &change->key, RTM_DELNEIGH, NUD_STALE);
		break;
	case LBRIDGE_FDB_EVENT_DELETE:
		send_entry(br, change->port, &change->key, RTM_DELNEIGH,
			   state_to_nud(change->state));
		break;
	default:
		/* A flush is told entry by entry, by lbridge_rtnl_fdb_flushed;
		 * a MAC not learned has no rtnetlink message.
		 */
		break;
	}
}

/*
 * The Linux bridge sends a RTM_DELNEIGH for every entry a flush removes,
 * under its hash lock. We send them with no lock held (the flush takes
 * the FDB lock for one deletion at a time and yields between batches),
 * and only the first FLUSH_TOLD_MAX: a flush of 100k entries would
 * overrun every listener's socket anyway. Past the bound, listeners get
 * ENOBUFS once, netlink's way of saying "events were lost: dump again".
 */
void lbridge_rtnl_fdb_flushed(struct lbridge *br, struct lbridge_port *port,
			      const struct lbridge_fdb_key *key, u8 state,
			      unsigned int *told)
{
	if (*told > FLUSH_TOLD_MAX || !lbridge_rtnl_fdb_listened(br))
		return;
	if ((*told)++ == FLUSH_TOLD_MAX) {
		rtnl_set_sk_err(dev_net(br->dev), RTNLGRP_NEIGH, -ENOBUFS);
		return;
	}
	send_entry(br, port, key, RTM_DELNEIGH, state_to_nud(state));
}

#if IS_ENABLED(CONFIG_LBRIDGE_KUNIT_TEST)
#include "rtnl_test.c"
#endif
