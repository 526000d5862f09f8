// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <unistd.h>

#include "fake_kernel.h"
#include "parse.h"

struct fake_kernel fk;

struct dgram {
	struct dgram *next;
	size_t len;
	char buf[];
};

struct fsock {
	int bus;
	struct dgram *head, **tail;
};

/* Events waiting for a socket to join their group: fdb, neigh. */
static struct dgram *pending, **pending_tail = &pending;
static struct dgram *pending_neigh, **pending_neigh_tail = &pending_neigh;
static struct dgram *pending_guard, **pending_guard_tail = &pending_guard;

static const struct {
	const char *name;
	uint32_t ifindex;
} others[] = {
	{ "lo", 1 }, { "eth0", 5 }, { "vc3p", 13 },
};

static void free_list(struct dgram *d)
{
	while (d) {
		struct dgram *next = d->next;

		free(d);
		d = next;
	}
}

void fake_reset(void)
{
	free_list(pending);
	pending = NULL;
	pending_tail = &pending;
	free_list(pending_neigh);
	pending_neigh = NULL;
	pending_neigh_tail = &pending_neigh;
	free_list(pending_guard);
	pending_guard = NULL;
	pending_guard_tail = &pending_guard;
	memset(&fk, 0, sizeof(fk));
	fk.loaded = fk.has_group = fk.has_neigh_group = fk.has_guard_group = true;
	fk.version = LBRIDGE_GENL_VERSION;
	fk.bridges[fk.nbridges++] = (struct fake_bridge){
		"lb0", 10, { 0x02, 0x42, 0xac, 0x11, 0x00, 0x01 }, 300, 16384, true, 0, 256,
		.announce = true, .max_neigh = FAKE_DEFAULT_MAX_NEIGH,
		.port_max_neigh = FAKE_DEFAULT_PORT_MAX_NEIGH,
	};
	fk.ports[fk.nports++] = (struct fake_port){
		.name = "vc2", .ifindex = 11, .bridge = 10, .up = true, .learning = true, .flood = true,
		.mcast_flood = true, .bcast_flood = true, .peer = 2, .peer_netnsid = 0,
		.peer_name = "eth0",
		.stats = {
			[LBRIDGE_PORT_STAT_RX_PACKETS] = 12, [LBRIDGE_PORT_STAT_RX_BYTES] = 1200,
			[LBRIDGE_PORT_STAT_TX_PACKETS] = 10, [LBRIDGE_PORT_STAT_TX_BYTES] = 1000,
			[LBRIDGE_PORT_STAT_FLOODED] = 3, [LBRIDGE_PORT_STAT_LEARNED] = 1,
			[LBRIDGE_PORT_STAT_DROP_MTU] = 2, [LBRIDGE_PORT_STAT_DROP_LINK_LOCAL] = 4,
			[LBRIDGE_PORT_STAT_LEARN_PORT_CAP] = 5,
			[LBRIDGE_PORT_STAT_DROP_FLOOD_BACKLOG] = 3,
		},
	};
	fk.ports[fk.nports++] = (struct fake_port){
		.name = "vc3", .ifindex = 12, .bridge = 10, .up = false, .learning = true, .flood = true,
		.mcast_flood = true, .bcast_flood = true, .peer = 13, .peer_netnsid = -1,
		.peer_name = "vc3p",
	};
	fk.fdb[fk.nfdb++] = (struct fake_fdb){
		{ 0x02, 0x42, 0xac, 0x11, 0x00, 0x01 }, 10, 0, LBRIDGE_FDB_STATE_LOCAL, 0,
	};
	fk.fdb[fk.nfdb++] = (struct fake_fdb){
		{ 0x02, 0x42, 0xac, 0x11, 0x00, 0x02 }, 10, 11, LBRIDGE_FDB_STATE_LEARNED, 3250,
	};
	fk.fdb[fk.nfdb++] = (struct fake_fdb){
		{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x09 }, 10, 12, LBRIDGE_FDB_STATE_STATIC, 120000,
	};
	fake_add_neigh(10, 11, "172.17.0.2", "02:42:ac:11:00:02", LBRIDGE_NEIGH_SOURCE_ARP, 3250);
	fake_add_neigh(10, 11, "fd00::2", "02:42:ac:11:00:02", LBRIDGE_NEIGH_SOURCE_ND, 1000);
	fake_add_neigh(10, 12, "172.17.0.9", "02:00:00:00:00:09", LBRIDGE_NEIGH_SOURCE_DHCP,
		       60000);
}

int fake_add_neigh(uint32_t bridge, uint32_t port, const char *addr, const char *mac,
		   uint8_t source, uint32_t age_ms)
{
	struct fake_neigh *n = &fk.neigh[fk.nneigh];

	if (fk.nneigh == FAKE_MAX_NEIGH || parse_ip(addr, &n->family, n->addr) ||
	    parse_mac(mac, n->mac))
		abort();
	n->bridge = bridge;
	n->port = port;
	n->source = source;
	n->age_ms = age_ms;
	return fk.nneigh++;
}

static struct fake_bridge *bridge_by_index(uint32_t ifindex)
{
	for (int i = 0; i < fk.nbridges; i++)
		if (fk.bridges[i].ifindex == ifindex)
			return &fk.bridges[i];
	return NULL;
}

static struct fake_port *port_by_index(uint32_t ifindex)
{
	for (int i = 0; i < fk.nports; i++)
		if (fk.ports[i].ifindex == ifindex)
			return &fk.ports[i];
	return NULL;
}

unsigned int fake_nametoindex(const char *name)
{
	for (int i = 0; i < fk.nbridges; i++)
		if (!strcmp(fk.bridges[i].name, name))
			return fk.bridges[i].ifindex;
	for (int i = 0; i < fk.nports; i++)
		if (!strcmp(fk.ports[i].name, name))
			return fk.ports[i].ifindex;
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (!strcmp(others[i].name, name))
			return others[i].ifindex;
	return 0;
}

char *fake_indextoname(unsigned int ifindex, char *name)
{
	const struct fake_bridge *br = bridge_by_index(ifindex);
	const struct fake_port *port = port_by_index(ifindex);

	if (br)
		return strcpy(name, br->name);
	if (port)
		return strcpy(name, port->name);
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (others[i].ifindex == ifindex)
			return strcpy(name, others[i].name);
	return NULL;
}

/* --- Replies ------------------------------------------------------------- */

static void push(struct dgram ***tail, const void *buf, size_t len)
{
	struct dgram *d = malloc(sizeof(*d) + len);

	if (!d)
		abort();
	d->next = NULL;
	d->len = len;
	memcpy(d->buf, buf, len);
	**tail = d;
	*tail = &d->next;
}

static void queue(struct fsock *s, const void *buf, size_t len)
{
	push(&s->tail, buf, len);
}

static void ack(struct fsock *s, const struct nlmsghdr *req, int err, const char *msg)
{
	char buf[2048];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *e;
	size_t copy = fk.uncapped_acks ? req->nlmsg_len : sizeof(*req);

	if (!err && !(req->nlmsg_flags & NLM_F_ACK))
		return;
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = req->nlmsg_seq;
	if (!fk.uncapped_acks)
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e) - sizeof(*req) + MNL_ALIGN(copy));
	e->error = err;
	memcpy(&e->msg, req, copy);
	if (msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	}
	queue(s, buf, nlh->nlmsg_len);
}

static struct nlmsghdr *genl_msg(char *buf, const struct nlmsghdr *req, uint16_t type,
				 uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = req ? req->nlmsg_seq : 0;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = LBRIDGE_GENL_VERSION;
	return nlh;
}

/* A dump: messages packed into one datagram as the kernel does, then DONE. */
struct dump {
	char buf[65536];
	size_t len;
	const struct nlmsghdr *req;
	bool intr;
};

static struct nlmsghdr *dump_next(struct dump *d, uint8_t cmd)
{
	struct nlmsghdr *nlh = genl_msg(d->buf + d->len, d->req, FAKE_FAMILY, cmd, NLM_F_MULTI);

