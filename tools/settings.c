// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "lbrctl.h"
#include "parse.h"
#include "settings.h"

/* The value after a keyword, or an error naming the keyword. */
static int parse_value(struct ctx *ctx, const struct setting *s, const char *val, uint32_t *out)
{
	size_t len;
	bool on;
	int err;

	if (s->kind == SETTING_TEXT) {
		len = strlen(val);
		if (len > s->max)
			return lbr_err(ctx, "%s must be at most %u bytes, not %zu", s->key, s->max,
				       len);
		return 0;
	}
	if (s->kind == SETTING_ON_OFF) {
		if (parse_on_off(val, &on))
			return lbr_err(ctx, "%s must be on or off, not \"%s\"", s->key, val);
		*out = on;
		return 0;
	}
	err = parse_u32(val, s->max, out);
	if (err == -ERANGE)
		return lbr_err(ctx, "%s must be at most %u%s", s->key, s->max, s->unit);
	if (err)
		return lbr_err(ctx, "%s: \"%s\" is not a number", s->key, val);
	return 0;
}

int parse_settings(struct ctx *ctx, const struct setting *table, size_t n,
		   struct setting_value *values, int argc, char **argv, const char *usage)
{
	if (argc < 2 || argc % 2)
		return usage_error(ctx, usage);
	for (int i = 0; i < argc; i += 2) {
		size_t k;

		for (k = 0; k < n && strcmp(argv[i], table[k].key); k++)
			;
		if (k == n) {
			lbr_err(ctx, "unknown setting \"%s\"", argv[i]);
			return usage_error(ctx, usage);
		}
		if (parse_value(ctx, &table[k], argv[i + 1], &values[k].value))
			return 1;
		values[k].text = argv[i + 1];
		/* Which of two values was meant? Refuse to guess. */
		if (values[k].given)
			return lbr_err(ctx, "%s is given twice", argv[i]);
		values[k].given = true;
	}
	return 0;
}

void put_settings(struct nlmsghdr *req, const struct setting *table, size_t n,
		  const struct setting_value *values)
{
	for (size_t k = 0; k < n; k++) {
		if (!values[k].given)
			continue;
		if (table[k].kind == SETTING_TEXT)
			mnl_attr_put_strz(req, table[k].attr, values[k].text);
		else if (table[k].kind == SETTING_ON_OFF)
			mnl_attr_put_u8(req, table[k].attr, values[k].value);
		else
			mnl_attr_put_u32(req, table[k].attr, values[k].value);
	}
}
