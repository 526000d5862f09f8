// SPDX-License-Identifier: GPL-2.0
/*
 * Whole command lines run through lbrctl_main() against the fake kernel:
 * dispatch, usage errors, refusals before anything is sent, error
 * reports, -batch, and what each command sends and prints.
 */
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libmnl/libmnl.h>

#include "fake_kernel.h"
#include "lbrctl.h"
#include "run.h"
#include "test.h"
#include "version.h"

static int lookups;

static unsigned int counting_nametoindex(const char *name)
{
	lookups++;
	return fake_nametoindex(name);
}

static void count_lookups(struct ctx *ctx)
{
	ctx->nametoindex = counting_nametoindex;
}

DEFINE_LBRCTL(count_lookups)

/* A -batch file with these lines. */
static const char *batch_file(const char *text)
{
	static char path[] = "/tmp/lbrctl-test-XXXXXX";
	int fd;

	strcpy(path, "/tmp/lbrctl-test-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		abort();
	close(fd);
	return path;
}

static const uint8_t *last_mac(void)
{
	const struct nlattr *a = fake_last_attr(LBRIDGE_A_FDB, LBRIDGE_FDB_A_MAC);

	return a ? mnl_attr_get_payload(a) : (const uint8_t *)"";
}

static uint32_t last_u32(int nest, int type)
{
	const struct nlattr *a = fake_last_attr(nest, type);

	return a ? mnl_attr_get_u32(a) : 0xdeadbeef;
}

/* --- Dispatch ------------------------------------------------------------ */

static void no_command_is_show(void)
{
	fake_reset();
	CHECK_INT(lbrctl(NULL), 0);
	CHECK_STR(OUT, "lb0: ageing 300s  max-learned 16384  learned 1  port-max-learned 256"
		       "  max-static 0  static 1  learning on  max-neigh 4096  neighs 3  port-max-neigh 256  neigh-suppress off  announce on  ports 2  address 02:42:ac:11:00:01\n"
		       "  vc2  up  peer eth0 netns lbt-c2  learned-macs 1  static-macs 0  neighs 2  learning on  flood on  mcast_flood on  bcast_flood on  hairpin off  isolated off  neigh-suppress off  rx 12 tx 10 flooded 3 dropped 9 learned 1\n"
		       "  vc3  down  peer vc3p  learned-macs 0  static-macs 1  neighs 1  learning on  flood on  mcast_flood on  bcast_flood on  hairpin off  isolated off  neigh-suppress off  rx 0 tx 0 flooded 0 dropped 0 learned 0\n");
	CHECK_STR(ERR, "");
}

static void unknown_command(void)
{
	fake_reset();
	CHECK_INT(lbrctl("frob", NULL), 1);
	CHECK_STR(ERR, "lbrctl: unknown command \"frob\"; see \"lbrctl help\"\n");
	CHECK_STR(OUT, "");
	CHECK_INT(fk.sends, 0);
}

static void abbreviations_refused(void)
{
	fake_reset();
	CHECK_INT(lbrctl("f", "s", NULL), 1);
	CHECK_HAS(ERR, "unknown command \"f\"");
	CHECK_INT(lbrctl("sh", NULL), 1);
	CHECK_HAS(ERR, "unknown command \"sh\"");
	CHECK_INT(lbrctl("fdb", "sh", "lb0", NULL), 1);
	CHECK_HAS(ERR, "unknown fdb command \"sh\"");
	CHECK_INT(lbrctl("set", "lb0", "age", "5", NULL), 1);
	CHECK_HAS(ERR, "unknown setting \"age\"");
	CHECK_INT(lbrctl("fdb", "show", "lb0", "d", "vc2", NULL), 1);
	CHECK_INT(fk.sends, 0);
}

static void missing_args_give_usage(void)
{
	static const struct {
		const char *args[6];
		const char *usage;
	} cases[] = {
		{ { "fdb", "add", "02:00:00:00:00:01", "dev" }, USAGE_FDB_ADD },
		{ { "fdb", "add", "02:00:00:00:00:01" }, USAGE_FDB_ADD },
		{ { "fdb", "add", "02:00:00:00:00:01", "to", "vc2" }, USAGE_FDB_ADD },
		{ { "fdb", "del" }, USAGE_FDB_DEL },
		{ { "fdb", "show", "lb0", "vc2" }, USAGE_FDB_SHOW },
		{ { "fdb", "get" }, USAGE_FDB_GET },
		{ { "fdb", "show", "lb0", "dev" }, USAGE_FDB_SHOW },
		{ { "fdb", "flush" }, USAGE_FDB_FLUSH },
		{ { "fdb", "flush", "lb0", "dev" }, USAGE_FDB_FLUSH },
		{ { "fdb", "flush", "lb0", "dynamic", "dynamic" }, USAGE_FDB_FLUSH },
		{ { "set", "lb0" }, USAGE_SET },
		{ { "set", "lb0", "ageing" }, USAGE_SET },
		{ { "set" }, USAGE_SET },
		{ { "show", "lb0", "lb1" }, USAGE_SHOW },
		{ { "monitor", "lb0", "x" }, USAGE_MONITOR },
		{ { "graph", "lb0", "x" }, USAGE_GRAPH },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *const *a = cases[i].args;
		char want[256];

		fake_reset();
		CHECK_INT(lbrctl(a[0], a[1], a[2], a[3], a[4], a[5]), 1);
		snprintf(want, sizeof(want), "Usage: lbrctl %s\n", cases[i].usage);
		CHECK_HAS(ERR, want);
		CHECK_INT(fk.sends, 0);
	}
	fake_reset();
	CHECK_INT(lbrctl("fdb", NULL), 1);
	CHECK_HAS(ERR, "Usage: lbrctl " USAGE_FDB_SHOW "\n       lbrctl " USAGE_FDB_GET);
}

static void help_version_options(void)
{
	fake_reset();
	CHECK_INT(lbrctl("help", NULL), 0);
	CHECK_HAS(OUT, "Usage: lbrctl [-j] [-p] [-s] [-n NETNS] [-batch FILE] COMMAND\n");
	CHECK_HAS(OUT, "  lbrctl " USAGE_FDB_FLUSH "\n");
	CHECK_INT(lbrctl("--version", NULL), 0);
	CHECK_STR(OUT, "lbrctl " LBRCTL_VERSION "\n");
	CHECK_INT(lbrctl("-x", "show", NULL), 1);
	/* One line, not the whole usage. */
	CHECK_STR(ERR, "lbrctl: unknown option \"-x\"; see \"lbrctl help\"\n");
	CHECK_INT(lbrctl("show", "--frob", NULL), 1);
	CHECK_STR(ERR, "lbrctl: unknown option \"--frob\"; see \"lbrctl help\"\n");
	CHECK_INT(lbrctl("monitor", "-x", NULL), 1);
	CHECK_STR(ERR, "lbrctl: unknown option \"-x\"; see \"lbrctl help\"\n");
	CHECK_INT(lbrctl("-batch", NULL), 1);
	CHECK_HAS(ERR, "needs a file name");
	CHECK_INT(lbrctl("-batch", "/dev/null", "show", NULL), 1);
	CHECK_HAS(ERR, "-batch takes its commands from the file");
	CHECK_INT(fk.sends, 0);
}

/* "help" is help at every level, on stdout, and sends nothing. */
static void help_at_every_level(void)
{
	static const struct {
		const char *args[4];
		const char *want;
	} cases[] = {
		{ { "show", "help" }, "Usage: lbrctl " USAGE_SHOW "\n" },
		{ { "graph", "help" }, "Usage: lbrctl " USAGE_GRAPH "\n" },
		{ { "monitor", "help" }, "Usage: lbrctl " USAGE_MONITOR "\n" },
		{ { "set", "help" }, "Usage: lbrctl " USAGE_SET "\n" },
		{ { "fdb", "help" }, "Usage: lbrctl " USAGE_FDB_SHOW "\n       lbrctl " USAGE_FDB_GET
				     "\n       lbrctl " USAGE_FDB_ADD
				     "\n       lbrctl " USAGE_FDB_DEL "\n       lbrctl "
				     USAGE_FDB_FLUSH "\n" },
		{ { "fdb", "show", "help" }, "Usage: lbrctl " USAGE_FDB_SHOW "\n" },
		{ { "fdb", "flush", "help" }, "Usage: lbrctl " USAGE_FDB_FLUSH "\n" },
		{ { "fdb", "add", "help" }, "Usage: lbrctl " USAGE_FDB_ADD "\n" },
		{ { "port", "help" }, "Usage: lbrctl " USAGE_PORT_SET "\n       lbrctl " USAGE_PORT_ALLOW
				      "\n       lbrctl " USAGE_PORT_DENY "\n       lbrctl "
				      USAGE_PORT_SHOW "\n" },
		{ { "port", "allow", "help" }, "Usage: lbrctl " USAGE_PORT_ALLOW "\n" },
		{ { "help", "port", "show" }, "Usage: lbrctl " USAGE_PORT_SHOW "\n" },
		{ { "port", "set", "help" }, "Usage: lbrctl " USAGE_PORT_SET "\n" },
		{ { "help", "fdb", "del" }, "Usage: lbrctl " USAGE_FDB_DEL "\n" },
		{ { "help", "graph" }, "Usage: lbrctl " USAGE_GRAPH "\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *const *a = cases[i].args;

		fake_reset();
		CHECK_INT(lbrctl(a[0], a[1], a[2], a[3]), 0);
		CHECK_STR(OUT, cases[i].want);
		CHECK_STR(ERR, "");
		CHECK_INT(fk.sends, 0);
	}
}

/* --- Refused before anything is sent -------------------------------------- */

static void refuse(const char *want, const char *a0, const char *a1, const char *a2,
		   const char *a3, const char *a4, const char *a5, const char *a6)
{
	fake_reset();
	CHECK_INT(lbrctl(a0, a1, a2, a3, a4, a5, a6, NULL), 1);
	CHECK_STR(ERR, want);
	CHECK_STR(OUT, "");
	/* Not even the family lookup. */
	CHECK_INT(fk.sends, 0);
}

static void bad_macs_refused(void)
{
	refuse("Error: MAC address is not valid unicast\n",
	       "fdb", "add", "01:00:5e:00:00:01", "dev", "vc2", NULL, NULL);
	refuse("Error: MAC address is not valid unicast\n",
	       "fdb", "del", "00:00:00:00:00:00", "dev", "vc2", NULL, NULL);
	refuse("Error: MAC address is not valid unicast\n",
	       "fdb", "add", "ff:ff:ff:ff:ff:ff", "dev", "vc2", NULL, NULL);
	refuse("Error: \"02:00:00:00:01\" is not a MAC address (six hex pairs separated by ':')\n",
	       "fdb", "add", "02:00:00:00:01", "dev", "vc2", NULL, NULL);
	refuse("Error: \"02-00-00-00-00-01\" is not a MAC address (six hex pairs separated by ':')\n",
	       "fdb", "add", "02-00-00-00-00-01", "dev", "vc2", NULL, NULL);
}

static void unknown_names_refused(void)
{
	refuse("Error: no port named vc9\n",
	       "fdb", "add", "02:00:00:00:00:01", "dev", "vc9", NULL, NULL);
	refuse("Error: no bridge named lb9\n", "fdb", "show", "lb9", NULL, NULL, NULL, NULL);
	refuse("Error: no bridge named lb9\n", "show", "lb9", NULL, NULL, NULL, NULL, NULL);
	refuse("Error: no bridge named lb9\n", "graph", "lb9", NULL, NULL, NULL, NULL, NULL);
	refuse("Error: no bridge named lb9\n", "fdb", "flush", "lb9", NULL, NULL, NULL, NULL);
	refuse("Error: no port named vc9\n", "fdb", "flush", "lb0", "dev", "vc9", NULL, NULL);
	refuse("Error: no bridge named lb9\n", "set", "lb9", "ageing", "5", NULL, NULL, NULL);
	refuse("Error: no bridge named a-name-far-too-long-for-linux\n",
	       "show", "a-name-far-too-long-for-linux", NULL, NULL, NULL, NULL, NULL);
}

static void bad_numbers_refused(void)
{
	refuse("Error: ageing: \"-1\" is not a number\n",
	       "set", "lb0", "ageing", "-1", NULL, NULL, NULL);
	refuse("Error: ageing: \"5s\" is not a number\n",
	       "set", "lb0", "ageing", "5s", NULL, NULL, NULL);
	refuse("Error: ageing must be at most 1000000 seconds\n",
	       "set", "lb0", "ageing", "1000001", NULL, NULL, NULL);
	refuse("Error: max-learned must be at most 4294967295\n",
	       "set", "lb0", "max-learned", "4294967296", NULL, NULL, NULL);
	refuse("Error: max-learned: \"\" is not a number\n",
	       "set", "lb0", "max-learned", "", NULL, NULL, NULL);
	refuse("Error: learning must be on or off, not \"yes\"\n",
	       "set", "lb0", "learning", "yes", NULL, NULL, NULL);
	refuse("Error: ageing is given twice\n",
	       "set", "lb0", "ageing", "5", "ageing", "6", NULL);
	/* A bad value anywhere refuses the whole command. */
	refuse("Error: max-learned: \"x\" is not a number\n",
	       "set", "lb0", "ageing", "5", "max-learned", "x", NULL);
}

/* --- Errors from the kernel ----------------------------------------------- */

static void module_not_loaded(void)
{
	fake_reset();
	fk.loaded = false;
	CHECK_INT(lbrctl("show", NULL), 1);
	CHECK_STR(ERR, "lbrctl: the lbridge module is not loaded\n");
	CHECK_INT(lbrctl("fdb", "add", "02:00:00:00:00:01", "dev", "vc2", NULL), 1);
	CHECK_STR(ERR, "lbrctl: the lbridge module is not loaded\n");
	/* Argument errors still come first. */
	CHECK_INT(lbrctl("fdb", "add", "01:00:00:00:00:01", "dev", "vc2", NULL), 1);
	CHECK_STR(ERR, "Error: MAC address is not valid unicast\n");
}

/* Checked when the family is resolved, before any request of the command. */
static void module_too_old(void)
{
	const char *path;

	fake_reset();
	/* Version 3: no port security. */
	fk.version = 3;
	CHECK_INT(lbrctl("show", NULL), 1);
	CHECK_STR(ERR, "lbrctl: the lbridge module speaks version 3; this lbrctl needs 4 or later"
		       " (load the module of the same release)\n");
	CHECK_STR(OUT, "");
	CHECK_INT(lbrctl("fdb", "add", "02:00:00:00:00:01", "dev", "vc2", NULL), 1);
	CHECK_HAS(ERR, "speaks version 3");
	CHECK_INT(lbrctl("neigh", "show", NULL), 1);
	CHECK_HAS(ERR, "speaks version 3");
	CHECK_INT(lbrctl("who-has", "10.0.0.1", NULL), 1);
	CHECK_HAS(ERR, "speaks version 3");
	CHECK_INT(fk.requests, 0);
	path = batch_file("fdb add 02:00:00:00:00:01 dev vc2\n");
	CHECK_INT(lbrctl("-batch", path, NULL), 1);
	unlink(path);
	CHECK_STR(ERR, "lbrctl: line 1: the lbridge module speaks version 3;"
		       " this lbrctl needs 4 or later (load the module of the same release)\n");
	CHECK_INT(fk.requests, 0);
	fk.version = 1;
	CHECK_INT(lbrctl("show", NULL), 1);
	CHECK_HAS(ERR, "speaks version 1; this lbrctl needs 4 or later");
	/* The same version, or a newer one, is fine. */
	fk.version = LBRIDGE_GENL_VERSION;
	CHECK_INT(lbrctl("show", NULL), 0);
	fk.version = LBRIDGE_GENL_VERSION + 1;
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_STR(ERR, "");
}

static void permission_denied(void)
{
	fake_reset();
	fk.deny_admin = true;
	CHECK_INT(lbrctl("fdb", "add", "02:00:00:00:00:01", "dev", "vc2", NULL), 1);
	CHECK_STR(ERR, "Error: permission denied (changes need CAP_NET_ADMIN)\n");
	CHECK_INT(lbrctl("set", "lb0", "learning", "off", NULL), 1);
	CHECK_STR(ERR, "Error: permission denied (changes need CAP_NET_ADMIN)\n");
}

/* NEW_FDB beyond max-static: -ENOSPC, and the kernel's words, not strerror's. */
static void max_static_refusal_reported(void)
{
	const char *path;

	fake_reset();
	fk.bridges[0].max_static = 1;
	CHECK_INT(lbrctl("fdb", "add", "02:00:00:00:00:07", "dev", "vc2", NULL), 1);
	CHECK_STR(ERR, "Error: Too many static entries on this bridge (max-static)\n");
	CHECK_STR(OUT, "");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_NEW_FDB], 1);
	CHECK_INT(fake_count_fdb(LBRIDGE_FDB_STATE_STATIC), 1);
	/* Pipelined in -batch, with its line. */
	path = batch_file("set lb0 max-static 2\n"
			  "fdb add 02:00:00:00:00:07 dev vc2\n"
			  "fdb add 02:00:00:00:00:08 dev vc2\n");
	CHECK_INT(lbrctl("-batch", path, NULL), 1);
	unlink(path);
	CHECK_STR(ERR, "lbrctl: line 3: Error: Too many static entries on this bridge (max-static)\n");
	CHECK_INT(fake_count_fdb(LBRIDGE_FDB_STATE_STATIC), 2);
}