	if (d->intr)
		nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
	return nlh;
}

static void dump_done(struct fsock *s, struct dump *d, struct nlmsghdr *last)
{
	if (last)
		d->len += MNL_ALIGN(last->nlmsg_len);
	if (d->len)
		queue(s, d->buf, d->len);
	d->len = 0;
}

static void done(struct fsock *s, const struct nlmsghdr *req, int err, const char *msg)
{
	char buf[512];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	int *e;

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = req->nlmsg_seq;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	*e = err;
	if (msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	}
	queue(s, buf, nlh->nlmsg_len);
}

/* Entries of a bridge in that state, on that port (0: any port). */
static uint32_t count_fdb(uint32_t bridge, uint32_t port, uint8_t state)
{
	uint32_t n = 0;

	for (int i = 0; i < fk.nfdb; i++)
		n += fk.fdb[i].bridge == bridge && (!port || fk.fdb[i].port == port) &&
		     fk.fdb[i].state == state;
	return n;
}

/* Bindings of a bridge, on that port (0: any port). */
static uint32_t count_neigh(uint32_t bridge, uint32_t port)
{
	uint32_t n = 0;

	for (int i = 0; i < fk.nneigh; i++)
		n += fk.neigh[i].bridge == bridge && (!port || fk.neigh[i].port == port);
	return n;
}

static void put_bridge(struct nlmsghdr *nlh, const struct fake_bridge *br, bool whole)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, LBRIDGE_A_BRIDGE);
	int ports = 0, entries = 0;

	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_IFINDEX, br->ifindex);
	mnl_attr_put_strz(nlh, LBRIDGE_BRIDGE_A_IFNAME, br->name);
	if (!whole)
		goto out;
	for (int i = 0; i < fk.nports; i++)
		ports += fk.ports[i].bridge == br->ifindex;
	for (int i = 0; i < fk.nfdb; i++)
		entries += fk.fdb[i].bridge == br->ifindex;
	mnl_attr_put(nlh, LBRIDGE_BRIDGE_A_ADDRESS, 6, br->addr);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_AGEING_TIME, br->ageing);
	mnl_attr_put_u8(nlh, LBRIDGE_BRIDGE_A_LEARNING, br->learning);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_MAX_LEARNED, br->max_learned);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED, br->port_max_learned);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_MAX_STATIC, br->max_static);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_PORT_COUNT, ports);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_FDB_COUNT, entries);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_LEARNED_COUNT,
			 count_fdb(br->ifindex, 0, LBRIDGE_FDB_STATE_LEARNED));
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_STATIC_COUNT,
			 count_fdb(br->ifindex, 0, LBRIDGE_FDB_STATE_STATIC));
	mnl_attr_put_u8(nlh, LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS, br->neigh_suppress);
	mnl_attr_put_u8(nlh, LBRIDGE_BRIDGE_A_ANNOUNCE, br->announce);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_MAX_NEIGH, br->max_neigh);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH, br->port_max_neigh);
	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_NEIGH_COUNT, count_neigh(br->ifindex, 0));
	mnl_attr_put_u8(nlh, LBRIDGE_BRIDGE_A_GUARD, br->guard);
	mnl_attr_put_u8(nlh, LBRIDGE_BRIDGE_A_RA_GUARD, br->ra_guard);
	mnl_attr_put_u8(nlh, LBRIDGE_BRIDGE_A_DHCP_GUARD, br->dhcp_guard);
	/* From a newer module: the tool must skip it. */
	if (fk.newer_attrs)
		mnl_attr_put_u64(nlh, LBRIDGE_BRIDGE_A_MAX + 5, 1);
out:
	mnl_attr_nest_end(nlh, nest);
}

/* How much of a port a message carries. */
enum port_nest { PORT_ID, PORT_ID_LABEL, PORT_WHOLE };

static void put_port(struct nlmsghdr *nlh, const struct fake_port *p, enum port_nest what)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, LBRIDGE_A_PORT), *stats, *peer;

	mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_IFINDEX, p->ifindex);
	mnl_attr_put_strz(nlh, LBRIDGE_PORT_A_IFNAME, p->name);
	if (what != PORT_ID && p->label[0])
		mnl_attr_put_strz(nlh, LBRIDGE_PORT_A_LABEL, p->label);
	if (what != PORT_WHOLE)
		goto out;
	mnl_attr_put_u8(nlh, LBRIDGE_PORT_A_NEIGH_SUPPRESS, p->neigh_suppress);
	mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_NEIGH_COUNT, count_neigh(p->bridge, p->ifindex));
	mnl_attr_put_u8(nlh, LBRIDGE_PORT_A_GUARD, p->guard);
	mnl_attr_put_u8(nlh, LBRIDGE_PORT_A_RA_GUARD, p->ra_guard);
	mnl_attr_put_u8(nlh, LBRIDGE_PORT_A_DHCP_GUARD, p->dhcp_guard);
	if (p->has_guard_mac)
		mnl_attr_put(nlh, LBRIDGE_PORT_A_GUARD_MAC, 6, p->guard_mac);
	/* One nest per address, in the order they were added. */
	for (int i = 0; i < p->nallowed; i++) {
		const struct fake_allowed *a = &p->allowed[i];
		struct nlattr *one = mnl_attr_nest_start(nlh, LBRIDGE_PORT_A_ALLOWED);

		mnl_attr_put(nlh, a->type, a->type == LBRIDGE_ALLOWED_A_MAC ? 6 :
			     a->type == LBRIDGE_ALLOWED_A_IPV4 ? 4 : 16, a->addr);
		if (fk.newer_attrs)
			mnl_attr_put_u32(nlh, LBRIDGE_ALLOWED_A_MAX + 1, 1);
		mnl_attr_nest_end(nlh, one);
	}
	if (p->peer) {
		peer = mnl_attr_nest_start(nlh, LBRIDGE_PORT_A_PEER);
		mnl_attr_put_u32(nlh, LBRIDGE_PEER_A_IFINDEX, p->peer);
		mnl_attr_put_strz(nlh, LBRIDGE_PEER_A_IFNAME, p->peer_name);
		if (!p->peer_no_netnsid)
			mnl_attr_put_u32(nlh, LBRIDGE_PEER_A_NETNSID, (uint32_t)p->peer_netnsid);
		mnl_attr_nest_end(nlh, peer);
	}
	mnl_attr_put_u8(nlh, LBRIDGE_PORT_A_UP, p->up);
	mnl_attr_put_u8(nlh, LBRIDGE_PORT_A_LEARNING, p->learning);
	mnl_attr_put_u8(nlh, LBRIDGE_PORT_A_FLOOD, p->flood);
	mnl_attr_put_u8(nlh, LBRIDGE_PORT_A_MCAST_FLOOD, p->mcast_flood);
	mnl_attr_put_u8(nlh, LBRIDGE_PORT_A_BCAST_FLOOD, p->bcast_flood);
	mnl_attr_put_u8(nlh, LBRIDGE_PORT_A_HAIRPIN, p->hairpin);
	mnl_attr_put_u8(nlh, LBRIDGE_PORT_A_ISOLATED, p->isolated);
	mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_LEARNED_COUNT,
			 count_fdb(p->bridge, p->ifindex, LBRIDGE_FDB_STATE_LEARNED));
	mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_STATIC_COUNT,
			 count_fdb(p->bridge, p->ifindex, LBRIDGE_FDB_STATE_STATIC));
	stats = mnl_attr_nest_start(nlh, LBRIDGE_PORT_A_STATS);
	for (int i = LBRIDGE_PORT_STAT_PAD + 1; i <= LBRIDGE_PORT_STAT_MAX; i++) {
		/* As nla_put_u64_64bit() does: a pad attribute now and then. */
		if (i % 3 == 0)
			mnl_attr_put(nlh, LBRIDGE_PORT_STAT_PAD, 0, NULL);
		mnl_attr_put_u64(nlh, i, p->stats[i]);
	}
	if (fk.newer_attrs)
		mnl_attr_put_u64(nlh, LBRIDGE_PORT_STAT_MAX + 2, 77);
	mnl_attr_nest_end(nlh, stats);
	if (fk.newer_attrs)
		mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_MAX + 3, 1);
