// SPDX-License-Identifier: GPL-2.0
/*
 * lbrctl -n NETNS, fdb show without a bridge and fdb get, run through
 * lbrctl_main() against the fake kernel. The namespace switch is a
 * recorded path, except where the real one is asked for a name that
 * cannot exist.
 */
#include <errno.h>
#include <stdarg.h>

#include <json-c/json.h>
#include <libmnl/libmnl.h>

#include "fake_kernel.h"
#include "lbrctl.h"
#include "run.h"
#include "test.h"

static char entered[256];
static int enter_result;
static bool real_netns;

static int fake_enter_netns(const char *path)
{
	snprintf(entered, sizeof(entered), "%s", path);
	return enter_result;
}

static void record_netns(struct ctx *ctx)
{
	if (!real_netns)
		ctx->enter_netns = fake_enter_netns;
}

DEFINE_LBRCTL(record_netns)

static void reset(void)
{
	fake_reset();
	entered[0] = '\0';
	enter_result = 0;
	real_netns = false;
}

/* lb1 (ifindex 20) with port vx0 (21): one learned entry, and its own address. */
static void second_bridge(void)
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
		{ 0x02, 0x42, 0xac, 0x12, 0x00, 0x01 }, 20, 0, LBRIDGE_FDB_STATE_LOCAL, 0,
	};
	/* The same MAC as on lb0: one entry per bridge. */
	fk.fdb[fk.nfdb++] = (struct fake_fdb){
		{ 0x02, 0x42, 0xac, 0x11, 0x00, 0x02 }, 20, 21, LBRIDGE_FDB_STATE_LEARNED, 1500,
	};
}

/* --- -n NETNS ------------------------------------------------------------ */

static void netns_entered_before_anything(void)
{
	reset();
	CHECK_INT(lbrctl("-n", "hA", "fdb", "show", "lb0", NULL), 0);
	CHECK_STR(entered, "/run/netns/hA");
	CHECK_STR(ERR, "");
	CHECK_HAS(OUT, "02:42:ac:11:00:02 dev vc2 master lb0\n");
	/* The long spellings, and with other options around it. */
	reset();
	CHECK_INT(lbrctl("-j", "-netns", "hB", "-s", "show", NULL), 0);
	CHECK_STR(entered, "/run/netns/hB");
	reset();
	CHECK_INT(lbrctl("--netns", "c2", "show", NULL), 0);
	CHECK_STR(entered, "/run/netns/c2");
}

static void netns_refusals(void)
{
	static const struct {
		int err;
		const char *want;
	} cases[] = {
		{ -ENOENT, "Error: no network namespace named hA (no /run/netns/hA; "
			   "see ip netns list)\n" },
		{ -EPERM, "Error: cannot enter network namespace hA: Operation not permitted "
			  "(needs CAP_SYS_ADMIN)\n" },
		{ -EACCES, "Error: cannot enter network namespace hA: Permission denied "
			   "(needs CAP_SYS_ADMIN)\n" },
		{ -EINVAL, "Error: /run/netns/hA is not a network namespace\n" },
		{ -ENOMEM, "Error: cannot enter network namespace hA: Cannot allocate memory\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset();
		enter_result = cases[i].err;
		CHECK_INT(lbrctl("-n", "hA", "show", NULL), 1);
		CHECK_STR(ERR, cases[i].want);
		CHECK_STR(OUT, "");
		/* Nothing sent from the wrong namespace. */
		CHECK_INT(fk.sends, 0);
	}
}

/* A name, never a path: nothing is tried for these. */
static void netns_names_not_paths(void)
{
	static const char *const bad[] = { "", ".", "..", "../../proc/1/ns/net", "a/b", "/x" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char want[128];

		reset();
		CHECK_INT(lbrctl("-n", bad[i], "show", NULL), 1);
		snprintf(want, sizeof(want), "Error: \"%s\" is not a network namespace name\n",
			 bad[i]);
		CHECK_STR(ERR, want);
		CHECK_STR(entered, "");
		CHECK_INT(fk.sends, 0);
	}
	reset();
	CHECK_INT(lbrctl("-n", NULL), 1);
	CHECK_STR(ERR, "lbrctl: -n needs a network namespace name\n");
	CHECK_STR(entered, "");
}

/* The real switch, for a name no test machine has: it fails cleanly. */
static void netns_real_missing(void)
{
	reset();
	real_netns = true;
	CHECK_INT(lbrctl("-n", "lbrctl-unit-test-no-such-netns", "show", NULL), 1);
	CHECK_STR(ERR, "Error: no network namespace named lbrctl-unit-test-no-such-netns (no "
		       "/run/netns/lbrctl-unit-test-no-such-netns; see ip netns list)\n");
	CHECK_INT(fk.sends, 0);
}

/* --- fdb show without a bridge ------------------------------------------- */

static void fdb_show_every_bridge(void)
{
	reset();
	second_bridge();
	CHECK_INT(lbrctl("fdb", "show", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:01 dev lb0 master lb0 permanent\n"
		       "02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "02:00:00:00:00:09 dev vc3 master lb0 static\n"
		       "02:42:ac:12:00:01 dev lb1 master lb1 permanent\n"
		       "02:42:ac:11:00:02 dev vx0 master lb1\n");
	CHECK_STR(ERR, "");
	/* One dump per bridge. */
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_FDB], 2);
	CHECK_INT(lbrctl("-j", "fdb", "show", NULL), 0);
	CHECK_JSON_SUBSET(OUT, "[{\"master\":\"lb0\"},{\"ifname\":\"vc2\"},{},"
			       "{\"mac\":\"02:42:ac:12:00:01\",\"state\":\"permanent\"},"
			       "{\"ifname\":\"vx0\",\"master\":\"lb1\"}]");
	/* No bridge at all: an empty listing, not an error. */
	reset();
	fk.nbridges = 0;
	fk.nports = 0;
	fk.nfdb = 0;
	CHECK_INT(lbrctl("fdb", "show", NULL), 0);
	CHECK_STR(OUT, "");
	CHECK_STR(ERR, "");
	CHECK_INT(lbrctl("-j", "fdb", "show", NULL), 0);
	CHECK_STR(OUT, "[]\n");
}

