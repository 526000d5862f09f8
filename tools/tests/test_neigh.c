// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 10's commands against the fake kernel: port labels, veth peers by
 * namespace name, the binding settings, neigh show, who-has and the
 * neigh events of monitor; and the printing of labels nobody trusts.
 */
#include <errno.h>
#include <stdarg.h>
#include <sys/socket.h>

#include <json-c/json.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "fake_kernel.h"
#include "lbrctl.h"
#include "parse.h"
#include "run.h"
#include "test.h"

static const char *netns_dir;

static void use_netns_dir(struct ctx *ctx)
{
	if (netns_dir)
		ctx->netns_dir = netns_dir;
}

DEFINE_LBRCTL(use_netns_dir)
/* refuse(WANT, ARGS...): the arguments up to the first NULL. */
#define refuse(want, ...) refuse_(want, __VA_ARGS__, (const char *)NULL)

static void reset(void)
{
	fake_reset();
	netns_dir = NULL;
}

/* lb1 (ifindex 20) with port vx0 (21), which has 10.0.0.5 and 172.17.0.9 too. */
static void second_bridge(void)
{
	fk.bridges[fk.nbridges++] = (struct fake_bridge){
		"lb1", 20, { 0x02, 0x42, 0xac, 0x12, 0x00, 0x01 }, 300, 16384, true, 0, 256,
		.max_neigh = FAKE_DEFAULT_MAX_NEIGH, .port_max_neigh = FAKE_DEFAULT_PORT_MAX_NEIGH,
	};
	fk.ports[fk.nports++] = (struct fake_port){
		.name = "vx0", .ifindex = 21, .bridge = 20, .up = true, .learning = true,
		.peer_netnsid = -1, .label = "db",
	};
	fake_add_neigh(20, 21, "10.0.0.5", "02:00:00:00:05:05", LBRIDGE_NEIGH_SOURCE_ARP, 500);
	fake_add_neigh(20, 21, "172.17.0.9", "02:00:00:00:05:09", LBRIDGE_NEIGH_SOURCE_ARP, 700);
}

/* The last request's NEIGH { ADDR }, as text; "" if none. */
static const char *last_addr(void)
{
	static char text[IP_STRLEN];
	const struct nlattr *a = fake_last_attr(LBRIDGE_A_NEIGH, LBRIDGE_NEIGH_A_ADDR);
	uint8_t addr[16] = { 0 };

	text[0] = '\0';
	if (a && (mnl_attr_get_payload_len(a) == 4 || mnl_attr_get_payload_len(a) == 16)) {
		memcpy(addr, mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
		format_ip(mnl_attr_get_payload_len(a) == 4 ? AF_INET : AF_INET6, addr, text);
	}
	return text;
}

static uint32_t last_u32(int nest, int type)
{
	const struct nlattr *a = fake_last_attr(nest, type);

	return a ? mnl_attr_get_u32(a) : 0xdeadbeef;
}

static int last_u8(int nest, int type)
{
	const struct nlattr *a = fake_last_attr(nest, type);

	return a && mnl_attr_get_payload_len(a) == 1 ? mnl_attr_get_u8(a) : -1;
}

/* Port i of the first bridge of a show's JSON (owned by j). */
static struct json_object *json_port(struct json_object *j, size_t i)
{
	return json_object_array_get_idx(json_object_object_get(json_object_array_get_idx(j, 0),
								 "ports"), i);
}

/* Nothing sent, not even the family lookup, and this on stderr. */
static void refuse_(const char *want, const char *first, ...)
{
	va_list ap;
	int rc;

	reset();
	va_start(ap, first);
	rc = run_lbrctl(use_netns_dir, first, ap);
	va_end(ap);
	CHECK_INT(rc, 1);
	CHECK_STR(ERR, want);
	CHECK_STR(OUT, "");
	CHECK_INT(fk.sends, 0);
}

/* --- neigh show ------------------------------------------------------------ */

static void neigh_show_text(void)
{
	reset();
	CHECK_INT(lbrctl("neigh", "show", NULL), 0);
	CHECK_STR(OUT, "172.17.0.2 lladdr 02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "fd00::2 lladdr 02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "172.17.0.9 lladdr 02:00:00:00:00:09 dev vc3 master lb0\n");
	CHECK_STR(ERR, "");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_NEIGH], 1);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_IFINDEX), 10);
	CHECK(!fake_last_attr(0, LBRIDGE_A_PORT));
	CHECK(!fake_last_attr(0, LBRIDGE_A_NEIGH));
	CHECK_INT(lbrctl("-s", "neigh", "show", "lb0", NULL), 0);
	CHECK_STR(OUT, "172.17.0.2 lladdr 02:42:ac:11:00:02 dev vc2 master lb0 age 3.25s source arp\n"
		       "fd00::2 lladdr 02:42:ac:11:00:02 dev vc2 master lb0 age 1.00s source nd\n"
		       "172.17.0.9 lladdr 02:00:00:00:00:09 dev vc3 master lb0 age 60.00s"
		       " source dhcp\n");
	/* One port's: the kernel filters. */
	CHECK_INT(lbrctl("neigh", "show", "lb0", "dev", "vc3", NULL), 0);
	CHECK_STR(OUT, "172.17.0.9 lladdr 02:00:00:00:00:09 dev vc3 master lb0\n");
	CHECK_INT(last_u32(LBRIDGE_A_PORT, LBRIDGE_PORT_A_IFINDEX), 12);
	/* A port alone: its bridge found first. */
	CHECK_INT(lbrctl("neigh", "show", "dev", "vc2", NULL), 0);
	CHECK_STR(OUT, "172.17.0.2 lladdr 02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "fd00::2 lladdr 02:42:ac:11:00:02 dev vc2 master lb0\n");
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_IFINDEX), 10);
	CHECK_INT(last_u32(LBRIDGE_A_PORT, LBRIDGE_PORT_A_IFINDEX), 11);
	/* A label ends the line. */
	strcpy(fk.ports[1].label, "web 1");
	CHECK_INT(lbrctl("neigh", "show", "lb0", "dev", "vc3", NULL), 0);
	CHECK_STR(OUT, "172.17.0.9 lladdr 02:00:00:00:00:09 dev vc3 master lb0 label \"web 1\"\n");
}

static void neigh_show_json(void)
{
	reset();
	strcpy(fk.ports[0].label, "web-1");
	CHECK_INT(lbrctl("-j", "neigh", "show", NULL), 0);
	CHECK_JSON(OUT, "[{\"ip\":\"172.17.0.2\",\"mac\":\"02:42:ac:11:00:02\",\"ifname\":\"vc2\","
			"\"master\":\"lb0\",\"label\":\"web-1\"},"
			"{\"ip\":\"fd00::2\",\"mac\":\"02:42:ac:11:00:02\",\"ifname\":\"vc2\","
			"\"master\":\"lb0\",\"label\":\"web-1\"},"
			"{\"ip\":\"172.17.0.9\",\"mac\":\"02:00:00:00:00:09\",\"ifname\":\"vc3\","
			"\"master\":\"lb0\"}]");
	CHECK_INT(lbrctl("-j", "-s", "neigh", "show", "lb0", "dev", "vc3", NULL), 0);
	CHECK_JSON(OUT, "[{\"ip\":\"172.17.0.9\",\"mac\":\"02:00:00:00:00:09\",\"ifname\":\"vc3\","
			"\"master\":\"lb0\",\"age\":60.0,\"source\":\"dhcp\"}]");
	/* None: an empty array, not nothing. */
	fk.nneigh = 0;
	CHECK_INT(lbrctl("-j", "neigh", "show", NULL), 0);
	CHECK_STR(OUT, "[]\n");
	CHECK_INT(lbrctl("neigh", "show", NULL), 0);
	CHECK_STR(OUT, "");
}