out:
	mnl_attr_nest_end(nlh, nest);
}

static void put_fdb(struct nlmsghdr *nlh, const struct fake_fdb *e)
{
	const struct fake_port *p = port_by_index(e->port);
	struct nlattr *nest;

	put_bridge(nlh, bridge_by_index(e->bridge), false);
	nest = mnl_attr_nest_start(nlh, LBRIDGE_A_FDB);
	mnl_attr_put(nlh, LBRIDGE_FDB_A_MAC, 6, e->mac);
	mnl_attr_put_u8(nlh, LBRIDGE_FDB_A_STATE, e->state);
	mnl_attr_put_u32(nlh, LBRIDGE_FDB_A_AGE, e->age_ms);
	mnl_attr_nest_end(nlh, nest);
	/* The port's identity and label, as put_port_id() puts them. */
	if (p)
		put_port(nlh, p, PORT_ID_LABEL);
	if (fk.newer_attrs)
		mnl_attr_put_u32(nlh, LBRIDGE_A_MAX + 4, 1);
}

static void put_neigh(struct nlmsghdr *nlh, const struct fake_neigh *n)
{
	struct nlattr *nest;

	put_bridge(nlh, bridge_by_index(n->bridge), false);
	put_port(nlh, port_by_index(n->port), PORT_ID_LABEL);
	nest = mnl_attr_nest_start(nlh, LBRIDGE_A_NEIGH);
	mnl_attr_put_u8(nlh, LBRIDGE_NEIGH_A_FAMILY, n->family);
	mnl_attr_put(nlh, LBRIDGE_NEIGH_A_ADDR, n->family == AF_INET ? 4 : 16, n->addr);
	mnl_attr_put(nlh, LBRIDGE_NEIGH_A_MAC, 6, n->mac);
	mnl_attr_put_u32(nlh, LBRIDGE_NEIGH_A_AGE, n->age_ms);
	mnl_attr_put_u8(nlh, LBRIDGE_NEIGH_A_SOURCE, n->source);
	if (fk.newer_attrs)
		mnl_attr_put_u32(nlh, LBRIDGE_NEIGH_A_MAX + 2, 1);
	mnl_attr_nest_end(nlh, nest);
}

/* --- Requests ------------------------------------------------------------ */

#define BIT(n) (1u << (n))

/*
 * A request as the genl core hands it to an op: its attributes, each
 * object nest parsed, and the bridge and port it names once resolved.
 */
struct request {
	struct fsock *s;
	const struct nlmsghdr *nlh;
	uint8_t cmd;
	bool dump;
	const struct nlattr *top[LBRIDGE_A_MAX + 1];
	const struct nlattr *bridge[LBRIDGE_BRIDGE_A_MAX + 1];
	const struct nlattr *port[LBRIDGE_PORT_A_MAX + 1];
	const struct nlattr *fdb[LBRIDGE_FDB_A_MAX + 1];
	const struct nlattr *neigh[LBRIDGE_NEIGH_A_MAX + 1];
	const struct nlattr *allowed[LBRIDGE_ALLOWED_A_MAX + 1];
	struct fake_bridge *br;
	struct fake_port *p;
};

/* An error: in the ack, or in NLMSG_DONE once a dump has started. */
static void refuse(struct request *r, int err, const char *msg)
{
	(r->dump ? done : ack)(r->s, r->nlh, err, msg);
}

struct nest {
	const struct nlattr **tb;
	unsigned int max;
	uint32_t takes;
	bool bad;
};

static int nest_cb(const struct nlattr *a, void *data)
{
	struct nest *n = data;
	unsigned int type = mnl_attr_get_type(a);

	/* Per-command policies: what a command does not take is refused. */
	if (type > n->max || type >= 32 || !(n->takes & BIT(type))) {
		n->bad = true;
		return MNL_CB_ERROR;
	}
	n->tb[type] = a;
	return MNL_CB_OK;
}

static int parse_nest(const struct nlattr *a, const struct nlattr **tb, unsigned int max,
		      uint32_t takes)
{
	struct nest n = { tb, max, takes, false };

	if (!a)
		return 0;
	if (mnl_attr_parse_nested(a, nest_cb, &n) != MNL_CB_OK || n.bad)
		return -EINVAL;
	return 0;
}

/* The bridge a request names (by index or name), or NULL after refusing. */
static struct fake_bridge *req_bridge(struct request *r)
{
	const struct nlattr *idx = r->bridge[LBRIDGE_BRIDGE_A_IFINDEX];
	const struct nlattr *name = r->bridge[LBRIDGE_BRIDGE_A_IFNAME];
	uint32_t ifindex;

	if (!idx && !name) {
		refuse(r, -EINVAL, "Missing device index or name");
		return NULL;
	}
	ifindex = idx ? mnl_attr_get_u32(idx) : fake_nametoindex(mnl_attr_get_str(name));
	r->br = bridge_by_index(ifindex);
	if (!r->br) {
		if (fake_indextoname(ifindex, (char[16]){ 0 }))
			refuse(r, -EINVAL, "lbridge: Device is not an lbridge bridge");
		else
			refuse(r, -ENODEV, "No such device");
	}
	return r->br;
}

static struct fake_port *req_port(struct request *r)
{
	const struct nlattr *idx = r->port[LBRIDGE_PORT_A_IFINDEX];
	const struct nlattr *name = r->port[LBRIDGE_PORT_A_IFNAME];

	r->p = NULL;
	if (idx)
		r->p = port_by_index(mnl_attr_get_u32(idx));
	else if (name)
		r->p = port_by_index(fake_nametoindex(mnl_attr_get_str(name)));
	if (!r->p)
		refuse(r, -EINVAL, "lbridge: Device is not a port of an lbridge bridge");
	return r->p;
}

static struct fake_fdb *find_fdb(uint32_t bridge, const uint8_t *mac)
{
	for (int i = 0; i < fk.nfdb; i++)
		if (fk.fdb[i].bridge == bridge && !memcmp(fk.fdb[i].mac, mac, 6))
			return &fk.fdb[i];
	return NULL;
}

static void remove_fdb(struct fake_fdb *e)
{
	*e = fk.fdb[--fk.nfdb];
}

/* A dump's messages, packed into datagrams as the kernel does. */
static struct dump d;

static struct nlmsghdr *next_dump_msg(struct request *r, struct nlmsghdr *prev)
{
	if (prev)
		d.len += MNL_ALIGN(prev->nlmsg_len);
	/* Keep each datagram well under lbrctl's receive buffer. */
	if (d.len > 32768) {
		queue(r->s, d.buf, d.len);
		d.len = 0;
	}
	return dump_next(&d, r->cmd);
}

static void end_dump(struct request *r, struct nlmsghdr *last)
{
	dump_done(r->s, &d, last);
	done(r->s, r->nlh, 0, NULL);
}

static void get_bridge_doit(struct request *r)
{
	char buf[1024];
	struct nlmsghdr *nlh;

	if (!req_bridge(r))
		return;
	nlh = genl_msg(buf, r->nlh, FAKE_FAMILY, r->cmd, 0);
	put_bridge(nlh, r->br, true);
	queue(r->s, buf, nlh->nlmsg_len);
	ack(r->s, r->nlh, 0, NULL);
}

static void get_bridge_dumpit(struct request *r)
{
	struct nlmsghdr *nlh = NULL;

	for (int i = 0; i < fk.nbridges; i++) {
		nlh = next_dump_msg(r, nlh);
		put_bridge(nlh, &fk.bridges[i], true);
	}
	end_dump(r, nlh);
}

/* A cap raised above its default, or lifted (0). */
static bool raises(const struct nlattr *a, uint32_t dflt)
{
	return a && (!mnl_attr_get_u32(a) || mnl_attr_get_u32(a) > dflt);
}

