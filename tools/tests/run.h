/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whole command lines through lbrctl_main() against the fake kernel, as
 * the suites that test commands run them.
 */
#ifndef LBRCTL_TEST_RUN_H
#define LBRCTL_TEST_RUN_H

#include <stdarg.h>

#include "lbrctl.h"
#include "test.h"

/* The output of the last run, valid until the next one. */
extern struct capture run_out, run_err;

/*
 * Runs "lbrctl ARGS..." (first, then ap, up to a NULL) with the fake
 * kernel, its name tables and NETNS_DIR; setup(ctx), if not NULL, may
 * then change the context. The exit status.
 */
int run_lbrctl(void (*setup)(struct ctx *ctx), const char *first, va_list ap);

/*
 * A suite's lbrctl("ARG", ..., NULL): run_lbrctl() with its setup; the
 * output is in OUT and ERR.
 */
#define DEFINE_LBRCTL(setup)                                                  \
	static int lbrctl(const char *first, ...)                             \
	{                                                                     \
		va_list ap;                                                   \
		int rc;                                                       \
									      \
		va_start(ap, first);                                          \
		rc = run_lbrctl(setup, first, ap);                            \
		va_end(ap);                                                   \
		return rc;                                                    \
	}

#define OUT cap_str(&run_out)
#define ERR cap_str(&run_err)

#endif