static void extack_reported(void)
{
	fake_reset();
	CHECK_INT(lbrctl("fdb", "add", "02:00:00:00:00:09", "dev", "vc3", NULL), 1);
	CHECK_STR(ERR, "Error: MAC address already has a static or local entry\n");
	CHECK_INT(lbrctl("show", "eth0", NULL), 1);
	CHECK_STR(ERR, "Error: lbridge: Device is not an lbridge bridge\n");
	CHECK_INT(lbrctl("fdb", "del", "02:00:00:00:00:09", "dev", "vc2", NULL), 1);
	CHECK_STR(ERR, "Error: No such entry on this port\n");
	/* No extack: strerror. */
	fk.nfdb = FAKE_MAX_FDB;
	CHECK_INT(lbrctl("fdb", "add", "02:00:00:00:00:07", "dev", "vc3", NULL), 1);
	CHECK_STR(ERR, "Error: No space left on device\n");
}

/* --- What commands send and print ----------------------------------------- */

static void fdb_add_del(void)
{
	static const uint8_t mac[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };

	fake_reset();
	CHECK_INT(lbrctl("fdb", "add", "02:AA:bb:cc:dd:ee", "dev", "vc2", NULL), 0);
	CHECK_STR(OUT, "");
	CHECK_STR(ERR, "");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_NEW_FDB], 1);
	CHECK_INT(last_u32(LBRIDGE_A_PORT, LBRIDGE_PORT_A_IFINDEX), 11);
	CHECK(!memcmp(last_mac(), mac, 6));
	/* The kernel finds the bridge from the port. */
	CHECK(!fake_last_attr(0, LBRIDGE_A_BRIDGE));
	CHECK_INT(fake_count_fdb(LBRIDGE_FDB_STATE_STATIC), 2);
	CHECK_INT(lbrctl("fdb", "del", "02:aa:bb:cc:dd:ee", "dev", "vc2", NULL), 0);
	CHECK_INT(fk.cmds[LBRIDGE_CMD_DEL_FDB], 1);
	CHECK_INT(fake_count_fdb(LBRIDGE_FDB_STATE_STATIC), 1);
}

