// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdint.h>

#include "parse.h"
#include "test.h"

static void mac_good(void)
{
	uint8_t mac[ETH_ALEN];
	char s[MAC_STRLEN];

	CHECK_INT(parse_mac("02:42:ac:11:00:02", mac), 0);
	CHECK(mac[0] == 0x02 && mac[2] == 0xac && mac[5] == 0x02);
	CHECK_INT(parse_mac("0A:bC:De:F0:12:34", mac), 0);
	format_mac(mac, s);
	CHECK_STR(s, "0a:bc:de:f0:12:34");
}

static void mac_bad_lengths(void)
{
	uint8_t mac[ETH_ALEN];

	CHECK_INT(parse_mac("", mac), -EINVAL);
	CHECK_INT(parse_mac("02:42:ac:11:00", mac), -EINVAL);
	CHECK_INT(parse_mac("02:42:ac:11:00:", mac), -EINVAL);
	CHECK_INT(parse_mac("02:42:ac:11:00:02:03", mac), -EINVAL);
	CHECK_INT(parse_mac("02:42:ac:11:00:022", mac), -EINVAL);
	/* ether_aton() takes single digits; a typo should not pass. */
	CHECK_INT(parse_mac("2:42:ac:11:0:2", mac), -EINVAL);
	CHECK_INT(parse_mac("002:42:ac:11:00:02", mac), -EINVAL);
}

static void mac_bad_hex(void)
{
	uint8_t mac[ETH_ALEN];

	CHECK_INT(parse_mac("0g:42:ac:11:00:02", mac), -EINVAL);
	CHECK_INT(parse_mac("02:42:ac:11:00:0x", mac), -EINVAL);
	CHECK_INT(parse_mac("02:42:ac:1 :00:02", mac), -EINVAL);
	CHECK_INT(parse_mac("zz:zz:zz:zz:zz:zz", mac), -EINVAL);
}

static void mac_separators(void)
{
	uint8_t mac[ETH_ALEN];

	CHECK_INT(parse_mac("02-42-ac-11-00-02", mac), -EINVAL);
	CHECK_INT(parse_mac("02.42.ac.11.00.02", mac), -EINVAL);
	CHECK_INT(parse_mac("0242.ac11.0002", mac), -EINVAL);
	CHECK_INT(parse_mac("02:42:ac:11:00:02 ", mac), -EINVAL);
	CHECK_INT(parse_mac(" 02:42:ac:11:00:02", mac), -EINVAL);
	CHECK_INT(parse_mac("02::42:ac:11:00:02", mac), -EINVAL);
	CHECK_INT(parse_mac("02:42:ac:11:00:02\n", mac), -EINVAL);
}

static void mac_unicast(void)
{
	uint8_t mac[ETH_ALEN];

	CHECK_INT(parse_mac("02:42:ac:11:00:02", mac), 0);
	CHECK(mac_is_valid_unicast(mac));
	CHECK_INT(parse_mac("00:00:00:00:00:00", mac), 0);
	CHECK(!mac_is_valid_unicast(mac));
	CHECK_INT(parse_mac("01:00:5e:00:00:01", mac), 0);
	CHECK(!mac_is_valid_unicast(mac));
	CHECK_INT(parse_mac("33:33:00:00:00:01", mac), 0);
	CHECK(!mac_is_valid_unicast(mac));
	CHECK_INT(parse_mac("ff:ff:ff:ff:ff:ff", mac), 0);
	CHECK(!mac_is_valid_unicast(mac));
	CHECK_INT(parse_mac("00:00:00:00:00:01", mac), 0);
	CHECK(mac_is_valid_unicast(mac));
}

static void number_range(void)
{
	uint32_t v = 7;

	CHECK_INT(parse_u32("0", 1000000, &v), 0);
	CHECK_INT(v, 0);
	CHECK_INT(parse_u32("1000000", 1000000, &v), 0);
	CHECK_INT(v, 1000000);
	CHECK_INT(parse_u32("1000001", 1000000, &v), -ERANGE);
	CHECK_INT(parse_u32("4294967295", UINT32_MAX, &v), 0);
	CHECK_INT(v, 4294967295u);
	CHECK_INT(parse_u32("007", 10, &v), 0);
	CHECK_INT(v, 7);
}

