// SPDX-License-Identifier: GPL-2.0
/*
 * lbrctl: inspect and configure lbridge bridges. This file holds what is
 * common to every command: options, the command table, -batch, error
 * reports, and the lazily opened netlink socket. main() is in main.c, so
 * that the unit tests can link everything else.
 */
#define _GNU_SOURCE		/* setns() */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/lbridge.h>

#include "lbrctl.h"
#include "parse.h"
#include "version.h"

/* --- Reports ------------------------------------------------------------- */

static void vreport(struct ctx *ctx, const char *prefix, const char *fmt, va_list ap)
{
	fputs(prefix, ctx->err);
	vfprintf(ctx->err, fmt, ap);
	fputc('\n', ctx->err);
}

int lbr_err(struct ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(ctx, "Error: ", fmt, ap);
	va_end(ap);
	return 1;
}

/* In -batch the caller prefixes "lbrctl: line N: " to every report. */
int fail(struct ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(ctx, ctx->batch ? "" : "lbrctl: ", fmt, ap);
	va_end(ap);
	return 1;
}

int nl_error(struct ctx *ctx, struct nl *nl, int err)
{
	if (ctx->batch && nl->err_cookie)
		ctx->err_line = nl->err_cookie;
	if (nl->errmsg[0])
		return lbr_err(ctx, "%s", nl->errmsg);
	/* genetlink's GENL_ADMIN_PERM check fails before any extack is set. */
	if (err == -EPERM)
		return lbr_err(ctx, "permission denied (changes need CAP_NET_ADMIN)");
	return lbr_err(ctx, "%s", strerror(-err));
}

int usage_error(struct ctx *ctx, const char *usage)
{
	fprintf(ctx->err, "Usage: lbrctl %s\n", usage);
	return 1;
}

int unknown_option(struct ctx *ctx, const char *opt)
{
	return fail(ctx, "unknown option \"%s\"; see \"lbrctl help\"", opt);
}

/* --- Context ------------------------------------------------------------- */

static int setns_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return -errno;
	if (setns(fd, CLONE_NEWNET))
		err = -errno;
	close(fd);
	return err;
}

void ctx_init(struct ctx *ctx)
{
	*ctx = (struct ctx){
		.out = stdout,
		.err = stderr,
		.transport = &nl_socket_transport,
		.nametoindex = if_nametoindex,
		.indextoname = if_indextoname,
		.enter_netns = setns_path,
		.netns_dir = "/run/netns",
	};
}

/*
 * As `ip -n NAME`: the names `ip netns add` made under /run/netns. Every
 * socket and name lookup comes after this, so all of them are in NAME.
 */
int ctx_enter_netns(struct ctx *ctx, const char *name)
{
	char path[sizeof("/run/netns/") + NAME_MAX];
	int err;

	/* A name, not a path: "../..", "a/b" or "" would name something else. */
	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..") ||
	    strlen(name) > NAME_MAX)
		return lbr_err(ctx, "\"%s\" is not a network namespace name", name);
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	err = ctx->enter_netns(path);
	if (err == -ENOENT)
		return lbr_err(ctx, "no network namespace named %s (no %s; see ip netns list)",
			       name, path);
	if (err == -EPERM || err == -EACCES)
		return lbr_err(ctx, "cannot enter network namespace %s: %s (needs CAP_SYS_ADMIN)",
			       name, strerror(-err));
	if (err == -EINVAL)
		return lbr_err(ctx, "%s is not a network namespace", path);
	if (err)
		return lbr_err(ctx, "cannot enter network namespace %s: %s", name, strerror(-err));
	return 0;
}

void ctx_fini(struct ctx *ctx)
{
	nl_close(ctx->genl);
	ctx->genl = NULL;
	free(ctx->netns);
	ctx->netns = NULL;
	ctx->nnetns = ctx->netns_cap = 0;
	ctx->netns_resolved = false;
}

void ctx_printer(struct ctx *ctx, struct printer *p)
{
	pr_init(p, ctx->out, ctx->json, ctx->pretty);
}

struct nl *ctx_genl(struct ctx *ctx)
{
	static const char *const groups[] = { LBRIDGE_GENL_MCGRP_FDB, LBRIDGE_GENL_MCGRP_NEIGH,
					      LBRIDGE_GENL_MCGRP_GUARD };
	uint32_t version = 0, grps[ARRAY_SIZE(groups)] = { 0 };
	struct nl *nl;
	int err;