/* lb1 (ifindex 20) with port vx0 (21) and one entry behind it. */
static void second_bridge_for_fdb(void)
{
	fk.bridges[fk.nbridges++] = (struct fake_bridge){
		"lb1", 20, { 0x02, 0x42, 0xac, 0x12, 0x00, 0x01 }, 300, 16384, true, 0, 256,
		.max_neigh = FAKE_DEFAULT_MAX_NEIGH, .port_max_neigh = FAKE_DEFAULT_PORT_MAX_NEIGH,
	};
	fk.ports[fk.nports++] = (struct fake_port){
		.name = "vx0", .ifindex = 21, .bridge = 20, .up = true, .learning = true,
		.peer_netnsid = -1,
	};
	fk.fdb[fk.nfdb++] = (struct fake_fdb){
		{ 0x02, 0x42, 0xac, 0x12, 0x00, 0x05 }, 20, 21, LBRIDGE_FDB_STATE_LEARNED, 0,
	};
}

static void fdb_show_text(void)
{
	fake_reset();
	CHECK_INT(lbrctl("fdb", "show", "lb0", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:01 dev lb0 master lb0 permanent\n"
		       "02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "02:00:00:00:00:09 dev vc3 master lb0 static\n");
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_IFINDEX), 10);
	CHECK(!fake_last_attr(LBRIDGE_A_PORT, LBRIDGE_PORT_A_IFINDEX));
	CHECK_INT(lbrctl("fdb", "show", "lb0", "dev", "vc2", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:02 dev vc2 master lb0\n");
	CHECK_INT(fk.fdb_dump_port, 11);
	CHECK_INT(lbrctl("-s", "fdb", "show", "lb0", "dev", "vc3", NULL), 0);
	CHECK_STR(OUT, "02:00:00:00:00:09 dev vc3 master lb0 static age 120.00s\n");
}

static void fdb_show_json(void)
{
	struct json_object *j, *e, *v;

	fake_reset();
	CHECK_INT(lbrctl("-j", "-s", "fdb", "show", "lb0", NULL), 0);
	j = json_tokener_parse(OUT);
	CHECK(j && json_object_is_type(j, json_type_array));
	CHECK_INT(json_object_array_length(j), 3);
	e = json_object_array_get_idx(j, 1);
	CHECK(json_object_object_get_ex(e, "ifname", &v));
	CHECK_STR(json_object_get_string(v), "vc2");
	CHECK(json_object_object_get_ex(e, "age", &v));
	CHECK(json_object_get_double(v) == 3.25);
	json_object_put(j);
	CHECK_JSON_SUBSET(OUT, "[{\"mac\":\"02:42:ac:11:00:01\",\"state\":\"permanent\"},{},{}]");
	/* Interrupted twice, then whole: printed once. */
	fk.intr_dumps = 2;
	CHECK_INT(lbrctl("fdb", "show", "lb0", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:01 dev lb0 master lb0 permanent\n"
		       "02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "02:00:00:00:00:09 dev vc3 master lb0 static\n");
}

static void fdb_show_torn(void)
{
	fake_reset();
	/* Every dump torn: the last one, without its repeat, and a warning. */
	fk.intr_dumps = 100;
	CHECK_INT(lbrctl("fdb", "show", "lb0", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:01 dev lb0 master lb0 permanent\n"
		       "02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "02:00:00:00:00:09 dev vc3 master lb0 static\n");
	CHECK_STR(ERR, "lbrctl: warning: the table changed during each of 5 dumps in a row;"
		       " this listing may be inconsistent\n");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_FDB], NL_DUMP_TRIES);
}

/* More entries than a compact message holds, on every port, some labelled. */
static void many_entries(void)
{
	for (int i = 0; i < 40; i++)
		fk.fdb[fk.nfdb++] = (struct fake_fdb){
			{ 0x02, 0x00, 0x5e, 0x00, 0x01, i }, 10, i % 3 ? 10 + i % 3 : 0,
			i % 3 ? LBRIDGE_FDB_STATE_LEARNED : LBRIDGE_FDB_STATE_STATIC,
			i * 1001u,
		};
	strcpy(fk.ports[0].label, "web 1");
}

/* Output and status of lbrctl ARGS... in the form fk.no_compact says. */
struct shown {
	int rc;
	char out[16384], err[1024];
};

static void show_as(bool compact, struct shown *s, const char *const *args)
{
	fk.no_compact = !compact;
	s->rc = lbrctl(args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], NULL);
	snprintf(s->out, sizeof(s->out), "%s", OUT);
	snprintf(s->err, sizeof(s->err), "%s", ERR);
}

/*
 * The compact dump prints what the per-entry dump prints, byte for byte,
 * in every form of fdb show.
 */
static void fdb_show_compact_same_as_per_entry(void)
{
	static const char *const lines[][8] = {
		{ "fdb", "show", "lb0", NULL },
		{ "-s", "fdb", "show", "lb0", NULL },
		{ "-j", "fdb", "show", "lb0", NULL },
		{ "-j", "-s", "fdb", "show", "lb0", NULL },
		{ "-p", "-s", "fdb", "show", "lb0", NULL },
		{ "fdb", "show", "lb0", "dev", "vc2", NULL },
		{ "-j", "-s", "fdb", "show", "lb0", "dev", "vc2" },
		{ "fdb", "show", NULL },
		{ "-j", "fdb", "show", NULL },
	};
	/* Names and labels the printers must escape, each its own way. */
	static const char *const labels[] = { "web 1", "say \"hi\"", "\x1b[31mred", "bad\xff" };
	struct shown *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));

	CHECK(a && b);
	for (size_t l = 0; a && b && l < sizeof(labels) / sizeof(labels[0]); l++) {
		fake_reset();
		many_entries();
		strcpy(fk.ports[0].label, labels[l]);
		if (l == 3)
			strcpy(fk.ports[1].name, "v\xff" "3");
		for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
			int compact = fk.compact_dumps;

			show_as(false, a, lines[i]);
			CHECK_INT(fk.compact_dumps, compact);
			show_as(true, b, lines[i]);
			CHECK(fk.compact_dumps > compact);
			CHECK_INT(a->rc, 0);
			CHECK_INT(b->rc, a->rc);
			CHECK_STR(b->out, a->out);
			CHECK_STR(b->err, a->err);
			/* More than one message's worth. */
			CHECK(strlen(a->out) > 400);
		}
	}
	free(a);
	free(b);
}

