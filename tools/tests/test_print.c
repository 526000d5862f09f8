// SPDX-License-Identifier: GPL-2.0
/*
 * The output of lbrctl, built from hand-made structs through the very
 * printers the commands use, compared as exact strings.
 */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "lbrctl.h"
#include "test.h"

static const struct lbr_fdb learned = {
	.mac = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x02 },
	.state = LBRIDGE_FDB_STATE_LEARNED, .age_ms = 3257,
	.master = "lb0", .port_ifindex = 11, .port = "vc2",
};
static const struct lbr_fdb fixed = {
	.mac = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x09 },
	.state = LBRIDGE_FDB_STATE_STATIC, .age_ms = 120000,
	.master = "lb0", .port_ifindex = 12, .port = "vc3",
};
static const struct lbr_fdb own = {
	.mac = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x01 },
	.state = LBRIDGE_FDB_STATE_LOCAL, .master = "lb0",
};

static void print_one_fdb(struct capture *c, bool json, bool pretty, const struct lbr_fdb *e,
			  bool stats)
{
	struct printer p;

	pr_init(&p, cap_open(c), json, pretty);
	print_fdb(&p, e, stats);
}

static void fdb_text_word_order(void)
{
	struct capture c;

	print_one_fdb(&c, false, false, &learned, false);
	CHECK_STR(cap_str(&c), "02:42:ac:11:00:02 dev vc2 master lb0\n");
	cap_close(&c);
	print_one_fdb(&c, false, false, &fixed, false);
	CHECK_STR(cap_str(&c), "02:00:00:00:00:09 dev vc3 master lb0 static\n");
	cap_close(&c);
	print_one_fdb(&c, false, false, &own, false);
	CHECK_STR(cap_str(&c), "02:42:ac:11:00:01 dev lb0 master lb0 permanent\n");
	cap_close(&c);
}

static void fdb_text_age(void)
{
	struct capture c;

	print_one_fdb(&c, false, false, &learned, true);
	/* Truncated to hundredths: 3257 ms is 3.25 s old, not yet 3.26. */
	CHECK_STR(cap_str(&c), "02:42:ac:11:00:02 dev vc2 master lb0 age 3.25s\n");
	cap_close(&c);
	print_one_fdb(&c, false, false, &fixed, true);
	CHECK_STR(cap_str(&c), "02:00:00:00:00:09 dev vc3 master lb0 static age 120.00s\n");
	cap_close(&c);
}

static void fdb_json(void)
{
	struct capture c;

	print_one_fdb(&c, true, false, &fixed, false);
	CHECK_JSON(cap_str(&c), "{\"mac\":\"02:00:00:00:00:09\",\"ifname\":\"vc3\",\"flags\":[],"
			       "\"master\":\"lb0\",\"state\":\"static\"}\n");
	cap_close(&c);
	/* As iproute2: state "" for learned entries, never absent. */
	print_one_fdb(&c, true, false, &learned, true);
	CHECK_JSON(cap_str(&c), "{\"mac\":\"02:42:ac:11:00:02\",\"ifname\":\"vc2\",\"flags\":[],"
			       "\"master\":\"lb0\",\"state\":\"\",\"age\":3.25}\n");
	cap_close(&c);
	print_one_fdb(&c, true, false, &own, false);
	CHECK_JSON(cap_str(&c), "{\"mac\":\"02:42:ac:11:00:01\",\"ifname\":\"lb0\",\"flags\":[],"
			       "\"master\":\"lb0\",\"state\":\"permanent\"}\n");
	cap_close(&c);
}

