// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "lbridge": bridges, ports, the FDB and the IP
 * bindings, read by anyone, changed with CAP_NET_ADMIN over the bridge's
 * namespace, and FDB and binding events on multicast groups.
 * uapi/linux/lbridge.h documents each command.
 *
 * Every request is checked against its command's own policy, so that an
 * attribute a command does not take is refused by the netlink core before
 * any handler runs. The bridge and port a request names are resolved in
 * one place, pre_doit, which also takes RTNL for the handler; dumps
 * resolve them once at their start and then hold nothing between
 * messages.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rculist.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <uapi/linux/net_namespace.h>

#include "device.h"
#include "fdb.h"
#include "guard.h"
#include "neigh.h"
#include "netlink.h"
#include "port.h"
#include "port_rtnl.h"

static struct genl_family lbridge_genl_family;
/* KUnit suites run before the module's init: no family to tell yet. */
static bool lbridge_genl_registered;

/* In this order: a group's index is its place here. */
enum lbridge_mcgrp {
	LBRIDGE_MCGRP_FDB,
	LBRIDGE_MCGRP_NEIGH,
	LBRIDGE_MCGRP_GUARD,
};

/* ------------------------------------------------------------------ */
/* Policies: what each command takes, and nothing else.               */

/* Not const: the 6.1 policy macros take a plain pointer. */
static struct netlink_range_validation ageing_range = {
	.max = LBRIDGE_MAX_AGEING_TIME,
};

#define IFNAME_POLICY { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 }

static const struct nla_policy bridge_id_policy[LBRIDGE_BRIDGE_A_MAX + 1] = {
	[LBRIDGE_BRIDGE_A_IFINDEX]	= { .type = NLA_U32 },
	[LBRIDGE_BRIDGE_A_IFNAME]	= IFNAME_POLICY,
};

static const struct nla_policy bridge_set_policy[LBRIDGE_BRIDGE_A_MAX + 1] = {
	[LBRIDGE_BRIDGE_A_IFINDEX]	= { .type = NLA_U32 },
	[LBRIDGE_BRIDGE_A_IFNAME]	= IFNAME_POLICY,
	[LBRIDGE_BRIDGE_A_AGEING_TIME]	= NLA_POLICY_FULL_RANGE(NLA_U32, &ageing_range),
	[LBRIDGE_BRIDGE_A_LEARNING]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_BRIDGE_A_MAX_LEARNED]	= { .type = NLA_U32 },
	[LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED] = { .type = NLA_U32 },
	[LBRIDGE_BRIDGE_A_MAX_STATIC]	= { .type = NLA_U32 },
	[LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS] = NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_BRIDGE_A_ANNOUNCE]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_BRIDGE_A_MAX_NEIGH]	= { .type = NLA_U32 },
	[LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH] = { .type = NLA_U32 },
	[LBRIDGE_BRIDGE_A_GUARD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_BRIDGE_A_RA_GUARD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_BRIDGE_A_DHCP_GUARD]	= NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy port_id_policy[LBRIDGE_PORT_A_MAX + 1] = {
	[LBRIDGE_PORT_A_IFINDEX]	= { .type = NLA_U32 },
	[LBRIDGE_PORT_A_IFNAME]		= IFNAME_POLICY,
};

/*
 * A label is shown as it is, by whoever looks at the bridge: on terminals,
 * in line-oriented output, in JSON. Root of a user namespace may set it,
 * and the host's admin reads it: it must be UTF-8 text, with no control
 * character (newline, escape, C1's CSI...) to forge a line or steer a
 * terminal, and no NUL to cut it short. The policy has checked its length.
 */
static int validate_label(const struct nlattr *attr,
			  struct netlink_ext_ack *extack)
{
	const u8 *s = nla_data(attr);
	int len = nla_len(attr);
	int i = 0;

	if (len && !s[len - 1])
		len--;
	while (i < len) {
		u32 c = s[i];
		int more, k;

		if (c < 0x80) {
			more = 0;
		} else if (c >= 0xc2 && c <= 0xdf) {
			more = 1;
			c &= 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			more = 2;
			c &= 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			more = 3;
			c &= 0x07;
		} else {
			goto bad;
		}
		if (more >= len - i)
			goto bad;
		for (k = 1; k <= more; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				goto bad;
			c = c << 6 | (s[i + k] & 0x3f);
		}
		/* Overlong forms, UTF-16 surrogates, beyond Unicode. */
		if ((more == 2 && c < 0x800) || (more == 3 && c < 0x10000) ||
		    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
			goto bad;
		/* C0 (NUL among them), DEL, C1. */
		if (c < 0x20 || (c >= 0x7f && c < 0xa0))
			goto bad;
		i += more + 1;
	}
	return 0;
bad:
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "A label is UTF-8 text without NUL or control characters");
	return -EINVAL;
}

static const struct nla_policy port_set_policy[LBRIDGE_PORT_A_MAX + 1] = {
	[LBRIDGE_PORT_A_IFINDEX]	= { .type = NLA_U32 },
	[LBRIDGE_PORT_A_IFNAME]		= IFNAME_POLICY,
	[LBRIDGE_PORT_A_LEARNING]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_PORT_A_FLOOD]		= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_PORT_A_MCAST_FLOOD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_PORT_A_BCAST_FLOOD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_PORT_A_HAIRPIN]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_PORT_A_ISOLATED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_PORT_A_NEIGH_SUPPRESS]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_PORT_A_GUARD]		= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_PORT_A_RA_GUARD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_PORT_A_DHCP_GUARD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[LBRIDGE_PORT_A_LABEL]		= NLA_POLICY_VALIDATE_FN(NLA_STRING, validate_label,
								 LBRIDGE_LABEL_MAX),
};

static const struct nla_policy fdb_mac_policy[LBRIDGE_FDB_A_MAX + 1] = {
	[LBRIDGE_FDB_A_MAC]		= NLA_POLICY_ETH_ADDR,
};

/* An address to look up: FAMILY may be left out, the length tells. */
static const struct nla_policy neigh_addr_policy[LBRIDGE_NEIGH_A_MAX + 1] = {
	[LBRIDGE_NEIGH_A_FAMILY]	= { .type = NLA_U8 },
	[LBRIDGE_NEIGH_A_ADDR]		= NLA_POLICY_RANGE(NLA_BINARY, sizeof(struct in_addr),
							   sizeof(struct in6_addr)),
};

static const struct nla_policy get_bridge_policy[LBRIDGE_A_MAX + 1] = {
	[LBRIDGE_A_BRIDGE]	= NLA_POLICY_NESTED(bridge_id_policy),
};

static const struct nla_policy set_bridge_policy[LBRIDGE_A_MAX + 1] = {
	[LBRIDGE_A_BRIDGE]	= NLA_POLICY_NESTED(bridge_set_policy),
};

/* GET_PORT and GET_FDB: a bridge, and maybe one of its ports. */
static const struct nla_policy bridge_walk_policy[LBRIDGE_A_MAX + 1] = {
	[LBRIDGE_A_BRIDGE]	= NLA_POLICY_NESTED(bridge_id_policy),
	[LBRIDGE_A_PORT]	= NLA_POLICY_NESTED(port_id_policy),
};

/* GET_FDB: that, and the compact form asked for. */
static const struct nla_policy get_fdb_policy[LBRIDGE_A_MAX + 1] = {
	[LBRIDGE_A_BRIDGE]	= NLA_POLICY_NESTED(bridge_id_policy),
	[LBRIDGE_A_PORT]	= NLA_POLICY_NESTED(port_id_policy),
	[LBRIDGE_A_FDB_COMPACT]	= { .type = NLA_FLAG },
};

static const struct nla_policy get_neigh_policy[LBRIDGE_A_MAX + 1] = {
	[LBRIDGE_A_BRIDGE]	= NLA_POLICY_NESTED(bridge_id_policy),
	[LBRIDGE_A_PORT]	= NLA_POLICY_NESTED(port_id_policy),
	[LBRIDGE_A_NEIGH]	= NLA_POLICY_NESTED(neigh_addr_policy),
};

static const struct nla_policy set_port_policy[LBRIDGE_A_MAX + 1] = {
	[LBRIDGE_A_PORT]	= NLA_POLICY_NESTED(port_set_policy),
};