/* A module without FDB_COMPACT refuses it: the per-entry dump, silently. */
static void fdb_show_falls_back(void)
{
	fake_reset();
	second_bridge_for_fdb();
	fk.no_compact = true;
	CHECK_INT(lbrctl("fdb", "show", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:01 dev lb0 master lb0 permanent\n"
		       "02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "02:00:00:00:00:09 dev vc3 master lb0 static\n"
		       "02:42:ac:12:00:05 dev vx0 master lb1\n");
	CHECK_STR(ERR, "");
	/* Refused once: the second bridge is asked the old way at once. */
	CHECK_INT(fk.refused, 1);
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_FDB], 3);
	CHECK_INT(fk.compact_dumps, 0);
}

/* A newer module's longer records: the fields this tool knows. */
static void fdb_show_longer_records(void)
{
	fake_reset();
	fk.record_size = sizeof(struct lbridge_fdb_record) + 8;
	CHECK_INT(lbrctl("-s", "fdb", "show", "lb0", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:01 dev lb0 master lb0 permanent age 0.00s\n"
		       "02:42:ac:11:00:02 dev vc2 master lb0 age 3.25s\n"
		       "02:00:00:00:00:09 dev vc3 master lb0 static age 120.00s\n");
	CHECK_INT(fk.compact_dumps, 1);
}

/* Records shorter than the struct, or torn: nothing printed, an error. */
static void fdb_show_bad_records(void)
{
	static const char want[] = "lbrctl: the kernel's reply makes no sense"
				   " (is lbrctl older than the module?)\n";

	fake_reset();
	fk.record_size = sizeof(struct lbridge_fdb_record) - 4;
	CHECK_INT(lbrctl("fdb", "show", "lb0", NULL), 1);
	CHECK_STR(OUT, "");
	CHECK_STR(ERR, want);
	fake_reset();
	fk.records_cut = 3;
	CHECK_INT(lbrctl("-j", "fdb", "show", "lb0", NULL), 1);
	CHECK_STR(OUT, "");
	CHECK_STR(ERR, want);
	/* Not mistaken for an older module: no second try. */
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_FDB], 1);
}

/* An entry on a port that has left since (no port of that ifindex): ifN. */
static void fdb_show_port_gone(void)
{
	fake_reset();
	fk.fdb[fk.nfdb++] = (struct fake_fdb){
		{ 0x02, 0x00, 0x5e, 0x00, 0x02, 0x01 }, 10, 99, LBRIDGE_FDB_STATE_LEARNED, 0,
	};
	CHECK_INT(lbrctl("fdb", "show", "lb0", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:01 dev lb0 master lb0 permanent\n"
		       "02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "02:00:00:00:00:09 dev vc3 master lb0 static\n"
		       "02:00:5e:00:02:01 dev if99 master lb0\n");
	CHECK_INT(lbrctl("-j", "fdb", "show", "lb0", NULL), 0);
	CHECK_JSON_SUBSET(OUT, "[{},{},{},{\"mac\":\"02:00:5e:00:02:01\",\"ifname\":\"if99\"}]");
	CHECK_INT(lbrctl("-p", "fdb", "show", "lb0", NULL), 0);
	CHECK_HAS(OUT, "\"ifname\": \"if99\"");
	/* More ports gone than the table of ports starts with. */
	for (int i = 0; i < 200; i++)
		fk.fdb[fk.nfdb++] = (struct fake_fdb){
			{ 0x02, 0x00, 0x5e, 0x00, 0x03, i }, 10, 1000 + i, LBRIDGE_FDB_STATE_LEARNED, 0,
		};
	CHECK_INT(lbrctl("fdb", "show", "lb0", NULL), 0);
	CHECK_HAS(OUT, "02:00:5e:00:03:00 dev if1000 master lb0\n");
	CHECK_HAS(OUT, "02:00:5e:00:03:c7 dev if1199 master lb0\n");
	CHECK_HAS(OUT, "02:42:ac:11:00:02 dev vc2 master lb0\n");
}

static void fdb_flush(void)
{
	fake_reset();
	CHECK_INT(lbrctl("fdb", "flush", "lb0", "dev", "vc2", "dynamic", NULL), 0);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_IFINDEX), 10);
	CHECK_INT(last_u32(LBRIDGE_A_PORT, LBRIDGE_PORT_A_IFINDEX), 11);
	CHECK_INT(last_u32(0, LBRIDGE_A_FLUSH_FLAGS), LBRIDGE_FLUSH_F_DYNAMIC);
	CHECK_INT(fake_count_fdb(LBRIDGE_FDB_STATE_LEARNED), 0);
	CHECK_INT(fake_count_fdb(LBRIDGE_FDB_STATE_STATIC), 1);
	CHECK_INT(lbrctl("fdb", "flush", "lb0", NULL), 0);
	CHECK(!fake_last_attr(LBRIDGE_A_PORT, LBRIDGE_PORT_A_IFINDEX));
	CHECK(!fake_last_attr(0, LBRIDGE_A_FLUSH_FLAGS));
	CHECK_INT(fake_count_fdb(-1), 1);
	CHECK_INT(lbrctl("fdb", "flush", "lb0", "dynamic", "dev", "vc3", NULL), 0);
	CHECK_INT(last_u32(LBRIDGE_A_PORT, LBRIDGE_PORT_A_IFINDEX), 12);
}

static void set_pairs(void)
{
	const struct nlattr *a;

	fake_reset();
	CHECK_INT(lbrctl("set", "lb0", "ageing", "0", "max-learned", "10", "learning", "off",
			 NULL), 0);
	CHECK_INT(fk.cmds[LBRIDGE_CMD_SET_BRIDGE], 1);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_IFINDEX), 10);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_AGEING_TIME), 0);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_MAX_LEARNED), 10);
	a = fake_last_attr(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_LEARNING);
	CHECK(a && mnl_attr_get_payload_len(a) == 1 && mnl_attr_get_u8(a) == 0);
	CHECK_INT(lbrctl("set", "lb0", "learning", "on", NULL), 0);
	CHECK(!fake_last_attr(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_AGEING_TIME));
	CHECK(!fake_last_attr(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_MAX_LEARNED));
	CHECK_INT(lbrctl("-j", "show", "lb0", NULL), 0);
	CHECK_JSON_SUBSET(OUT, "[{\"ageing_time\":0,\"max_learned\":10,\"learned\":1,"
		       "\"port_max_learned\":256,\"max_static\":0,\"static_count\":1,"
		       "\"learning\":true}]");
}