static void fdb_json_array_pretty(void)
{
	struct capture c;
	struct printer p;

	pr_init(&p, cap_open(&c), false, true);
	pr_open_array(&p, NULL);
	print_fdb(&p, &own, false);
	pr_close_array(&p);
	/* Pretty: one member a line, indented; the layout is json-c's own. */
	CHECK_HAS(cap_str(&c), "\n    \"mac\": \"02:42:ac:11:00:01\",\n");
	CHECK_JSON(cap_str(&c), "[\n"
			       "  {\n"
			       "    \"mac\": \"02:42:ac:11:00:01\",\n"
			       "    \"ifname\": \"lb0\",\n"
			       "    \"flags\": [\n"
			       "    ],\n"
			       "    \"master\": \"lb0\",\n"
			       "    \"state\": \"permanent\"\n"
			       "  }\n"
			       "]\n");
	cap_close(&c);
}

static struct lbr_port test_ports[2] = {
	{ .ifindex = 11, .ifname = "vc2", .master = "lb0", .up = true, .learned = 1,
	  .static_count = 2, .learning = true, .mcast_flood = true, .hairpin = true, .isolated = true,
	  .stats = { [LBRIDGE_PORT_STAT_RX_PACKETS] = 12, [LBRIDGE_PORT_STAT_RX_BYTES] = 1200,
		     [LBRIDGE_PORT_STAT_TX_PACKETS] = 10, [LBRIDGE_PORT_STAT_TX_BYTES] = 1000,
		     [LBRIDGE_PORT_STAT_FLOODED] = 3, [LBRIDGE_PORT_STAT_LEARNED] = 1,
		     [LBRIDGE_PORT_STAT_DROP_MTU] = 2, [LBRIDGE_PORT_STAT_DROP_LINK_LOCAL] = 4,
		     /* Not a drop: the frame was forwarded, its source not learned. */
		     [LBRIDGE_PORT_STAT_LEARN_PORT_CAP] = 5,
		     [LBRIDGE_PORT_STAT_DROP_FLOOD_BACKLOG] = 7 } },
	{ .ifindex = 12, .ifname = "vc3", .master = "lb0", .up = false },
};

static const struct lbr_bridge test_bridge = {
	.ifindex = 10, .ifname = "lb0", .address = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x01 },
	.ageing_time = 300, .max_learned = 16384, .learned = 2, .learning = true,
	.port_max_learned = 256, .max_static = 1024, .static_count = 3, .port_count = 2, .fdb_count = 5, .ports = test_ports, .nports = 2,
};

/*
 * The streamed outermost array holds what the whole tree would, each
 * element laid out by json-c itself.
 */
static void stream_matches_tree(void)
{
	for (int pretty = 0; pretty < 2; pretty++) {
		int flags = JSON_C_TO_STRING_NOSLASHESCAPE |
			    (pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED : 0);
		struct json_object *tree, *e;
		struct capture c;
		struct printer p;
		char *want;

		for (int n = 0; n < 4; n++) {
			pr_init(&p, cap_open(&c), true, pretty);
			pr_open_array(&p, NULL);
			tree = json_object_new_array();
			if (n > 0) {
				print_fdb(&p, &learned, true);
				json_object_array_add(tree, json_object_new_object());
			}
			if (n > 1) {
				print_bridge(&p, &test_bridge, false);
				json_object_array_add(tree, json_object_new_object());
			}
			if (n > 2) {
				print_fdb(&p, &own, false);
				json_object_array_add(tree, json_object_new_object());
			}
			pr_close_array(&p);
			json_object_put(tree);
			/* The same elements as the stream, rebuilt as one tree. */
			tree = json_tokener_parse(cap_str(&c));
			CHECK(tree && json_object_array_length(tree) == (size_t)n);
			want = strdup(json_object_to_json_string_ext(tree, flags));
			CHECK_JSON(cap_str(&c), want);
			for (int i = 0; i < n; i++) {
				e = json_object_array_get_idx(tree, i);
				/* Each element as json-c writes it, indented when pretty. */
				if (!pretty)
					CHECK_HAS(cap_str(&c), json_object_to_json_string_ext(e, flags));
			}
			free(want);
			json_object_put(tree);
			cap_close(&c);
		}
	}
}