static void neigh_show_every_bridge(void)
{
	reset();
	second_bridge();
	CHECK_INT(lbrctl("neigh", "show", NULL), 0);
	CHECK_STR(OUT, "172.17.0.2 lladdr 02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "fd00::2 lladdr 02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "172.17.0.9 lladdr 02:00:00:00:00:09 dev vc3 master lb0\n"
		       "10.0.0.5 lladdr 02:00:00:00:05:05 dev vx0 master lb1 label db\n"
		       "172.17.0.9 lladdr 02:00:00:00:05:09 dev vx0 master lb1 label db\n");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_NEIGH], 2);
	CHECK_INT(lbrctl("neigh", "show", "dev", "vx0", NULL), 0);
	CHECK_STR(OUT, "10.0.0.5 lladdr 02:00:00:00:05:05 dev vx0 master lb1 label db\n"
		       "172.17.0.9 lladdr 02:00:00:00:05:09 dev vx0 master lb1 label db\n");
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_IFINDEX), 20);
}

/* Torn every time: the last dump, without the binding it listed twice. */
static void neigh_show_torn(void)
{
	reset();
	fk.intr_dumps = 100;
	CHECK_INT(lbrctl("neigh", "show", "lb0", NULL), 0);
	CHECK_STR(OUT, "172.17.0.2 lladdr 02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "fd00::2 lladdr 02:42:ac:11:00:02 dev vc2 master lb0\n"
		       "172.17.0.9 lladdr 02:00:00:00:00:09 dev vc3 master lb0\n");
	CHECK_HAS(ERR, "this listing may be inconsistent");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_NEIGH], NL_DUMP_TRIES);
}

static void neigh_show_refusals(void)
{
	refuse("Usage: lbrctl " USAGE_NEIGH_SHOW "\n", "neigh", "show", "lb0", "lb1", NULL);
	refuse("Usage: lbrctl " USAGE_NEIGH_SHOW "\n", "neigh", "show", "lb0", "dev", NULL);
	refuse("Usage: lbrctl " USAGE_NEIGH_SHOW "\n", "neigh", "show", "dev", NULL, NULL);
	refuse("lbrctl: unknown option \"-x\"; see \"lbrctl help\"\n", "neigh", "show", "-x", NULL,
	       NULL);
	refuse("Error: no bridge named lb9\n", "neigh", "show", "lb9", NULL, NULL);
	refuse("Error: no port named vc9\n", "neigh", "show", "dev", "vc9", NULL);
	refuse("lbrctl: unknown neigh command \"get\"; see \"lbrctl neigh help\"\n", "neigh", "get",
	       NULL, NULL, NULL);
	/* A device, but no port of any bridge: the kernel's list says so. */
	reset();
	CHECK_INT(lbrctl("neigh", "show", "dev", "eth0", NULL), 1);
	CHECK_STR(ERR, "Error: eth0 is not a port of any lbridge bridge\n");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_NEIGH], 0);
	/* Not a bridge: the kernel's word. */
	CHECK_INT(lbrctl("neigh", "show", "vc2", NULL), 1);
	CHECK_STR(ERR, "Error: lbridge: Device is not an lbridge bridge\n");
	CHECK_INT(lbrctl("neigh", "help", NULL), 0);
	CHECK_STR(OUT, "Usage: lbrctl " USAGE_NEIGH_SHOW "\n");
}

/* --- who-has --------------------------------------------------------------- */

static void who_has_finds_it(void)
{
	reset();
	CHECK_INT(lbrctl("who-has", "172.17.0.9", NULL), 0);
	CHECK_STR(OUT, "172.17.0.9 lladdr 02:00:00:00:00:09 dev vc3 master lb0\n");
	CHECK_STR(ERR, "");
	/* The kernel was asked for that address only, in 4 bytes. */
	CHECK_STR(last_addr(), "172.17.0.9");
	CHECK_INT(mnl_attr_get_payload_len(fake_last_attr(LBRIDGE_A_NEIGH, LBRIDGE_NEIGH_A_ADDR)), 4);
	CHECK_INT(lbrctl("-s", "who-has", "fd00:0::2", NULL), 0);
	CHECK_STR(OUT, "fd00::2 lladdr 02:42:ac:11:00:02 dev vc2 master lb0 age 1.00s source nd\n");
	CHECK_STR(last_addr(), "fd00::2");
	CHECK_INT(mnl_attr_get_payload_len(fake_last_attr(LBRIDGE_A_NEIGH, LBRIDGE_NEIGH_A_ADDR)),
		  16);
	CHECK_INT(lbrctl("-j", "who-has", "172.17.0.2", "lb0", NULL), 0);
	CHECK_JSON(OUT, "[{\"ip\":\"172.17.0.2\",\"mac\":\"02:42:ac:11:00:02\",\"ifname\":\"vc2\","
			"\"master\":\"lb0\"}]");
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_IFINDEX), 10);
	/* On two bridges: a line for each. */
	second_bridge();
	CHECK_INT(lbrctl("who-has", "172.17.0.9", NULL), 0);
	CHECK_STR(OUT, "172.17.0.9 lladdr 02:00:00:00:00:09 dev vc3 master lb0\n"
		       "172.17.0.9 lladdr 02:00:00:00:05:09 dev vx0 master lb1 label db\n");
	CHECK_INT(lbrctl("who-has", "172.17.0.9", "lb1", NULL), 0);
	CHECK_STR(OUT, "172.17.0.9 lladdr 02:00:00:00:05:09 dev vx0 master lb1 label db\n");
}

static void who_has_nobody(void)
{
	reset();
	second_bridge();
	CHECK_INT(lbrctl("who-has", "10.9.9.9", NULL), 1);
	CHECK_STR(OUT, "");
	CHECK_STR(ERR, "Error: nobody has 10.9.9.9 on any bridge\n");
	/* Every bridge was asked. */
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_NEIGH], 2);
	CHECK_INT(lbrctl("-j", "who-has", "fd00::9", NULL), 1);
	CHECK_STR(OUT, "");
	CHECK_STR(ERR, "Error: nobody has fd00::9 on any bridge\n");
	/* On another bridge only. */
	CHECK_INT(lbrctl("who-has", "10.0.0.5", "lb0", NULL), 1);
	CHECK_STR(ERR, "Error: nobody has 10.0.0.5 on lb0\n");
	CHECK_STR(OUT, "");
	/* No bridge at all: nobody either. */
	reset();
	fk.nbridges = fk.nports = fk.nneigh = 0;
	CHECK_INT(lbrctl("who-has", "10.0.0.5", NULL), 1);
	CHECK_STR(ERR, "Error: nobody has 10.0.0.5 on any bridge\n");
}