static void fdb_show_every_bridge_module_missing(void)
{
	reset();
	fk.loaded = false;
	CHECK_INT(lbrctl("fdb", "show", NULL), 1);
	CHECK_STR(ERR, "lbrctl: the lbridge module is not loaded\n");
	CHECK_STR(OUT, "");
}

/* --- fdb get ------------------------------------------------------------- */

static void fdb_get_finds_it(void)
{
	reset();
	CHECK_INT(lbrctl("fdb", "get", "02:42:AC:11:00:02", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:02 dev vc2 master lb0 learned age 3.25s\n");
	CHECK_STR(ERR, "");
	CHECK_INT(lbrctl("fdb", "get", "02:00:00:00:00:09", "lb0", NULL), 0);
	CHECK_STR(OUT, "02:00:00:00:00:09 dev vc3 master lb0 static age 120.00s\n");
	CHECK_INT(mnl_attr_get_u32(fake_last_attr(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_IFINDEX)), 10);
	CHECK_INT(lbrctl("fdb", "get", "02:42:ac:11:00:01", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:01 dev lb0 master lb0 permanent age 0.00s\n");
	CHECK_INT(lbrctl("-j", "fdb", "get", "02:42:ac:11:00:02", NULL), 0);
	CHECK_JSON(OUT, "[{\"mac\":\"02:42:ac:11:00:02\",\"ifname\":\"vc2\",\"master\":\"lb0\","
			"\"state\":\"learned\",\"age\":3.25}]");
}

static void fdb_get_one_line_per_bridge(void)
{
	reset();
	second_bridge();
	CHECK_INT(lbrctl("fdb", "get", "02:42:ac:11:00:02", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:02 dev vc2 master lb0 learned age 3.25s\n"
		       "02:42:ac:11:00:02 dev vx0 master lb1 learned age 1.50s\n");
	CHECK_INT(lbrctl("fdb", "get", "02:42:ac:11:00:02", "lb1", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:02 dev vx0 master lb1 learned age 1.50s\n");
}

static void fdb_get_nowhere(void)
{
	reset();
	second_bridge();
	CHECK_INT(lbrctl("fdb", "get", "02:00:00:00:00:77", NULL), 1);
	CHECK_STR(OUT, "");
	CHECK_STR(ERR, "Error: 02:00:00:00:00:77 is in no bridge's table\n");
	CHECK_INT(lbrctl("-j", "fdb", "get", "02:00:00:00:00:77", NULL), 1);
	CHECK_STR(OUT, "");
	/* On another bridge only. */
	CHECK_INT(lbrctl("fdb", "get", "02:42:ac:12:00:01", "lb0", NULL), 1);
	CHECK_STR(ERR, "Error: 02:42:ac:12:00:01 is not in the table of lb0\n");
	CHECK_STR(OUT, "");
}

static void fdb_get_refusals(void)
{
	reset();
	CHECK_INT(lbrctl("fdb", "get", "02:00:00:00:01", NULL), 1);
	CHECK_STR(ERR, "Error: \"02:00:00:00:01\" is not a MAC address (six hex pairs "
		       "separated by ':')\n");
	CHECK_INT(lbrctl("fdb", "get", "02:00:00:00:00:01", "lb9", NULL), 1);
	CHECK_STR(ERR, "Error: no bridge named lb9\n");
	CHECK_INT(lbrctl("fdb", "get", "02:00:00:00:00:01", "lb0", "x", NULL), 1);
	CHECK_STR(ERR, "Usage: lbrctl " USAGE_FDB_GET "\n");
	CHECK_INT(fk.sends, 0);
	/* Not a bridge: the kernel's word. */
	CHECK_INT(lbrctl("fdb", "get", "02:00:00:00:00:01", "vc2", NULL), 1);
	CHECK_STR(ERR, "Error: lbridge: Device is not an lbridge bridge\n");
}

const struct test netns_fdb_tests[] = {
	TEST(netns_entered_before_anything),
	TEST(netns_refusals),
	TEST(netns_names_not_paths),
	TEST(netns_real_missing),
	TEST(fdb_show_every_bridge),
	TEST(fdb_show_every_bridge_module_missing),
	TEST(fdb_get_finds_it),
	TEST(fdb_get_one_line_per_bridge),
	TEST(fdb_get_nowhere),
	TEST(fdb_get_refusals),
	{ 0 },
};
