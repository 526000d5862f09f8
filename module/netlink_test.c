// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the generic netlink family's own code, without a socket: the
 * per-command policies, what pre_doit resolves, FDB dumps driven message
 * by message as the netlink core drives them, and events. Included by
 * netlink.c.
 */
#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/if_arp.h>

#include "forward.h"
#include "test_fixture.h"

static int netlink_test_init(struct kunit *test)
{
	return lbridge_test_init(test, 2);
}

/* 02:00:5e:10:00:@i, a MAC no fixture device has. */
static void test_mac(struct lbridge_fdb_key *key, unsigned int i)
{
	const u8 mac[ETH_ALEN] = { 0x02, 0x00, 0x5e, 0x10, 0x00, i };

	lbridge_fdb_key_init(key, mac);
}

static void add_static(struct kunit *test, unsigned int port, unsigned int i)
{
	struct lbridge_fdb_key key;
	int err;

	test_mac(&key, i);
	rtnl_lock();
	err = lbridge_fdb_add_static(lbridge_test_br(test),
				     lbridge_test_port(test, port), &key);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
}

/* ------------------------------------------------------------------ */
/* Requests checked against each command's policy.                    */

static const struct genl_ops *op_of(u8 cmd)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(lbridge_genl_ops); i++)
		if (lbridge_genl_ops[i].cmd == cmd)
			return &lbridge_genl_ops[i];
	return NULL;
}

/*
 * A request holding one attribute, at the top or inside a nest. Each of
 * the macros below ends on .value, so that the errno follows in place.
 */
struct request_case {
	const char *what;
	u8 cmd;
	/* The nest the attribute goes in; LBRIDGE_A_UNSPEC: the top level. */
	u16 nest;
	/* Put the nest without NLA_F_NESTED. */
	bool flat;
	u16 attr;
	/* 1, 4 or ETH_ALEN bytes: a u8, a u32 or a MAC. */
	u8 len;
	u32 value;
	int err;
};

#define BRIDGE(a)	.nest = LBRIDGE_A_BRIDGE, .attr = LBRIDGE_BRIDGE_A_##a
#define PORT(a)		.nest = LBRIDGE_A_PORT, .attr = LBRIDGE_PORT_A_##a
#define FDB(a)		.nest = LBRIDGE_A_FDB, .attr = LBRIDGE_FDB_A_##a
#define NEIGH(a)	.nest = LBRIDGE_A_NEIGH, .attr = LBRIDGE_NEIGH_A_##a
#define TOP(a)		.attr = LBRIDGE_A_##a
#define CMD(c)		.cmd = LBRIDGE_CMD_##c
#define U8(v)		.len = 1, .value = (v)
#define U32(v)		.len = 4, .value = (v)
#define MAC		.len = ETH_ALEN, .value = 0
#define FLAG		.len = 0, .value = 0

static const struct request_case request_cases[] = {
	{ "GET_BRIDGE names a bridge", CMD(GET_BRIDGE), BRIDGE(IFINDEX), U32(1), 0 },
	{ "GET_BRIDGE takes no setting", CMD(GET_BRIDGE), BRIDGE(AGEING_TIME), U32(30), -EINVAL },
	{ "GET_BRIDGE takes no FDB entry", CMD(GET_BRIDGE), FDB(MAC), MAC, -EINVAL },
	{ "GET_BRIDGE refuses an unknown bridge attribute", CMD(GET_BRIDGE),
	  .nest = LBRIDGE_A_BRIDGE, .attr = LBRIDGE_BRIDGE_A_MAX + 1, U32(7), -EINVAL },
	{ "GET_BRIDGE refuses a nest without NLA_F_NESTED", CMD(GET_BRIDGE),
	  BRIDGE(IFINDEX), .flat = true, U32(1), -EINVAL },
	{ "SET_BRIDGE sets the ageing time", CMD(SET_BRIDGE), BRIDGE(AGEING_TIME), U32(30), 0 },
	{ "SET_BRIDGE refuses ageing past the maximum", CMD(SET_BRIDGE),
	  BRIDGE(AGEING_TIME), U32(LBRIDGE_MAX_AGEING_TIME + 1), -ERANGE },
	{ "SET_BRIDGE refuses a read-only count", CMD(SET_BRIDGE),
	  BRIDGE(FDB_COUNT), U32(7), -EINVAL },
	{ "GET_PORT takes no port setting", CMD(GET_PORT), PORT(LEARNING), U8(0), -EINVAL },
	{ "SET_PORT sets learning", CMD(SET_PORT), PORT(LEARNING), U8(0), 0 },
	{ "SET_PORT refuses learning 2", CMD(SET_PORT), PORT(LEARNING), U8(2), -ERANGE },
	{ "SET_PORT sets flood", CMD(SET_PORT), PORT(FLOOD), U8(0), 0 },
	{ "SET_PORT sets mcast_flood", CMD(SET_PORT), PORT(MCAST_FLOOD), U8(0), 0 },
	{ "SET_PORT sets bcast_flood", CMD(SET_PORT), PORT(BCAST_FLOOD), U8(0), 0 },
	{ "SET_PORT sets hairpin", CMD(SET_PORT), PORT(HAIRPIN), U8(1), 0 },
	{ "SET_PORT sets isolated", CMD(SET_PORT), PORT(ISOLATED), U8(1), 0 },
	{ "SET_PORT refuses isolated 2", CMD(SET_PORT), PORT(ISOLATED), U8(2), -ERANGE },
	{ "GET_PORT takes no port flag", CMD(GET_PORT), PORT(ISOLATED), U8(1), -EINVAL },
	{ "SET_PORT takes no bridge", CMD(SET_PORT), BRIDGE(IFINDEX), U32(1), -EINVAL },
	{ "NEW_FDB takes a MAC", CMD(NEW_FDB), FDB(MAC), MAC, 0 },
	{ "NEW_FDB takes no state", CMD(NEW_FDB),
	  FDB(STATE), U8(LBRIDGE_FDB_STATE_STATIC), -EINVAL },
	{ "NEW_FDB refuses a MAC of 4 bytes", CMD(NEW_FDB), FDB(MAC), U32(0x02005e10), -ERANGE },
	{ "DEL_FDB takes no event", CMD(DEL_FDB), TOP(EVENT), U8(LBRIDGE_FDB_EVENT_ADD), -EINVAL },
	{ "FLUSH_FDB refuses an unknown flag", CMD(FLUSH_FDB),
	  TOP(FLUSH_FLAGS), U32(LBRIDGE_FLUSH_F_DYNAMIC << 1), -EINVAL },
	{ "GET_FDB takes no event", CMD(GET_FDB), TOP(EVENT), U8(LBRIDGE_FDB_EVENT_ADD), -EINVAL },
	{ "SET_BRIDGE sets neigh_suppress", CMD(SET_BRIDGE), BRIDGE(NEIGH_SUPPRESS), U8(1), 0 },
	{ "SET_BRIDGE refuses neigh_suppress 2", CMD(SET_BRIDGE),
	  BRIDGE(NEIGH_SUPPRESS), U8(2), -ERANGE },
	{ "SET_BRIDGE sets announce", CMD(SET_BRIDGE), BRIDGE(ANNOUNCE), U8(0), 0 },
	{ "SET_BRIDGE sets max_neigh", CMD(SET_BRIDGE), BRIDGE(MAX_NEIGH), U32(10), 0 },
	{ "SET_BRIDGE sets port_max_neigh", CMD(SET_BRIDGE), BRIDGE(PORT_MAX_NEIGH), U32(10), 0 },
	{ "SET_BRIDGE refuses the neigh count", CMD(SET_BRIDGE), BRIDGE(NEIGH_COUNT), U32(1),
	  -EINVAL },
	{ "SET_PORT sets neigh_suppress", CMD(SET_PORT), PORT(NEIGH_SUPPRESS), U8(1), 0 },
	{ "SET_PORT refuses neigh_suppress 2", CMD(SET_PORT), PORT(NEIGH_SUPPRESS), U8(2),
	  -ERANGE },
	{ "SET_PORT refuses the neigh count", CMD(SET_PORT), PORT(NEIGH_COUNT), U32(1), -EINVAL },
	{ "GET_PORT takes no neigh_suppress", CMD(GET_PORT), PORT(NEIGH_SUPPRESS), U8(1), -EINVAL },
	{ "GET_NEIGH names a bridge", CMD(GET_NEIGH), BRIDGE(IFINDEX), U32(1), 0 },
	{ "GET_NEIGH names a port", CMD(GET_NEIGH), PORT(IFINDEX), U32(1), 0 },
	{ "GET_NEIGH takes an IPv4 address", CMD(GET_NEIGH), NEIGH(ADDR), U32(0x0a000001), 0 },
	{ "GET_NEIGH takes a family", CMD(GET_NEIGH), NEIGH(FAMILY), U8(AF_INET), 0 },
	{ "GET_NEIGH refuses an address of 1 byte", CMD(GET_NEIGH), NEIGH(ADDR), U8(10),
	  -ERANGE },
	{ "GET_NEIGH takes no MAC", CMD(GET_NEIGH), NEIGH(MAC), MAC, -EINVAL },
	{ "GET_NEIGH takes no source", CMD(GET_NEIGH), NEIGH(SOURCE), U8(0), -EINVAL },
	{ "GET_NEIGH takes no port flag", CMD(GET_NEIGH), PORT(NEIGH_SUPPRESS), U8(1), -EINVAL },
	{ "GET_NEIGH takes no FDB entry", CMD(GET_NEIGH), FDB(MAC), MAC, -EINVAL },
	{ "GET_PORT takes no address", CMD(GET_PORT), NEIGH(ADDR), U32(0x0a000001), -EINVAL },
	{ "GET_FDB takes the compact form", CMD(GET_FDB), TOP(FDB_COMPACT), FLAG, 0 },
	{ "GET_FDB refuses a compact flag with a value", CMD(GET_FDB), TOP(FDB_COMPACT), U8(1),
	  -ERANGE },
	{ "GET_FDB takes no records", CMD(GET_FDB), TOP(FDB_RECORDS), U32(0), -EINVAL },
	{ "GET_FDB takes no record size", CMD(GET_FDB), TOP(FDB_RECORD_SIZE), U32(16), -EINVAL },
	{ "GET_PORT takes no compact form", CMD(GET_PORT), TOP(FDB_COMPACT), FLAG, -EINVAL },
	{ "GET_NEIGH takes no compact form", CMD(GET_NEIGH), TOP(FDB_COMPACT), FLAG, -EINVAL },
};

