/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lbridge's messages as plain structs: parsed from the kernel's replies
 * here, printed by the commands. Keeping the two apart lets the tests
 * feed printers hand-built structs and parsers hand-built messages. The
 * requests' object nests are built here too.
 */
#ifndef LBRCTL_MSG_H
#define LBRCTL_MSG_H

#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include <linux/lbridge.h>

#include "parse.h"

struct nlmsghdr;

struct lbr_bridge {
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];
	uint8_t address[ETH_ALEN];
	uint32_t ageing_time;
	uint32_t max_learned;		/* 0: no cap */
	uint32_t learned;
	uint32_t port_max_learned;	/* per port; 0: no cap */
	uint32_t max_static;		/* 0: no cap */
	uint32_t static_count;
	bool learning;
	uint32_t port_count;
	uint32_t fdb_count;
	bool neigh_suppress;		/* every port's ARP/ND answered by the bridge */
	bool announce;			/* gratuitous ARP/NA when a binding moves */
	uint32_t max_neigh;		/* IP bindings; 0: no cap */
	uint32_t port_max_neigh;	/* per port; 0: no cap */
	uint32_t neigh_count;
	/* What ports get as they join (ports already in keep theirs). */
	bool guard, ra_guard, dhcp_guard;
	/* Filled by the commands that need them, from further requests. */
	struct lbr_port *ports;
	unsigned int nports;
	struct lbr_fdb *fdb;
	unsigned int nfdb;
};

/*
 * An address allowed on a port, or given in a request: a MAC (family 0,
 * ETH_ALEN bytes of addr), an IPv4 (AF_INET, 4) or an IPv6 (AF_INET6, 16).
 */
struct lbr_allowed {
	uint8_t family;
	uint8_t addr[16];
};

struct lbr_port {
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];
	uint32_t master_ifindex;
	char master[IF_NAMESIZE];
	bool up;
	bool learning;			/* sources behind it are learned */
	bool flood;			/* unknown unicast is flooded out of it */
	bool mcast_flood;		/* multicast is flooded out of it */
	bool bcast_flood;		/* broadcast is flooded out of it */
	bool hairpin;			/* frames may go back out of it */
	bool isolated;			/* it reaches ports that are not isolated only */
	uint32_t learned;		/* MACs learned behind it now */
	uint32_t static_count;		/* static entries on it */
	bool neigh_suppress;		/* the bridge answers ARP/NS from it */
	uint32_t neigh_count;		/* IP bindings behind it */
	/* Port security: see the uapi header. */
	bool guard;			/* it sends from its own addresses only */
	bool ra_guard;			/* its RAs and redirects are dropped */
	bool dhcp_guard;		/* its DHCP server messages are dropped */
	bool has_guard_mac;
	uint8_t guard_mac[ETH_ALEN];	/* the MAC the source guard fixed on */
	/* Its allowed set: MACs first, then IPs, in the kernel's order. */
	struct lbr_allowed allowed[LBRIDGE_ALLOWED_MAX_MACS + LBRIDGE_ALLOWED_MAX_IPS];
	unsigned int nallowed;
	/* More than that, from a module with bigger sets: not listed. */
	unsigned int allowed_unlisted;
	char label[LBRIDGE_LABEL_MAX + 1];	/* "": none */
	uint64_t stats[LBRIDGE_PORT_STAT_MAX + 1];
	/* The other end of a veth (peer_ifindex 0: none, or not a veth). */
	uint32_t peer_ifindex;
	/*
	 * Where it lives, if the kernel said: it leaves NETNSID out when it
	 * could not give the peer's namespace an id in ours.
	 */
	bool peer_netnsid_known;
	int32_t peer_netnsid;		/* -1: in our namespace (when known) */
	char peer[IF_NAMESIZE];		/* its name, in its namespace */
	/* The name `ip netns` knows peer_netnsid by, "" if none (see ctx_netns_name). */
	char peer_netns[NAME_MAX + 1];
};

struct lbr_fdb {
	uint8_t mac[ETH_ALEN];
	uint8_t state;			/* enum lbridge_fdb_state */
	uint32_t age_ms;
	char master[IF_NAMESIZE];
	uint32_t port_ifindex;		/* 0: the bridge's own address */
	char port[IF_NAMESIZE];
	char label[LBRIDGE_LABEL_MAX + 1];	/* the port's, "" if none */
};

/*
 * The records of a compact FDB dump's message (LBRIDGE_A_FDB_RECORDS), as
 * the kernel put them: n of them, size bytes apart, each beginning with a
 * struct lbridge_fdb_record (a newer module's are longer: the tail is
 * not this tool's). Unaligned: copy them out with memcpy().
 */