static void empty_array(void)
{
	struct capture c;
	struct printer p;

	pr_init(&p, cap_open(&c), true, false);
	pr_open_array(&p, NULL);
	pr_close_array(&p);
	CHECK_STR(cap_str(&c), "[]\n");
	cap_close(&c);
	pr_init(&p, cap_open(&c), false, false);
	pr_open_array(&p, NULL);
	pr_close_array(&p);
	CHECK_STR(cap_str(&c), "");
	cap_close(&c);
}

static void bridge_text(void)
{
	struct capture c;
	struct printer p;

	pr_init(&p, cap_open(&c), false, false);
	print_bridge(&p, &test_bridge, false);
	CHECK_STR(cap_str(&c),
		  "lb0: ageing 300s  max-learned 16384  learned 2  port-max-learned 256"
		  "  max-static 1024  static 3  learning on  max-neigh 0  neighs 0  port-max-neigh 0  neigh-suppress off  announce off  ports 2  address 02:42:ac:11:00:01\n"
		  "  vc2  up  learned-macs 1  static-macs 2  neighs 0  learning on  flood off  mcast_flood on  bcast_flood off  hairpin on  isolated on  neigh-suppress off  rx 12 tx 10 flooded 3 dropped 13 learned 1\n"
		  "  vc3  down  learned-macs 0  static-macs 0  neighs 0  learning off  flood off  mcast_flood off  bcast_flood off  hairpin off  isolated off  neigh-suppress off  rx 0 tx 0 flooded 0 dropped 0 learned 0\n");
	cap_close(&c);
}

/* Counters added to the header later go at the end of their line. */
static void bridge_text_stats(void)
{
	struct capture c;
	struct printer p;
	int lines = 0;

	pr_init(&p, cap_open(&c), false, false);
	print_bridge(&p, &test_bridge, true);
	CHECK_HAS(cap_str(&c),
		  "lb0: ageing 300s  max-learned 16384  learned 2  port-max-learned 256"
		  "  max-static 1024  static 3  learning on  max-neigh 0  neighs 0  port-max-neigh 0  neigh-suppress off  announce off  ports 2  address 02:42:ac:11:00:01"
		  "  fdb-entries 5\n"
		  "  vc2  up  learned-macs 1  static-macs 2  neighs 0  learning on  flood off  mcast_flood on  bcast_flood off  hairpin on  isolated on  neigh-suppress off  rx 12 tx 10 flooded 3 dropped 13 learned 1\n"
		  "    rx_packets 12  rx_bytes 1200  tx_packets 10  tx_bytes 1000\n"
		  "    flooded 3  learned 1  moves 0  learn_cap 0  own_source 0  learn_port_cap 5");
	CHECK_HAS(cap_str(&c),
		  "\n    drop_down 0  drop_mtu 2  drop_link_local 4  drop_invalid_source 0"
		  "  drop_nomem 0  drop_flood_backlog 7");
	CHECK_HAS(cap_str(&c),
		  "\n  vc3  down  learned-macs 0  static-macs 0  neighs 0  learning off  flood off  mcast_flood off  bcast_flood off  hairpin off  isolated off  neigh-suppress off  rx 0 tx 0 flooded 0 dropped 0 learned 0\n"
		  "    rx_packets 0  rx_bytes 0  tx_packets 0  tx_bytes 0\n"
		  "    flooded 0  learned 0  moves 0  learn_cap 0  own_source 0  learn_port_cap 0");
	CHECK_HAS(cap_str(&c),
		  "\n    drop_down 0  drop_mtu 0  drop_link_local 0  drop_invalid_source 0"
		  "  drop_nomem 0  drop_flood_backlog 0");
	for (const char *s = cap_str(&c); *s; s++)
		lines += *s == '\n';
	CHECK_INT(lines, 9);
	cap_close(&c);
}