static void who_has_refusals(void)
{
	static const char *const bad[] = { "10.0.0", "1.2.3.4.5", "", "fd00::1%eth0", "lb0",
					   "010.0.0.1", "10.0.0.1/24", "::g" };

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char want[128];

		snprintf(want, sizeof(want),
			 "Error: \"%s\" is not an IP address (IPv4 dotted quad or IPv6)\n", bad[i]);
		refuse(want, "who-has", bad[i], NULL, NULL, NULL);
		refuse(want, "who-has", bad[i], "lb9", NULL, NULL);
	}
	refuse("Usage: lbrctl " USAGE_WHO_HAS "\n", "who-has", NULL, NULL, NULL, NULL);
	refuse("Usage: lbrctl " USAGE_WHO_HAS "\n", "who-has", "10.0.0.1", "lb0", "x", NULL);
	refuse("Error: no bridge named lb9\n", "who-has", "10.0.0.1", "lb9", NULL, NULL);
	refuse("lbrctl: unknown option \"-s\"; see \"lbrctl help\"\n", "who-has", "-s", NULL, NULL,
	       NULL);
}

/* --- port set label | neigh-suppress --------------------------------------- */

static void port_set_label(void)
{
	char long_label[LBRIDGE_LABEL_MAX + 2];
	const struct nlattr *a;
	struct json_object *j, *port, *v;

	reset();
	CHECK_INT(lbrctl("port", "set", "vc2", "label", "web-1", NULL), 0);
	CHECK_STR(ERR, "");
	a = fake_last_attr(LBRIDGE_A_PORT, LBRIDGE_PORT_A_LABEL);
	CHECK(a && !mnl_attr_validate(a, MNL_TYPE_NUL_STRING));
	CHECK_STR(mnl_attr_get_str(a), "web-1");
	CHECK_STR(fk.ports[0].label, "web-1");
	/* Every view shows it. */
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "\n  vc2  up  label web-1  peer eth0 netns lbt-c2  learned-macs 1");
	CHECK_HAS(OUT, "\n  vc3  down  peer vc3p  learned-macs 0");
	CHECK_INT(lbrctl("fdb", "show", "lb0", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:01 dev lb0 master lb0 permanent\n"
		       "02:42:ac:11:00:02 dev vc2 master lb0 label web-1\n"
		       "02:00:00:00:00:09 dev vc3 master lb0 static\n");
	CHECK_INT(lbrctl("fdb", "show", NULL), 0);
	CHECK_HAS(OUT, "02:42:ac:11:00:02 dev vc2 master lb0 label web-1\n");
	CHECK_INT(lbrctl("-s", "fdb", "show", "lb0", "dev", "vc2", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:02 dev vc2 master lb0 age 3.25s label web-1\n");
	CHECK_INT(lbrctl("fdb", "get", "02:42:ac:11:00:02", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:02 dev vc2 master lb0 learned age 3.25s label web-1\n");
	CHECK_INT(lbrctl("-j", "fdb", "show", "lb0", NULL), 0);
	CHECK_JSON_SUBSET(OUT, "[{},{\"ifname\":\"vc2\",\"label\":\"web-1\"},{}]");
	CHECK(!strstr(OUT, "\"label\":\"\""));
	CHECK_INT(lbrctl("graph", "lb0", NULL), 0);
	CHECK_HAS(OUT, "\t\"port:vc2\" [shape=box, label=\"vc2\\nweb-1\\nup\"];\n");
	CHECK_INT(lbrctl("-j", "show", NULL), 0);
	j = json_tokener_parse(OUT);
	CHECK(j);
	port = json_port(j, 0);
	CHECK(json_object_object_get_ex(port, "label", &v));
	CHECK_STR(json_object_get_string(v), "web-1");
	/* Only when set. */
	port = json_port(j, 1);
	CHECK(!json_object_object_get_ex(port, "label", &v));
	json_object_put(j);

	/* Blanks: quoted in text, so that the line's words stay words. */
	CHECK_INT(lbrctl("port", "set", "vc2", "label", "web frontend", NULL), 0);
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  vc2  up  label \"web frontend\"  peer");
	/* Empty: removed, sent as an empty string. */
	CHECK_INT(lbrctl("port", "set", "vc2", "label", "", NULL), 0);
	a = fake_last_attr(LBRIDGE_A_PORT, LBRIDGE_PORT_A_LABEL);
	CHECK(a && mnl_attr_get_payload_len(a) == 1 && !*mnl_attr_get_str(a));
	CHECK_STR(fk.ports[0].label, "");
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK(!strstr(OUT, "label"));

	/* LBRIDGE_LABEL_MAX bytes are fine; one more is refused before sending. */
	memset(long_label, 'x', sizeof(long_label));
	long_label[LBRIDGE_LABEL_MAX] = '\0';
	CHECK_INT(lbrctl("port", "set", "vc2", "label", long_label, NULL), 0);
	CHECK_STR(fk.ports[0].label, long_label);
	long_label[LBRIDGE_LABEL_MAX] = 'x';
	long_label[LBRIDGE_LABEL_MAX + 1] = '\0';
	refuse("Error: label must be at most 64 bytes, not 65\n", "port", "set", "vc2", "label",
	       long_label);
	/* Bytes, not characters: 22 three-byte characters are 66. */
	refuse("Error: label must be at most 64 bytes, not 66\n", "port", "set", "vc2", "label",
	       "€€€€€€€€€€€€€€€€€€€€€€");
	refuse("Usage: lbrctl " USAGE_PORT_SET "\n", "port", "set", "vc2", "label", NULL);
	refuse("Error: label is given twice\n", "port", "set", "vc2", "label", "a", "label", "");
}

static void port_set_neigh_suppress(void)
{
	struct json_object *j, *port, *v;

	reset();
	CHECK_INT(lbrctl("port", "set", "vc3", "neigh-suppress", "on", "label", "db", NULL), 0);
	CHECK_STR(ERR, "");
	/* One request with both. */
	CHECK_INT(fk.cmds[LBRIDGE_CMD_SET_PORT], 1);
	CHECK_INT(last_u8(LBRIDGE_A_PORT, LBRIDGE_PORT_A_NEIGH_SUPPRESS), 1);
	CHECK_STR(mnl_attr_get_str(fake_last_attr(LBRIDGE_A_PORT, LBRIDGE_PORT_A_LABEL)), "db");
	CHECK_INT(last_u32(LBRIDGE_A_PORT, LBRIDGE_PORT_A_IFINDEX), 12);
	CHECK(fk.ports[1].neigh_suppress && !fk.ports[0].neigh_suppress);
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  vc3  down  label db  peer vc3p  learned-macs 0  static-macs 1  neighs 1"
		       "  learning on  flood on  mcast_flood on  bcast_flood on  hairpin off"
		       "  isolated off  neigh-suppress on  rx 0");
	CHECK_HAS(OUT, "  isolated off  neigh-suppress off  rx 12");
	CHECK_INT(lbrctl("-j", "show", NULL), 0);
	j = json_tokener_parse(OUT);
	CHECK(j);
	port = json_port(j, 1);
	CHECK(json_object_object_get_ex(port, "neigh_suppress", &v));
	CHECK(json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v));
	CHECK(json_object_object_get_ex(port, "neigh_count", &v));
	CHECK_INT(json_object_get_int64(v), 1);
	json_object_put(j);
	CHECK_INT(lbrctl("port", "set", "vc3", "neigh-suppress", "off", NULL), 0);
	CHECK_INT(last_u8(LBRIDGE_A_PORT, LBRIDGE_PORT_A_NEIGH_SUPPRESS), 0);
	CHECK(!fake_last_attr(LBRIDGE_A_PORT, LBRIDGE_PORT_A_LABEL));
	CHECK(!fk.ports[1].neigh_suppress);

	refuse("Error: neigh-suppress must be on or off, not \"1\"\n",
	       "port", "set", "vc2", "neigh-suppress", "1");
	/* iproute2's spelling is bridge link set's, not lbrctl's. */
	refuse("Error: unknown setting \"neigh_suppress\"\nUsage: lbrctl " USAGE_PORT_SET "\n",
	       "port", "set", "vc2", "neigh_suppress", "on");
	/* Without CAP_NET_ADMIN: genetlink says no before any extack. */
	reset();
	fk.deny_admin = true;
	CHECK_INT(lbrctl("port", "set", "vc2", "label", "x", NULL), 1);
	CHECK_STR(ERR, "Error: permission denied (changes need CAP_NET_ADMIN)\n");
}

static void set_neigh_settings(void)
{
	reset();
	CHECK_INT(lbrctl("set", "lb0", "neigh-suppress", "on", "announce", "off", "max-neigh", "100",
			 "port-max-neigh", "10", NULL), 0);
	CHECK_STR(ERR, "");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_SET_BRIDGE], 1);
	CHECK_INT(last_u8(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS), 1);
	CHECK_INT(last_u8(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_ANNOUNCE), 0);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_MAX_NEIGH), 100);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH), 10);
	CHECK(!fake_last_attr(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_AGEING_TIME));
	CHECK_INT(lbrctl("show", "lb0", NULL), 0);
	CHECK_HAS(OUT, "lb0: ageing 300s  max-learned 16384  learned 1  port-max-learned 256"
		       "  max-static 0  static 1  learning on  max-neigh 100  neighs 3"
		       "  port-max-neigh 10  neigh-suppress on  announce off  ports 2  address");
	CHECK_INT(lbrctl("-j", "show", "lb0", NULL), 0);
	CHECK_JSON_SUBSET(OUT, "[{\"max_neigh\":100,\"neigh_count\":3,\"port_max_neigh\":10,"
			       "\"neigh_suppress\":true,\"announce\":false}]");
	/* Only what was given; 0 is sent: it lifts the cap. */
	CHECK_INT(lbrctl("set", "lb0", "max-neigh", "0", NULL), 0);
	CHECK_INT(last_u32(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_MAX_NEIGH), 0);
	CHECK(!fake_last_attr(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS));
	CHECK_INT(fk.bridges[0].max_neigh, 0);

	/* Root of a user namespace only: the kernel's reason, word for word. */
	reset();
	fk.userns = true;
	CHECK_INT(lbrctl("set", "lb0", "max-neigh", "0", NULL), 1);
	CHECK_STR(ERR, "Error: lbridge: Raising max_neigh above its default needs CAP_NET_ADMIN"
		       " in the initial user namespace\n");
	CHECK_INT(lbrctl("set", "lb0", "neigh-suppress", "on", "port-max-neigh", "1000", NULL), 1);
	CHECK_STR(ERR, "Error: lbridge: Raising port_max_neigh above its default needs"
		       " CAP_NET_ADMIN in the initial user namespace\n");
	/* Refused whole: the other setting was not applied either. */
	CHECK(!fk.bridges[0].neigh_suppress);
	CHECK_INT(lbrctl("set", "lb0", "max-neigh", "10", NULL), 0);

	refuse("Error: announce must be on or off, not \"yes\"\n",
	       "set", "lb0", "announce", "yes");
	refuse("Error: max-neigh: \"-1\" is not a number\n", "set", "lb0", "max-neigh", "-1");
	refuse("Error: port-max-neigh must be at most 4294967295\n",
	       "set", "lb0", "port-max-neigh", "4294967296");
	refuse("Error: unknown setting \"label\"\nUsage: lbrctl " USAGE_SET "\n",
	       "set", "lb0", "label", "x");
}

