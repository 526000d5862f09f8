// SPDX-License-Identifier: GPL-2.0
/*
 * lbrctl fdb show | get | add | del | flush: the forwarding database.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "lbrctl.h"
#include "parse.h"

/*
 * fdb show [BRIDGE [dev PORT]]: without a bridge, every bridge's entries.
 * All of them are collected before the first is printed: a failure prints
 * nothing.
 */
static int fdb_show(struct ctx *ctx, int argc, char **argv)
{
	unsigned int bridge = 0, port = 0, nb = 1, count = 0;
	struct fdb_listing *lv = NULL;
	struct lbr_bridge *bv = NULL;
	struct printer p;
	struct nl *nl;
	int err = 0;

	if (argc > 4 || argc == 3 || (argc == 4 && strcmp(argv[2], "dev")))
		return usage_error(ctx, USAGE_FDB_SHOW);
	if (argc == 1) {
		if (collect_bridge_list(ctx, &bv, &nb))
			return 1;
	} else {
		bridge = ctx_bridge_index(ctx, argv[1]);
		if (!bridge)
			return 1;
		if (argc == 4 && !(port = ctx_port_index(ctx, argv[3])))
			return 1;
	}
	nl = ctx_genl(ctx);
	if (!nl) {
		free_bridges(bv, bv ? nb : 0);
		return 1;
	}
	lv = calloc(nb ? nb : 1, sizeof(*lv));
	if (!lv)
		err = -ENOMEM;
	for (unsigned int i = 0; !err && i < nb; i++) {
		err = collect_fdb_listing(ctx, nl, bv ? bv[i].ifindex : bridge, port,
					  &lv[count++]);
		/* Deleted since the list of bridges: it simply is no more. */
		if (err == -ENODEV && bv) {
			free_fdb_listing(&lv[--count]);
			err = 0;
		}
	}
	free_bridges(bv, bv ? nb : 0);
	if (!err) {
		ctx_printer(ctx, &p);
		pr_open_array(&p, NULL);
		for (unsigned int i = 0; i < count; i++)
			print_fdb_listing(&p, &lv[i], ctx->stats);
		pr_close_array(&p);
	}
	for (unsigned int i = 0; lv && i < count; i++)
		free_fdb_listing(&lv[i]);
	free(lv);
	return err ? table_failed(ctx, nl, err) : 0;
}

/*
 * fdb get MAC [BRIDGE]: where a MAC lives, on one line: MAC, port,
 * bridge, state (named even when learned) and age. One MAC is one entry
 * per bridge, so without BRIDGE there is a line per bridge that has it.
 */
static int fdb_get(struct ctx *ctx, int argc, char **argv)
{
	char text[MAC_STRLEN];
	uint8_t mac[ETH_ALEN];
	unsigned int bridge, n, found = 0;
	struct lbr_fdb *v;
	struct printer p;

	if (argc != 2 && argc != 3)
		return usage_error(ctx, USAGE_FDB_GET);
	if (parse_mac(argv[1], mac))
		return lbr_err(ctx, "\"%s\" is not a MAC address (six hex pairs separated by ':')",
			       argv[1]);
	if (argc == 3) {
		bridge = ctx_bridge_index(ctx, argv[2]);
		if (!bridge || collect_fdb(ctx, bridge, 0, &v, &n))
			return 1;
	} else if (collect_fdb_all(ctx, &v, &n)) {
		return 1;
	}
	for (unsigned int i = 0; i < n; i++)
		found += !memcmp(v[i].mac, mac, ETH_ALEN);
	if (!found) {
		free(v);
		format_mac(mac, text);
		if (argc == 3)
			return lbr_err(ctx, "%s is not in the table of %s", text, argv[2]);
		return lbr_err(ctx, "%s is in no bridge's table", text);
	}
	ctx_printer(ctx, &p);
	pr_open_array(&p, NULL);
	for (unsigned int i = 0; i < n; i++) {
		const struct lbr_fdb *e = &v[i];

		if (memcmp(e->mac, mac, ETH_ALEN))
			continue;
		format_mac(e->mac, text);
		pr_open_object(&p, NULL);
		pr_string(&p, "mac", "%s", text);
		pr_name(&p, "ifname", " dev %s", e->port[0] ? e->port : e->master);
		pr_name(&p, "master", " master %s", e->master);
		pr_string(&p, "state", " %s", fdb_state_name(e->state));
		pr_ms_as_seconds(&p, "age", " age %ss", e->age_ms);
		if (e->label[0])
			pr_label(&p, "label", " label %s", e->label);
		pr_text(&p, "\n");
		pr_close_object(&p);
	}
	pr_close_array(&p);
	free(v);
	return 0;
}

