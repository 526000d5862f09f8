// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "lbridge": bridges, ports and the FDB, read by
 * anyone, changed with CAP_NET_ADMIN over the bridge's namespace, and FDB
 * events on a multicast group. uapi/linux/lbridge.h documents each command.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rculist.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "device.h"
#include "fdb.h"
#include "netlink.h"
#include "port.h"

static struct genl_family lbridge_genl_family;
/* KUnit suites run before the module's init: no family to tell yet. */
static bool lbridge_genl_registered;

/* Not const: the 6.1 policy macros take a plain pointer. */
static struct netlink_range_validation ageing_range = {
	.max = LBRIDGE_MAX_AGEING_TIME,
};

static const struct nla_policy bridge_policy[LBRIDGE_BRIDGE_A_MAX + 1] = {
	[LBRIDGE_BRIDGE_A_IFINDEX]	= { .type = NLA_U32 },
	[LBRIDGE_BRIDGE_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[LBRIDGE_BRIDGE_A_ADDRESS]	= { .type = NLA_REJECT },
	[LBRIDGE_BRIDGE_A_AGEING_TIME]	= NLA_POLICY_FULL_RANGE(NLA_U32, &ageing_range),
	[LBRIDGE_BRIDGE_A_LEARNING]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_BRIDGE_A_MAX_LEARNED]	= { .type = NLA_U32 },
	[LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED] = { .type = NLA_U32 },
	[LBRIDGE_BRIDGE_A_MAX_STATIC]	= { .type = NLA_U32 },
	[LBRIDGE_BRIDGE_A_PORT_COUNT]	= { .type = NLA_REJECT },
	[LBRIDGE_BRIDGE_A_FDB_COUNT]	= { .type = NLA_REJECT },
	[LBRIDGE_BRIDGE_A_LEARNED_COUNT] = { .type = NLA_REJECT },
	[LBRIDGE_BRIDGE_A_STATIC_COUNT]	= { .type = NLA_REJECT },
};

static const struct nla_policy port_policy[LBRIDGE_PORT_A_MAX + 1] = {
	[LBRIDGE_PORT_A_IFINDEX]	= { .type = NLA_U32 },
	[LBRIDGE_PORT_A_IFNAME]		= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[LBRIDGE_PORT_A_UP]		= { .type = NLA_REJECT },
	[LBRIDGE_PORT_A_LEARNING]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_PORT_A_LEARNED_COUNT]	= { .type = NLA_REJECT },
	[LBRIDGE_PORT_A_STATIC_COUNT]	= { .type = NLA_REJECT },
	[LBRIDGE_PORT_A_STATS]		= { .type = NLA_REJECT },
};

static const struct nla_policy fdb_policy[LBRIDGE_FDB_A_MAX + 1] = {
	[LBRIDGE_FDB_A_MAC]		= NLA_POLICY_ETH_ADDR,
	[LBRIDGE_FDB_A_STATE]		= { .type = NLA_REJECT },
	[LBRIDGE_FDB_A_AGE]		= { .type = NLA_REJECT },
};

static const struct nla_policy lbridge_policy[LBRIDGE_A_MAX + 1] = {
	[LBRIDGE_A_BRIDGE]		= NLA_POLICY_NESTED(bridge_policy),
	[LBRIDGE_A_PORT]		= NLA_POLICY_NESTED(port_policy),
	[LBRIDGE_A_FDB]			= NLA_POLICY_NESTED(fdb_policy),
	[LBRIDGE_A_FLUSH_FLAGS]		= NLA_POLICY_MASK(NLA_U32, __LBRIDGE_FLUSH_F_ALL),
	[LBRIDGE_A_EVENT]		= { .type = NLA_REJECT },
	[LBRIDGE_A_EVENTS_LOST]		= { .type = NLA_REJECT },
};

/* The attributes nested in @attrs[@type], or all NULL if it is absent. */
static int parse_nest(struct nlattr **attrs, int type, struct nlattr **tb,
		      int max, const struct nla_policy *policy,
		      struct netlink_ext_ack *extack)
{
	if (!attrs[type]) {
		memset(tb, 0, sizeof(*tb) * (max + 1));
		return 0;
	}
	return nla_parse_nested(tb, max, attrs[type], policy, extack);
}

/* ------------------------------------------------------------------ */
/* Finding what a request names.                                       */