/*
 * An FDB line's PORT carries the port's LABEL: fdb get takes it from
 * there, and asks for no ports. fdb show's compact dump names ports by
 * ifindex alone: one GET_PORT dump per bridge listed, for every port's
 * name and label at once.
 */
static void fdb_labels_from_entries(void)
{
	int ports, fdbs;

	reset();
	second_bridge();
	fk.fdb[fk.nfdb++] = (struct fake_fdb){
		.mac = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x02 }, .bridge = 20, .port = 21,
		.state = LBRIDGE_FDB_STATE_LEARNED,
	};
	strcpy(fk.ports[0].label, "web-1");
	ports = fk.cmds[LBRIDGE_CMD_GET_PORT];
	fdbs = fk.cmds[LBRIDGE_CMD_GET_FDB];
	CHECK_INT(lbrctl("fdb", "show", "lb0", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:01 dev lb0 master lb0 permanent\n"
		       "02:42:ac:11:00:02 dev vc2 master lb0 label web-1\n"
		       "02:00:00:00:00:09 dev vc3 master lb0 static\n");
	CHECK_INT(lbrctl("fdb", "show", "lb0", "dev", "vc2", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:02 dev vc2 master lb0 label web-1\n");
	CHECK_INT(lbrctl("-j", "fdb", "show", "lb0", NULL), 0);
	CHECK_JSON_SUBSET(OUT, "[{},{\"ifname\":\"vc2\",\"label\":\"web-1\"},{}]");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_FDB] - fdbs, 3);
	/* Every bridge: the list of bridges, then one FDB dump each. */
	fdbs = fk.cmds[LBRIDGE_CMD_GET_FDB];
	CHECK_INT(lbrctl("fdb", "show", NULL), 0);
	CHECK_HAS(OUT, "02:42:ac:11:00:02 dev vc2 master lb0 label web-1\n");
	CHECK_HAS(OUT, "02:42:ac:11:00:02 dev vx0 master lb1 label db\n");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_FDB] - fdbs, 2);
	CHECK_INT(lbrctl("fdb", "get", "02:42:ac:11:00:02", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:02 dev vc2 master lb0 learned age 3.25s label web-1\n"
		       "02:42:ac:11:00:02 dev vx0 master lb1 learned age 0.00s label db\n");
	CHECK_INT(lbrctl("fdb", "get", "02:42:ac:11:00:02", "lb1", NULL), 0);
	CHECK_STR(OUT, "02:42:ac:11:00:02 dev vx0 master lb1 learned age 0.00s label db\n");
	/* Four fdb shows, five bridges listed; none for fdb get. */
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_PORT] - ports, 5);
	/* A module without the compact dump: the labels from the entries. */
	fk.no_compact = true;
	ports = fk.cmds[LBRIDGE_CMD_GET_PORT];
	CHECK_INT(lbrctl("fdb", "show", NULL), 0);
	CHECK_HAS(OUT, "02:42:ac:11:00:02 dev vc2 master lb0 label web-1\n");
	CHECK_HAS(OUT, "02:42:ac:11:00:02 dev vx0 master lb1 label db\n");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_PORT] - ports, 0);
	fk.no_compact = false;
	ports = fk.cmds[LBRIDGE_CMD_GET_PORT];
	/* graph needs the ports anyway: once per bridge, not once more for its FDB. */
	CHECK_INT(lbrctl("graph", NULL), 0);
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_PORT] - ports, 2);
}