#define STATS_JSON(rxp, rxb, txp, txb, fl, le, lpc, mtu, ll, fb)                          \
	"{\"rx_packets\":" #rxp ",\"rx_bytes\":" #rxb ",\"tx_packets\":" #txp                 \
	",\"tx_bytes\":" #txb ",\"flooded\":" #fl ",\"learned\":" #le ",\"moves\":0,"          \
	"\"learn_cap\":0,\"own_source\":0,\"learn_port_cap\":" #lpc ",\"drop_down\":0,"        \
	"\"drop_mtu\":" #mtu ",\"drop_link_local\":" #ll ",\"drop_invalid_source\":0,"          \
	"\"drop_nomem\":0,\"drop_flood_backlog\":" #fb "}"

static void bridge_json(void)
{
	struct capture c;
	struct printer p;

	pr_init(&p, cap_open(&c), true, false);
	pr_open_array(&p, NULL);
	print_bridge(&p, &test_bridge, false);
	pr_close_array(&p);
	/* A subset: counters added to the header later come on top. */
	CHECK_JSON_SUBSET(cap_str(&c),
		  "[{\"ifname\":\"lb0\",\"ageing_time\":300,\"max_learned\":16384,\"learned\":2,"
		  "\"port_max_learned\":256,\"max_static\":1024,\"static_count\":3,"
		  "\"learning\":true,\"address\":\"02:42:ac:11:00:01\",\"fdb_entries\":5,"
		  "\"ports\":["
		  "{\"ifname\":\"vc2\",\"state\":\"up\",\"learned_count\":1,\"static_count\":2,"
		  "\"learning\":true,\"flood\":false,\"mcast_flood\":true,\"bcast_flood\":false,"
		  "\"hairpin\":true,\"isolated\":true,\"stats\":"
		  STATS_JSON(12, 1200, 10, 1000, 3, 1, 5, 2, 4, 7) "},"
		  "{\"ifname\":\"vc3\",\"state\":\"down\",\"learned_count\":0,\"static_count\":0,"
		  "\"learning\":false,\"flood\":false,\"mcast_flood\":false,\"bcast_flood\":false,"
		  "\"hairpin\":false,\"isolated\":false,\"stats\":"
		  STATS_JSON(0, 0, 0, 0, 0, 0, 0, 0, 0, 0) "}]}]\n");
	cap_close(&c);
}

static void event_text(void)
{
	struct lbr_event ev = { .event = LBRIDGE_FDB_EVENT_LEARN, .has_mac = true,
				.has_state = true, .fdb = learned };
	struct capture c;
	struct printer p;

	pr_init(&p, cap_open(&c), false, false);
	print_event(&p, &ev);
	ev.event = LBRIDGE_FDB_EVENT_ADD;
	ev.fdb = fixed;
	print_event(&p, &ev);
	ev = (struct lbr_event){ .event = LBRIDGE_FDB_EVENT_FLUSH, .fdb.master = "lb0" };
	print_event(&p, &ev);
	ev.flush_flags = LBRIDGE_FLUSH_F_DYNAMIC;
	strcpy(ev.fdb.port, "vc2");
	print_event(&p, &ev);
	/* From a newer module, without a MAC: no made-up 00:00:00:00:00:00. */
	ev = (struct lbr_event){ .event = 42, .fdb.master = "lb0" };
	print_event(&p, &ev);
	CHECK_STR(cap_str(&c), "learn 02:42:ac:11:00:02 dev vc2 master lb0\n"
			       "add 02:00:00:00:00:09 dev vc3 master lb0 static\n"
			       "flush master lb0\n"
			       "flush master lb0 dev vc2 dynamic\n"
			       "unknown master lb0\n");
	cap_close(&c);
}

