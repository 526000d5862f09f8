/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny test harness: each test is a void function that returns at its
 * first failed CHECK; tests/main.c runs the tables and prints one line per
 * test and "N passed, N failed".
 */
#ifndef LBRCTL_TEST_H
#define LBRCTL_TEST_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct test {
	const char *name;
	void (*fn)(void);
};

#define TEST(fn) { #fn, fn }

void t_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define CHECK(c)                                                              \
	do {                                                                  \
		if (!(c)) {                                                   \
			t_fail(__FILE__, __LINE__, "%s", #c);                 \
			return;                                               \
		}                                                             \
	} while (0)

#define CHECK_INT(a, b)                                                       \
	do {                                                                  \
		long long _a = (a), _b = (b);                                 \
		if (_a != _b) {                                               \
			t_fail(__FILE__, __LINE__, "%s is %lld, expected %lld", \
			       #a, _a, _b);                                   \
			return;                                               \
		}                                                             \
	} while (0)

#define CHECK_STR(a, b)                                                       \
	do {                                                                  \
		const char *_a = (a), *_b = (b);                              \
		if (!_a || strcmp(_a, _b)) {                                  \
			t_fail(__FILE__, __LINE__, "%s is\n[%s]\nexpected\n[%s]", \
			       #a, _a ? _a : "(null)", _b);                   \
			return;                                               \
		}                                                             \
	} while (0)

/* The haystack contains the needle. */
#define CHECK_HAS(a, b)                                                       \
	do {                                                                  \
		const char *_a = (a), *_b = (b);                              \
		if (!_a || !strstr(_a, _b)) {                                 \
			t_fail(__FILE__, __LINE__, "%s is\n[%s]\nwhich lacks\n[%s]", \
			       #a, _a ? _a : "(null)", _b);                   \
			return;                                               \
		}                                                             \
	} while (0)

/*
 * JSON compared as values, not as the text one json-c version lays out:
 * got is one document (lines false) or one per line (lines true), each
 * equal to want's. With subset, got's objects may have members want's
 * lack (counters added to the header later).
 */
bool json_same(const char *got, const char *want, bool lines, bool subset);

#define CHECK_JSON_(a, b, lines, subset)                                      \
	do {                                                                  \
		const char *_a = (a), *_b = (b);                              \
		if (!json_same(_a, _b, lines, subset)) {                      \
			t_fail(__FILE__, __LINE__,                            \
			       "%s is\n[%s]\nnot the same JSON as\n[%s]", #a,  \
			       _a ? _a : "(null)", _b);                       \
			return;                                               \
		}                                                             \
	} while (0)
#define CHECK_JSON(a, b) CHECK_JSON_(a, b, false, false)
#define CHECK_JSON_LINES(a, b) CHECK_JSON_(a, b, true, false)
#define CHECK_JSON_SUBSET(a, b) CHECK_JSON_(a, b, false, true)

/* Output captured in memory, to compare as a string. */
struct capture {
	char *buf;
	size_t len;
	FILE *f;
};

static inline FILE *cap_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	return c->f;
}

/* The text so far; valid until cap_close(). */
static inline const char *cap_str(struct capture *c)
{
	fflush(c->f);
	return c->buf;
}

static inline void cap_close(struct capture *c)
{
	fclose(c->f);
	free(c->buf);
}

/*
 * What the tests take for /run/netns (from tools/, where they run): lbt-c2
 * and zz-same-as-lbt-c2 are nsid 0, c5 nsid 5, no-id has none.
 */
#define NETNS_DIR "tests/netns"

extern const struct test parse_tests[];
extern const struct test print_tests[];
extern const struct test netlink_tests[];
extern const struct test cli_tests[];
extern const struct test netns_fdb_tests[];
extern const struct test neigh_tests[];
extern const struct test link_tests[];
extern const struct test guard_tests[];

#endif
