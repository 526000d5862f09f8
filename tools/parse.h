/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing of what users type: MAC addresses, numbers, batch lines. Pure
 * functions, so the unit tests can cover every refusal without a kernel.
 */
#ifndef LBRCTL_PARSE_H
#define LBRCTL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef ETH_ALEN
#define ETH_ALEN 6
#endif
/* "xx:xx:xx:xx:xx:xx" and its NUL. */
#define MAC_STRLEN 18

/* Six pairs of hex digits separated by ':', nothing else. 0 or -EINVAL. */
int parse_mac(const char *s, uint8_t mac[ETH_ALEN]);
/* Neither zero nor multicast (which includes broadcast). */
bool mac_is_valid_unicast(const uint8_t mac[ETH_ALEN]);
void format_mac(const uint8_t mac[ETH_ALEN], char out[MAC_STRLEN]);

/* INET6_ADDRSTRLEN: the longest address inet_ntop() writes, and its NUL. */
#define IP_STRLEN 46
/*
 * An IPv4 address in dotted decimal or an IPv6 address, as inet_pton()
 * reads them (no "10.1", no zone): family AF_INET with 4 bytes of addr
 * set, or AF_INET6 with 16. 0 or -EINVAL.
 */
int parse_ip(const char *s, uint8_t *family, uint8_t addr[16]);
/* inet_ntop()'s text; "?" for a family that is neither. */
void format_ip(uint8_t family, const uint8_t addr[16], char out[IP_STRLEN]);

/*
 * Decimal digits only: no sign, no space, no hex, no empty string.
 * 0, -EINVAL (not a number) or -ERANGE (above max).
 */
int parse_u32(const char *s, uint32_t max, uint32_t *out);

/* "on" or "off". 0 or -EINVAL. */
int parse_on_off(const char *s, bool *out);

/*
 * Split a batch line in place into words separated by blanks; a word
 * starting with '#' starts a comment. No quoting: nothing lbrctl takes
 * contains blanks. argv has room for max words and a NULL after them.
 * Returns the word count, or -E2BIG past max words.
 */
int split_line(char *line, char **argv, int max);

#endif
