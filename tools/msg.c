// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <sys/socket.h>
#include <stdio.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "msg.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const char *const lbr_port_stat_names[LBRIDGE_PORT_STAT_MAX + 1] = {
#include "stat-names.h"
};

/* --- Requests ------------------------------------------------------------ */

void lbr_put_bridge(struct nlmsghdr *nlh, uint32_t ifindex)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, LBRIDGE_A_BRIDGE);

	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_IFINDEX, ifindex);
	mnl_attr_nest_end(nlh, nest);
}

void lbr_put_bridge_name(struct nlmsghdr *nlh, const char *name)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, LBRIDGE_A_BRIDGE);

	mnl_attr_put_strz(nlh, LBRIDGE_BRIDGE_A_IFNAME, name);
	mnl_attr_nest_end(nlh, nest);
}

void lbr_put_port(struct nlmsghdr *nlh, uint32_t ifindex)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, LBRIDGE_A_PORT);

	mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_IFINDEX, ifindex);
	mnl_attr_nest_end(nlh, nest);
}

void lbr_put_allowed(struct nlmsghdr *nlh, const struct lbr_allowed *a)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, LBRIDGE_A_ALLOWED);

	if (a->family == AF_INET)
		mnl_attr_put(nlh, LBRIDGE_ALLOWED_A_IPV4, 4, a->addr);
	else if (a->family == AF_INET6)
		mnl_attr_put(nlh, LBRIDGE_ALLOWED_A_IPV6, 16, a->addr);
	else
		mnl_attr_put(nlh, LBRIDGE_ALLOWED_A_MAC, ETH_ALEN, a->addr);
	mnl_attr_nest_end(nlh, nest);
}

/* --- Replies ------------------------------------------------------------- */

/*
 * What each attribute this tool knows must look like; a type it does not
 * know (MNL_TYPE_UNSPEC, or past the end) is from a newer module and is
 * skipped. len: the exact payload of a binary attribute.
 */
struct policy {
	enum mnl_attr_data_type type;
	uint16_t len;
};

static const struct policy top_policy[LBRIDGE_A_MAX + 1] = {
	[LBRIDGE_A_BRIDGE] = { .type = MNL_TYPE_NESTED },
	[LBRIDGE_A_PORT] = { .type = MNL_TYPE_NESTED },
	[LBRIDGE_A_FDB] = { .type = MNL_TYPE_NESTED },
	[LBRIDGE_A_FLUSH_FLAGS] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_A_EVENT] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_A_EVENTS_LOST] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_A_NEIGH] = { .type = MNL_TYPE_NESTED },
	[LBRIDGE_A_GUARD] = { .type = MNL_TYPE_NESTED },
	[LBRIDGE_A_FDB_RECORD_SIZE] = { .type = MNL_TYPE_U32 },
	/* Any length: lbr_parse_fdb_records() checks it against the size. */
	[LBRIDGE_A_FDB_RECORDS] = { .type = MNL_TYPE_BINARY },
};

static const struct policy bridge_policy[LBRIDGE_BRIDGE_A_MAX + 1] = {
	[LBRIDGE_BRIDGE_A_IFINDEX] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_BRIDGE_A_IFNAME] = { .type = MNL_TYPE_NUL_STRING },
	[LBRIDGE_BRIDGE_A_ADDRESS] = { .type = MNL_TYPE_BINARY, .len = ETH_ALEN },
	[LBRIDGE_BRIDGE_A_AGEING_TIME] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_BRIDGE_A_LEARNING] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_BRIDGE_A_MAX_LEARNED] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_BRIDGE_A_MAX_STATIC] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_BRIDGE_A_PORT_COUNT] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_BRIDGE_A_FDB_COUNT] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_BRIDGE_A_LEARNED_COUNT] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_BRIDGE_A_STATIC_COUNT] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_BRIDGE_A_ANNOUNCE] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_BRIDGE_A_MAX_NEIGH] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_BRIDGE_A_NEIGH_COUNT] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_BRIDGE_A_GUARD] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_BRIDGE_A_RA_GUARD] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_BRIDGE_A_DHCP_GUARD] = { .type = MNL_TYPE_U8 },
};

