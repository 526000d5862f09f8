// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: ports as `bridge link` sees and sets them, the requests built as
 * iproute2 builds them. Included by port_rtnl.c.
 */
#include <kunit/test.h>

#include "test_fixture.h"

static int port_rtnl_test_init(struct kunit *test)
{
	return lbridge_test_init(test, 2);
}

/* The flags of a port, in one word, to tell that nothing changed. */
static unsigned int flags_of(const struct lbridge_port *port)
{
	return port->learning << 0 | port->flood << 1 | port->mcast_flood << 2 |
	       port->bcast_flood << 3 | port->hairpin << 4 | port->isolated << 5 |
	       port->neigh_suppress << 6;
}

#define DEFAULT_FLAGS	0x0f	/* learning, flood, mcast_flood, bcast_flood */

static void a_new_port_has_the_linux_bridge_defaults(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, DEFAULT_FLAGS, flags_of(lbridge_test_port(test, 0)));
}

/* One attribute of a request: @type in IFLA_PROTINFO, or at the top. */
struct rq_attr {
	u16 type;
	u8 len;		/* 0: none; 1: a u8; 2: a u16; 4: a u32 */
	u32 value;
};

struct setlink_case {
	const char *what;
	struct rq_attr attrs[2];
	/* IFLA_PROTINFO without NLA_F_NESTED, as old RSTP daemons send it. */
	bool flat;
	/* An IFLA_AF_SPEC nest holding this attribute too. */
	struct rq_attr spec;
	u16 flags;
	int err;
	/* The message when refused, or NULL; the flags after, as flags_of(). */
	const char *msg;
	unsigned int after;
};

#define U8(t, v)	{ .type = (t), .len = 1, .value = (v) }
#define U16(t, v)	{ .type = (t), .len = 2, .value = (v) }
#define U32(t, v)	{ .type = (t), .len = 4, .value = (v) }

static const struct setlink_case setlink_cases[] = {
	{ "learning off", { U8(IFLA_BRPORT_LEARNING, 0) }, .after = 0x0e },
	{ "flood off", { U8(IFLA_BRPORT_UNICAST_FLOOD, 0) }, .after = 0x0d },
	{ "mcast_flood off", { U8(IFLA_BRPORT_MCAST_FLOOD, 0) }, .after = 0x0b },
	{ "bcast_flood off", { U8(IFLA_BRPORT_BCAST_FLOOD, 0) }, .after = 0x07 },
	{ "hairpin on", { U8(IFLA_BRPORT_MODE, 1) }, .after = 0x1f },
	{ "isolated on", { U8(IFLA_BRPORT_ISOLATED, 1) }, .after = 0x2f },
	{ "isolated and hairpin at once",
	  { U8(IFLA_BRPORT_ISOLATED, 1), U8(IFLA_BRPORT_MODE, 1) }, .after = 0x3f },
	{ "with \"master\"", { U8(IFLA_BRPORT_ISOLATED, 1) },
	  .spec = U16(IFLA_BRIDGE_FLAGS, BRIDGE_FLAGS_MASTER),
	  .flags = BRIDGE_FLAGS_MASTER, .after = 0x2f },
	{ "cost is refused by name", { U32(IFLA_BRPORT_COST, 5) }, .err = -EOPNOTSUPP,
	  .msg = "lbridge does not support IFLA_BRPORT_COST", .after = DEFAULT_FLAGS },
	{ "nothing of a request with cost is applied",
	  { U8(IFLA_BRPORT_ISOLATED, 1), U32(IFLA_BRPORT_COST, 5) }, .err = -EOPNOTSUPP,
	  .msg = "lbridge does not support IFLA_BRPORT_COST", .after = DEFAULT_FLAGS },
	{ "guard is refused by name", { U8(IFLA_BRPORT_GUARD, 1) }, .err = -EOPNOTSUPP,
	  .msg = "lbridge does not support IFLA_BRPORT_GUARD", .after = DEFAULT_FLAGS },
	{ "neigh_suppress on", { U8(IFLA_BRPORT_NEIGH_SUPPRESS, 1) }, .after = 0x4f },
	{ "neigh_suppress and isolated at once",
	  { U8(IFLA_BRPORT_NEIGH_SUPPRESS, 1), U8(IFLA_BRPORT_ISOLATED, 1) }, .after = 0x6f },
	{ "nothing of a request with neigh_suppress and cost is applied",
	  { U8(IFLA_BRPORT_NEIGH_SUPPRESS, 1), U32(IFLA_BRPORT_COST, 5) }, .err = -EOPNOTSUPP,
	  .msg = "lbridge does not support IFLA_BRPORT_COST", .after = DEFAULT_FLAGS },
	{ "neigh_suppress 2 is refused", { U8(IFLA_BRPORT_NEIGH_SUPPRESS, 2) },
	  .err = -ERANGE, .after = DEFAULT_FLAGS },
	{ "locked is refused by name", { U8(IFLA_BRPORT_LOCKED, 1) }, .err = -EOPNOTSUPP,
	  .msg = "lbridge does not support IFLA_BRPORT_LOCKED", .after = DEFAULT_FLAGS },
	{ "a state is refused by name", { U8(IFLA_BRPORT_STATE, 3) }, .err = -EOPNOTSUPP,
	  .msg = "lbridge does not support IFLA_BRPORT_STATE", .after = DEFAULT_FLAGS },
	{ "an attribute newer than the kernel is refused",
	  { U8(IFLA_BRPORT_MAX + 1, 1) }, .err = -EOPNOTSUPP,
	  .msg = "lbridge does not support this IFLA_BRPORT attribute", .after = DEFAULT_FLAGS },
	{ "isolated 2 is refused", { U8(IFLA_BRPORT_ISOLATED, 2) }, .err = -ERANGE,
	  .after = DEFAULT_FLAGS },
	{ "learning as a u32 is refused", { U8(IFLA_BRPORT_ISOLATED, 1),
	  U32(IFLA_BRPORT_LEARNING, 0) }, .err = -EINVAL, .after = DEFAULT_FLAGS },
	{ "an empty request is refused", { }, .err = -EINVAL, .msg = "lbridge: Nothing to set",
	  .after = DEFAULT_FLAGS },
	{ "a flat state is refused", { U8(IFLA_BRPORT_UNSPEC, 3) }, .flat = true,
	  .err = -EOPNOTSUPP, .after = DEFAULT_FLAGS,
	  .msg = "lbridge does not support IFLA_BRPORT_STATE: it has no STP" },
	{ "a VLAN is refused", { U8(IFLA_BRPORT_ISOLATED, 1) },
	  .spec = U32(IFLA_BRIDGE_VLAN_INFO, 0x00010000), .err = -EOPNOTSUPP,
	  .after = DEFAULT_FLAGS },
	{ "\"self\" is refused", { U8(IFLA_BRPORT_ISOLATED, 1) },
	  .spec = U16(IFLA_BRIDGE_FLAGS, BRIDGE_FLAGS_MASTER | BRIDGE_FLAGS_SELF),
	  .flags = BRIDGE_FLAGS_MASTER | BRIDGE_FLAGS_SELF, .err = -EOPNOTSUPP,
	  .after = DEFAULT_FLAGS },
};