	if (ctx->genl)
		return ctx->genl;
	nl = nl_open(ctx->transport, NETLINK_GENERIC);
	if (!nl) {
		fail(ctx, "cannot open a netlink socket: %s", strerror(errno));
		return NULL;
	}
	err = nl_genl_family(nl, LBRIDGE_GENL_NAME, groups, ARRAY_SIZE(groups), &ctx->family, grps,
			     &version);
	if (err == -ENOENT) {
		fail(ctx, "the lbridge module is not loaded");
		nl_close(nl);
		return NULL;
	}
	/* The ABI only grows: an older module lacks what this tool may send. */
	if (!err && version < LBRIDGE_GENL_VERSION) {
		fail(ctx, "the lbridge module speaks version %u; this lbrctl needs %d or later"
		     " (load the module of the same release)", version, LBRIDGE_GENL_VERSION);
		nl_close(nl);
		return NULL;
	}
	if (err) {
		nl->err_cookie = 0;
		nl_error(ctx, nl, err);
		nl_close(nl);
		return NULL;
	}
	/* Only from a family found, and new enough: else they stay 0. */
	ctx->mcgrp_fdb = grps[0];
	ctx->mcgrp_neigh = grps[1];
	ctx->mcgrp_guard = grps[2];
	/* One request per line: send them in windows, not one round trip each. */
	nl->pipeline = ctx->batch;
	ctx->genl = nl;
	return nl;
}

struct nlmsghdr *ctx_request(struct ctx *ctx, void *buf, uint8_t cmd)
{
	return nl_genl_request(buf, ctx->family, cmd, LBRIDGE_GENL_VERSION);
}

/*
 * A name that has gone from the system since it was cached makes the
 * kernel refuse the request, which is reported as any other refusal.
 */
static unsigned int lookup(struct ctx *ctx, const char *name)
{
	struct name_cache *c = &ctx->names;
	unsigned int ifindex;

	if (strlen(name) >= sizeof(c->slot[0].name))
		return 0;
	for (unsigned int i = 0; i < NAME_CACHE_SIZE; i++)
		if (c->slot[i].ifindex && !strcmp(c->slot[i].name, name))
			return c->slot[i].ifindex;
	ifindex = ctx->nametoindex(name);
	if (ifindex) {
		/* Round robin: batch files use a handful of names. */
		strcpy(c->slot[c->next].name, name);
		c->slot[c->next].ifindex = ifindex;
		c->next = (c->next + 1) % NAME_CACHE_SIZE;
	}
	return ifindex;
}

unsigned int ctx_bridge_index(struct ctx *ctx, const char *name)
{
	unsigned int ifindex = lookup(ctx, name);

	if (!ifindex)
		lbr_err(ctx, "no bridge named %s", name);
	return ifindex;
}

unsigned int ctx_port_index(struct ctx *ctx, const char *name)
{
	unsigned int ifindex = lookup(ctx, name);

	if (!ifindex)
		lbr_err(ctx, "no port named %s", name);
	return ifindex;
}

void *array_next(void *v, unsigned int n, unsigned int *cap, size_t size)
{
	void **pv = v;

	if (n == *cap) {
		unsigned int ncap = *cap ? *cap * 2 : 16;
		void *nv = reallocarray(*pv, ncap, size);

		if (!nv)
			return NULL;
		*pv = nv;
		*cap = ncap;
	}
	return (char *)*pv + (size_t)n * size;
}

/* --- Commands ------------------------------------------------------------ */

void print_command_usage(FILE *f, const struct command *c)
{
	for (int j = 0; j < (int)ARRAY_SIZE(c->usage) && c->usage[j]; j++)
		fprintf(f, "%s lbrctl %s\n", j ? "      " : "Usage:", c->usage[j]);
}

static void print_level_usage(FILE *f, const struct command *cmds, size_t n)
{
	const char *lead = "Usage:";

	for (size_t i = 0; i < n; i++)
		for (int j = 0; j < (int)ARRAY_SIZE(cmds[i].usage) && cmds[i].usage[j];
		     j++, lead = "      ")
			fprintf(f, "%s lbrctl %s\n", lead, cmds[i].usage[j]);
}

