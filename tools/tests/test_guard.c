// SPDX-License-Identifier: GPL-2.0
/*
 * Port security's commands against the fake kernel: the guard settings of
 * ports and bridges, port allow, deny and show, and guard events in
 * monitor; and the parsing of the new attributes from hand-built replies.
 */
#include <errno.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "fake_kernel.h"
#include "lbrctl.h"
#include "parse.h"
#include "run.h"
#include "test.h"

DEFINE_LBRCTL(NULL)

/* refuse(WANT, ARGS...): refused with exactly WANT, before anything is sent. */
#define refuse(want, ...) refuse_(__FILE__, __LINE__, want, __VA_ARGS__, NULL)

static bool refuse_(const char *file, int line, const char *want, ...)
{
	va_list ap;
	int rc;

	fake_reset();
	va_start(ap, want);
	rc = run_lbrctl(NULL, va_arg(ap, const char *), ap);
	va_end(ap);
	if (rc != 1 || strcmp(ERR, want) || *OUT || fk.sends) {
		t_fail(file, line, "status %d, sent %d, ERR\n[%s]\nexpected\n[%s]", rc, fk.sends,
		       ERR, want);
		return false;
	}
	return true;
}

#define REFUSE(want, ...)                                                     \
	do {                                                                  \
		if (!refuse(want, __VA_ARGS__))                               \
			return;                                               \
	} while (0)

/* The u8 attribute type of nest in the last request, -1 if absent. */
static int last_u8(int nest, int type)
{
	const struct nlattr *a = fake_last_attr(nest, type);

	if (!a || mnl_attr_get_payload_len(a) != 1)
		return -1;
	return mnl_attr_get_u8(a);
}

/* The JSON document in OUT, or NULL. */
static struct json_object *out_json(void)
{
	return json_tokener_parse(OUT);
}

/* Member key of o, or NULL. */
static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* show -j's bridge 0, port i. */
static struct json_object *json_port(struct json_object *j, int i)
{
	return json_object_array_get_idx(member(json_object_array_get_idx(j, 0), "ports"), i);
}

static int jbool(struct json_object *o, const char *key)
{
	struct json_object *v = member(o, key);

	if (!v || !json_object_is_type(v, json_type_boolean))
		return -1;
	return json_object_get_boolean(v);
}

/* --- Settings ------------------------------------------------------------- */

static void port_set_guards(void)
{
	struct json_object *j, *p;

	fake_reset();
	CHECK_INT(lbrctl("port", "set", "vc2", "guard", "on", "ra-guard", "on", "dhcp-guard", "on",
			 "isolated", "on", NULL), 0);
	CHECK_STR(ERR, "");
	/* One request, with the guards beside the other flags. */
	CHECK_INT(fk.cmds[LBRIDGE_CMD_SET_PORT], 1);
	CHECK_INT(last_u8(LBRIDGE_A_PORT, LBRIDGE_PORT_A_GUARD), 1);
	CHECK_INT(last_u8(LBRIDGE_A_PORT, LBRIDGE_PORT_A_RA_GUARD), 1);
	CHECK_INT(last_u8(LBRIDGE_A_PORT, LBRIDGE_PORT_A_DHCP_GUARD), 1);
	CHECK_INT(last_u8(LBRIDGE_A_PORT, LBRIDGE_PORT_A_ISOLATED), 1);
	CHECK_INT(last_u8(LBRIDGE_A_PORT, LBRIDGE_PORT_A_LEARNING), -1);
	CHECK(fk.ports[0].guard && fk.ports[0].ra_guard && fk.ports[0].dhcp_guard);
	CHECK(!fk.ports[1].guard && !fk.ports[1].ra_guard && !fk.ports[1].dhcp_guard);

	/* Text: the guards that are on, after the other flags. */
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  vc2  up  peer eth0 netns lbt-c2  learned-macs 1  static-macs 0  neighs 2"
		       "  learning on  flood on  mcast_flood on  bcast_flood on  hairpin off"
		       "  isolated on  neigh-suppress off  guard on  ra-guard on  dhcp-guard on"
		       "  rx 12 ");
	CHECK_HAS(OUT, "  isolated off  neigh-suppress off  rx 0 ");
	/* JSON: every guard of every port, the guard MAC and the allowed set. */
	CHECK_INT(lbrctl("-j", "show", NULL), 0);
	j = out_json();
	CHECK(j);
	p = json_port(j, 0);
	CHECK_INT(jbool(p, "guard"), 1);
	CHECK_INT(jbool(p, "ra_guard"), 1);
	CHECK_INT(jbool(p, "dhcp_guard"), 1);
	p = json_port(j, 1);
	CHECK_INT(jbool(p, "guard"), 0);
	CHECK_INT(jbool(p, "ra_guard"), 0);
	CHECK_INT(jbool(p, "dhcp_guard"), 0);
	CHECK(member(p, "guard_mac") == NULL && json_object_object_get_ex(p, "guard_mac", NULL));
	CHECK_JSON(json_object_to_json_string(member(p, "allowed")), "{\"macs\":[],\"ips\":[]}");
	json_object_put(j);

	CHECK_INT(lbrctl("port", "set", "vc2", "ra-guard", "off", NULL), 0);
	CHECK_INT(last_u8(LBRIDGE_A_PORT, LBRIDGE_PORT_A_RA_GUARD), 0);
	CHECK_INT(last_u8(LBRIDGE_A_PORT, LBRIDGE_PORT_A_GUARD), -1);
	CHECK(fk.ports[0].guard && !fk.ports[0].ra_guard);

	REFUSE("Error: guard must be on or off, not \"yes\"\n", "port", "set", "vc2", "guard", "yes");
	REFUSE("Error: dhcp-guard is given twice\n",
	       "port", "set", "vc2", "dhcp-guard", "on", "dhcp-guard", "off");
	REFUSE("Usage: lbrctl " USAGE_PORT_SET "\n", "port", "set", "vc2", "ra-guard");
	REFUSE("Error: unknown setting \"ra_guard\"\nUsage: lbrctl " USAGE_PORT_SET "\n",
	       "port", "set", "vc2", "ra_guard", "on");
	/* A bad pair anywhere refuses every pair. */
	REFUSE("Error: isolated must be on or off, not \"1\"\n",
	       "port", "set", "vc2", "guard", "on", "isolated", "1");
}