static void setlink_case_desc(const struct setlink_case *c, char *desc)
{
	strscpy(desc, c->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(setlink, setlink_cases, setlink_case_desc);

static void put_attr(struct sk_buff *skb, const struct rq_attr *a)
{
	if (a->len == 1)
		nla_put_u8(skb, a->type, a->value);
	else if (a->len == 2)
		nla_put_u16(skb, a->type, a->value);
	else if (a->len == 4)
		nla_put_u32(skb, a->type, a->value);
}

/* RTM_SETLINK for @dev as iproute2's `bridge link set` builds it. */
static struct nlmsghdr *build_setlink(struct kunit *test, struct sk_buff *skb,
				      struct net_device *dev,
				      const struct setlink_case *c)
{
	struct ifinfomsg *ifm;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	unsigned int i;

	nlh = nlmsg_put(skb, 0, 0, RTM_SETLINK, sizeof(*ifm), NLM_F_REQUEST);
	KUNIT_ASSERT_NOT_NULL(test, nlh);
	ifm = nlmsg_data(nlh);
	memset(ifm, 0, sizeof(*ifm));
	ifm->ifi_family = AF_BRIDGE;
	ifm->ifi_index = dev->ifindex;
	if (c->flat) {
		put_attr(skb, &(struct rq_attr)U8(IFLA_PROTINFO, c->attrs[0].value));
	} else {
		nest = nla_nest_start(skb, IFLA_PROTINFO);
		for (i = 0; i < ARRAY_SIZE(c->attrs); i++)
			put_attr(skb, &c->attrs[i]);
		nla_nest_end(skb, nest);
	}
	if (c->spec.len) {
		nest = nla_nest_start_noflag(skb, IFLA_AF_SPEC);
		put_attr(skb, &c->spec);
		nla_nest_end(skb, nest);
	}
	nlmsg_end(skb, nlh);
	return nlh;
}

static void setlink_sets_all_or_nothing(struct kunit *test)
{
	const struct setlink_case *c = test->param_value;
	struct lbridge_port *port = lbridge_test_port(test, 1);
	struct net_device *dev = lbridge_test_dev(test, 1);
	struct netlink_ext_ack extack = {};
	struct sk_buff *skb;
	int err;

	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	rtnl_lock();
	err = lbridge_port_setlink(dev, build_setlink(test, skb, dev, c), c->flags,
				   &extack);
	rtnl_unlock();
	kfree_skb(skb);

	KUNIT_EXPECT_EQ(test, c->err, err);
	KUNIT_EXPECT_EQ(test, c->after, flags_of(port));
	if (c->err)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	if (c->msg && extack._msg)
		KUNIT_EXPECT_STREQ(test, c->msg, extack._msg);
	/* The other port is left alone. */
	KUNIT_EXPECT_EQ(test, DEFAULT_FLAGS, flags_of(lbridge_test_port(test, 0)));
}

/* What `bridge -d link show` reads of port @i, parsed. */
static int getlink(struct kunit *test, struct net_device *dev,
		   struct nlattr **tb, struct nlattr **brport, struct sk_buff **skbp)
{
	struct sk_buff *skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	struct nlmsghdr *nlh;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	*skbp = skb;
	rtnl_lock();
	rcu_read_lock();
	err = lbridge_port_getlink(skb, 0, 0, dev, 0, NLM_F_MULTI);
	rcu_read_unlock();
	rtnl_unlock();
	if (err || !skb->len)
		return err ?: -ENOENT;
	nlh = (struct nlmsghdr *)skb->data;
	KUNIT_EXPECT_EQ(test, RTM_NEWLINK, nlh->nlmsg_type);
	KUNIT_EXPECT_EQ(test, AF_BRIDGE, ((struct ifinfomsg *)nlmsg_data(nlh))->ifi_family);
	err = nlmsg_parse(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX, NULL, NULL);
	if (err)
		return err;
	if (!tb[IFLA_PROTINFO] || !(tb[IFLA_PROTINFO]->nla_type & NLA_F_NESTED))
		return -ENOENT;
	return nla_parse_nested(brport, IFLA_BRPORT_MAX, tb[IFLA_PROTINFO], NULL, NULL);
}

static void getlink_shows_a_port_its_master_state_and_flags(struct kunit *test)
{
	struct nlattr *tb[IFLA_MAX + 1], *brport[IFLA_BRPORT_MAX + 1];
	struct net_device *dev = lbridge_test_dev(test, 0);
	struct sk_buff *skb;

	rtnl_lock();
	WRITE_ONCE(lbridge_test_port(test, 0)->isolated, true);
	WRITE_ONCE(lbridge_test_port(test, 0)->flood, false);
	WRITE_ONCE(lbridge_test_port(test, 0)->neigh_suppress, true);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, 0, getlink(test, dev, tb, brport, &skb));
	KUNIT_EXPECT_STREQ(test, dev->name, (char *)nla_data(tb[IFLA_IFNAME]));
	KUNIT_EXPECT_EQ(test, (u32)lbridge_test_br(test)->dev->ifindex,
			nla_get_u32(tb[IFLA_MASTER]));
	KUNIT_EXPECT_EQ(test, BR_STATE_FORWARDING, nla_get_u8(brport[IFLA_BRPORT_STATE]));
	KUNIT_EXPECT_EQ(test, 1, nla_get_u8(brport[IFLA_BRPORT_LEARNING]));
	KUNIT_EXPECT_EQ(test, 0, nla_get_u8(brport[IFLA_BRPORT_UNICAST_FLOOD]));
	KUNIT_EXPECT_EQ(test, 1, nla_get_u8(brport[IFLA_BRPORT_MCAST_FLOOD]));
	KUNIT_EXPECT_EQ(test, 1, nla_get_u8(brport[IFLA_BRPORT_BCAST_FLOOD]));
	KUNIT_EXPECT_EQ(test, 0, nla_get_u8(brport[IFLA_BRPORT_MODE]));
	KUNIT_EXPECT_EQ(test, 1, nla_get_u8(brport[IFLA_BRPORT_ISOLATED]));
	KUNIT_ASSERT_NOT_NULL(test, brport[IFLA_BRPORT_NEIGH_SUPPRESS]);
	KUNIT_EXPECT_EQ(test, 1, nla_get_u8(brport[IFLA_BRPORT_NEIGH_SUPPRESS]));
	kfree_skb(skb);

	/* A port that is down is disabled. */
	rtnl_lock();
	dev_close(dev);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, 0, getlink(test, dev, tb, brport, &skb));
	KUNIT_EXPECT_EQ(test, BR_STATE_DISABLED, nla_get_u8(brport[IFLA_BRPORT_STATE]));
	kfree_skb(skb);
}

