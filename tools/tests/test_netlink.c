// SPDX-License-Identifier: GPL-2.0
/*
 * Replies parsed from hand-built messages, and the request machinery
 * (acks, extack, dump retries, pipelining) against the fake kernel.
 */
#include <errno.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "fake_kernel.h"
#include "lbrctl.h"
#include "test.h"

static struct nlmsghdr *reply(char *buf, uint8_t cmd)
{
	return nl_genl_request(buf, FAKE_FAMILY, cmd, LBRIDGE_GENL_VERSION);
}

static void error_capped_with_extack(void)
{
	char buf[512], msg[64];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = -EEXIST;
	e->msg.nlmsg_len = 200;	/* the request was longer: capped away */
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 20);
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "already there");
	CHECK_INT(nl_msg_error(nlh, msg, sizeof(msg)), -EEXIST);
	CHECK_STR(msg, "already there");
}

static void error_uncapped_with_extack(void)
{
	char buf[512], msg[64];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;
	char *payload;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_ACK_TLVS;
	/* The request comes back whole: 16 bytes of header and 10 of payload. */
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e) + MNL_ALIGN(10));
	e->error = -EINVAL;
	e->msg.nlmsg_len = sizeof(struct nlmsghdr) + 10;
	payload = (char *)(e + 1);
	/* Looks like an attribute; must not be read as one. */
	memcpy(payload, "\x08\x00\x02\x00xyz", 8);
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "bad value");
	CHECK_INT(nl_msg_error(nlh, msg, sizeof(msg)), -EINVAL);
	CHECK_STR(msg, "bad value");
}

static void error_plain_ack_and_done(void)
{
	char buf[512], msg[64];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;
	int *err;

	nlh->nlmsg_type = NLMSG_ERROR;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = 0;
	CHECK_INT(nl_msg_error(nlh, msg, sizeof(msg)), 0);
	CHECK_STR(msg, "");
	e->error = -EPERM;
	CHECK_INT(nl_msg_error(nlh, msg, sizeof(msg)), -EPERM);

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI | NLM_F_ACK_TLVS;
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	*err = -ENODEV;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "No such device");
	CHECK_INT(nl_msg_error(nlh, msg, sizeof(msg)), -ENODEV);
	CHECK_STR(msg, "No such device");

	/* Truncated: no room for the error code. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	CHECK_INT(nl_msg_error(nlh, msg, sizeof(msg)), -EBADMSG);
	nlh->nlmsg_type = NLMSG_DONE;
	memset(nlh + 1, 0xff, 4);
	CHECK_INT(nl_msg_error(nlh, msg, sizeof(msg)), -EBADMSG);
}

/* The nests of a reply, as the module writes them. */
static void put_bridge(struct nlmsghdr *nlh, uint32_t ifindex, const char *name)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, LBRIDGE_A_BRIDGE);

	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_IFINDEX, ifindex);
	mnl_attr_put_strz(nlh, LBRIDGE_BRIDGE_A_IFNAME, name);
	mnl_attr_nest_end(nlh, nest);
}

static void put_port(struct nlmsghdr *nlh, uint32_t ifindex, const char *name)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, LBRIDGE_A_PORT);

	mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_IFINDEX, ifindex);
	mnl_attr_put_strz(nlh, LBRIDGE_PORT_A_IFNAME, name);
	mnl_attr_nest_end(nlh, nest);
}

static void put_fdb(struct nlmsghdr *nlh, const void *mac, int mac_len, int state, int age)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, LBRIDGE_A_FDB);

	if (mac)
		mnl_attr_put(nlh, LBRIDGE_FDB_A_MAC, mac_len, mac);
	if (state >= 0)
		mnl_attr_put_u8(nlh, LBRIDGE_FDB_A_STATE, state);
	if (age >= 0)
		mnl_attr_put_u32(nlh, LBRIDGE_FDB_A_AGE, age);
	mnl_attr_nest_end(nlh, nest);
}