/*
 * The device named by @ifindex_attr or @ifname_attr, with a reference, or
 * an ERR_PTR with the extack set.
 */
static struct net_device *find_dev(struct net *net, struct nlattr **attrs,
				   int ifindex_attr, int ifname_attr,
				   struct netlink_ext_ack *extack)
{
	struct net_device *dev = NULL;

	if (attrs[ifindex_attr]) {
		dev = dev_get_by_index(net, nla_get_u32(attrs[ifindex_attr]));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[ifindex_attr], "No such device");
			return ERR_PTR(-ENODEV);
		}
	} else if (attrs[ifname_attr]) {
		dev = dev_get_by_name(net, nla_data(attrs[ifname_attr]));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[ifname_attr], "No such device");
			return ERR_PTR(-ENODEV);
		}
	} else {
		NL_SET_ERR_MSG_ATTR(extack, NULL, "Missing device index or name");
		return ERR_PTR(-EINVAL);
	}
	return dev;
}

static struct net_device *find_bridge(struct net *net, struct nlattr **attrs,
				      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LBRIDGE_BRIDGE_A_MAX + 1];
	struct net_device *dev;
	int err;

	err = parse_nest(attrs, LBRIDGE_A_BRIDGE, tb, LBRIDGE_BRIDGE_A_MAX,
			 bridge_policy, extack);
	if (err)
		return ERR_PTR(err);
	dev = find_dev(net, tb, LBRIDGE_BRIDGE_A_IFINDEX, LBRIDGE_BRIDGE_A_IFNAME,
		       extack);
	if (IS_ERR(dev))
		return dev;
	if (!lbridge_is_bridge(dev)) {
		NL_SET_ERR_MSG_MOD(extack, "Device is not an lbridge bridge");
		dev_put(dev);
		return ERR_PTR(-EINVAL);
	}
	return dev;
}

/* Under RTNL: the port named in @attrs, which must be a port of an lbridge. */
static struct lbridge_port *find_port(struct net *net, struct nlattr **attrs,
				      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[LBRIDGE_PORT_A_MAX + 1];
	struct lbridge_port *port;
	struct net_device *dev;
	int err;

	ASSERT_RTNL();
	err = parse_nest(attrs, LBRIDGE_A_PORT, tb, LBRIDGE_PORT_A_MAX,
			 port_policy, extack);
	if (err)
		return ERR_PTR(err);
	dev = find_dev(net, tb, LBRIDGE_PORT_A_IFINDEX, LBRIDGE_PORT_A_IFNAME,
		       extack);
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	port = lbridge_port_get_rtnl(dev);
	dev_put(dev);
	if (!port) {
		NL_SET_ERR_MSG_MOD(extack, "Device is not a port of an lbridge bridge");
		return ERR_PTR(-EINVAL);
	}
	return port;
}

/* ------------------------------------------------------------------ */
/* Messages.                                                            */

