// SPDX-License-Identifier: GPL-2.0
/*
 * lbrctl set BRIDGE ageing SECONDS | max-learned N | port-max-learned N |
 * max-static N | learning on|off ...: every pair goes into one request,
 * which the kernel checks in full before applying any of it.
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

/* The settings that take a number: each is a u32 attribute. */
static const struct {
	const char *key;
	uint16_t attr;
	uint32_t max;
	const char *unit;
} numbers[] = {
	{ "ageing", LBRIDGE_BRIDGE_A_AGEING_TIME, LBRIDGE_MAX_AGEING_TIME, " seconds" },
	{ "max-learned", LBRIDGE_BRIDGE_A_MAX_LEARNED, UINT32_MAX, "" },
	{ "port-max-learned", LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED, UINT32_MAX, "" },
	{ "max-static", LBRIDGE_BRIDGE_A_MAX_STATIC, UINT32_MAX, "" },
};

#define NUMBERS (sizeof(numbers) / sizeof(numbers[0]))

/* Its index in numbers[], or -1. */
static int number_setting(const char *key)
{
	for (size_t n = 0; n < NUMBERS; n++)
		if (!strcmp(key, numbers[n].key))
			return n;
	return -1;
}

int cmd_set(struct ctx *ctx, int argc, char **argv)
{
	bool has_number[NUMBERS] = { 0 }, has_learning = false, learning = false;
	uint32_t value[NUMBERS] = { 0 };
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	struct nlattr *nest;
	unsigned int bridge;
	struct nl *nl;
	int err;

	if (argc < 4 || argc % 2)
		return usage_error(ctx, USAGE_SET);
	for (int i = 2; i < argc; i += 2) {
		const char *key = argv[i], *val = argv[i + 1];
		int n = number_setting(key);
		bool *seen;

		if (n >= 0) {
			seen = &has_number[n];
			if (number(ctx, key, val, numbers[n].max, numbers[n].unit, &value[n]))
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
	nest = mnl_attr_nest_start(req, LBRIDGE_A_BRIDGE);
	mnl_attr_put_u32(req, LBRIDGE_BRIDGE_A_IFINDEX, bridge);
	for (size_t n = 0; n < NUMBERS; n++)
		if (has_number[n])
			mnl_attr_put_u32(req, numbers[n].attr, value[n]);
	if (has_learning)
		mnl_attr_put_u8(req, LBRIDGE_BRIDGE_A_LEARNING, learning);
	mnl_attr_nest_end(req, nest);
	err = nl_submit(nl, req, ctx->lineno);
	return err ? nl_error(ctx, nl, err) : 0;
}
