// SPDX-License-Identifier: GPL-2.0
/*
 * lbrctl set BRIDGE ageing SECONDS | max-learned N | learning on|off ...:
 * every pair goes into one request, which the kernel checks in full
 * before applying any of it.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "lbrctl.h"

/* The number after a keyword, or an error naming the keyword. */
static int number(struct ctx *ctx, const char *key, const char *s, uint32_t max,
		  const char *unit, uint32_t *out)
{
	int err = parse_u32(s, max, out);

	if (err == -ERANGE)
		return error(ctx, "%s must be at most %u%s", key, max, unit);
	if (err)
		return error(ctx, "%s: \"%s\" is not a number", key, s);
	return 0;
}

int cmd_set(struct ctx *ctx, int argc, char **argv)
{
	bool has_ageing = false, has_max = false, has_learning = false, learning = false;
	uint32_t ageing = 0, max_learned = 0;
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	unsigned int bridge;
	struct nl *nl;
	int err;

	if (argc < 4 || argc % 2)
		return usage_error(ctx, USAGE_SET);
	for (int i = 2; i < argc; i += 2) {
		const char *key = argv[i], *val = argv[i + 1];
		bool *seen;

		if (!strcmp(key, "ageing")) {
			seen = &has_ageing;
			if (number(ctx, key, val, LBRIDGE_MAX_AGEING_TIME, " seconds", &ageing))
				return 1;
		} else if (!strcmp(key, "max-learned")) {
			seen = &has_max;
			if (number(ctx, key, val, UINT32_MAX, "", &max_learned))
				return 1;
		} else if (!strcmp(key, "learning")) {
			seen = &has_learning;
			if (parse_on_off(val, &learning))
				return error(ctx, "learning must be on or off, not \"%s\"", val);
		} else {
			error(ctx, "unknown setting \"%s\"", key);
			return usage_error(ctx, USAGE_SET);
		}
		/* Which of two values was meant? Refuse to guess. */
		if (*seen)
			return error(ctx, "%s is given twice", key);
		*seen = true;
	}
	bridge = ctx_bridge_index(ctx, argv[1]);
	if (!bridge)
		return 1;
	nl = ctx_genl(ctx);
	if (!nl)
		return 1;
	req = ctx_request(ctx, buf, LBRIDGE_CMD_SET_BRIDGE);
	mnl_attr_put_u32(req, LBRIDGE_A_IFINDEX, bridge);
	if (has_ageing)
		mnl_attr_put_u32(req, LBRIDGE_A_AGEING_TIME, ageing);
	if (has_max)
		mnl_attr_put_u32(req, LBRIDGE_A_MAX_LEARNED, max_learned);
	if (has_learning)
		mnl_attr_put_u8(req, LBRIDGE_A_LEARNING, learning);
	err = nl_submit(nl, req, ctx->lineno);
	return err ? nl_error(ctx, nl, err) : 0;
}