static void bridge_set_guards(void)
{
	struct json_object *j, *b;

	fake_reset();
	CHECK_INT(lbrctl("set", "lb0", "guard", "on", "dhcp-guard", "on", "ageing", "60", NULL), 0);
	CHECK_STR(ERR, "");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_SET_BRIDGE], 1);
	CHECK_INT(last_u8(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_GUARD), 1);
	CHECK_INT(last_u8(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_DHCP_GUARD), 1);
	CHECK_INT(last_u8(LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_RA_GUARD), -1);
	CHECK(fk.bridges[0].guard && fk.bridges[0].dhcp_guard && !fk.bridges[0].ra_guard);
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  neigh-suppress off  announce on  guard on  dhcp-guard on  ports 2  address");
	CHECK_INT(lbrctl("-j", "show", NULL), 0);
	j = out_json();
	CHECK(j);
	b = json_object_array_get_idx(j, 0);
	CHECK_INT(jbool(b, "guard"), 1);
	CHECK_INT(jbool(b, "ra_guard"), 0);
	CHECK_INT(jbool(b, "dhcp_guard"), 1);
	json_object_put(j);
	CHECK_INT(lbrctl("set", "lb0", "guard", "off", NULL), 0);
	CHECK(!fk.bridges[0].guard && fk.bridges[0].dhcp_guard);
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  announce on  dhcp-guard on  ports 2");

	REFUSE("Error: ra-guard must be on or off, not \"true\"\n",
	       "set", "lb0", "ra-guard", "true");
	REFUSE("Error: guard is given twice\n", "set", "lb0", "guard", "on", "guard", "on");
	REFUSE("Usage: lbrctl " USAGE_SET "\n", "set", "lb0", "guard");
}

/* --- Allowed addresses ----------------------------------------------------- */

/* The ALLOWED attribute of type in the last request: its length, or -1. */
static int last_allowed_len(int type)
{
	const struct nlattr *a = fake_last_attr(LBRIDGE_A_ALLOWED, type);

	return a ? mnl_attr_get_payload_len(a) : -1;
}

static const void *last_allowed(int type)
{
	return mnl_attr_get_payload(fake_last_attr(LBRIDGE_A_ALLOWED, type));
}

static void allow_and_deny(void)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x03 };
	static const uint8_t v4[4] = { 10, 0, 0, 3 };
	static const uint8_t v6[16] = { 0xfd, [15] = 3 };
	struct json_object *j, *p;

	fake_reset();
	CHECK_INT(lbrctl("port", "allow", "vc2", "mac", "02:00:00:00:00:03", NULL), 0);
	CHECK_STR(ERR, "");
	CHECK_STR(OUT, "");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_NEW_ALLOWED], 1);
	/* PORT { IFINDEX }, ALLOWED { MAC } and nothing else. */
	CHECK_INT(mnl_attr_get_u32(fake_last_attr(LBRIDGE_A_PORT, LBRIDGE_PORT_A_IFINDEX)), 11);
	CHECK(!fake_last_attr(0, LBRIDGE_A_BRIDGE));
	CHECK_INT(last_allowed_len(LBRIDGE_ALLOWED_A_MAC), 6);
	CHECK(!memcmp(last_allowed(LBRIDGE_ALLOWED_A_MAC), mac, 6));
	CHECK_INT(last_allowed_len(LBRIDGE_ALLOWED_A_IPV4), -1);
	CHECK_INT(last_allowed_len(LBRIDGE_ALLOWED_A_IPV6), -1);

	CHECK_INT(lbrctl("port", "allow", "vc2", "ip", "10.0.0.3", NULL), 0);
	CHECK_INT(last_allowed_len(LBRIDGE_ALLOWED_A_IPV4), 4);
	CHECK(!memcmp(last_allowed(LBRIDGE_ALLOWED_A_IPV4), v4, 4));
	CHECK_INT(last_allowed_len(LBRIDGE_ALLOWED_A_MAC), -1);
	CHECK_INT(lbrctl("port", "allow", "vc2", "ip", "fd00::3", NULL), 0);
	CHECK_INT(last_allowed_len(LBRIDGE_ALLOWED_A_IPV6), 16);
	CHECK(!memcmp(last_allowed(LBRIDGE_ALLOWED_A_IPV6), v6, 16));
	/* Added after the IPs: listed with the MACs, first. */
	CHECK_INT(lbrctl("port", "allow", "vc2", "mac", "02:00:00:00:00:04", NULL), 0);
	CHECK_INT(fk.ports[0].nallowed, 4);
	CHECK_INT(fk.refused, 0);

	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  neigh-suppress off  allowed mac 02:00:00:00:00:03 mac 02:00:00:00:00:04"
		       " ip 10.0.0.3 ip fd00::3  rx 12 ");
	CHECK_INT(lbrctl("-j", "show", NULL), 0);
	j = out_json();
	CHECK(j);
	p = json_port(j, 0);
	CHECK_JSON(json_object_to_json_string(member(p, "allowed")),
		   "{\"macs\":[\"02:00:00:00:00:03\",\"02:00:00:00:00:04\"],"
		   "\"ips\":[\"10.0.0.3\",\"fd00::3\"]}");
	json_object_put(j);

	CHECK_INT(lbrctl("port", "deny", "vc2", "ip", "10.0.0.3", NULL), 0);
	CHECK_STR(ERR, "");
	CHECK_INT(fk.cmds[LBRIDGE_CMD_DEL_ALLOWED], 1);
	CHECK_INT(last_allowed_len(LBRIDGE_ALLOWED_A_IPV4), 4);
	CHECK(!memcmp(last_allowed(LBRIDGE_ALLOWED_A_IPV4), v4, 4));
	CHECK_INT(lbrctl("port", "deny", "vc2", "mac", "02:00:00:00:00:03", NULL), 0);
	CHECK_INT(lbrctl("show", NULL), 0);
	CHECK_HAS(OUT, "  allowed mac 02:00:00:00:00:04 ip fd00::3  rx 12 ");
}