static const struct policy port_policy[LBRIDGE_PORT_A_MAX + 1] = {
	[LBRIDGE_PORT_A_IFINDEX] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_PORT_A_IFNAME] = { .type = MNL_TYPE_NUL_STRING },
	[LBRIDGE_PORT_A_UP] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_PORT_A_LEARNING] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_PORT_A_LEARNED_COUNT] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_PORT_A_STATIC_COUNT] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_PORT_A_STATS] = { .type = MNL_TYPE_NESTED },
	[LBRIDGE_PORT_A_FLOOD] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_PORT_A_MCAST_FLOOD] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_PORT_A_BCAST_FLOOD] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_PORT_A_HAIRPIN] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_PORT_A_ISOLATED] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_PORT_A_LABEL] = { .type = MNL_TYPE_NUL_STRING },
	[LBRIDGE_PORT_A_PEER] = { .type = MNL_TYPE_NESTED },
	[LBRIDGE_PORT_A_NEIGH_SUPPRESS] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_PORT_A_NEIGH_COUNT] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_PORT_A_GUARD] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_PORT_A_RA_GUARD] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_PORT_A_DHCP_GUARD] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_PORT_A_GUARD_MAC] = { .type = MNL_TYPE_BINARY, .len = ETH_ALEN },
	/* Repeated: the table keeps the last, lbr_parse_port() walks them all. */
	[LBRIDGE_PORT_A_ALLOWED] = { .type = MNL_TYPE_NESTED },
};

static const struct policy allowed_policy[LBRIDGE_ALLOWED_A_MAX + 1] = {
	[LBRIDGE_ALLOWED_A_MAC] = { .type = MNL_TYPE_BINARY, .len = ETH_ALEN },
	[LBRIDGE_ALLOWED_A_IPV4] = { .type = MNL_TYPE_BINARY, .len = 4 },
	[LBRIDGE_ALLOWED_A_IPV6] = { .type = MNL_TYPE_BINARY, .len = 16 },
};

/* ADDR's length, 4 or 16, is checked against FAMILY by the parser. */
static const struct policy guard_policy[LBRIDGE_GUARD_A_MAX + 1] = {
	[LBRIDGE_GUARD_A_REASON] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_GUARD_A_MAC] = { .type = MNL_TYPE_BINARY, .len = ETH_ALEN },
	[LBRIDGE_GUARD_A_FAMILY] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_GUARD_A_ADDR] = { .type = MNL_TYPE_BINARY },
	[LBRIDGE_GUARD_A_OWNER_IFINDEX] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_GUARD_A_OWNER_IFNAME] = { .type = MNL_TYPE_NUL_STRING },
	[LBRIDGE_GUARD_A_OWNER_LABEL] = { .type = MNL_TYPE_NUL_STRING },
};

static const struct policy peer_policy[LBRIDGE_PEER_A_MAX + 1] = {
	[LBRIDGE_PEER_A_IFINDEX] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_PEER_A_IFNAME] = { .type = MNL_TYPE_NUL_STRING },
	[LBRIDGE_PEER_A_NETNSID] = { .type = MNL_TYPE_U32 },
};

/* ADDR's length, 4 or 16, is checked against FAMILY by the parser. */
static const struct policy neigh_policy[LBRIDGE_NEIGH_A_MAX + 1] = {
	[LBRIDGE_NEIGH_A_FAMILY] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_NEIGH_A_ADDR] = { .type = MNL_TYPE_BINARY },
	[LBRIDGE_NEIGH_A_MAC] = { .type = MNL_TYPE_BINARY, .len = ETH_ALEN },
	[LBRIDGE_NEIGH_A_AGE] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_NEIGH_A_SOURCE] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_NEIGH_A_OLD_MAC] = { .type = MNL_TYPE_BINARY, .len = ETH_ALEN },
	[LBRIDGE_NEIGH_A_OLD_PORT_IFINDEX] = { .type = MNL_TYPE_U32 },
	[LBRIDGE_NEIGH_A_OLD_PORT_IFNAME] = { .type = MNL_TYPE_NUL_STRING },
};

static const struct policy fdb_policy[LBRIDGE_FDB_A_MAX + 1] = {
	[LBRIDGE_FDB_A_MAC] = { .type = MNL_TYPE_BINARY, .len = ETH_ALEN },
	[LBRIDGE_FDB_A_STATE] = { .type = MNL_TYPE_U8 },
	[LBRIDGE_FDB_A_AGE] = { .type = MNL_TYPE_U32 },
};

struct table {
	const struct policy *policy;
	unsigned int max;
	const struct nlattr **tb;
};

