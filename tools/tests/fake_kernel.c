// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

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

/* Events waiting for a socket to join the group. */
static struct dgram *pending, **pending_tail = &pending;

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
	memset(&fk, 0, sizeof(fk));
	fk.loaded = fk.has_group = true;
	fk.bridges[fk.nbridges++] = (struct fake_bridge){
		"lb0", 10, { 0x02, 0x42, 0xac, 0x11, 0x00, 0x01 }, 300, 16384, true, 0, 256,
	};
	fk.ports[fk.nports++] = (struct fake_port){
		.name = "vc2", .ifindex = 11, .bridge = 10, .up = true, .peer = 2, .peer_netnsid = 0,
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
		.name = "vc3", .ifindex = 12, .bridge = 10, .up = false, .peer = 13, .peer_netnsid = -1,
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

static void put_bridge(struct nlmsghdr *nlh, const struct fake_bridge *br)
{
	int ports = 0, entries = 0;

	for (int i = 0; i < fk.nports; i++)
		ports += fk.ports[i].bridge == br->ifindex;
	for (int i = 0; i < fk.nfdb; i++)
		entries += fk.fdb[i].bridge == br->ifindex;
	mnl_attr_put_u32(nlh, LBRIDGE_A_IFINDEX, br->ifindex);
	mnl_attr_put_strz(nlh, LBRIDGE_A_IFNAME, br->name);
	mnl_attr_put(nlh, LBRIDGE_A_ADDRESS, 6, br->addr);
	mnl_attr_put_u32(nlh, LBRIDGE_A_AGEING_TIME, br->ageing);
	mnl_attr_put_u32(nlh, LBRIDGE_A_MAX_LEARNED, br->max_learned);
	mnl_attr_put_u32(nlh, LBRIDGE_A_LEARNED_COUNT,
			 count_fdb(br->ifindex, 0, LBRIDGE_FDB_STATE_LEARNED));
	mnl_attr_put_u8(nlh, LBRIDGE_A_LEARNING, br->learning);
	mnl_attr_put_u32(nlh, LBRIDGE_A_PORT_COUNT, ports);
	mnl_attr_put_u32(nlh, LBRIDGE_A_FDB_COUNT, entries);
	mnl_attr_put_u32(nlh, LBRIDGE_A_MAX_STATIC, br->max_static);
	mnl_attr_put_u32(nlh, LBRIDGE_A_STATIC_COUNT,
			 count_fdb(br->ifindex, 0, LBRIDGE_FDB_STATE_STATIC));
	mnl_attr_put_u32(nlh, LBRIDGE_A_PORT_MAX_LEARNED, br->port_max_learned);
}

static void put_port(struct nlmsghdr *nlh, const struct fake_port *p)
{
	const struct fake_bridge *br = bridge_by_index(p->bridge);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, LBRIDGE_A_IFINDEX, br->ifindex);
	mnl_attr_put_strz(nlh, LBRIDGE_A_IFNAME, br->name);
	mnl_attr_put_u32(nlh, LBRIDGE_A_PORT_IFINDEX, p->ifindex);
	mnl_attr_put_strz(nlh, LBRIDGE_A_PORT_IFNAME, p->name);
	mnl_attr_put_u8(nlh, LBRIDGE_A_PORT_UP, p->up);
	mnl_attr_put_u32(nlh, LBRIDGE_A_PORT_LEARNED_COUNT,
			 count_fdb(p->bridge, p->ifindex, LBRIDGE_FDB_STATE_LEARNED));
	nest = mnl_attr_nest_start(nlh, LBRIDGE_A_PORT_STATS);
	for (int i = LBRIDGE_PORT_STAT_RX_PACKETS; i <= LBRIDGE_PORT_STAT_MAX; i++) {
		/* As nla_put_u64_64bit() does: a pad attribute now and then. */
		if (i % 3 == 0)
			mnl_attr_put(nlh, LBRIDGE_PORT_STAT_PAD, 0, NULL);
		mnl_attr_put_u64(nlh, i, p->stats[i]);
	}
	mnl_attr_nest_end(nlh, nest);
}