/* --- Peers ----------------------------------------------------------------- */

static void peers_by_netns_name(void)
{
	struct json_object *j, *v;

	reset();
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  vc2  up  peer eth0 netns lbt-c2  learned-macs");
	CHECK_HAS(OUT, "  vc3  down  peer vc3p  learned-macs");
	/* Every file of the directory asked once, whatever the number of ports. */
	CHECK_INT(fk.nsid_requests, 4);
	CHECK_INT(lbrctl("-j", "show", NULL), 0);
	j = json_tokener_parse(OUT);
	CHECK(j);
	CHECK(json_object_object_get_ex(json_port(j, 0), "peer", &v));
	CHECK_JSON(json_object_to_json_string(v),
		   "{\"ifname\":\"eth0\",\"ifindex\":2,\"netns\":\"lbt-c2\",\"netnsid\":0}");
	CHECK(json_object_object_get_ex(json_port(j, 1), "peer", &v));
	CHECK_JSON(json_object_to_json_string(v),
		   "{\"ifname\":\"vc3p\",\"ifindex\":13,\"netns\":null}");
	json_object_put(j);

	/* Another id with a name; one without; no peer at all. */
	fk.ports[0].peer_netnsid = 5;
	fk.ports[1].peer_netnsid = 7;
	strcpy(fk.ports[1].peer_name, "eth1");
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  vc2  up  peer eth0 netns c5  learned-macs");
	CHECK_HAS(OUT, "  vc3  down  peer eth1 netnsid 7  learned-macs");
	CHECK_INT(lbrctl("-j", "show", NULL), 0);
	CHECK_JSON_SUBSET(OUT, "[{\"ports\":[{\"peer\":{\"netns\":\"c5\",\"netnsid\":5}},"
			       "{\"peer\":{\"ifname\":\"eth1\",\"netns\":7,\"netnsid\":7}}]}]");
	CHECK_INT(lbrctl("graph", NULL), 0);
	CHECK_HAS(OUT, "\t\"peer:vc2\" [shape=ellipse, label=\"eth0\\nnetns c5\"];\n");
	CHECK_HAS(OUT, "\t\"peer:vc3\" [shape=ellipse, label=\"eth1\\nnetnsid 7\"];\n");
	/* A name chosen in the container cannot drive the terminal. */
	strcpy(fk.ports[1].peer_name, "e\x1b[2J");
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  vc3  down  peer \"e\\x1b[2J\" netnsid 7  learned-macs");
	CHECK(!strchr(OUT, '\x1b'));
	CHECK_INT(lbrctl("graph", NULL), 0);
	CHECK(!strchr(OUT, '\x1b'));
	fk.ports[0].peer = 0;
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  vc2  up  learned-macs");
	CHECK_INT(lbrctl("-j", "show", NULL), 0);
	j = json_tokener_parse(OUT);
	CHECK(j);
	CHECK(!json_object_object_get_ex(json_port(j, 0), "peer", &v));
	json_object_put(j);
	/* No /run/netns (or no name in it): ids only, and nothing asked. */
	reset();
	netns_dir = "/nonexistent/netns";
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  vc2  up  peer eth0 netnsid 0  learned-macs");
	CHECK_INT(fk.nsid_requests, 0);
	/* Our own namespace's peers need no name: nothing asked either. */
	reset();
	fk.ports[0].peer_netnsid = -1;
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  vc2  up  peer eth0  learned-macs");
	CHECK_INT(fk.nsid_requests, 0);
}

/*
 * A peer in a namespace the kernel could not give an id: PEER without
 * NETNSID. Where it is is unknown, not ours.
 */
static void peer_without_netnsid(void)
{
	reset();
	fk.ports[0].peer_no_netnsid = true;
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  vc2  up  peer eth0 netns ?  learned-macs");
	CHECK_HAS(OUT, "  vc3  down  peer vc3p  learned-macs");
	CHECK_INT(lbrctl("-j", "show", NULL), 0);
	CHECK_JSON_SUBSET(OUT, "[{\"ports\":[{\"peer\":{\"ifname\":\"eth0\",\"netns\":\"unknown\"}},"
			       "{\"peer\":{\"netns\":null}}]}]");
	CHECK(!strstr(OUT, "\"netnsid\""));
	CHECK_INT(lbrctl("graph", NULL), 0);
	CHECK_HAS(OUT, "\t\"peer:vc2\" [shape=ellipse, label=\"eth0\\nnetns ?\"];\n");
	/* No name to look for in /run/netns. */
	CHECK_INT(fk.nsid_requests, 0);
}

/* --- monitor ----------------------------------------------------------------- */

static void monitor_neigh_events(void)
{
	reset();
	fake_neigh_event(LBRIDGE_NEIGH_EVENT_BIND, "lb0", "vc2", "web-1", "172.17.0.2",
			 "02:42:ac:11:00:02", NULL, NULL);
	fake_neigh_event(LBRIDGE_NEIGH_EVENT_REBIND, "lb0", "vc3", NULL, "172.17.0.2",
			 "02:42:ac:11:00:03", "02:42:ac:11:00:02", "vc2");
	fk.suppressed = 3;
	fake_neigh_event(LBRIDGE_NEIGH_EVENT_CONFLICT, "lb0", "vc2", "web 1", "fd00::2",
			 "02:42:ac:11:00:09", "02:42:ac:11:00:02", "vc3");
	fake_neigh_event(LBRIDGE_NEIGH_EVENT_UNBIND, "lb0", "vc3", NULL, "172.17.0.2",
			 "02:42:ac:11:00:03", NULL, NULL);
	fake_neigh_event(LBRIDGE_NEIGH_EVENT_BIND, "lb1", "vx0", NULL, "10.0.0.5",
			 "02:00:00:00:05:05", NULL, NULL);
	CHECK_INT(lbrctl("monitor", NULL), 0);
	CHECK_STR(ERR, "");
	CHECK_STR(OUT, "bind 172.17.0.2 lladdr 02:42:ac:11:00:02 dev vc2 master lb0 label web-1\n"
		       "rebind 172.17.0.2 lladdr 02:42:ac:11:00:03 dev vc3 master lb0"
		       " (was 02:42:ac:11:00:02 dev vc2)\n"
		       "lb0: 3 events suppressed (rate limit)\n"
		       "conflict fd00::2 lladdr 02:42:ac:11:00:09 dev vc2 master lb0"
		       " (also claimed by 02:42:ac:11:00:02 dev vc3) label \"web 1\"\n"
		       "unbind 172.17.0.2 lladdr 02:42:ac:11:00:03 dev vc3 master lb0\n"
		       "bind 10.0.0.5 lladdr 02:00:00:00:05:05 dev vx0 master lb1\n");
	CHECK(fk.joined & 1u << FAKE_GROUP);
	CHECK(fk.joined & 1u << FAKE_NEIGH_GROUP);
}