static void event_json(void)
{
	struct lbr_event ev = { .event = LBRIDGE_FDB_EVENT_MOVE, .has_mac = true,
				.has_state = true, .fdb = learned };
	struct capture c;
	struct printer p;

	pr_init(&p, cap_open(&c), true, false);
	print_event(&p, &ev);
	ev = (struct lbr_event){ .event = LBRIDGE_FDB_EVENT_FLUSH, .fdb.master = "lb0",
				 .fdb.port = "vc2", .flush_flags = LBRIDGE_FLUSH_F_DYNAMIC };
	print_event(&p, &ev);
	/* One object per line: readers of a pipe parse line by line. */
	CHECK_JSON_LINES(cap_str(&c), "{\"event\":\"move\",\"mac\":\"02:42:ac:11:00:02\",\"ifname\":\"vc2\","
			       "\"flags\":[],\"master\":\"lb0\",\"state\":\"\"}\n"
			       "{\"event\":\"flush\",\"master\":\"lb0\",\"ifname\":\"vc2\","
			       "\"dynamic\":true}\n");
	cap_close(&c);
}

static void event_limit_and_lost(void)
{
	struct lbr_event ev = { .event = LBRIDGE_FDB_EVENT_LIMIT, .has_mac = true,
				.fdb = learned };
	struct capture c;
	struct printer p;

	for (int json = 0; json < 2; json++) {
		pr_init(&p, cap_open(&c), json, false);
		ev.events_lost = 0;
		print_event(&p, &ev);
		ev.events_lost = 4000000000u;
		print_event(&p, &ev);
		ev.events_lost = 1;
		print_event(&p, &ev);
		if (json)
			CHECK_JSON_LINES(cap_str(&c),
				  "{\"event\":\"limit\",\"mac\":\"02:42:ac:11:00:02\","
				  "\"ifname\":\"vc2\",\"flags\":[],\"master\":\"lb0\"}\n"
				  "{\"event\":\"limit\",\"events_lost\":4000000000,"
				  "\"mac\":\"02:42:ac:11:00:02\",\"ifname\":\"vc2\",\"flags\":[],"
				  "\"master\":\"lb0\"}\n"
				  "{\"event\":\"limit\",\"events_lost\":1,"
				  "\"mac\":\"02:42:ac:11:00:02\",\"ifname\":\"vc2\",\"flags\":[],"
				  "\"master\":\"lb0\"}\n");
		else
			CHECK_STR(cap_str(&c), "limit 02:42:ac:11:00:02 dev vc2 master lb0\n"
					       "lb0: 4000000000 events suppressed (rate limit)\n"
					       "limit 02:42:ac:11:00:02 dev vc2 master lb0\n"
					       "lb0: 1 event suppressed (rate limit)\n"
					       "limit 02:42:ac:11:00:02 dev vc2 master lb0\n");
		cap_close(&c);
	}
	/* A flush can follow losses too. */
	ev = (struct lbr_event){ .event = LBRIDGE_FDB_EVENT_FLUSH, .fdb.master = "lb0",
				 .events_lost = 2 };
	pr_init(&p, cap_open(&c), false, false);
	print_event(&p, &ev);
	CHECK_STR(cap_str(&c), "lb0: 2 events suppressed (rate limit)\nflush master lb0\n");
	cap_close(&c);
}

static void json_escapes(void)
{
	struct lbr_fdb e = own;
	struct capture c;

	/* Names may hold quotes; JSON must stay JSON. */
	strcpy(e.master, "a\"b\\c/d");
	print_one_fdb(&c, true, false, &e, false);
	CHECK_JSON(cap_str(&c), "{\"mac\":\"02:42:ac:11:00:01\",\"ifname\":\"a\\\"b\\\\c/d\","
			       "\"flags\":[],\"master\":\"a\\\"b\\\\c/d\",\"state\":\"permanent\"}\n");
	cap_close(&c);
}