static void port_set_learning(void)
{
	const struct nlattr *a;
	struct json_object *j, *port, *v;

	fake_reset();
	CHECK_INT(lbrctl("port", "set", "vc3", "learning", "off", NULL), 0);
	CHECK_STR(ERR, "");
	CHECK_STR(OUT, "");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_SET_PORT], 1);
	CHECK_INT(last_u32(LBRIDGE_A_PORT, LBRIDGE_PORT_A_IFINDEX), 12);
	a = fake_last_attr(LBRIDGE_A_PORT, LBRIDGE_PORT_A_LEARNING);
	CHECK(a && mnl_attr_get_payload_len(a) == 1 && mnl_attr_get_u8(a) == 0);
	/* The port names its bridge. */
	CHECK(!fake_last_attr(0, LBRIDGE_A_BRIDGE));
	CHECK(!fk.ports[1].learning);
	CHECK(fk.ports[0].learning);
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  vc2  up  peer eth0 netns lbt-c2  learned-macs 1  static-macs 0  neighs 2  learning on  flood on  mcast_flood on  bcast_flood on  hairpin off  isolated off  neigh-suppress off  rx");
	CHECK_HAS(OUT, "  vc3  down  peer vc3p  learned-macs 0  static-macs 1  neighs 1  learning off  flood on  mcast_flood on  bcast_flood on  hairpin off  isolated off  neigh-suppress off  rx");
	CHECK_INT(lbrctl("-j", "show", "lb0", NULL), 0);
	j = json_tokener_parse(OUT);
	CHECK(j);
	port = json_object_array_get_idx(json_object_object_get(json_object_array_get_idx(j, 0),
								"ports"), 1);
	CHECK(json_object_object_get_ex(port, "learning", &v));
	CHECK(json_object_is_type(v, json_type_boolean) && !json_object_get_boolean(v));
	CHECK(json_object_object_get_ex(port, "static_count", &v));
	CHECK_INT(json_object_get_int64(v), 1);
	json_object_put(j);
	CHECK_INT(lbrctl("port", "set", "vc3", "learning", "on", NULL), 0);
	CHECK(fk.ports[1].learning);

	/* Refused before anything is sent. */
	refuse("Error: learning must be on or off, not \"yes\"\n",
	       "port", "set", "vc2", "learning", "yes", NULL, NULL);
	refuse("Error: no port named vc9\n", "port", "set", "vc9", "learning", "on", NULL, NULL);
	refuse("Error: learning is given twice\n",
	       "port", "set", "vc2", "learning", "on", "learning", "off");
	refuse("Error: unknown setting \"ageing\"\nUsage: lbrctl " USAGE_PORT_SET "\n",
	       "port", "set", "vc2", "ageing", "5", NULL, NULL);
	refuse("Usage: lbrctl " USAGE_PORT_SET "\n", "port", "set", "vc2", NULL, NULL, NULL, NULL);
	refuse("Usage: lbrctl " USAGE_PORT_SET "\n", "port", "set", "vc2", "learning", NULL, NULL,
	       NULL);
	refuse("lbrctl: unknown port command \"get\"; see \"lbrctl port help\"\n",
	       "port", "get", NULL, NULL, NULL, NULL, NULL);
	/* The kernel's refusal, with its words. */
	fake_reset();
	CHECK_INT(lbrctl("port", "set", "eth0", "learning", "on", NULL), 1);
	CHECK_STR(ERR, "Error: lbridge: Device is not a port of an lbridge bridge\n");
	fk.deny_admin = true;
	CHECK_INT(lbrctl("port", "set", "vc2", "learning", "off", NULL), 1);
	CHECK_STR(ERR, "Error: permission denied (changes need CAP_NET_ADMIN)\n");
}

/* The value of the port flag @type in the last request, -1 if absent. */
static int last_flag(int type)
{
	const struct nlattr *a = fake_last_attr(LBRIDGE_A_PORT, type);

	if (!a || mnl_attr_get_payload_len(a) != 1)
		return -1;
	return mnl_attr_get_u8(a);
}

/* A port's flag in JSON: 1 or 0, -1 when it is no boolean. */
static int json_port_flag(struct json_object *port, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(port, key, &v) ||
	    !json_object_is_type(v, json_type_boolean))
		return -1;
	return json_object_get_boolean(v);
}

static void port_set_flags(void)
{
	struct json_object *j, *port;

	fake_reset();
	CHECK_INT(lbrctl("port", "set", "vc2", "isolated", "on", "hairpin", "on", "flood", "off",
			 "mcast_flood", "off", "bcast_flood", "off", NULL), 0);
	CHECK_STR(ERR, "");
	/* One request, with every flag given and nothing else. */
	CHECK_INT(fk.cmds[LBRIDGE_CMD_SET_PORT], 1);
	CHECK_INT(last_flag(LBRIDGE_PORT_A_ISOLATED), 1);
	CHECK_INT(last_flag(LBRIDGE_PORT_A_HAIRPIN), 1);
	CHECK_INT(last_flag(LBRIDGE_PORT_A_FLOOD), 0);
	CHECK_INT(last_flag(LBRIDGE_PORT_A_MCAST_FLOOD), 0);
	CHECK_INT(last_flag(LBRIDGE_PORT_A_BCAST_FLOOD), 0);
	CHECK_INT(last_flag(LBRIDGE_PORT_A_LEARNING), -1);
	CHECK(fk.ports[0].isolated && fk.ports[0].hairpin && !fk.ports[0].flood);
	CHECK(!fk.ports[1].isolated && fk.ports[1].flood);

	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  vc2  up  peer eth0 netns lbt-c2  learned-macs 1  static-macs 0  neighs 2  learning on  flood off  mcast_flood off"
		       "  bcast_flood off  hairpin on  isolated on  neigh-suppress off  rx");
	CHECK_HAS(OUT, "  vc3  down  peer vc3p  learned-macs 0  static-macs 1  neighs 1  learning on  flood on  mcast_flood on"
		       "  bcast_flood on  hairpin off  isolated off  neigh-suppress off  rx");
	CHECK_INT(lbrctl("-j", "show", "lb0", NULL), 0);
	j = json_tokener_parse(OUT);
	CHECK(j);
	port = json_object_array_get_idx(json_object_object_get(json_object_array_get_idx(j, 0),
								"ports"), 0);
	CHECK_INT(json_port_flag(port, "isolated"), 1);
	CHECK_INT(json_port_flag(port, "hairpin"), 1);
	CHECK_INT(json_port_flag(port, "flood"), 0);
	CHECK_INT(json_port_flag(port, "mcast_flood"), 0);
	CHECK_INT(json_port_flag(port, "bcast_flood"), 0);
	CHECK_INT(json_port_flag(port, "learning"), 1);
	json_object_put(j);

	CHECK_INT(lbrctl("port", "set", "vc2", "isolated", "off", NULL), 0);
	CHECK(!fk.ports[0].isolated && fk.ports[0].hairpin);

	/* Refused before anything is sent. */
	refuse("Error: isolated must be on or off, not \"1\"\n",
	       "port", "set", "vc2", "hairpin", "on", "isolated", "1");
	refuse("Error: hairpin is given twice\n",
	       "port", "set", "vc2", "hairpin", "on", "hairpin", "off");
	refuse("Error: unknown setting \"cost\"\nUsage: lbrctl " USAGE_PORT_SET "\n",
	       "port", "set", "vc2", "cost", "5", NULL, NULL);
}

static void set_caps(void)
{
	fake_reset();
	CHECK_INT(lbrctl("set", "lb0", "max-static", "100", "port-max-learned", "0", NULL), 0);
	CHECK_STR(ERR, "");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_SET_BRIDGE], 1);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_IFINDEX), 10);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_MAX_STATIC), 100);
	/* 0 is sent, not left out: it lifts the cap. */
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED), 0);
	CHECK(!fake_last_attr(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_AGEING_TIME));
	CHECK(!fake_last_attr(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_MAX_LEARNED));
	CHECK(!fake_last_attr(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_LEARNING));
	CHECK_INT(fk.bridges[0].max_static, 100);
	CHECK_INT(fk.bridges[0].port_max_learned, 0);

	/* Every setting in one request, the largest values accepted. */
	CHECK_INT(lbrctl("set", "lb0", "port-max-learned", "4294967295", "ageing", "5",
			 "max-static", "4294967295", "learning", "off", "max-learned", "7", NULL), 0);
	CHECK_INT(fk.cmds[LBRIDGE_CMD_SET_BRIDGE], 2);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED), 4294967295u);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_MAX_STATIC), 4294967295u);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_AGEING_TIME), 5);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_MAX_LEARNED), 7);
	CHECK(fake_last_attr(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_LEARNING));

	/* Only what was given. */
	CHECK_INT(lbrctl("set", "lb0", "port-max-learned", "64", NULL), 0);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED), 64);
	CHECK(!fake_last_attr(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_MAX_STATIC));
	CHECK_INT(fk.bridges[0].max_static, 4294967295u);
	CHECK_INT(lbrctl("set", "lb0", "max-static", "0", NULL), 0);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_MAX_STATIC), 0);
	CHECK(!fake_last_attr(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED));
	CHECK_INT(fk.bridges[0].port_max_learned, 64);
}