static void parse_fdb_entry(void)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh = reply(buf, LBRIDGE_CMD_GET_FDB);
	static const uint8_t mac[6] = { 2, 0x42, 0xac, 0x11, 0, 2 };
	struct nlattr *nest;
	struct lbr_fdb e;

	put_bridge(nlh, 10, "lb0");
	nest = mnl_attr_nest_start(nlh, LBRIDGE_A_FDB);
	mnl_attr_put(nlh, LBRIDGE_FDB_A_MAC, 6, mac);
	mnl_attr_put_u8(nlh, LBRIDGE_FDB_A_STATE, LBRIDGE_FDB_STATE_LEARNED);
	mnl_attr_put_u32(nlh, LBRIDGE_FDB_A_AGE, 1500);
	/* From a newer module, in a nest and at the top: skipped. */
	mnl_attr_put_u64(nlh, LBRIDGE_FDB_A_MAX + 1, 1);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u64(nlh, LBRIDGE_A_MAX + 7, 1);
	put_port(nlh, 11, "vc2");
	CHECK_INT(lbr_parse_fdb(nlh, &e), 0);
	CHECK(!memcmp(e.mac, mac, 6));
	CHECK_STR(e.master, "lb0");
	CHECK_STR(e.port, "vc2");
	CHECK_INT(e.port_ifindex, 11);
	CHECK_INT(e.state, LBRIDGE_FDB_STATE_LEARNED);
	CHECK_INT(e.age_ms, 1500);
}

static void parse_fdb_malformed(void)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh = reply(buf, LBRIDGE_CMD_GET_FDB);
	struct nlattr *nest;
	struct lbr_fdb e;

	put_bridge(nlh, 10, "lb0");
	/* A MAC of five bytes. */
	put_fdb(nlh, "\2\0\0\0\0", 5, 0, -1);
	CHECK_INT(lbr_parse_fdb(nlh, &e), -EINVAL);

	nlh = reply(buf, LBRIDGE_CMD_GET_FDB);
	put_bridge(nlh, 10, "lb0");
	/* No state. */
	put_fdb(nlh, "\2\0\0\0\0\1", 6, -1, -1);
	CHECK_INT(lbr_parse_fdb(nlh, &e), -EINVAL);

	nlh = reply(buf, LBRIDGE_CMD_GET_FDB);
	put_fdb(nlh, "\2\0\0\0\0\1", 6, 0, -1);
	/* No bridge. */
	CHECK_INT(lbr_parse_fdb(nlh, &e), -EINVAL);

	nlh = reply(buf, LBRIDGE_CMD_GET_FDB);
	/* A name without its NUL. */
	nest = mnl_attr_nest_start(nlh, LBRIDGE_A_BRIDGE);
	mnl_attr_put(nlh, LBRIDGE_BRIDGE_A_IFNAME, 3, "lb0");
	mnl_attr_nest_end(nlh, nest);
	put_fdb(nlh, "\2\0\0\0\0\1", 6, 0, -1);
	CHECK_INT(lbr_parse_fdb(nlh, &e), -EINVAL);

	nlh = reply(buf, LBRIDGE_CMD_GET_FDB);
	put_bridge(nlh, 10, "lb0");
	/* A u16 where a u32 belongs. */
	nest = mnl_attr_nest_start(nlh, LBRIDGE_A_FDB);
	mnl_attr_put_u16(nlh, LBRIDGE_FDB_A_AGE, 1);
	mnl_attr_put(nlh, LBRIDGE_FDB_A_MAC, 6, "\2\0\0\0\0\1");
	mnl_attr_put_u8(nlh, LBRIDGE_FDB_A_STATE, 0);
	mnl_attr_nest_end(nlh, nest);
	CHECK_INT(lbr_parse_fdb(nlh, &e), -EINVAL);

	nlh = reply(buf, LBRIDGE_CMD_GET_FDB);
	put_bridge(nlh, 10, "lb0");
	/* The FDB nest is no nest. */
	mnl_attr_put_u32(nlh, LBRIDGE_A_FDB, 1);
	CHECK_INT(lbr_parse_fdb(nlh, &e), -EINVAL);
}