static void allow_refused_before_sending(void)
{
	static const char *const cmds[] = { "allow", "deny" };

	for (int i = 0; i < 2; i++) {
		const char *c = cmds[i];
		const char *usage = i ? "Usage: lbrctl " USAGE_PORT_DENY "\n" :
				    "Usage: lbrctl " USAGE_PORT_ALLOW "\n";
		char want[512];

		REFUSE("Error: \"02:00:00:00:03\" is not a MAC address (six hex pairs separated"
		       " by ':')\n", "port", c, "vc2", "mac", "02:00:00:00:03");
		REFUSE("Error: \"2:0:0:0:0:3\" is not a MAC address (six hex pairs separated"
		       " by ':')\n", "port", c, "vc2", "mac", "2:0:0:0:0:3");
		REFUSE("Error: \"02:00:00:00:00:03:\" is not a MAC address (six hex pairs separated"
		       " by ':')\n", "port", c, "vc2", "mac", "02:00:00:00:00:03:");
		REFUSE("Error: \"10.0.0.3\" is not a MAC address (six hex pairs separated"
		       " by ':')\n", "port", c, "vc2", "mac", "10.0.0.3");
		REFUSE("Error: 01:00:5e:00:00:01 is a multicast MAC address; only a unicast one"
		       " can be a port's\n", "port", c, "vc2", "mac", "01:00:5e:00:00:01");
		REFUSE("Error: ff:ff:ff:ff:ff:ff is a multicast MAC address; only a unicast one"
		       " can be a port's\n", "port", c, "vc2", "mac", "ff:ff:ff:ff:ff:ff");
		REFUSE("Error: 00:00:00:00:00:00 is the zero MAC address, which no port sends"
		       " from\n", "port", c, "vc2", "mac", "00:00:00:00:00:00");
		REFUSE("Error: \"10.0.0\" is not an IP address (IPv4 dotted quad or IPv6)\n",
		       "port", c, "vc2", "ip", "10.0.0");
		REFUSE("Error: \"fd00::3%vc2\" is not an IP address (IPv4 dotted quad or IPv6)\n",
		       "port", c, "vc2", "ip", "fd00::3%vc2");
		REFUSE("Error: \"02:00:00:00:00:03\" is not an IP address (IPv4 dotted quad or"
		       " IPv6)\n", "port", c, "vc2", "ip", "02:00:00:00:00:03");
		REFUSE("Error: 0.0.0.0 is the unspecified address, which no port owns\n",
		       "port", c, "vc2", "ip", "0.0.0.0");
		REFUSE("Error: :: is the unspecified address, which no port owns\n",
		       "port", c, "vc2", "ip", "::");
		REFUSE("Error: 224.0.0.1 is a multicast address; only a unicast one can be a"
		       " port's\n", "port", c, "vc2", "ip", "224.0.0.1");
		REFUSE("Error: 239.255.255.250 is a multicast address; only a unicast one can be a"
		       " port's\n", "port", c, "vc2", "ip", "239.255.255.250");
		REFUSE("Error: ff02::1 is a multicast address; only a unicast one can be a"
		       " port's\n", "port", c, "vc2", "ip", "ff02::1");
		REFUSE("Error: 255.255.255.255 is the broadcast address; only a unicast one can be"
		       " a port's\n", "port", c, "vc2", "ip", "255.255.255.255");
		REFUSE("Error: 127.0.0.1 is a loopback address, which no port owns\n",
		       "port", c, "vc2", "ip", "127.0.0.1");
		REFUSE("Error: 127.255.0.9 is a loopback address, which no port owns\n",
		       "port", c, "vc2", "ip", "127.255.0.9");
		REFUSE("Error: ::1 is a loopback address, which no port owns\n",
		       "port", c, "vc2", "ip", "::1");
		REFUSE("Error: 0.1.2.3 is in 0.0.0.0/8 (this network), which no port owns\n",
		       "port", c, "vc2", "ip", "0.1.2.3");
		snprintf(want, sizeof(want), "Error: unknown address kind \"vlan\" (mac or ip)\n%s",
			 usage);
		REFUSE(want, "port", c, "vc2", "vlan", "5");
		REFUSE(usage, "port", c, "vc2", "mac");
		REFUSE(usage, "port", c, "vc2");
		REFUSE(usage, "port", c);
		REFUSE(usage, "port", c, "vc2", "mac", "02:00:00:00:00:03", "ip");
		REFUSE("Error: no port named vc9\n", "port", c, "vc9", "ip", "10.0.0.3");
		REFUSE("lbrctl: unknown option \"-x\"; see \"lbrctl help\"\n", "port", c, "-x");
	}
	/* What a stricter parser would refuse, taken. */
	fake_reset();
	CHECK_INT(lbrctl("port", "allow", "vc2", "mac", "0A:bC:00:00:00:03", NULL), 0);
	CHECK_INT(lbrctl("port", "allow", "vc2", "ip", "::ffff:10.0.0.3", NULL), 0);
	CHECK_INT(last_allowed_len(LBRIDGE_ALLOWED_A_IPV6), 16);
	CHECK_INT(lbrctl("port", "allow", "vc2", "ip", "255.255.255.254", NULL), 0);
	CHECK_INT(lbrctl("port", "allow", "vc2", "ip", "1.0.0.0", NULL), 0);
	CHECK_INT(lbrctl("port", "allow", "vc2", "ip", "128.0.0.1", NULL), 0);
	CHECK_INT(lbrctl("port", "allow", "vc2", "ip", "::2", NULL), 0);
	CHECK_INT(lbrctl("port", "allow", "vc2", "ip", "fe80::1", NULL), 0);
	CHECK_INT(lbrctl("port", "allow", "vc2", "ip", "223.255.255.255", NULL), 0);
	CHECK_STR(ERR, "");
}

