// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>

#include <json-c/json.h>

#include "test.h"

/* One document filling s[0..len) but for blanks; NULL if not. */
static struct json_object *parse_one(const char *s, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;
	size_t end;

	if (!tok)
		abort();
	o = json_tokener_parse_ex(tok, s, len);
	end = tok->char_offset;
	json_tokener_free(tok);
	for (; o && end < len; end++) {
		if (!strchr(" \t\n", s[end])) {
			json_object_put(o);
			return NULL;
		}
	}
	return o;
}

static bool subset_of(struct json_object *want, struct json_object *got)
{
	if (json_object_is_type(want, json_type_object)) {
		if (!json_object_is_type(got, json_type_object))
			return false;
		json_object_object_foreach(want, key, val) {
			struct json_object *g;

			if (!json_object_object_get_ex(got, key, &g) || !subset_of(val, g))
				return false;
		}
		return true;
	}
	if (json_object_is_type(want, json_type_array)) {
		size_t n = json_object_array_length(want);

		if (!json_object_is_type(got, json_type_array) || json_object_array_length(got) != n)
			return false;
		for (size_t i = 0; i < n; i++)
			if (!subset_of(json_object_array_get_idx(want, i),
				       json_object_array_get_idx(got, i)))
				return false;
		return true;
	}
	return json_object_equal(want, got);
}

static bool same_doc(const char *got, size_t glen, const char *want, size_t wlen, bool subset)
{
	struct json_object *g = parse_one(got, glen), *w = parse_one(want, wlen);
	bool same = g && w && (subset ? subset_of(w, g) : json_object_equal(w, g));

	json_object_put(g);
	json_object_put(w);
	return same;
}

bool json_same(const char *got, const char *want, bool lines, bool subset)
{
	if (!got)
		return false;
	if (!lines)
		return same_doc(got, strlen(got), want, strlen(want), subset);
	for (;;) {
		const char *gn = strchr(got, '\n'), *wn = strchr(want, '\n');

		if (!gn || !wn)
			return !gn && !wn && !*got && !*want;
		if (!same_doc(got, gn - got, want, wn - want, subset))
			return false;
		got = gn + 1;
		want = wn + 1;
	}
}

static bool failed;

void t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	failed = true;
	printf("#   %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int main(void)
{
	static const struct {
		const char *name;
		const struct test *tests;
	} suites[] = {
		{ "parse", parse_tests },
		{ "print", print_tests },
		{ "netlink", netlink_tests },
		{ "cli", cli_tests },
		{ "netns-fdb", netns_fdb_tests },
		{ "neigh", neigh_tests },
		{ "link", link_tests },
		{ "guard", guard_tests },
	};
	int passed = 0, nfailed = 0;

	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		for (const struct test *t = suites[i].tests; t->name; t++) {
			failed = false;
			/* The failure's details come first, so flush the order. */
			fflush(stdout);
			t->fn();
			printf("%s - %s: %s\n", failed ? "not ok" : "ok", suites[i].name, t->name);
			if (failed)
				nfailed++;
			else
				passed++;
		}
	}
	printf("%d passed, %d failed\n", passed, nfailed);
	return nfailed ? 1 : 0;
}