static void set_bridge_doit(struct request *r)
{
	const struct nlattr **b = r->bridge;

	if (!req_bridge(r))
		return;
	if (!b[LBRIDGE_BRIDGE_A_AGEING_TIME] && !b[LBRIDGE_BRIDGE_A_MAX_LEARNED] &&
	    !b[LBRIDGE_BRIDGE_A_LEARNING] && !b[LBRIDGE_BRIDGE_A_MAX_STATIC] &&
	    !b[LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED] && !b[LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS] &&
	    !b[LBRIDGE_BRIDGE_A_ANNOUNCE] && !b[LBRIDGE_BRIDGE_A_MAX_NEIGH] &&
	    !b[LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH] && !b[LBRIDGE_BRIDGE_A_GUARD] &&
	    !b[LBRIDGE_BRIDGE_A_RA_GUARD] && !b[LBRIDGE_BRIDGE_A_DHCP_GUARD])
		return ack(r->s, r->nlh, -EINVAL, "Nothing to set");
	if (fk.userns && raises(b[LBRIDGE_BRIDGE_A_MAX_NEIGH], FAKE_DEFAULT_MAX_NEIGH))
		return ack(r->s, r->nlh, -EPERM, "lbridge: Raising max_neigh above its default "
			   "needs CAP_NET_ADMIN in the initial user namespace");
	if (fk.userns && raises(b[LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH], FAKE_DEFAULT_PORT_MAX_NEIGH))
		return ack(r->s, r->nlh, -EPERM, "lbridge: Raising port_max_neigh above its "
			   "default needs CAP_NET_ADMIN in the initial user namespace");
	if (b[LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS])
		r->br->neigh_suppress = mnl_attr_get_u8(b[LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS]);
	if (b[LBRIDGE_BRIDGE_A_ANNOUNCE])
		r->br->announce = mnl_attr_get_u8(b[LBRIDGE_BRIDGE_A_ANNOUNCE]);
	if (b[LBRIDGE_BRIDGE_A_GUARD])
		r->br->guard = mnl_attr_get_u8(b[LBRIDGE_BRIDGE_A_GUARD]);
	if (b[LBRIDGE_BRIDGE_A_RA_GUARD])
		r->br->ra_guard = mnl_attr_get_u8(b[LBRIDGE_BRIDGE_A_RA_GUARD]);
	if (b[LBRIDGE_BRIDGE_A_DHCP_GUARD])
		r->br->dhcp_guard = mnl_attr_get_u8(b[LBRIDGE_BRIDGE_A_DHCP_GUARD]);
	if (b[LBRIDGE_BRIDGE_A_MAX_NEIGH])
		r->br->max_neigh = mnl_attr_get_u32(b[LBRIDGE_BRIDGE_A_MAX_NEIGH]);
	if (b[LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH])
		r->br->port_max_neigh = mnl_attr_get_u32(b[LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH]);
	if (b[LBRIDGE_BRIDGE_A_AGEING_TIME])
		r->br->ageing = mnl_attr_get_u32(b[LBRIDGE_BRIDGE_A_AGEING_TIME]);
	if (b[LBRIDGE_BRIDGE_A_MAX_LEARNED])
		r->br->max_learned = mnl_attr_get_u32(b[LBRIDGE_BRIDGE_A_MAX_LEARNED]);
	if (b[LBRIDGE_BRIDGE_A_LEARNING])
		r->br->learning = mnl_attr_get_u8(b[LBRIDGE_BRIDGE_A_LEARNING]);
	if (b[LBRIDGE_BRIDGE_A_MAX_STATIC])
		r->br->max_static = mnl_attr_get_u32(b[LBRIDGE_BRIDGE_A_MAX_STATIC]);
	if (b[LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED])
		r->br->port_max_learned = mnl_attr_get_u32(b[LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED]);
	ack(r->s, r->nlh, 0, NULL);
}

static void get_port_dumpit(struct request *r)
{
	struct nlmsghdr *nlh = NULL;

	if (!req_bridge(r))
		return;
	if (r->top[LBRIDGE_A_PORT] && !req_port(r))
		return;
	for (int i = 0; i < fk.nports; i++) {
		if (fk.ports[i].bridge != r->br->ifindex || (r->p && &fk.ports[i] != r->p))
			continue;
		nlh = next_dump_msg(r, nlh);
		put_bridge(nlh, r->br, false);
		put_port(nlh, &fk.ports[i], PORT_WHOLE);
	}
	end_dump(r, nlh);
}

/* The port's flags, by attribute. */
static bool *port_flag(struct fake_port *p, int attr)
{
	switch (attr) {
	case LBRIDGE_PORT_A_LEARNING: return &p->learning;
	case LBRIDGE_PORT_A_FLOOD: return &p->flood;
	case LBRIDGE_PORT_A_MCAST_FLOOD: return &p->mcast_flood;
	case LBRIDGE_PORT_A_BCAST_FLOOD: return &p->bcast_flood;
	case LBRIDGE_PORT_A_HAIRPIN: return &p->hairpin;
	case LBRIDGE_PORT_A_ISOLATED: return &p->isolated;
	case LBRIDGE_PORT_A_NEIGH_SUPPRESS: return &p->neigh_suppress;
	case LBRIDGE_PORT_A_GUARD: return &p->guard;
	case LBRIDGE_PORT_A_RA_GUARD: return &p->ra_guard;
	case LBRIDGE_PORT_A_DHCP_GUARD: return &p->dhcp_guard;
	}
	return NULL;
}

static void set_port_doit(struct request *r)
{
	const struct nlattr *label = r->port[LBRIDGE_PORT_A_LABEL];
	bool any = label;

	if (!req_port(r))
		return;
	/* NLA_NUL_STRING with a maximum length, as the module's policy. */
	if (label && (mnl_attr_validate(label, MNL_TYPE_NUL_STRING) ||
		      strlen(mnl_attr_get_str(label)) > LBRIDGE_LABEL_MAX))
		return ack(r->s, r->nlh, -ERANGE, "Attribute failed policy validation");
	/* As the module's policy: every value checked before any is set. */
	for (int a = 0; a <= LBRIDGE_PORT_A_MAX; a++) {
		if (!port_flag(r->p, a) || !r->port[a])
			continue;
		if (mnl_attr_get_u8(r->port[a]) > 1)
			return ack(r->s, r->nlh, -ERANGE, "Value out of range");
		any = true;
	}
	if (!any)
		return ack(r->s, r->nlh, -EINVAL, "Nothing to set");
	for (int a = 0; a <= LBRIDGE_PORT_A_MAX; a++)
		if (port_flag(r->p, a) && r->port[a])
			*port_flag(r->p, a) = mnl_attr_get_u8(r->port[a]);
	if (label)
		strcpy(r->p->label, mnl_attr_get_str(label));
	ack(r->s, r->nlh, 0, NULL);
}

/* Records in a message: few, so that a dump of a few entries takes several. */
#define FAKE_RECORDS_PER_MSG 2

/* FDB_COMPACT: BRIDGE { IFINDEX, IFNAME }, FDB_RECORD_SIZE, FDB_RECORDS. */
static void get_fdb_compact(struct request *r, const struct fake_fdb *v[], int n)
{
	uint32_t size = fk.record_size ? fk.record_size : sizeof(struct lbridge_fdb_record);
	struct nlmsghdr *nlh = NULL;

	for (int i = 0; i < n; i += FAKE_RECORDS_PER_MSG) {
		char recs[FAKE_RECORDS_PER_MSG * 64];
		int k = n - i < FAKE_RECORDS_PER_MSG ? n - i : FAKE_RECORDS_PER_MSG;

		memset(recs, 0xee, sizeof(recs));
		for (int j = 0; j < k; j++) {
			const struct fake_fdb *e = v[i + j];
			struct lbridge_fdb_record rec = { .state = e->state, .port_ifindex = e->port,
							  .age_ms = e->age_ms };

			memcpy(rec.mac, e->mac, 6);
			memcpy(recs + j * size, &rec,
			       size < sizeof(rec) ? size : sizeof(rec));
		}
		nlh = next_dump_msg(r, nlh);
		put_bridge(nlh, r->br, false);
		mnl_attr_put_u32(nlh, LBRIDGE_A_FDB_RECORD_SIZE, size);
		mnl_attr_put(nlh, LBRIDGE_A_FDB_RECORDS, k * size - fk.records_cut, recs);
		if (fk.newer_attrs)
			mnl_attr_put_u32(nlh, LBRIDGE_A_MAX + 4, 1);
	}
	end_dump(r, nlh);
}