static void allow_kernel_refusals(void)
{
	char mac[MAC_STRLEN];

	fake_reset();
	CHECK_INT(lbrctl("port", "allow", "vc2", "ip", "10.0.0.3", NULL), 0);
	/* The refusal in our words, the kernel's after. */
	CHECK_INT(lbrctl("port", "allow", "vc2", "ip", "10.0.0.3", NULL), 1);
	CHECK_STR(ERR, "Error: 10.0.0.3 is already allowed on vc2 (lbridge: Address already"
		       " allowed on this port)\n");
	CHECK_STR(OUT, "");
	/* No extack: ours alone. */
	CHECK_INT(lbrctl("port", "deny", "vc2", "ip", "10.0.0.4", NULL), 1);
	CHECK_STR(ERR, "Error: 10.0.0.4 is not allowed on vc2\n");
	CHECK_INT(lbrctl("port", "deny", "vc3", "ip", "10.0.0.3", NULL), 1);
	CHECK_STR(ERR, "Error: 10.0.0.3 is not allowed on vc3\n");
	for (int i = 0; i < LBRIDGE_ALLOWED_MAX_MACS; i++) {
		snprintf(mac, sizeof(mac), "02:00:00:00:01:%02x", i);
		CHECK_INT(lbrctl("port", "allow", "vc2", "mac", mac, NULL), 0);
	}
	CHECK_INT(lbrctl("port", "allow", "vc2", "mac", "02:00:00:00:02:00", NULL), 1);
	CHECK_STR(ERR, "Error: vc2 already has as many allowed MACs as a port can (8)\n");
	/* The IPs have their own room. */
	CHECK_INT(lbrctl("port", "allow", "vc2", "ip", "10.0.0.4", NULL), 0);
	/* Anything else: the kernel's words, as every command reports them. */
	CHECK_INT(lbrctl("port", "allow", "eth0", "ip", "10.0.0.4", NULL), 1);
	CHECK_STR(ERR, "Error: lbridge: Device is not a port of an lbridge bridge\n");
	fk.deny_admin = true;
	CHECK_INT(lbrctl("port", "deny", "vc2", "ip", "10.0.0.4", NULL), 1);
	CHECK_STR(ERR, "Error: permission denied (changes need CAP_NET_ADMIN)\n");
	CHECK_INT(fk.refused, 0);
}

/* In -batch, each line's refusal is reported against its own line. */
static void allow_in_batch(void)
{
	static char path[] = "/tmp/lbrctl-guard-XXXXXX";
	const char *text = "port allow vc2 ip 10.0.0.3\n"
			   "port allow vc2 mac 02:00:00:00:00:03\n"
			   "port allow vc2 ip 10.0.0.3\n"
			   "port allow vc3 ip 10.0.0.9\n";
	int fd;

	fake_reset();
	strcpy(path, "/tmp/lbrctl-guard-XXXXXX");
	fd = mkstemp(path);
	CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	CHECK_INT(lbrctl("-batch", path, NULL), 1);
	unlink(path);
	CHECK_HAS(ERR, "lbrctl: line 3: Error: ");
	CHECK_HAS(ERR, "already allowed on this port");
	CHECK_INT(fk.ports[0].nallowed, 2);
}

/* --- port show ------------------------------------------------------------- */

static void guarded_vc2(void)
{
	static const uint8_t gmac[6] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x02 };

	fake_reset();
	fk.ports[0].guard = true;
	fk.ports[0].dhcp_guard = true;
	fk.ports[0].has_guard_mac = true;
	memcpy(fk.ports[0].guard_mac, gmac, 6);
	strcpy(fk.ports[0].label, "c2");
	fk.ports[0].stats[LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP] = 3;
	fk.ports[0].stats[LBRIDGE_PORT_STAT_DROP_DHCP_SERVER] = 1;
	fk.ports[0].allowed[fk.ports[0].nallowed++] = (struct fake_allowed){
		LBRIDGE_ALLOWED_A_IPV4, { 10, 0, 0, 2 } };
}