static void graph_dot(void)
{
	struct lbr_port ports[2] = { test_ports[0], test_ports[1] };
	struct lbr_fdb fdb[3] = { own, learned, fixed };
	struct lbr_bridge br = test_bridge;
	struct capture c;

	ports[0].peer_ifindex = 2;
	ports[0].peer_netnsid_known = true;
	ports[0].peer_netnsid = 0;
	strcpy(ports[0].peer, "eth0");
	strcpy(ports[0].peer_netns, "lbt-c2");
	strcpy(ports[0].label, "web \"1\"");
	ports[1].peer_ifindex = 13;
	ports[1].peer_netnsid_known = true;
	ports[1].peer_netnsid = -1;
	strcpy(ports[1].peer, "vc3p");
	br.ports = ports;
	br.fdb = fdb;
	br.nfdb = 3;
	print_graph(cap_open(&c), &br, 1);
	CHECK_STR(cap_str(&c),
		  "graph lbridge {\n"
		  "\tnode [fontname=\"sans-serif\", fontsize=11];\n"
		  "\tedge [fontname=\"sans-serif\", fontsize=9];\n"
		  "\n"
		  "\tsubgraph \"cluster:lb0\" {\n"
		  "\tstyle=invis;\n"
		  "\t\"bridge:lb0\" [shape=box3d, style=bold, label=\"lb0\\n02:42:ac:11:00:01\"];\n"
		  "\t\"port:vc2\" [shape=box, label=\"vc2\\n\\\"web \\\\\\\"1\\\\\\\"\\\"\\nup\"];\n"
		  "\t\"bridge:lb0\" -- \"port:vc2\";\n"
		  "\t\"peer:vc2\" [shape=ellipse, label=\"eth0\\nnetns lbt-c2\"];\n"
		  "\t\"port:vc2\" -- \"peer:vc2\" [style=dashed, label=\"veth\"];\n"
		  "\t\"mac:lb0/02:42:ac:11:00:02\" [shape=plaintext, fontsize=9, label=\"02:42:ac:11:00:02\"];\n"
		  "\t\"peer:vc2\" -- \"mac:lb0/02:42:ac:11:00:02\" [style=dotted];\n"
		  "\t\"port:vc3\" [shape=box, label=\"vc3\\ndown\"];\n"
		  "\t\"bridge:lb0\" -- \"port:vc3\";\n"
		  "\t\"peer:vc3\" [shape=ellipse, label=\"vc3p\\nifindex 13\"];\n"
		  "\t\"port:vc3\" -- \"peer:vc3\" [style=dashed, label=\"veth\"];\n"
		  "\t\"mac:lb0/02:00:00:00:00:09\" [shape=plaintext, fontsize=9, label=\"02:00:00:00:00:09\\nstatic\"];\n"
		  "\t\"peer:vc3\" -- \"mac:lb0/02:00:00:00:00:09\" [style=dotted];\n"
		  "\t}\n"
		  "}\n");
	cap_close(&c);
}

static void graph_escapes_and_cap(void)
{
	struct lbr_port port = { .ifindex = 11, .ifname = "a\"b", .up = true };
	struct lbr_fdb fdb[40];
	struct lbr_bridge br = { .ifname = "lb\\0", .ports = &port, .nports = 1, .fdb = fdb,
				 .nfdb = 40 };
	struct capture c;

	for (int i = 0; i < 40; i++)
		fdb[i] = (struct lbr_fdb){ .mac = { 2, 0, 0, 0, 0, i }, .port = "a\"b",
					   .state = LBRIDGE_FDB_STATE_LEARNED };
	print_graph(cap_open(&c), &br, 1);
	/* Shown, in the picture and the ids, as text shows them: quoted. */
	CHECK_HAS(cap_str(&c), "\t\"port:\\\"a\\\\\\\"b\\\"\" [shape=box, label=\"\\\"a\\\\\\\"b\\\"\\nup\"];\n");
	CHECK_HAS(cap_str(&c), "\t\"bridge:\\\"lb\\\\\\\\0\\\"\" -- \"port:\\\"a\\\\\\\"b\\\"\";\n");
	CHECK_HAS(cap_str(&c), "label=\"8 more MACs\"");
	CHECK(!strstr(cap_str(&c), "02:00:00:00:00:20"));
	CHECK_HAS(cap_str(&c), "02:00:00:00:00:1f");
	cap_close(&c);
}

