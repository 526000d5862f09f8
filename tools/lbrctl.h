/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every command gets: the options, the output streams, and the
 * sockets, opened on first use so that a command line is checked in full
 * before anything is sent (and so that the unit tests can run commands
 * against a fake kernel: see struct nl_transport).
 */
#ifndef LBRCTL_H
#define LBRCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "msg.h"
#include "netlink.h"
#include "print.h"

#define NAME_CACHE_SIZE 64

struct name_cache {
	struct {
		char name[IF_NAMESIZE];
		unsigned int ifindex;
	} slot[NAME_CACHE_SIZE];
	unsigned int next;
};

struct ctx {
	FILE *out;
	FILE *err;
	bool json;
	bool pretty;
	bool stats;

	/*
	 * In -batch: the current line, and the line an error report is
	 * about (an earlier one when a pipelined request failed).
	 */
	bool batch;
	unsigned long lineno;
	unsigned long err_line;

	const struct nl_transport *transport;
	/* if_nametoindex(), or the tests' table of names. */
	unsigned int (*nametoindex)(const char *name);
	/* if_indextoname(), or the tests' table. */
	char *(*indextoname)(unsigned int ifindex, char *name);
	struct name_cache names;
	/*
	 * -n NETNS: moves the process into the namespace at that path
	 * (setns(2)); 0 or -errno. The tests record the path instead.
	 */
	int (*enter_netns)(const char *path);

	struct nl *genl;		/* lbridge's family, once resolved */
	/* The module refused the compact FDB dump: it is older. */
	bool fdb_no_compact;
	uint16_t family;
	uint32_t mcgrp_fdb;
	uint32_t mcgrp_neigh;		/* 0: a broken module without the "neigh" group */
	uint32_t mcgrp_guard;		/* 0: a module without port security's "guard" group */

	/* Where `ip netns add` puts its names: /run/netns, or the tests'. */
	const char *netns_dir;
	/* Their ids, looked up once, when a peer's namespace is first named. */
	bool netns_resolved;
	struct netns_name *netns;
	unsigned int nnetns, netns_cap;
};

/* Sets the defaults: stdout, stderr, the real socket and name lookups. */
void ctx_init(struct ctx *ctx);
void ctx_fini(struct ctx *ctx);
/* setns(2) into /run/netns/NAME, as `ip -n NAME`. 0, or 1 after reporting why not. */
int ctx_enter_netns(struct ctx *ctx, const char *name);

/* Runs one command line (without the program name): 0 or 1. */
int lbrctl_run(struct ctx *ctx, int argc, char **argv);
/* Global options, then a command or a -batch file. The exit status. */
int lbrctl_main(struct ctx *ctx, int argc, char **argv);

/* The genetlink socket, family resolved; NULL after reporting why. */
struct nl *ctx_genl(struct ctx *ctx);
/* A request of lbridge's family in buf (NL_REQ_SIZE bytes). */
struct nlmsghdr *ctx_request(struct ctx *ctx, void *buf, uint8_t cmd);

/*
 * Name lookups through the cache (batch files repeat the same few
 * names). 0 after reporting "no bridge named X" / "no port named X".
 */
unsigned int ctx_bridge_index(struct ctx *ctx, const char *name);
unsigned int ctx_port_index(struct ctx *ctx, const char *name);