static void monitor_neigh_json_and_filter(void)
{
	reset();
	fake_neigh_event(LBRIDGE_NEIGH_EVENT_BIND, "lb1", "vx0", NULL, "10.0.0.5",
			 "02:00:00:00:05:05", NULL, NULL);
	fake_neigh_event(LBRIDGE_NEIGH_EVENT_BIND, "lb0", "vc2", "web-1", "172.17.0.2",
			 "02:42:ac:11:00:02", NULL, NULL);
	fk.suppressed = 2;
	fake_neigh_event(LBRIDGE_NEIGH_EVENT_REBIND, "lb0", "vc3", NULL, "172.17.0.2",
			 "02:42:ac:11:00:03", "02:42:ac:11:00:02", "vc2");
	CHECK_INT(lbrctl("-j", "monitor", "lb0", NULL), 0);
	CHECK_STR(ERR, "");
	CHECK_JSON_LINES(OUT, "{\"event\":\"bind\",\"ip\":\"172.17.0.2\",\"mac\":\"02:42:ac:11:00:02\","
			      "\"ifname\":\"vc2\",\"master\":\"lb0\",\"source\":\"arp\","
			      "\"label\":\"web-1\"}\n"
			      "{\"event\":\"rebind\",\"events_lost\":2,\"ip\":\"172.17.0.2\","
			      "\"mac\":\"02:42:ac:11:00:03\",\"ifname\":\"vc3\",\"master\":\"lb0\","
			      "\"source\":\"arp\",\"old_mac\":\"02:42:ac:11:00:02\","
			      "\"old_ifname\":\"vc2\"}\n");
}

/* FDB and binding events in one stream; an FDB event names the port's label. */
static void monitor_fdb_events_labelled(void)
{
	reset();
	strcpy(fk.ports[0].label, "web-1");
	fake_event(LBRIDGE_FDB_EVENT_LEARN, "lb0", "vc2", "02:42:ac:11:00:02",
		   LBRIDGE_FDB_STATE_LEARNED, 0);
	fake_neigh_event(LBRIDGE_NEIGH_EVENT_BIND, "lb0", "vc2", "web-1", "172.17.0.2",
			 "02:42:ac:11:00:02", NULL, NULL);
	CHECK_INT(lbrctl("monitor", NULL), 0);
	CHECK_STR(OUT, "learn 02:42:ac:11:00:02 dev vc2 master lb0 label web-1\n"
		       "bind 172.17.0.2 lladdr 02:42:ac:11:00:02 dev vc2 master lb0 label web-1\n");
}

/*
 * Every module this tool accepts (version 3 and later) has the neigh
 * group: one without it is broken, and refused as one without the fdb
 * group is, before any group is joined.
 */
static void monitor_needs_neigh_group(void)
{
	reset();
	fk.has_neigh_group = false;
	fake_event(LBRIDGE_FDB_EVENT_LEARN, "lb0", "vc2", "02:42:ac:11:00:02",
		   LBRIDGE_FDB_STATE_LEARNED, 0);
	CHECK_INT(lbrctl("monitor", NULL), 1);
	CHECK_STR(ERR, "lbrctl: the lbridge module has no \"neigh\" event group\n");
	CHECK_STR(OUT, "");
	CHECK_INT(fk.joined, 0);
}

/* --- Counters --------------------------------------------------------------- */

static void show_counts_neigh_counters(void)
{
	reset();
	fk.ports[0].stats[LBRIDGE_PORT_STAT_NEIGH_SUPPRESSED] = 41;
	fk.ports[0].stats[LBRIDGE_PORT_STAT_NEIGH_CAP] = 42;
	fk.ports[0].stats[LBRIDGE_PORT_STAT_ANNOUNCED] = 43;
	CHECK_INT(lbrctl("-s", "show", NULL), 0);
	CHECK_HAS(OUT, "  neigh_suppressed 41  neigh_cap 42  announced 43\n"
		       "    drop_down 0");
	/* Not drops: the summary's dropped is what it was. */
	CHECK_HAS(OUT, " flooded 3 dropped 9 learned 1\n");
	CHECK_INT(lbrctl("-j", "show", NULL), 0);
	CHECK_JSON_SUBSET(OUT, "[{\"ports\":[{\"stats\":{\"neigh_suppressed\":41,\"neigh_cap\":42,"
			       "\"announced\":43}},{}]}]");
}

/* --- Labels nobody trusts ------------------------------------------------------ */