static void port_show_text(void)
{
	guarded_vc2();
	CHECK_INT(lbrctl("port", "show", "vc2", NULL), 0);
	CHECK_STR(ERR, "");
	CHECK(!strncmp(OUT, "vc2  master", 11));
	CHECK_HAS(OUT, "vc2  master lb0  up  label c2  peer eth0 netns lbt-c2\n"
		       "  learning on  flood on  mcast_flood on  bcast_flood on  hairpin off"
		       "  isolated off  neigh-suppress off\n"
		       "  guard on  ra-guard off  dhcp-guard on  guard-mac 02:42:ac:11:00:02\n"
		       "  allowed ip 10.0.0.2\n"
		       "  learned-macs 1  static-macs 0  neighs 2\n"
		       "    rx_packets 12  rx_bytes 1200  tx_packets 10  tx_bytes 1000\n");
	/* The drop counters, every one, by the names of the header's enum. */
	CHECK_HAS(OUT, "  drop_spoofed_mac 0  drop_spoofed_ip 0  drop_spoofed_arp 3"
		       "  drop_spoofed_nd 0  drop_ra 0  drop_dhcp_server 1  drop_guard_tagged 0"
		       "  drop_guard_malformed 0  drop_guard_cap 0\n");
	/* Read-only: the list of bridges, then each bridge's ports. */
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_BRIDGE], 1);
	CHECK_INT(fk.cmds[LBRIDGE_CMD_GET_PORT], 1);
	CHECK_INT(fk.requests, 2);
	/* Nothing allowed: no line for it; no guard MAC: none shown. */
	CHECK_INT(lbrctl("port", "show", "vc3", NULL), 0);
	CHECK_HAS(OUT, "vc3  master lb0  down  peer vc3p\n");
	CHECK_HAS(OUT, "  guard off  ra-guard off  dhcp-guard off\n"
		       "  learned-macs 0  static-macs 1  neighs 1\n");

}

static void port_show_json(void)
{
	struct json_object *j, *s;

	guarded_vc2();
	CHECK_INT(lbrctl("-j", "port", "show", "vc2", NULL), 0);
	CHECK_STR(ERR, "");
	j = out_json();
	CHECK(j && json_object_is_type(j, json_type_object));
	CHECK_JSON_SUBSET(OUT, "{\"ifname\":\"vc2\",\"master\":\"lb0\",\"state\":\"up\","
			       "\"label\":\"c2\",\"guard\":true,\"ra_guard\":false,"
			       "\"dhcp_guard\":true,\"guard_mac\":\"02:42:ac:11:00:02\","
			       "\"allowed\":{\"macs\":[],\"ips\":[\"10.0.0.2\"]},"
			       "\"neigh_count\":2,\"isolated\":false}");
	s = member(j, "stats");
	CHECK(s);
	CHECK_INT(json_object_get_int64(member(s, "drop_spoofed_arp")), 3);
	CHECK_INT(json_object_get_int64(member(s, "drop_dhcp_server")), 1);
	CHECK(member(s, "drop_guard_malformed"));
	json_object_put(j);
	/* The same port object as show's, and its master. */
	CHECK_INT(lbrctl("-j", "show", NULL), 0);
	j = out_json();
	CHECK(j);
	s = json_port(j, 0);
	CHECK_INT(jbool(s, "guard"), 1);
	CHECK_STR(json_object_get_string(member(s, "guard_mac")), "02:42:ac:11:00:02");
	json_object_put(j);
}

static void port_show_refusals(void)
{
	REFUSE("Usage: lbrctl " USAGE_PORT_SHOW "\n", "port", "show");
	REFUSE("Usage: lbrctl " USAGE_PORT_SHOW "\n", "port", "show", "vc2", "vc3");
	REFUSE("Error: no port named vc9\n", "port", "show", "vc9");
	REFUSE("lbrctl: unknown option \"-s\"; see \"lbrctl help\"\n", "port", "show", "-s");
	/* A device on no bridge: every bridge was asked. */
	fake_reset();
	CHECK_INT(lbrctl("port", "show", "eth0", NULL), 1);
	CHECK_STR(ERR, "Error: eth0 is not a port of any lbridge bridge\n");
	CHECK_STR(OUT, "");
	CHECK_INT(lbrctl("port", "show", "lb0", NULL), 1);
	CHECK_STR(ERR, "Error: lb0 is not a port of any lbridge bridge\n");
}

/* --- monitor ---------------------------------------------------------------- */

static void monitor_guard_text(void)
{
	fake_reset();
	strcpy(fk.ports[0].label, "c2");
	strcpy(fk.ports[1].label, "c3");
	fake_guard_event("lb0", "vc3", LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP, "02:00:00:00:00:03",
			 "10.0.0.2", "vc2");
	fake_guard_event("lb0", "vc3", LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC, "02:42:ac:11:00:02",
			 NULL, "vc2");
	fk.suppressed = 5;
	fake_guard_event("lb0", "vc3", LBRIDGE_PORT_STAT_DROP_RA, "02:00:00:00:00:03", "fe80::3",
			 NULL);
	fake_event(LBRIDGE_FDB_EVENT_LEARN, "lb0", "vc2", "02:42:ac:11:00:02",
		   LBRIDGE_FDB_STATE_LEARNED, 0);
	CHECK_INT(lbrctl("monitor", NULL), 0);
	CHECK_STR(ERR, "");
	/* The fdb group's events, then the guard group's (the fake delivers them so). */
	CHECK_STR(OUT, "learn 02:42:ac:11:00:02 dev vc2 master lb0 label c2\n"
		       "guard lb0 dev vc3 label c3 drop_spoofed_arp mac 02:00:00:00:00:03"
		       " ip 10.0.0.2 owner vc2 label c2\n"
		       "guard lb0 dev vc3 label c3 drop_spoofed_mac mac 02:42:ac:11:00:02"
		       " owner vc2 label c2\n"
		       "lb0: 5 events suppressed (rate limit)\n"
		       "guard lb0 dev vc3 label c3 drop_ra mac 02:00:00:00:00:03 ip fe80::3\n");
	CHECK(fk.joined & (1u << FAKE_GUARD_GROUP));
}