/* The core asks the bridge about itself too: it has no port line. */
static void getlink_says_nothing_of_the_bridge_itself(struct kunit *test)
{
	struct nlattr *tb[IFLA_MAX + 1], *brport[IFLA_BRPORT_MAX + 1];
	struct sk_buff *skb;

	KUNIT_EXPECT_EQ(test, -ENOENT, getlink(test, lbridge_test_br(test)->dev, tb, brport,
					       &skb));
	kfree_skb(skb);
}

static struct kunit_case lbridge_port_rtnl_cases[] = {
	KUNIT_CASE(a_new_port_has_the_linux_bridge_defaults),
	KUNIT_CASE_PARAM(setlink_sets_all_or_nothing, setlink_gen_params),
	KUNIT_CASE(getlink_shows_a_port_its_master_state_and_flags),
	KUNIT_CASE(getlink_says_nothing_of_the_bridge_itself),
	{}
};

static struct kunit_suite lbridge_port_rtnl_suite = {
	.name = "lbridge_port_rtnl",
	.suite_init = lbridge_test_suite_init,
	.suite_exit = lbridge_test_suite_exit,
	.init = port_rtnl_test_init,
	.exit = lbridge_test_exit,
	.test_cases = lbridge_port_rtnl_cases,
};

kunit_test_suite(lbridge_port_rtnl_suite);