static void label_text_is_safe(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "web-1", "web-1" },
		{ "pod/ns:web_1.x", "pod/ns:web_1.x" },
		{ "café ☕", "\"café ☕\"" },
		{ "naïve", "naïve" },
		{ "a b", "\"a b\"" },
		{ "say \"hi\"", "\"say \\\"hi\\\"\"" },
		{ "back\\slash", "\"back\\\\slash\"" },
		{ "\x1b[31mred", "\"\\x1b[31mred\"" },
		{ "two\nlines", "\"two\\x0alines\"" },
		{ "tab\there", "\"tab\\x09here\"" },
		{ "del\x7f", "\"del\\x7f\"" },
		/* C1 CSI, as two bytes of UTF-8. */
		{ "c1\xc2\x9b", "\"c1\\xc2\\x9b\"" },
		/* A right-to-left override would reorder the rest of the line. */
		{ "rtl\xe2\x80\xae" "evil", "\"rtl\\xe2\\x80\\xaeevil\"" },
		/* Its isolates, and the other invisible direction marks. */
		{ "iso\xe2\x81\xa7x", "\"iso\\xe2\\x81\\xa7x\"" },
		{ "lrm\xe2\x80\x8e", "\"lrm\\xe2\\x80\\x8e\"" },
		{ "rlm\xe2\x80\x8f", "\"rlm\\xe2\\x80\\x8f\"" },
		{ "alm\xd8\x9c", "\"alm\\xd8\\x9c\"" },
		/* Blanks that are not ' ': they would pass for one, or for nothing. */
		{ "no\xc2\xa0" "break", "\"no\\xc2\\xa0" "break\"" },
		{ "en\xe2\x80\x80quad", "\"en\\xe2\\x80\\x80quad\"" },
		{ "hair\xe2\x80\x8a", "\"hair\\xe2\\x80\\x8a\"" },
		{ "ideo\xe3\x80\x80", "\"ideo\\xe3\\x80\\x80\"" },
		{ "ogham\xe1\x9a\x80", "\"ogham\\xe1\\x9a\\x80\"" },
		{ "narrow\xe2\x80\xaf", "\"narrow\\xe2\\x80\\xaf\"" },
		{ "math\xe2\x81\x9f", "\"math\\xe2\\x81\\x9f\"" },
		/* Line and paragraph separators: a new line to a terminal or editor. */
		{ "l\xe2\x80\xa8s", "\"l\\xe2\\x80\\xa8s\"" },
		{ "p\xe2\x80\xa9s", "\"p\\xe2\\x80\\xa9s\"" },
		/* A byte order mark, invisible. */
		{ "\xef\xbb\xbf" "bom", "\"\\xef\\xbb\\xbf" "bom\"" },
		/* Their neighbours are printable. */
		{ "\xc2\xa1\xe2\x80\x90\xe2\x80\xb0\xe3\x80\x81\xef\xbb\xbe",
		  "\xc2\xa1\xe2\x80\x90\xe2\x80\xb0\xe3\x80\x81\xef\xbb\xbe" },
		/* Not UTF-8: a lone byte, an overlong '/', a surrogate, a cut sequence. */
		{ "bad\xff", "\"bad\\xff\"" },
		{ "\xc0\xaf", "\"\\xc0\\xaf\"" },
		{ "\xed\xa0\x80", "\"\\xed\\xa0\\x80\"" },
		{ "cut\xe2\x82", "\"cut\\xe2\\x82\"" },
	};
	char out[LABEL_TEXT_MAX + 1];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		format_label(cases[i].in, out, sizeof(out));
		CHECK_STR(out, cases[i].want);
	}
	/* The longest a label may become fits. */
	memset(out, 0, sizeof(out));
	{
		char worst[LBRIDGE_LABEL_MAX + 1];

		memset(worst, '\x01', LBRIDGE_LABEL_MAX);
		worst[LBRIDGE_LABEL_MAX] = '\0';
		format_label(worst, out, sizeof(out));
		CHECK_INT(strlen(out), 4 * LBRIDGE_LABEL_MAX + 2);
	}
}

static void label_json_is_utf8(void)
{
	struct capture c;
	struct printer p;

	pr_init(&p, cap_open(&c), true, false);
	pr_open_object(&p, NULL);
	pr_label(&p, "a", NULL, "caf\xc3\xa9");
	pr_label(&p, "b", NULL, "x\xffy\xc0");
	pr_label(&p, "c", NULL, "\x1b\"q\"");
	pr_close_object(&p);
	CHECK_JSON(cap_str(&c), "{\"a\":\"café\",\"b\":\"x\\ufffdy\\ufffd\",\"c\":\"\\u001b\\\"q\\\"\"}");
	cap_close(&c);
	/* Through the whole command: the kernel's bytes, made JSON. */
	reset();
	strcpy(fk.ports[0].label, "bad\xff\n");
	CHECK_INT(lbrctl("-j", "neigh", "show", "lb0", "dev", "vc2", NULL), 0);
	CHECK_JSON_SUBSET(OUT, "[{\"label\":\"bad\\ufffd\\n\"},{}]");
	CHECK_INT(lbrctl("neigh", "show", "lb0", "dev", "vc2", NULL), 0);
	CHECK_HAS(OUT, " label \"bad\\xff\\x0a\"\n");
	CHECK(!strchr(OUT, '\xff'));
}

/* No ESC, C1 CSI or byte of invalid UTF-8 (the names below) in s. */
static bool raw_free(const char *s)
{
	return s && !strchr(s, '\x1b') && !strstr(s, "\xc2\x9b") && !strchr(s, '\xff');
}

/* JSON: ESC escaped by json-c, no invalid UTF-8; U+009B is a valid string. */
static bool json_raw_free(const char *s)
{
	return s && !strchr(s, '\x1b') && !strchr(s, '\xff');
}

/*
 * Interface names are chosen by root of whichever namespace the device
 * is in, and Linux takes ESC, C1 and invalid UTF-8 in them: every name
 * the kernel gives, and a namespace's name from /run/netns, is printed
 * as a label is, and is valid UTF-8 in JSON.
 */
static void names_are_escaped(void)
{
	char dir[] = "/tmp/lbrctl-netns-XXXXXX", path[64];
	struct json_object *j;
	FILE *f;

	reset();
	strcpy(fk.bridges[0].name, "lb\x1b[2J");
	strcpy(fk.ports[0].name, "v\xc2\x9b" "2");
	strcpy(fk.ports[1].name, "v\xff" "3");
	strcpy(fk.ports[0].peer_name, "e\xc2\x9b" "0");
	CHECK(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/c\x1b]0;x\x07", dir);
	f = fopen(path, "w");
	CHECK(f);
	fputs("0", f);
	fclose(f);
	netns_dir = dir;

	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "\"lb\\x1b[2J\": ageing");
	CHECK_HAS(OUT, "\n  \"v\\xc2\\x9b2\"  up  peer \"e\\xc2\\x9b0\""
		       " netns \"c\\x1b]0;x\\x07\"  learned-macs");
	CHECK_HAS(OUT, "\n  \"v\\xff3\"  down");
	CHECK(raw_free(OUT));
	CHECK_INT(lbrctl("-j", "show", NULL), 0);
	CHECK(json_raw_free(OUT));
	j = json_tokener_parse(OUT);
	CHECK(j);
	json_object_put(j);
	CHECK_JSON_SUBSET(OUT, "[{\"ifname\":\"lb\\u001b[2J\",\"ports\":["
			       "{\"ifname\":\"v\\u009b2\",\"peer\":{\"ifname\":\"e\\u009b0\","
			       "\"netns\":\"c\\u001b]0;x\\u0007\"}},{\"ifname\":\"v\\ufffd3\"}]}]");
	CHECK_INT(lbrctl("graph", NULL), 0);
	CHECK(raw_free(OUT));

	CHECK_INT(lbrctl("fdb", "show", NULL), 0);
	CHECK_HAS(OUT, " dev \"v\\xc2\\x9b2\" master \"lb\\x1b[2J\"");
	CHECK(raw_free(OUT));
	CHECK_INT(lbrctl("-j", "fdb", "show", NULL), 0);
	CHECK(json_raw_free(OUT));
	CHECK_JSON_SUBSET(OUT, "[{\"ifname\":\"lb\\u001b[2J\",\"master\":\"lb\\u001b[2J\"},"
			       "{\"ifname\":\"v\\u009b2\",\"master\":\"lb\\u001b[2J\"},"
			       "{\"ifname\":\"v\\ufffd3\"}]");
	CHECK_INT(lbrctl("fdb", "get", "02:42:ac:11:00:02", NULL), 0);
	CHECK_HAS(OUT, " dev \"v\\xc2\\x9b2\" master \"lb\\x1b[2J\"");
	CHECK(raw_free(OUT));
	CHECK_INT(lbrctl("-j", "fdb", "get", "02:42:ac:11:00:02", NULL), 0);
	CHECK(json_raw_free(OUT));

	CHECK_INT(lbrctl("neigh", "show", NULL), 0);
	CHECK_HAS(OUT, " dev \"v\\xc2\\x9b2\" master \"lb\\x1b[2J\"");
	CHECK_HAS(OUT, " dev \"v\\xff3\" master");
	CHECK(raw_free(OUT));
	CHECK_INT(lbrctl("-j", "neigh", "show", NULL), 0);
	CHECK(json_raw_free(OUT));

	fk.suppressed = 2;
	fake_event(LBRIDGE_FDB_EVENT_LEARN, fk.bridges[0].name, fk.ports[1].name,
		   "02:42:ac:11:00:09", LBRIDGE_FDB_STATE_LEARNED, 0);
	fake_neigh_event(LBRIDGE_NEIGH_EVENT_REBIND, fk.bridges[0].name, fk.ports[0].name, NULL,
			 "172.17.0.2", "02:42:ac:11:00:02", "02:42:ac:11:00:03",
			 fk.ports[1].name);
	CHECK_INT(lbrctl("monitor", NULL), 0);
	CHECK_HAS(OUT, "\"lb\\x1b[2J\": 2 events suppressed");
	CHECK_HAS(OUT, "learn 02:42:ac:11:00:09 dev \"v\\xff3\" master \"lb\\x1b[2J\"\n");
	CHECK_HAS(OUT, " dev \"v\\xc2\\x9b2\" master \"lb\\x1b[2J\" (was 02:42:ac:11:00:03"
		       " dev \"v\\xff3\")");
	CHECK(raw_free(OUT));
	fake_event(LBRIDGE_FDB_EVENT_FLUSH, fk.bridges[0].name, fk.ports[1].name, NULL, -1, 0);
	fake_neigh_event(LBRIDGE_NEIGH_EVENT_REBIND, fk.bridges[0].name, fk.ports[0].name, NULL,
			 "172.17.0.2", "02:42:ac:11:00:02", "02:42:ac:11:00:03",
			 fk.ports[1].name);
	CHECK_INT(lbrctl("-j", "monitor", NULL), 0);
	CHECK(json_raw_free(OUT));
	CHECK_JSON_LINES(OUT, "{\"event\":\"flush\",\"master\":\"lb\\u001b[2J\","
			      "\"ifname\":\"v\\ufffd3\",\"dynamic\":false}\n"
			      "{\"event\":\"rebind\",\"ip\":\"172.17.0.2\",\"mac\":\"02:42:ac:11:00:02\","
			      "\"ifname\":\"v\\u009b2\",\"master\":\"lb\\u001b[2J\","
			      "\"source\":\"arp\",\"old_mac\":\"02:42:ac:11:00:03\","
			      "\"old_ifname\":\"v\\ufffd3\"}\n");
	unlink(path);
	rmdir(dir);
}