static void monitor_guard_json_and_filter(void)
{
	fake_reset();
	strcpy(fk.ports[1].label, "c3");
	fake_guard_event("lb1", "vc7", LBRIDGE_PORT_STAT_DROP_SPOOFED_IP, "02:00:00:00:00:07",
			 "10.0.0.7", NULL);
	fk.suppressed = 2;
	fake_guard_event("lb0", "vc3", LBRIDGE_PORT_STAT_DROP_SPOOFED_ND, "02:00:00:00:00:03",
			 "fd00::2", "vc2");
	fake_guard_event("lb0", "vc2", LBRIDGE_PORT_STAT_DROP_GUARD_TAGGED, "02:42:ac:11:00:02",
			 NULL, NULL);
	/* lb1's are another bridge's: left out. */
	CHECK_INT(lbrctl("-j", "monitor", "lb0", NULL), 0);
	CHECK_STR(ERR, "");
	CHECK_JSON_LINES(OUT, "{\"event\":\"guard\",\"master\":\"lb0\",\"ifname\":\"vc3\","
			      "\"label\":\"c3\",\"reason\":\"drop_spoofed_nd\","
			      "\"mac\":\"02:00:00:00:00:03\",\"ip\":\"fd00::2\",\"owner\":\"vc2\","
			      "\"events_lost\":2}\n"
			      "{\"event\":\"guard\",\"master\":\"lb0\",\"ifname\":\"vc2\","
			      "\"reason\":\"drop_guard_tagged\",\"mac\":\"02:42:ac:11:00:02\"}\n");
}

/* Labels and names come from whoever set them: escaped as everywhere else. */
static void monitor_guard_escapes(void)
{
	fake_reset();
	strcpy(fk.ports[1].label, "c 3\x1b[2J");
	strcpy(fk.ports[0].label, "\"c2\"");
	fake_guard_event("lb0", "vc3", LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP, "02:00:00:00:00:03",
			 "10.0.0.2", "vc2");
	CHECK_INT(lbrctl("monitor", NULL), 0);
	CHECK_STR(OUT, "guard lb0 dev vc3 label \"c 3\\x1b[2J\" drop_spoofed_arp"
		       " mac 02:00:00:00:00:03 ip 10.0.0.2 owner vc2 label \"\\\"c2\\\"\"\n");
	fake_reset();
	strcpy(fk.ports[1].label, "c 3\x1b");
	fake_guard_event("lb0", "vc3", LBRIDGE_PORT_STAT_DROP_RA, NULL, NULL, NULL);
	CHECK_INT(lbrctl("-j", "monitor", NULL), 0);
	CHECK_JSON_LINES(OUT, "{\"event\":\"guard\",\"master\":\"lb0\",\"ifname\":\"vc3\","
			      "\"label\":\"c 3\\u001b\",\"reason\":\"drop_ra\"}\n");
}

/* A module without the guard group: monitor follows the others as before. */
static void monitor_without_guard_group(void)
{
	fake_reset();
	fk.has_guard_group = false;
	fake_event(LBRIDGE_FDB_EVENT_LEARN, "lb0", "vc2", "02:42:ac:11:00:02",
		   LBRIDGE_FDB_STATE_LEARNED, 0);
	fake_guard_event("lb0", "vc3", LBRIDGE_PORT_STAT_DROP_RA, NULL, NULL, NULL);
	CHECK_INT(lbrctl("monitor", NULL), 0);
	CHECK_STR(ERR, "");
	CHECK_STR(OUT, "learn 02:42:ac:11:00:02 dev vc2 master lb0\n");
	CHECK(!(fk.joined & (1u << FAKE_GUARD_GROUP)));
	CHECK(fk.joined & (1u << FAKE_GROUP));
}

/* --- Parsing ---------------------------------------------------------------- */

static struct nlmsghdr *reply(char *buf, uint8_t cmd)
{
	return nl_genl_request(buf, FAKE_FAMILY, cmd, LBRIDGE_GENL_VERSION);
}

static void put_names(struct nlmsghdr *nlh, int nest, int ifindex_attr, uint32_t ifindex,
		      int name_attr, const char *name)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, nest);

	mnl_attr_put_u32(nlh, ifindex_attr, ifindex);
	mnl_attr_put_strz(nlh, name_attr, name);
	mnl_attr_nest_end(nlh, n);
}

