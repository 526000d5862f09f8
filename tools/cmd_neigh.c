// SPDX-License-Identifier: GPL-2.0
/*
 * lbrctl neigh show [BRIDGE] [dev PORT] and lbrctl who-has IP [BRIDGE]:
 * the IP bindings the bridges learned from ARP, ND and DHCP.
 */
#include <stdlib.h>
#include <string.h>

#include "lbrctl.h"
#include "parse.h"

static void print_bindings(struct ctx *ctx, const struct lbr_neigh *v, unsigned int n)
{
	struct printer p;

	ctx_printer(ctx, &p);
	pr_open_array(&p, NULL);
	for (unsigned int i = 0; i < n; i++)
		print_neigh(&p, &v[i], ctx->stats);
	pr_close_array(&p);
}

/* The bridge a port belongs to, asked of the kernel: 0 after reporting. */
static uint32_t bridge_of(struct ctx *ctx, const char *port_name, uint32_t port)
{
	struct lbr_port found;

	return collect_port(ctx, port_name, port, &found) ? 0 : found.master_ifindex;
}

/* neigh show [BRIDGE] [dev PORT]: without a bridge, every bridge's bindings. */
static int neigh_show(struct ctx *ctx, int argc, char **argv)
{
	const char *bridge_name = NULL, *port_name = NULL;
	uint32_t bridge = 0, port = 0;
	struct lbr_neigh *v;
	unsigned int n;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "dev") && i + 1 < argc && !port_name)
			port_name = argv[++i];
		else if (!strcmp(argv[i], "dev"))
			return usage_error(ctx, USAGE_NEIGH_SHOW);
		else if (argv[i][0] == '-')
			return unknown_option(ctx, argv[i]);
		else if (i == 1)
			bridge_name = argv[i];
		else
			return usage_error(ctx, USAGE_NEIGH_SHOW);
	}
	if (bridge_name && !(bridge = ctx_bridge_index(ctx, bridge_name)))
		return 1;
	if (port_name && !(port = ctx_port_index(ctx, port_name)))
		return 1;
	/* A port alone: its bridge's dump, filtered by the kernel. */
	if (port && !bridge && !(bridge = bridge_of(ctx, port_name, port)))
		return 1;
	if (collect_neigh(ctx, bridge, port, NULL, &v, &n))
		return 1;
	print_bindings(ctx, v, n);
	free(v);
	return 0;
}

static const struct command neigh_commands[] = {
	{ "show", neigh_show, { USAGE_NEIGH_SHOW } },
};

int cmd_neigh(struct ctx *ctx, int argc, char **argv)
{
	return run_command(ctx, "neigh ", neigh_commands, ARRAY_SIZE(neigh_commands), argc - 1,
			   argv + 1);
}

/*
 * who-has IP [BRIDGE]: where that address lives, a line per bridge that
 * has a binding for it (each bridge has one at most). Nobody: status 1.
 */
int cmd_who_has(struct ctx *ctx, int argc, char **argv)
{
	struct lbr_neigh addr = { 0 }, *v;
	char text[IP_STRLEN];
	uint32_t bridge = 0;
	unsigned int n;

	if (argc == 2 && argv[1][0] == '-')
		return unknown_option(ctx, argv[1]);
	if (argc != 2 && argc != 3)
		return usage_error(ctx, USAGE_WHO_HAS);
	if (parse_ip(argv[1], &addr.family, addr.addr))
		return lbr_err(ctx, "\"%s\" is not an IP address (IPv4 dotted quad or IPv6)",
			       argv[1]);
	if (argc == 3 && !(bridge = ctx_bridge_index(ctx, argv[2])))
		return 1;
	if (collect_neigh(ctx, bridge, 0, &addr, &v, &n))
		return 1;
	if (!n) {
		free(v);
		format_ip(addr.family, addr.addr, text);
		if (bridge)
			return lbr_err(ctx, "nobody has %s on %s", text, argv[2]);
		return lbr_err(ctx, "nobody has %s on any bridge", text);
	}
	print_bindings(ctx, v, n);
	free(v);
	return 0;
}
