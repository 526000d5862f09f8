// SPDX-License-Identifier: GPL-2.0
/*
 * lbrctl: inspect and configure lbridge bridges.
 */
#include <stdio.h>
#include <string.h>

#include "version.h"

static void usage(FILE *out)
{
	fprintf(out, "Usage: lbrctl [help | --version]\n");
}

int main(int argc, char *argv[])
{
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("lbrctl %s\n", LBRIDGE_VERSION);
		return 0;
	}
	if (argc == 2 && (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return 1;
}
