// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarding database: entries collected from the kernel, and entries
 * and events printed in `bridge fdb show` word order so that habits carry
 * over.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "lbrctl.h"

struct entries {
	struct lbr_fdb *v;
	unsigned int n, cap;
};

static int fdb_cb(const struct nlmsghdr *nlh, void *data)
{
	struct entries *e = data;
	struct lbr_fdb *f = array_next(&e->v, e->n, &e->cap, sizeof(*e->v));

	if (!f)
		return -ENOMEM;
	if (lbr_parse_fdb(nlh, f))
		return -EBADMSG;
	e->n++;
	return 0;
}

static void fdb_reset(void *data)
{
	((struct entries *)data)->n = 0;
}

static int mac_order(const void *a, const void *b)
{
	const struct lbr_fdb *x = *(const struct lbr_fdb *const *)a;
	const struct lbr_fdb *y = *(const struct lbr_fdb *const *)b;
	int c = memcmp(x->mac, y->mac, ETH_ALEN);

	/* Equal MACs in the order they came, so the first one stays. */
	return c ? c : (x > y) - (x < y);
}

/*
 * A torn dump may list an entry twice (one MAC is one entry per bridge):
 * keep its first occurrence, in the kernel's order.
 */
static void dedup(struct entries *e)
{
	struct lbr_fdb **order = calloc(e->n, sizeof(*order));
	unsigned int n = 0;

	if (!order)
		return;
	for (unsigned int i = 0; i < e->n; i++)
		order[i] = &e->v[i];
	qsort(order, e->n, sizeof(*order), mac_order);
	/* Marked with a state no entry has, then squeezed out. */
	for (unsigned int i = 1; i < e->n; i++)
		if (!memcmp(order[i]->mac, order[i - 1]->mac, ETH_ALEN))
			order[i]->state = UINT8_MAX;
	free(order);
	for (unsigned int i = 0; i < e->n; i++)
		if (e->v[i].state != UINT8_MAX)
			e->v[n++] = e->v[i];
	e->n = n;
}

/* One bridge's (or port's) entries into e; 0 or -errno, nothing reported. */
static int dump_fdb(struct ctx *ctx, struct nl *nl, unsigned int bridge, unsigned int port,
		    struct entries *e)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	int err;

	req = ctx_request(ctx, buf, LBRIDGE_CMD_GET_FDB);
	lbr_put_bridge(req, bridge);
	if (port)
		lbr_put_port(req, port);
	/* Collected, not printed as it comes: a torn dump is thrown away. */
	err = nl_dump(nl, req, fdb_cb, fdb_reset, e);
	if (err == -EINTR) {
		/* As iproute2 does: the listing, and a warning. */
		fail(ctx, "warning: %s; this listing may be inconsistent", nl->errmsg);
		dedup(e);
		err = 0;
	}
	return err;
}

/*
 * The contract promises no label in an entry's PORT: each entry gets
 * its port's, from the ports of the bridges.
 */
static void label_entries(struct lbr_fdb *v, unsigned int n, const struct lbr_bridge *bv,
			  unsigned int nb)
{
	for (unsigned int i = 0; i < n; i++) {
		const struct lbr_port *port = v[i].label[0] ? NULL :
					      find_port(bv, nb, v[i].port_ifindex);

		if (port)
			memcpy(v[i].label, port->label, sizeof(v[i].label));
	}
}

static int fdb_failed(struct ctx *ctx, struct nl *nl, int err)
{
	if (err == -EBADMSG)
		return fail(ctx, "the kernel's reply makes no sense (is lbrctl older than the module?)");
	return nl_error(ctx, nl, err);
}

int collect_fdb(struct ctx *ctx, unsigned int bridge, unsigned int port,
		struct lbr_fdb **v, unsigned int *n)
{
	struct lbr_bridge br = { .ifindex = bridge };
	struct entries e = { 0 };
	struct nl *nl = ctx_genl(ctx);
	int err;

	if (!nl)
		return 1;
	/* The ports, for their labels; then the entries, the request that matters. */
	err = dump_ports(ctx, nl, &br);
	if (!err)
		err = dump_fdb(ctx, nl, bridge, port, &e);
	if (err) {
		free(br.ports);
		free(e.v);
		return fdb_failed(ctx, nl, err);
	}
	label_entries(e.v, e.n, &br, 1);
	free(br.ports);
	*v = e.v;
	*n = e.n;
	return 0;
}

