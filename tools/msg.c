// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "msg.h"

const char *const lbr_port_stat_names[LBRIDGE_PORT_STAT_MAX + 1] = {
	[LBRIDGE_PORT_STAT_RX_PACKETS] = "rx_packets",
	[LBRIDGE_PORT_STAT_RX_BYTES] = "rx_bytes",
	[LBRIDGE_PORT_STAT_TX_PACKETS] = "tx_packets",
	[LBRIDGE_PORT_STAT_TX_BYTES] = "tx_bytes",
	[LBRIDGE_PORT_STAT_FLOODED] = "flooded",
	[LBRIDGE_PORT_STAT_LEARNED] = "learned",
	[LBRIDGE_PORT_STAT_MOVES] = "moves",
	[LBRIDGE_PORT_STAT_LEARN_CAP] = "learn_cap",
	[LBRIDGE_PORT_STAT_OWN_SOURCE] = "own_source",
	[LBRIDGE_PORT_STAT_DROP_DOWN] = "drop_down",
	[LBRIDGE_PORT_STAT_DROP_MTU] = "drop_mtu",
	[LBRIDGE_PORT_STAT_DROP_LINK_LOCAL] = "drop_link_local",
	[LBRIDGE_PORT_STAT_DROP_INVALID_SOURCE] = "drop_invalid_source",
	[LBRIDGE_PORT_STAT_DROP_NOMEM] = "drop_nomem",
	[LBRIDGE_PORT_STAT_LEARN_PORT_CAP] = "learn_port_cap",
	[LBRIDGE_PORT_STAT_DROP_FLOOD_BACKLOG] = "drop_flood_backlog",
};

/* What each attribute of enum lbridge_attr must look like. */
static int attr_ok(const struct nlattr *a)
{
	switch (mnl_attr_get_type(a)) {
	case LBRIDGE_A_IFINDEX:
	case LBRIDGE_A_AGEING_TIME:
	case LBRIDGE_A_MAX_LEARNED:
	case LBRIDGE_A_LEARNED_COUNT:
	case LBRIDGE_A_PORT_COUNT:
	case LBRIDGE_A_FDB_COUNT:
	case LBRIDGE_A_PORT_IFINDEX:
	case LBRIDGE_A_FDB_AGE:
	case LBRIDGE_A_FLUSH_FLAGS:
	case LBRIDGE_A_MAX_STATIC:
	case LBRIDGE_A_STATIC_COUNT:
	case LBRIDGE_A_PORT_MAX_LEARNED:
	case LBRIDGE_A_PORT_LEARNED_COUNT:
	case LBRIDGE_A_FDB_EVENTS_LOST:
		return mnl_attr_validate(a, MNL_TYPE_U32) == 0;
	case LBRIDGE_A_LEARNING:
	case LBRIDGE_A_PORT_UP:
	case LBRIDGE_A_FDB_STATE:
	case LBRIDGE_A_FDB_EVENT:
		return mnl_attr_validate(a, MNL_TYPE_U8) == 0;
	case LBRIDGE_A_IFNAME:
	case LBRIDGE_A_PORT_IFNAME:
		return mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0;
	case LBRIDGE_A_ADDRESS:
	case LBRIDGE_A_FDB_MAC:
		return mnl_attr_get_payload_len(a) == ETH_ALEN;
	case LBRIDGE_A_PORT_STATS:
		return mnl_attr_validate(a, MNL_TYPE_NESTED) == 0;
	default:
		return 1;
	}
}

struct attrs {
	const struct nlattr *tb[LBRIDGE_A_MAX + 1];
	bool bad;
};

static int attr_cb(const struct nlattr *a, void *data)
{
	struct attrs *at = data;
	unsigned int type = mnl_attr_get_type(a);

	if (type > LBRIDGE_A_MAX)
		return MNL_CB_OK;
	if (!attr_ok(a)) {
		at->bad = true;
		return MNL_CB_ERROR;
	}
	at->tb[type] = a;
	return MNL_CB_OK;
}

static int parse_attrs(const struct nlmsghdr *nlh, struct attrs *at)
{
	memset(at, 0, sizeof(*at));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
		return -EINVAL;
	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attr_cb, at) != MNL_CB_OK || at->bad)
		return -EINVAL;
	return 0;
}

int lbr_genl_cmd(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*g))
		return -1;
	g = mnl_nlmsg_get_payload(nlh);
	return g->cmd;
}

static void get_name(const struct nlattr *a, char name[IF_NAMESIZE])
{
	snprintf(name, IF_NAMESIZE, "%s", mnl_attr_get_str(a));
}

static uint32_t get_u32(const struct nlattr *a)
{
	return a ? mnl_attr_get_u32(a) : 0;
}