static void parse_port_stats(void)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh = reply(buf, LBRIDGE_CMD_GET_PORT);
	struct nlattr *nest, *stats;
	struct lbr_port port;

	put_bridge(nlh, 10, "lb0");
	nest = mnl_attr_nest_start(nlh, LBRIDGE_A_PORT);
	mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_IFINDEX, 11);
	mnl_attr_put_strz(nlh, LBRIDGE_PORT_A_IFNAME, "vc2");
	mnl_attr_put_u8(nlh, LBRIDGE_PORT_A_UP, 1);
	mnl_attr_put_u8(nlh, LBRIDGE_PORT_A_LEARNING, 1);
	stats = mnl_attr_nest_start(nlh, LBRIDGE_PORT_A_STATS);
	mnl_attr_put(nlh, LBRIDGE_PORT_STAT_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, LBRIDGE_PORT_STAT_RX_PACKETS, 1ull << 40);
	mnl_attr_put_u64(nlh, LBRIDGE_PORT_STAT_DROP_NOMEM, 9);
	mnl_attr_put_u64(nlh, LBRIDGE_PORT_STAT_LEARN_PORT_CAP, 5);
	mnl_attr_put_u64(nlh, LBRIDGE_PORT_STAT_DROP_FLOOD_BACKLOG, 1ull << 33);
	/* A counter from a newer module: skipped, whatever its size. */
	mnl_attr_put_u32(nlh, LBRIDGE_PORT_STAT_MAX + 3, 77);
	mnl_attr_nest_end(nlh, stats);
	mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_LEARNED_COUNT, 4000000000u);
	mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_STATIC_COUNT, 7);
	mnl_attr_put_strz(nlh, LBRIDGE_PORT_A_MAX + 1, "from the future");
	mnl_attr_nest_end(nlh, nest);
	CHECK_INT(lbr_parse_port(nlh, &port), 0);
	CHECK_STR(port.ifname, "vc2");
	CHECK_STR(port.master, "lb0");
	CHECK(port.up);
	CHECK(port.learning);
	CHECK(port.stats[LBRIDGE_PORT_STAT_RX_PACKETS] == 1ull << 40);
	CHECK_INT(port.stats[LBRIDGE_PORT_STAT_DROP_NOMEM], 9);
	CHECK_INT(port.stats[LBRIDGE_PORT_STAT_LEARN_PORT_CAP], 5);
	CHECK(port.stats[LBRIDGE_PORT_STAT_DROP_FLOOD_BACKLOG] == 1ull << 33);
	CHECK_INT(port.learned, 4000000000u);
	CHECK_INT(port.static_count, 7);
}

static void parse_bridge(void)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh = reply(buf, LBRIDGE_CMD_GET_BRIDGE);
	struct nlattr *nest;
	struct lbr_bridge br;

	nest = mnl_attr_nest_start(nlh, LBRIDGE_A_BRIDGE);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_IFINDEX, 10);
	mnl_attr_put_strz(nlh, LBRIDGE_BRIDGE_A_IFNAME, "lb0");
	mnl_attr_put(nlh, LBRIDGE_BRIDGE_A_ADDRESS, 6, "\2\x42\xac\x11\0\1");
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_AGEING_TIME, 300);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_MAX_LEARNED, 0);
	mnl_attr_put_u8(nlh, LBRIDGE_BRIDGE_A_LEARNING, 0);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_PORT_COUNT, 3);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_MAX_STATIC, 1024);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_STATIC_COUNT, 17);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED, 4294967295u);
	mnl_attr_put_u8(nlh, LBRIDGE_BRIDGE_A_MAX + 9, 1);
	mnl_attr_nest_end(nlh, nest);
	CHECK_INT(lbr_parse_bridge(nlh, &br), 0);
	CHECK_STR(br.ifname, "lb0");
	CHECK_INT(br.ageing_time, 300);
	CHECK(!br.learning);
	CHECK_INT(br.port_count, 3);
	CHECK_INT(br.address[5], 1);
	CHECK_INT(br.max_static, 1024);
	CHECK_INT(br.static_count, 17);
	CHECK_INT(br.port_max_learned, 4294967295u);
}

