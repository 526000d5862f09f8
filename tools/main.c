// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "lbrctl.h"

int main(int argc, char *argv[])
{
	struct ctx ctx;
	int ret;

	ctx_init(&ctx);
	ret = lbrctl_main(&ctx, argc - 1, argv + 1);
	ctx_fini(&ctx);
	/* A full disk or a closed pipe must not pass for success. */
	if (fflush(stdout) || ferror(stdout)) {
		perror("lbrctl: stdout");
		ret = 1;
	}
	return ret;
}