static void get_fdb_dumpit(struct request *r)
{
	struct nlmsghdr *nlh = NULL;

	if (!req_bridge(r))
		return;
	if (r->top[LBRIDGE_A_PORT] && !req_port(r))
		return;
	fk.fdb_dump_port = r->p ? r->p->ifindex : 0;
	if (fk.intr_dumps > 0) {
		fk.intr_dumps--;
		d.intr = true;
	}
	if (r->top[LBRIDGE_A_FDB_COMPACT]) {
		const struct fake_fdb *v[FAKE_MAX_FDB + 1];
		int n = 0;

		fk.compact_dumps++;
		for (int i = 0; i < fk.nfdb; i++)
			if (fk.fdb[i].bridge == r->br->ifindex &&
			    (!r->p || fk.fdb[i].port == r->p->ifindex))
				v[n++] = &fk.fdb[i];
		/* Torn as a real dump may be: the first entry again. */
		if (d.intr && n)
			v[n++] = v[0];
		return get_fdb_compact(r, v, n);
	}
	for (int i = 0; i < fk.nfdb; i++) {
		if (fk.fdb[i].bridge != r->br->ifindex || (r->p && fk.fdb[i].port != r->p->ifindex))
			continue;
		nlh = next_dump_msg(r, nlh);
		put_fdb(nlh, &fk.fdb[i]);
	}
	/* Torn as a real dump may be: the first entry again. */
	if (d.intr && nlh) {
		nlh = next_dump_msg(r, nlh);
		put_fdb(nlh, &fk.fdb[0]);
	}
	end_dump(r, nlh);
}

static void get_neigh_dumpit(struct request *r)
{
	const struct nlattr *addr = r->neigh[LBRIDGE_NEIGH_A_ADDR];
	struct nlmsghdr *nlh = NULL;
	uint16_t len = addr ? mnl_attr_get_payload_len(addr) : 0;

	if (!req_bridge(r))
		return;
	if (r->top[LBRIDGE_A_PORT] && !req_port(r))
		return;
	if (addr && len != 4 && len != 16)
		return refuse(r, -EINVAL, "lbridge: An address is 4 or 16 bytes");
	if (fk.intr_dumps > 0) {
		fk.intr_dumps--;
		d.intr = true;
	}
	for (int i = 0; i < fk.nneigh; i++) {
		const struct fake_neigh *n = &fk.neigh[i];

		if (n->bridge != r->br->ifindex || (r->p && n->port != r->p->ifindex) ||
		    (addr && (len != (n->family == AF_INET ? 4 : 16) ||
			      memcmp(n->addr, mnl_attr_get_payload(addr), len))))
			continue;
		nlh = next_dump_msg(r, nlh);
		put_neigh(nlh, n);
	}
	/* Torn as a real dump may be: the first binding again. */
	if (d.intr && nlh && fk.nneigh) {
		nlh = next_dump_msg(r, nlh);
		put_neigh(nlh, &fk.neigh[0]);
	}
	end_dump(r, nlh);
}

static void new_fdb_doit(struct request *r)
{
	const struct nlattr *mac = r->fdb[LBRIDGE_FDB_A_MAC];
	struct fake_fdb *e;

	if (!req_port(r))
		return;
	if (!mac || mnl_attr_get_payload_len(mac) != 6)
		return ack(r->s, r->nlh, -EINVAL, "Missing MAC address");
	r->br = bridge_by_index(r->p->bridge);
	e = find_fdb(r->br->ifindex, mnl_attr_get_payload(mac));
	if (e && e->state != LBRIDGE_FDB_STATE_LEARNED)
		return ack(r->s, r->nlh, -EEXIST, "MAC address already has a static or local entry");
	if (r->br->max_static &&
	    count_fdb(r->br->ifindex, 0, LBRIDGE_FDB_STATE_STATIC) >= r->br->max_static)
		return ack(r->s, r->nlh, -ENOSPC,
			   "Too many static entries on this bridge (max-static)");
	if (!e) {
		if (fk.nfdb == FAKE_MAX_FDB)
			return ack(r->s, r->nlh, -ENOSPC, NULL);
		e = &fk.fdb[fk.nfdb++];
	}
	*e = (struct fake_fdb){ .bridge = r->br->ifindex, .port = r->p->ifindex,
				.state = LBRIDGE_FDB_STATE_STATIC };
	memcpy(e->mac, mnl_attr_get_payload(mac), 6);
	ack(r->s, r->nlh, 0, NULL);
}

static void del_fdb_doit(struct request *r)
{
	const struct nlattr *mac = r->fdb[LBRIDGE_FDB_A_MAC];
	struct fake_fdb *e;

	if (!req_port(r))
		return;
	if (!mac || mnl_attr_get_payload_len(mac) != 6)
		return ack(r->s, r->nlh, -EINVAL, "Missing MAC address");
	e = find_fdb(r->p->bridge, mnl_attr_get_payload(mac));
	if (!e || e->port != r->p->ifindex)
		return ack(r->s, r->nlh, -ENOENT, "No such entry on this port");
	remove_fdb(e);
	ack(r->s, r->nlh, 0, NULL);
}

static void flush_fdb_doit(struct request *r)
{
	const struct nlattr *flags = r->top[LBRIDGE_A_FLUSH_FLAGS];
	bool dynamic = flags && mnl_attr_get_u32(flags) & LBRIDGE_FLUSH_F_DYNAMIC;

	if (!req_bridge(r))
		return;
	if (r->top[LBRIDGE_A_PORT] && !req_port(r))
		return;
	for (int i = fk.nfdb - 1; i >= 0; i--) {
		struct fake_fdb *e = &fk.fdb[i];

		if (e->bridge != r->br->ifindex || e->state == LBRIDGE_FDB_STATE_LOCAL ||
		    (r->p && e->port != r->p->ifindex) ||
		    (dynamic && e->state != LBRIDGE_FDB_STATE_LEARNED))
			continue;
		remove_fdb(e);
	}
	ack(r->s, r->nlh, 0, NULL);
}

/* ALLOWED { exactly one of MAC, IPV4, IPV6 }: its index in the port's set, or -1. */
static int req_allowed(struct request *r, struct fake_allowed *want)
{
	int n = 0;

	memset(want, 0, sizeof(*want));
	for (uint16_t t = LBRIDGE_ALLOWED_A_MAC; t <= LBRIDGE_ALLOWED_A_IPV6; t++) {
		const struct nlattr *a = r->allowed[t];
		uint16_t len = t == LBRIDGE_ALLOWED_A_MAC ? 6 : t == LBRIDGE_ALLOWED_A_IPV4 ? 4 : 16;

		if (!a)
			continue;
		if (mnl_attr_get_payload_len(a) != len)
			return -2;
		want->type = t;
		memcpy(want->addr, mnl_attr_get_payload(a), len);
		n++;
	}
	if (n != 1)
		return -2;
	for (int i = 0; i < r->p->nallowed; i++)
		if (!memcmp(&r->p->allowed[i], want, sizeof(*want)))
			return i;
	return -1;
}