static const struct nla_policy allowed_policy[LBRIDGE_ALLOWED_A_MAX + 1] = {
	[LBRIDGE_ALLOWED_A_MAC]		= NLA_POLICY_ETH_ADDR,
	[LBRIDGE_ALLOWED_A_IPV4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[LBRIDGE_ALLOWED_A_IPV6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
};

/* NEW_ALLOWED and DEL_ALLOWED. */
static const struct nla_policy allowed_entry_policy[LBRIDGE_A_MAX + 1] = {
	[LBRIDGE_A_PORT]	= NLA_POLICY_NESTED(port_id_policy),
	[LBRIDGE_A_ALLOWED]	= NLA_POLICY_NESTED(allowed_policy),
};

/* NEW_FDB and DEL_FDB. */
static const struct nla_policy fdb_entry_policy[LBRIDGE_A_MAX + 1] = {
	[LBRIDGE_A_PORT]	= NLA_POLICY_NESTED(port_id_policy),
	[LBRIDGE_A_FDB]		= NLA_POLICY_NESTED(fdb_mac_policy),
};

static const struct nla_policy flush_fdb_policy[LBRIDGE_A_MAX + 1] = {
	[LBRIDGE_A_BRIDGE]	= NLA_POLICY_NESTED(bridge_id_policy),
	[LBRIDGE_A_PORT]	= NLA_POLICY_NESTED(port_id_policy),
	[LBRIDGE_A_FLUSH_FLAGS]	= NLA_POLICY_MASK(NLA_U32, __LBRIDGE_FLUSH_F_ALL),
};

/* ------------------------------------------------------------------ */
/* Finding what a request names.                                       */

/*
 * What pre_doit resolves for a command before its handler runs, in
 * genl_ops.internal_flags. The handler finds the bridge in user_ptr[0] and
 * the port in user_ptr[1], and runs under RTNL.
 */
enum {
	/* LBRIDGE_A_BRIDGE must name a bridge. */
	NAMES_BRIDGE	= BIT(0),
	/* LBRIDGE_A_PORT must name a port; its bridge is the request's. */
	NAMES_PORT	= BIT(1),
	/* LBRIDGE_A_PORT may name a port of the bridge, to narrow a request. */
	MAY_NAME_PORT	= BIT(2),
};

/*
 * Under RTNL: the device that nest @type of a request names by index or by
 * name, or an ERR_PTR with the extack set. The policy has checked the
 * nest already. Bridges and ports are named by the same attributes.
 */
static struct net_device *find_dev_rtnl(struct net *net, struct nlattr **attrs,
					int type, struct netlink_ext_ack *extack)
{
	const struct nlattr *nest = attrs[type];
	const struct nlattr *ifindex, *ifname;
	struct net_device *dev;

	BUILD_BUG_ON((int)LBRIDGE_BRIDGE_A_IFINDEX != (int)LBRIDGE_PORT_A_IFINDEX ||
		     (int)LBRIDGE_BRIDGE_A_IFNAME != (int)LBRIDGE_PORT_A_IFNAME);
	ASSERT_RTNL();
	ifindex = nest ? nla_find_nested(nest, LBRIDGE_PORT_A_IFINDEX) : NULL;
	ifname = nest ? nla_find_nested(nest, LBRIDGE_PORT_A_IFNAME) : NULL;
	if (ifindex) {
		dev = __dev_get_by_index(net, nla_get_u32(ifindex));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, ifindex, "No such device");
			return ERR_PTR(-ENODEV);
		}
	} else if (ifname) {
		dev = __dev_get_by_name(net, nla_data(ifname));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, ifname, "No such device");
			return ERR_PTR(-ENODEV);
		}
	} else {
		NL_SET_ERR_ATTR_MISS(extack, nest, nest ? LBRIDGE_PORT_A_IFINDEX : type);
		NL_SET_ERR_MSG_ATTR(extack, nest, "Missing the device's index or name");
		return ERR_PTR(-EINVAL);
	}
	return dev;
}

static struct lbridge *find_bridge_rtnl(struct net *net, struct nlattr **attrs,
					struct netlink_ext_ack *extack)
{
	struct net_device *dev;

	dev = find_dev_rtnl(net, attrs, LBRIDGE_A_BRIDGE, extack);
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	if (!lbridge_is_bridge(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[LBRIDGE_A_BRIDGE],
				    "Device is not an lbridge bridge");
		return ERR_PTR(-EINVAL);
	}
	return netdev_priv(dev);
}

static struct lbridge_port *find_port_rtnl(struct net *net,
					   struct nlattr **attrs,
					   struct netlink_ext_ack *extack)
{
	struct lbridge_port *port;
	struct net_device *dev;

	dev = find_dev_rtnl(net, attrs, LBRIDGE_A_PORT, extack);
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	port = lbridge_port_get_rtnl(dev);
	if (!port) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[LBRIDGE_A_PORT],
				    "Device is not a port of an lbridge bridge");
		return ERR_PTR(-EINVAL);
	}
	return port;
}

/*
 * Under RTNL: the bridge and port that @attrs name, as @names asks.
 * *@portp is NULL when the request names no port and need not.
 */
static int resolve_rtnl(struct net *net, struct nlattr **attrs,
			unsigned int names, struct lbridge **brp,
			struct lbridge_port **portp,
			struct netlink_ext_ack *extack)
{
	struct lbridge_port *port = NULL;
	struct lbridge *br = NULL;

	if (names & NAMES_BRIDGE) {
		br = find_bridge_rtnl(net, attrs, extack);
		if (IS_ERR(br))
			return PTR_ERR(br);
	}
	if ((names & NAMES_PORT) ||
	    ((names & MAY_NAME_PORT) && attrs[LBRIDGE_A_PORT])) {
		port = find_port_rtnl(net, attrs, extack);
		if (IS_ERR(port))
			return PTR_ERR(port);
		if (br && port->br != br) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[LBRIDGE_A_PORT],
					    "Device is not a port of this bridge");
			return -EINVAL;
		}
		br = port->br;
	}
	*brp = br;
	*portp = port;
	return 0;
}

/*
 * Version 2 gave each object its own attribute space, and later versions
 * only added to it: their tools' requests all read the same. Version 1
 * numbered its attributes otherwise: its requests would be misread, so
 * they are refused, with the reason.
 */
#define LBRIDGE_GENL_OLDEST_REQUEST	2

static int check_version(const struct genlmsghdr *hdr,
			 struct netlink_ext_ack *extack)
{
	if (hdr->version >= LBRIDGE_GENL_OLDEST_REQUEST)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, NULL,
			    "The request is of an older version of the lbridge family: update the tool");
	return -EINVAL;
}

static int lbridge_pre_doit(const struct genl_ops *ops, struct sk_buff *skb,
			    struct genl_info *info)
{
	struct lbridge_port *port;
	struct lbridge *br;
	int err;

	err = check_version(info->genlhdr, info->extack);
	if (err)
		return err;
	rtnl_lock();
	err = resolve_rtnl(genl_info_net(info), info->attrs,
			   ops->internal_flags, &br, &port, info->extack);
	if (err) {
		rtnl_unlock();
		return err;
	}
	info->user_ptr[0] = br;
	info->user_ptr[1] = port;
	return 0;
}

static void lbridge_post_doit(const struct genl_ops *ops, struct sk_buff *skb,
			      struct genl_info *info)
{
	rtnl_unlock();
}

/* ------------------------------------------------------------------ */
/* Messages.                                                            */

static int put_bridge_id(struct sk_buff *skb, const struct lbridge *br)
{
	struct nlattr *nest = nla_nest_start(skb, LBRIDGE_A_BRIDGE);

	if (!nest ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_IFINDEX, br->dev->ifindex) ||
	    nla_put_string(skb, LBRIDGE_BRIDGE_A_IFNAME, br->dev->name))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * Any context: events are sent from softirq, under the FDB's or the
 * binding table's lock, with or without RCU held.
 */
static int put_port_label(struct sk_buff *skb, const struct lbridge_port *port)
{
	const struct lbridge_label *label;
	int err = 0;

	rcu_read_lock();
	label = rcu_dereference(port->label);
	if (label)
		err = nla_put_string(skb, LBRIDGE_PORT_A_LABEL, label->text);
	rcu_read_unlock();
	return err;
}

/* The PORT nest of every message about a port but GET_PORT's own. */
static int put_port_id(struct sk_buff *skb, const struct lbridge_port *port)
{
	struct nlattr *nest = nla_nest_start(skb, LBRIDGE_A_PORT);

	if (!nest ||
	    nla_put_u32(skb, LBRIDGE_PORT_A_IFINDEX, port->dev->ifindex) ||
	    nla_put_string(skb, LBRIDGE_PORT_A_IFNAME, port->dev->name) ||
	    put_port_label(skb, port))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The guards, and their attributes in a bridge's nest and a port's. */
static const u8 guard_bits[] = {
	LBRIDGE_GUARD_SOURCE, LBRIDGE_GUARD_RA, LBRIDGE_GUARD_DHCP,
};

static const int bridge_guard_attrs[ARRAY_SIZE(guard_bits)] = {
	LBRIDGE_BRIDGE_A_GUARD, LBRIDGE_BRIDGE_A_RA_GUARD, LBRIDGE_BRIDGE_A_DHCP_GUARD,
};

static const int port_guard_attrs[ARRAY_SIZE(guard_bits)] = {
	LBRIDGE_PORT_A_GUARD, LBRIDGE_PORT_A_RA_GUARD, LBRIDGE_PORT_A_DHCP_GUARD,
};

static int put_guards(struct sk_buff *skb, const int *attrs, u8 guards)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(guard_bits); i++)
		if (nla_put_u8(skb, attrs[i], !!(guards & guard_bits[i])))
			return -EMSGSIZE;
	return 0;
}

/* The guards that @tb, a SET_ request's nest, asks for, from @guards. */
static u8 get_guards(struct nlattr **tb, const int *attrs, u8 guards)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(guard_bits); i++) {
		if (!tb[attrs[i]])
			continue;
		if (nla_get_u8(tb[attrs[i]]))
			guards |= guard_bits[i];
		else
			guards &= ~guard_bits[i];
	}
	return guards;
}