/* A known attribute of the wrong size refuses the reply, in any nest. */
static void parse_wrong_sizes(void)
{
	static const struct {
		int nest, type;
	} cases[] = {
		{ LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_MAX_STATIC },
		{ LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_STATIC_COUNT },
		{ LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED },
		{ LBRIDGE_A_PORT, LBRIDGE_PORT_A_LEARNED_COUNT },
		{ LBRIDGE_A_PORT, LBRIDGE_PORT_A_STATIC_COUNT },
		{ 0, LBRIDGE_A_EVENTS_LOST },
	};
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct lbr_bridge br;
	struct lbr_port port;
	struct lbr_event ev;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nlh = reply(buf, LBRIDGE_CMD_GET_BRIDGE);
		put_bridge(nlh, 10, "lb0");
		put_port(nlh, 11, "vc2");
		mnl_attr_put_u8(nlh, LBRIDGE_A_EVENT, LBRIDGE_FDB_EVENT_LIMIT);
		CHECK_INT(lbr_parse_bridge(nlh, &br), 0);
		CHECK_INT(lbr_parse_port(nlh, &port), 0);
		CHECK_INT(lbr_parse_event(nlh, &ev), 0);
		if (cases[i].nest)
			nest = mnl_attr_nest_start(nlh, cases[i].nest);
		mnl_attr_put_u8(nlh, cases[i].type, 1);
		if (cases[i].nest)
			mnl_attr_nest_end(nlh, nest);
		CHECK_INT(lbr_parse_bridge(nlh, &br), -EINVAL);
		CHECK_INT(lbr_parse_port(nlh, &port), -EINVAL);
		CHECK_INT(lbr_parse_event(nlh, &ev), -EINVAL);
	}
}

static void parse_event_limit_lost(void)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh = reply(buf, LBRIDGE_CMD_FDB_EVENT);
	struct lbr_event ev;

	put_bridge(nlh, 10, "lb0");
	mnl_attr_put_u8(nlh, LBRIDGE_A_EVENT, LBRIDGE_FDB_EVENT_LIMIT);
	put_fdb(nlh, "\2\0\0\0\xee\1", 6, -1, -1);
	put_port(nlh, 11, "vc2");
	mnl_attr_put_u32(nlh, LBRIDGE_A_EVENTS_LOST, 17);
	CHECK_INT(lbr_parse_event(nlh, &ev), 0);
	CHECK_INT(ev.event, LBRIDGE_FDB_EVENT_LIMIT);
	CHECK(ev.has_mac);
	CHECK(!ev.has_state);
	CHECK_INT(ev.fdb.mac[4], 0xee);
	CHECK_STR(ev.fdb.port, "vc2");
	CHECK_STR(ev.fdb.master, "lb0");
	CHECK_INT(ev.events_lost, 17);
}

static void family_and_group(void)
{
	static const char *const groups[] = { LBRIDGE_GENL_MCGRP_FDB, LBRIDGE_GENL_MCGRP_NEIGH,
					       "nosuch", NULL };
	struct nl *nl;
	uint16_t id = 0;
	uint32_t grp[3] = { 0 }, version = 0;

	fake_reset();
	nl = nl_open(&fake_transport, NETLINK_GENERIC);
	CHECK(nl);
	CHECK_INT(nl_genl_family(nl, LBRIDGE_GENL_NAME, groups, 3, &id, grp, &version), 0);
	CHECK_INT(id, FAKE_FAMILY);
	CHECK_INT(version, LBRIDGE_GENL_VERSION);
	/* Picked by name, not position: the fake lists others around them. */
	CHECK_INT(grp[0], FAKE_GROUP);
	CHECK_INT(grp[1], FAKE_NEIGH_GROUP);
	CHECK_INT(grp[2], 0);
	/* A version 2 module: no neigh group. */
	fk.has_neigh_group = false;
	grp[1] = 99;
	CHECK_INT(nl_genl_family(nl, LBRIDGE_GENL_NAME, groups, 3, &id, grp, &version), 0);
	CHECK_INT(grp[0], FAKE_GROUP);
	CHECK_INT(grp[1], 0);
	CHECK_INT(nl_genl_family(nl, "nosuch", NULL, 0, &id, NULL, NULL), -ENOENT);
	fk.loaded = false;
	CHECK_INT(nl_genl_family(nl, LBRIDGE_GENL_NAME, NULL, 0, &id, NULL, NULL), -ENOENT);
	nl_close(nl);
}

