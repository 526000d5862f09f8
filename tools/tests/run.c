// SPDX-License-Identifier: GPL-2.0
#include "fake_kernel.h"
#include "run.h"

struct capture run_out, run_err;
static bool open_captures;

int run_lbrctl(void (*setup)(struct ctx *ctx), const char *first, va_list ap)
{
	char *argv[32];
	struct ctx ctx;
	int argc = 0, rc;

	for (const char *a = first; a && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	argv[argc] = NULL;
	if (open_captures) {
		cap_close(&run_out);
		cap_close(&run_err);
	}
	open_captures = true;
	ctx_init(&ctx);
	ctx.transport = &fake_transport;
	ctx.nametoindex = fake_nametoindex;
	ctx.indextoname = fake_indextoname;
	ctx.netns_dir = NETNS_DIR;
	if (setup)
		setup(&ctx);
	ctx.out = cap_open(&run_out);
	ctx.err = cap_open(&run_err);
	rc = lbrctl_main(&ctx, argc, argv);
	ctx_fini(&ctx);
	return rc;
}