static int put_bridge(struct sk_buff *skb, struct lbridge *br)
{
	const struct lbridge_fdb *fdb = &br->fdb;
	struct nlattr *nest = nla_nest_start(skb, LBRIDGE_A_BRIDGE);

	if (!nest ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_IFINDEX, br->dev->ifindex) ||
	    nla_put_string(skb, LBRIDGE_BRIDGE_A_IFNAME, br->dev->name) ||
	    nla_put(skb, LBRIDGE_BRIDGE_A_ADDRESS, ETH_ALEN, br->dev->dev_addr) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_AGEING_TIME,
			READ_ONCE(fdb->ageing_secs)) ||
	    nla_put_u8(skb, LBRIDGE_BRIDGE_A_LEARNING, READ_ONCE(fdb->learning)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_MAX_LEARNED,
			READ_ONCE(fdb->max_learned)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED,
			READ_ONCE(fdb->port_max_learned)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_MAX_STATIC,
			READ_ONCE(fdb->max_static)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_PORT_COUNT,
			READ_ONCE(br->port_count)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_FDB_COUNT, READ_ONCE(fdb->count)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_LEARNED_COUNT,
			READ_ONCE(fdb->learned_count)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_STATIC_COUNT,
			READ_ONCE(fdb->static_count)) ||
	    nla_put_u8(skb, LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS,
		       READ_ONCE(br->neigh.suppress)) ||
	    nla_put_u8(skb, LBRIDGE_BRIDGE_A_ANNOUNCE,
		       READ_ONCE(br->neigh.announce)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_MAX_NEIGH, READ_ONCE(br->neigh.max)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH,
			READ_ONCE(br->neigh.port_max)) ||
	    nla_put_u32(skb, LBRIDGE_BRIDGE_A_NEIGH_COUNT,
			READ_ONCE(br->neigh.count)) ||
	    put_guards(skb, bridge_guard_attrs, READ_ONCE(br->guard.defaults)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_port_stats(struct sk_buff *skb, const struct lbridge_port *port)
{
	u64 stats[__LBRIDGE_PORT_STAT_MAX];
	struct nlattr *nest;
	int stat;

	nest = nla_nest_start(skb, LBRIDGE_PORT_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	lbridge_port_read_stats(port, stats);
	for (stat = LBRIDGE_PORT_STAT_PAD + 1; stat < __LBRIDGE_PORT_STAT_MAX; stat++)
		if (nla_put_u64_64bit(skb, stat, stats[stat], LBRIDGE_PORT_STAT_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * Under RCU: the other end of a veth port, for the sender of @request:
 * its ifindex and its namespace's id as seen from the sender's, as
 * rtnetlink's IFLA_LINK and IFLA_LINK_NETNSID show anyone. An id is given
 * to that namespace if it had none (GFP_ATOMIC: under RCU, in a dump);
 * should that fail, NETNSID is left out rather than read as "yours". Its
 * name is more than rtnetlink tells of another namespace without
 * CAP_NET_ADMIN there: only to those who have it.
 */
static int put_port_peer_rcu(struct sk_buff *skb,
			     const struct sk_buff *request,
			     const struct lbridge_port *port)
{
	struct net *net = sock_net(request->sk);
	const struct net_device_ops *ops = port->dev->netdev_ops;
	struct net_device *peer;
	int nsid = NETNSA_NSID_NOT_ASSIGNED;
	bool has_nsid = true, may_name = true;
	struct nlattr *nest;

	/* veth's alone in 6.1, and under RCU there. */
	if (!ops->ndo_get_peer_dev)
		return 0;
	peer = ops->ndo_get_peer_dev(port->dev);
	if (!peer)
		return 0;
	if (!net_eq(net, dev_net(peer))) {
		nsid = peernet2id_alloc(net, dev_net(peer), GFP_ATOMIC);
		has_nsid = nsid >= 0;
		may_name = netlink_ns_capable(request, dev_net(peer)->user_ns,
					      CAP_NET_ADMIN);
	}
	nest = nla_nest_start(skb, LBRIDGE_PORT_A_PEER);
	if (!nest ||
	    nla_put_u32(skb, LBRIDGE_PEER_A_IFINDEX, peer->ifindex) ||
	    (may_name && nla_put_string(skb, LBRIDGE_PEER_A_IFNAME, peer->name)) ||
	    (has_nsid && nla_put_s32(skb, LBRIDGE_PEER_A_NETNSID, nsid)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Under RCU: the MAC the port's guard fixed on, and what it allows. */
static int put_port_guard_rcu(struct sk_buff *skb,
			      const struct lbridge_port *port)
{
	const struct lbridge_allowed *allowed = rcu_dereference(port->allowed);
	struct nlattr *nest;
	u8 mac[ETH_ALEN];
	unsigned int i;
	int err;

	u8 guards = READ_ONCE(port->guards);

	/* The MAC the guard goes by: none while allowed MACs override it. */
	if (put_guards(skb, port_guard_attrs, guards) ||
	    ((guards & LBRIDGE_GUARD_SOURCE) && !(allowed && allowed->n_macs) &&
	     lbridge_guard_mac(port, mac) &&
	     nla_put(skb, LBRIDGE_PORT_A_GUARD_MAC, ETH_ALEN, mac)))
		return -EMSGSIZE;
	if (!allowed)
		return 0;
	nest = nla_nest_start(skb, LBRIDGE_PORT_A_ALLOWED);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < allowed->n_macs; i++)
		if (nla_put(skb, LBRIDGE_ALLOWED_A_MAC, ETH_ALEN, allowed->macs[i]))
			return -EMSGSIZE;
	for (i = 0; i < allowed->n_ips; i++) {
		const struct lbridge_neigh_key *key = &allowed->ips[i];

		if (key->family == AF_INET)
			err = nla_put(skb, LBRIDGE_ALLOWED_A_IPV4,
				      sizeof(struct in_addr), &key->addr);
		else
			err = nla_put(skb, LBRIDGE_ALLOWED_A_IPV6,
				      sizeof(struct in6_addr), &key->addr);
		if (err)
			return err;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Under RCU: GET_PORT's reply, for the sender of @request. */
static int put_port(struct sk_buff *skb, const struct sk_buff *request,
		    const struct lbridge_port *port)
{
	struct nlattr *nest = nla_nest_start(skb, LBRIDGE_A_PORT);

	if (!nest ||
	    nla_put_u32(skb, LBRIDGE_PORT_A_IFINDEX, port->dev->ifindex) ||
	    nla_put_string(skb, LBRIDGE_PORT_A_IFNAME, port->dev->name) ||
	    nla_put_u8(skb, LBRIDGE_PORT_A_UP, lbridge_port_is_up(port)) ||
	    nla_put_u8(skb, LBRIDGE_PORT_A_LEARNING, READ_ONCE(port->learning)) ||
	    nla_put_u32(skb, LBRIDGE_PORT_A_LEARNED_COUNT,
			READ_ONCE(port->learned_count)) ||
	    nla_put_u32(skb, LBRIDGE_PORT_A_STATIC_COUNT,
			READ_ONCE(port->static_count)) ||
	    put_port_stats(skb, port) ||
	    nla_put_u8(skb, LBRIDGE_PORT_A_FLOOD, READ_ONCE(port->flood)) ||
	    nla_put_u8(skb, LBRIDGE_PORT_A_MCAST_FLOOD,
		       READ_ONCE(port->mcast_flood)) ||
	    nla_put_u8(skb, LBRIDGE_PORT_A_BCAST_FLOOD,
		       READ_ONCE(port->bcast_flood)) ||
	    nla_put_u8(skb, LBRIDGE_PORT_A_HAIRPIN, READ_ONCE(port->hairpin)) ||
	    nla_put_u8(skb, LBRIDGE_PORT_A_ISOLATED, READ_ONCE(port->isolated)) ||
	    nla_put_u8(skb, LBRIDGE_PORT_A_NEIGH_SUPPRESS,
		       READ_ONCE(port->neigh_suppress)) ||
	    nla_put_u32(skb, LBRIDGE_PORT_A_NEIGH_COUNT,
			READ_ONCE(port->neigh_count)) ||
	    put_port_guard_rcu(skb, port) ||
	    put_port_label(skb, port) ||
	    put_port_peer_rcu(skb, request, port))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Milliseconds from lbridge_fdb_now() @updated to @now, U32_MAX at most. */
static u32 age_ms_at(u32 now, u32 updated)
{
	s32 age = (s32)(now - updated);

	return min_t(u64, max(age, 0) * 1000ULL, U32_MAX);
}

static u32 age_ms(u32 updated)
{
	return age_ms_at(lbridge_fdb_now(), updated);
}

static int put_fdb_entry(struct sk_buff *skb,
			 const struct lbridge_fdb_entry *entry)
{
	struct nlattr *nest = nla_nest_start(skb, LBRIDGE_A_FDB);

	if (!nest ||
	    nla_put(skb, LBRIDGE_FDB_A_MAC, ETH_ALEN, entry->key.addr) ||
	    nla_put_u8(skb, LBRIDGE_FDB_A_STATE, READ_ONCE(entry->state)) ||
	    nla_put_u32(skb, LBRIDGE_FDB_A_AGE, age_ms(READ_ONCE(entry->updated))))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static size_t neigh_addr_len(const struct lbridge_neigh_key *key)
{
	return key->family == AF_INET ? sizeof(struct in_addr) :
					sizeof(struct in6_addr);
}

static int put_neigh_entry(struct sk_buff *skb,
			   const struct lbridge_neigh_entry *entry)
{
	const struct lbridge_neigh_key *key = &entry->key;
	struct nlattr *nest = nla_nest_start(skb, LBRIDGE_A_NEIGH);

	if (!nest ||
	    nla_put_u8(skb, LBRIDGE_NEIGH_A_FAMILY, key->family) ||
	    nla_put(skb, LBRIDGE_NEIGH_A_ADDR, neigh_addr_len(key), &key->addr) ||
	    nla_put(skb, LBRIDGE_NEIGH_A_MAC, ETH_ALEN, entry->mac) ||
	    nla_put_u32(skb, LBRIDGE_NEIGH_A_AGE, age_ms(READ_ONCE(entry->updated))) ||
	    nla_put_u8(skb, LBRIDGE_NEIGH_A_SOURCE, entry->source))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int fill_bridge(struct sk_buff *skb, struct lbridge *br, u32 portid,
		       u32 seq, int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &lbridge_genl_family, flags,
			  LBRIDGE_CMD_GET_BRIDGE);
	if (!hdr)
		return -EMSGSIZE;
	if (put_bridge(skb, br)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int fill_port(struct sk_buff *skb, const struct lbridge_port *port,
		     struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &lbridge_genl_family, NLM_F_MULTI, LBRIDGE_CMD_GET_PORT);
	if (!hdr)
		return -EMSGSIZE;
	if (put_bridge_id(skb, port->br) ||
	    put_port(skb, cb->skb, port)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int fill_fdb(struct sk_buff *skb, const struct lbridge *br,
		    const struct lbridge_fdb_entry *entry,
		    struct netlink_callback *cb)
{
	const struct lbridge_port *port = READ_ONCE(entry->port);
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &lbridge_genl_family, NLM_F_MULTI, LBRIDGE_CMD_GET_FDB);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (put_bridge_id(skb, br) || put_fdb_entry(skb, entry) ||
	    (port && put_port_id(skb, port))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int fill_neigh(struct sk_buff *skb, const struct lbridge *br,
		      const struct lbridge_neigh_entry *entry,
		      struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &lbridge_genl_family, NLM_F_MULTI, LBRIDGE_CMD_GET_NEIGH);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (put_bridge_id(skb, br) || put_port_id(skb, READ_ONCE(entry->port)) ||
	    put_neigh_entry(skb, entry)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Bridges.                                                             */

static int get_bridge_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = fill_bridge(msg, info->user_ptr[0], info->snd_portid,
			  info->snd_seq, 0);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

struct bridge_dump_ctx {
	bool started;
	unsigned long skip;
};

/*
 * What a dump's first message checks. Not in .start: 6.1 gives .start no
 * extack, and every refusal should say why; the error ends the dump.
 */
static int dump_check_request(struct netlink_callback *cb)
{
	return check_version(nlmsg_data(cb->nlh), cb->extack);
}

static int get_bridge_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct bridge_dump_ctx *ctx = (void *)cb->ctx;
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	unsigned long idx = 0;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	if (!ctx->started) {
		int err = dump_check_request(cb);

		if (err)
			return err;
		/* The policy is the doit's, which names a bridge. */
		if (genl_dumpit_info(cb)->attrs[LBRIDGE_A_BRIDGE]) {
			NL_SET_ERR_MSG_ATTR(cb->extack, NULL,
					    "A dump lists every bridge: name one without NLM_F_DUMP");
			return -EINVAL;
		}
		ctx->started = true;
	}
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
 * Whether @attr asks for a cap above @dflt (0 is no cap at all). Root of a
 * user namespace may lower the caps of its bridges, not lift them: the
 * host, or whoever made the bridge for it, would pay for the memory.
 */
static bool lifts_cap(struct sk_buff *skb, const struct nlattr *attr, u32 dflt,
		      struct netlink_ext_ack *extack)
{
	u32 value;

	if (!attr)
		return false;
	value = nla_get_u32(attr);
	if ((value && value <= dflt) || netlink_capable(skb, CAP_NET_ADMIN))
		return false;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "Raising a cap above its default needs CAP_NET_ADMIN in the initial namespace");
	return true;
}

/*
 * Whether a SET_ request's nest @tb holds anything but the name of what
 * it sets: its policy took settings only. Bridges and ports are named by
 * the same attributes.
 */
static bool sets_anything(struct nlattr **tb, int maxtype)
{
	int type;

	for (type = 1; type <= maxtype; type++)
		if (tb[type] && type != LBRIDGE_PORT_A_IFINDEX &&
		    type != LBRIDGE_PORT_A_IFNAME)
			return true;
	return false;
}

static int set_bridge_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[LBRIDGE_BRIDGE_A_MAX + 1];
	struct lbridge *br = info->user_ptr[0];
	struct lbridge_fdb *fdb = &br->fdb;
	struct lbridge_neigh_table *neigh = &br->neigh;

	nla_parse_nested_deprecated(tb, LBRIDGE_BRIDGE_A_MAX,
				    info->attrs[LBRIDGE_A_BRIDGE], NULL, NULL);
	if (!sets_anything(tb, LBRIDGE_BRIDGE_A_MAX)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LBRIDGE_A_BRIDGE],
				    "Nothing to set");
		return -EINVAL;
	}
	if (lifts_cap(skb, tb[LBRIDGE_BRIDGE_A_MAX_LEARNED],
		      LBRIDGE_DEFAULT_MAX_LEARNED, info->extack) ||
	    lifts_cap(skb, tb[LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED],
		      LBRIDGE_DEFAULT_PORT_MAX_LEARNED, info->extack) ||
	    lifts_cap(skb, tb[LBRIDGE_BRIDGE_A_MAX_STATIC],
		      LBRIDGE_DEFAULT_MAX_STATIC, info->extack) ||
	    lifts_cap(skb, tb[LBRIDGE_BRIDGE_A_MAX_NEIGH],
		      LBRIDGE_DEFAULT_MAX_NEIGH, info->extack) ||
	    lifts_cap(skb, tb[LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH],
		      LBRIDGE_DEFAULT_PORT_MAX_NEIGH, info->extack))
		return -EPERM;

	/* The policy has checked every value: nothing below can fail. */
	if (tb[LBRIDGE_BRIDGE_A_AGEING_TIME])
		lbridge_fdb_set_ageing(br,
				       nla_get_u32(tb[LBRIDGE_BRIDGE_A_AGEING_TIME]));
	if (tb[LBRIDGE_BRIDGE_A_LEARNING])
		WRITE_ONCE(fdb->learning, nla_get_u8(tb[LBRIDGE_BRIDGE_A_LEARNING]));
	if (tb[LBRIDGE_BRIDGE_A_MAX_LEARNED])
		WRITE_ONCE(fdb->max_learned,
			   nla_get_u32(tb[LBRIDGE_BRIDGE_A_MAX_LEARNED]));
	if (tb[LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED])
		WRITE_ONCE(fdb->port_max_learned,
			   nla_get_u32(tb[LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED]));
	if (tb[LBRIDGE_BRIDGE_A_MAX_STATIC])
		WRITE_ONCE(fdb->max_static,
			   nla_get_u32(tb[LBRIDGE_BRIDGE_A_MAX_STATIC]));
	if (tb[LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS])
		WRITE_ONCE(neigh->suppress,
			   nla_get_u8(tb[LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS]));
	if (tb[LBRIDGE_BRIDGE_A_ANNOUNCE])
		WRITE_ONCE(neigh->announce,
			   nla_get_u8(tb[LBRIDGE_BRIDGE_A_ANNOUNCE]));
	if (tb[LBRIDGE_BRIDGE_A_MAX_NEIGH])
		WRITE_ONCE(neigh->max, nla_get_u32(tb[LBRIDGE_BRIDGE_A_MAX_NEIGH]));
	if (tb[LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH])
		WRITE_ONCE(neigh->port_max,
			   nla_get_u32(tb[LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH]));
	WRITE_ONCE(br->guard.defaults,
		   get_guards(tb, bridge_guard_attrs, br->guard.defaults));
	return 0;
}

/* ------------------------------------------------------------------ */
/* Ports.                                                               */

/*
 * The label that LBRIDGE_PORT_A_LABEL @attr asks for, checked by the
 * policy: NULL for none (an empty string), or an ERR_PTR.
 */
static struct lbridge_label *label_new(const struct nlattr *attr)
{
	struct lbridge_label *label;

	if (!*(const char *)nla_data(attr))
		return NULL;
	label = kzalloc(sizeof(*label), GFP_KERNEL_ACCOUNT);
	if (!label)
		return ERR_PTR(-ENOMEM);
	nla_strscpy(label->text, attr, sizeof(label->text));
	return label;
}

/* Under RTNL. Events sent from softirq may still be reading the old one. */
static void port_set_label(struct lbridge_port *port,
			   struct lbridge_label *label)
{
	label = rcu_replace_pointer(port->label, label, lockdep_rtnl_is_held());
	if (label)
		kfree_rcu(label, rcu);
}

static int set_port_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lbridge_port *port = info->user_ptr[1];
	struct nlattr *tb[LBRIDGE_PORT_A_MAX + 1];
	struct lbridge_label *label = NULL;

	nla_parse_nested_deprecated(tb, LBRIDGE_PORT_A_MAX,
				    info->attrs[LBRIDGE_A_PORT], NULL, NULL);
	if (!sets_anything(tb, LBRIDGE_PORT_A_MAX)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LBRIDGE_A_PORT],
				    "Nothing to set");
		return -EINVAL;
	}
	/* The only step that can fail, before any change. */
	if (tb[LBRIDGE_PORT_A_LABEL]) {
		label = label_new(tb[LBRIDGE_PORT_A_LABEL]);
		if (IS_ERR(label))
			return PTR_ERR(label);
	}
	/* The policy has checked every value: nothing below can fail. */
	if (tb[LBRIDGE_PORT_A_LEARNING])
		WRITE_ONCE(port->learning, nla_get_u8(tb[LBRIDGE_PORT_A_LEARNING]));
	if (tb[LBRIDGE_PORT_A_FLOOD])
		WRITE_ONCE(port->flood, nla_get_u8(tb[LBRIDGE_PORT_A_FLOOD]));
	if (tb[LBRIDGE_PORT_A_MCAST_FLOOD])
		WRITE_ONCE(port->mcast_flood,
			   nla_get_u8(tb[LBRIDGE_PORT_A_MCAST_FLOOD]));
	if (tb[LBRIDGE_PORT_A_BCAST_FLOOD])
		WRITE_ONCE(port->bcast_flood,
			   nla_get_u8(tb[LBRIDGE_PORT_A_BCAST_FLOOD]));
	if (tb[LBRIDGE_PORT_A_HAIRPIN])
		WRITE_ONCE(port->hairpin, nla_get_u8(tb[LBRIDGE_PORT_A_HAIRPIN]));
	if (tb[LBRIDGE_PORT_A_ISOLATED])
		WRITE_ONCE(port->isolated, nla_get_u8(tb[LBRIDGE_PORT_A_ISOLATED]));
	if (tb[LBRIDGE_PORT_A_NEIGH_SUPPRESS])
		WRITE_ONCE(port->neigh_suppress,
			   nla_get_u8(tb[LBRIDGE_PORT_A_NEIGH_SUPPRESS]));
	lbridge_guard_set(port, get_guards(tb, port_guard_attrs, port->guards));
	if (tb[LBRIDGE_PORT_A_LABEL])
		port_set_label(port, label);
	lbridge_port_rtnl_notify(port);
	return 0;
}

/*
 * NEW_ALLOWED and DEL_ALLOWED: the one MAC or address the request's
 * ALLOWED names, checked: *@mac, or *@key.
 */
static int allowed_request(struct genl_info *info, const u8 **mac,
			   struct lbridge_neigh_key *key)
{
	struct nlattr *nest = info->attrs[LBRIDGE_A_ALLOWED];
	struct nlattr *attr = NULL, *pos;
	int rem, n = 0;

	if (!nest) {
		GENL_SET_ERR_MSG(info, "An allowed MAC or address is needed");
		return -EINVAL;
	}
	/* Every attribute counts: the policy has checked each one. */
	nla_for_each_nested(pos, nest, rem) {
		attr = pos;
		n++;
	}
	if (n != 1) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "Exactly one MAC or address, please");
		return -EINVAL;
	}
	*mac = NULL;
	memset(key, 0, sizeof(*key));
	switch (nla_type(attr)) {
	case LBRIDGE_ALLOWED_A_MAC:
		if (!is_valid_ether_addr(nla_data(attr)))
			goto bad;
		*mac = nla_data(attr);
		return 0;
	case LBRIDGE_ALLOWED_A_IPV4:
		key->family = AF_INET;
		key->addr.s6_addr32[0] = nla_get_in_addr(attr);
		/* 0/8 whole: ipv4_is_zeronet() is 0.0.0.0 alone in 6.1. */
		if (!(key->addr.s6_addr32[0] & htonl(0xff000000)) ||
		    ipv4_is_multicast(key->addr.s6_addr32[0]) ||
		    ipv4_is_lbcast(key->addr.s6_addr32[0]) ||
		    ipv4_is_loopback(key->addr.s6_addr32[0]))
			goto bad;
		return 0;
	default:
		key->family = AF_INET6;
		key->addr = nla_get_in6_addr(attr);
		if (ipv6_addr_any(&key->addr) || ipv6_addr_is_multicast(&key->addr) ||
		    ipv6_addr_loopback(&key->addr))
			goto bad;
		return 0;
	}
bad:
	NL_SET_ERR_MSG_ATTR(info->extack, attr,
			    "A unicast MAC or address, neither zero, multicast nor loopback, please");
	return -EINVAL;
}

static int allowed_doit(struct genl_info *info, bool add)
{
	struct lbridge_neigh_key key;
	const u8 *mac;
	int err;

	err = allowed_request(info, &mac, &key);
	if (err)
		return err;
	return lbridge_guard_allow(info->user_ptr[1], mac, &key, add, info->extack);
}

static int new_allowed_doit(struct sk_buff *skb, struct genl_info *info)
{
	return allowed_doit(info, true);
}

static int del_allowed_doit(struct sk_buff *skb, struct genl_info *info)
{
	return allowed_doit(info, false);
}

/*
 * A dump holds no reference between messages: a reader that never reads
 * must not keep the bridge from being deleted. Each message looks the
 * bridge up again by ifindex, and a dump whose bridge has gone ends.
 */
struct bridge_walk_ctx {
	/* 0 until the first message has found the bridge. */
	int br_ifindex;
	/* 0: every port. */
	int port_ifindex;
	union {
		/* GET_PORT: ports dumped so far. */
		unsigned long skip;
		/* GET_FDB: the entry the next message starts with. */
		struct lbridge_fdb_cursor cursor;
		/* GET_NEIGH: the binding the next message starts with; with
		 * an address, resume is set once its binding is looked up.
		 */
		struct lbridge_neigh_cursor neigh_cursor;
	};
};

/* The first message of a walk: what the request names, or why not. */
static int bridge_walk_begin(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct bridge_walk_ctx *ctx = (void *)cb->ctx;
	struct lbridge_port *port;
	struct lbridge *br;
	int err;

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->ctx));
	err = dump_check_request(cb);
	if (err)
		return err;
	rtnl_lock();
	err = resolve_rtnl(sock_net(cb->skb->sk), info->attrs,
			   NAMES_BRIDGE | MAY_NAME_PORT, &br, &port, cb->extack);
	if (!err) {
		ctx->br_ifindex = br->dev->ifindex;
		ctx->port_ifindex = port ? port->dev->ifindex : 0;
	}
	rtnl_unlock();
	return err;
}

/* Under RCU: the bridge of the walk, or NULL with the extack set. */
static struct lbridge *walk_bridge_rcu(struct netlink_callback *cb)
{
	struct bridge_walk_ctx *ctx = (void *)cb->ctx;
	struct net_device *dev;

	dev = dev_get_by_index_rcu(sock_net(cb->skb->sk), ctx->br_ifindex);
	if (!dev || !lbridge_is_bridge(dev)) {
		NL_SET_ERR_MSG_ATTR(cb->extack, NULL,
				    "The bridge was deleted during the dump");
		return NULL;
	}
	return netdev_priv(dev);
}

/*
 * One message of a dump of @br's ports, FDB or bindings, under RCU, with
 * what the request filters by beyond the port; returns what the dumpit
 * returns.
 */
typedef int (*bridge_walk_fn)(struct sk_buff *skb, struct lbridge *br,
			      struct netlink_callback *cb, const void *filter);

static int bridge_walk_dumpit(struct sk_buff *skb, struct netlink_callback *cb,
			      bridge_walk_fn dump_rcu, const void *filter)
{
	struct bridge_walk_ctx *ctx = (void *)cb->ctx;
	struct lbridge *br;
	int ret;

	ret = ctx->br_ifindex ? 0 : bridge_walk_begin(cb);
	if (ret)
		return ret;
	rcu_read_lock();
	br = walk_bridge_rcu(cb);
	ret = br ? dump_rcu(skb, br, cb, filter) : -ENODEV;
	rcu_read_unlock();
	return ret;
}

/*
 * The FDB and the bindings are walked alike: one walk of the entries,
 * whatever the filter, O(1) to find where the previous message stopped,
 * by that entry's key (the FDB's: in its bucket of the hash table). Any
 * change to the table between two messages flags the second as torn
 * (NLM_F_DUMP_INTR). If the entry to resume at is itself gone, or the FDB's
 * table was resized, the FDB's walk goes back to where nothing is missed
 * (fdb_dump_rcu); the bindings' walk has no such place, and the dump ends
 * there, flagged as torn (walk_lost_place).
 */
static void walk_stamp(struct netlink_callback *cb, unsigned long generation)
{
	/* Never 0, which would read as "not checked" to the core. Only 32 bits
	 * of the generation fit: 2^32 changes between two messages go unseen,
	 * which can tear the listing but not harm the kernel.
	 */
	cb->seq = (u32)generation ?: 1;
}

static int walk_lost_place(struct netlink_callback *cb)
{
	/* The NLMSG_DONE that follows carries the flag. */
	cb->seq = cb->prev_seq + 1;
	return 0;
}

static int port_dump_rcu(struct sk_buff *skb, struct lbridge *br,
			 struct netlink_callback *cb, const void *filter)
{
	struct bridge_walk_ctx *ctx = (void *)cb->ctx;
	struct lbridge_port *port;
	unsigned long idx = 0;

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
	ctx->skip = idx;
	return skb->len;
}

static int get_port_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return bridge_walk_dumpit(skb, cb, port_dump_rcu, NULL);
}

/* ------------------------------------------------------------------ */
/* The FDB.                                                             */

static bool fdb_dump_wants(const struct bridge_walk_ctx *ctx,
			   const struct lbridge_fdb_entry *entry)
{
	const struct lbridge_port *port = READ_ONCE(entry->port);

	return !ctx->port_ifindex ||
	       (port && port->dev->ifindex == ctx->port_ifindex);
}

/*
 * The walk went back to where nothing is missed (its cursor's bucket
 * head, or the new table's): the dump goes on from there, flagged as torn,
 * some entries told twice. Only a few times per message, so that a table
 * resized again and again cannot hold the dump for ever: false, and the
 * message must end, once @lost is past that.
 */
static bool fdb_dump_go_back(struct netlink_callback *cb, unsigned int *lost)
{
	if (++*lost > LBRIDGE_FDB_DUMP_RESTARTS)
		return false;
	/* Also the dump's first message: prev_seq is set. */
	cb->prev_seq = cb->prev_seq ?: 1;
	cb->seq = cb->prev_seq + 1;
	return true;
}

static int fdb_dump_rcu(struct sk_buff *skb, struct lbridge *br,
			struct netlink_callback *cb, const void *filter)
{
	struct bridge_walk_ctx *ctx = (void *)cb->ctx;
	struct lbridge_fdb_entry *entry;
	unsigned int lost = 0;

	walk_stamp(cb, READ_ONCE(br->fdb.generation));
	entry = lbridge_fdb_walk_rcu(br, &ctx->cursor);
	while (entry) {
		if (IS_ERR(entry)) {
			if (!fdb_dump_go_back(cb, &lost))
				return walk_lost_place(cb);
			entry = lbridge_fdb_walk_rcu(br, &ctx->cursor);
			continue;
		}
		if (fdb_dump_wants(ctx, entry) && fill_fdb(skb, br, entry, cb)) {
			lbridge_fdb_cursor_stop_at(&ctx->cursor, entry);
			/* An entry no message can hold must not end the
			 * dump as if the table had none left.
			 */
			return skb->len ?: -EMSGSIZE;
		}
		entry = lbridge_fdb_walk_next_rcu(br, &ctx->cursor, entry);
	}
	return 0;
}

/*
 * The compact form: entries as struct lbridge_fdb_record, as many to a
 * message as it holds, in the attribute FDB_RECORDS, whose length is set
 * as each record is added.
 */
struct fdb_records {
	void *hdr;
	struct nlattr *attr;
	/* How many more records the message has room for. */
	unsigned int room;
	/* lbridge_fdb_now() as the message was begun: its entries' ages. */
	u32 now;
};

/* How many records one attribute holds at most: its length is a u16. */
#define FDB_RECORDS_MAX \
	((U16_MAX - NLA_HDRLEN) / sizeof(struct lbridge_fdb_record))

static int fdb_records_open(struct sk_buff *skb, const struct lbridge *br,
			    struct netlink_callback *cb, struct fdb_records *out)
{
	out->hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
			       cb->nlh->nlmsg_seq, &lbridge_genl_family,
			       NLM_F_MULTI, LBRIDGE_CMD_GET_FDB);
	if (!out->hdr)
		return -EMSGSIZE;
	if (put_bridge_id(skb, br) ||
	    nla_put_u32(skb, LBRIDGE_A_FDB_RECORD_SIZE,
			sizeof(struct lbridge_fdb_record)))
		goto cancel;
	out->attr = nla_reserve(skb, LBRIDGE_A_FDB_RECORDS, 0);
	if (!out->attr)
		goto cancel;
	out->room = min_t(unsigned int, FDB_RECORDS_MAX,
			  skb_tailroom(skb) / sizeof(struct lbridge_fdb_record));
	out->now = lbridge_fdb_now();
	return 0;
cancel:
	genlmsg_cancel(skb, out->hdr);
	out->hdr = NULL;
	return -EMSGSIZE;
}

static int fdb_record_put(struct sk_buff *skb, struct fdb_records *out,
			  const struct lbridge_fdb_entry *entry)
{
	const struct lbridge_port *port = READ_ONCE(entry->port);
	struct lbridge_fdb_record *rec;

	/* Version 4's record; it grows only at its end, on purpose. */
	BUILD_BUG_ON(sizeof(*rec) != 16);
	if (!out->room)
		return -EMSGSIZE;
	out->room--;
	/* Zeroed: a field added later and not set here leaks nothing. */
	rec = __skb_put_zero(skb, sizeof(*rec));
	memcpy(rec->mac, entry->key.addr, ETH_ALEN);
	rec->state = READ_ONCE(entry->state);
	rec->port_ifindex = port ? port->dev->ifindex : 0;
	rec->age_ms = age_ms_at(out->now, READ_ONCE(entry->updated));
	out->attr->nla_len += sizeof(*rec);
	return 0;
}

/*
 * The message ends with the records it holds, or is taken back if it holds
 * none. It is checked for a torn walk only now, when it is sent: what
 * changed since the message before, and a walk that went back while it
 * was filled (cb->seq moved on), flag it.
 */
static void fdb_records_close(struct sk_buff *skb, struct netlink_callback *cb,
			      struct fdb_records *out)
{
	if (!out->hdr)
		return;
	if (nla_len(out->attr)) {
		genl_dump_check_consistent(cb, out->hdr);
		genlmsg_end(skb, out->hdr);
	} else {
		genlmsg_cancel(skb, out->hdr);
	}
	out->hdr = NULL;
}

static int fdb_dump_compact_rcu(struct sk_buff *skb, struct lbridge *br,
				struct netlink_callback *cb, const void *filter)
{
	struct bridge_walk_ctx *ctx = (void *)cb->ctx;
	struct fdb_records out = { };
	struct lbridge_fdb_entry *entry;
	unsigned int lost = 0;

	walk_stamp(cb, READ_ONCE(br->fdb.generation));
	entry = lbridge_fdb_walk_rcu(br, &ctx->cursor);
	while (entry) {
		if (IS_ERR(entry)) {
			if (!fdb_dump_go_back(cb, &lost)) {
				fdb_records_close(skb, cb, &out);
				return walk_lost_place(cb);
			}
			entry = lbridge_fdb_walk_rcu(br, &ctx->cursor);
			continue;
		}
		if (fdb_dump_wants(ctx, entry) &&
		    ((!out.hdr && fdb_records_open(skb, br, cb, &out)) ||
		     fdb_record_put(skb, &out, entry))) {
			lbridge_fdb_cursor_stop_at(&ctx->cursor, entry);
			fdb_records_close(skb, cb, &out);
			return skb->len ?: -EMSGSIZE;
		}
		entry = lbridge_fdb_walk_next_rcu(br, &ctx->cursor, entry);
	}
	fdb_records_close(skb, cb, &out);
	return 0;
}

static int get_fdb_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);

	if (info->attrs[LBRIDGE_A_FDB_COMPACT])
		return bridge_walk_dumpit(skb, cb, fdb_dump_compact_rcu, NULL);
	return bridge_walk_dumpit(skb, cb, fdb_dump_rcu, NULL);
}

/* The key of FDB { MAC } in @info, or false with the extack set. */
static bool fdb_request_key(struct genl_info *info, struct lbridge_fdb_key *key)
{
	struct nlattr *tb[LBRIDGE_FDB_A_MAX + 1];

	if (GENL_REQ_ATTR_CHECK(info, LBRIDGE_A_FDB))
		return false;
	nla_parse_nested_deprecated(tb, LBRIDGE_FDB_A_MAX,
				    info->attrs[LBRIDGE_A_FDB], NULL, NULL);
	if (!tb[LBRIDGE_FDB_A_MAC]) {
		NL_SET_ERR_ATTR_MISS(info->extack, info->attrs[LBRIDGE_A_FDB],
				     LBRIDGE_FDB_A_MAC);
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LBRIDGE_A_FDB],
				    "Missing the MAC address");
		return false;
	}
	lbridge_fdb_key_init(key, nla_data(tb[LBRIDGE_FDB_A_MAC]));
	return true;
}