int collect_fdb_all(struct ctx *ctx, struct lbr_fdb **v, unsigned int *n)
{
	struct entries all = { 0 };
	struct lbr_bridge *bv;
	unsigned int nb;
	struct nl *nl;
	int err = 0;

	if (collect_bridges(ctx, NULL, &bv, &nb))
		return 1;
	nl = ctx_genl(ctx);
	for (unsigned int i = 0; i < nb && !err; i++) {
		struct entries e = { 0 };

		err = dump_fdb(ctx, nl, bv[i].ifindex, 0, &e);
		/* Deleted since the list of bridges: it simply is no more. */
		if (err == -ENODEV)
			err = 0;
		for (unsigned int j = 0; j < e.n && !err; j++) {
			struct lbr_fdb *f = array_next(&all.v, all.n, &all.cap, sizeof(*all.v));

			if (f) {
				*f = e.v[j];
				all.n++;
			} else {
				err = -ENOMEM;
			}
		}
		free(e.v);
	}
	label_entries(all.v, all.n, bv, nb);
	free_bridges(bv, nb);
	if (err) {
		free(all.v);
		if (err == -ENOMEM)
			return fail(ctx, "out of memory");
		return fdb_failed(ctx, nl, err);
	}
	*v = all.v;
	*n = all.n;
	return 0;
}

const char *fdb_state_name(uint8_t state)
{
	switch (state) {
	case LBRIDGE_FDB_STATE_LOCAL:
		return "permanent";
	case LBRIDGE_FDB_STATE_STATIC:
		return "static";
	case LBRIDGE_FDB_STATE_LEARNED:
		return "learned";
	default:
		return "unknown";
	}
}

/* The words of an entry, shared by fdb show and monitor. */
static void print_fdb_fields(struct printer *p, const struct lbr_fdb *e, bool has_state,
			     bool stats)
{
	/* iproute2 prints nothing for learned entries, and "" in JSON. */
	const char *state = e->state == LBRIDGE_FDB_STATE_LEARNED ? "" :
			    fdb_state_name(e->state);
	char mac[MAC_STRLEN];

	format_mac(e->mac, mac);
	pr_string(p, "mac", "%s", mac);
	/* The bridge's own address has no port: iproute2 names the bridge. */
	pr_string(p, "ifname", " dev %s", e->port[0] ? e->port : e->master);
	pr_open_array(p, "flags");
	pr_close_array(p);
	pr_string(p, "master", " master %s", e->master);
	if (has_state)
		pr_string(p, "state", *state ? " %s" : NULL, state);
	if (stats)
		pr_ms_as_seconds(p, "age", " age %ss", e->age_ms);
	/* Last: a label in quotes may hold blanks. */
	if (e->label[0])
		pr_label(p, "label", " label %s", e->label);
}

void print_fdb(struct printer *p, const struct lbr_fdb *e, bool stats)
{
	pr_open_object(p, NULL);
	print_fdb_fields(p, e, true, stats);
	pr_text(p, "\n");
	pr_close_object(p);
}

static const char *const event_names[] = {
	[LBRIDGE_FDB_EVENT_LEARN] = "learn",
	[LBRIDGE_FDB_EVENT_MOVE] = "move",
	[LBRIDGE_FDB_EVENT_AGE] = "age",
	[LBRIDGE_FDB_EVENT_ADD] = "add",
	[LBRIDGE_FDB_EVENT_DELETE] = "delete",
	[LBRIDGE_FDB_EVENT_FLUSH] = "flush",
	[LBRIDGE_FDB_EVENT_LIMIT] = "limit",
};

void print_event(struct printer *p, const struct lbr_event *ev)
{
	const char *name = ev->event < sizeof(event_names) / sizeof(event_names[0]) &&
			   event_names[ev->event] ? event_names[ev->event] : "unknown";

	/* Text: a line of its own, so that the event's line keeps its words. */
	if (ev->events_lost)
		pr_text(p, "%s: %" PRIu32 " event%s suppressed (rate limit)\n", ev->fdb.master,
			ev->events_lost, ev->events_lost == 1 ? "" : "s");
	pr_open_object(p, NULL);
	pr_string(p, "event", "%s ", name);
	if (ev->events_lost)
		pr_u64(p, "events_lost", NULL, ev->events_lost);
	if (ev->event == LBRIDGE_FDB_EVENT_FLUSH || !ev->has_mac) {
		pr_string(p, "master", "master %s", ev->fdb.master);
		if (ev->fdb.port[0])
			pr_string(p, "ifname", " dev %s", ev->fdb.port);
		pr_flag(p, "dynamic", " dynamic", ev->flush_flags & LBRIDGE_FLUSH_F_DYNAMIC);
	} else {
		print_fdb_fields(p, &ev->fdb, ev->has_state, false);
	}
	pr_text(p, "\n");
	pr_close_object(p);
}
