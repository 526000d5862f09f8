// SPDX-License-Identifier: GPL-2.0
/*
 * lbrctl set BRIDGE ageing SECONDS | max-learned N | port-max-learned N |
 * max-static N | learning on|off | neigh-suppress on|off | announce on|off |
 * max-neigh N | port-max-neigh N | guard|ra-guard|dhcp-guard on|off ...:
 * every pair goes into one request, which the kernel checks in full before
 * applying any of it.
 */
#include <stdint.h>

#include <libmnl/libmnl.h>

#include "lbrctl.h"
#include "settings.h"

static const struct setting bridge_settings[] = {
	{ "ageing", LBRIDGE_BRIDGE_A_AGEING_TIME, SETTING_NUMBER, LBRIDGE_MAX_AGEING_TIME,
	  " seconds" },
	{ "max-learned", LBRIDGE_BRIDGE_A_MAX_LEARNED, SETTING_NUMBER, UINT32_MAX, "" },
	{ "port-max-learned", LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED, SETTING_NUMBER, UINT32_MAX, "" },
	{ "max-static", LBRIDGE_BRIDGE_A_MAX_STATIC, SETTING_NUMBER, UINT32_MAX, "" },
	{ "learning", LBRIDGE_BRIDGE_A_LEARNING, SETTING_ON_OFF, 0, "" },
	{ "neigh-suppress", LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS, SETTING_ON_OFF, 0, "" },
	{ "announce", LBRIDGE_BRIDGE_A_ANNOUNCE, SETTING_ON_OFF, 0, "" },
	{ "max-neigh", LBRIDGE_BRIDGE_A_MAX_NEIGH, SETTING_NUMBER, UINT32_MAX, "" },
	{ "port-max-neigh", LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH, SETTING_NUMBER, UINT32_MAX, "" },
	/* What ports get as they join; those already in keep theirs. */
	{ "guard", LBRIDGE_BRIDGE_A_GUARD, SETTING_ON_OFF, 0, "" },
	{ "ra-guard", LBRIDGE_BRIDGE_A_RA_GUARD, SETTING_ON_OFF, 0, "" },
	{ "dhcp-guard", LBRIDGE_BRIDGE_A_DHCP_GUARD, SETTING_ON_OFF, 0, "" },
};

int cmd_set(struct ctx *ctx, int argc, char **argv)
{
	struct setting_value values[ARRAY_SIZE(bridge_settings)] = { 0 };
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	struct nlattr *nest;
	unsigned int bridge;
	struct nl *nl;
	int err;

	if (argc < 2)
		return usage_error(ctx, USAGE_SET);
	if (parse_settings(ctx, bridge_settings, ARRAY_SIZE(bridge_settings), values, argc - 2,
			   argv + 2, USAGE_SET))
		return 1;
	bridge = ctx_bridge_index(ctx, argv[1]);
	if (!bridge)
		return 1;
	nl = ctx_genl(ctx);
	if (!nl)
		return 1;
	req = ctx_request(ctx, buf, LBRIDGE_CMD_SET_BRIDGE);
	nest = mnl_attr_nest_start(req, LBRIDGE_A_BRIDGE);
	mnl_attr_put_u32(req, LBRIDGE_BRIDGE_A_IFINDEX, bridge);
	put_settings(req, bridge_settings, ARRAY_SIZE(bridge_settings), values);
	mnl_attr_nest_end(req, nest);
	err = nl_submit(nl, req, ctx->lineno);
	return err ? nl_error(ctx, nl, err) : 0;
}