/* fdb add|del MAC dev PORT: one request, pipelined in -batch. */
static int fdb_change(struct ctx *ctx, int argc, char **argv, uint8_t cmd, const char *usage)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	uint8_t mac[ETH_ALEN];
	struct nlattr *nest;
	unsigned int port;
	struct nl *nl;
	int err;

	if (argc != 4 || strcmp(argv[2], "dev"))
		return usage_error(ctx, usage);
	if (parse_mac(argv[1], mac))
		return lbr_err(ctx, "\"%s\" is not a MAC address (six hex pairs separated by ':')",
			       argv[1]);
	if (!mac_is_valid_unicast(mac))
		return lbr_err(ctx, "MAC address is not valid unicast");
	port = ctx_port_index(ctx, argv[3]);
	if (!port)
		return 1;
	nl = ctx_genl(ctx);
	if (!nl)
		return 1;
	req = ctx_request(ctx, buf, cmd);
	lbr_put_port(req, port);
	nest = mnl_attr_nest_start(req, LBRIDGE_A_FDB);
	mnl_attr_put(req, LBRIDGE_FDB_A_MAC, ETH_ALEN, mac);
	mnl_attr_nest_end(req, nest);
	err = nl_submit(nl, req, ctx->lineno);
	return err ? nl_error(ctx, nl, err) : 0;
}

static int fdb_flush(struct ctx *ctx, int argc, char **argv)
{
	unsigned int bridge, port = 0;
	const char *port_name = NULL;
	bool dynamic = false;
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	struct nl *nl;
	int err;

	if (argc < 2)
		return usage_error(ctx, USAGE_FDB_FLUSH);
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "dev") && i + 1 < argc && !port_name) {
			port_name = argv[++i];
		} else if (!strcmp(argv[i], "dynamic") && !dynamic) {
			dynamic = true;
		} else {
			return usage_error(ctx, USAGE_FDB_FLUSH);
		}
	}
	bridge = ctx_bridge_index(ctx, argv[1]);
	if (!bridge)
		return 1;
	if (port_name && !(port = ctx_port_index(ctx, port_name)))
		return 1;
	nl = ctx_genl(ctx);
	if (!nl)
		return 1;
	req = ctx_request(ctx, buf, LBRIDGE_CMD_FLUSH_FDB);
	lbr_put_bridge(req, bridge);
	if (port)
		lbr_put_port(req, port);
	if (dynamic)
		mnl_attr_put_u32(req, LBRIDGE_A_FLUSH_FLAGS, LBRIDGE_FLUSH_F_DYNAMIC);
	err = nl_submit(nl, req, ctx->lineno);
	return err ? nl_error(ctx, nl, err) : 0;
}

static int fdb_add(struct ctx *ctx, int argc, char **argv)
{
	return fdb_change(ctx, argc, argv, LBRIDGE_CMD_NEW_FDB, USAGE_FDB_ADD);
}

static int fdb_del(struct ctx *ctx, int argc, char **argv)
{
	return fdb_change(ctx, argc, argv, LBRIDGE_CMD_DEL_FDB, USAGE_FDB_DEL);
}

static const struct command fdb_commands[] = {
	{ "show", fdb_show, { USAGE_FDB_SHOW } },
	{ "get", fdb_get, { USAGE_FDB_GET } },
	{ "add", fdb_add, { USAGE_FDB_ADD } },
	{ "del", fdb_del, { USAGE_FDB_DEL } },
	{ "flush", fdb_flush, { USAGE_FDB_FLUSH } },
};

int cmd_fdb(struct ctx *ctx, int argc, char **argv)
{
	return run_command(ctx, "fdb ", fdb_commands, ARRAY_SIZE(fdb_commands), argc - 1, argv + 1);
}