static int table_cb(const struct nlattr *a, void *data)
{
	const struct table *t = data;
	unsigned int type = mnl_attr_get_type(a);
	const struct policy *p;
	int bad;

	if (type > t->max || t->policy[type].type == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	p = &t->policy[type];
	bad = p->len ? mnl_attr_validate2(a, p->type, p->len) : mnl_attr_validate(a, p->type);
	if (bad)
		return MNL_CB_ERROR;
	t->tb[type] = a;
	return MNL_CB_OK;
}

/* A message: its top-level attributes, and those of each object nest. */
struct msg {
	const struct nlattr *top[LBRIDGE_A_MAX + 1];
	const struct nlattr *bridge[LBRIDGE_BRIDGE_A_MAX + 1];
	const struct nlattr *port[LBRIDGE_PORT_A_MAX + 1];
	const struct nlattr *fdb[LBRIDGE_FDB_A_MAX + 1];
	const struct nlattr *neigh[LBRIDGE_NEIGH_A_MAX + 1];
	const struct nlattr *guard[LBRIDGE_GUARD_A_MAX + 1];
};

static int parse_nest(const struct nlattr *nest, const struct policy *policy, unsigned int max,
		      const struct nlattr **tb)
{
	struct table t = { .policy = policy, .max = max, .tb = tb };

	if (!nest)
		return 0;
	return mnl_attr_parse_nested(nest, table_cb, &t) == MNL_CB_OK ? 0 : -EINVAL;
}

static int parse_msg(const struct nlmsghdr *nlh, struct msg *m)
{
	struct table t = { .policy = top_policy, .max = LBRIDGE_A_MAX, .tb = m->top };

	memset(m, 0, sizeof(*m));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
		return -EINVAL;
	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), table_cb, &t) != MNL_CB_OK)
		return -EINVAL;
	if (parse_nest(m->top[LBRIDGE_A_BRIDGE], bridge_policy, LBRIDGE_BRIDGE_A_MAX, m->bridge) ||
	    parse_nest(m->top[LBRIDGE_A_PORT], port_policy, LBRIDGE_PORT_A_MAX, m->port) ||
	    parse_nest(m->top[LBRIDGE_A_FDB], fdb_policy, LBRIDGE_FDB_A_MAX, m->fdb) ||
	    parse_nest(m->top[LBRIDGE_A_NEIGH], neigh_policy, LBRIDGE_NEIGH_A_MAX, m->neigh) ||
	    parse_nest(m->top[LBRIDGE_A_GUARD], guard_policy, LBRIDGE_GUARD_A_MAX, m->guard))
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

/* At most size - 1 bytes of a's string, and the NUL: a dump's every entry. */
static void get_str(const struct nlattr *a, char *out, size_t size)
{
	const char *s;
	size_t n;

	if (!a)
		return;
	s = mnl_attr_get_str(a);
	n = strnlen(s, size - 1);
	memcpy(out, s, n);
	out[n] = '\0';
}

static void get_name(const struct nlattr *a, char name[IF_NAMESIZE])
{
	get_str(a, name, IF_NAMESIZE);
}

/* A port's label; one longer than the contract allows is cut, not trusted. */
static void get_label(const struct nlattr *a, char label[LBRIDGE_LABEL_MAX + 1])
{
	get_str(a, label, LBRIDGE_LABEL_MAX + 1);
}

static uint32_t get_u32(const struct nlattr *a)
{
	return a ? mnl_attr_get_u32(a) : 0;
}

static bool get_flag(const struct nlattr *a)
{
	return a && mnl_attr_get_u8(a);
}

/* A module older than the flag has it at its default: on. */
static bool get_flag_on(const struct nlattr *a)
{
	return !a || mnl_attr_get_u8(a);
}