static void put_fdb(struct nlmsghdr *nlh, const struct fake_fdb *e)
{
	const struct fake_bridge *br = bridge_by_index(e->bridge);
	const struct fake_port *p = port_by_index(e->port);

	mnl_attr_put_u32(nlh, LBRIDGE_A_IFINDEX, br->ifindex);
	mnl_attr_put_strz(nlh, LBRIDGE_A_IFNAME, br->name);
	mnl_attr_put(nlh, LBRIDGE_A_FDB_MAC, 6, e->mac);
	mnl_attr_put_u8(nlh, LBRIDGE_A_FDB_STATE, e->state);
	mnl_attr_put_u32(nlh, LBRIDGE_A_FDB_AGE, e->age_ms);
	if (p) {
		mnl_attr_put_u32(nlh, LBRIDGE_A_PORT_IFINDEX, p->ifindex);
		mnl_attr_put_strz(nlh, LBRIDGE_A_PORT_IFNAME, p->name);
	}
}

/* --- Requests ------------------------------------------------------------ */

static int attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_get_type(a) <= LBRIDGE_A_MAX)
		tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

/* The bridge a request names, or NULL after replying with the error. */
static struct fake_bridge *req_bridge(struct fsock *s, const struct nlmsghdr *req,
				      const struct nlattr **tb, bool dump)
{
	struct fake_bridge *br;
	uint32_t ifindex;

	if (!tb[LBRIDGE_A_IFINDEX]) {
		(dump ? done : ack)(s, req, -EINVAL, "Missing device index or name");
		return NULL;
	}
	ifindex = mnl_attr_get_u32(tb[LBRIDGE_A_IFINDEX]);
	br = bridge_by_index(ifindex);
	if (!br) {
		if (fake_indextoname(ifindex, (char[16]){ 0 }))
			(dump ? done : ack)(s, req, -EINVAL, "lbridge: Device is not an lbridge bridge");
		else
			(dump ? done : ack)(s, req, -ENODEV, "No such device");
	}
	return br;
}