static int put_bridge_id(struct sk_buff *skb, struct lbridge *br)
{
	struct nlattr *nest = nla_nest_start(skb, LBRIDGE_A_BRIDGE);

	if (!nest ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_IFINDEX, br->dev->ifindex) ||
	    nla_put_string(skb, LBRIDGE_BRIDGE_A_IFNAME, br->dev->name))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_port_id(struct sk_buff *skb, struct lbridge_port *port)
{
	struct nlattr *nest = nla_nest_start(skb, LBRIDGE_A_PORT);

	if (!nest ||
	    nla_put_u32(skb, LBRIDGE_PORT_A_IFINDEX, port->dev->ifindex) ||
	    nla_put_string(skb, LBRIDGE_PORT_A_IFNAME, port->dev->name))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int fill_bridge(struct sk_buff *skb, struct lbridge *br, u32 portid,
		       u32 seq, int flags)
{
	struct lbridge_fdb *fdb = &br->fdb;
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &lbridge_genl_family, flags,
			  LBRIDGE_CMD_GET_BRIDGE);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, LBRIDGE_A_BRIDGE);
	if (!nest ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_IFINDEX, br->dev->ifindex) ||
	    nla_put_string(skb, LBRIDGE_BRIDGE_A_IFNAME, br->dev->name) ||
	    nla_put(skb, LBRIDGE_BRIDGE_A_ADDRESS, ETH_ALEN, br->dev->dev_addr) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_AGEING_TIME, READ_ONCE(fdb->ageing_secs)) ||
	    nla_put_u8(skb, LBRIDGE_BRIDGE_A_LEARNING, READ_ONCE(fdb->learning)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_MAX_LEARNED, READ_ONCE(fdb->max_learned)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED,
			READ_ONCE(fdb->port_max_learned)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_MAX_STATIC, READ_ONCE(fdb->max_static)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_PORT_COUNT, READ_ONCE(br->port_count)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_FDB_COUNT, READ_ONCE(fdb->count)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_LEARNED_COUNT, READ_ONCE(fdb->learned_count)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_STATIC_COUNT, READ_ONCE(fdb->static_count)))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int fill_port(struct sk_buff *skb, struct lbridge_port *port,
		     struct netlink_callback *cb)
{
	u64 stats[__LBRIDGE_PORT_STAT_MAX];
	struct nlattr *nest, *stats_nest;
	void *hdr;
	int i;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &lbridge_genl_family, NLM_F_MULTI, LBRIDGE_CMD_GET_PORT);
	if (!hdr)
		return -EMSGSIZE;
	if (put_bridge_id(skb, port->br))
		goto cancel;
	nest = nla_nest_start(skb, LBRIDGE_A_PORT);
	if (!nest ||
	    nla_put_u32(skb, LBRIDGE_PORT_A_IFINDEX, port->dev->ifindex) ||
	    nla_put_string(skb, LBRIDGE_PORT_A_IFNAME, port->dev->name) ||
	    nla_put_u8(skb, LBRIDGE_PORT_A_UP, lbridge_port_is_up(port)) ||
	    nla_put_u32(skb, LBRIDGE_PORT_A_LEARNED_COUNT,
			READ_ONCE(port->learned_count)) ||
	    nla_put_u32(skb, LBRIDGE_PORT_A_STATIC_COUNT,
			READ_ONCE(port->static_count)))
		goto cancel;
	stats_nest = nla_nest_start(skb, LBRIDGE_PORT_A_STATS);
	if (!stats_nest)
		goto cancel;
	lbridge_port_read_stats(port, stats);
	for (i = LBRIDGE_PORT_STAT_PAD + 1; i < __LBRIDGE_PORT_STAT_MAX; i++)
		if (nla_put_u64_64bit(skb, i, stats[i], LBRIDGE_PORT_STAT_PAD))
			goto cancel;
	nla_nest_end(skb, stats_nest);
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int fill_fdb(struct sk_buff *skb, struct lbridge *br,
		    struct lbridge_fdb_entry *entry, struct netlink_callback *cb)
{
	struct lbridge_port *port = READ_ONCE(entry->port);
	s32 age = (s32)(lbridge_fdb_now() - READ_ONCE(entry->updated));
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &lbridge_genl_family, NLM_F_MULTI, LBRIDGE_CMD_GET_FDB);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (put_bridge_id(skb, br))
		goto cancel;
	nest = nla_nest_start(skb, LBRIDGE_A_FDB);
	if (!nest ||
	    nla_put(skb, LBRIDGE_FDB_A_MAC, ETH_ALEN, entry->key.addr) ||
	    nla_put_u8(skb, LBRIDGE_FDB_A_STATE, READ_ONCE(entry->state)) ||
	    nla_put_u32(skb, LBRIDGE_FDB_A_AGE,
			min_t(u64, max(age, 0) * 1000ULL, U32_MAX)))
		goto cancel;
	nla_nest_end(skb, nest);
	if (port && put_port_id(skb, port))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* ------------------------------------------------------------------ */
/* Bridges.                                                             */

static int get_bridge_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct sk_buff *msg;
	int err;

	dev = find_bridge(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		dev_put(dev);
		return -ENOMEM;
	}
	err = fill_bridge(msg, netdev_priv(dev), info->snd_portid,
			  info->snd_seq, 0);
	dev_put(dev);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

struct bridge_dump_ctx {
	unsigned long skip;
};

static int get_bridge_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct bridge_dump_ctx *ctx = (void *)cb->ctx;
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	unsigned long idx = 0;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		if (!lbridge_is_bridge(dev))
			continue;
		if (idx++ < ctx->skip)
			continue;
		if (fill_bridge(skb, netdev_priv(dev), NETLINK_CB(cb->skb).portid,
				cb->nlh->nlmsg_seq, NLM_F_MULTI)) {
			idx--;
			break;
		}
	}
	rcu_read_unlock();
	ctx->skip = idx;
	return skb->len;
}

