// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>

#include "test.h"

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