int run_command(struct ctx *ctx, const char *prefix, const struct command *cmds, size_t n,
		int argc, char **argv)
{
	if (!argc) {
		print_level_usage(ctx->err, cmds, n);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (strcmp(argv[0], cmds[i].name))
			continue;
		/* "lbrctl show help" is help, not a bridge named "help". */
		if (argc == 2 && !strcmp(argv[1], "help")) {
			print_command_usage(ctx->out, &cmds[i]);
			return 0;
		}
		return cmds[i].fn(ctx, argc, argv);
	}
	if (argc == 1 && !strcmp(argv[0], "help")) {
		print_level_usage(ctx->out, cmds, n);
		return 0;
	}
	if (argv[0][0] == '-')
		return unknown_option(ctx, argv[0]);
	return fail(ctx, "unknown %scommand \"%s\"; see \"lbrctl %shelp\"", prefix, argv[0], prefix);
}

static int cmd_help(struct ctx *ctx, int argc, char **argv);

static const struct command commands[] = {
	{ "show", cmd_show, { USAGE_SHOW } },
	{ "fdb", cmd_fdb, { USAGE_FDB_SHOW, USAGE_FDB_GET, USAGE_FDB_ADD, USAGE_FDB_DEL,
			    USAGE_FDB_FLUSH } },
	{ "set", cmd_set, { USAGE_SET } },
	{ "port", cmd_port, { USAGE_PORT_SET, USAGE_PORT_ALLOW, USAGE_PORT_DENY, USAGE_PORT_SHOW } },
	{ "neigh", cmd_neigh, { USAGE_NEIGH_SHOW } },
	{ "who-has", cmd_who_has, { USAGE_WHO_HAS } },
	{ "monitor", cmd_monitor, { USAGE_MONITOR } },
	{ "graph", cmd_graph, { USAGE_GRAPH } },
	{ "help", cmd_help, { "help [COMMAND]" } },
};

static void print_usage(FILE *f)
{
	fputs("Usage: lbrctl [-j] [-p] [-s] [-n NETNS] [-batch FILE] COMMAND\n\n", f);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		const struct command *c = &commands[i];

		for (int j = 0; j < (int)ARRAY_SIZE(c->usage) && c->usage[j]; j++)
			fprintf(f, "  lbrctl %s\n", c->usage[j]);
	}
	fputs("  lbrctl --version\n"
	      "\n"
	      "Without a command: show. COMMAND help: that command's usage.\n"
	      "  -j           JSON output\n"
	      "  -p           pretty JSON output (implies -j)\n"
	      "  -s           every counter, the age of fdb entries and bindings\n"
	      "  -n NETNS     in network namespace NETNS (as ip -n)\n"
	      "  -batch FILE  one command per line of FILE (- for stdin)\n", f);
}

/* help, or help COMMAND...: as COMMAND... help. */
static int cmd_help(struct ctx *ctx, int argc, char **argv)
{
	char *args[8];

	if (argc == 1) {
		print_usage(ctx->out);
		return 0;
	}
	if (argc > 7)
		return usage_error(ctx, "help [COMMAND]");
	for (int i = 1; i < argc; i++)
		args[i - 1] = argv[i];
	args[argc - 1] = "help";
	return run_command(ctx, "", commands, ARRAY_SIZE(commands), argc, args);
}

int lbrctl_run(struct ctx *ctx, int argc, char **argv)
{
	return run_command(ctx, "", commands, ARRAY_SIZE(commands), argc, argv);
}

/* --- -batch -------------------------------------------------------------- */

#define BATCH_MAX_ARGS 64

/* Writes the reports of one line to stderr, each prefixed with its line number. */
static void flush_reports(struct ctx *ctx, FILE *real_err, char **buf)
{
	long len;
	char *p, *end;

	fflush(ctx->err);
	len = ftell(ctx->err);
	for (p = *buf, end = *buf + len; p < end;) {
		char *nl = memchr(p, '\n', end - p);
		char *stop = nl ? nl : end;

		fprintf(real_err, "lbrctl: line %lu: %.*s\n", ctx->err_line, (int)(stop - p), p);
		p = stop + 1;
	}
	rewind(ctx->err);
}

