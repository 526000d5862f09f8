// SPDX-License-Identifier: GPL-2.0
/*
 * lbrctl show [BRIDGE]: each bridge's settings, then one line per port
 * with its main counters (every counter with -s).
 */
#include "lbrctl.h"

int cmd_show(struct ctx *ctx, int argc, char **argv)
{
	struct lbr_bridge *v;
	struct printer p;
	unsigned int n;

	if (argc == 2 && argv[1][0] == '-')
		return unknown_option(ctx, argv[1]);
	if (argc > 2)
		return usage_error(ctx, USAGE_SHOW);
	if (collect_bridges(ctx, argc == 2 ? argv[1] : NULL, &v, &n))
		return 1;
	name_peers(ctx, v, n);
	ctx_printer(ctx, &p);
	pr_open_array(&p, NULL);
	for (unsigned int i = 0; i < n; i++)
		print_bridge(&p, &v[i], ctx->stats);
	pr_close_array(&p);
	free_bridges(v, n);
	return 0;
}