static void put_request(struct sk_buff *skb, const struct request_case *c)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };
	struct nlattr *nest = NULL;

	if (c->nest)
		nest = c->flat ? nla_nest_start_noflag(skb, c->nest) :
				 nla_nest_start(skb, c->nest);
	if (c->len == ETH_ALEN)
		nla_put(skb, c->attr, ETH_ALEN, mac);
	else if (!c->len)
		nla_put_flag(skb, c->attr);
	else if (c->len == 1)
		nla_put_u8(skb, c->attr, c->value);
	else
		nla_put_u32(skb, c->attr, c->value);
	if (nest)
		nla_nest_end(skb, nest);
}

static void request_case_desc(const struct request_case *c, char *desc)
{
	strscpy(desc, c->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(request, request_cases, request_case_desc);

static void each_command_takes_its_own_attributes_only(struct kunit *test)
{
	const struct request_case *c = test->param_value;
	const struct genl_ops *op = op_of(c->cmd);
	struct netlink_ext_ack extack = {};
	struct sk_buff *skb;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, op);
	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	put_request(skb, c);
	err = __nla_validate((struct nlattr *)skb->data, skb->len, op->maxattr,
			     op->policy, NL_VALIDATE_STRICT, &extack);
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, err, c->err);
	if (c->err)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
}

/* Every command that changes something is for admins only. */
static void every_change_needs_admin(struct kunit *test)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(lbridge_genl_ops); i++) {
		const struct genl_ops *op = &lbridge_genl_ops[i];
		bool reads = op->cmd == LBRIDGE_CMD_GET_BRIDGE ||
			     op->cmd == LBRIDGE_CMD_GET_PORT ||
			     op->cmd == LBRIDGE_CMD_GET_FDB ||
			     op->cmd == LBRIDGE_CMD_GET_NEIGH;

		KUNIT_EXPECT_TRUE_MSG(test, reads || op->flags & GENL_UNS_ADMIN_PERM,
				      "command %u", op->cmd);
		KUNIT_EXPECT_NOT_NULL_MSG(test, op->policy, "command %u", op->cmd);
	}
}

/* ------------------------------------------------------------------ */
/* What pre_doit resolves.                                             */

/* @attrs as the core parses a request for @cmd whose attributes @skb holds. */
static int parse_request(struct kunit *test, u8 cmd, struct sk_buff *skb,
			 struct nlattr **attrs)
{
	const struct genl_ops *op = op_of(cmd);

	return nla_parse(attrs, op->maxattr, (struct nlattr *)skb->data,
			 skb->len, op->policy, NULL);
}

/* A nest @type naming @dev by index: a bridge's and a port's alike. */
static void put_dev_id(struct sk_buff *skb, int type, struct net_device *dev)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	nla_put_u32(skb, LBRIDGE_PORT_A_IFINDEX, dev->ifindex);
	nla_nest_end(skb, nest);
}

/*
 * What pre_doit makes of a request for @cmd whose nest @nest names @dev by
 * index, resolved as @names asks.
 */
static int resolve_request(struct kunit *test, u8 cmd, int nest,
			   struct net_device *dev, unsigned int names,
			   struct lbridge **brp, struct lbridge_port **portp,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *attrs[LBRIDGE_A_MAX + 1];
	struct sk_buff *skb;
	int err;

	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	put_dev_id(skb, nest, dev);
	KUNIT_ASSERT_EQ(test, parse_request(test, cmd, skb, attrs), 0);
	rtnl_lock();
	err = resolve_rtnl(&init_net, attrs, names, brp, portp, extack);
	rtnl_unlock();
	kfree_skb(skb);
	return err;
}

static void resolve_finds_a_port_and_its_bridge(struct kunit *test)
{
	struct lbridge_port *port;
	struct lbridge *br;
	int err;

	err = resolve_request(test, LBRIDGE_CMD_SET_PORT, LBRIDGE_A_PORT,
			      lbridge_test_dev(test, 1), NAMES_PORT, &br, &port,
			      NULL);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_PTR_EQ(test, port, lbridge_test_port(test, 1));
	KUNIT_EXPECT_PTR_EQ(test, br, lbridge_test_br(test));
}

static void resolve_refuses_what_is_not_a_port(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct lbridge_port *port;
	struct lbridge *br;
	int err;

	/* The bridge device named as a port. */
	err = resolve_request(test, LBRIDGE_CMD_SET_PORT, LBRIDGE_A_PORT,
			      lbridge_test_br(test)->dev, NAMES_PORT, &br, &port,
			      &extack);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	KUNIT_EXPECT_STREQ(test, extack._msg, "Device is not a port of an lbridge bridge");
}

static void resolve_refuses_a_port_as_the_bridge(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct lbridge_port *port;
	struct lbridge *br;
	int err;

	err = resolve_request(test, LBRIDGE_CMD_FLUSH_FDB, LBRIDGE_A_BRIDGE,
			      lbridge_test_dev(test, 0), NAMES_BRIDGE | MAY_NAME_PORT,
			      &br, &port, &extack);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	KUNIT_EXPECT_STREQ(test, extack._msg, "Device is not an lbridge bridge");
}

/* ------------------------------------------------------------------ */
/* A port's flags: set together, reported.                             */

static void set_port_sets_every_flag_given_and_no_other(struct kunit *test)
{
	struct lbridge_port *port = lbridge_test_port(test, 1);
	struct nlattr *attrs[LBRIDGE_A_MAX + 1];
	struct netlink_ext_ack extack = {};
	struct genl_info info = {
		.attrs = attrs,
		.user_ptr = { lbridge_test_br(test), port },
		.extack = &extack,
	};
	struct nlattr *nest;
	struct sk_buff *skb;
	int err;

	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	nest = nla_nest_start(skb, LBRIDGE_A_PORT);
	nla_put_u32(skb, LBRIDGE_PORT_A_IFINDEX, lbridge_test_dev(test, 1)->ifindex);
	nla_put_u8(skb, LBRIDGE_PORT_A_ISOLATED, 1);
	nla_put_u8(skb, LBRIDGE_PORT_A_HAIRPIN, 1);
	nla_put_u8(skb, LBRIDGE_PORT_A_BCAST_FLOOD, 0);
	nla_nest_end(skb, nest);
	KUNIT_ASSERT_EQ(test, parse_request(test, LBRIDGE_CMD_SET_PORT, skb, attrs), 0);
	rtnl_lock();
	err = set_port_doit(skb, &info);
	rtnl_unlock();
	kfree_skb(skb);

	KUNIT_EXPECT_EQ(test, 0, err);
	KUNIT_EXPECT_TRUE(test, port->isolated);
	KUNIT_EXPECT_TRUE(test, port->hairpin);
	KUNIT_EXPECT_FALSE(test, port->bcast_flood);
	KUNIT_EXPECT_TRUE(test, port->flood);
	KUNIT_EXPECT_TRUE(test, port->mcast_flood);
	KUNIT_EXPECT_TRUE(test, port->learning);
	KUNIT_EXPECT_FALSE(test, lbridge_test_port(test, 0)->isolated);
}

static void set_port_without_a_flag_has_nothing_to_set(struct kunit *test)
{
	struct nlattr *attrs[LBRIDGE_A_MAX + 1];
	struct netlink_ext_ack extack = {};
	struct genl_info info = {
		.attrs = attrs,
		.user_ptr = { lbridge_test_br(test), lbridge_test_port(test, 1) },
		.extack = &extack,
	};
	struct sk_buff *skb;
	int err;

	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	put_dev_id(skb, LBRIDGE_A_PORT, lbridge_test_dev(test, 1));
	KUNIT_ASSERT_EQ(test, parse_request(test, LBRIDGE_CMD_SET_PORT, skb, attrs), 0);
	rtnl_lock();
	err = set_port_doit(skb, &info);
	rtnl_unlock();
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, -EINVAL, err);
	KUNIT_EXPECT_STREQ(test, "Nothing to set", extack._msg);
}

/*
 * put_port for a request from the kernel's own genl socket in init_net:
 * what put_port reads of the sender is its namespace. Under RCU.
 */
static int put_port_for_init_net(struct sk_buff *skb,
				 const struct lbridge_port *port)
{
	struct sk_buff *request = alloc_skb(0, GFP_ATOMIC);
	int err;

	if (!request)
		return -ENOMEM;
	request->sk = init_net.genl_sock;
	NETLINK_CB(request).sk = init_net.genl_sock;
	err = put_port(skb, request, port);
	kfree_skb(request);
	return err;
}