static void new_allowed_doit(struct request *r)
{
	struct fake_allowed want;
	int i, n = 0;

	if (!req_port(r))
		return;
	i = req_allowed(r, &want);
	if (i == -2)
		return ack(r->s, r->nlh, -EINVAL, "lbridge: Exactly one MAC or IP address");
	/* As the module: neither zero, multicast, broadcast nor loopback. */
	if ((want.type == LBRIDGE_ALLOWED_A_MAC &&
	     ((want.addr[0] & 1) || !memcmp(want.addr, (uint8_t[6]){ 0 }, 6))) ||
	    (want.type == LBRIDGE_ALLOWED_A_IPV4 &&
	     (want.addr[0] == 0 || want.addr[0] == 127 || (want.addr[0] & 0xf0) == 0xe0 ||
	      !memcmp(want.addr, "\xff\xff\xff\xff", 4))) ||
	    (want.type == LBRIDGE_ALLOWED_A_IPV6 &&
	     (want.addr[0] == 0xff ||
	      (!memcmp(want.addr, (uint8_t[16]){ 0 }, 15) && want.addr[15] <= 1))))
		return ack(r->s, r->nlh, -EINVAL, "lbridge: A unicast MAC or address, please");
	if (i >= 0)
		return ack(r->s, r->nlh, -EEXIST, "lbridge: Address already allowed on this port");
	for (int j = 0; j < r->p->nallowed; j++)
		n += (r->p->allowed[j].type == LBRIDGE_ALLOWED_A_MAC) ==
		     (want.type == LBRIDGE_ALLOWED_A_MAC);
	if (n >= (want.type == LBRIDGE_ALLOWED_A_MAC ? LBRIDGE_ALLOWED_MAX_MACS :
		  LBRIDGE_ALLOWED_MAX_IPS))
		return ack(r->s, r->nlh, -ENOSPC, NULL);
	r->p->allowed[r->p->nallowed++] = want;
	ack(r->s, r->nlh, 0, NULL);
}

static void del_allowed_doit(struct request *r)
{
	struct fake_allowed want;
	int i;

	if (!req_port(r))
		return;
	i = req_allowed(r, &want);
	if (i == -2)
		return ack(r->s, r->nlh, -EINVAL, "lbridge: Exactly one MAC or IP address");
	if (i < 0)
		return ack(r->s, r->nlh, -ENOENT, NULL);
	memmove(&r->p->allowed[i], &r->p->allowed[i + 1],
		(r->p->nallowed - i - 1) * sizeof(r->p->allowed[0]));
	r->p->nallowed--;
	ack(r->s, r->nlh, 0, NULL);
}

#define NAMES(obj) (BIT(LBRIDGE_##obj##_A_IFINDEX) | BIT(LBRIDGE_##obj##_A_IFNAME))

/*
 * The family's ops, as the module declares them: each command with the
 * attributes it takes, top level and per nest, and its handlers.
 */
static const struct fake_op {
	uint8_t cmd;
	bool admin;
	uint32_t top, bridge, port, fdb, neigh;
	void (*doit)(struct request *r);
	void (*dumpit)(struct request *r);
	uint32_t allowed;
} ops[] = {
	{ LBRIDGE_CMD_GET_BRIDGE, false, BIT(LBRIDGE_A_BRIDGE), NAMES(BRIDGE), 0, 0, 0,
	  get_bridge_doit, get_bridge_dumpit, 0 },
	{ LBRIDGE_CMD_SET_BRIDGE, true, BIT(LBRIDGE_A_BRIDGE),
	  NAMES(BRIDGE) | BIT(LBRIDGE_BRIDGE_A_AGEING_TIME) | BIT(LBRIDGE_BRIDGE_A_LEARNING) |
		  BIT(LBRIDGE_BRIDGE_A_MAX_LEARNED) | BIT(LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED) |
		  BIT(LBRIDGE_BRIDGE_A_MAX_STATIC) | BIT(LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS) |
		  BIT(LBRIDGE_BRIDGE_A_ANNOUNCE) | BIT(LBRIDGE_BRIDGE_A_MAX_NEIGH) |
		  BIT(LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH) | BIT(LBRIDGE_BRIDGE_A_GUARD) |
		  BIT(LBRIDGE_BRIDGE_A_RA_GUARD) | BIT(LBRIDGE_BRIDGE_A_DHCP_GUARD),
	  0, 0, 0, set_bridge_doit, NULL, 0 },
	{ LBRIDGE_CMD_GET_PORT, false, BIT(LBRIDGE_A_BRIDGE) | BIT(LBRIDGE_A_PORT), NAMES(BRIDGE),
	  NAMES(PORT), 0, 0, NULL, get_port_dumpit, 0 },
	{ LBRIDGE_CMD_SET_PORT, true, BIT(LBRIDGE_A_PORT), 0,
	  NAMES(PORT) | BIT(LBRIDGE_PORT_A_LEARNING) | BIT(LBRIDGE_PORT_A_FLOOD) |
		  BIT(LBRIDGE_PORT_A_MCAST_FLOOD) | BIT(LBRIDGE_PORT_A_BCAST_FLOOD) |
		  BIT(LBRIDGE_PORT_A_HAIRPIN) | BIT(LBRIDGE_PORT_A_ISOLATED) |
		  BIT(LBRIDGE_PORT_A_LABEL) | BIT(LBRIDGE_PORT_A_NEIGH_SUPPRESS) |
		  BIT(LBRIDGE_PORT_A_GUARD) | BIT(LBRIDGE_PORT_A_RA_GUARD) |
		  BIT(LBRIDGE_PORT_A_DHCP_GUARD),
	  0, 0, set_port_doit, NULL, 0 },
	{ LBRIDGE_CMD_GET_FDB, false, BIT(LBRIDGE_A_BRIDGE) | BIT(LBRIDGE_A_PORT), NAMES(BRIDGE),
	  NAMES(PORT), 0, 0, NULL, get_fdb_dumpit, 0 },
	{ LBRIDGE_CMD_GET_NEIGH, false, BIT(LBRIDGE_A_BRIDGE) | BIT(LBRIDGE_A_PORT) |
		  BIT(LBRIDGE_A_NEIGH), NAMES(BRIDGE), NAMES(PORT), 0, BIT(LBRIDGE_NEIGH_A_ADDR),
	  NULL, get_neigh_dumpit, 0 },
	{ LBRIDGE_CMD_NEW_FDB, true, BIT(LBRIDGE_A_PORT) | BIT(LBRIDGE_A_FDB), 0, NAMES(PORT),
	  BIT(LBRIDGE_FDB_A_MAC), 0, new_fdb_doit, NULL, 0 },
	{ LBRIDGE_CMD_DEL_FDB, true, BIT(LBRIDGE_A_PORT) | BIT(LBRIDGE_A_FDB), 0, NAMES(PORT),
	  BIT(LBRIDGE_FDB_A_MAC), 0, del_fdb_doit, NULL, 0 },
	{ LBRIDGE_CMD_FLUSH_FDB, true,
	  BIT(LBRIDGE_A_BRIDGE) | BIT(LBRIDGE_A_PORT) | BIT(LBRIDGE_A_FLUSH_FLAGS), NAMES(BRIDGE),
	  NAMES(PORT), 0, 0, flush_fdb_doit, NULL, 0 },
	{ LBRIDGE_CMD_NEW_ALLOWED, true, BIT(LBRIDGE_A_PORT) | BIT(LBRIDGE_A_ALLOWED), 0,
	  NAMES(PORT), 0, 0, new_allowed_doit, NULL,
	  BIT(LBRIDGE_ALLOWED_A_MAC) | BIT(LBRIDGE_ALLOWED_A_IPV4) | BIT(LBRIDGE_ALLOWED_A_IPV6) },
	{ LBRIDGE_CMD_DEL_ALLOWED, true, BIT(LBRIDGE_A_PORT) | BIT(LBRIDGE_A_ALLOWED), 0,
	  NAMES(PORT), 0, 0, del_allowed_doit, NULL,
	  BIT(LBRIDGE_ALLOWED_A_MAC) | BIT(LBRIDGE_ALLOWED_A_IPV4) | BIT(LBRIDGE_ALLOWED_A_IPV6) },
};