/* Reports to ctx->err: "Error: ..." as iproute2 does. Returns 1. */
int lbr_err(struct ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports a failure of the tool itself: "lbrctl: ...". Returns 1. */
int fail(struct ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports a failed request, with the kernel's message if it gave one. Returns 1. */
int nl_error(struct ctx *ctx, struct nl *nl, int err);
/* Prints "Usage: lbrctl USAGE" to ctx->err. Returns 1. */
int usage_error(struct ctx *ctx, const char *usage);
/* One line naming the option and pointing at help. Returns 1. */
int unknown_option(struct ctx *ctx, const char *opt);

void ctx_printer(struct ctx *ctx, struct printer *p);

/* The name `ip netns` knows the namespace of that id (ours) by, or NULL. */
const char *ctx_netns_name(struct ctx *ctx, int32_t nsid);
/* Each port's peer_netns, from its peer_netnsid. */
void name_peers(struct ctx *ctx, struct lbr_bridge *v, unsigned int n);

/* The usage line of each command, for its errors and for help. */
#define USAGE_SHOW "show [BRIDGE]"
#define USAGE_FDB_SHOW "fdb show [BRIDGE [dev PORT]]"
#define USAGE_FDB_GET "fdb get MAC [BRIDGE]"
#define USAGE_FDB_ADD "fdb add MAC dev PORT"
#define USAGE_FDB_DEL "fdb del MAC dev PORT"
#define USAGE_FDB_FLUSH "fdb flush BRIDGE [dev PORT] [dynamic]"
#define USAGE_SET "set BRIDGE { ageing SECONDS | max-learned N | port-max-learned N |" \
		  " max-static N | max-neigh N | port-max-neigh N |" \
		  " { learning | neigh-suppress | announce | guard | ra-guard | dhcp-guard }" \
		  " { on | off } } ..."
#define USAGE_PORT_SET "port set PORT { { learning | flood | mcast_flood | bcast_flood |" \
		       " hairpin | isolated | neigh-suppress | guard | ra-guard | dhcp-guard }" \
		       " { on | off } | label TEXT } ..."
#define USAGE_PORT_ALLOW "port allow PORT { mac MAC | ip IP }"
#define USAGE_PORT_DENY "port deny PORT { mac MAC | ip IP }"
#define USAGE_PORT_SHOW "port show PORT"
#define USAGE_NEIGH_SHOW "neigh show [BRIDGE] [dev PORT]"
#define USAGE_WHO_HAS "who-has IP [BRIDGE]"
#define USAGE_MONITOR "monitor [BRIDGE]"
#define USAGE_GRAPH "graph [BRIDGE]"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * A level of subcommands, as in wg(8): exact names only ("lbrctl f s" does
 * not guess). usage: the command's lines, without "lbrctl ".
 */
struct command {
	const char *name;
	int (*fn)(struct ctx *ctx, int argc, char **argv);
	const char *usage[6];
};

/*
 * Runs argv[0] from cmds, with argv[0] as the command's own argv[0].
 * "help" alone lists the level's usage (to ctx->out), "NAME help" the
 * command's; no command lists it to ctx->err, and fails. prefix names
 * the level in reports: "" or "fdb ".
 */
int run_command(struct ctx *ctx, const char *prefix, const struct command *cmds, size_t n,
		int argc, char **argv);
void print_command_usage(FILE *f, const struct command *c);

/*
 * Shared between commands. array_next() makes room for one more element
 * at (*v)[n] and returns it, or NULL. The collectors fetch into such
 * arrays and report their own errors (returning 1); the printers turn one
 * struct into text or JSON through the same calls.
 */
void *array_next(void *v, unsigned int n, unsigned int *cap, size_t size);

/*
 * A table's dump (GET_FDB, GET_NEIGH) collected into an array v of n
 * structs of size bytes, each from parse(); the same key (key_len bytes
 * at offset key) is one entry per bridge. The request names the bridge,
 * port if not 0, and what filter() adds.
 */
struct table_dump {
	uint8_t cmd;
	uint32_t port;
	void (*filter)(struct nlmsghdr *req, const void *arg);
	const void *filter_arg;
	int (*parse)(const struct nlmsghdr *nlh, void *e);
	/* Instead of parse, for a message of many: appends them, 0 or -errno. */
	int (*collect)(const struct nlmsghdr *nlh, struct table_dump *t);
	void *arg;			/* collect's */
	size_t size, key, key_len;
	void *v;
	unsigned int n, cap, first;
};

/* One bridge's, appended to t->v: 0 or -errno, nothing reported but a torn dump. */
int dump_bridge_table(struct ctx *ctx, struct nl *nl, struct table_dump *t, uint32_t bridge);
/* Each bridge's in turn; a bridge deleted meanwhile is skipped. */
int dump_every_bridge(struct ctx *ctx, struct nl *nl, struct table_dump *t,
		      const struct lbr_bridge *bv, unsigned int nb);
/* Reports a failed dump. Returns 1. */
int table_failed(struct ctx *ctx, struct nl *nl, int err);
/*
 * Every bridge's in turn, into t->v, asking for no ports (each line names
 * its own). 0, or 1 with t->v freed and the failure reported.
 */
int dump_all_bridges(struct ctx *ctx, struct table_dump *t);
int collect_bridges(struct ctx *ctx, const char *name, struct lbr_bridge **v, unsigned int *n);
/* Every bridge, without its ports (nports 0): for what loops over bridges. */
int collect_bridge_list(struct ctx *ctx, struct lbr_bridge **v, unsigned int *n);
void free_bridges(struct lbr_bridge *v, unsigned int n);
/* br's ports into br->ports (free()d by the caller): 0 or -errno, nothing reported. */
int dump_ports(struct ctx *ctx, struct nl *nl, struct lbr_bridge *br);
/*
 * The port of that ifindex, on whichever bridge has it, into port: 0, or
 * 1 after reporting (as name) that no bridge has it.
 */
int collect_port(struct ctx *ctx, const char *name, uint32_t ifindex, struct lbr_port *port);
/* The port of that ifindex among the bridges' ports, or NULL. */
const struct lbr_port *find_port(const struct lbr_bridge *v, unsigned int n, uint32_t ifindex);
int collect_fdb(struct ctx *ctx, unsigned int bridge, unsigned int port,
		struct lbr_fdb **v, unsigned int *n);
/* Every bridge's entries, bridge after bridge; a bridge deleted meanwhile is skipped. */
int collect_fdb_all(struct ctx *ctx, struct lbr_fdb **v, unsigned int *n);
/*
 * One bridge's entries as fdb show wants them: the compact dump's records
 * (rec), with their ports (br.ports) and the bridge's name (master); or,
 * from a module without the compact dump, entries (old).
 */
struct fdb_listing {
	char master[IF_NAMESIZE];
	struct lbridge_fdb_record *rec;
	unsigned int n;
	struct lbr_bridge br;
	struct lbr_fdb *old;
	unsigned int nold;
};
/* 0 or -errno, nothing reported but a torn dump; free_fdb_listing() either way. */
int collect_fdb_listing(struct ctx *ctx, struct nl *nl, uint32_t bridge, uint32_t port,
			struct fdb_listing *l);
void free_fdb_listing(struct fdb_listing *l);
/* As print_fdb_list() prints the same entries. */
void print_fdb_listing(struct printer *p, const struct fdb_listing *l, bool stats);
void print_bridge(struct printer *p, const struct lbr_bridge *br, bool stats);
/* port show: one port, its master, every counter. */
void print_port_detail(struct printer *p, const struct lbr_port *port);
/* An entry's state as a word: permanent, static, learned. */
const char *fdb_state_name(uint8_t state);
void print_fdb(struct printer *p, const struct lbr_fdb *e, bool stats);
/* Every entry of v, as print_fdb() each, the way a dump of thousands wants. */
void print_fdb_list(struct printer *p, const struct lbr_fdb *v, unsigned int n, bool stats);
void print_event(struct printer *p, const struct lbr_event *ev);
/* "BRIDGE: N events suppressed (rate limit)", in text, when lost is not 0. */
void print_events_lost(struct printer *p, const char *master, uint32_t lost);
/*
 * Bindings of one bridge (bridge not 0) or of every bridge; of one port
 * (port not 0) or one address (addr not NULL) only.
 */
int collect_neigh(struct ctx *ctx, uint32_t bridge, uint32_t port, const struct lbr_neigh *addr,
		  struct lbr_neigh **v, unsigned int *n);
/* IP lladdr MAC dev PORT master BRIDGE [age A source S] [label L] */
void print_neigh(struct printer *p, const struct lbr_neigh *n, bool stats);
void print_neigh_event(struct printer *p, const struct lbr_neigh_event *ev);
/*
 * guard BRIDGE dev PORT [label L] REASON [mac MAC] [ip IP] [owner PORT
 * [label L]]; JSON {"event": "guard", ...}.
 */
void print_guard_event(struct printer *p, const struct lbr_guard_event *ev);
void print_graph(FILE *out, const struct lbr_bridge *v, unsigned int n);

/* One function per command, as in wg(8). argv[0] is the command's name. */
int cmd_show(struct ctx *ctx, int argc, char **argv);
int cmd_fdb(struct ctx *ctx, int argc, char **argv);
int cmd_set(struct ctx *ctx, int argc, char **argv);
int cmd_port(struct ctx *ctx, int argc, char **argv);
int cmd_neigh(struct ctx *ctx, int argc, char **argv);
int cmd_who_has(struct ctx *ctx, int argc, char **argv);
int cmd_monitor(struct ctx *ctx, int argc, char **argv);
int cmd_graph(struct ctx *ctx, int argc, char **argv);

#endif
