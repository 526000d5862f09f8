/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KEY VALUE pairs of set and port set: each key names an attribute of the
 * object's nest, with a number (u32), on|off (u8) or text (a string) value.
 * Every pair is checked before anything is sent; a key given twice is
 * refused.
 */
#ifndef LBRCTL_SETTINGS_H
#define LBRCTL_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ctx;
struct nlmsghdr;

enum setting_kind {
	SETTING_NUMBER,			/* up to max */
	SETTING_ON_OFF,
	SETTING_TEXT,			/* up to max bytes; "" is sent as is */
};

struct setting {
	const char *key;
	uint16_t attr;
	enum setting_kind kind;
	uint32_t max;
	const char *unit;		/* in "at most N<unit>" */
};

struct setting_value {
	bool given;
	uint32_t value;
	const char *text;		/* SETTING_TEXT: the argument itself */
};

/*
 * Parses argc/argv as KEY VALUE pairs of the table into values (n of
 * them, zeroed by the caller). 0, or 1 after reporting what is wrong.
 */
int parse_settings(struct ctx *ctx, const struct setting *table, size_t n,
		   struct setting_value *values, int argc, char **argv, const char *usage);
/* The given values, as attributes of the open nest. */
void put_settings(struct nlmsghdr *req, const struct setting *table, size_t n,
		  const struct setting_value *values);

#endif