static void lbridge_request(struct fsock *s, const struct nlmsghdr *req)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(req);
	struct request r = { .s = s, .nlh = req, .cmd = g->cmd,
			     .dump = req->nlmsg_flags & NLM_F_DUMP };
	const struct fake_op *op = NULL;
	void (*handler)(struct request *r);
	struct nest top = { r.top, LBRIDGE_A_MAX, 0, false };

	fk.requests++;
	if (g->cmd <= LBRIDGE_CMD_MAX)
		fk.cmds[g->cmd]++;
	fk.dumps += r.dump;
	memcpy(fk.last, req, req->nlmsg_len < sizeof(fk.last) ? req->nlmsg_len : sizeof(fk.last));
	d = (struct dump){ .req = req };

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].cmd == g->cmd)
			op = &ops[i];
	handler = !op ? NULL : r.dump ? op->dumpit : op->doit;
	/* Refused before the dump starts: in an ack, as genetlink does. */
	r.dump = false;
	if (!handler)
		return ack(s, req, -EOPNOTSUPP, NULL);
	/* GENL_ADMIN_PERM: before any attribute is looked at, and without extack. */
	if (op->admin && fk.deny_admin)
		return ack(s, req, -EPERM, NULL);
	top.takes = op->top;
	if (op->cmd == LBRIDGE_CMD_GET_FDB && !fk.no_compact)
		top.takes |= BIT(LBRIDGE_A_FDB_COMPACT);
	if (mnl_attr_parse(req, sizeof(*g), nest_cb, &top) != MNL_CB_OK || top.bad ||
	    parse_nest(r.top[LBRIDGE_A_BRIDGE], r.bridge, LBRIDGE_BRIDGE_A_MAX, op->bridge) ||
	    parse_nest(r.top[LBRIDGE_A_PORT], r.port, LBRIDGE_PORT_A_MAX, op->port) ||
	    parse_nest(r.top[LBRIDGE_A_FDB], r.fdb, LBRIDGE_FDB_A_MAX, op->fdb) ||
	    parse_nest(r.top[LBRIDGE_A_NEIGH], r.neigh, LBRIDGE_NEIGH_A_MAX, op->neigh) ||
	    parse_nest(r.top[LBRIDGE_A_ALLOWED], r.allowed, LBRIDGE_ALLOWED_A_MAX, op->allowed)) {
		fk.refused++;
		return ack(s, req, -EINVAL, "Unknown attribute type");
	}
	r.dump = handler == op->dumpit;
	handler(&r);
}

static void ctrl_request(struct fsock *s, const struct nlmsghdr *req)
{
	const struct nlattr *a;
	char buf[1024];
	struct nlmsghdr *nlh;
	struct nlattr *groups, *grp;
	bool ours = false;

	mnl_attr_for_each(a, req, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_NAME &&
		    !strcmp(mnl_attr_get_str(a), LBRIDGE_GENL_NAME))
			ours = true;
	if (!ours || !fk.loaded)
		return ack(s, req, -ENOENT, NULL);
	nlh = genl_msg(buf, req, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, LBRIDGE_GENL_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAKE_FAMILY);
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, fk.version);
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	/* Groups of other names around them: the lookup must pick by name. */
	for (int i = 0; i < 5; i++) {
		static const char *const names[] = { "before", LBRIDGE_GENL_MCGRP_FDB, "after",
						     LBRIDGE_GENL_MCGRP_NEIGH,
						     LBRIDGE_GENL_MCGRP_GUARD };
		static const uint32_t ids[] = { FAKE_GROUP + 1, FAKE_GROUP, FAKE_GROUP + 3,
						FAKE_NEIGH_GROUP, FAKE_GUARD_GROUP };

		if ((i == 1 && !fk.has_group) || (i == 3 && !fk.has_neigh_group) ||
		    (i == 4 && !fk.has_guard_group))
			continue;
		grp = mnl_attr_nest_start(nlh, i + 1);
		mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, ids[i]);
		mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, names[i]);
		mnl_attr_nest_end(nlh, grp);
	}
	mnl_attr_nest_end(nlh, groups);
	queue(s, buf, nlh->nlmsg_len);
	ack(s, req, 0, NULL);
}

/*
 * RTM_GETNSID with NETNSA_FD: the id of the namespace that fd is. The
 * tests' "namespaces" are files holding their id as text; any other file
 * is a namespace without one (NETNSA_NSID_NOT_ASSIGNED).
 */
static void route_request(struct fsock *s, const struct nlmsghdr *req)
{
	const struct nlattr *a, *fd = NULL;
	char buf[512], text[16] = "";
	struct nlmsghdr *nlh;
	struct rtgenmsg *g;
	int32_t nsid = NETNSA_NSID_NOT_ASSIGNED;
	ssize_t n;

	fk.nsid_requests++;
	if (req->nlmsg_type != RTM_GETNSID)
		return ack(s, req, -EOPNOTSUPP, NULL);
	mnl_attr_for_each(a, req, sizeof(struct rtgenmsg))
		if (mnl_attr_get_type(a) == NETNSA_FD)
			fd = a;
	if (!fd)
		return ack(s, req, -EINVAL, "Missing netns id");
	n = pread((int)mnl_attr_get_u32(fd), text, sizeof(text) - 1, 0);
	if (n < 0)
		return ack(s, req, -EINVAL, "Invalid netns fd");
	text[n] = '\0';
	if (n > 0)
		nsid = atoi(text);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWNSID;
	nlh->nlmsg_seq = req->nlmsg_seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_NSID, (uint32_t)nsid);
	queue(s, buf, nlh->nlmsg_len);
	ack(s, req, 0, NULL);
}

/* --- The transport ------------------------------------------------------- */

static void *fake_open(int bus)
{
	struct fsock *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->bus = bus;
	s->tail = &s->head;
	return s;
}

static int fake_send(void *h, const void *buf, size_t len)
{
	struct fsock *s = h;
	const struct nlmsghdr *req;
	int n = len;

	fk.sends++;
	for (req = buf; mnl_nlmsg_ok(req, n); req = mnl_nlmsg_next(req, &n)) {
		if (s->bus == NETLINK_ROUTE)
			route_request(s, req);
		else if (req->nlmsg_type == GENL_ID_CTRL)
			ctrl_request(s, req);
		else if (req->nlmsg_type == FAKE_FAMILY)
			lbridge_request(s, req);
		else
			ack(s, req, -ENOENT, NULL);
	}
	return 0;
}

/* An empty queue ends the conversation rather than blocking forever. */
static ssize_t fake_recv(void *h, void *buf, size_t len)
{
	struct fsock *s = h;
	struct dgram *d = s->head;
	ssize_t n;

	if (!d)
		return 0;
	if (d->len > len)
		return -ENOSPC;
	memcpy(buf, d->buf, d->len);
	n = d->len;
	s->head = d->next;
	if (!s->head)
		s->tail = &s->head;
	free(d);
	return n;
}

static int fake_join(void *h, unsigned int group)
{
	struct fsock *s = h;
	struct dgram **list = group == FAKE_GROUP ? &pending :
			      group == FAKE_NEIGH_GROUP ? &pending_neigh : &pending_guard;
	struct dgram ***tail = group == FAKE_GROUP ? &pending_tail :
			       group == FAKE_NEIGH_GROUP ? &pending_neigh_tail : &pending_guard_tail;

	if (group != FAKE_GROUP && group != FAKE_NEIGH_GROUP && group != FAKE_GUARD_GROUP)
		return -EINVAL;
	fk.joined |= 1u << group;
	*s->tail = *list;
	if (*list)
		s->tail = *tail;
	*list = NULL;
	*tail = list;
	return 0;
}

static void fake_close(void *h)
{
	struct fsock *s = h;

	free_list(s->head);
	free(s);
}

const struct nl_transport fake_transport = {
	.open = fake_open,
	.send = fake_send,
	.recv = fake_recv,
	.join = fake_join,
	.close = fake_close,
};