static struct fake_port *req_port(struct fsock *s, const struct nlmsghdr *req,
				  const struct nlattr **tb)
{
	struct fake_port *p = NULL;

	if (tb[LBRIDGE_A_PORT_IFINDEX])
		p = port_by_index(mnl_attr_get_u32(tb[LBRIDGE_A_PORT_IFINDEX]));
	if (!p)
		ack(s, req, -EINVAL, "lbridge: Device is not a port of an lbridge bridge");
	return p;
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

static void lbridge_request(struct fsock *s, const struct nlmsghdr *req)
{
	const struct nlattr *tb[LBRIDGE_A_MAX + 1] = { 0 };
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(req);
	bool dump = req->nlmsg_flags & NLM_F_DUMP;
	static struct dump d;
	struct nlmsghdr *nlh = NULL;
	struct fake_bridge *br;
	struct fake_port *p;
	struct fake_fdb *e;
	char buf[1024];

	fk.requests++;
	if (g->cmd <= LBRIDGE_CMD_MAX)
		fk.cmds[g->cmd]++;
	fk.dumps += dump;
	memcpy(fk.last, req, req->nlmsg_len < sizeof(fk.last) ? req->nlmsg_len : sizeof(fk.last));
	mnl_attr_parse(req, sizeof(*g), attr_cb, tb);
	d.req = req;
	d.len = 0;
	d.intr = false;

	switch (g->cmd) {
	case LBRIDGE_CMD_GET_BRIDGE:
		if (dump) {
			for (int i = 0; i < fk.nbridges; i++) {
				if (nlh)
					d.len += MNL_ALIGN(nlh->nlmsg_len);
				nlh = dump_next(&d, g->cmd);
				put_bridge(nlh, &fk.bridges[i]);
			}
			dump_done(s, &d, nlh);
			done(s, req, 0, NULL);
			return;
		}
		br = req_bridge(s, req, tb, false);
		if (!br)
			return;
		nlh = genl_msg(buf, req, FAKE_FAMILY, g->cmd, 0);
		put_bridge(nlh, br);
		queue(s, buf, nlh->nlmsg_len);
		ack(s, req, 0, NULL);
		return;
	case LBRIDGE_CMD_GET_PORT:
		br = req_bridge(s, req, tb, true);
		if (!br)
			return;
		for (int i = 0; i < fk.nports; i++) {
			if (fk.ports[i].bridge != br->ifindex)
				continue;
			if (nlh)
				d.len += MNL_ALIGN(nlh->nlmsg_len);
			nlh = dump_next(&d, g->cmd);
			put_port(nlh, &fk.ports[i]);
		}
		dump_done(s, &d, nlh);
		done(s, req, 0, NULL);
		return;
	case LBRIDGE_CMD_GET_FDB:
		br = req_bridge(s, req, tb, true);
		if (!br)
			return;
		if (fk.intr_dumps > 0) {
			fk.intr_dumps--;
			d.intr = true;
		}
		for (int i = 0; i < fk.nfdb; i++) {
			if (fk.fdb[i].bridge != br->ifindex)
				continue;
			if (tb[LBRIDGE_A_PORT_IFINDEX] &&
			    fk.fdb[i].port != mnl_attr_get_u32(tb[LBRIDGE_A_PORT_IFINDEX]))
				continue;
			if (nlh)
				d.len += MNL_ALIGN(nlh->nlmsg_len);
			/* Keep each datagram well under lbrctl's receive buffer. */
			if (d.len > 32768) {
				queue(s, d.buf, d.len);
				d.len = 0;
			}
			nlh = dump_next(&d, g->cmd);
			put_fdb(nlh, &fk.fdb[i]);
		}
		/* Torn as a real dump may be: the first entry again. */
		if (d.intr && nlh) {
			d.len += MNL_ALIGN(nlh->nlmsg_len);
			nlh = dump_next(&d, g->cmd);
			put_fdb(nlh, &fk.fdb[0]);
		}
		dump_done(s, &d, nlh);
		done(s, req, 0, NULL);
		return;
	case LBRIDGE_CMD_NEW_FDB:
	case LBRIDGE_CMD_DEL_FDB:
		if (fk.deny_admin)
			return ack(s, req, -EPERM, NULL);
		p = req_port(s, req, tb);
		if (!p)
			return;
		e = find_fdb(p->bridge, mnl_attr_get_payload(tb[LBRIDGE_A_FDB_MAC]));
		if (g->cmd == LBRIDGE_CMD_DEL_FDB) {
			if (!e || e->port != p->ifindex)
				return ack(s, req, -ENOENT, "No such entry on this port");
			remove_fdb(e);
		} else if (e && e->state != LBRIDGE_FDB_STATE_LEARNED) {
			return ack(s, req, -EEXIST, "MAC address already has a static or local entry");
		} else {
			br = bridge_by_index(p->bridge);
			if (br->max_static &&
			    count_fdb(br->ifindex, 0, LBRIDGE_FDB_STATE_STATIC) >= br->max_static)
				return ack(s, req, -ENOSPC,
					   "Too many static entries on this bridge (max-static)");
			if (!e) {
				if (fk.nfdb == FAKE_MAX_FDB)
					return ack(s, req, -ENOSPC, NULL);
				e = &fk.fdb[fk.nfdb++];
			}
			*e = (struct fake_fdb){ .bridge = p->bridge, .port = p->ifindex,
						.state = LBRIDGE_FDB_STATE_STATIC };
			memcpy(e->mac, mnl_attr_get_payload(tb[LBRIDGE_A_FDB_MAC]), 6);
		}
		return ack(s, req, 0, NULL);
	case LBRIDGE_CMD_FLUSH_FDB:
		if (fk.deny_admin)
			return ack(s, req, -EPERM, NULL);
		br = req_bridge(s, req, tb, false);
		if (!br)
			return;
		for (int i = fk.nfdb - 1; i >= 0; i--) {
			e = &fk.fdb[i];
			if (e->bridge != br->ifindex || e->state == LBRIDGE_FDB_STATE_LOCAL)
				continue;
			if (tb[LBRIDGE_A_PORT_IFINDEX] &&
			    e->port != mnl_attr_get_u32(tb[LBRIDGE_A_PORT_IFINDEX]))
				continue;
			if (tb[LBRIDGE_A_FLUSH_FLAGS] &&
			    mnl_attr_get_u32(tb[LBRIDGE_A_FLUSH_FLAGS]) & LBRIDGE_FLUSH_F_DYNAMIC &&
			    e->state != LBRIDGE_FDB_STATE_LEARNED)
				continue;
			remove_fdb(e);
		}
		return ack(s, req, 0, NULL);
	case LBRIDGE_CMD_SET_BRIDGE:
		if (fk.deny_admin)
			return ack(s, req, -EPERM, NULL);
		br = req_bridge(s, req, tb, false);
		if (!br)
			return;
		if (!tb[LBRIDGE_A_AGEING_TIME] && !tb[LBRIDGE_A_MAX_LEARNED] &&
		    !tb[LBRIDGE_A_LEARNING] && !tb[LBRIDGE_A_MAX_STATIC] &&
		    !tb[LBRIDGE_A_PORT_MAX_LEARNED])
			return ack(s, req, -EINVAL, "Nothing to set");
		if (tb[LBRIDGE_A_AGEING_TIME])
			br->ageing = mnl_attr_get_u32(tb[LBRIDGE_A_AGEING_TIME]);
		if (tb[LBRIDGE_A_MAX_LEARNED])
			br->max_learned = mnl_attr_get_u32(tb[LBRIDGE_A_MAX_LEARNED]);
		if (tb[LBRIDGE_A_LEARNING])
			br->learning = mnl_attr_get_u8(tb[LBRIDGE_A_LEARNING]);
		if (tb[LBRIDGE_A_MAX_STATIC])
			br->max_static = mnl_attr_get_u32(tb[LBRIDGE_A_MAX_STATIC]);
		if (tb[LBRIDGE_A_PORT_MAX_LEARNED])
			br->port_max_learned = mnl_attr_get_u32(tb[LBRIDGE_A_PORT_MAX_LEARNED]);
		return ack(s, req, 0, NULL);
	default:
		return ack(s, req, -EOPNOTSUPP, NULL);
	}
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
	mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, LBRIDGE_GENL_VERSION);
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	/* Groups of other names around it: the lookup must pick by name. */
	for (int i = 0; i < 3; i++) {
		if (i == 1 && !fk.has_group)
			continue;
		grp = mnl_attr_nest_start(nlh, i + 1);
		mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, i == 1 ? FAKE_GROUP : FAKE_GROUP + 1 + i);
		mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME,
				  i == 1 ? LBRIDGE_GENL_MCGRP_FDB : i ? "after" : "before");
		mnl_attr_nest_end(nlh, grp);
	}
	mnl_attr_nest_end(nlh, groups);
	queue(s, buf, nlh->nlmsg_len);
	ack(s, req, 0, NULL);
}