/*
 * The names are read no further than the caller's array: four of them,
 * as many as the lookup keeps, with no NULL after them. (The bound was
 * tested after groups[i] had been read.)
 */
static void family_groups_bounded(void)
{
	static const char *const groups[4] = { "x", "y", LBRIDGE_GENL_MCGRP_NEIGH,
					       LBRIDGE_GENL_MCGRP_FDB };
	struct nl *nl;
	uint16_t id = 0;
	uint32_t grp[4] = { 1, 1, 1, 1 }, one[1] = { 0 };

	fake_reset();
	nl = nl_open(&fake_transport, NETLINK_GENERIC);
	CHECK(nl);
	CHECK_INT(nl_genl_family(nl, LBRIDGE_GENL_NAME, groups, 4, &id, grp, NULL), 0);
	CHECK_INT(grp[0], 0);
	CHECK_INT(grp[1], 0);
	CHECK_INT(grp[2], FAKE_NEIGH_GROUP);
	CHECK_INT(grp[3], FAKE_GROUP);
	/* Nor is more written than the caller has room for. */
	CHECK_INT(nl_genl_family(nl, LBRIDGE_GENL_NAME, groups + 2, 1, &id, one, NULL), 0);
	CHECK_INT(one[0], FAKE_NEIGH_GROUP);
	nl_close(nl);
}

/* Leaves garbage where the next call's locals will be. */
static void __attribute__((noinline)) dirty_stack(void)
{
	volatile unsigned char junk[4096];

	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = 0xa5;
}

/*
 * The multicast group ids reach the context only from a family that was
 * found and is new enough: a failed lookup leaves them as they were.
 */
static void ctx_genl_groups_on_success_only(void)
{
	struct ctx ctx;

	fake_reset();
	ctx_init(&ctx);
	ctx.transport = &fake_transport;
	ctx.err = fopen("/dev/null", "w");
	CHECK(ctx.err);
	/* Too old: the family and its groups were found, and are not used. */
	fk.version = LBRIDGE_GENL_VERSION - 1;
	CHECK(!ctx_genl(&ctx));
	CHECK_INT(ctx.mcgrp_fdb, 0);
	CHECK_INT(ctx.mcgrp_neigh, 0);
	/* Not loaded: nothing was found, so nothing may be copied. */
	fk.loaded = false;
	dirty_stack();
	CHECK(!ctx_genl(&ctx));
	CHECK_INT(ctx.mcgrp_fdb, 0);
	CHECK_INT(ctx.mcgrp_neigh, 0);
	/* Found: both groups. */
	fake_reset();
	CHECK(ctx_genl(&ctx));
	CHECK_INT(ctx.mcgrp_fdb, FAKE_GROUP);
	CHECK_INT(ctx.mcgrp_neigh, FAKE_NEIGH_GROUP);
	fclose(ctx.err);
	ctx_fini(&ctx);
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(*(int *)data)++;
	return 0;
}

static void reset_count(void *data)
{
	*(int *)data = 0;
}

static struct nlmsghdr *fdb_dump_request(char *buf)
{
	struct nlmsghdr *req = nl_genl_request(buf, FAKE_FAMILY, LBRIDGE_CMD_GET_FDB,
					       LBRIDGE_GENL_VERSION);

	lbr_put_bridge(req, 10);
	return req;
}

