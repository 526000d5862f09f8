/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the container-engine plugins need to plumb a container into a
 * bridge: links, addresses and routes over rtnetlink, in this network
 * namespace or a container's, and a port's label over lbridge's family.
 * Every call is one request and its ack (or one dump): on failure it
 * returns -errno and nl->errmsg holds the kernel's own message, if any.
 */
#ifndef LBRIDGE_LINK_H
#define LBRIDGE_LINK_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/lbridge.h>

struct nl;

struct link_info {
	unsigned int ifindex;
	unsigned int master;		/* 0: none */
	char name[IF_NAMESIZE];
	char kind[16];			/* IFLA_INFO_KIND: "lbridge", "veth"; "" if none */
	char alias[256];		/* IFLA_IFALIAS; "" if none */
	unsigned char mac[6];
	unsigned int mtu;
	bool up;			/* IFF_UP */
};

struct ip_prefix {
	int family;			/* AF_INET or AF_INET6 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
		unsigned char bytes[16];
	} addr;
	unsigned int len;		/* prefix length */
};

/* "10.0.0.1/16", "fd00::1/64"; without "/N" the full length. 0 or -EINVAL. */
int ip_prefix_parse(const char *text, struct ip_prefix *p);
/* An address alone ("10.0.0.1"): -EINVAL if text holds a "/". */
int ip_addr_parse(const char *text, struct ip_prefix *p);
/* "10.0.0.1/16" (with_len) or "10.0.0.1" into buf (INET6_ADDRSTRLEN + 4). */
const char *ip_prefix_format(const struct ip_prefix *p, bool with_len, char *buf, size_t size);
/* The network p is in: host bits cleared. */
void ip_prefix_network(const struct ip_prefix *p, struct ip_prefix *net);
bool ip_prefix_contains(const struct ip_prefix *net, const struct ip_prefix *addr);
/* fe80::/64 with the interface identifier the kernel derives from mac (EUI-64). */
void ip_link_local(const unsigned char mac[6], struct ip_prefix *p);

/*
 * An rtnetlink socket in this network namespace, or in the one netns_fd
 * refers to (the calling thread's own namespace is left as it was). NULL
 * with errno set. Close with nl_close().
 */
struct nl *rtnl_open(void);
struct nl *rtnl_open_in(int netns_fd);

/* -ENODEV when there is no such link. */
int link_get(struct nl *rt, const char *name, struct link_info *info);
int link_get_index(struct nl *rt, unsigned int ifindex, struct link_info *info);
/*
 * Every link, by a dump: cb sees each (a nonzero return stops the walk
 * and is returned). A dump the kernel marks torn is retried after
 * reset(data).
 */
typedef int (*link_cb_t)(const struct link_info *info, void *data);
int link_dump(struct nl *rt, link_cb_t cb, void (*reset)(void *data), void *data);
/* The first link whose alias is alias, by a dump; -ENODEV if none. */
int link_find_alias(struct nl *rt, const char *alias, struct link_info *info);

/*
 * Creates an lbridge (its kind autoloads the module): -EEXIST if a link of
 * that name exists, -EOPNOTSUPP when the kind is unknown (no module).
 * mtu 0 keeps the default.
 */
int link_add_bridge(struct nl *rt, const char *name, unsigned int mtu);
/*
 * Creates a veth pair: name here, peer in the namespace of peer_netns_fd
 * (-1: here too). mtu 0 keeps the default; mac NULL lets the kernel pick
 * the peer's.
 */
int link_add_veth(struct nl *rt, const char *name, const char *peer, int peer_netns_fd,
		  unsigned int mtu, const unsigned char *peer_mac);
int link_del(struct nl *rt, unsigned int ifindex);
int link_set_master(struct nl *rt, unsigned int ifindex, unsigned int master);
int link_set_up(struct nl *rt, unsigned int ifindex);
int link_set_alias(struct nl *rt, unsigned int ifindex, const char *alias);
int link_set_name(struct nl *rt, unsigned int ifindex, const char *name);
/* Moves the link into the namespace of netns_fd. */
int link_set_netns(struct nl *rt, unsigned int ifindex, int netns_fd);

/* -EEXIST if the address is there already. IPv6 ones skip DAD. */
int addr_add(struct nl *rt, unsigned int ifindex, const struct ip_prefix *p);
int addr_del(struct nl *rt, unsigned int ifindex, const struct ip_prefix *p);
/* Whether ifindex holds exactly p (address and length): 1, 0, or -errno. */
int addr_has(struct nl *rt, unsigned int ifindex, const struct ip_prefix *p);
/*
 * The addresses of ifindex in family (AF_UNSPEC: both), at most max of
 * them into out: how many there are (which may be more than max), or -errno.
 */
int addr_list(struct nl *rt, unsigned int ifindex, int family, struct ip_prefix *out,
	      unsigned int max);

/*
 * A route to dst (len 0: the default route) via gw (NULL: on link) out of
 * ifindex, in the main table. -EEXIST if there is one already.
 */
int route_add(struct nl *rt, const struct ip_prefix *dst, const struct ip_prefix *gw,
	      unsigned int ifindex);
/* Whether the main table has that route: 1, 0, or -errno. */
int route_has(struct nl *rt, const struct ip_prefix *dst, const struct ip_prefix *gw,
	      unsigned int ifindex);

/*
 * lbridge's generic netlink family on a socket of its own, in this
 * namespace. -ENOENT when the module is not loaded.
 */
struct lbr_genl {
	struct nl *nl;
	uint16_t family;
};

int lbr_genl_open(struct lbr_genl *g);
void lbr_genl_close(struct lbr_genl *g);
/* The port's label ("" removes it); at most LBRIDGE_LABEL_MAX bytes. */
int lbr_port_set_label(struct lbr_genl *g, unsigned int ifindex, const char *label);

/*
 * Port security the strict way: mac and each of ips (their lengths
 * ignored) go into the port's allowed set, then its guards (source, RA
 * and DHCP server) go on, in that order, so that the source guard never
 * fixes on anything else. What is allowed already is no failure: a retry
 * finds it there.
 */
int lbr_port_guard(struct lbr_genl *g, unsigned int ifindex, const unsigned char mac[6],
		   const struct ip_prefix *ips, size_t n_ips);

/* A port's guards and allowed set, as GET_PORT shows them. */
struct lbr_port_security {
	bool guard, ra_guard, dhcp_guard;
	unsigned char macs[LBRIDGE_ALLOWED_MAX_MACS][6];
	unsigned int n_macs;
	struct ip_prefix ips[LBRIDGE_ALLOWED_MAX_IPS];
	unsigned int n_ips;
};

/* Port ifindex of bridge ifindex br: -ENODEV if it is no port of it. */
int lbr_port_security_get(struct lbr_genl *g, unsigned int br, unsigned int ifindex,
			  struct lbr_port_security *s);
/* Whether s allows mac, or the address of ip. */
bool lbr_port_security_has_mac(const struct lbr_port_security *s, const unsigned char mac[6]);
bool lbr_port_security_has_ip(const struct lbr_port_security *s, const struct ip_prefix *ip);

/* The bridge's guard defaults, all three at once, for ports as they join. */
int lbr_bridge_set_guard(struct lbr_genl *g, unsigned int br, bool on);
/* Whether the bridge's source guard default is on: 1, 0 or -errno. */
int lbr_bridge_guard(struct lbr_genl *g, unsigned int br);

#endif