static int new_fdb_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lbridge_port *port = info->user_ptr[1];
	struct lbridge_fdb_key key;
	int err;

	if (!fdb_request_key(info, &key))
		return -EINVAL;
	if (!is_valid_ether_addr(key.addr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LBRIDGE_A_FDB],
				    "MAC address is not valid unicast");
		return -EINVAL;
	}
	err = lbridge_fdb_add_static(port->br, port, &key);
	if (err == -EEXIST)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LBRIDGE_A_FDB],
				    "MAC address already has a static or local entry");
	else if (err == -ENOSPC)
		NL_SET_ERR_MSG_ATTR(info->extack, NULL,
				    "Too many static entries: the bridge is at max_static");
	return err;
}

static int del_fdb_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lbridge_port *port = info->user_ptr[1];
	struct lbridge_fdb_key key;
	int err;

	if (!fdb_request_key(info, &key))
		return -EINVAL;
	err = lbridge_fdb_del(port->br, port, &key);
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LBRIDGE_A_FDB],
				    "No such entry on this port");
	else if (err == -EINVAL)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LBRIDGE_A_FDB],
				    "Local entries cannot be deleted");
	return err;
}

static int flush_fdb_doit(struct sk_buff *skb, struct genl_info *info)
{
	u32 flags = 0;

	if (info->attrs[LBRIDGE_A_FLUSH_FLAGS])
		flags = nla_get_u32(info->attrs[LBRIDGE_A_FLUSH_FLAGS]);
	lbridge_fdb_flush(info->user_ptr[0], info->user_ptr[1], flags);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The bindings.                                                        */

static bool neigh_dump_wants(const struct bridge_walk_ctx *ctx,
			     const struct lbridge_neigh_entry *entry)
{
	return !ctx->port_ifindex ||
	       READ_ONCE(entry->port)->dev->ifindex == ctx->port_ifindex;
}

/* @filter: the address asked for, or NULL. */
static int neigh_dump_rcu(struct sk_buff *skb, struct lbridge *br,
			  struct netlink_callback *cb, const void *filter)
{
	struct bridge_walk_ctx *ctx = (void *)cb->ctx;
	struct lbridge_neigh_entry *entry;

	walk_stamp(cb, READ_ONCE(br->neigh.generation));
	if (filter) {
		/* One binding at most: one message, no walk. */
		if (ctx->neigh_cursor.resume)
			return 0;
		ctx->neigh_cursor.resume = true;
		entry = lbridge_neigh_lookup_rcu(br, filter);
		if (!entry || !neigh_dump_wants(ctx, entry))
			return 0;
		return fill_neigh(skb, br, entry, cb) ?: skb->len;
	}
	entry = lbridge_neigh_walk_rcu(br, &ctx->neigh_cursor);
	if (IS_ERR(entry))
		return walk_lost_place(cb);
	hlist_for_each_entry_from_rcu(entry, list) {
		if (!neigh_dump_wants(ctx, entry))
			continue;
		if (fill_neigh(skb, br, entry, cb)) {
			lbridge_neigh_cursor_stop_at(&ctx->neigh_cursor, entry);
			return skb->len;
		}
	}
	return 0;
}

/*
 * GET_NEIGH's NEIGH { ADDR, FAMILY }, checked by the policy but for how
 * length and family agree: 1 with the key in @key, 0 without NEIGH, or an
 * errno with the extack set.
 */
static int neigh_request_key(struct nlattr **attrs,
			     struct lbridge_neigh_key *key,
			     struct netlink_ext_ack *extack)
{
	const struct nlattr *nest = attrs[LBRIDGE_A_NEIGH];
	struct nlattr *tb[LBRIDGE_NEIGH_A_MAX + 1];
	const struct nlattr *addr;
	u8 family;

	if (!nest)
		return 0;
	nla_parse_nested_deprecated(tb, LBRIDGE_NEIGH_A_MAX, nest, NULL, NULL);
	addr = tb[LBRIDGE_NEIGH_A_ADDR];
	if (!addr) {
		NL_SET_ERR_ATTR_MISS(extack, nest, LBRIDGE_NEIGH_A_ADDR);
		NL_SET_ERR_MSG_ATTR(extack, nest, "Missing the address");
		return -EINVAL;
	}
	if (nla_len(addr) == sizeof(struct in_addr)) {
		family = AF_INET;
	} else if (nla_len(addr) == sizeof(struct in6_addr)) {
		family = AF_INET6;
	} else {
		NL_SET_ERR_MSG_ATTR(extack, addr,
				    "An address is of 4 bytes (IPv4) or 16 (IPv6)");
		return -EINVAL;
	}
	if (tb[LBRIDGE_NEIGH_A_FAMILY] &&
	    nla_get_u8(tb[LBRIDGE_NEIGH_A_FAMILY]) != family) {
		NL_SET_ERR_MSG_ATTR(extack, tb[LBRIDGE_NEIGH_A_FAMILY],
				    "The family is not that of the address's length");
		return -EINVAL;
	}
	memset(key, 0, sizeof(*key));
	memcpy(&key->addr, nla_data(addr), nla_len(addr));
	key->family = family;
	return 1;
}

static int get_neigh_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct lbridge_neigh_key key;
	int ret;

	/* The request's attributes stay with the dump: each message reads them. */
	ret = neigh_request_key(genl_dumpit_info(cb)->attrs, &key, cb->extack);
	if (ret < 0)
		return ret;
	return bridge_walk_dumpit(skb, cb, neigh_dump_rcu, ret ? &key : NULL);
}