static void dump_retried_when_interrupted(void)
{
	char buf[NL_REQ_SIZE];
	struct nl *nl;
	int n = 0;

	fake_reset();
	nl = nl_open(&fake_transport, NETLINK_GENERIC);
	fk.intr_dumps = 2;
	CHECK_INT(nl_dump(nl, fdb_dump_request(buf), count_cb, reset_count, &n), 0);
	/* Three entries, not nine: the torn dumps were thrown away. */
	CHECK_INT(n, 3);
	CHECK_INT(fk.dumps, 3);
	nl_close(nl);
}

static void dump_gives_up(void)
{
	char buf[NL_REQ_SIZE];
	struct nl *nl;
	int n = 0;

	fake_reset();
	nl = nl_open(&fake_transport, NETLINK_GENERIC);
	fk.intr_dumps = 100;
	CHECK_INT(nl_dump(nl, fdb_dump_request(buf), count_cb, reset_count, &n), -EINTR);
	CHECK_INT(fk.dumps, NL_DUMP_TRIES);
	CHECK_STR(nl->errmsg, "the table changed during each of 5 dumps in a row");
	/* The last try is left for the caller: its three entries and a repeat. */
	CHECK_INT(n, 4);
	nl_close(nl);
}

static void dump_error_in_done(void)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	struct nl *nl;
	int n = 0;

	fake_reset();
	nl = nl_open(&fake_transport, NETLINK_GENERIC);
	req = nl_genl_request(buf, FAKE_FAMILY, LBRIDGE_CMD_GET_FDB, LBRIDGE_GENL_VERSION);
	lbr_put_bridge(req, 5);	/* eth0: no bridge */
	CHECK_INT(nl_dump(nl, req, count_cb, reset_count, &n), -EINVAL);
	CHECK_HAS(nl->errmsg, "not an lbridge bridge");
	nl_close(nl);
}

static struct nlmsghdr *add_request(char *buf, int i, uint32_t port)
{
	struct nlmsghdr *req = nl_genl_request(buf, FAKE_FAMILY, LBRIDGE_CMD_NEW_FDB,
					       LBRIDGE_GENL_VERSION);
	uint8_t mac[6] = { 2, 0, 0, 1, i >> 8, i };

	lbr_put_port(req, port);
	put_fdb(req, mac, 6, -1, -1);
	return req;
}

static void pipeline_windows(void)
{
	char buf[NL_REQ_SIZE];
	struct nl *nl;

	fake_reset();
	nl = nl_open(&fake_transport, NETLINK_GENERIC);
	nl->pipeline = true;
	for (int i = 1; i <= 200; i++)
		CHECK_INT(nl_submit(nl, add_request(buf, i, 11), i), 0);
	CHECK_INT(nl_sync(nl), 0);
	CHECK_INT(fake_count_fdb(LBRIDGE_FDB_STATE_STATIC), 201);
	/* 200 requests in windows of NL_WINDOW: four datagrams, not 200. */
	CHECK_INT(fk.sends, (200 + NL_WINDOW - 1) / NL_WINDOW);
	nl_close(nl);
}

static void pipeline_first_error_wins(void)
{
	char buf[NL_REQ_SIZE];
	struct nl *nl;

	fake_reset();
	fk.uncapped_acks = true;
	nl = nl_open(&fake_transport, NETLINK_GENERIC);
	nl->pipeline = true;
	for (int i = 1; i <= 10; i++) {
		/* Requests 4 and 7 name eth0, which is no port. */
		CHECK_INT(nl_submit(nl, add_request(buf, i, i == 4 || i == 7 ? 5 : 11), 100 + i), 0);
	}
	CHECK_INT(nl_sync(nl), -EINVAL);
	CHECK_INT(nl->err_cookie, 104);
	CHECK_HAS(nl->errmsg, "not a port");
	/* The queue is empty again and the socket in step. */
	CHECK_INT(nl->queued, 0);
	CHECK_INT(nl_sync(nl), 0);
	CHECK_INT(nl_submit(nl, add_request(buf, 99, 11), 1), 0);
	CHECK_INT(nl_sync(nl), 0);
	nl_close(nl);
}