static void a_port_reports_its_flags(struct kunit *test)
{
	static const u16 flags[] = {
		LBRIDGE_PORT_A_LEARNING, LBRIDGE_PORT_A_FLOOD, LBRIDGE_PORT_A_MCAST_FLOOD,
		LBRIDGE_PORT_A_BCAST_FLOOD, LBRIDGE_PORT_A_HAIRPIN, LBRIDGE_PORT_A_ISOLATED,
		LBRIDGE_PORT_A_NEIGH_SUPPRESS,
	};
	/* As set below: learning, isolated and neigh_suppress on, the rest off. */
	static const u8 want[] = { 1, 0, 0, 0, 0, 1, 1 };
	struct lbridge_port *port = lbridge_test_port(test, 0);
	struct nlattr *tb[LBRIDGE_PORT_A_MAX + 1];
	struct sk_buff *skb;
	unsigned int i;

	rtnl_lock();
	WRITE_ONCE(port->flood, false);
	WRITE_ONCE(port->mcast_flood, false);
	WRITE_ONCE(port->bcast_flood, false);
	WRITE_ONCE(port->isolated, true);
	WRITE_ONCE(port->neigh_suppress, true);
	rtnl_unlock();
	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	rcu_read_lock();
	KUNIT_ASSERT_EQ(test, 0, put_port_for_init_net(skb, port));
	rcu_read_unlock();
	KUNIT_ASSERT_EQ(test, 0, nla_parse_nested(tb, LBRIDGE_PORT_A_MAX,
						  (struct nlattr *)skb->data, NULL, NULL));
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		KUNIT_ASSERT_NOT_NULL_MSG(test, tb[flags[i]], "attribute %u", flags[i]);
		KUNIT_EXPECT_EQ_MSG(test, want[i], nla_get_u8(tb[flags[i]]),
				    "attribute %u", flags[i]);
	}
	kfree_skb(skb);
}

/* The label of @port now, or NULL. */
static const char *label_of(struct lbridge_port *port)
{
	const struct lbridge_label *label = rtnl_dereference(port->label);

	return label ? label->text : NULL;
}

/* @port's label set to @text by hand, as SET_PORT would: NULL removes it. */
static void set_label(struct kunit *test, struct lbridge_port *port,
		      const char *text)
{
	struct lbridge_label *label = NULL;

	if (text) {
		label = kzalloc(sizeof(*label), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, label);
		strscpy(label->text, text, sizeof(label->text));
	}
	rtnl_lock();
	port_set_label(port, label);
	rtnl_unlock();
}

/*
 * SET_PORT as the core runs it: the request checked against the policy,
 * then, if it passes, the handler. @len: the label's bytes, with its NUL
 * if it has one; 0: no label. @isolated: the flag's value, or -1: none.
 */
static int set_port_request(struct kunit *test, struct lbridge_port *port,
			    const char *label, int len, int isolated,
			    struct netlink_ext_ack *extack)
{
	struct nlattr *attrs[LBRIDGE_A_MAX + 1];
	struct genl_info info = {
		.attrs = attrs,
		.user_ptr = { port->br, port },
		.extack = extack,
	};
	const struct genl_ops *op = op_of(LBRIDGE_CMD_SET_PORT);
	struct nlattr *nest;
	struct sk_buff *skb;
	int err;

	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	nest = nla_nest_start(skb, LBRIDGE_A_PORT);
	nla_put_u32(skb, LBRIDGE_PORT_A_IFINDEX, port->dev->ifindex);
	if (len)
		nla_put(skb, LBRIDGE_PORT_A_LABEL, len, label);
	if (isolated >= 0)
		nla_put_u8(skb, LBRIDGE_PORT_A_ISOLATED, isolated);
	nla_nest_end(skb, nest);
	err = nla_parse(attrs, op->maxattr, (struct nlattr *)skb->data, skb->len,
			op->policy, extack);
	if (!err) {
		rtnl_lock();
		err = set_port_doit(skb, &info);
		rtnl_unlock();
	}
	kfree_skb(skb);
	return err;
}

#define LABEL_64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

struct label_case {
	const char *what;
	/* The label's bytes, @len of them (0: strlen + 1, the NUL). */
	const char *text;
	int len;
	/* ISOLATED in the same request, or -1. */
	int isolated;
	int err;
	/* The label after: "before" when nothing changed, NULL when none. */
	const char *after;
};

static const struct label_case label_cases[] = {
	{ "a label is set", "web-1", 0, -1, 0, "web-1" },
	{ "a label of 64 bytes is set", LABEL_64, 0, -1, 0, LABEL_64 },
	{ "a label without its NUL is set", "web-2", 5, -1, 0, "web-2" },
	{ "UTF-8 is taken", "caf\xc3\xa9 \xe2\x98\x95 \xf0\x9f\x90\xb3", 0, -1, 0,
	  "caf\xc3\xa9 \xe2\x98\x95 \xf0\x9f\x90\xb3" },
	{ "an empty label removes it", "", 0, -1, 0, NULL },
	{ "a label of 65 bytes is refused", LABEL_64 "x", 0, -1, -ERANGE, "before" },
	{ "a NUL inside is refused", "a\0b", 4, -1, -EINVAL, "before" },
	{ "a newline is refused", "a\nb", 0, -1, -EINVAL, "before" },
	{ "an escape is refused", "\x1b[31mred", 0, -1, -EINVAL, "before" },
	{ "DEL is refused", "a\x7f", 0, -1, -EINVAL, "before" },
	{ "C1's CSI is refused", "a\xc2\x9b[31m", 0, -1, -EINVAL, "before" },
	{ "a byte that is no UTF-8 is refused", "a\xff", 0, -1, -EINVAL, "before" },
	{ "an overlong form is refused", "\xc0\xaf", 0, -1, -EINVAL, "before" },
	{ "a cut sequence is refused", "a\xe2\x98", 0, -1, -EINVAL, "before" },
	{ "a surrogate is refused", "\xed\xa0\x80", 0, -1, -EINVAL, "before" },
	{ "beyond Unicode is refused", "\xf4\x90\x80\x80", 0, -1, -EINVAL, "before" },
	{ "a label and a flag are set together", "db", 0, 1, 0, "db" },
	{ "a label with a refused flag is not set", "db", 0, 2, -ERANGE, "before" },
	{ "a flag alone leaves the label", NULL, 0, 1, 0, "before" },
};

static void label_case_desc(const struct label_case *c, char *desc)
{
	strscpy(desc, c->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(label, label_cases, label_case_desc);

static void set_port_sets_a_label_all_or_nothing(struct kunit *test)
{
	const struct label_case *c = test->param_value;
	struct lbridge_port *port = lbridge_test_port(test, 1);
	struct netlink_ext_ack extack = {};
	bool isolated = c->isolated == 1 && !c->err;
	int len = 0, err;

	if (c->text)
		len = c->len ?: strlen(c->text) + 1;
	set_label(test, port, "before");
	err = set_port_request(test, port, c->text, len, c->isolated, &extack);
	KUNIT_EXPECT_EQ(test, c->err, err);
	if (err)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	rtnl_lock();
	if (c->after)
		KUNIT_EXPECT_STREQ(test, c->after, label_of(port) ?: "(none)");
	else
		KUNIT_EXPECT_NULL(test, label_of(port));
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, isolated, READ_ONCE(port->isolated));
	/* The other port is left alone. */
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(lbridge_test_port(test, 0)->label));
}

static void a_label_is_replaced(struct kunit *test)
{
	struct lbridge_port *port = lbridge_test_port(test, 0);

	KUNIT_ASSERT_EQ(test, 0, set_port_request(test, port, "one", 4, -1, NULL));
	KUNIT_ASSERT_EQ(test, 0, set_port_request(test, port, "two", 4, -1, NULL));
	rtnl_lock();
	KUNIT_EXPECT_STREQ(test, "two", label_of(port) ?: "(none)");
	rtnl_unlock();
}

/* GET_PORT's PORT nest of port @i, parsed into @tb; the skb to free. */
static struct sk_buff *get_port(struct kunit *test, unsigned int i,
				struct nlattr **tb)
{
	struct sk_buff *skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	rcu_read_lock();
	KUNIT_ASSERT_EQ(test, 0, put_port_for_init_net(skb, lbridge_test_port(test, i)));
	rcu_read_unlock();
	KUNIT_ASSERT_EQ(test, 0, nla_parse_nested(tb, LBRIDGE_PORT_A_MAX,
						  (struct nlattr *)skb->data, NULL, NULL));
	return skb;
}

static void a_port_reports_its_label_and_bindings(struct kunit *test)
{
	struct lbridge_port *port = lbridge_test_port(test, 0);
	struct nlattr *tb[LBRIDGE_PORT_A_MAX + 1];
	struct sk_buff *skb;

	skb = get_port(test, 0, tb);
	KUNIT_EXPECT_NULL(test, tb[LBRIDGE_PORT_A_LABEL]);
	KUNIT_ASSERT_NOT_NULL(test, tb[LBRIDGE_PORT_A_NEIGH_COUNT]);
	KUNIT_EXPECT_EQ(test, 0U, nla_get_u32(tb[LBRIDGE_PORT_A_NEIGH_COUNT]));
	kfree_skb(skb);

	set_label(test, port, "web-1");
	WRITE_ONCE(port->neigh_count, 3);
	skb = get_port(test, 0, tb);
	KUNIT_ASSERT_NOT_NULL(test, tb[LBRIDGE_PORT_A_LABEL]);
	KUNIT_EXPECT_STREQ(test, "web-1", (char *)nla_data(tb[LBRIDGE_PORT_A_LABEL]));
	KUNIT_EXPECT_EQ(test, 3U, nla_get_u32(tb[LBRIDGE_PORT_A_NEIGH_COUNT]));
	kfree_skb(skb);
	WRITE_ONCE(port->neigh_count, 0);
}

/* The fixture's devices are no veths: the veth case is the scenarios'. */
static void a_port_that_is_no_veth_has_no_peer(struct kunit *test)
{
	struct nlattr *tb[LBRIDGE_PORT_A_MAX + 1];
	struct sk_buff *skb;

	KUNIT_ASSERT_NULL(test, lbridge_test_dev(test, 0)->netdev_ops->ndo_get_peer_dev);
	skb = get_port(test, 0, tb);
	KUNIT_EXPECT_NULL(test, tb[LBRIDGE_PORT_A_PEER]);
	kfree_skb(skb);
}