/* ------------------------------------------------------------------ */
/* Events.                                                              */

bool lbridge_netlink_fdb_listened(const struct lbridge *br)
{
	return READ_ONCE(lbridge_genl_registered) &&
	       genl_has_listeners(&lbridge_genl_family, dev_net(br->dev),
				  LBRIDGE_MCGRP_FDB);
}

static size_t dev_id_size(void)
{
	return nla_total_size(0) +			/* the nest */
	       nla_total_size(sizeof(u32)) +		/* IFINDEX */
	       nla_total_size(IFNAMSIZ);		/* IFNAME, at its longest */
}

/* What put_port_id puts: a label may be set while we build. */
static size_t port_id_size(void)
{
	return dev_id_size() +
	       nla_total_size(LBRIDGE_LABEL_MAX + 1);	/* LABEL, at its longest */
}

/*
 * What the event for @change holds, exactly: the attributes fdb_event_put
 * puts, names counted at their longest since a rename may race with us.
 */
static size_t event_size(const struct lbridge_fdb_change *change, u32 lost)
{
	size_t size = dev_id_size() +			/* BRIDGE */
		      nla_total_size(sizeof(u8));	/* EVENT */

	if (lost)
		size += nla_total_size(sizeof(u32));	/* EVENTS_LOST */
	if (change->port)
		size += port_id_size();			/* PORT */
	if (change->event == LBRIDGE_FDB_EVENT_FLUSH)
		return size + nla_total_size(sizeof(u32)); /* FLUSH_FLAGS */
	return size + nla_total_size(0) +		/* FDB */
	       nla_total_size(ETH_ALEN) +		/* FDB_A_MAC */
	       nla_total_size(sizeof(u8));		/* FDB_A_STATE */
}

