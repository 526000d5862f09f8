// SPDX-License-Identifier: GPL-2.0
/*
 * Ports through rtnetlink, as iproute2's `bridge link` sees and sets them:
 * `bridge -d link show` lists each port with its state and flags, and
 * `bridge link set dev veth2 isolated on` changes them. The core hands a
 * port's RTM_GETLINK / RTM_SETLINK of family AF_BRIDGE to its master's
 * ndo_bridge_getlink / ndo_bridge_setlink, without IFF_BRIDGE_PORT.
 *
 * The messages are the Linux bridge's: IFLA_MASTER, and an IFLA_PROTINFO
 * nest of IFLA_BRPORT_* attributes. A port's state is forwarding while it
 * is up, disabled otherwise: there is no STP. An attribute lbridge does
 * not support is refused by name, never ignored, and a refused request
 * changes nothing.
 */
#include <linux/if_bridge.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>

#include "device.h"
#include "forward.h"
#include "port.h"
#include "port_rtnl.h"

/* Under RCU: the port that @dev is, or NULL, whether it is joining or leaving. */
static struct lbridge_port *port_get_check_rcu(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != lbridge_handle_frame)
		return NULL;
	return rcu_dereference_rtnl(dev->rx_handler_data);
}

/* ------------------------------------------------------------------ */
/* What a port looks like.                                             */