static void bad_caps_refused(void)
{
	static const char *const keys[] = { "max-static", "port-max-learned" };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *k = keys[i];
		char want[128];

		snprintf(want, sizeof(want), "Error: %s: \"-1\" is not a number\n", k);
		refuse(want, "set", "lb0", k, "-1", NULL, NULL, NULL);
		snprintf(want, sizeof(want), "Error: %s: \"ten\" is not a number\n", k);
		refuse(want, "set", "lb0", k, "ten", NULL, NULL, NULL);
		snprintf(want, sizeof(want), "Error: %s: \"\" is not a number\n", k);
		refuse(want, "set", "lb0", k, "", NULL, NULL, NULL);
		snprintf(want, sizeof(want), "Error: %s: \"0x10\" is not a number\n", k);
		refuse(want, "set", "lb0", k, "0x10", NULL, NULL, NULL);
		snprintf(want, sizeof(want), "Error: %s: \"+5\" is not a number\n", k);
		refuse(want, "set", "lb0", k, "+5", NULL, NULL, NULL);
		snprintf(want, sizeof(want), "Error: %s must be at most 4294967295\n", k);
		refuse(want, "set", "lb0", k, "4294967296", NULL, NULL, NULL);
		refuse(want, "set", "lb0", k, "18446744073709551617", NULL, NULL, NULL);
		/* After a good pair: still nothing sent. */
		snprintf(want, sizeof(want), "Error: %s: \"-3\" is not a number\n", k);
		refuse(want, "set", "lb0", "learning", "off", k, "-3", NULL);
		snprintf(want, sizeof(want), "Error: %s is given twice\n", k);
		refuse(want, "set", "lb0", k, "1", k, "1", NULL);
	}
	/* The value is checked before the bridge name is looked up. */
	refuse("Error: max-static: \"x\" is not a number\n",
	       "set", "lb9", "max-static", "x", NULL, NULL, NULL);
}

static void show_caps_and_port_counts(void)
{
	struct json_object *j, *br, *port, *v;

	fake_reset();
	fk.bridges[0].max_static = 30;
	fk.bridges[0].port_max_learned = 20;
	/* Two more learned behind vc3: each port counts its own. */
	fk.fdb[fk.nfdb++] = (struct fake_fdb){ { 2, 0, 0, 0, 3, 1 }, 10, 12,
					       LBRIDGE_FDB_STATE_LEARNED, 10 };
	fk.fdb[fk.nfdb++] = (struct fake_fdb){ { 2, 0, 0, 0, 3, 2 }, 10, 12,
					       LBRIDGE_FDB_STATE_LEARNED, 10 };
	fk.fdb[fk.nfdb++] = (struct fake_fdb){ { 2, 0, 0, 0, 2, 1 }, 10, 11,
					       LBRIDGE_FDB_STATE_STATIC, 10 };
	CHECK_INT(lbrctl("show", "lb0", NULL), 0);
	CHECK_STR(OUT, "lb0: ageing 300s  max-learned 16384  learned 3  port-max-learned 20"
		       "  max-static 30  static 2  learning on  max-neigh 4096  neighs 3  port-max-neigh 256  neigh-suppress off  announce on  ports 2  address 02:42:ac:11:00:01\n"
		       "  vc2  up  peer eth0 netns lbt-c2  learned-macs 1  static-macs 1  neighs 2  learning on  flood on  mcast_flood on  bcast_flood on  hairpin off  isolated off  neigh-suppress off  rx 12 tx 10 flooded 3 dropped 9 learned 1\n"
		       "  vc3  down  peer vc3p  learned-macs 2  static-macs 1  neighs 1  learning on  flood on  mcast_flood on  bcast_flood on  hairpin off  isolated off  neigh-suppress off  rx 0 tx 0 flooded 0 dropped 0 learned 0\n");
	CHECK_INT(lbrctl("-j", "show", "lb0", NULL), 0);
	j = json_tokener_parse(OUT);
	CHECK(j && json_object_array_length(j) == 1);
	br = json_object_array_get_idx(j, 0);
	CHECK(json_object_object_get_ex(br, "max_static", &v));
	CHECK_INT(json_object_get_int64(v), 30);
	CHECK(json_object_object_get_ex(br, "static_count", &v));
	CHECK_INT(json_object_get_int64(v), 2);
	CHECK(json_object_object_get_ex(br, "port_max_learned", &v));
	CHECK_INT(json_object_get_int64(v), 20);
	CHECK(json_object_object_get_ex(br, "ports", &v));
	port = json_object_array_get_idx(v, 1);
	CHECK(json_object_object_get_ex(port, "ifname", &v));
	CHECK_STR(json_object_get_string(v), "vc3");
	CHECK(json_object_object_get_ex(port, "learned_count", &v));
	CHECK_INT(json_object_get_int64(v), 2);
	json_object_put(j);
}

static void show_json_and_stats(void)
{
	struct json_object *j, *br, *ports, *port, *stats, *v;

	fake_reset();
	CHECK_INT(lbrctl("-j", NULL), 0);
	j = json_tokener_parse(OUT);
	CHECK(j && json_object_array_length(j) == 1);
	br = json_object_array_get_idx(j, 0);
	CHECK(json_object_object_get_ex(br, "address", &v));
	CHECK_STR(json_object_get_string(v), "02:42:ac:11:00:01");
	CHECK(json_object_object_get_ex(br, "ports", &ports));
	CHECK_INT(json_object_array_length(ports), 2);
	port = json_object_array_get_idx(ports, 0);
	CHECK(json_object_object_get_ex(port, "stats", &stats));
	CHECK_INT(json_object_object_length(stats), LBRIDGE_PORT_STAT_MAX - LBRIDGE_PORT_STAT_PAD);
	CHECK(json_object_object_get_ex(stats, "drop_link_local", &v));
	CHECK_INT(json_object_get_int64(v), 4);
	CHECK(json_object_object_get_ex(stats, "learn_port_cap", &v));
	CHECK_INT(json_object_get_int64(v), 5);
	CHECK(json_object_object_get_ex(stats, "drop_flood_backlog", &v));
	CHECK_INT(json_object_get_int64(v), 3);
	CHECK(json_object_object_get_ex(port, "learned_count", &v));
	CHECK_INT(json_object_get_int64(v), 1);
	json_object_put(j);
	/* -p is JSON too, pretty. */
	CHECK_INT(lbrctl("-p", "show", "lb0", NULL), 0);
	CHECK_JSON_SUBSET(OUT, "[{\"ifname\":\"lb0\"}]");
	CHECK_HAS(OUT, "\n    \"ifname\": \"lb0\",\n");
	CHECK_INT(lbrctl("-s", "show", NULL), 0);
	/* Counters added to the header later go at the end of their line. */
	CHECK_HAS(OUT, "  vc2  up  peer eth0 netns lbt-c2  learned-macs 1  static-macs 0  neighs 2  learning on  flood on  mcast_flood on  bcast_flood on  hairpin off  isolated off  neigh-suppress off  rx 12 tx 10 flooded 3 dropped 9 learned 1\n"
		       "    rx_packets 12  rx_bytes 1200  tx_packets 10  tx_bytes 1000\n"
		       "    flooded 3  learned 1  moves 0  learn_cap 0  own_source 0"
		       "  learn_port_cap 5");
	CHECK_HAS(OUT, "\n    drop_down 0  drop_mtu 2  drop_link_local 4  drop_invalid_source 0"
		       "  drop_nomem 0  drop_flood_backlog 3");
}