struct lbr_fdb_records {
	const void *data;
	uint32_t size;
	unsigned int n;
};

/* An IP binding: an address, the MAC that answers for it, its port. */
struct lbr_neigh {
	uint8_t family;			/* AF_INET or AF_INET6 */
	uint8_t addr[16];		/* 4 or 16 bytes of it */
	uint8_t mac[ETH_ALEN];
	bool has_source;
	uint8_t source;			/* enum lbridge_neigh_source */
	uint32_t age_ms;
	char master[IF_NAMESIZE];
	uint32_t port_ifindex;
	char port[IF_NAMESIZE];		/* "" if none was given */
	char label[LBRIDGE_LABEL_MAX + 1];	/* the port's, "" if none */
};

struct lbr_neigh_event {
	uint8_t event;			/* enum lbridge_neigh_event */
	uint32_t events_lost;		/* suppressed just before this one */
	struct lbr_neigh neigh;
	/* REBIND and CONFLICT: who had the address. */
	bool has_old;
	uint8_t old_mac[ETH_ALEN];
	uint32_t old_port_ifindex;
	char old_port[IF_NAMESIZE];
};

struct lbr_event {
	uint8_t event;			/* enum lbridge_fdb_event */
	bool has_mac;
	bool has_state;
	uint32_t flush_flags;
	uint32_t events_lost;		/* suppressed just before this one */
	struct lbr_fdb fdb;		/* port[0] == '\0': no port given */
};

/* A frame a port's guard dropped. */
struct lbr_guard_event {
	uint8_t reason;			/* enum lbridge_port_stat */
	uint32_t events_lost;		/* suppressed just before this one */
	char master[IF_NAMESIZE];
	uint32_t port_ifindex;
	char port[IF_NAMESIZE];
	char label[LBRIDGE_LABEL_MAX + 1];	/* the port's, "" if none */
	bool has_mac;
	uint8_t mac[ETH_ALEN];		/* its source, or the MAC it spoke for */
	uint8_t family;			/* 0: no address */
	uint8_t addr[16];		/* the address it used */
	uint32_t owner_ifindex;		/* 0: none named */
	char owner[IF_NAMESIZE];	/* the port that holds the MAC or address */
	char owner_label[LBRIDGE_LABEL_MAX + 1];
};

/*
 * The JSON key and text name of each counter, its enumerator in lower
 * case without LBRIDGE_PORT_STAT_ (generated from the uapi header at
 * build time); NULL for UNSPEC and PAD.
 */
extern const char *const lbr_port_stat_names[LBRIDGE_PORT_STAT_MAX + 1];

/*
 * Request nests: BRIDGE { IFINDEX } and PORT { IFINDEX }, or BRIDGE {
 * IFNAME }. A caller adding settings opens the nest itself.
 */
void lbr_put_bridge(struct nlmsghdr *nlh, uint32_t ifindex);
void lbr_put_bridge_name(struct nlmsghdr *nlh, const char *name);
void lbr_put_port(struct nlmsghdr *nlh, uint32_t ifindex);
/* ALLOWED { MAC | IPV4 | IPV6 }. */
void lbr_put_allowed(struct nlmsghdr *nlh, const struct lbr_allowed *a);

/*
 * Each fills its struct from one reply and returns 0, or -EINVAL when a
 * required attribute is missing or malformed (a newer or broken module).
 * Unknown attributes and counters are skipped: the contract only grows.
 */
int lbr_parse_bridge(const struct nlmsghdr *nlh, struct lbr_bridge *br);
int lbr_parse_port(const struct nlmsghdr *nlh, struct lbr_port *port);
int lbr_parse_fdb(const struct nlmsghdr *nlh, struct lbr_fdb *fdb);
/* A compact dump's message: its records, and its bridge's name into master. */
int lbr_parse_fdb_records(const struct nlmsghdr *nlh, char master[IF_NAMESIZE],
			  struct lbr_fdb_records *r);
int lbr_parse_event(const struct nlmsghdr *nlh, struct lbr_event *ev);
int lbr_parse_neigh(const struct nlmsghdr *nlh, struct lbr_neigh *n);
int lbr_parse_neigh_event(const struct nlmsghdr *nlh, struct lbr_neigh_event *ev);
int lbr_parse_guard_event(const struct nlmsghdr *nlh, struct lbr_guard_event *ev);

/* The genetlink command of a message, or -1. */
int lbr_genl_cmd(const struct nlmsghdr *nlh);

#endif
