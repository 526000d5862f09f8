// SPDX-License-Identifier: GPL-2.0
/* The plugins' address parsing: what a hostile config or request can give. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "fake_kernel.h"
#include "link.h"
#include "test.h"

static const char *fmt(const char *text, bool with_len)
{
	static char buf[INET6_ADDRSTRLEN + 4];
	struct ip_prefix p;

	if (ip_prefix_parse(text, &p))
		return "(refused)";
	return ip_prefix_format(&p, with_len, buf, sizeof(buf));
}

static void prefix_good(void)
{
	struct ip_prefix p;

	CHECK_INT(ip_prefix_parse("10.88.0.1/16", &p), 0);
	CHECK_INT(p.family, AF_INET);
	CHECK_INT(p.len, 16);
	CHECK_STR(fmt("10.88.0.1/16", true), "10.88.0.1/16");
	CHECK_STR(fmt("10.88.0.1/16", false), "10.88.0.1");
	CHECK_STR(fmt("10.88.0.1", true), "10.88.0.1/32");
	CHECK_STR(fmt("fd00::1/64", true), "fd00::1/64");
	CHECK_STR(fmt("fd00::1", true), "fd00::1/128");
	CHECK_STR(fmt("0.0.0.0/0", true), "0.0.0.0/0");
}

static void prefix_bad(void)
{
	static const char *const bad[] = {
		"", "/", "10.0.0.1/", "10.0.0.1/33", "fd00::1/129", "10.0.0.1/ 8", "10.0.0.1/+8",
		"10.0.0.1/0x8", "10.0.0.1/8/8", "10.0.0.1/0008", "10.0.0", "10.0.0.256/8",
		" 10.0.0.1/8", "10.0.0.1 /8", "lb0", "fd00::1::2/64",
		"0000000000000000000000000000000000000000000000000000000000000000000000/8",
	};
	struct ip_prefix p;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_INT(ip_prefix_parse(bad[i], &p), -EINVAL);
	CHECK_INT(ip_addr_parse("10.0.0.1/8", &p), -EINVAL);
	CHECK_INT(ip_addr_parse("10.0.0.1", &p), 0);
}

static void prefix_network(void)
{
	char buf[64];
	struct ip_prefix p, net;

	ip_prefix_parse("172.18.255.254/12", &p);
	ip_prefix_network(&p, &net);
	CHECK_STR(ip_prefix_format(&net, true, buf, sizeof(buf)), "172.16.0.0/12");
	ip_prefix_parse("fd00:1:2:3:4:5:6:7/49", &p);
	ip_prefix_network(&p, &net);
	CHECK_STR(ip_prefix_format(&net, true, buf, sizeof(buf)), "fd00:1:2::/49");
	ip_prefix_parse("10.1.2.3/0", &p);
	ip_prefix_network(&p, &net);
	CHECK_STR(ip_prefix_format(&net, true, buf, sizeof(buf)), "0.0.0.0/0");
}

static void prefix_contains(void)
{
	struct ip_prefix net, a;

	ip_prefix_parse("10.88.0.0/16", &net);
	ip_addr_parse("10.88.255.1", &a);
	CHECK(ip_prefix_contains(&net, &a));
	ip_addr_parse("10.89.0.1", &a);
	CHECK(!ip_prefix_contains(&net, &a));
	ip_addr_parse("fd00::1", &a);
	CHECK(!ip_prefix_contains(&net, &a));
	ip_prefix_parse("10.88.0.0/0", &net);
	CHECK(ip_prefix_contains(&net, &a) == false);
	ip_addr_parse("192.0.2.1", &a);
	CHECK(ip_prefix_contains(&net, &a));
}

/* lbridge's family over the fake kernel, as lbr_genl_open() opens it over a socket. */
static bool fake_genl(struct lbr_genl *g)
{
	fake_reset();
	g->nl = nl_open(&fake_transport, NETLINK_GENERIC);
	g->family = FAKE_FAMILY;
	return g->nl != NULL;
}

static const unsigned char vc2_mac[6] = { 0x02, 0, 0, 0, 0, 0x02 };