static int put_protinfo(struct sk_buff *skb, const struct lbridge_port *port)
{
	struct nlattr *nest = nla_nest_start(skb, IFLA_PROTINFO);

	if (!nest ||
	    nla_put_u8(skb, IFLA_BRPORT_STATE, lbridge_port_is_up(port) ?
		       BR_STATE_FORWARDING : BR_STATE_DISABLED) ||
	    nla_put_u8(skb, IFLA_BRPORT_LEARNING, READ_ONCE(port->learning)) ||
	    nla_put_u8(skb, IFLA_BRPORT_UNICAST_FLOOD, READ_ONCE(port->flood)) ||
	    nla_put_u8(skb, IFLA_BRPORT_MCAST_FLOOD,
		       READ_ONCE(port->mcast_flood)) ||
	    nla_put_u8(skb, IFLA_BRPORT_BCAST_FLOOD,
		       READ_ONCE(port->bcast_flood)) ||
	    nla_put_u8(skb, IFLA_BRPORT_MODE, READ_ONCE(port->hairpin)) ||
	    nla_put_u8(skb, IFLA_BRPORT_ISOLATED, READ_ONCE(port->isolated)) ||
	    nla_put_u8(skb, IFLA_BRPORT_NEIGH_SUPPRESS,
		       READ_ONCE(port->neigh_suppress)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static size_t port_msg_size(void)
{
	return NLMSG_ALIGN(sizeof(struct ifinfomsg)) +
	       nla_total_size(IFNAMSIZ) +		/* IFLA_IFNAME */
	       nla_total_size(sizeof(u32)) +		/* IFLA_MASTER */
	       nla_total_size(sizeof(u32)) +		/* IFLA_MTU */
	       nla_total_size(sizeof(u8)) +		/* IFLA_OPERSTATE */
	       nla_total_size(MAX_ADDR_LEN) +		/* IFLA_ADDRESS */
	       nla_total_size(sizeof(u32)) +		/* IFLA_LINK */
	       nla_total_size(0) +			/* IFLA_PROTINFO */
	       8 * nla_total_size(sizeof(u8));		/* its IFLA_BRPORT_* */
}

static int fill_port(struct sk_buff *skb, const struct lbridge_port *port,
		     u32 pid, u32 seq, int event, unsigned int flags)
{
	const struct net_device *dev = port->dev;
	u8 operstate = netif_running(dev) ? READ_ONCE(dev->operstate) :
					    IF_OPER_DOWN;
	struct ifinfomsg *hdr;
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(skb, pid, seq, event, sizeof(*hdr), flags);
	if (!nlh)
		return -EMSGSIZE;
	hdr = nlmsg_data(nlh);
	hdr->ifi_family = AF_BRIDGE;
	hdr->__ifi_pad = 0;
	hdr->ifi_type = dev->type;
	hdr->ifi_index = dev->ifindex;
	hdr->ifi_flags = dev_get_flags(dev);
	hdr->ifi_change = 0;

	if (nla_put_string(skb, IFLA_IFNAME, dev->name) ||
	    nla_put_u32(skb, IFLA_MASTER, port->br->dev->ifindex) ||
	    nla_put_u32(skb, IFLA_MTU, dev->mtu) ||
	    nla_put_u8(skb, IFLA_OPERSTATE, operstate) ||
	    nla_put(skb, IFLA_ADDRESS, dev->addr_len, dev->dev_addr) ||
	    (dev->ifindex != dev_get_iflink(dev) &&
	     nla_put_u32(skb, IFLA_LINK, dev_get_iflink(dev))) ||
	    put_protinfo(skb, port)) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

/*
 * ndo_bridge_getlink, for every port of an lbridge (and for the bridge
 * itself, which has no port line): under RTNL and RCU.
 */
int lbridge_port_getlink(struct sk_buff *skb, u32 pid, u32 seq,
			 struct net_device *dev, u32 filter_mask, int nlflags)
{
	const struct lbridge_port *port = port_get_check_rcu(dev);

	if (!port)
		return 0;
	return fill_port(skb, port, pid, seq, RTM_NEWLINK, nlflags);
}

/* `bridge monitor link` hears of a change, as from the Linux bridge. */
void lbridge_port_rtnl_notify(const struct lbridge_port *port)
{
	struct net *net = dev_net(port->dev);
	struct sk_buff *skb;
	int err = -ENOBUFS;

	skb = nlmsg_new(port_msg_size(), GFP_KERNEL);
	if (!skb)
		goto err;
	rcu_read_lock();
	err = fill_port(skb, port, 0, 0, RTM_NEWLINK, 0);
	rcu_read_unlock();
	if (err) {
		/* Only a wrong port_msg_size() gets here. */
		WARN_ON_ONCE(1);
		kfree_skb(skb);
		goto err;
	}
	rtnl_notify(skb, net, 0, RTNLGRP_LINK, NULL, GFP_KERNEL);
	return;
err:
	rtnl_set_sk_err(net, RTNLGRP_LINK, err);
}

/* ------------------------------------------------------------------ */
/* Changing it.                                                         */

static const struct nla_policy brport_policy[IFLA_BRPORT_MAX + 1] = {
	[IFLA_BRPORT_LEARNING]		= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_BRPORT_UNICAST_FLOOD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_BRPORT_MCAST_FLOOD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_BRPORT_BCAST_FLOOD]	= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_BRPORT_MODE]		= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_BRPORT_ISOLATED]		= NLA_POLICY_MAX(NLA_U8, 1),
	[IFLA_BRPORT_NEIGH_SUPPRESS]	= NLA_POLICY_MAX(NLA_U8, 1),
};

/* extack messages live as long as the module: one per attribute. */
struct refusal {
	int type;
	const char *msg;
};

#define NOT_SUPPORTED(attr) { attr, "lbridge does not support " #attr }

static const struct refusal brport_refusals[] = {
	NOT_SUPPORTED(IFLA_BRPORT_UNSPEC),
	NOT_SUPPORTED(IFLA_BRPORT_STATE),
	NOT_SUPPORTED(IFLA_BRPORT_PRIORITY),
	NOT_SUPPORTED(IFLA_BRPORT_COST),
	NOT_SUPPORTED(IFLA_BRPORT_GUARD),
	NOT_SUPPORTED(IFLA_BRPORT_PROTECT),
	NOT_SUPPORTED(IFLA_BRPORT_FAST_LEAVE),
	NOT_SUPPORTED(IFLA_BRPORT_PROXYARP),
	NOT_SUPPORTED(IFLA_BRPORT_LEARNING_SYNC),
	NOT_SUPPORTED(IFLA_BRPORT_PROXYARP_WIFI),
	NOT_SUPPORTED(IFLA_BRPORT_ROOT_ID),
	NOT_SUPPORTED(IFLA_BRPORT_BRIDGE_ID),
	NOT_SUPPORTED(IFLA_BRPORT_DESIGNATED_PORT),
	NOT_SUPPORTED(IFLA_BRPORT_DESIGNATED_COST),
	NOT_SUPPORTED(IFLA_BRPORT_ID),
	NOT_SUPPORTED(IFLA_BRPORT_NO),
	NOT_SUPPORTED(IFLA_BRPORT_TOPOLOGY_CHANGE_ACK),
	NOT_SUPPORTED(IFLA_BRPORT_CONFIG_PENDING),
	NOT_SUPPORTED(IFLA_BRPORT_MESSAGE_AGE_TIMER),
	NOT_SUPPORTED(IFLA_BRPORT_FORWARD_DELAY_TIMER),
	NOT_SUPPORTED(IFLA_BRPORT_HOLD_TIMER),
	NOT_SUPPORTED(IFLA_BRPORT_FLUSH),
	NOT_SUPPORTED(IFLA_BRPORT_MULTICAST_ROUTER),
	NOT_SUPPORTED(IFLA_BRPORT_PAD),
	NOT_SUPPORTED(IFLA_BRPORT_MCAST_TO_UCAST),
	NOT_SUPPORTED(IFLA_BRPORT_VLAN_TUNNEL),
	NOT_SUPPORTED(IFLA_BRPORT_GROUP_FWD_MASK),
	NOT_SUPPORTED(IFLA_BRPORT_BACKUP_PORT),
	NOT_SUPPORTED(IFLA_BRPORT_MRP_RING_OPEN),
	NOT_SUPPORTED(IFLA_BRPORT_MRP_IN_OPEN),
	NOT_SUPPORTED(IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT),
	NOT_SUPPORTED(IFLA_BRPORT_MCAST_EHT_HOSTS_CNT),
	NOT_SUPPORTED(IFLA_BRPORT_LOCKED),
};

static const char *refusal_of(int type)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(brport_refusals); i++)
		if (brport_refusals[i].type == type)
			return brport_refusals[i].msg;
	return NULL;
}