int lbr_parse_bridge(const struct nlmsghdr *nlh, struct lbr_bridge *br)
{
	struct msg m;
	const struct nlattr **b = m.bridge;

	memset(br, 0, sizeof(*br));
	if (parse_msg(nlh, &m) || !b[LBRIDGE_BRIDGE_A_IFINDEX] || !b[LBRIDGE_BRIDGE_A_IFNAME])
		return -EINVAL;
	br->ifindex = get_u32(b[LBRIDGE_BRIDGE_A_IFINDEX]);
	get_name(b[LBRIDGE_BRIDGE_A_IFNAME], br->ifname);
	if (b[LBRIDGE_BRIDGE_A_ADDRESS])
		memcpy(br->address, mnl_attr_get_payload(b[LBRIDGE_BRIDGE_A_ADDRESS]), ETH_ALEN);
	br->ageing_time = get_u32(b[LBRIDGE_BRIDGE_A_AGEING_TIME]);
	br->max_learned = get_u32(b[LBRIDGE_BRIDGE_A_MAX_LEARNED]);
	br->learned = get_u32(b[LBRIDGE_BRIDGE_A_LEARNED_COUNT]);
	br->port_max_learned = get_u32(b[LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED]);
	br->max_static = get_u32(b[LBRIDGE_BRIDGE_A_MAX_STATIC]);
	br->static_count = get_u32(b[LBRIDGE_BRIDGE_A_STATIC_COUNT]);
	br->learning = get_flag(b[LBRIDGE_BRIDGE_A_LEARNING]);
	br->port_count = get_u32(b[LBRIDGE_BRIDGE_A_PORT_COUNT]);
	br->fdb_count = get_u32(b[LBRIDGE_BRIDGE_A_FDB_COUNT]);
	br->neigh_suppress = get_flag(b[LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS]);
	br->announce = get_flag(b[LBRIDGE_BRIDGE_A_ANNOUNCE]);
	br->max_neigh = get_u32(b[LBRIDGE_BRIDGE_A_MAX_NEIGH]);
	br->port_max_neigh = get_u32(b[LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH]);
	br->neigh_count = get_u32(b[LBRIDGE_BRIDGE_A_NEIGH_COUNT]);
	br->guard = get_flag(b[LBRIDGE_BRIDGE_A_GUARD]);
	br->ra_guard = get_flag(b[LBRIDGE_BRIDGE_A_RA_GUARD]);
	br->dhcp_guard = get_flag(b[LBRIDGE_BRIDGE_A_DHCP_GUARD]);
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

/* Each address of one ALLOWED nest, after those already in port->allowed. */
static int allowed_cb(const struct nlattr *a, void *data)
{
	struct lbr_port *port = data;
	unsigned int type = mnl_attr_get_type(a);
	const struct nlattr *one[LBRIDGE_ALLOWED_A_MAX + 1] = { 0 };
	struct table t = { .policy = allowed_policy, .max = LBRIDGE_ALLOWED_A_MAX, .tb = one };
	struct lbr_allowed *e;

	/* An address kind newer than this tool: skipped. */
	if (type > LBRIDGE_ALLOWED_A_MAX || allowed_policy[type].type == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	if (table_cb(a, &t) != MNL_CB_OK)
		return MNL_CB_ERROR;
	if (port->nallowed == ARRAY_SIZE(port->allowed)) {
		port->allowed_unlisted++;
		return MNL_CB_OK;
	}
	e = &port->allowed[port->nallowed++];
	memset(e, 0, sizeof(*e));
	e->family = type == LBRIDGE_ALLOWED_A_IPV4 ? AF_INET :
		    type == LBRIDGE_ALLOWED_A_IPV6 ? AF_INET6 : 0;
	memcpy(e->addr, mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
	return MNL_CB_OK;
}

/* MACs first, then IPv4, then IPv6: the kernel's order within each. */
static int allowed_order(const void *a, const void *b)
{
	const struct lbr_allowed *x = a, *y = b;

	return (x->family > y->family) - (x->family < y->family);
}

static void sort_allowed(struct lbr_port *port)
{
	/* Stable by hand: qsort() is not, and the sets are small. */
	for (unsigned int i = 1; i < port->nallowed; i++) {
		struct lbr_allowed e = port->allowed[i];
		unsigned int j = i;

		for (; j > 0 && allowed_order(&port->allowed[j - 1], &e) > 0; j--)
			port->allowed[j] = port->allowed[j - 1];
		port->allowed[j] = e;
	}
}

int lbr_parse_port(const struct nlmsghdr *nlh, struct lbr_port *port)
{
	struct msg m;
	const struct nlattr **p = m.port;

	memset(port, 0, sizeof(*port));
	if (parse_msg(nlh, &m) || !p[LBRIDGE_PORT_A_IFINDEX] || !p[LBRIDGE_PORT_A_IFNAME])
		return -EINVAL;
	port->ifindex = get_u32(p[LBRIDGE_PORT_A_IFINDEX]);
	get_name(p[LBRIDGE_PORT_A_IFNAME], port->ifname);
	port->master_ifindex = get_u32(m.bridge[LBRIDGE_BRIDGE_A_IFINDEX]);
	get_name(m.bridge[LBRIDGE_BRIDGE_A_IFNAME], port->master);
	port->up = get_flag(p[LBRIDGE_PORT_A_UP]);
	port->learning = get_flag(p[LBRIDGE_PORT_A_LEARNING]);
	port->flood = get_flag_on(p[LBRIDGE_PORT_A_FLOOD]);
	port->mcast_flood = get_flag_on(p[LBRIDGE_PORT_A_MCAST_FLOOD]);
	port->bcast_flood = get_flag_on(p[LBRIDGE_PORT_A_BCAST_FLOOD]);
	port->hairpin = get_flag(p[LBRIDGE_PORT_A_HAIRPIN]);
	port->isolated = get_flag(p[LBRIDGE_PORT_A_ISOLATED]);
	port->learned = get_u32(p[LBRIDGE_PORT_A_LEARNED_COUNT]);
	port->static_count = get_u32(p[LBRIDGE_PORT_A_STATIC_COUNT]);
	port->neigh_suppress = get_flag(p[LBRIDGE_PORT_A_NEIGH_SUPPRESS]);
	port->neigh_count = get_u32(p[LBRIDGE_PORT_A_NEIGH_COUNT]);
	get_label(p[LBRIDGE_PORT_A_LABEL], port->label);
	port->guard = get_flag(p[LBRIDGE_PORT_A_GUARD]);
	port->ra_guard = get_flag(p[LBRIDGE_PORT_A_RA_GUARD]);
	port->dhcp_guard = get_flag(p[LBRIDGE_PORT_A_DHCP_GUARD]);
	port->has_guard_mac = p[LBRIDGE_PORT_A_GUARD_MAC];
	if (port->has_guard_mac)
		memcpy(port->guard_mac, mnl_attr_get_payload(p[LBRIDGE_PORT_A_GUARD_MAC]), ETH_ALEN);
	if (p[LBRIDGE_PORT_A_ALLOWED]) {
		const struct nlattr *a;

		mnl_attr_for_each_nested(a, m.top[LBRIDGE_A_PORT]) {
			if (mnl_attr_get_type(a) != LBRIDGE_PORT_A_ALLOWED)
				continue;
			if (mnl_attr_parse_nested(a, allowed_cb, port) != MNL_CB_OK)
				return -EINVAL;
		}
		sort_allowed(port);
	}
	if (p[LBRIDGE_PORT_A_STATS] &&
	    mnl_attr_parse_nested(p[LBRIDGE_PORT_A_STATS], stat_cb, port->stats) != MNL_CB_OK)
		return -EINVAL;
	port->peer_netnsid = -1;
	if (p[LBRIDGE_PORT_A_PEER]) {
		const struct nlattr *peer[LBRIDGE_PEER_A_MAX + 1] = { 0 };

		if (parse_nest(p[LBRIDGE_PORT_A_PEER], peer_policy, LBRIDGE_PEER_A_MAX, peer) ||
		    !peer[LBRIDGE_PEER_A_IFINDEX])
			return -EINVAL;
		port->peer_ifindex = get_u32(peer[LBRIDGE_PEER_A_IFINDEX]);
		get_name(peer[LBRIDGE_PEER_A_IFNAME], port->peer);
		/*
		 * Without NETNSID the kernel could not give the peer's
		 * namespace an id in ours: where it is, is unknown.
		 * With it, any negative id is "ours", as for IFLA_LINK_NETNSID.
		 */
		if (peer[LBRIDGE_PEER_A_NETNSID]) {
			port->peer_netnsid_known = true;
			port->peer_netnsid = (int32_t)get_u32(peer[LBRIDGE_PEER_A_NETNSID]);
			if (port->peer_netnsid < 0)
				port->peer_netnsid = -1;
		}
	}
	return 0;
}

/* The attributes an fdb entry and an fdb event share. */
static void fill_fdb(const struct msg *m, struct lbr_fdb *fdb)
{
	get_name(m->bridge[LBRIDGE_BRIDGE_A_IFNAME], fdb->master);
	if (m->fdb[LBRIDGE_FDB_A_MAC])
		memcpy(fdb->mac, mnl_attr_get_payload(m->fdb[LBRIDGE_FDB_A_MAC]), ETH_ALEN);
	if (m->fdb[LBRIDGE_FDB_A_STATE])
		fdb->state = mnl_attr_get_u8(m->fdb[LBRIDGE_FDB_A_STATE]);
	fdb->age_ms = get_u32(m->fdb[LBRIDGE_FDB_A_AGE]);
	fdb->port_ifindex = get_u32(m->port[LBRIDGE_PORT_A_IFINDEX]);
	get_name(m->port[LBRIDGE_PORT_A_IFNAME], fdb->port);
	get_label(m->port[LBRIDGE_PORT_A_LABEL], fdb->label);
}

int lbr_parse_fdb(const struct nlmsghdr *nlh, struct lbr_fdb *fdb)
{
	struct msg m;

	memset(fdb, 0, sizeof(*fdb));
	if (parse_msg(nlh, &m) || !m.bridge[LBRIDGE_BRIDGE_A_IFNAME] ||
	    !m.fdb[LBRIDGE_FDB_A_MAC] || !m.fdb[LBRIDGE_FDB_A_STATE])
		return -EINVAL;
	fill_fdb(&m, fdb);
	return 0;
}

int lbr_parse_fdb_records(const struct nlmsghdr *nlh, char master[IF_NAMESIZE],
			  struct lbr_fdb_records *r)
{
	const struct nlattr *size, *recs;
	uint16_t len;
	struct msg m;

	if (parse_msg(nlh, &m) || !m.bridge[LBRIDGE_BRIDGE_A_IFNAME])
		return -EINVAL;
	size = m.top[LBRIDGE_A_FDB_RECORD_SIZE];
	recs = m.top[LBRIDGE_A_FDB_RECORDS];
	/* Smaller than the struct this tool knows: fields would be missing. */
	if (!size || !recs || mnl_attr_get_u32(size) < sizeof(struct lbridge_fdb_record))
		return -EINVAL;
	r->size = mnl_attr_get_u32(size);
	len = mnl_attr_get_payload_len(recs);
	/* A torn record makes no sense. */
	if (len % r->size)
		return -EINVAL;
	r->n = len / r->size;
	r->data = mnl_attr_get_payload(recs);
	get_name(m.bridge[LBRIDGE_BRIDGE_A_IFNAME], master);
	return 0;
}

int lbr_parse_event(const struct nlmsghdr *nlh, struct lbr_event *ev)
{
	struct msg m;

	memset(ev, 0, sizeof(*ev));
	if (parse_msg(nlh, &m) || !m.bridge[LBRIDGE_BRIDGE_A_IFNAME] || !m.top[LBRIDGE_A_EVENT])
		return -EINVAL;
	ev->event = mnl_attr_get_u8(m.top[LBRIDGE_A_EVENT]);
	ev->has_mac = m.fdb[LBRIDGE_FDB_A_MAC];
	ev->has_state = m.fdb[LBRIDGE_FDB_A_STATE];
	ev->flush_flags = get_u32(m.top[LBRIDGE_A_FLUSH_FLAGS]);
	ev->events_lost = get_u32(m.top[LBRIDGE_A_EVENTS_LOST]);
	fill_fdb(&m, &ev->fdb);
	return 0;
}

/* An address of the family's length; the family from the length if absent. */
static int get_ip(const struct nlattr *family, const struct nlattr *addr, uint8_t *fam,
		  uint8_t out[16])
{
	uint16_t len = addr ? mnl_attr_get_payload_len(addr) : 0;

	if (family)
		*fam = mnl_attr_get_u8(family);
	else
		*fam = len == 4 ? AF_INET : AF_INET6;
	if (!((*fam == AF_INET && len == 4) || (*fam == AF_INET6 && len == 16)))
		return -EINVAL;
	memset(out, 0, 16);
	memcpy(out, mnl_attr_get_payload(addr), len);
	return 0;
}

/* The attributes a binding and a neigh event share. */
static int fill_neigh(const struct msg *m, struct lbr_neigh *n)
{
	const struct nlattr *const *a = m->neigh;

	if (!m->bridge[LBRIDGE_BRIDGE_A_IFNAME] || !a[LBRIDGE_NEIGH_A_MAC] ||
	    get_ip(a[LBRIDGE_NEIGH_A_FAMILY], a[LBRIDGE_NEIGH_A_ADDR], &n->family, n->addr))
		return -EINVAL;
	memcpy(n->mac, mnl_attr_get_payload(a[LBRIDGE_NEIGH_A_MAC]), ETH_ALEN);
	n->has_source = a[LBRIDGE_NEIGH_A_SOURCE];
	if (n->has_source)
		n->source = mnl_attr_get_u8(a[LBRIDGE_NEIGH_A_SOURCE]);
	n->age_ms = get_u32(a[LBRIDGE_NEIGH_A_AGE]);
	get_name(m->bridge[LBRIDGE_BRIDGE_A_IFNAME], n->master);
	n->port_ifindex = get_u32(m->port[LBRIDGE_PORT_A_IFINDEX]);
	get_name(m->port[LBRIDGE_PORT_A_IFNAME], n->port);
	get_label(m->port[LBRIDGE_PORT_A_LABEL], n->label);
	return 0;
}

int lbr_parse_neigh(const struct nlmsghdr *nlh, struct lbr_neigh *n)
{
	struct msg m;

	memset(n, 0, sizeof(*n));
	if (parse_msg(nlh, &m))
		return -EINVAL;
	return fill_neigh(&m, n);
}

int lbr_parse_neigh_event(const struct nlmsghdr *nlh, struct lbr_neigh_event *ev)
{
	const struct nlattr **a;
	struct msg m;

	memset(ev, 0, sizeof(*ev));
	if (parse_msg(nlh, &m) || !m.top[LBRIDGE_A_EVENT] || fill_neigh(&m, &ev->neigh))
		return -EINVAL;
	a = m.neigh;
	ev->event = mnl_attr_get_u8(m.top[LBRIDGE_A_EVENT]);
	ev->events_lost = get_u32(m.top[LBRIDGE_A_EVENTS_LOST]);
	ev->has_old = a[LBRIDGE_NEIGH_A_OLD_MAC];
	if (ev->has_old)
		memcpy(ev->old_mac, mnl_attr_get_payload(a[LBRIDGE_NEIGH_A_OLD_MAC]), ETH_ALEN);
	ev->old_port_ifindex = get_u32(a[LBRIDGE_NEIGH_A_OLD_PORT_IFINDEX]);
	get_name(a[LBRIDGE_NEIGH_A_OLD_PORT_IFNAME], ev->old_port);
	return 0;
}

int lbr_parse_guard_event(const struct nlmsghdr *nlh, struct lbr_guard_event *ev)
{
	const struct nlattr **g;
	struct msg m;

	memset(ev, 0, sizeof(*ev));
	if (parse_msg(nlh, &m) || !m.bridge[LBRIDGE_BRIDGE_A_IFNAME] ||
	    !m.port[LBRIDGE_PORT_A_IFNAME] || !m.guard[LBRIDGE_GUARD_A_REASON])
		return -EINVAL;
	g = m.guard;
	ev->reason = mnl_attr_get_u8(g[LBRIDGE_GUARD_A_REASON]);
	ev->events_lost = get_u32(m.top[LBRIDGE_A_EVENTS_LOST]);
	get_name(m.bridge[LBRIDGE_BRIDGE_A_IFNAME], ev->master);
	ev->port_ifindex = get_u32(m.port[LBRIDGE_PORT_A_IFINDEX]);
	get_name(m.port[LBRIDGE_PORT_A_IFNAME], ev->port);
	get_label(m.port[LBRIDGE_PORT_A_LABEL], ev->label);
	ev->has_mac = g[LBRIDGE_GUARD_A_MAC];
	if (ev->has_mac)
		memcpy(ev->mac, mnl_attr_get_payload(g[LBRIDGE_GUARD_A_MAC]), ETH_ALEN);
	if (g[LBRIDGE_GUARD_A_ADDR] &&
	    get_ip(g[LBRIDGE_GUARD_A_FAMILY], g[LBRIDGE_GUARD_A_ADDR], &ev->family, ev->addr))
		return -EINVAL;
	ev->owner_ifindex = get_u32(g[LBRIDGE_GUARD_A_OWNER_IFINDEX]);
	get_name(g[LBRIDGE_GUARD_A_OWNER_IFNAME], ev->owner);
	get_label(g[LBRIDGE_GUARD_A_OWNER_LABEL], ev->owner_label);
	return 0;
}