/*
 * Whether @tb[@attr] asks for a cap above @dflt (0 is no cap at all). Root
 * of a user namespace may lower the caps of its bridges, not lift them:
 * the host, or whoever made the bridge for it, would pay for the memory.
 */
static bool lifts_cap(struct sk_buff *skb, struct genl_info *info,
		      struct nlattr **tb, int attr, u32 dflt)
{
	u32 value;

	if (!tb[attr])
		return false;
	value = nla_get_u32(tb[attr]);
	if ((value && value <= dflt) || netlink_capable(skb, CAP_NET_ADMIN))
		return false;
	NL_SET_ERR_MSG_ATTR(info->extack, tb[attr],
			    "Raising a cap above its default needs CAP_NET_ADMIN in the initial namespace");
	return true;
}

static int set_bridge_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[LBRIDGE_BRIDGE_A_MAX + 1];
	struct net_device *dev;
	struct lbridge *br;
	int err;

	err = parse_nest(info->attrs, LBRIDGE_A_BRIDGE, tb, LBRIDGE_BRIDGE_A_MAX,
			 bridge_policy, info->extack);
	if (err)
		return err;
	if (!tb[LBRIDGE_BRIDGE_A_AGEING_TIME] && !tb[LBRIDGE_BRIDGE_A_MAX_LEARNED] &&
	    !tb[LBRIDGE_BRIDGE_A_LEARNING] && !tb[LBRIDGE_BRIDGE_A_MAX_STATIC] &&
	    !tb[LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED]) {
		GENL_SET_ERR_MSG(info, "Nothing to set");
		return -EINVAL;
	}
	if (lifts_cap(skb, info, tb, LBRIDGE_BRIDGE_A_MAX_LEARNED,
		      LBRIDGE_DEFAULT_MAX_LEARNED) ||
	    lifts_cap(skb, info, tb, LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED,
		      LBRIDGE_DEFAULT_PORT_MAX_LEARNED) ||
	    lifts_cap(skb, info, tb, LBRIDGE_BRIDGE_A_MAX_STATIC,
		      LBRIDGE_DEFAULT_MAX_STATIC))
		return -EPERM;

	rtnl_lock();
	dev = find_bridge(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev)) {
		rtnl_unlock();
		return PTR_ERR(dev);
	}
	br = netdev_priv(dev);
	/* The policy has checked every value: nothing below can fail. */
	if (tb[LBRIDGE_BRIDGE_A_AGEING_TIME])
		lbridge_fdb_set_ageing(br, nla_get_u32(tb[LBRIDGE_BRIDGE_A_AGEING_TIME]));
	if (tb[LBRIDGE_BRIDGE_A_MAX_LEARNED])
		WRITE_ONCE(br->fdb.max_learned,
			   nla_get_u32(tb[LBRIDGE_BRIDGE_A_MAX_LEARNED]));
	if (tb[LBRIDGE_BRIDGE_A_LEARNING])
		WRITE_ONCE(br->fdb.learning, nla_get_u8(tb[LBRIDGE_BRIDGE_A_LEARNING]));
	if (tb[LBRIDGE_BRIDGE_A_MAX_STATIC])
		WRITE_ONCE(br->fdb.max_static,
			   nla_get_u32(tb[LBRIDGE_BRIDGE_A_MAX_STATIC]));
	if (tb[LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED])
		WRITE_ONCE(br->fdb.port_max_learned,
			   nla_get_u32(tb[LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED]));
	dev_put(dev);
	rtnl_unlock();
	return 0;
}

/* ------------------------------------------------------------------ */
/* Dumps of one bridge's ports and FDB.                                */

/*
 * A dump holds no reference between messages: a reader that never reads
 * must not keep the bridge from being deleted. Each message looks the
 * bridge up again by ifindex, and a dump whose bridge has gone ends.
 */
struct bridge_walk_ctx {
	int br_ifindex;
	int port_ifindex;
	/* Ports dumped so far. */
	unsigned long skip;
	/* The FDB entry the next message starts with. */
	struct lbridge_fdb_cursor cursor;
};