/* Refuses, by name, any attribute of @protinfo lbridge does not support. */
static int check_supported(const struct nlattr *protinfo,
			   struct netlink_ext_ack *extack)
{
	const struct nlattr *attr;
	int rem;

	nla_for_each_nested(attr, protinfo, rem) {
		int type = nla_type(attr);
		const char *msg;

		if (type <= IFLA_BRPORT_MAX && brport_policy[type].type)
			continue;
		msg = refusal_of(type);
		if (!msg) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "lbridge does not support this IFLA_BRPORT attribute");
		} else if (extack) {
			/* The macros want a literal: the table's are as lasting. */
			extack->_msg = msg;
			extack->bad_attr = attr;
		}
		return -EOPNOTSUPP;
	}
	return 0;
}

/*
 * What else a request may carry: IFLA_AF_SPEC with IFLA_BRIDGE_FLAGS
 * alone (the core's "master"); no VLANs, no hardware mode. Returns the
 * IFLA_PROTINFO nest, or an ERR_PTR with the extack set.
 */
static struct nlattr *check_request(struct nlmsghdr *nlh, u16 flags,
				    struct netlink_ext_ack *extack)
{
	struct nlattr *attr, *protinfo = NULL;
	int rem;

	/* The core would go on to the port's own driver: say so now, before
	 * anything is changed, not after.
	 */
	if (flags & BRIDGE_FLAGS_SELF) {
		NL_SET_ERR_MSG_MOD(extack,
				   "lbridge sets a port's flags as its master, not with \"self\"");
		return ERR_PTR(-EOPNOTSUPP);
	}
	nlmsg_for_each_attr(attr, nlh, sizeof(struct ifinfomsg), rem) {
		const struct nlattr *spec;
		int spec_rem;

		switch (nla_type(attr)) {
		case IFLA_PROTINFO:
			protinfo = attr;
			break;
		case IFLA_AF_SPEC:
			nla_for_each_nested(spec, attr, spec_rem) {
				if (nla_type(spec) == IFLA_BRIDGE_FLAGS)
					continue;
				NL_SET_ERR_MSG_ATTR(extack, spec,
						    "lbridge does not support this IFLA_AF_SPEC attribute (no VLANs, no hardware mode)");
				return ERR_PTR(-EOPNOTSUPP);
			}
			break;
		default:
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "lbridge sets a port through IFLA_PROTINFO only");
			return ERR_PTR(-EOPNOTSUPP);
		}
	}
	if (!protinfo || !nla_len(protinfo)) {
		NL_SET_ERR_MSG_MOD(extack, "Nothing to set");
		return ERR_PTR(-EINVAL);
	}
	if (!(protinfo->nla_type & NLA_F_NESTED)) {
		/* The old binary form: a spanning tree state, alone. */
		NL_SET_ERR_MSG_ATTR(extack, protinfo,
				    "lbridge does not support IFLA_BRPORT_STATE: it has no STP");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return protinfo;
}