static void number_junk(void)
{
	uint32_t v = 7;

	CHECK_INT(parse_u32("", 100, &v), -EINVAL);
	CHECK_INT(parse_u32("-1", 100, &v), -EINVAL);
	CHECK_INT(parse_u32("+1", 100, &v), -EINVAL);
	CHECK_INT(parse_u32(" 1", 100, &v), -EINVAL);
	CHECK_INT(parse_u32("1 ", 100, &v), -EINVAL);
	CHECK_INT(parse_u32("0x10", 100, &v), -EINVAL);
	CHECK_INT(parse_u32("1e3", 10000, &v), -EINVAL);
	CHECK_INT(parse_u32("abc", 100, &v), -EINVAL);
	CHECK_INT(parse_u32("12s", 100, &v), -EINVAL);
	CHECK_INT(v, 7);
}

static void number_overflow(void)
{
	uint32_t v = 7;

	CHECK_INT(parse_u32("4294967296", UINT32_MAX, &v), -ERANGE);
	/* Would wrap a 64-bit accumulator to a small number. */
	CHECK_INT(parse_u32("18446744073709551617", UINT32_MAX, &v), -ERANGE);
	CHECK_INT(parse_u32("99999999999999999999999999999", UINT32_MAX, &v), -ERANGE);
	CHECK_INT(v, 7);
}

static void on_off(void)
{
	bool b = false;

	CHECK_INT(parse_on_off("on", &b), 0);
	CHECK(b);
	CHECK_INT(parse_on_off("off", &b), 0);
	CHECK(!b);
	CHECK_INT(parse_on_off("yes", &b), -EINVAL);
	CHECK_INT(parse_on_off("On", &b), -EINVAL);
	CHECK_INT(parse_on_off("", &b), -EINVAL);
}

static void split_whitespace(void)
{
	char line[] = "  fdb\tadd  02:42:ac:11:00:02 dev\t vc2 \r\n";
	char *argv[8];

	CHECK_INT(split_line(line, argv, 7), 5);
	CHECK_STR(argv[0], "fdb");
	CHECK_STR(argv[1], "add");
	CHECK_STR(argv[2], "02:42:ac:11:00:02");
	CHECK_STR(argv[3], "dev");
	CHECK_STR(argv[4], "vc2");
	CHECK(argv[5] == NULL);
}

static void split_comments_and_blanks(void)
{
	char blank[] = " \t \n", empty[] = "", comment[] = "  # fdb add x", trailing[] = "show lb0 # all of it";
	char hash_inside[] = "show lb#0";
	char *argv[8];

	CHECK_INT(split_line(blank, argv, 7), 0);
	CHECK_INT(split_line(empty, argv, 7), 0);
	CHECK_INT(split_line(comment, argv, 7), 0);
	CHECK_INT(split_line(trailing, argv, 7), 2);
	CHECK_STR(argv[1], "lb0");
	/* Only a word that starts with '#' starts a comment. */
	CHECK_INT(split_line(hash_inside, argv, 7), 2);
	CHECK_STR(argv[1], "lb#0");
}

static void split_too_many(void)
{
	char line[] = "a b c d";
	char ok[] = "a b c";
	char *argv[4];

	CHECK_INT(split_line(line, argv, 3), -E2BIG);
	CHECK_INT(split_line(ok, argv, 3), 3);
	CHECK(argv[3] == NULL);
}

const struct test parse_tests[] = {
	TEST(mac_good),
	TEST(mac_bad_lengths),
	TEST(mac_bad_hex),
	TEST(mac_separators),
	TEST(mac_unicast),
	TEST(number_range),
	TEST(number_junk),
	TEST(number_overflow),
	TEST(on_off),
	TEST(split_whitespace),
	TEST(split_comments_and_blanks),
	TEST(split_too_many),
	{ 0 },
};