/* The other end that peer_ops says test device 0 has. */
static struct net_device *test_peer;

static struct net_device *test_get_peer_dev(struct net_device *dev)
{
	return test_peer;
}

/*
 * A port whose device says who its peer is, as a veth does: its peer
 * named, in the requester's namespace. Another namespace's id is the
 * scenarios' (tests/scenarios), which have real veths and namespaces.
 */
static void a_port_with_a_peer_names_it(struct kunit *test)
{
	struct net_device *dev = lbridge_test_dev(test, 0);
	const struct net_device_ops *ops = dev->netdev_ops;
	struct nlattr *peer[LBRIDGE_PEER_A_MAX + 1];
	struct nlattr *tb[LBRIDGE_PORT_A_MAX + 1];
	struct net_device *(*get_peer)(struct net_device *dev) = test_get_peer_dev;
	struct sk_buff *skb;
	void *peer_ops;

	/* The fixture's ops, and the one a veth has. */
	peer_ops = kunit_kmalloc(test, sizeof(*ops), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, peer_ops);
	memcpy(peer_ops, ops, sizeof(*ops));
	memcpy(peer_ops + offsetof(const struct net_device_ops, ndo_get_peer_dev),
	       &get_peer, sizeof(get_peer));
	test_peer = lbridge_test_dev(test, 1);
	WRITE_ONCE(dev->netdev_ops, peer_ops);
	skb = get_port(test, 0, tb);
	WRITE_ONCE(dev->netdev_ops, ops);
	synchronize_net();

	KUNIT_ASSERT_NOT_NULL(test, tb[LBRIDGE_PORT_A_PEER]);
	KUNIT_ASSERT_EQ(test, 0, nla_parse_nested(peer, LBRIDGE_PEER_A_MAX,
						  tb[LBRIDGE_PORT_A_PEER], NULL, NULL));
	KUNIT_ASSERT_NOT_NULL(test, peer[LBRIDGE_PEER_A_IFINDEX]);
	KUNIT_ASSERT_NOT_NULL(test, peer[LBRIDGE_PEER_A_IFNAME]);
	KUNIT_ASSERT_NOT_NULL(test, peer[LBRIDGE_PEER_A_NETNSID]);
	KUNIT_EXPECT_EQ(test, (u32)test_peer->ifindex,
			nla_get_u32(peer[LBRIDGE_PEER_A_IFINDEX]));
	KUNIT_EXPECT_STREQ(test, test_peer->name, (char *)nla_data(peer[LBRIDGE_PEER_A_IFNAME]));
	KUNIT_EXPECT_EQ(test, NETNSA_NSID_NOT_ASSIGNED,
			nla_get_s32(peer[LBRIDGE_PEER_A_NETNSID]));
	kfree_skb(skb);
}

/* ------------------------------------------------------------------ */
/* The binding table's settings.                                       */

/*
 * SET_BRIDGE of @br with the attributes @put puts, as the core runs it, by
 * a caller with CAP_NET_ADMIN in the initial namespace or not.
 */
static int set_bridge_request(struct kunit *test, bool admin,
			      void (*put)(struct sk_buff *skb, const void *arg),
			      const void *arg, struct netlink_ext_ack *extack)
{
	struct lbridge *br = lbridge_test_br(test);
	struct nlattr *attrs[LBRIDGE_A_MAX + 1];
	struct genl_info info = {
		.attrs = attrs,
		.user_ptr = { br, NULL },
		.extack = extack,
	};
	const struct genl_ops *op = op_of(LBRIDGE_CMD_SET_BRIDGE);
	const struct cred *old = NULL;
	struct nlattr *nest;
	struct sk_buff *skb;
	struct cred *cred;
	int err;

	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	/* netlink_capable() asks the caller's credentials alone then. */
	NETLINK_CB(skb).flags = NETLINK_SKB_DST;
	nest = nla_nest_start(skb, LBRIDGE_A_BRIDGE);
	nla_put_u32(skb, LBRIDGE_BRIDGE_A_IFINDEX, br->dev->ifindex);
	put(skb, arg);
	nla_nest_end(skb, nest);
	err = nla_parse(attrs, op->maxattr, (struct nlattr *)skb->data, skb->len,
			op->policy, extack);
	if (!err) {
		if (!admin) {
			cred = prepare_creds();
			KUNIT_ASSERT_NOT_NULL(test, cred);
			cap_lower(cred->cap_effective, CAP_NET_ADMIN);
			old = override_creds(cred);
		}
		rtnl_lock();
		err = set_bridge_doit(skb, &info);
		rtnl_unlock();
		if (old) {
			revert_creds(old);
			put_cred(cred);
		}
	}
	kfree_skb(skb);
	return err;
}

static void put_neigh_settings(struct sk_buff *skb, const void *arg)
{
	nla_put_u8(skb, LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS, 1);
	nla_put_u8(skb, LBRIDGE_BRIDGE_A_ANNOUNCE, 0);
	nla_put_u32(skb, LBRIDGE_BRIDGE_A_MAX_NEIGH, 100);
	nla_put_u32(skb, LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH, 7);
}

static void set_bridge_sets_and_reports_the_neigh_settings(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct nlattr *tb[LBRIDGE_BRIDGE_A_MAX + 1];
	struct sk_buff *skb;

	rtnl_lock();
	WRITE_ONCE(br->neigh.announce, true);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, 0, set_bridge_request(test, false, put_neigh_settings, NULL,
						    NULL));
	KUNIT_EXPECT_TRUE(test, br->neigh.suppress);
	KUNIT_EXPECT_FALSE(test, br->neigh.announce);
	KUNIT_EXPECT_EQ(test, 100U, br->neigh.max);
	KUNIT_EXPECT_EQ(test, 7U, br->neigh.port_max);

	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, 0, put_bridge(skb, br));
	KUNIT_ASSERT_EQ(test, 0, nla_parse_nested(tb, LBRIDGE_BRIDGE_A_MAX,
						  (struct nlattr *)skb->data, NULL, NULL));
	KUNIT_ASSERT_NOT_NULL(test, tb[LBRIDGE_BRIDGE_A_NEIGH_COUNT]);
	KUNIT_EXPECT_EQ(test, READ_ONCE(br->neigh.count),
			nla_get_u32(tb[LBRIDGE_BRIDGE_A_NEIGH_COUNT]));
	KUNIT_EXPECT_EQ(test, 1, nla_get_u8(tb[LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS]));
	KUNIT_EXPECT_EQ(test, 0, nla_get_u8(tb[LBRIDGE_BRIDGE_A_ANNOUNCE]));
	KUNIT_EXPECT_EQ(test, 100U, nla_get_u32(tb[LBRIDGE_BRIDGE_A_MAX_NEIGH]));
	KUNIT_EXPECT_EQ(test, 7U, nla_get_u32(tb[LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH]));
	kfree_skb(skb);
}

struct neigh_cap_case {
	const char *what;
	u16 type;
	u32 value;
	bool admin;
	int err;
};

static const struct neigh_cap_case neigh_cap_cases[] = {
	{ "max_neigh lowered", LBRIDGE_BRIDGE_A_MAX_NEIGH, 10, false, 0 },
	{ "max_neigh at its default", LBRIDGE_BRIDGE_A_MAX_NEIGH,
	  LBRIDGE_DEFAULT_MAX_NEIGH, false, 0 },
	{ "max_neigh raised without CAP_NET_ADMIN", LBRIDGE_BRIDGE_A_MAX_NEIGH,
	  LBRIDGE_DEFAULT_MAX_NEIGH + 1, false, -EPERM },
	{ "max_neigh lifted without CAP_NET_ADMIN", LBRIDGE_BRIDGE_A_MAX_NEIGH, 0, false,
	  -EPERM },
	{ "max_neigh lifted by the host's admin", LBRIDGE_BRIDGE_A_MAX_NEIGH, 0, true, 0 },
	{ "port_max_neigh lowered", LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH, 1, false, 0 },
	{ "port_max_neigh raised without CAP_NET_ADMIN", LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH,
	  LBRIDGE_DEFAULT_PORT_MAX_NEIGH + 1, false, -EPERM },
	{ "port_max_neigh lifted without CAP_NET_ADMIN", LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH, 0,
	  false, -EPERM },
	{ "port_max_neigh raised by the host's admin", LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH,
	  100000, true, 0 },
};