/*
 * fdb show's list printer makes each line itself, names formatted once:
 * byte for byte what print_fdb() makes of each entry, in text and JSON,
 * with and without ages, for names and labels that need quoting and
 * escaping, one that is not UTF-8, and more distinct names than the
 * cache has slots (so that slots are reused).
 */
static void fdb_list_matches_each(void)
{
	static const char *const names[] = {
		"vc2", "a b", "q\"x", "b\\s", "t\tab", "\xff\xfe", "\xc3\xa9t\xc3\xa9",
		("x\xe2\x80\xae" "y"), "\x1b[0m", "0123456789abcde",
	};
	static const char *const labels[] = {
		"", "web", "web \"1\"", "ctl\x01", ("\xe2\x80\xa8" "sep"), ("\xc0" "bad"),
	};
	static const uint8_t states[] = {
		LBRIDGE_FDB_STATE_LEARNED, LBRIDGE_FDB_STATE_STATIC, LBRIDGE_FDB_STATE_LOCAL, 9,
	};
	enum { N = 1200 };
	struct lbr_fdb *v = calloc(N, sizeof(*v));
	struct capture one, list;

	CHECK(v);
	for (int i = 0; i < N; i++) {
		struct lbr_fdb *e = &v[i];

		e->mac[0] = 2;
		e->mac[3] = i >> 8;
		e->mac[4] = i;
		e->mac[5] = 0xa0 + i % 7;
		e->state = states[i % 4];
		e->age_ms = i * 997u;
		if (i % 13)
			snprintf(e->port, sizeof(e->port), "%s", i % 3 ? names[i % 10] : "");
		/* More names than slots: p0 .. p399 as well. */
		if (i % 3 == 1)
			snprintf(e->port, sizeof(e->port), "p%d", i % 400);
		snprintf(e->master, sizeof(e->master), "%s", i % 5 ? "lb0" : names[i % 7]);
		snprintf(e->label, sizeof(e->label), "%s", labels[i % 6]);
	}
	for (int mode = 0; mode < 4; mode++) {
		bool json = mode & 1, stats = mode & 2;
		struct printer p;

		pr_init(&p, cap_open(&one), json, false);
		pr_open_array(&p, NULL);
		for (int i = 0; i < N; i++)
			print_fdb(&p, &v[i], stats);
		pr_close_array(&p);
		pr_init(&p, cap_open(&list), json, false);
		pr_open_array(&p, NULL);
		print_fdb_list(&p, v, N, stats);
		pr_close_array(&p);
		CHECK_STR(cap_str(&list), cap_str(&one));
		cap_close(&one);
		cap_close(&list);
	}
	/* Pretty: through the printer, the same as ever. */
	{
		struct printer p;

		pr_init(&p, cap_open(&one), true, true);
		pr_open_array(&p, NULL);
		for (int i = 0; i < 3; i++)
			print_fdb(&p, &v[i], false);
		pr_close_array(&p);
		pr_init(&p, cap_open(&list), true, true);
		pr_open_array(&p, NULL);
		print_fdb_list(&p, v, 3, false);
		pr_close_array(&p);
		CHECK_STR(cap_str(&list), cap_str(&one));
		cap_close(&one);
		cap_close(&list);
	}
	free(v);
}

const struct test print_tests[] = {
	TEST(fdb_list_matches_each),
	TEST(fdb_text_word_order),
	TEST(fdb_text_age),
	TEST(fdb_json),
	TEST(fdb_json_array_pretty),
	TEST(stream_matches_tree),
	TEST(empty_array),
	TEST(bridge_text),
	TEST(bridge_text_stats),
	TEST(bridge_json),
	TEST(event_text),
	TEST(event_json),
	TEST(event_limit_and_lost),
	TEST(json_escapes),
	TEST(graph_dot),
	TEST(graph_escapes_and_cap),
	{ 0 },
};