/* --- Parsing ------------------------------------------------------------------ */

static void ip_parsing(void)
{
	uint8_t family, addr[16];
	char text[IP_STRLEN];

	CHECK_INT(parse_ip("10.1.2.3", &family, addr), 0);
	CHECK_INT(family, AF_INET);
	CHECK(addr[0] == 10 && addr[3] == 3 && addr[4] == 0);
	CHECK_INT(parse_ip("FD00::1", &family, addr), 0);
	CHECK_INT(family, AF_INET6);
	format_ip(family, addr, text);
	CHECK_STR(text, "fd00::1");
	CHECK_INT(parse_ip("::ffff:10.0.0.1", &family, addr), 0);
	CHECK_INT(family, AF_INET6);
	CHECK_INT(parse_ip("10.1", &family, addr), -EINVAL);
	CHECK_INT(parse_ip(" 10.1.2.3", &family, addr), -EINVAL);
	CHECK_INT(parse_ip("10.1.2.256", &family, addr), -EINVAL);
	CHECK_INT(parse_ip("fe80::1%1", &family, addr), -EINVAL);
	format_ip(99, addr, text);
	CHECK_STR(text, "?");
}

/* A binding message built by hand: addr_len bytes of address, family (0: none). */
static int parse_binding(int family, int addr_len, bool mac, struct lbr_neigh *n)
{
	static const uint8_t addr[17] = { 10, 0, 0, 1 }, m[6] = { 2, 0, 0, 0, 0, 1 };
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh = nl_genl_request(buf, FAKE_FAMILY, LBRIDGE_CMD_GET_NEIGH, 3);
	struct nlattr *nest;

	lbr_put_bridge_name(nlh, "lb0");
	nest = mnl_attr_nest_start(nlh, LBRIDGE_A_NEIGH);
	if (family)
		mnl_attr_put_u8(nlh, LBRIDGE_NEIGH_A_FAMILY, family);
	mnl_attr_put(nlh, LBRIDGE_NEIGH_A_ADDR, addr_len, addr);
	if (mac)
		mnl_attr_put(nlh, LBRIDGE_NEIGH_A_MAC, 6, m);
	mnl_attr_nest_end(nlh, nest);
	return lbr_parse_neigh(nlh, n);
}

static void binding_parsing(void)
{
	struct lbr_neigh n;

	CHECK_INT(parse_binding(AF_INET, 4, true, &n), 0);
	CHECK_INT(n.family, AF_INET);
	CHECK_STR(n.master, "lb0");
	CHECK(!n.has_source);
	/* No family: the length says. */
	CHECK_INT(parse_binding(0, 16, true, &n), 0);
	CHECK_INT(n.family, AF_INET6);
	/* A length that is neither, or not the family's, or no MAC: refused. */
	CHECK_INT(parse_binding(AF_INET, 5, true, &n), -EINVAL);
	CHECK_INT(parse_binding(0, 17, true, &n), -EINVAL);
	CHECK_INT(parse_binding(AF_INET, 16, true, &n), -EINVAL);
	CHECK_INT(parse_binding(AF_INET6, 4, true, &n), -EINVAL);
	CHECK_INT(parse_binding(7, 4, true, &n), -EINVAL);
	CHECK_INT(parse_binding(AF_INET, 4, false, &n), -EINVAL);
}

const struct test neigh_tests[] = {
	TEST(neigh_show_text),
	TEST(neigh_show_json),
	TEST(neigh_show_every_bridge),
	TEST(neigh_show_torn),
	TEST(neigh_show_refusals),
	TEST(who_has_finds_it),
	TEST(who_has_nobody),
	TEST(who_has_refusals),
	TEST(port_set_label),
	TEST(port_set_neigh_suppress),
	TEST(set_neigh_settings),
	TEST(fdb_labels_from_entries),
	TEST(peers_by_netns_name),
	TEST(peer_without_netnsid),
	TEST(monitor_neigh_events),
	TEST(monitor_neigh_json_and_filter),
	TEST(monitor_fdb_events_labelled),
	TEST(monitor_needs_neigh_group),
	TEST(show_counts_neigh_counters),
	TEST(label_text_is_safe),
	TEST(label_json_is_utf8),
	TEST(names_are_escaped),
	TEST(ip_parsing),
	TEST(binding_parsing),
	{ 0 },
};