static int bridge_walk_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct bridge_walk_ctx *ctx = (void *)cb->ctx;
	struct net *net = sock_net(cb->skb->sk);
	struct lbridge_port *port;
	struct net_device *dev;
	int err = 0;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	dev = find_bridge(net, info->attrs, cb->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	ctx->br_ifindex = dev->ifindex;

	if (info->attrs[LBRIDGE_A_PORT]) {
		rtnl_lock();
		port = find_port(net, info->attrs, cb->extack);
		if (IS_ERR(port)) {
			err = PTR_ERR(port);
		} else if (port->br != netdev_priv(dev)) {
			NL_SET_ERR_MSG_MOD(cb->extack, "Device is not a port of this bridge");
			err = -EINVAL;
		} else {
			ctx->port_ifindex = port->dev->ifindex;
		}
		rtnl_unlock();
	}
	dev_put(dev);
	return err;
}

static struct lbridge *walk_bridge_rcu(struct netlink_callback *cb)
{
	struct bridge_walk_ctx *ctx = (void *)cb->ctx;
	struct net_device *dev;

	dev = dev_get_by_index_rcu(sock_net(cb->skb->sk), ctx->br_ifindex);
	if (!dev || !lbridge_is_bridge(dev)) {
		NL_SET_ERR_MSG_MOD(cb->extack, "The bridge was deleted during the dump");
		return NULL;
	}
	return netdev_priv(dev);
}

static int get_port_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct bridge_walk_ctx *ctx = (void *)cb->ctx;
	struct lbridge_port *port;
	unsigned long idx = 0;
	struct lbridge *br;

	rcu_read_lock();
	br = walk_bridge_rcu(cb);
	if (!br) {
		rcu_read_unlock();
		return -ENODEV;
	}
	list_for_each_entry_rcu(port, &br->ports, list) {
		if (ctx->port_ifindex && port->dev->ifindex != ctx->port_ifindex)
			continue;
		if (idx++ < ctx->skip)
			continue;
		if (fill_port(skb, port, cb)) {
			idx--;
			break;
		}
	}
	rcu_read_unlock();
	ctx->skip = idx;
	return skb->len;
}

static bool fdb_dump_wants(struct bridge_walk_ctx *ctx,
			   struct lbridge_fdb_entry *entry)
{
	struct lbridge_port *port = READ_ONCE(entry->port);

	return !ctx->port_ifindex ||
	       (port && port->dev->ifindex == ctx->port_ifindex);
}

/*
 * One walk of the entry list, whatever the port filter: O(entries), and
 * O(1) to find where the previous message stopped, by that entry's key.
 * Any change to the table between two messages flags the second as torn
 * (NLM_F_DUMP_INTR); if the entry to resume at is itself gone, there is
 * no telling where to go on, so the dump ends there, flagged as torn.
 */
static int get_fdb_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct bridge_walk_ctx *ctx = (void *)cb->ctx;
	struct lbridge_fdb_entry *entry;
	struct lbridge *br;
	int ret = 0;

	rcu_read_lock();
	br = walk_bridge_rcu(cb);
	if (!br) {
		ret = -ENODEV;
		goto out;
	}
	/* Never 0, which would read as "not checked" to the core. Only 32 bits
	 * of the generation fit: 2^32 changes between two messages go unseen,
	 * which can tear the listing but not harm the kernel.
	 */
	cb->seq = (u32)READ_ONCE(br->fdb.generation) ?: 1;
	entry = lbridge_fdb_walk_rcu(br, &ctx->cursor);
	if (IS_ERR(entry)) {
		/* The NLMSG_DONE that follows carries the flag. */
		cb->seq = cb->prev_seq + 1;
		goto out;
	}
	hlist_for_each_entry_from_rcu(entry, list) {
		if (!fdb_dump_wants(ctx, entry))
			continue;
		if (fill_fdb(skb, br, entry, cb)) {
			lbridge_fdb_cursor_stop_at(&ctx->cursor, entry);
			ret = skb->len;
			break;
		}
	}
out:
	rcu_read_unlock();
	return ret;
}

/* ------------------------------------------------------------------ */
/* FDB changes.                                                         */