/* ndo_bridge_setlink: `bridge link set dev PORT ...`, under RTNL. */
int lbridge_port_setlink(struct net_device *dev, struct nlmsghdr *nlh,
			 u16 flags, struct netlink_ext_ack *extack)
{
	struct lbridge_port *port = lbridge_port_get_rtnl(dev);
	struct nlattr *tb[IFLA_BRPORT_MAX + 1];
	struct nlattr *protinfo;
	int err;

	ASSERT_RTNL();
	if (!port) {
		NL_SET_ERR_MSG_MOD(extack, "Device is not a port of an lbridge bridge");
		return -EINVAL;
	}
	protinfo = check_request(nlh, flags, extack);
	if (IS_ERR(protinfo))
		return PTR_ERR(protinfo);
	err = check_supported(protinfo, extack);
	if (err)
		return err;
	err = nla_parse_nested(tb, IFLA_BRPORT_MAX, protinfo, brport_policy,
			       extack);
	if (err)
		return err;

	/* Every value is checked: nothing below can fail. */
	if (tb[IFLA_BRPORT_LEARNING])
		WRITE_ONCE(port->learning, nla_get_u8(tb[IFLA_BRPORT_LEARNING]));
	if (tb[IFLA_BRPORT_UNICAST_FLOOD])
		WRITE_ONCE(port->flood, nla_get_u8(tb[IFLA_BRPORT_UNICAST_FLOOD]));
	if (tb[IFLA_BRPORT_MCAST_FLOOD])
		WRITE_ONCE(port->mcast_flood,
			   nla_get_u8(tb[IFLA_BRPORT_MCAST_FLOOD]));
	if (tb[IFLA_BRPORT_BCAST_FLOOD])
		WRITE_ONCE(port->bcast_flood,
			   nla_get_u8(tb[IFLA_BRPORT_BCAST_FLOOD]));
	if (tb[IFLA_BRPORT_MODE])
		WRITE_ONCE(port->hairpin, nla_get_u8(tb[IFLA_BRPORT_MODE]));
	if (tb[IFLA_BRPORT_ISOLATED])
		WRITE_ONCE(port->isolated, nla_get_u8(tb[IFLA_BRPORT_ISOLATED]));
	if (tb[IFLA_BRPORT_NEIGH_SUPPRESS])
		WRITE_ONCE(port->neigh_suppress,
			   nla_get_u8(tb[IFLA_BRPORT_NEIGH_SUPPRESS]));
	lbridge_port_rtnl_notify(port);
	return 0;
}

#if IS_ENABLED(CONFIG_LBRIDGE_KUNIT_TEST)
#include "port_rtnl_test.c"
#endif