const struct nlattr *fake_last_attr(int nest, int type)
{
	const struct nlmsghdr *nlh = (const void *)fk.last;
	const struct nlattr *a, *x;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		if (!nest && mnl_attr_get_type(a) == type)
			return a;
		if (nest && mnl_attr_get_type(a) == nest)
			mnl_attr_for_each_nested(x, a)
				if (mnl_attr_get_type(x) == type)
					return x;
	}
	return NULL;
}

int fake_count_fdb(int state)
{
	int n = 0;

	for (int i = 0; i < fk.nfdb; i++)
		n += state < 0 || fk.fdb[i].state == state;
	return n;
}

/* An event's BRIDGE { IFINDEX, IFNAME }. */
static void put_bridge_name(struct nlmsghdr *nlh, const char *bridge)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, LBRIDGE_A_BRIDGE);

	mnl_attr_put_u32(nlh, LBRIDGE_BRIDGE_A_IFINDEX, fake_nametoindex(bridge));
	mnl_attr_put_strz(nlh, LBRIDGE_BRIDGE_A_IFNAME, bridge);
	mnl_attr_nest_end(nlh, nest);
}

void fake_event(uint8_t event, const char *bridge, const char *port, const char *mac,
		int state, uint32_t flush_flags)
{
	char buf[1024];
	struct nlmsghdr *nlh = genl_msg(buf, NULL, FAKE_FAMILY, LBRIDGE_CMD_FDB_EVENT, 0);
	struct nlattr *nest;
	const struct fake_port *p = port ? port_by_index(fake_nametoindex(port)) : NULL;
	uint8_t addr[6];

	put_bridge_name(nlh, bridge);
	mnl_attr_put_u8(nlh, LBRIDGE_A_EVENT, event);
	if ((mac && !parse_mac(mac, addr)) || state >= 0) {
		nest = mnl_attr_nest_start(nlh, LBRIDGE_A_FDB);
		if (mac && !parse_mac(mac, addr))
			mnl_attr_put(nlh, LBRIDGE_FDB_A_MAC, 6, addr);
		if (state >= 0)
			mnl_attr_put_u8(nlh, LBRIDGE_FDB_A_STATE, state);
		mnl_attr_nest_end(nlh, nest);
	}
	if (port) {
		nest = mnl_attr_nest_start(nlh, LBRIDGE_A_PORT);
		mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_IFINDEX, fake_nametoindex(port));
		mnl_attr_put_strz(nlh, LBRIDGE_PORT_A_IFNAME, port);
		/* As the contract says: the port's label, when it has one. */
		if (p && p->label[0])
			mnl_attr_put_strz(nlh, LBRIDGE_PORT_A_LABEL, p->label);
		mnl_attr_nest_end(nlh, nest);
	}
	if (event == LBRIDGE_FDB_EVENT_FLUSH)
		mnl_attr_put_u32(nlh, LBRIDGE_A_FLUSH_FLAGS, flush_flags);
	if (fk.suppressed) {
		mnl_attr_put_u32(nlh, LBRIDGE_A_EVENTS_LOST, fk.suppressed);
		fk.suppressed = 0;
	}
	push(&pending_tail, buf, nlh->nlmsg_len);
}

void fake_neigh_event(uint8_t event, const char *bridge, const char *port, const char *label,
		      const char *addr, const char *mac, const char *old_mac,
		      const char *old_port)
{
	char buf[1024];
	struct nlmsghdr *nlh = genl_msg(buf, NULL, FAKE_FAMILY, LBRIDGE_CMD_NEIGH_EVENT, 0);
	struct nlattr *nest;
	uint8_t ip[16], family, m[6];

	if (parse_ip(addr, &family, ip) || parse_mac(mac, m))
		abort();
	put_bridge_name(nlh, bridge);
	mnl_attr_put_u8(nlh, LBRIDGE_A_EVENT, event);
	if (fk.suppressed) {
		mnl_attr_put_u32(nlh, LBRIDGE_A_EVENTS_LOST, fk.suppressed);
		fk.suppressed = 0;
	}
	nest = mnl_attr_nest_start(nlh, LBRIDGE_A_PORT);
	mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_IFINDEX, fake_nametoindex(port));
	mnl_attr_put_strz(nlh, LBRIDGE_PORT_A_IFNAME, port);
	if (label)
		mnl_attr_put_strz(nlh, LBRIDGE_PORT_A_LABEL, label);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, LBRIDGE_A_NEIGH);
	mnl_attr_put_u8(nlh, LBRIDGE_NEIGH_A_FAMILY, family);
	mnl_attr_put(nlh, LBRIDGE_NEIGH_A_ADDR, family == AF_INET ? 4 : 16, ip);
	mnl_attr_put(nlh, LBRIDGE_NEIGH_A_MAC, 6, m);
	mnl_attr_put_u8(nlh, LBRIDGE_NEIGH_A_SOURCE, family == AF_INET ? LBRIDGE_NEIGH_SOURCE_ARP :
			LBRIDGE_NEIGH_SOURCE_ND);
	if (old_mac) {
		if (parse_mac(old_mac, m))
			abort();
		mnl_attr_put(nlh, LBRIDGE_NEIGH_A_OLD_MAC, 6, m);
		mnl_attr_put_u32(nlh, LBRIDGE_NEIGH_A_OLD_PORT_IFINDEX, fake_nametoindex(old_port));
		mnl_attr_put_strz(nlh, LBRIDGE_NEIGH_A_OLD_PORT_IFNAME, old_port);
	}
	mnl_attr_nest_end(nlh, nest);
	push(&pending_neigh_tail, buf, nlh->nlmsg_len);
}

void fake_guard_event(const char *bridge, const char *port, uint8_t reason, const char *mac,
		      const char *addr, const char *owner)
{
	char buf[1024];
	struct nlmsghdr *nlh = genl_msg(buf, NULL, FAKE_FAMILY, LBRIDGE_CMD_GUARD_EVENT, 0);
	const struct fake_port *p = port_by_index(fake_nametoindex(port));
	const struct fake_port *o = owner ? port_by_index(fake_nametoindex(owner)) : NULL;
	struct nlattr *nest;
	uint8_t ip[16], family, m[6];

	put_bridge_name(nlh, bridge);
	if (fk.suppressed) {
		mnl_attr_put_u32(nlh, LBRIDGE_A_EVENTS_LOST, fk.suppressed);
		fk.suppressed = 0;
	}
	nest = mnl_attr_nest_start(nlh, LBRIDGE_A_PORT);
	mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_IFINDEX, fake_nametoindex(port));
	mnl_attr_put_strz(nlh, LBRIDGE_PORT_A_IFNAME, port);
	if (p && p->label[0])
		mnl_attr_put_strz(nlh, LBRIDGE_PORT_A_LABEL, p->label);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, LBRIDGE_A_GUARD);
	mnl_attr_put_u8(nlh, LBRIDGE_GUARD_A_REASON, reason);
	if (mac) {
		if (parse_mac(mac, m))
			abort();
		mnl_attr_put(nlh, LBRIDGE_GUARD_A_MAC, 6, m);
	}
	if (addr) {
		if (parse_ip(addr, &family, ip))
			abort();
		mnl_attr_put_u8(nlh, LBRIDGE_GUARD_A_FAMILY, family);
		mnl_attr_put(nlh, LBRIDGE_GUARD_A_ADDR, family == AF_INET ? 4 : 16, ip);
	}
	if (owner) {
		mnl_attr_put_u32(nlh, LBRIDGE_GUARD_A_OWNER_IFINDEX, fake_nametoindex(owner));
		mnl_attr_put_strz(nlh, LBRIDGE_GUARD_A_OWNER_IFNAME, owner);
		if (o && o->label[0])
			mnl_attr_put_strz(nlh, LBRIDGE_GUARD_A_OWNER_LABEL, o->label);
	}
	if (fk.newer_attrs)
		mnl_attr_put_u32(nlh, LBRIDGE_GUARD_A_MAX + 1, 1);
	mnl_attr_nest_end(nlh, nest);
	push(&pending_guard_tail, buf, nlh->nlmsg_len);
}