/* The key of the request's FDB entry; false with the extack set. */
static bool fdb_key(struct genl_info *info, struct lbridge_fdb_key *key)
{
	struct nlattr *tb[LBRIDGE_FDB_A_MAX + 1];

	if (GENL_REQ_ATTR_CHECK(info, LBRIDGE_A_FDB) ||
	    parse_nest(info->attrs, LBRIDGE_A_FDB, tb, LBRIDGE_FDB_A_MAX,
		       fdb_policy, info->extack))
		return false;
	if (!tb[LBRIDGE_FDB_A_MAC]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LBRIDGE_A_FDB],
				    "Missing MAC address");
		return false;
	}
	lbridge_fdb_key_init(key, nla_data(tb[LBRIDGE_FDB_A_MAC]));
	return true;
}

static int new_fdb_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lbridge_fdb_key key;
	struct lbridge_port *port;
	int err;

	if (!fdb_key(info, &key))
		return -EINVAL;
	if (!is_valid_ether_addr(key.addr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LBRIDGE_A_FDB],
				    "MAC address is not valid unicast");
		return -EINVAL;
	}

	rtnl_lock();
	port = find_port(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(port)) {
		rtnl_unlock();
		return PTR_ERR(port);
	}
	err = lbridge_fdb_add_static(port->br, port, &key);
	rtnl_unlock();
	if (err == -EEXIST)
		GENL_SET_ERR_MSG(info, "MAC address already has a static or local entry");
	else if (err == -ENOSPC)
		GENL_SET_ERR_MSG(info, "Too many static entries: the bridge is at max_static");
	return err;
}

static int del_fdb_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lbridge_fdb_key key;
	struct lbridge_port *port;
	int err;

	if (!fdb_key(info, &key))
		return -EINVAL;

	rtnl_lock();
	port = find_port(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(port)) {
		rtnl_unlock();
		return PTR_ERR(port);
	}
	err = lbridge_fdb_del(port->br, port, &key);
	rtnl_unlock();
	if (err == -ENOENT)
		GENL_SET_ERR_MSG(info, "No such entry on this port");
	else if (err == -EINVAL)
		GENL_SET_ERR_MSG(info, "Local entries cannot be deleted");
	return err;
}

static int flush_fdb_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct lbridge_port *port = NULL;
	struct net_device *dev;
	struct lbridge *br;
	u32 flags = 0;

	if (attrs[LBRIDGE_A_FLUSH_FLAGS])
		flags = nla_get_u32(attrs[LBRIDGE_A_FLUSH_FLAGS]);

	rtnl_lock();
	dev = find_bridge(genl_info_net(info), attrs, info->extack);
	if (IS_ERR(dev)) {
		rtnl_unlock();
		return PTR_ERR(dev);
	}
	br = netdev_priv(dev);
	if (attrs[LBRIDGE_A_PORT]) {
		port = find_port(genl_info_net(info), attrs, info->extack);
		if (!IS_ERR(port) && port->br != br) {
			GENL_SET_ERR_MSG(info, "Device is not a port of this bridge");
			port = ERR_PTR(-EINVAL);
		}
		if (IS_ERR(port)) {
			dev_put(dev);
			rtnl_unlock();
			return PTR_ERR(port);
		}
	}
	lbridge_fdb_flush(br, port, flags);
	dev_put(dev);
	rtnl_unlock();
	return 0;
}

/* ------------------------------------------------------------------ */
/* Events.                                                              */

static bool have_listeners(struct lbridge *br)
{
	return READ_ONCE(lbridge_genl_registered) &&
	       genl_has_listeners(&lbridge_genl_family, dev_net(br->dev), 0);
}

/* The most an event holds: what event_start and its callers put in. */
static size_t event_size(void)
{
	return nla_total_size(0) +		/* BRIDGE */
	       nla_total_size(sizeof(u32)) +	/*   IFINDEX */
	       nla_total_size(IFNAMSIZ) +	/*   IFNAME */
	       nla_total_size(sizeof(u8)) +	/* EVENT */
	       nla_total_size(sizeof(u32)) +	/* EVENTS_LOST */
	       nla_total_size(0) +		/* FDB */
	       nla_total_size(ETH_ALEN) +	/*   MAC */
	       nla_total_size(sizeof(u8)) +	/*   STATE */
	       nla_total_size(0) +		/* PORT */
	       nla_total_size(sizeof(u32)) +	/*   IFINDEX */
	       nla_total_size(IFNAMSIZ) +	/*   IFNAME */
	       nla_total_size(sizeof(u32));	/* FLUSH_FLAGS */
}

