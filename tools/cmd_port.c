// SPDX-License-Identifier: GPL-2.0
/*
 * lbrctl port set PORT learning|flood|mcast_flood|bcast_flood|hairpin|
 * isolated|neigh-suppress on|off | label TEXT ...: a port's own settings,
 * in one request like set; the flags keyed as iproute2's bridge link set
 * keys them.
 */
#include <libmnl/libmnl.h>

#include "lbrctl.h"
#include "settings.h"

static const struct setting port_settings[] = {
	{ "learning", LBRIDGE_PORT_A_LEARNING, SETTING_ON_OFF, 0, "" },
	{ "flood", LBRIDGE_PORT_A_FLOOD, SETTING_ON_OFF, 0, "" },
	{ "mcast_flood", LBRIDGE_PORT_A_MCAST_FLOOD, SETTING_ON_OFF, 0, "" },
	{ "bcast_flood", LBRIDGE_PORT_A_BCAST_FLOOD, SETTING_ON_OFF, 0, "" },
	{ "hairpin", LBRIDGE_PORT_A_HAIRPIN, SETTING_ON_OFF, 0, "" },
	{ "isolated", LBRIDGE_PORT_A_ISOLATED, SETTING_ON_OFF, 0, "" },
	{ "neigh-suppress", LBRIDGE_PORT_A_NEIGH_SUPPRESS, SETTING_ON_OFF, 0, "" },
	/* Empty: no label. */
	{ "label", LBRIDGE_PORT_A_LABEL, SETTING_TEXT, LBRIDGE_LABEL_MAX, "" },
};

static int port_set(struct ctx *ctx, int argc, char **argv)
{
	struct setting_value values[ARRAY_SIZE(port_settings)] = { 0 };
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	struct nlattr *nest;
	unsigned int port;
	struct nl *nl;
	int err;

	if (argc < 2)
		return usage_error(ctx, USAGE_PORT_SET);
	if (parse_settings(ctx, port_settings, ARRAY_SIZE(port_settings), values, argc - 2,
			   argv + 2, USAGE_PORT_SET))
		return 1;
	port = ctx_port_index(ctx, argv[1]);
	if (!port)
		return 1;
	nl = ctx_genl(ctx);
	if (!nl)
		return 1;
	req = ctx_request(ctx, buf, LBRIDGE_CMD_SET_PORT);
	nest = mnl_attr_nest_start(req, LBRIDGE_A_PORT);
	mnl_attr_put_u32(req, LBRIDGE_PORT_A_IFINDEX, port);
	put_settings(req, port_settings, ARRAY_SIZE(port_settings), values);
	mnl_attr_nest_end(req, nest);
	err = nl_submit(nl, req, ctx->lineno);
	return err ? nl_error(ctx, nl, err) : 0;
}

static const struct command port_commands[] = {
	{ "set", port_set, { USAGE_PORT_SET } },
};

int cmd_port(struct ctx *ctx, int argc, char **argv)
{
	return run_command(ctx, "port ", port_commands, ARRAY_SIZE(port_commands), argc - 1,
			   argv + 1);
}