static int run_batch(struct ctx *ctx, const char *path)
{
	FILE *in = strcmp(path, "-") ? fopen(path, "r") : stdin;
	FILE *real_err = ctx->err, *buffered;
	char *line = NULL, *errbuf = NULL;
	size_t cap = 0, errsize = 0;
	unsigned long lineno = 0;
	int ret = 0;

	if (!in)
		return fail(ctx, "cannot open %s: %s", path, strerror(errno));
	/*
	 * A line's reports are held back until we know which line failed
	 * first: a pipelined request from an earlier line may have.
	 */
	buffered = open_memstream(&errbuf, &errsize);
	if (!buffered) {
		fail(ctx, "out of memory");
		goto out;
	}
	ctx->err = buffered;
	ctx->batch = true;
	while (getline(&line, &cap, in) >= 0) {
		char *argv[BATCH_MAX_ARGS + 1];
		int argc;

		ctx->lineno = ctx->err_line = ++lineno;
		argc = split_line(line, argv, BATCH_MAX_ARGS);
		if (argc == 0)
			continue;
		if (argc < 0)
			ret = fail(ctx, "more than %d words", BATCH_MAX_ARGS);
		else
			ret = lbrctl_run(ctx, argc, argv);
		if (ret && ctx->genl && ctx->genl->queued) {
			int err = nl_sync(ctx->genl);

			if (err) {
				rewind(ctx->err);
				nl_error(ctx, ctx->genl, err);
			}
		}
		flush_reports(ctx, real_err, &errbuf);
		if (ret)
			break;
	}
	if (!ret && ctx->genl) {
		int err = nl_sync(ctx->genl);

		if (err) {
			ret = nl_error(ctx, ctx->genl, err);
			flush_reports(ctx, real_err, &errbuf);
		}
	}
	if (!ret && ferror(in))
		ret = fail(ctx, "reading %s: %s", path, strerror(errno));
	ctx->err = real_err;
	ctx->batch = false;
	fclose(buffered);
out:
	free(errbuf);
	free(line);
	if (in != stdin)
		fclose(in);
	return ret;
}

/* --- Options ------------------------------------------------------------- */

static bool is_opt(const char *arg, const char *s, const char *l)
{
	return !strcmp(arg, s) || !strcmp(arg, l);
}

int lbrctl_main(struct ctx *ctx, int argc, char **argv)
{
	const char *batch = NULL;
	char *show[] = { "show", NULL };

	for (; argc > 0 && argv[0][0] == '-'; argc--, argv++) {
		const char *a = argv[0];

		if (!strcmp(a, "--")) {
			argc--, argv++;
			break;
		} else if (is_opt(a, "-j", "--json") || !strcmp(a, "-json")) {
			ctx->json = true;
		} else if (is_opt(a, "-p", "--pretty") || !strcmp(a, "-pretty")) {
			ctx->json = ctx->pretty = true;
		} else if (is_opt(a, "-s", "--stats") || !strcmp(a, "-stats")) {
			ctx->stats = true;
		} else if (is_opt(a, "-b", "-batch") || !strcmp(a, "--batch")) {
			if (argc < 2) {
				fail(ctx, "%s needs a file name (- for stdin)", a);
				return 1;
			}
			batch = argv[1];
			argc--, argv++;
		} else if (is_opt(a, "-n", "-netns") || !strcmp(a, "--netns")) {
			if (argc < 2)
				return fail(ctx, "%s needs a network namespace name", a);
			if (ctx_enter_netns(ctx, argv[1]))
				return 1;
			argc--, argv++;
		} else if (is_opt(a, "-V", "--version")) {
			fprintf(ctx->out, "lbrctl %s\n", LBRCTL_VERSION);
			return 0;
		} else if (is_opt(a, "-h", "--help")) {
			print_usage(ctx->out);
			return 0;
		} else {
			return unknown_option(ctx, a);
		}
	}
	if (batch) {
		if (argc)
			return fail(ctx, "-batch takes its commands from the file, not the command line");
		return run_batch(ctx, batch);
	}
	if (!argc)
		return lbrctl_run(ctx, 1, show);
	return lbrctl_run(ctx, argc, argv);
}