static struct sk_buff *event_start(struct lbridge *br, void **hdr, u8 event)
{
	int lost = atomic_xchg(&br->fdb.events_lost, 0);
	struct sk_buff *msg;

	msg = genlmsg_new(event_size(), GFP_ATOMIC);
	if (!msg)
		goto lost;
	*hdr = genlmsg_put(msg, 0, 0, &lbridge_genl_family, 0,
			   LBRIDGE_CMD_FDB_EVENT);
	if (!*hdr || put_bridge_id(msg, br) ||
	    nla_put_u8(msg, LBRIDGE_A_EVENT, event) ||
	    (lost && nla_put_u32(msg, LBRIDGE_A_EVENTS_LOST, lost))) {
		nlmsg_free(msg);
		goto lost;
	}
	return msg;

lost:
	/* This one is lost too: the next event will say so. */
	atomic_add(lost + 1, &br->fdb.events_lost);
	return NULL;
}

static void event_send(struct lbridge *br, struct sk_buff *msg, void *hdr)
{
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&lbridge_genl_family, dev_net(br->dev), msg,
				0, 0, GFP_ATOMIC);
}

/* Reads and clears events_lost: this event says how many went before it. */
void lbridge_netlink_fdb_notify(struct lbridge *br,
				const struct lbridge_fdb_change *change)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	if (!have_listeners(br))
		return;
	msg = event_start(br, &hdr, change->event);
	if (!msg)
		return;
	if (change->event == LBRIDGE_FDB_EVENT_FLUSH) {
		if (nla_put_u32(msg, LBRIDGE_A_FLUSH_FLAGS, change->flush_flags))
			goto cancel;
	} else {
		nest = nla_nest_start(msg, LBRIDGE_A_FDB);
		if (!nest ||
		    nla_put(msg, LBRIDGE_FDB_A_MAC, ETH_ALEN, change->key.addr) ||
		    nla_put_u8(msg, LBRIDGE_FDB_A_STATE, change->state))
			goto cancel;
		nla_nest_end(msg, nest);
	}
	if (change->port && put_port_id(msg, change->port))
		goto cancel;
	event_send(br, msg, hdr);
	return;

cancel:
	nlmsg_free(msg);
}

/* ------------------------------------------------------------------ */
/* The family.                                                          */

static const struct genl_ops lbridge_genl_ops[] = {
	{
		.cmd	= LBRIDGE_CMD_GET_BRIDGE,
		.doit	= get_bridge_doit,
		.dumpit	= get_bridge_dumpit,
	},
	{
		.cmd	= LBRIDGE_CMD_SET_BRIDGE,
		.doit	= set_bridge_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= LBRIDGE_CMD_GET_PORT,
		.start	= bridge_walk_start,
		.dumpit	= get_port_dumpit,
	},
	{
		.cmd	= LBRIDGE_CMD_GET_FDB,
		.start	= bridge_walk_start,
		.dumpit	= get_fdb_dumpit,
	},
	{
		.cmd	= LBRIDGE_CMD_NEW_FDB,
		.doit	= new_fdb_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= LBRIDGE_CMD_DEL_FDB,
		.doit	= del_fdb_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= LBRIDGE_CMD_FLUSH_FDB,
		.doit	= flush_fdb_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group lbridge_genl_mcgrps[] = {
	{ .name = LBRIDGE_GENL_MCGRP_FDB },
};

static struct genl_family lbridge_genl_family __ro_after_init = {
	.name		= LBRIDGE_GENL_NAME,
	.version	= LBRIDGE_GENL_VERSION,
	.maxattr	= LBRIDGE_A_MAX,
	.policy		= lbridge_policy,
	.netnsok	= true,
	/* Changes and the start of a dump take RTNL themselves; dumps read
	 * under RCU: one slow reader must not hold up every generic netlink
	 * family behind it.
	 */
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= lbridge_genl_ops,
	.n_ops		= ARRAY_SIZE(lbridge_genl_ops),
	.mcgrps		= lbridge_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(lbridge_genl_mcgrps),
};

int lbridge_netlink_init(void)
{
	int err = genl_register_family(&lbridge_genl_family);

	if (!err)
		WRITE_ONCE(lbridge_genl_registered, true);
	return err;
}

void lbridge_netlink_uninit(void)
{
	WRITE_ONCE(lbridge_genl_registered, false);
	genl_unregister_family(&lbridge_genl_family);
}