/* Attributes and counters from a newer module change nothing. */
static void newer_module_replies(void)
{
	char plain[4096];

	fake_reset();
	CHECK_INT(lbrctl("-s", "show", NULL), 0);
	snprintf(plain, sizeof(plain), "%s", OUT);
	fk.newer_attrs = true;
	CHECK_INT(lbrctl("-s", "show", NULL), 0);
	CHECK_STR(OUT, plain);
	CHECK_STR(ERR, "");
	CHECK_INT(lbrctl("fdb", "show", "lb0", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:01 dev lb0 master lb0 permanent\n"
		       "02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "02:00:00:00:00:09 dev vc3 master lb0 static\n");
	/* And no request of ours was refused for what it carried. */
	CHECK_INT(fk.refused, 0);
}

/*
 * Every counter of the header, named after its enumerator: printed in
 * JSON and with -s, and summed into "dropped" when it is a drop_ one.
 * Nothing here lists them, so a counter added to the header is covered.
 */
static void show_prints_every_counter(void)
{
	struct json_object *j, *stats, *v;
	uint64_t drops = 0;
	char want[128];
	int n = 0;

	fake_reset();
	for (int i = LBRIDGE_PORT_STAT_PAD + 1; i <= LBRIDGE_PORT_STAT_MAX; i++) {
		const char *name = lbr_port_stat_names[i];

		CHECK(name);
		fk.ports[1].stats[i] = 1000 + i;
		if (!strncmp(name, "drop_", 5))
			drops += 1000 + i;
		n++;
	}
	CHECK_INT(lbrctl("-s", "show", NULL), 0);
	for (int i = LBRIDGE_PORT_STAT_PAD + 1; i <= LBRIDGE_PORT_STAT_MAX; i++) {
		snprintf(want, sizeof(want), " %s %d", lbr_port_stat_names[i], 1000 + i);
		CHECK_HAS(OUT, want);
	}
	snprintf(want, sizeof(want), " dropped %llu ", (unsigned long long)drops);
	CHECK_HAS(OUT, want);
	CHECK_INT(lbrctl("-j", "show", NULL), 0);
	j = json_tokener_parse(OUT);
	CHECK(j);
	stats = json_object_object_get(json_object_array_get_idx(
		json_object_object_get(json_object_array_get_idx(j, 0), "ports"), 1), "stats");
	CHECK_INT(json_object_object_length(stats), n);
	for (int i = LBRIDGE_PORT_STAT_PAD + 1; i <= LBRIDGE_PORT_STAT_MAX; i++) {
		CHECK(json_object_object_get_ex(stats, lbr_port_stat_names[i], &v));
		CHECK_INT(json_object_get_int64(v), 1000 + i);
	}
	json_object_put(j);
}

static void graph_end_to_end(void)
{
	fake_reset();
	CHECK_INT(lbrctl("graph", "lb0", NULL), 0);
	CHECK_HAS(OUT, "graph lbridge {\n");
	CHECK_HAS(OUT, "label=\"eth0\\nnetns lbt-c2\"");
	CHECK_HAS(OUT, "label=\"vc3p\\nifindex 13\"");
	CHECK_HAS(OUT, "\t\"peer:vc2\" -- \"mac:lb0/02:42:ac:11:00:02\" [style=dotted];\n");
	CHECK(!strstr(OUT, "mac:lb0/02:42:ac:11:00:01"));
	CHECK_STR(ERR, "");
}

static void monitor_events(void)
{
	fake_reset();
	fake_event(LBRIDGE_FDB_EVENT_LEARN, "lb0", "vc2", "02:42:ac:11:00:02",
		   LBRIDGE_FDB_STATE_LEARNED, 0);
	fake_event(LBRIDGE_FDB_EVENT_MOVE, "lb1", "vc7", "02:42:ac:11:00:02",
		   LBRIDGE_FDB_STATE_LEARNED, 0);
	fake_event(LBRIDGE_FDB_EVENT_ADD, "lb0", "vc3", "02:00:00:00:00:09",
		   LBRIDGE_FDB_STATE_STATIC, 0);
	fake_event(LBRIDGE_FDB_EVENT_AGE, "lb0", "vc2", "02:42:ac:11:00:02",
		   LBRIDGE_FDB_STATE_LEARNED, 0);
	fake_event(LBRIDGE_FDB_EVENT_DELETE, "lb0", "vc3", "02:00:00:00:00:09",
		   LBRIDGE_FDB_STATE_STATIC, 0);
	fake_event(LBRIDGE_FDB_EVENT_FLUSH, "lb0", NULL, NULL, -1, 0);
	fake_event(LBRIDGE_FDB_EVENT_FLUSH, "lb0", "vc2", NULL, -1, LBRIDGE_FLUSH_F_DYNAMIC);
	CHECK_INT(lbrctl("monitor", NULL), 0);
	CHECK_STR(OUT, "learn 02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "move 02:42:ac:11:00:02 dev vc7 master lb1\n"
		       "add 02:00:00:00:00:09 dev vc3 master lb0 static\n"
		       "age 02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "delete 02:00:00:00:00:09 dev vc3 master lb0 static\n"
		       "flush master lb0\n"
		       "flush master lb0 dev vc2 dynamic\n");
}

static void monitor_filter_and_json(void)
{
	fake_reset();
	fake_event(LBRIDGE_FDB_EVENT_LEARN, "lb0", "vc2", "02:42:ac:11:00:02",
		   LBRIDGE_FDB_STATE_LEARNED, 0);
	fake_event(LBRIDGE_FDB_EVENT_LEARN, "lb1", "vc7", "02:42:ac:11:00:07",
		   LBRIDGE_FDB_STATE_LEARNED, 0);
	/* lb1's events are another bridge's: filtered out by name. */
	CHECK_INT(lbrctl("-j", "monitor", "lb0", NULL), 0);
	CHECK_JSON_LINES(OUT, "{\"event\":\"learn\",\"mac\":\"02:42:ac:11:00:02\",\"ifname\":\"vc2\","
		       "\"flags\":[],\"master\":\"lb0\",\"state\":\"\"}\n");
	/* The kernel was asked for lb0 by name. */
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_BRIDGE], 1);
	CHECK_STR(mnl_attr_get_str(fake_last_attr(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_IFNAME)), "lb0");
	fk.has_group = false;
	CHECK_INT(lbrctl("monitor", NULL), 1);
	CHECK_HAS(ERR, "no \"fdb\" event group");
}

/* A name that is no lbridge bridge would be waited on forever, in silence. */
static void monitor_refuses_what_is_no_bridge(void)
{
	fake_reset();
	fake_event(LBRIDGE_FDB_EVENT_LEARN, "lb0", "vc2", "02:42:ac:11:00:02",
		   LBRIDGE_FDB_STATE_LEARNED, 0);
	CHECK_INT(lbrctl("monitor", "lb9", NULL), 1);
	CHECK_STR(ERR, "lbrctl: lb9: no such lbridge bridge\n");
	CHECK_STR(OUT, "");
	/* A device, but no lbridge bridge. */
	CHECK_INT(lbrctl("monitor", "eth0", NULL), 1);
	CHECK_STR(ERR, "lbrctl: eth0: no such lbridge bridge\n");
	CHECK_INT(lbrctl("-j", "monitor", "vc2", NULL), 1);
	CHECK_STR(ERR, "lbrctl: vc2: no such lbridge bridge\n");
	CHECK_STR(OUT, "");
}

static void monitor_limit_and_lost(void)
{
	fake_reset();
	fake_event(LBRIDGE_FDB_EVENT_LIMIT, "lb0", "vc2", "02:00:00:00:ee:01", -1, 0);
	fk.suppressed = 17;
	fake_event(LBRIDGE_FDB_EVENT_MOVE, "lb0", "vc3", "02:42:ac:11:00:02",
		   LBRIDGE_FDB_STATE_LEARNED, 0);
	fk.suppressed = 1;
	fake_event(LBRIDGE_FDB_EVENT_LIMIT, "lb0", "vc3", "02:00:00:00:ee:02", -1, 0);
	fake_event(LBRIDGE_FDB_EVENT_LEARN, "lb0", "vc2", "02:00:00:00:ee:03",
		   LBRIDGE_FDB_STATE_LEARNED, 0);
	CHECK_INT(lbrctl("monitor", NULL), 0);
	CHECK_STR(ERR, "");
	CHECK_STR(OUT, "limit 02:00:00:00:ee:01 dev vc2 master lb0\n"
		       "lb0: 17 events suppressed (rate limit)\n"
		       "move 02:42:ac:11:00:02 dev vc3 master lb0\n"
		       "lb0: 1 event suppressed (rate limit)\n"
		       "limit 02:00:00:00:ee:02 dev vc3 master lb0\n"
		       "learn 02:00:00:00:ee:03 dev vc2 master lb0\n");
}