/* Two MACs in one nest, an IP in another, one kind from the future. */
static void parse_port_allowed(void)
{
	static const uint8_t m1[6] = { 2, 0, 0, 0, 0, 1 }, m2[6] = { 2, 0, 0, 0, 0, 2 };
	static const uint8_t v4[4] = { 10, 0, 0, 1 };
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh = reply(buf, LBRIDGE_CMD_GET_PORT);
	struct nlattr *port, *a;
	struct lbr_port p;

	put_names(nlh, LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_IFINDEX, 10, LBRIDGE_BRIDGE_A_IFNAME,
		  "lb0");
	port = mnl_attr_nest_start(nlh, LBRIDGE_A_PORT);
	mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_IFINDEX, 11);
	mnl_attr_put_strz(nlh, LBRIDGE_PORT_A_IFNAME, "vc2");
	a = mnl_attr_nest_start(nlh, LBRIDGE_PORT_A_ALLOWED);
	mnl_attr_put(nlh, LBRIDGE_ALLOWED_A_IPV4, 4, v4);
	mnl_attr_nest_end(nlh, a);
	a = mnl_attr_nest_start(nlh, LBRIDGE_PORT_A_ALLOWED);
	mnl_attr_put(nlh, LBRIDGE_ALLOWED_A_MAC, 6, m1);
	mnl_attr_put(nlh, LBRIDGE_ALLOWED_A_MAX + 1, 3, "abc");
	mnl_attr_put(nlh, LBRIDGE_ALLOWED_A_MAC, 6, m2);
	mnl_attr_nest_end(nlh, a);
	mnl_attr_put_u8(nlh, LBRIDGE_PORT_A_GUARD, 1);
	mnl_attr_put_u8(nlh, LBRIDGE_PORT_A_DHCP_GUARD, 1);
	mnl_attr_put(nlh, LBRIDGE_PORT_A_GUARD_MAC, 6, m2);
	mnl_attr_nest_end(nlh, port);
	CHECK_INT(lbr_parse_port(nlh, &p), 0);
	CHECK_INT(p.master_ifindex, 10);
	CHECK(p.guard && !p.ra_guard && p.dhcp_guard);
	CHECK(p.has_guard_mac && !memcmp(p.guard_mac, m2, 6));
	CHECK_INT(p.nallowed, 3);
	CHECK_INT(p.allowed_unlisted, 0);
	/* MACs first, each kind in the kernel's order. */
	CHECK(p.allowed[0].family == 0 && !memcmp(p.allowed[0].addr, m1, 6));
	CHECK(p.allowed[1].family == 0 && !memcmp(p.allowed[1].addr, m2, 6));
	CHECK(p.allowed[2].family == AF_INET && !memcmp(p.allowed[2].addr, v4, 4));
}

static void parse_port_allowed_malformed(void)
{
	static const uint8_t five[5] = { 2, 0, 0, 0, 0 };
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh = reply(buf, LBRIDGE_CMD_GET_PORT);
	struct nlattr *port, *a;
	struct lbr_port p;

	put_names(nlh, LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_IFINDEX, 10, LBRIDGE_BRIDGE_A_IFNAME,
		  "lb0");
	port = mnl_attr_nest_start(nlh, LBRIDGE_A_PORT);
	mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_IFINDEX, 11);
	mnl_attr_put_strz(nlh, LBRIDGE_PORT_A_IFNAME, "vc2");
	a = mnl_attr_nest_start(nlh, LBRIDGE_PORT_A_ALLOWED);
	mnl_attr_put(nlh, LBRIDGE_ALLOWED_A_MAC, 5, five);
	mnl_attr_nest_end(nlh, a);
	mnl_attr_nest_end(nlh, port);
	CHECK_INT(lbr_parse_port(nlh, &p), -EINVAL);

	/* A guard MAC of the wrong size. */
	nlh = reply(buf, LBRIDGE_CMD_GET_PORT);
	port = mnl_attr_nest_start(nlh, LBRIDGE_A_PORT);
	mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_IFINDEX, 11);
	mnl_attr_put_strz(nlh, LBRIDGE_PORT_A_IFNAME, "vc2");
	mnl_attr_put(nlh, LBRIDGE_PORT_A_GUARD_MAC, 5, five);
	mnl_attr_nest_end(nlh, port);
	CHECK_INT(lbr_parse_port(nlh, &p), -EINVAL);
}

/* More addresses than the contract's maximum: listed up to it, the rest counted. */
static void parse_port_allowed_beyond_room(void)
{
	char buf[4096];
	struct nlmsghdr *nlh = reply(buf, LBRIDGE_CMD_GET_PORT);
	struct nlattr *port, *a;
	struct lbr_port p;
	struct capture c;
	struct printer pr;
	uint8_t ip[4] = { 10, 0, 1, 0 };
	int n = LBRIDGE_ALLOWED_MAX_MACS + LBRIDGE_ALLOWED_MAX_IPS + 3;

	port = mnl_attr_nest_start(nlh, LBRIDGE_A_PORT);
	mnl_attr_put_u32(nlh, LBRIDGE_PORT_A_IFINDEX, 11);
	mnl_attr_put_strz(nlh, LBRIDGE_PORT_A_IFNAME, "vc2");
	for (int i = 0; i < n; i++) {
		ip[3] = i + 1;
		a = mnl_attr_nest_start(nlh, LBRIDGE_PORT_A_ALLOWED);
		mnl_attr_put(nlh, LBRIDGE_ALLOWED_A_IPV4, 4, ip);
		mnl_attr_nest_end(nlh, a);
	}
	mnl_attr_nest_end(nlh, port);
	CHECK_INT(lbr_parse_port(nlh, &p), 0);
	CHECK_INT(p.nallowed, LBRIDGE_ALLOWED_MAX_MACS + LBRIDGE_ALLOWED_MAX_IPS);
	CHECK_INT(p.allowed_unlisted, 3);
	pr_init(&pr, cap_open(&c), false, false);
	print_port_detail(&pr, &p);
	CHECK_HAS(cap_str(&c), " ip 10.0.1.24 (3 more not listed)\n");
	cap_close(&c);
}

