// SPDX-License-Identifier: GPL-2.0
/* The plugins' address parsing: what a hostile config or request can give. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

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

const struct test link_tests[] = {
	TEST(prefix_good),
	TEST(prefix_bad),
	TEST(prefix_network),
	TEST(prefix_contains),
	{ 0 },
};
