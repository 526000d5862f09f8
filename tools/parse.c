// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Stricter than ether_aton(), which takes "2:0:0:0:0:1" and ignores what
 * follows the sixth byte: a typo in a static entry should not become a
 * different, valid address.
 */
int parse_mac(const char *s, uint8_t mac[ETH_ALEN])
{
	for (int i = 0; i < ETH_ALEN; i++) {
		int hi = hexval(s[0]), lo = hi < 0 ? -1 : hexval(s[1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		mac[i] = hi << 4 | lo;
		s += 2;
		if (*s != (i == ETH_ALEN - 1 ? '\0' : ':'))
			return -EINVAL;
		s++;
	}
	return 0;
}

bool mac_is_valid_unicast(const uint8_t mac[ETH_ALEN])
{
	static const uint8_t zero[ETH_ALEN];

	return !(mac[0] & 1) && memcmp(mac, zero, ETH_ALEN);
}

void format_mac(const uint8_t mac[ETH_ALEN], char out[MAC_STRLEN])
{
	snprintf(out, MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

int parse_ip(const char *s, uint8_t *family, uint8_t addr[16])
{
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, s, addr) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, addr) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -EINVAL;
}

void format_ip(uint8_t family, const uint8_t addr[16], char out[IP_STRLEN])
{
	if ((family != AF_INET && family != AF_INET6) ||
	    !inet_ntop(family, addr, out, IP_STRLEN))
		snprintf(out, IP_STRLEN, "?");
}

/* strtoul() accepts " 12", "+12", "-12" (as a huge number) and "0x12". */
int parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (*s - '0');
		/* Checked per digit, so v never wraps. */
		if (v > max)
			return -ERANGE;
	}
	*out = v;
	return 0;
}

int parse_on_off(const char *s, bool *out)
{
	if (!strcmp(s, "on"))
		*out = true;
	else if (!strcmp(s, "off"))
		*out = false;
	else
		return -EINVAL;
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int split_line(char *line, char **argv, int max)
{
	int argc = 0;
	char *p = line;

	for (;;) {
		while (is_blank(*p))
			p++;
		if (!*p || *p == '#')
			break;
		if (argc == max)
			return -E2BIG;
		argv[argc++] = p;
		while (*p && !is_blank(*p))
			p++;
		if (!*p)
			break;
		*p++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}