static void route_request(struct fsock *s, const struct nlmsghdr *req)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(req);
	const struct fake_port *p = port_by_index(ifi->ifi_index);
	char buf[1024];
	struct nlmsghdr *nlh;
	struct ifinfomsg *out;
	struct nlattr *info;

	if (req->nlmsg_type != RTM_GETLINK)
		return ack(s, req, -EOPNOTSUPP, NULL);
	if (!p)
		return ack(s, req, -ENODEV, NULL);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_seq = req->nlmsg_seq;
	out = mnl_nlmsg_put_extra_header(nlh, sizeof(*out));
	out->ifi_index = p->ifindex;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, p->name);
	if (p->peer) {
		mnl_attr_put_u32(nlh, IFLA_LINK, p->peer);
		if (p->peer_netnsid >= 0)
			mnl_attr_put_u32(nlh, IFLA_LINK_NETNSID, p->peer_netnsid);
		info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
		mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
		mnl_attr_nest_end(nlh, info);
	}
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

	if (group != FAKE_GROUP)
		return -EINVAL;
	*s->tail = pending;
	if (pending)
		s->tail = pending_tail;
	pending = NULL;
	pending_tail = &pending;
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

const struct nlattr *fake_last_attr(int type)
{
	const struct nlmsghdr *nlh = (const void *)fk.last;
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

int fake_count_fdb(int state)
{
	int n = 0;

	for (int i = 0; i < fk.nfdb; i++)
		n += state < 0 || fk.fdb[i].state == state;
	return n;
}

void fake_event(uint8_t event, const char *bridge, const char *port, const char *mac,
		int state, uint32_t flush_flags)
{
	char buf[1024];
	struct nlmsghdr *nlh = genl_msg(buf, NULL, FAKE_FAMILY, LBRIDGE_CMD_FDB_EVENT, 0);
	uint8_t addr[6];

	mnl_attr_put_u32(nlh, LBRIDGE_A_IFINDEX, fake_nametoindex(bridge));
	mnl_attr_put_strz(nlh, LBRIDGE_A_IFNAME, bridge);
	mnl_attr_put_u8(nlh, LBRIDGE_A_FDB_EVENT, event);
	if (mac && !parse_mac(mac, addr))
		mnl_attr_put(nlh, LBRIDGE_A_FDB_MAC, 6, addr);
	if (state >= 0)
		mnl_attr_put_u8(nlh, LBRIDGE_A_FDB_STATE, state);
	if (port) {
		mnl_attr_put_u32(nlh, LBRIDGE_A_PORT_IFINDEX, fake_nametoindex(port));
		mnl_attr_put_strz(nlh, LBRIDGE_A_PORT_IFNAME, port);
	}
	if (event == LBRIDGE_FDB_EVENT_FLUSH)
		mnl_attr_put_u32(nlh, LBRIDGE_A_FLUSH_FLAGS, flush_flags);
	if (fk.suppressed) {
		mnl_attr_put_u32(nlh, LBRIDGE_A_FDB_EVENTS_LOST, fk.suppressed);
		fk.suppressed = 0;
	}
	push(&pending_tail, buf, nlh->nlmsg_len);
}