static void monitor_limit_and_lost_json(void)
{
	fake_reset();
	fake_event(LBRIDGE_FDB_EVENT_LIMIT, "lb0", "vc2", "02:00:00:00:ee:01", -1, 0);
	fk.suppressed = 17;
	fake_event(LBRIDGE_FDB_EVENT_LIMIT, "lb0", "vc3", "02:00:00:00:ee:02", -1, 0);
	/* Another bridge's losses go with its events, filtered out. */
	fk.suppressed = 4;
	fake_event(LBRIDGE_FDB_EVENT_MOVE, "lb1", "vc7", "02:42:ac:11:00:07",
		   LBRIDGE_FDB_STATE_LEARNED, 0);
	fake_event(LBRIDGE_FDB_EVENT_MOVE, "lb0", "vc2", "02:42:ac:11:00:02",
		   LBRIDGE_FDB_STATE_LEARNED, 0);
	CHECK_INT(lbrctl("-j", "monitor", "lb0", NULL), 0);
	CHECK_STR(ERR, "");
	CHECK_JSON_LINES(OUT, "{\"event\":\"limit\",\"mac\":\"02:00:00:00:ee:01\",\"ifname\":\"vc2\","
		       "\"flags\":[],\"master\":\"lb0\"}\n"
		       "{\"event\":\"limit\",\"events_lost\":17,\"mac\":\"02:00:00:00:ee:02\","
		       "\"ifname\":\"vc3\",\"flags\":[],\"master\":\"lb0\"}\n"
		       "{\"event\":\"move\",\"mac\":\"02:42:ac:11:00:02\",\"ifname\":\"vc2\","
		       "\"flags\":[],\"master\":\"lb0\",\"state\":\"\"}\n");
}

/* --- -batch -------------------------------------------------------------- */

static void batch_runs_lines(void)
{
	const char *path = batch_file("# a comment\n"
				      "\n"
				      "   \t\n"
				      "fdb add 02:00:00:00:01:01 dev vc2\n"
				      "  fdb   add\t02:00:00:00:01:02 dev vc2   # trailing\n"
				      "fdb show lb0 dev vc2\n"
				      "set lb0 ageing 60\n"
				      "fdb del 02:00:00:00:01:01 dev vc2\n");

	fake_reset();
	CHECK_INT(lbrctl("-batch", path, NULL), 0);
	unlink(path);
	CHECK_STR(ERR, "");
	/* The show saw the adds before it: the queue is flushed before a dump. */
	CHECK_STR(OUT, "02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "02:00:00:00:01:01 dev vc2 master lb0 static\n"
		       "02:00:00:00:01:02 dev vc2 master lb0 static\n");
	CHECK_INT(fake_count_fdb(LBRIDGE_FDB_STATE_STATIC), 2);
	CHECK_INT(fk.bridges[0].ageing, 60);
}

static void batch_is_pipelined(void)
{
	char *text = malloc(1000 * 40), *p = text;
	const char *path;

	for (int i = 0; i < 1000; i++)
		p += sprintf(p, "fdb add 02:00:00:01:%02x:%02x dev vc%d\n", i >> 8, i & 0xff,
			     2 + i % 2);
	path = batch_file(text);
	free(text);
	fake_reset();
	lookups = 0;
	CHECK_INT(lbrctl("-batch", path, NULL), 0);
	unlink(path);
	CHECK_STR(ERR, "");
	CHECK_INT(fake_count_fdb(LBRIDGE_FDB_STATE_STATIC), 1001);
	/* One family lookup, then windows of NL_WINDOW requests. */
	CHECK_INT(fk.sends, 1 + (1000 + NL_WINDOW - 1) / NL_WINDOW);
	/* Two port names, looked up once each. */
	CHECK_INT(lookups, 2);
}

static void batch_kernel_error_line(void)
{
	const char *path = batch_file("fdb add 02:00:00:00:01:01 dev vc2\n"
				      "# the next one exists already\n"
				      "fdb add 02:00:00:00:00:09 dev vc3\n"
				      "fdb add 02:00:00:00:01:03 dev vc2\n"
				      "fdb add 01:00:00:00:01:04 dev vc2\n"
				      "fdb add 02:00:00:00:01:05 dev vc2\n");

	fake_reset();
	CHECK_INT(lbrctl("-batch", path, NULL), 1);
	unlink(path);
	/*
	 * Line 5 is bad too, and found first; but line 3 failed before it
	 * and is the one reported.
	 */
	CHECK_STR(ERR, "lbrctl: line 3: Error: MAC address already has a static or local entry\n");
	CHECK_INT(fake_count_fdb(LBRIDGE_FDB_STATE_STATIC), 3);
}

static void batch_local_error_line(void)
{
	const char *path = batch_file("fdb add 02:00:00:00:01:01 dev vc2\n"
				      "fdb add 02:00:00:00:01:02 dev vc2\n"
				      "fdb add 01:00:00:00:01:03 dev vc2\n"
				      "fdb add 02:00:00:00:01:04 dev vc2\n");

	fake_reset();
	CHECK_INT(lbrctl("-batch", path, NULL), 1);
	CHECK_STR(ERR, "lbrctl: line 3: Error: MAC address is not valid unicast\n");
	/* Lines 1 and 2 were applied; line 4 never ran. */
	CHECK_INT(fake_count_fdb(LBRIDGE_FDB_STATE_STATIC), 3);
	unlink(path);

	path = batch_file("show\n\nfdb add 02:00:00:00:01:01\n");
	CHECK_INT(lbrctl("-batch", path, NULL), 1);
	CHECK_STR(ERR, "lbrctl: line 3: Usage: lbrctl " USAGE_FDB_ADD "\n");
	unlink(path);

	path = batch_file("fdb add 02:00:00:00:01:01 dev vc2\n");
	fk.loaded = false;
	CHECK_INT(lbrctl("-batch", path, NULL), 1);
	CHECK_STR(ERR, "lbrctl: line 1: the lbridge module is not loaded\n");
	unlink(path);

	path = batch_file("fdb add 02:00:00:00:02:01 dev vc2\nfdb fl lb0\n");
	fk.loaded = true;
	CHECK_INT(lbrctl("-batch", path, NULL), 1);
	CHECK_STR(ERR, "lbrctl: line 2: unknown fdb command \"fl\"; see \"lbrctl fdb help\"\n");
	unlink(path);

	CHECK_INT(lbrctl("-batch", "/nonexistent/x", NULL), 1);
	CHECK_STR(ERR, "lbrctl: cannot open /nonexistent/x: No such file or directory\n");
}

static void batch_error_in_last_window(void)
{
	const char *path = batch_file("fdb add 02:00:00:00:01:01 dev vc2\n"
				      "fdb del 02:00:00:00:01:09 dev vc2\n");

	fake_reset();
	CHECK_INT(lbrctl("-batch", path, NULL), 1);
	unlink(path);
	/* Found only when the last window's acks are read, after EOF. */
	CHECK_STR(ERR, "lbrctl: line 2: Error: No such entry on this port\n");
}

const struct test cli_tests[] = {
	TEST(no_command_is_show),
	TEST(unknown_command),
	TEST(abbreviations_refused),
	TEST(missing_args_give_usage),
	TEST(help_version_options),
	TEST(help_at_every_level),
	TEST(bad_macs_refused),
	TEST(unknown_names_refused),
	TEST(bad_numbers_refused),
	TEST(module_not_loaded),
	TEST(module_too_old),
	TEST(permission_denied),
	TEST(extack_reported),
	TEST(max_static_refusal_reported),
	TEST(fdb_add_del),
	TEST(fdb_show_text),
	TEST(fdb_show_json),
	TEST(fdb_show_torn),
	TEST(fdb_show_compact_same_as_per_entry),
	TEST(fdb_show_falls_back),
	TEST(fdb_show_longer_records),
	TEST(fdb_show_bad_records),
	TEST(fdb_show_port_gone),
	TEST(fdb_flush),
	TEST(set_pairs),
	TEST(port_set_learning),
	TEST(port_set_flags),
	TEST(set_caps),
	TEST(bad_caps_refused),
	TEST(show_caps_and_port_counts),
	TEST(show_json_and_stats),
	TEST(newer_module_replies),
	TEST(show_prints_every_counter),
	TEST(graph_end_to_end),
	TEST(monitor_events),
	TEST(monitor_filter_and_json),
	TEST(monitor_refuses_what_is_no_bridge),
	TEST(monitor_limit_and_lost),
	TEST(monitor_limit_and_lost_json),
	TEST(batch_runs_lines),
	TEST(batch_is_pipelined),
	TEST(batch_kernel_error_line),
	TEST(batch_local_error_line),
	TEST(batch_error_in_last_window),
	{ 0 },
};
