// SPDX-License-Identifier: GPL-2.0
/*
 * lbrctl monitor [BRIDGE]: one line per forwarding table, IP binding or
 * guard event. The fdb, neigh and guard groups cover every bridge of the
 * namespace, so bridges created later are followed too; the filter is by
 * name for the same reason.
 */
#include <errno.h>
#include <string.h>

#include "lbrctl.h"

struct monitor {
	struct ctx *ctx;
	const char *bridge;
	struct printer p;
};

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	struct monitor *m = data;
	struct lbr_neigh_event nev;
	struct lbr_guard_event gev;
	struct lbr_event ev;

	switch (lbr_genl_cmd(nlh)) {
	case LBRIDGE_CMD_FDB_EVENT:
		if (lbr_parse_event(nlh, &ev) || (m->bridge && strcmp(ev.fdb.master, m->bridge)))
			return 0;
		print_event(&m->p, &ev);
		break;
	case LBRIDGE_CMD_NEIGH_EVENT:
		if (lbr_parse_neigh_event(nlh, &nev) ||
		    (m->bridge && strcmp(nev.neigh.master, m->bridge)))
			return 0;
		print_neigh_event(&m->p, &nev);
		break;
	case LBRIDGE_CMD_GUARD_EVENT:
		if (lbr_parse_guard_event(nlh, &gev) || (m->bridge && strcmp(gev.master, m->bridge)))
			return 0;
		print_guard_event(&m->p, &gev);
		break;
	default:
		return 0;
	}
	/* Readers are often pipes (tests, grep): each event as it happens. */
	if (fflush(m->ctx->out))
		return -errno;
	return 0;
}

/*
 * A name that is no lbridge bridge would be waited on in silence: the
 * kernel is asked first, by name.
 */
static int check_bridge(struct ctx *ctx, struct nl *nl, const char *name)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req = ctx_request(ctx, buf, LBRIDGE_CMD_GET_BRIDGE);
	int err;

	lbr_put_bridge_name(req, name);
	err = nl_transact(nl, req, NULL, NULL, ctx->lineno);
	if (err == -ENODEV || err == -EINVAL)
		return fail(ctx, "%s: no such lbridge bridge", name);
	return err ? nl_error(ctx, nl, err) : 0;
}

int cmd_monitor(struct ctx *ctx, int argc, char **argv)
{
	struct monitor m = { .ctx = ctx };
	struct nl *nl;
	int err;

	if (argc == 2 && argv[1][0] == '-')
		return unknown_option(ctx, argv[1]);
	if (argc > 2)
		return usage_error(ctx, USAGE_MONITOR);
	m.bridge = argc == 2 ? argv[1] : NULL;
	nl = ctx_genl(ctx);
	if (!nl)
		return 1;
	if (m.bridge && check_bridge(ctx, nl, m.bridge))
		return 1;
	/* Every version this tool accepts has both: without one, it is broken. */
	if (!ctx->mcgrp_fdb)
		return fail(ctx, "the lbridge module has no \"%s\" event group", LBRIDGE_GENL_MCGRP_FDB);
	if (!ctx->mcgrp_neigh)
		return fail(ctx, "the lbridge module has no \"%s\" event group",
			    LBRIDGE_GENL_MCGRP_NEIGH);
	err = nl_sync(nl);
	if (err)
		return nl_error(ctx, nl, err);
	err = nl_join(nl, ctx->mcgrp_fdb);
	if (err)
		return fail(ctx, "cannot join the event group: %s", strerror(-err));
	err = nl_join(nl, ctx->mcgrp_neigh);
	if (err)
		return fail(ctx, "cannot join the neigh event group: %s", strerror(-err));
	/* A module without port security has no guard events to wait for. */
	if (ctx->mcgrp_guard) {
		err = nl_join(nl, ctx->mcgrp_guard);
		if (err)
			return fail(ctx, "cannot join the guard event group: %s", strerror(-err));
	}
	ctx_printer(ctx, &m.p);
	for (;;) {
		err = nl_listen(nl, event_cb, &m);
		/* Events came faster than we read them: say so, and go on. */
		if (err == -ENOBUFS) {
			fprintf(ctx->err, "lbrctl: events were lost (receive buffer overrun)\n");
			continue;
		}
		break;
	}
	if (err < 0)
		return fail(ctx, "%s", strerror(-err));
	return 0;
}