static int fdb_event_put(struct sk_buff *msg, struct lbridge *br,
			 const struct lbridge_fdb_change *change, u32 lost)
{
	struct nlattr *nest;

	if (put_bridge_id(msg, br) ||
	    nla_put_u8(msg, LBRIDGE_A_EVENT, change->event) ||
	    (lost && nla_put_u32(msg, LBRIDGE_A_EVENTS_LOST, lost)) ||
	    (change->port && put_port_id(msg, change->port)))
		return -EMSGSIZE;
	if (change->event == LBRIDGE_FDB_EVENT_FLUSH)
		return nla_put_u32(msg, LBRIDGE_A_FLUSH_FLAGS, change->flush_flags);
	nest = nla_nest_start(msg, LBRIDGE_A_FDB);
	if (!nest ||
	    nla_put(msg, LBRIDGE_FDB_A_MAC, ETH_ALEN, change->key.addr) ||
	    nla_put_u8(msg, LBRIDGE_FDB_A_STATE, change->state))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* The event for @change, ready to send, or NULL. Any context. */
/*
 * A new event message of @size for @cmd, its genl header in *@hdr, or
 * NULL. Any context.
 */
static struct sk_buff *event_new(size_t size, u8 cmd, void **hdr)
{
	struct sk_buff *msg = genlmsg_new(size, GFP_ATOMIC);

	if (!msg)
		return NULL;
	*hdr = genlmsg_put(msg, 0, 0, &lbridge_genl_family, 0, cmd);
	if (!*hdr) {
		/* Even a header did not fit: the size function is wrong. */
		WARN_ON_ONCE(1);
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* @msg ready to send, or freed and NULL if filling it failed (@err). */
static struct sk_buff *event_end(struct sk_buff *msg, void *hdr, int err)
{
	if (err) {
		/* Only a size function that is wrong gets here: say so, once. */
		WARN_ON_ONCE(1);
		nlmsg_free(msg);
		return NULL;
	}
	genlmsg_end(msg, hdr);
	return msg;
}

/*
 * Sends @msg to @grp of @br's namespace. NULL: the event was lost, and
 * so were the @lost ones it would have told of: the next event says so.
 */
static void event_send(struct lbridge *br, enum lbridge_mcgrp grp,
		       struct sk_buff *msg, atomic_t *events_lost, u32 lost)
{
	if (!msg) {
		atomic_add(lost + 1, events_lost);
		return;
	}
	genlmsg_multicast_netns(&lbridge_genl_family, dev_net(br->dev), msg,
				0, grp, GFP_ATOMIC);
}

static struct sk_buff *fdb_event_build(struct lbridge *br,
				       const struct lbridge_fdb_change *change,
				       u32 lost)
{
	struct sk_buff *msg;
	void *hdr;

	msg = event_new(event_size(change, lost), LBRIDGE_CMD_FDB_EVENT, &hdr);
	if (!msg)
		return NULL;
	return event_end(msg, hdr, fdb_event_put(msg, br, change, lost));
}

void lbridge_netlink_fdb_notify(struct lbridge *br,
				const struct lbridge_fdb_change *change)
{
	u32 lost;

	if (!lbridge_netlink_fdb_listened(br))
		return;
	lost = atomic_xchg(&br->fdb.events_lost, 0);
	event_send(br, LBRIDGE_MCGRP_FDB, fdb_event_build(br, change, lost),
		   &br->fdb.events_lost, lost);
}

bool lbridge_netlink_neigh_listened(const struct lbridge *br)
{
	return READ_ONCE(lbridge_genl_registered) &&
	       genl_has_listeners(&lbridge_genl_family, dev_net(br->dev),
				  LBRIDGE_MCGRP_NEIGH);
}

static size_t neigh_event_size(const struct lbridge_neigh_change *change,
			       u32 lost)
{
	size_t size = dev_id_size() +			/* BRIDGE */
		      nla_total_size(sizeof(u8)) +	/* EVENT */
		      port_id_size() +			/* PORT */
		      nla_total_size(0) +		/* NEIGH */
		      nla_total_size(sizeof(u8)) +	/* NEIGH_A_FAMILY */
		      nla_total_size(sizeof(struct in6_addr)) + /* NEIGH_A_ADDR */
		      nla_total_size(ETH_ALEN) +	/* NEIGH_A_MAC */
		      nla_total_size(sizeof(u8));	/* NEIGH_A_SOURCE */

	if (lost)
		size += nla_total_size(sizeof(u32));	/* EVENTS_LOST */
	if (change->old_mac)
		size += nla_total_size(ETH_ALEN) +	/* NEIGH_A_OLD_MAC */
			nla_total_size(sizeof(u32)) +	/* NEIGH_A_OLD_PORT_IFINDEX */
			nla_total_size(IFNAMSIZ);	/* NEIGH_A_OLD_PORT_IFNAME */
	return size;
}

static int neigh_event_put(struct sk_buff *msg, struct lbridge *br,
			   const struct lbridge_neigh_change *change, u32 lost)
{
	const struct lbridge_neigh_key *key = change->key;
	struct nlattr *nest;

	if (put_bridge_id(msg, br) ||
	    nla_put_u8(msg, LBRIDGE_A_EVENT, change->event) ||
	    (lost && nla_put_u32(msg, LBRIDGE_A_EVENTS_LOST, lost)) ||
	    put_port_id(msg, change->port))
		return -EMSGSIZE;
	nest = nla_nest_start(msg, LBRIDGE_A_NEIGH);
	if (!nest ||
	    nla_put_u8(msg, LBRIDGE_NEIGH_A_FAMILY, key->family) ||
	    nla_put(msg, LBRIDGE_NEIGH_A_ADDR, neigh_addr_len(key), &key->addr) ||
	    nla_put(msg, LBRIDGE_NEIGH_A_MAC, ETH_ALEN, change->mac) ||
	    nla_put_u8(msg, LBRIDGE_NEIGH_A_SOURCE, change->source))
		return -EMSGSIZE;
	if (change->old_mac &&
	    (nla_put(msg, LBRIDGE_NEIGH_A_OLD_MAC, ETH_ALEN, change->old_mac) ||
	     nla_put_u32(msg, LBRIDGE_NEIGH_A_OLD_PORT_IFINDEX, change->old_ifindex) ||
	     nla_put_string(msg, LBRIDGE_NEIGH_A_OLD_PORT_IFNAME, change->old_ifname)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * Any context; cheap when nobody listens. The caller rate-limits rebinds
 * and conflicts and counts what it held back in br->neigh.events_lost.
 */
static struct sk_buff *neigh_event_build(struct lbridge *br,
					 const struct lbridge_neigh_change *change,
					 u32 lost)
{
	struct sk_buff *msg;
	void *hdr;

	msg = event_new(neigh_event_size(change, lost), LBRIDGE_CMD_NEIGH_EVENT, &hdr);
	if (!msg)
		return NULL;
	return event_end(msg, hdr, neigh_event_put(msg, br, change, lost));
}

void lbridge_netlink_neigh_notify(struct lbridge *br,
				  const struct lbridge_neigh_change *change)
{
	u32 lost;

	if (!lbridge_netlink_neigh_listened(br))
		return;
	lost = atomic_xchg(&br->neigh.events_lost, 0);
	event_send(br, LBRIDGE_MCGRP_NEIGH, neigh_event_build(br, change, lost),
		   &br->neigh.events_lost, lost);
}

bool lbridge_netlink_guard_listened(const struct lbridge *br)
{
	return READ_ONCE(lbridge_genl_registered) &&
	       genl_has_listeners(&lbridge_genl_family, dev_net(br->dev),
				  LBRIDGE_MCGRP_GUARD);
}

static size_t guard_event_size(u32 lost)
{
	size_t size = dev_id_size() +			/* BRIDGE */
		      port_id_size() +			/* PORT */
		      nla_total_size(0) +		/* GUARD */
		      nla_total_size(sizeof(u8)) +	/* GUARD_A_REASON */
		      nla_total_size(ETH_ALEN) +	/* GUARD_A_MAC */
		      nla_total_size(sizeof(u8)) +	/* GUARD_A_FAMILY */
		      nla_total_size(sizeof(struct in6_addr)) + /* GUARD_A_ADDR */
		      nla_total_size(sizeof(u32)) +	/* GUARD_A_OWNER_IFINDEX */
		      nla_total_size(IFNAMSIZ) +	/* GUARD_A_OWNER_IFNAME */
		      nla_total_size(LBRIDGE_LABEL_MAX + 1); /* GUARD_A_OWNER_LABEL */

	if (lost)
		size += nla_total_size(sizeof(u32));	/* EVENTS_LOST */
	return size;
}

/* Under RCU: who holds what the frame used, the host being the bridge. */
static int guard_owner_put_rcu(struct sk_buff *msg, struct lbridge *br,
			       const struct lbridge_guard_offence *off)
{
	const struct net_device *dev = off->owner ? off->owner->dev :
				       off->host ? br->dev : NULL;
	const struct lbridge_label *label;

	if (!dev)
		return 0;
	if (nla_put_u32(msg, LBRIDGE_GUARD_A_OWNER_IFINDEX, dev->ifindex) ||
	    nla_put_string(msg, LBRIDGE_GUARD_A_OWNER_IFNAME, dev->name))
		return -EMSGSIZE;
	label = off->owner ? rcu_dereference(off->owner->label) : NULL;
	if (label && nla_put_string(msg, LBRIDGE_GUARD_A_OWNER_LABEL, label->text))
		return -EMSGSIZE;
	return 0;
}

static int guard_event_put_rcu(struct sk_buff *msg, struct lbridge *br,
			       struct lbridge_port *port, u8 reason,
			       const struct lbridge_guard_offence *off, u32 lost)
{
	struct nlattr *nest;

	if (put_bridge_id(msg, br) ||
	    (lost && nla_put_u32(msg, LBRIDGE_A_EVENTS_LOST, lost)) ||
	    put_port_id(msg, port))
		return -EMSGSIZE;
	nest = nla_nest_start(msg, LBRIDGE_A_GUARD);
	if (!nest ||
	    nla_put_u8(msg, LBRIDGE_GUARD_A_REASON, reason) ||
	    nla_put(msg, LBRIDGE_GUARD_A_MAC, ETH_ALEN, off->mac) ||
	    (off->key.family &&
	     (nla_put_u8(msg, LBRIDGE_GUARD_A_FAMILY, off->key.family) ||
	      nla_put(msg, LBRIDGE_GUARD_A_ADDR, neigh_addr_len(&off->key),
		      &off->key.addr))) ||
	    guard_owner_put_rcu(msg, br, off))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

void lbridge_netlink_guard_notify(struct lbridge *br, struct lbridge_port *port,
				  u8 reason,
				  const struct lbridge_guard_offence *off)
{
	struct sk_buff *msg;
	void *hdr;
	u32 lost;

	lost = atomic_xchg(&br->guard.events_lost, 0);
	msg = event_new(guard_event_size(lost), LBRIDGE_CMD_GUARD_EVENT, &hdr);
	if (msg)
		msg = event_end(msg, hdr,
				guard_event_put_rcu(msg, br, port, reason, off, lost));
	event_send(br, LBRIDGE_MCGRP_GUARD, msg, &br->guard.events_lost, lost);
}

/* ------------------------------------------------------------------ */
/* The family.                                                          */

static const struct genl_ops lbridge_genl_ops[] = {
	{
		.cmd		= LBRIDGE_CMD_GET_BRIDGE,
		.policy		= get_bridge_policy,
		.maxattr	= LBRIDGE_A_MAX,
		.internal_flags	= NAMES_BRIDGE,
		.doit		= get_bridge_doit,
		.dumpit		= get_bridge_dumpit,
	},
	{
		.cmd		= LBRIDGE_CMD_SET_BRIDGE,
		.policy		= set_bridge_policy,
		.maxattr	= LBRIDGE_A_MAX,
		.internal_flags	= NAMES_BRIDGE,
		.doit		= set_bridge_doit,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LBRIDGE_CMD_GET_PORT,
		.policy		= bridge_walk_policy,
		.maxattr	= LBRIDGE_A_MAX,
		.dumpit		= get_port_dumpit,
	},
	{
		.cmd		= LBRIDGE_CMD_GET_FDB,
		.policy		= get_fdb_policy,
		.maxattr	= LBRIDGE_A_MAX,
		.dumpit		= get_fdb_dumpit,
	},
	{
		.cmd		= LBRIDGE_CMD_NEW_FDB,
		.policy		= fdb_entry_policy,
		.maxattr	= LBRIDGE_A_MAX,
		.internal_flags	= NAMES_PORT,
		.doit		= new_fdb_doit,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LBRIDGE_CMD_DEL_FDB,
		.policy		= fdb_entry_policy,
		.maxattr	= LBRIDGE_A_MAX,
		.internal_flags	= NAMES_PORT,
		.doit		= del_fdb_doit,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LBRIDGE_CMD_FLUSH_FDB,
		.policy		= flush_fdb_policy,
		.maxattr	= LBRIDGE_A_MAX,
		.internal_flags	= NAMES_BRIDGE | MAY_NAME_PORT,
		.doit		= flush_fdb_doit,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LBRIDGE_CMD_SET_PORT,
		.policy		= set_port_policy,
		.maxattr	= LBRIDGE_A_MAX,
		.internal_flags	= NAMES_PORT,
		.doit		= set_port_doit,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LBRIDGE_CMD_GET_NEIGH,
		.policy		= get_neigh_policy,
		.maxattr	= LBRIDGE_A_MAX,
		.dumpit		= get_neigh_dumpit,
	},
	{
		.cmd		= LBRIDGE_CMD_NEW_ALLOWED,
		.policy		= allowed_entry_policy,
		.maxattr	= LBRIDGE_A_MAX,
		.internal_flags	= NAMES_PORT,
		.doit		= new_allowed_doit,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= LBRIDGE_CMD_DEL_ALLOWED,
		.policy		= allowed_entry_policy,
		.maxattr	= LBRIDGE_A_MAX,
		.internal_flags	= NAMES_PORT,
		.doit		= del_allowed_doit,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group lbridge_genl_mcgrps[] = {
	[LBRIDGE_MCGRP_FDB]	= { .name = LBRIDGE_GENL_MCGRP_FDB },
	[LBRIDGE_MCGRP_NEIGH]	= { .name = LBRIDGE_GENL_MCGRP_NEIGH },
	[LBRIDGE_MCGRP_GUARD]	= { .name = LBRIDGE_GENL_MCGRP_GUARD },
};

static struct genl_family lbridge_genl_family __ro_after_init = {
	.name		= LBRIDGE_GENL_NAME,
	.version	= LBRIDGE_GENL_VERSION,
	.maxattr	= LBRIDGE_A_MAX,
	.netnsok	= true,
	/* Requests take RTNL in pre_doit, dumps in their first message only
	 * (bridge_walk_begin); dumps read under RCU: one slow reader must not
	 * hold up every generic netlink family behind it.
	 */
	.parallel_ops	= true,
	.pre_doit	= lbridge_pre_doit,
	.post_doit	= lbridge_post_doit,
	.module		= THIS_MODULE,
	.ops		= lbridge_genl_ops,
	.n_ops		= ARRAY_SIZE(lbridge_genl_ops),
	/* Every command validates strictly, the reserved header field too. */
	.resv_start_op	= LBRIDGE_CMD_GET_BRIDGE,
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

#if IS_ENABLED(CONFIG_LBRIDGE_KUNIT_TEST)
#include "netlink_test.c"
#endif