/* The MAC and every address allowed, then the three guards on: last. */
static void port_guard(void)
{
	struct lbr_port_security s;
	struct ip_prefix ips[2];
	struct lbr_genl g;

	if (!fake_genl(&g))
		return;
	ip_prefix_parse("10.88.0.2/16", &ips[0]);
	ip_prefix_parse("fd00::2/64", &ips[1]);
	CHECK_INT(lbr_port_guard(&g, 11, vc2_mac, ips, 2), 0);
	CHECK_INT(fk.cmds[LBRIDGE_CMD_NEW_ALLOWED], 3);
	CHECK_INT(fk.cmds[LBRIDGE_CMD_SET_PORT], 1);
	/* The guards' request is the last one sent. */
	CHECK_INT(((struct genlmsghdr *)mnl_nlmsg_get_payload((void *)fk.last))->cmd,
		  LBRIDGE_CMD_SET_PORT);
	CHECK(fk.ports[0].guard && fk.ports[0].ra_guard && fk.ports[0].dhcp_guard);
	CHECK(!fk.ports[1].guard);
	CHECK_INT(fk.ports[0].nallowed, 3);

	CHECK_INT(lbr_port_security_get(&g, 10, 11, &s), 0);
	CHECK(s.guard && s.ra_guard && s.dhcp_guard);
	CHECK_INT(s.n_macs, 1);
	CHECK_INT(s.n_ips, 2);
	CHECK(lbr_port_security_has_mac(&s, vc2_mac));
	CHECK(lbr_port_security_has_ip(&s, &ips[0]));
	CHECK(lbr_port_security_has_ip(&s, &ips[1]));
	ip_addr_parse("10.88.0.3", &ips[1]);
	CHECK(!lbr_port_security_has_ip(&s, &ips[1]));
	CHECK_INT(lbr_port_security_get(&g, 10, 12, &s), 0);
	CHECK(!s.guard && !s.n_macs && !s.n_ips);
	CHECK(lbr_port_security_get(&g, 10, 99, &s) < 0);

	/* Again, as a retried ADD does: what is there already is no failure. */
	CHECK_INT(lbr_port_guard(&g, 11, vc2_mac, ips, 1), 0);
	CHECK_INT(fk.ports[0].nallowed, 3);
	nl_close(g.nl);
}

static void link_local(void)
{
	static const unsigned char mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	char buf[INET6_ADDRSTRLEN + 4];
	struct ip_prefix p;

	ip_link_local(mac, &p);
	CHECK_STR(ip_prefix_format(&p, true, buf, sizeof(buf)), "fe80::5054:ff:fe12:3456/64");
}

/* One refused address: no guard goes on, nothing after it is sent. */
static void port_guard_refused(void)
{
	static const unsigned char mcast[6] = { 0x01, 0, 0x5e, 0, 0, 1 };
	struct ip_prefix ip;
	struct lbr_genl g;

	if (!fake_genl(&g))
		return;
	ip_prefix_parse("10.88.0.2/16", &ip);
	CHECK_INT(lbr_port_guard(&g, 11, mcast, &ip, 1), -EINVAL);
	CHECK_INT(fk.cmds[LBRIDGE_CMD_NEW_ALLOWED], 1);
	CHECK_INT(fk.cmds[LBRIDGE_CMD_SET_PORT], 0);
	CHECK(!fk.ports[0].guard && !fk.ports[0].ra_guard && !fk.ports[0].dhcp_guard);

	fake_reset();
	ip_prefix_parse("224.0.0.1", &ip);
	CHECK_INT(lbr_port_guard(&g, 11, vc2_mac, &ip, 1), -EINVAL);
	CHECK_INT(fk.cmds[LBRIDGE_CMD_SET_PORT], 0);
	CHECK(!fk.ports[0].guard);

	fake_reset();
	fk.deny_admin = true;
	CHECK_INT(lbr_port_guard(&g, 11, vc2_mac, &ip, 1), -EPERM);
	CHECK_INT(fk.cmds[LBRIDGE_CMD_SET_PORT], 0);
	nl_close(g.nl);
}

static void bridge_guard(void)
{
	struct lbr_genl g;

	if (!fake_genl(&g))
		return;
	CHECK_INT(lbr_bridge_guard(&g, 10), 0);
	CHECK_INT(lbr_bridge_set_guard(&g, 10, true), 0);
	CHECK(fk.bridges[0].guard && fk.bridges[0].ra_guard && fk.bridges[0].dhcp_guard);
	CHECK_INT(lbr_bridge_guard(&g, 10), 1);
	CHECK_INT(lbr_bridge_set_guard(&g, 10, false), 0);
	CHECK_INT(lbr_bridge_guard(&g, 10), 0);
	CHECK(lbr_bridge_guard(&g, 99) < 0);
	nl_close(g.nl);
}

const struct test link_tests[] = {
	TEST(prefix_good),
	TEST(prefix_bad),
	TEST(prefix_network),
	TEST(prefix_contains),
	TEST(port_guard),
	TEST(port_guard_refused),
	TEST(bridge_guard),
	TEST(link_local),
	{ 0 },
};
