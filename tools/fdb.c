// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarding database: entries collected from the kernel, and entries
 * and events printed in `bridge fdb show` word order so that habits carry
 * over.
 */
#include <errno.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "lbrctl.h"

static int parse_fdb(const struct nlmsghdr *nlh, void *e)
{
	return lbr_parse_fdb(nlh, e);
}

static struct table_dump fdb_dump(uint32_t port)
{
	return (struct table_dump){
		.cmd = LBRIDGE_CMD_GET_FDB, .port = port, .parse = parse_fdb,
		.size = sizeof(struct lbr_fdb), .key = offsetof(struct lbr_fdb, mac),
		.key_len = ETH_ALEN,
	};
}

int collect_fdb(struct ctx *ctx, unsigned int bridge, unsigned int port,
		struct lbr_fdb **v, unsigned int *n)
{
	struct table_dump t = fdb_dump(port);
	struct nl *nl = ctx_genl(ctx);
	int err;

	if (!nl)
		return 1;
	/* Each entry's PORT has the port's label: no need to ask for the ports. */
	err = dump_bridge_table(ctx, nl, &t, bridge);
	if (err) {
		free(t.v);
		return table_failed(ctx, nl, err);
	}
	*v = t.v;
	*n = t.n;
	return 0;
}

int collect_fdb_all(struct ctx *ctx, struct lbr_fdb **v, unsigned int *n)
{
	struct table_dump t = fdb_dump(0);

	if (dump_all_bridges(ctx, &t))
		return 1;
	*v = t.v;
	*n = t.n;
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
	pr_name(p, "ifname", " dev %s", e->port[0] ? e->port : e->master);
	pr_open_array(p, "flags");
	pr_close_array(p);
	pr_name(p, "master", " master %s", e->master);
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

/* Text: a line of its own, so that the event's line keeps its words. */
void print_events_lost(struct printer *p, const char *master, uint32_t lost)
{
	char name[NAME_TEXT_MAX + 1];

	if (!lost)
		return;
	format_name(master, name, sizeof(name));
	pr_text(p, "%s: %" PRIu32 " event%s suppressed (rate limit)\n", name, lost,
		lost == 1 ? "" : "s");
}

void print_event(struct printer *p, const struct lbr_event *ev)
{
	const char *name = ev->event < sizeof(event_names) / sizeof(event_names[0]) &&
			   event_names[ev->event] ? event_names[ev->event] : "unknown";

	print_events_lost(p, ev->fdb.master, ev->events_lost);
	pr_open_object(p, NULL);
	pr_string(p, "event", "%s ", name);
	if (ev->events_lost)
		pr_u64(p, "events_lost", NULL, ev->events_lost);
	if (ev->event == LBRIDGE_FDB_EVENT_FLUSH || !ev->has_mac) {
		pr_name(p, "master", "master %s", ev->fdb.master);
		if (ev->fdb.port[0])
			pr_name(p, "ifname", " dev %s", ev->fdb.port);
		pr_flag(p, "dynamic", " dynamic", ev->flush_flags & LBRIDGE_FLUSH_F_DYNAMIC);
	} else {
		print_fdb_fields(p, &ev->fdb, ev->has_state, false);
	}
	pr_text(p, "\n");
	pr_close_object(p);
}