static void neigh_cap_case_desc(const struct neigh_cap_case *c, char *desc)
{
	strscpy(desc, c->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(neigh_cap, neigh_cap_cases, neigh_cap_case_desc);

static void put_cap_and_suppress(struct sk_buff *skb, const void *arg)
{
	const struct neigh_cap_case *c = arg;

	nla_put_u8(skb, LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS, 1);
	nla_put_u32(skb, c->type, c->value);
}

/* Raising a cap is the host's; a refusal changes nothing, suppress neither. */
static void raising_a_neigh_cap_needs_the_host_admin(struct kunit *test)
{
	const struct neigh_cap_case *c = test->param_value;
	struct lbridge *br = lbridge_test_br(test);
	struct netlink_ext_ack extack = {};
	unsigned int *cap;
	int err;

	cap = c->type == LBRIDGE_BRIDGE_A_MAX_NEIGH ? &br->neigh.max : &br->neigh.port_max;
	rtnl_lock();
	WRITE_ONCE(br->neigh.suppress, false);
	WRITE_ONCE(*cap, 5);
	rtnl_unlock();
	err = set_bridge_request(test, c->admin, put_cap_and_suppress, c, &extack);
	KUNIT_EXPECT_EQ(test, c->err, err);
	KUNIT_EXPECT_EQ(test, c->err ? 5U : c->value, READ_ONCE(*cap));
	KUNIT_EXPECT_EQ(test, !c->err, READ_ONCE(br->neigh.suppress));
	if (c->err)
		KUNIT_EXPECT_STREQ(test, extack._msg,
				   "Raising a cap above its default needs CAP_NET_ADMIN in the initial namespace");
}

/* ------------------------------------------------------------------ */
/* FDB dumps, message by message.                                      */

/*
 * Each FDB dump test runs in both forms: a message per entry, and the
 * compact one (FDB_COMPACT), records packed into each message.
 */
static const bool fdb_dump_forms[] = { false, true };

static void fdb_dump_form_desc(const bool *compact, char *desc)
{
	strscpy(desc, *compact ? "compact" : "per entry", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fdb_form, fdb_dump_forms, fdb_dump_form_desc);

/* A dump as the netlink core drives it: one callback, many messages. */
struct test_dump {
	struct netlink_callback cb;
	struct nlmsghdr request_nlh;
	struct sk_buff *request;
	bool compact;
	/* How many times each test MAC was listed; local entries apart. */
	unsigned int seen[256];
	/* The fixture's port each test MAC was last listed on: 0 or 1. */
	s8 port[256];
	unsigned int listed;
	unsigned int torn;
	/* Messages read, and the most records one held (compact). */
	unsigned int messages;
	unsigned int most_records;
};

static void dump_begin(struct kunit *test, struct test_dump *d,
		       struct net_device *port_dev)
{
	struct bridge_walk_ctx *ctx = (void *)d->cb.ctx;

	memset(d, 0, sizeof(*d));
	d->request = alloc_skb(0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d->request);
	d->request_nlh.nlmsg_seq = 42;
	d->cb.skb = d->request;
	d->cb.nlh = &d->request_nlh;
	ctx->br_ifindex = lbridge_test_br(test)->dev->ifindex;
	ctx->port_ifindex = port_dev ? port_dev->ifindex : 0;
}

/* An FDB dump in the form the test's parameter names. */
static void fdb_dump_begin(struct kunit *test, struct test_dump *d,
			   struct net_device *port_dev)
{
	dump_begin(test, d, port_dev);
	d->compact = *(const bool *)test->param_value;
}

static void dump_end(struct test_dump *d)
{
	kfree_skb(d->request);
}

/* An entry read from either form, on the port of that ifindex (0: none). */
static void dump_saw(struct kunit *test, struct test_dump *d, const u8 *mac,
		     int port_ifindex)
{
	if (mac[0] == 0x02 && mac[1] == 0x00 && mac[2] == 0x5e) {
		d->seen[mac[5]]++;
		d->port[mac[5]] = port_ifindex == lbridge_test_dev(test, 0)->ifindex ? 0 :
				  port_ifindex == lbridge_test_dev(test, 1)->ifindex ? 1 : -1;
	}
	d->listed++;
}

/* A compact message: BRIDGE, the record size, and one record or more. */
static void dump_read_records(struct kunit *test, struct test_dump *d,
			      struct nlattr **tb)
{
	const struct lbridge_fdb_record *rec;
	unsigned int i, n;

	KUNIT_ASSERT_NULL(test, tb[LBRIDGE_A_FDB]);
	KUNIT_ASSERT_NULL(test, tb[LBRIDGE_A_PORT]);
	KUNIT_ASSERT_NOT_NULL(test, tb[LBRIDGE_A_FDB_RECORD_SIZE]);
	KUNIT_ASSERT_EQ(test, nla_get_u32(tb[LBRIDGE_A_FDB_RECORD_SIZE]),
			(u32)sizeof(*rec));
	KUNIT_ASSERT_NOT_NULL(test, tb[LBRIDGE_A_FDB_RECORDS]);
	KUNIT_ASSERT_EQ(test, nla_len(tb[LBRIDGE_A_FDB_RECORDS]) % sizeof(*rec), 0U);
	n = nla_len(tb[LBRIDGE_A_FDB_RECORDS]) / sizeof(*rec);
	/* A message is never sent without a record. */
	KUNIT_EXPECT_GT(test, n, 0U);
	d->most_records = max(d->most_records, n);
	rec = nla_data(tb[LBRIDGE_A_FDB_RECORDS]);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_LT(test, rec[i].state, __LBRIDGE_FDB_STATE_MAX);
		KUNIT_EXPECT_EQ(test, rec[i].pad, 0);
		/* Only the bridge's own address has no port. */
		KUNIT_EXPECT_EQ(test, !rec[i].port_ifindex,
				ether_addr_equal(rec[i].mac,
						 lbridge_test_br(test)->dev->dev_addr));
		dump_saw(test, d, rec[i].mac, rec[i].port_ifindex);
	}
}

static void dump_read(struct kunit *test, struct test_dump *d,
		      struct sk_buff *skb)
{
	struct nlmsghdr *nlh;
	int rem;

	nlmsg_for_each_msg(nlh, (struct nlmsghdr *)skb->data, skb->len, rem) {
		struct genlmsghdr *gh = nlmsg_data(nlh);
		struct nlattr *tb[LBRIDGE_A_MAX + 1];
		struct nlattr *fdb[LBRIDGE_FDB_A_MAX + 1];
		struct nlattr *port[LBRIDGE_PORT_A_MAX + 1];

		KUNIT_ASSERT_EQ(test, gh->cmd, LBRIDGE_CMD_GET_FDB);
		KUNIT_ASSERT_EQ(test, nla_parse(tb, LBRIDGE_A_MAX, genlmsg_data(gh),
						genlmsg_len(gh), NULL, NULL), 0);
		KUNIT_ASSERT_NOT_NULL(test, tb[LBRIDGE_A_BRIDGE]);
		d->messages++;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			d->torn++;
		if (d->compact) {
			dump_read_records(test, d, tb);
			continue;
		}
		KUNIT_ASSERT_NULL(test, tb[LBRIDGE_A_FDB_RECORDS]);
		KUNIT_ASSERT_NOT_NULL(test, tb[LBRIDGE_A_FDB]);
		KUNIT_ASSERT_EQ(test, nla_parse_nested(fdb, LBRIDGE_FDB_A_MAX,
						       tb[LBRIDGE_A_FDB], NULL, NULL), 0);
		KUNIT_ASSERT_NOT_NULL(test, fdb[LBRIDGE_FDB_A_MAC]);
		memset(port, 0, sizeof(port));
		if (tb[LBRIDGE_A_PORT])
			KUNIT_ASSERT_EQ(test, nla_parse_nested(port, LBRIDGE_PORT_A_MAX,
							       tb[LBRIDGE_A_PORT],
							       NULL, NULL), 0);
		dump_saw(test, d, nla_data(fdb[LBRIDGE_FDB_A_MAC]),
			 port[LBRIDGE_PORT_A_IFINDEX] ?
			 nla_get_u32(port[LBRIDGE_PORT_A_IFINDEX]) : 0);
	}
}

/*
 * One message of the dump into an skb with room for a few entries only
 * (a compact one: about six records); what get_fdb_dumpit returns. The
 * core calls again while it is not 0.
 */
static int dump_step(struct kunit *test, struct test_dump *d)
{
	struct sk_buff *skb = alloc_skb(400, GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	if (d->compact)
		skb_reserve(skb, skb_tailroom(skb) - 160);
	rcu_read_lock();
	if (d->compact)
		ret = fdb_dump_compact_rcu(skb, lbridge_test_br(test), &d->cb, NULL);
	else
		ret = fdb_dump_rcu(skb, lbridge_test_br(test), &d->cb, NULL);
	rcu_read_unlock();
	dump_read(test, d, skb);
	kfree_skb(skb);
	return ret;
}

/* The whole dump; how many messages it took. */
static unsigned int dump_all(struct kunit *test, struct test_dump *d)
{
	unsigned int messages = 1;

	while (dump_step(test, d) > 0) {
		messages++;
		KUNIT_ASSERT_LT(test, messages, 1000U);
	}
	return messages;
}

static void a_dump_lists_every_entry_once_across_messages(struct kunit *test)
{
	struct test_dump d;
	unsigned int i;

	for (i = 1; i <= 20; i++)
		add_static(test, i % 2, i);
	fdb_dump_begin(test, &d, NULL);
	KUNIT_EXPECT_GT(test, dump_all(test, &d), 3U);
	for (i = 1; i <= 20; i++) {
		KUNIT_EXPECT_EQ_MSG(test, d.seen[i], 1U, "MAC %u", i);
		KUNIT_EXPECT_EQ_MSG(test, d.port[i], i % 2, "MAC %u", i);
	}
	KUNIT_EXPECT_EQ(test, d.listed, READ_ONCE(lbridge_test_br(test)->fdb.count));
	KUNIT_EXPECT_EQ(test, d.torn, 0U);
	/* Compact: several records to a message, in several messages. */
	if (d.compact)
		KUNIT_EXPECT_GT(test, d.most_records, 3U);
	else
		KUNIT_EXPECT_EQ(test, d.messages, d.listed);
	dump_end(&d);
}

static void a_dump_of_one_port_lists_its_entries_only(struct kunit *test)
{
	struct test_dump d;
	unsigned int i;

	for (i = 1; i <= 20; i++)
		add_static(test, i % 2, i);
	fdb_dump_begin(test, &d, lbridge_test_dev(test, 1));
	dump_all(test, &d);
	for (i = 1; i <= 20; i++)
		KUNIT_EXPECT_EQ_MSG(test, d.seen[i], i % 2, "MAC %u", i);
	/* Its ten static entries and its own MAC. */
	KUNIT_EXPECT_EQ(test, d.listed, 11U);
	dump_end(&d);
}

static void a_change_between_messages_flags_the_next_as_torn(struct kunit *test)
{
	struct test_dump d;
	unsigned int i;

	for (i = 1; i <= 20; i++)
		add_static(test, 0, i);
	fdb_dump_begin(test, &d, NULL);
	KUNIT_ASSERT_GT(test, dump_step(test, &d), 0);
	KUNIT_EXPECT_EQ(test, d.torn, 0U);

	add_static(test, 1, 100);
	dump_all(test, &d);
	KUNIT_EXPECT_GT(test, d.torn, 0U);
	/* Torn, but never worse: what was there throughout is listed once. */
	for (i = 1; i <= 20; i++)
		KUNIT_EXPECT_EQ_MSG(test, d.seen[i], 1U, "MAC %u", i);
	KUNIT_EXPECT_LE(test, d.listed, READ_ONCE(lbridge_test_br(test)->fdb.count));
	dump_end(&d);
}

static void a_dump_whose_resume_entry_is_deleted_goes_on_torn(struct kunit *test)
{
	struct lbridge_fdb_entry *entry;
	unsigned int torn;
	struct bridge_walk_ctx *ctx;
	struct lbridge_fdb_key key;
	struct test_dump d;
	unsigned int i;
	int err;

	/* In hash order: go on until a message stops at a static. */
	for (i = 1; i <= 20; i++)
		add_static(test, 0, i);
	fdb_dump_begin(test, &d, NULL);
	ctx = (void *)d.cb.ctx;
	do {
		KUNIT_ASSERT_GT(test, dump_step(test, &d), 0);
		KUNIT_ASSERT_TRUE(test, ctx->cursor.resume);
		key = ctx->cursor.key;
		rcu_read_lock();
		entry = lbridge_fdb_lookup_rcu(lbridge_test_br(test), &key);
		KUNIT_ASSERT_NOT_NULL(test, entry);
		err = READ_ONCE(entry->state) != LBRIDGE_FDB_STATE_STATIC;
		rcu_read_unlock();
	} while (err);

	rtnl_lock();
	err = lbridge_fdb_del(lbridge_test_br(test), lbridge_test_port(test, 0), &key);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	/* As if the deletion had gone unseen (only 32 bits of the generation
	 * are compared): the lost cursor alone must flag what follows.
	 */
	d.cb.prev_seq = (u32)READ_ONCE(lbridge_test_br(test)->fdb.generation) ?: 1;
	torn = d.torn;

	/* It goes on from the head of the entry's bucket: torn, and every
	 * entry that stayed is listed, some twice.
	 */
	dump_all(test, &d);
	KUNIT_EXPECT_GT(test, d.torn, torn);
	for (i = 1; i <= 20; i++) {
		if (i != key.addr[5])
			KUNIT_EXPECT_GE_MSG(test, d.seen[i], 1U, "MAC %u", i);
	}
	/* The message stopped at it, unsent; then it went. */
	KUNIT_EXPECT_EQ(test, d.seen[key.addr[5]], 0U);
	dump_end(&d);
}

/* ------------------------------------------------------------------ */
/* Binding dumps, message by message.                                  */

/*
 * 10.0.0.@i bound to 02:00:5e:10:00:@i behind port @p, as the datapath
 * binds it: from a gratuitous ARP reply that MAC sends.
 */
static void add_binding(struct kunit *test, unsigned int p, unsigned int i)
{
	struct net_device *dev = lbridge_test_dev(test, p);
	struct lbridge_neigh_key key = { .family = AF_INET };
	__be32 ip = htonl(0x0a000000 | i);
	struct lbridge_fdb_key mac;
	struct arphdr *arp;
	struct ethhdr *eth;
	struct sk_buff *skb;
	bool bound;

	test_mac(&mac, i);
	skb = alloc_skb(NET_IP_ALIGN + ETH_HLEN + sizeof(*arp) + 2 * (ETH_ALEN + 4),
			GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, NET_IP_ALIGN);
	eth = skb_put(skb, ETH_HLEN);
	eth_broadcast_addr(eth->h_dest);
	ether_addr_copy(eth->h_source, mac.addr);
	eth->h_proto = htons(ETH_P_ARP);
	arp = skb_put(skb, sizeof(*arp));
	arp->ar_hrd = htons(ARPHRD_ETHER);
	arp->ar_pro = htons(ETH_P_IP);
	arp->ar_hln = ETH_ALEN;
	arp->ar_pln = 4;
	arp->ar_op = htons(ARPOP_REPLY);
	skb_put_data(skb, mac.addr, ETH_ALEN);
	skb_put_data(skb, &ip, 4);
	skb_put_data(skb, mac.addr, ETH_ALEN);
	skb_put_data(skb, &ip, 4);
	skb->protocol = eth_type_trans(skb, dev);
	lbridge_test_rx(skb);

	memcpy(&key.addr, &ip, sizeof(ip));
	rcu_read_lock();
	bound = lbridge_neigh_lookup_rcu(lbridge_test_br(test), &key);
	rcu_read_unlock();
	KUNIT_ASSERT_TRUE_MSG(test, bound, "10.0.0.%u", i);
}

/* Checks each binding listed against how add_binding() made it. */
static void neigh_dump_read(struct kunit *test, struct test_dump *d,
			    struct sk_buff *skb)
{
	struct nlmsghdr *nlh;
	int rem;

	nlmsg_for_each_msg(nlh, (struct nlmsghdr *)skb->data, skb->len, rem) {
		struct genlmsghdr *gh = nlmsg_data(nlh);
		struct nlattr *neigh[LBRIDGE_NEIGH_A_MAX + 1];
		struct nlattr *port[LBRIDGE_PORT_A_MAX + 1];
		struct nlattr *tb[LBRIDGE_A_MAX + 1];
		struct lbridge_fdb_key mac;
		const u8 *addr;

		KUNIT_ASSERT_EQ(test, gh->cmd, LBRIDGE_CMD_GET_NEIGH);
		KUNIT_ASSERT_EQ(test, nla_parse(tb, LBRIDGE_A_MAX, genlmsg_data(gh),
						genlmsg_len(gh), NULL, NULL), 0);
		KUNIT_ASSERT_NOT_NULL(test, tb[LBRIDGE_A_BRIDGE]);
		KUNIT_ASSERT_NOT_NULL(test, tb[LBRIDGE_A_PORT]);
		KUNIT_ASSERT_NOT_NULL(test, tb[LBRIDGE_A_NEIGH]);
		KUNIT_ASSERT_EQ(test, nla_parse_nested(neigh, LBRIDGE_NEIGH_A_MAX,
						       tb[LBRIDGE_A_NEIGH], NULL, NULL), 0);
		KUNIT_ASSERT_EQ(test, nla_parse_nested(port, LBRIDGE_PORT_A_MAX,
						       tb[LBRIDGE_A_PORT], NULL, NULL), 0);
		KUNIT_ASSERT_NOT_NULL(test, neigh[LBRIDGE_NEIGH_A_FAMILY]);
		KUNIT_ASSERT_NOT_NULL(test, neigh[LBRIDGE_NEIGH_A_ADDR]);
		KUNIT_ASSERT_NOT_NULL(test, neigh[LBRIDGE_NEIGH_A_MAC]);
		KUNIT_ASSERT_NOT_NULL(test, neigh[LBRIDGE_NEIGH_A_AGE]);
		KUNIT_ASSERT_NOT_NULL(test, neigh[LBRIDGE_NEIGH_A_SOURCE]);
		KUNIT_ASSERT_NOT_NULL(test, port[LBRIDGE_PORT_A_IFINDEX]);
		KUNIT_EXPECT_EQ(test, AF_INET, nla_get_u8(neigh[LBRIDGE_NEIGH_A_FAMILY]));
		KUNIT_ASSERT_EQ(test, 4, nla_len(neigh[LBRIDGE_NEIGH_A_ADDR]));
		KUNIT_EXPECT_EQ(test, LBRIDGE_NEIGH_SOURCE_ARP,
				nla_get_u8(neigh[LBRIDGE_NEIGH_A_SOURCE]));
		addr = nla_data(neigh[LBRIDGE_NEIGH_A_ADDR]);
		KUNIT_EXPECT_EQ(test, 10, addr[0]);
		test_mac(&mac, addr[3]);
		KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac.addr,
							 nla_data(neigh[LBRIDGE_NEIGH_A_MAC])));
		/* add_binding(test, i % 2, i) throughout. */
		KUNIT_EXPECT_EQ(test, (u32)lbridge_test_dev(test, addr[3] % 2)->ifindex,
				nla_get_u32(port[LBRIDGE_PORT_A_IFINDEX]));
		/* Port 1 has a label, port 0 none. */
		KUNIT_EXPECT_EQ(test, addr[3] % 2, !!port[LBRIDGE_PORT_A_LABEL]);
		d->seen[addr[3]]++;
		d->listed++;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			d->torn++;
	}
}

static int neigh_dump_step(struct kunit *test, struct test_dump *d,
			   const struct lbridge_neigh_key *filter)
{
	struct sk_buff *skb = alloc_skb(400, GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	rcu_read_lock();
	ret = neigh_dump_rcu(skb, lbridge_test_br(test), &d->cb, filter);
	rcu_read_unlock();
	neigh_dump_read(test, d, skb);
	kfree_skb(skb);
	return ret;
}

static unsigned int neigh_dump_all(struct kunit *test, struct test_dump *d,
				   const struct lbridge_neigh_key *filter)
{
	unsigned int messages = 1;

	while (neigh_dump_step(test, d, filter) > 0) {
		messages++;
		KUNIT_ASSERT_LT(test, messages, 1000U);
	}
	return messages;
}

/* 20 bindings, 10.0.0.1 to .20, the odd ones behind the labelled port 1. */
static void add_bindings(struct kunit *test)
{
	unsigned int i;

	set_label(test, lbridge_test_port(test, 1), "web-1");
	for (i = 1; i <= 20; i++)
		add_binding(test, i % 2, i);
}

static void a_neigh_dump_lists_every_binding_once_across_messages(struct kunit *test)
{
	struct test_dump d;
	unsigned int i;

	add_bindings(test);
	dump_begin(test, &d, NULL);
	KUNIT_EXPECT_GT(test, neigh_dump_all(test, &d, NULL), 3U);
	for (i = 1; i <= 20; i++)
		KUNIT_EXPECT_EQ_MSG(test, d.seen[i], 1U, "10.0.0.%u", i);
	KUNIT_EXPECT_EQ(test, 20U, d.listed);
	KUNIT_EXPECT_EQ(test, d.listed, READ_ONCE(lbridge_test_br(test)->neigh.count));
	KUNIT_EXPECT_EQ(test, 0U, d.torn);
	dump_end(&d);
}

static void a_neigh_dump_of_one_port_lists_its_bindings_only(struct kunit *test)
{
	struct test_dump d;
	unsigned int i;

	add_bindings(test);
	dump_begin(test, &d, lbridge_test_dev(test, 1));
	neigh_dump_all(test, &d, NULL);
	for (i = 1; i <= 20; i++)
		KUNIT_EXPECT_EQ_MSG(test, d.seen[i], i % 2, "10.0.0.%u", i);
	KUNIT_EXPECT_EQ(test, 10U, d.listed);
	dump_end(&d);
}

static void a_neigh_dump_of_one_address_lists_its_binding_only(struct kunit *test)
{
	struct lbridge_neigh_key key = { .family = AF_INET };
	struct test_dump d;

	add_bindings(test);
	key.addr.s6_addr32[0] = htonl(0x0a000007);
	dump_begin(test, &d, NULL);
	KUNIT_EXPECT_EQ(test, 2U, neigh_dump_all(test, &d, &key));
	KUNIT_EXPECT_EQ(test, 1U, d.seen[7]);
	KUNIT_EXPECT_EQ(test, 1U, d.listed);
	dump_end(&d);

	/* Behind another port than the one asked for. */
	dump_begin(test, &d, lbridge_test_dev(test, 0));
	neigh_dump_all(test, &d, &key);
	KUNIT_EXPECT_EQ(test, 0U, d.listed);
	dump_end(&d);

	/* An address nobody has, in either family. */
	key.addr.s6_addr32[0] = htonl(0x0a000063);
	dump_begin(test, &d, NULL);
	neigh_dump_all(test, &d, &key);
	KUNIT_EXPECT_EQ(test, 0U, d.listed);
	dump_end(&d);
	key.family = AF_INET6;
	key.addr.s6_addr32[0] = htonl(0x0a000007);
	dump_begin(test, &d, NULL);
	neigh_dump_all(test, &d, &key);
	KUNIT_EXPECT_EQ(test, 0U, d.listed);
	dump_end(&d);
}

static void a_change_between_neigh_messages_flags_the_next_as_torn(struct kunit *test)
{
	struct test_dump d;
	unsigned int i;

	add_bindings(test);
	dump_begin(test, &d, NULL);
	KUNIT_ASSERT_GT(test, neigh_dump_step(test, &d, NULL), 0);
	KUNIT_EXPECT_EQ(test, 0U, d.torn);
	add_binding(test, 1, 101);
	neigh_dump_all(test, &d, NULL);
	KUNIT_EXPECT_GT(test, d.torn, 0U);
	for (i = 1; i <= 20; i++)
		KUNIT_EXPECT_EQ_MSG(test, d.seen[i], 1U, "10.0.0.%u", i);
	dump_end(&d);
}

static void a_neigh_dump_whose_resume_binding_goes_ends_torn(struct kunit *test)
{
	struct lbridge_neigh_entry *entry;
	struct lbridge_port *port = NULL;
	struct bridge_walk_ctx *ctx;
	u8 mac[ETH_ALEN];
	struct test_dump d;

	add_bindings(test);
	dump_begin(test, &d, NULL);
	ctx = (void *)d.cb.ctx;
	KUNIT_ASSERT_GT(test, neigh_dump_step(test, &d, NULL), 0);
	KUNIT_ASSERT_TRUE(test, ctx->neigh_cursor.resume);
	rcu_read_lock();
	entry = lbridge_neigh_lookup_rcu(lbridge_test_br(test), &ctx->neigh_cursor.key);
	if (entry) {
		port = READ_ONCE(entry->port);
		ether_addr_copy(mac, entry->mac);
	}
	rcu_read_unlock();
	KUNIT_ASSERT_NOT_NULL(test, port);
	/* Its MAC deleted from the FDB takes the binding with it. */
	KUNIT_ASSERT_EQ(test, 0, lbridge_test_fdb_del(test, port, mac));
	rcu_read_lock();
	entry = lbridge_neigh_lookup_rcu(lbridge_test_br(test), &ctx->neigh_cursor.key);
	rcu_read_unlock();
	KUNIT_ASSERT_NULL(test, entry);
	/* As if the change had gone unseen: the lost cursor alone must flag it. */
	d.cb.prev_seq = (u32)READ_ONCE(lbridge_test_br(test)->neigh.generation) ?: 1;

	KUNIT_EXPECT_EQ(test, 0, neigh_dump_step(test, &d, NULL));
	KUNIT_EXPECT_NE(test, d.cb.seq, d.cb.prev_seq);
	dump_end(&d);
}

/* NEIGH { ADDR, FAMILY } of a GET_NEIGH request. */
struct neigh_key_case {
	const char *what;
	u8 len;
	/* 0: no FAMILY. */
	u8 family;
	int ret;
	u8 want_family;
};

static const struct neigh_key_case neigh_key_cases[] = {
	{ "4 bytes are IPv4", 4, 0, 1, AF_INET },
	{ "16 bytes are IPv6", 16, 0, 1, AF_INET6 },
	{ "IPv4 said so", 4, AF_INET, 1, AF_INET },
	{ "IPv6 said so", 16, AF_INET6, 1, AF_INET6 },
	{ "16 bytes said to be IPv4 are refused", 16, AF_INET, -EINVAL },
	{ "4 bytes said to be IPv6 are refused", 4, AF_INET6, -EINVAL },
	{ "8 bytes are refused", 8, 0, -EINVAL },
	{ "no address is refused", 0, AF_INET, -EINVAL },
};

static void neigh_key_case_desc(const struct neigh_key_case *c, char *desc)
{
	strscpy(desc, c->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(neigh_key, neigh_key_cases, neigh_key_case_desc);

static void get_neigh_reads_the_address_asked_for(struct kunit *test)
{
	static const u8 addr[16] = { 10, 0, 0, 7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	const struct neigh_key_case *c = test->param_value;
	struct nlattr *attrs[LBRIDGE_A_MAX + 1];
	struct netlink_ext_ack extack = {};
	struct lbridge_neigh_key key;
	struct nlattr *nest;
	struct sk_buff *skb;
	int ret;

	skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	nest = nla_nest_start(skb, LBRIDGE_A_NEIGH);
	if (c->len)
		nla_put(skb, LBRIDGE_NEIGH_A_ADDR, c->len, addr);
	if (c->family)
		nla_put_u8(skb, LBRIDGE_NEIGH_A_FAMILY, c->family);
	nla_nest_end(skb, nest);
	KUNIT_ASSERT_EQ(test, 0, parse_request(test, LBRIDGE_CMD_GET_NEIGH, skb, attrs));
	memset(&key, 0xa5, sizeof(key));
	ret = neigh_request_key(attrs, &key, &extack);
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, c->ret, ret);
	if (ret < 0) {
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
		return;
	}
	KUNIT_EXPECT_EQ(test, c->want_family, key.family);
	KUNIT_EXPECT_EQ(test, 0, memcmp(&key.addr, addr, c->len));
	/* Every byte of the key is set: it is hashed whole. */
	KUNIT_EXPECT_NULL(test, memchr_inv((u8 *)&key.addr + c->len, 0,
					   sizeof(key.addr) - c->len));
	KUNIT_EXPECT_EQ(test, 0, key.pad[0] | key.pad[1] | key.pad[2]);
}

/* ------------------------------------------------------------------ */
/* Events.                                                              */

/* What a name takes less than event_size() counts for it. */
static size_t name_slack(const struct net_device *dev)
{
	return nla_total_size(IFNAMSIZ) - nla_total_size(strlen(dev->name) + 1);
}

/* What a port's name and label take less than port_id_size() counts. */
static size_t port_slack(struct lbridge_port *port)
{
	size_t slack = name_slack(port->dev) + nla_total_size(LBRIDGE_LABEL_MAX + 1);
	const char *label;

	rtnl_lock();
	label = label_of(port);
	if (label)
		slack -= nla_total_size(strlen(label) + 1);
	rtnl_unlock();
	return slack;
}

/* The PORT nest of an event carries the port's label, if it has one. */
static void check_event_port(struct kunit *test, struct nlattr *nest,
			     struct lbridge_port *port)
{
	struct nlattr *tb[LBRIDGE_PORT_A_MAX + 1];
	const char *label;

	KUNIT_ASSERT_EQ(test, 0, nla_parse_nested(tb, LBRIDGE_PORT_A_MAX, nest, NULL, NULL));
	KUNIT_ASSERT_NOT_NULL(test, tb[LBRIDGE_PORT_A_IFINDEX]);
	KUNIT_EXPECT_EQ(test, (u32)port->dev->ifindex,
			nla_get_u32(tb[LBRIDGE_PORT_A_IFINDEX]));
	rtnl_lock();
	label = label_of(port);
	if (label) {
		KUNIT_EXPECT_NOT_NULL(test, tb[LBRIDGE_PORT_A_LABEL]);
		if (tb[LBRIDGE_PORT_A_LABEL])
			KUNIT_EXPECT_STREQ(test, label,
					   (char *)nla_data(tb[LBRIDGE_PORT_A_LABEL]));
	} else {
		KUNIT_EXPECT_NULL(test, tb[LBRIDGE_PORT_A_LABEL]);
	}
	rtnl_unlock();
}

static void check_event(struct kunit *test, const struct lbridge_fdb_change *change,
			u32 lost)
{
	struct nlattr *tb[LBRIDGE_A_MAX + 1];
	struct sk_buff *msg;
	struct genlmsghdr *gh;
	size_t expected;

	msg = fdb_event_build(lbridge_test_br(test), change, lost);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	expected = event_size(change, lost) - name_slack(lbridge_test_br(test)->dev) -
		   (change->port ? port_slack(change->port) : 0);
	KUNIT_EXPECT_EQ_MSG(test, msg->len, NLMSG_HDRLEN + GENL_HDRLEN + expected,
			    "event %u, lost %u", change->event, lost);

	gh = nlmsg_data(nlmsg_hdr(msg));
	KUNIT_ASSERT_EQ(test, nla_parse(tb, LBRIDGE_A_MAX, genlmsg_data(gh),
					genlmsg_len(gh), NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, gh->cmd, LBRIDGE_CMD_FDB_EVENT);
	KUNIT_ASSERT_NOT_NULL(test, tb[LBRIDGE_A_EVENT]);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[LBRIDGE_A_EVENT]), change->event);
	KUNIT_EXPECT_EQ(test, !!tb[LBRIDGE_A_EVENTS_LOST], !!lost);
	KUNIT_EXPECT_EQ(test, !!tb[LBRIDGE_A_PORT], !!change->port);
	KUNIT_EXPECT_EQ(test, !!tb[LBRIDGE_A_FLUSH_FLAGS],
			change->event == LBRIDGE_FDB_EVENT_FLUSH);
	KUNIT_EXPECT_EQ(test, !!tb[LBRIDGE_A_FDB],
			change->event != LBRIDGE_FDB_EVENT_FLUSH);
	if (lost && tb[LBRIDGE_A_EVENTS_LOST])
		KUNIT_EXPECT_EQ(test, nla_get_u32(tb[LBRIDGE_A_EVENTS_LOST]), lost);
	if (change->port && tb[LBRIDGE_A_PORT])
		check_event_port(test, tb[LBRIDGE_A_PORT], change->port);
	nlmsg_free(msg);
}

/* No label, a short one, one at its longest. */
static const char *const event_labels[] = { NULL, "x", LABEL_64 };

static void every_event_is_sized_exactly(struct kunit *test)
{
	struct lbridge_fdb_change change = {};
	unsigned int i;
	int event;

	for (i = 0; i < ARRAY_SIZE(event_labels); i++) {
		set_label(test, lbridge_test_port(test, 0), event_labels[i]);
		for (event = 0; event < __LBRIDGE_FDB_EVENT_MAX; event++) {
			change.event = event;
			change.state = LBRIDGE_FDB_STATE_LEARNED;
			test_mac(&change.key, 1);
			change.port = lbridge_test_port(test, 0);
			check_event(test, &change, 0);
			check_event(test, &change, 1000);
			change.port = NULL;
			check_event(test, &change, 0);
			check_event(test, &change, U32_MAX);
		}
	}
}

static void check_neigh_event(struct kunit *test,
			      const struct lbridge_neigh_change *change, u32 lost)
{
	struct nlattr *tb[LBRIDGE_A_MAX + 1];
	struct nlattr *neigh[LBRIDGE_NEIGH_A_MAX + 1];
	size_t expected, addr_len;
	struct genlmsghdr *gh;
	struct sk_buff *msg;

	msg = neigh_event_build(lbridge_test_br(test), change, lost);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	addr_len = change->key->family == AF_INET ? 4 : 16;
	expected = neigh_event_size(change, lost) -
		   name_slack(lbridge_test_br(test)->dev) - port_slack(change->port) -
		   (nla_total_size(16) - nla_total_size(addr_len));
	if (change->old_mac)
		expected -= nla_total_size(IFNAMSIZ) -
			    nla_total_size(strlen(change->old_ifname) + 1);
	KUNIT_EXPECT_EQ_MSG(test, msg->len, NLMSG_HDRLEN + GENL_HDRLEN + expected,
			    "event %u, family %u, lost %u", change->event,
			    change->key->family, lost);

	gh = nlmsg_data(nlmsg_hdr(msg));
	KUNIT_EXPECT_EQ(test, gh->cmd, LBRIDGE_CMD_NEIGH_EVENT);
	KUNIT_ASSERT_EQ(test, nla_parse(tb, LBRIDGE_A_MAX, genlmsg_data(gh),
					genlmsg_len(gh), NULL, NULL), 0);
	KUNIT_ASSERT_NOT_NULL(test, tb[LBRIDGE_A_PORT]);
	check_event_port(test, tb[LBRIDGE_A_PORT], change->port);
	KUNIT_ASSERT_NOT_NULL(test, tb[LBRIDGE_A_NEIGH]);
	KUNIT_ASSERT_EQ(test, 0, nla_parse_nested(neigh, LBRIDGE_NEIGH_A_MAX,
						  tb[LBRIDGE_A_NEIGH], NULL, NULL));
	KUNIT_ASSERT_NOT_NULL(test, neigh[LBRIDGE_NEIGH_A_ADDR]);
	KUNIT_EXPECT_EQ(test, addr_len, (size_t)nla_len(neigh[LBRIDGE_NEIGH_A_ADDR]));
	KUNIT_EXPECT_EQ(test, !!change->old_mac, !!neigh[LBRIDGE_NEIGH_A_OLD_MAC]);
	KUNIT_EXPECT_EQ(test, !!lost, !!tb[LBRIDGE_A_EVENTS_LOST]);
	nlmsg_free(msg);
}

static void every_neigh_event_is_sized_exactly(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };
	static const u8 old_mac[ETH_ALEN] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x02 };
	struct lbridge_neigh_change change = {};
	struct lbridge_neigh_key key = {};
	unsigned int i;
	int event;

	change.key = &key;
	change.mac = mac;
	change.port = lbridge_test_port(test, 1);
	for (i = 0; i < ARRAY_SIZE(event_labels); i++) {
		set_label(test, change.port, event_labels[i]);
		for (event = 0; event < __LBRIDGE_NEIGH_EVENT_MAX; event++) {
			bool old = event == LBRIDGE_NEIGH_EVENT_REBIND ||
				   event == LBRIDGE_NEIGH_EVENT_CONFLICT;

			change.event = event;
			change.old_mac = old ? old_mac : NULL;
			change.old_ifindex = old ? 77 : 0;
			change.old_ifname = old ? "gone0" : NULL;
			key.family = AF_INET;
			key.addr.s6_addr32[0] = htonl(0xc0a80001);
			check_neigh_event(test, &change, 0);
			check_neigh_event(test, &change, 3);
			key.family = AF_INET6;
			key.addr.s6_addr32[3] = htonl(1);
			check_neigh_event(test, &change, 0);
		}
	}
}

static struct kunit_case lbridge_netlink_cases[] = {
	KUNIT_CASE_PARAM(each_command_takes_its_own_attributes_only, request_gen_params),
	KUNIT_CASE(every_change_needs_admin),
	KUNIT_CASE(resolve_finds_a_port_and_its_bridge),
	KUNIT_CASE(resolve_refuses_what_is_not_a_port),
	KUNIT_CASE(resolve_refuses_a_port_as_the_bridge),
	KUNIT_CASE(set_port_sets_every_flag_given_and_no_other),
	KUNIT_CASE(set_port_without_a_flag_has_nothing_to_set),
	KUNIT_CASE(a_port_reports_its_flags),
	KUNIT_CASE_PARAM(a_dump_lists_every_entry_once_across_messages, fdb_form_gen_params),
	KUNIT_CASE_PARAM(a_dump_of_one_port_lists_its_entries_only, fdb_form_gen_params),
	KUNIT_CASE_PARAM(a_change_between_messages_flags_the_next_as_torn, fdb_form_gen_params),
	KUNIT_CASE_PARAM(a_dump_whose_resume_entry_is_deleted_goes_on_torn, fdb_form_gen_params),
	KUNIT_CASE(every_event_is_sized_exactly),
	KUNIT_CASE(every_neigh_event_is_sized_exactly),
	KUNIT_CASE_PARAM(set_port_sets_a_label_all_or_nothing, label_gen_params),
	KUNIT_CASE(a_label_is_replaced),
	KUNIT_CASE(a_port_reports_its_label_and_bindings),
	KUNIT_CASE(a_port_that_is_no_veth_has_no_peer),
	KUNIT_CASE(a_port_with_a_peer_names_it),
	KUNIT_CASE(set_bridge_sets_and_reports_the_neigh_settings),
	KUNIT_CASE_PARAM(raising_a_neigh_cap_needs_the_host_admin, neigh_cap_gen_params),
	KUNIT_CASE(a_neigh_dump_lists_every_binding_once_across_messages),
	KUNIT_CASE(a_neigh_dump_of_one_port_lists_its_bindings_only),
	KUNIT_CASE(a_neigh_dump_of_one_address_lists_its_binding_only),
	KUNIT_CASE(a_change_between_neigh_messages_flags_the_next_as_torn),
	KUNIT_CASE(a_neigh_dump_whose_resume_binding_goes_ends_torn),
	KUNIT_CASE_PARAM(get_neigh_reads_the_address_asked_for, neigh_key_gen_params),
	{}
};

static struct kunit_suite lbridge_netlink_suite = {
	.name = "lbridge_netlink",
	.suite_init = lbridge_test_suite_init,
	.suite_exit = lbridge_test_suite_exit,
	.init = netlink_test_init,
	.exit = lbridge_test_exit,
	.test_cases = lbridge_netlink_cases,
};

kunit_test_suite(lbridge_netlink_suite);