/* Per-command policies: an attribute a command does not take is refused. */
static void fake_refuses_foreign_attributes(void)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	struct nlattr *nest;
	struct nl *nl;

	fake_reset();
	nl = nl_open(&fake_transport, NETLINK_GENERIC);
	req = nl_genl_request(buf, FAKE_FAMILY, LBRIDGE_CMD_SET_PORT, LBRIDGE_GENL_VERSION);
	lbr_put_bridge(req, 10);
	lbr_put_port(req, 11);
	CHECK_INT(nl_transact(nl, req, NULL, NULL, 0), -EINVAL);
	CHECK_STR(nl->errmsg, "Unknown attribute type");
	req = nl_genl_request(buf, FAKE_FAMILY, LBRIDGE_CMD_SET_PORT, LBRIDGE_GENL_VERSION);
	nest = mnl_attr_nest_start(req, LBRIDGE_A_PORT);
	mnl_attr_put_u32(req, LBRIDGE_PORT_A_IFINDEX, 11);
	mnl_attr_put_u32(req, LBRIDGE_PORT_A_LEARNED_COUNT, 1);
	mnl_attr_nest_end(req, nest);
	CHECK_INT(nl_transact(nl, req, NULL, NULL, 0), -EINVAL);
	req = nl_genl_request(buf, FAKE_FAMILY, LBRIDGE_CMD_GET_BRIDGE, LBRIDGE_GENL_VERSION);
	lbr_put_bridge(req, 10);
	mnl_attr_put_u32(req, LBRIDGE_A_FLUSH_FLAGS, 1);
	CHECK_INT(nl_transact(nl, req, NULL, NULL, 0), -EINVAL);
	CHECK_INT(fk.refused, 3);
	/* What it does take goes through. */
	req = nl_genl_request(buf, FAKE_FAMILY, LBRIDGE_CMD_SET_PORT, LBRIDGE_GENL_VERSION);
	nest = mnl_attr_nest_start(req, LBRIDGE_A_PORT);
	mnl_attr_put_strz(req, LBRIDGE_PORT_A_IFNAME, "vc2");
	mnl_attr_put_u8(req, LBRIDGE_PORT_A_LEARNING, 0);
	mnl_attr_nest_end(req, nest);
	CHECK_INT(nl_transact(nl, req, NULL, NULL, 0), 0);
	CHECK(!fk.ports[0].learning);
	nl_close(nl);
}

static void transact_skips_stale_replies(void)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	struct nl *nl;
	int n = 0;

	fake_reset();
	nl = nl_open(&fake_transport, NETLINK_GENERIC);
	/* An ack nobody read, as after an interrupted exchange. */
	req = add_request(buf, 1, 11);
	req->nlmsg_flags |= NLM_F_ACK;
	req->nlmsg_seq = 12345;
	fake_transport.send(nl->h, req, req->nlmsg_len);
	req = nl_genl_request(buf, FAKE_FAMILY, LBRIDGE_CMD_GET_BRIDGE, LBRIDGE_GENL_VERSION);
	lbr_put_bridge(req, 10);
	CHECK_INT(nl_transact(nl, req, count_cb, &n, 0), 0);
	CHECK_INT(n, 1);
	nl_close(nl);
}

const struct test netlink_tests[] = {
	TEST(error_capped_with_extack),
	TEST(error_uncapped_with_extack),
	TEST(error_plain_ack_and_done),
	TEST(parse_fdb_entry),
	TEST(parse_fdb_malformed),
	TEST(parse_port_stats),
	TEST(parse_bridge),
	TEST(parse_wrong_sizes),
	TEST(parse_event_limit_lost),
	TEST(family_and_group),
	TEST(family_groups_bounded),
	TEST(ctx_genl_groups_on_success_only),
	TEST(dump_retried_when_interrupted),
	TEST(dump_gives_up),
	TEST(dump_error_in_done),
	TEST(pipeline_windows),
	TEST(pipeline_first_error_wins),
	TEST(fake_refuses_foreign_attributes),
	TEST(transact_skips_stale_replies),
	{ 0 },
};