int lbr_parse_bridge(const struct nlmsghdr *nlh, struct lbr_bridge *br)
{
	struct attrs at;

	memset(br, 0, sizeof(*br));
	if (parse_attrs(nlh, &at) || !at.tb[LBRIDGE_A_IFINDEX] || !at.tb[LBRIDGE_A_IFNAME])
		return -EINVAL;
	br->ifindex = get_u32(at.tb[LBRIDGE_A_IFINDEX]);
	get_name(at.tb[LBRIDGE_A_IFNAME], br->ifname);
	if (at.tb[LBRIDGE_A_ADDRESS])
		memcpy(br->address, mnl_attr_get_payload(at.tb[LBRIDGE_A_ADDRESS]), ETH_ALEN);
	br->ageing_time = get_u32(at.tb[LBRIDGE_A_AGEING_TIME]);
	br->max_learned = get_u32(at.tb[LBRIDGE_A_MAX_LEARNED]);
	br->learned = get_u32(at.tb[LBRIDGE_A_LEARNED_COUNT]);
	br->port_max_learned = get_u32(at.tb[LBRIDGE_A_PORT_MAX_LEARNED]);
	br->max_static = get_u32(at.tb[LBRIDGE_A_MAX_STATIC]);
	br->static_count = get_u32(at.tb[LBRIDGE_A_STATIC_COUNT]);
	br->learning = at.tb[LBRIDGE_A_LEARNING] && mnl_attr_get_u8(at.tb[LBRIDGE_A_LEARNING]);
	br->port_count = get_u32(at.tb[LBRIDGE_A_PORT_COUNT]);
	br->fdb_count = get_u32(at.tb[LBRIDGE_A_FDB_COUNT]);
	return 0;
}

static int stat_cb(const struct nlattr *a, void *data)
{
	uint64_t *stats = data;
	unsigned int type = mnl_attr_get_type(a);

	/* Padding, and counters newer than this tool, are skipped. */
	if (type > LBRIDGE_PORT_STAT_MAX || !lbr_port_stat_names[type])
		return MNL_CB_OK;
	if (mnl_attr_validate(a, MNL_TYPE_U64))
		return MNL_CB_ERROR;
	stats[type] = mnl_attr_get_u64(a);
	return MNL_CB_OK;
}

int lbr_parse_port(const struct nlmsghdr *nlh, struct lbr_port *port)
{
	struct attrs at;

	memset(port, 0, sizeof(*port));
	if (parse_attrs(nlh, &at) || !at.tb[LBRIDGE_A_PORT_IFINDEX] ||
	    !at.tb[LBRIDGE_A_PORT_IFNAME])
		return -EINVAL;
	port->ifindex = get_u32(at.tb[LBRIDGE_A_PORT_IFINDEX]);
	get_name(at.tb[LBRIDGE_A_PORT_IFNAME], port->ifname);
	if (at.tb[LBRIDGE_A_IFNAME])
		get_name(at.tb[LBRIDGE_A_IFNAME], port->master);
	port->up = at.tb[LBRIDGE_A_PORT_UP] && mnl_attr_get_u8(at.tb[LBRIDGE_A_PORT_UP]);
	port->learned = get_u32(at.tb[LBRIDGE_A_PORT_LEARNED_COUNT]);
	if (at.tb[LBRIDGE_A_PORT_STATS] &&
	    mnl_attr_parse_nested(at.tb[LBRIDGE_A_PORT_STATS], stat_cb, port->stats) != MNL_CB_OK)
		return -EINVAL;
	return 0;
}

/* The attributes an fdb entry and an fdb event share. */
static void fill_fdb(const struct attrs *at, struct lbr_fdb *fdb)
{
	if (at->tb[LBRIDGE_A_IFNAME])
		get_name(at->tb[LBRIDGE_A_IFNAME], fdb->master);
	if (at->tb[LBRIDGE_A_FDB_MAC])
		memcpy(fdb->mac, mnl_attr_get_payload(at->tb[LBRIDGE_A_FDB_MAC]), ETH_ALEN);
	if (at->tb[LBRIDGE_A_FDB_STATE])
		fdb->state = mnl_attr_get_u8(at->tb[LBRIDGE_A_FDB_STATE]);
	fdb->age_ms = get_u32(at->tb[LBRIDGE_A_FDB_AGE]);
	fdb->port_ifindex = get_u32(at->tb[LBRIDGE_A_PORT_IFINDEX]);
	if (at->tb[LBRIDGE_A_PORT_IFNAME])
		get_name(at->tb[LBRIDGE_A_PORT_IFNAME], fdb->port);
}

int lbr_parse_fdb(const struct nlmsghdr *nlh, struct lbr_fdb *fdb)
{
	struct attrs at;

	memset(fdb, 0, sizeof(*fdb));
	if (parse_attrs(nlh, &at) || !at.tb[LBRIDGE_A_IFNAME] || !at.tb[LBRIDGE_A_FDB_MAC] ||
	    !at.tb[LBRIDGE_A_FDB_STATE])
		return -EINVAL;
	fill_fdb(&at, fdb);
	return 0;
}

int lbr_parse_event(const struct nlmsghdr *nlh, struct lbr_event *ev)
{
	struct attrs at;

	memset(ev, 0, sizeof(*ev));
	if (parse_attrs(nlh, &at) || !at.tb[LBRIDGE_A_IFNAME] || !at.tb[LBRIDGE_A_FDB_EVENT])
		return -EINVAL;
	ev->event = mnl_attr_get_u8(at.tb[LBRIDGE_A_FDB_EVENT]);
	ev->has_mac = at.tb[LBRIDGE_A_FDB_MAC];
	ev->has_state = at.tb[LBRIDGE_A_FDB_STATE];
	ev->flush_flags = get_u32(at.tb[LBRIDGE_A_FLUSH_FLAGS]);
	ev->events_lost = get_u32(at.tb[LBRIDGE_A_FDB_EVENTS_LOST]);
	fill_fdb(&at, &ev->fdb);
	return 0;
}