static void parse_guard_event(void)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 3 }, v6[16] = { 0xfe, 0x80, [15] = 2 };
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh = reply(buf, LBRIDGE_CMD_GUARD_EVENT);
	struct lbr_guard_event ev;
	struct nlattr *g;
	struct capture c;
	struct printer p;
	char want[128];

	put_names(nlh, LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_IFINDEX, 10, LBRIDGE_BRIDGE_A_IFNAME,
		  "lb0");
	put_names(nlh, LBRIDGE_A_PORT, LBRIDGE_PORT_A_IFINDEX, 12, LBRIDGE_PORT_A_IFNAME, "vc3");
	g = mnl_attr_nest_start(nlh, LBRIDGE_A_GUARD);
	/* A reason newer than this tool. */
	mnl_attr_put_u8(nlh, LBRIDGE_GUARD_A_REASON, LBRIDGE_PORT_STAT_MAX + 7);
	mnl_attr_put(nlh, LBRIDGE_GUARD_A_MAC, 6, mac);
	mnl_attr_put(nlh, LBRIDGE_GUARD_A_ADDR, 16, v6);
	mnl_attr_put_u32(nlh, LBRIDGE_GUARD_A_OWNER_IFINDEX, 11);
	mnl_attr_nest_end(nlh, g);
	CHECK_INT(lbr_parse_guard_event(nlh, &ev), 0);
	snprintf(want, sizeof(want), "guard lb0 dev vc3 reason-%d mac 02:00:00:00:00:03"
		 " ip fe80::2 owner ifindex 11\n", LBRIDGE_PORT_STAT_MAX + 7);
	/* No FAMILY: the address's length tells. */
	CHECK_INT(ev.family, AF_INET6);
	CHECK_INT(ev.owner_ifindex, 11);
	pr_init(&p, cap_open(&c), false, false);
	print_guard_event(&p, &ev);
	CHECK_STR(cap_str(&c), want);
	cap_close(&c);

	/* An address whose length is not its family's. */
	nlh = reply(buf, LBRIDGE_CMD_GUARD_EVENT);
	put_names(nlh, LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_IFINDEX, 10, LBRIDGE_BRIDGE_A_IFNAME,
		  "lb0");
	put_names(nlh, LBRIDGE_A_PORT, LBRIDGE_PORT_A_IFINDEX, 12, LBRIDGE_PORT_A_IFNAME, "vc3");
	g = mnl_attr_nest_start(nlh, LBRIDGE_A_GUARD);
	mnl_attr_put_u8(nlh, LBRIDGE_GUARD_A_REASON, LBRIDGE_PORT_STAT_DROP_SPOOFED_IP);
	mnl_attr_put_u8(nlh, LBRIDGE_GUARD_A_FAMILY, AF_INET);
	mnl_attr_put(nlh, LBRIDGE_GUARD_A_ADDR, 16, v6);
	mnl_attr_nest_end(nlh, g);
	CHECK_INT(lbr_parse_guard_event(nlh, &ev), -EINVAL);

	/* No reason: no event. */
	nlh = reply(buf, LBRIDGE_CMD_GUARD_EVENT);
	put_names(nlh, LBRIDGE_A_BRIDGE, LBRIDGE_BRIDGE_A_IFINDEX, 10, LBRIDGE_BRIDGE_A_IFNAME,
		  "lb0");
	put_names(nlh, LBRIDGE_A_PORT, LBRIDGE_PORT_A_IFINDEX, 12, LBRIDGE_PORT_A_IFNAME, "vc3");
	g = mnl_attr_nest_start(nlh, LBRIDGE_A_GUARD);
	mnl_attr_put(nlh, LBRIDGE_GUARD_A_MAC, 6, mac);
	mnl_attr_nest_end(nlh, g);
	CHECK_INT(lbr_parse_guard_event(nlh, &ev), -EINVAL);
}

/* What a newer module adds to these replies and events is skipped. */
static void newer_module_guard_replies(void)
{
	char plain[8192];

	guarded_vc2();
	fake_guard_event("lb0", "vc2", LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC, "02:00:00:00:00:05",
			 NULL, NULL);
	CHECK_INT(lbrctl("port", "show", "vc2", NULL), 0);
	snprintf(plain, sizeof(plain), "%s", OUT);
	fk.newer_attrs = true;
	CHECK_INT(lbrctl("port", "show", "vc2", NULL), 0);
	CHECK_STR(OUT, plain);
	fake_guard_event("lb0", "vc2", LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC, "02:00:00:00:00:05",
			 NULL, NULL);
	CHECK_INT(lbrctl("monitor", NULL), 0);
	CHECK_STR(OUT, "guard lb0 dev vc2 label c2 drop_spoofed_mac mac 02:00:00:00:00:05\n"
		       "guard lb0 dev vc2 label c2 drop_spoofed_mac mac 02:00:00:00:00:05\n");
}

const struct test guard_tests[] = {
	TEST(port_set_guards),
	TEST(bridge_set_guards),
	TEST(allow_and_deny),
	TEST(allow_refused_before_sending),
	TEST(allow_kernel_refusals),
	TEST(allow_in_batch),
	TEST(port_show_text),
	TEST(port_show_json),
	TEST(port_show_refusals),
	TEST(monitor_guard_text),
	TEST(monitor_guard_json_and_filter),
	TEST(monitor_guard_escapes),
	TEST(monitor_without_guard_group),
	TEST(parse_port_allowed),
	TEST(parse_port_allowed_malformed),
	TEST(parse_port_allowed_beyond_room),
	TEST(parse_guard_event),
	TEST(newer_module_guard_replies),
	{ NULL, NULL },
};
