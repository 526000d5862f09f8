/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A fake kernel behind struct nl_transport: it answers the lbridge
 * family, the genetlink controller and RTM_GETLINK from a small table of
 * devices, the way the contract in uapi/linux/lbridge.h says the module
 * does, and records what it was sent. Commands run against it unchanged.
 */
#ifndef LBRCTL_FAKE_KERNEL_H
#define LBRCTL_FAKE_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/lbridge.h>

#include "netlink.h"

#define FAKE_FAMILY 0x1d
#define FAKE_GROUP 7
#define FAKE_NEIGH_GROUP 11
#define FAKE_GUARD_GROUP 13
#define FAKE_MAX_FDB 1024
#define FAKE_MAX_NEIGH 64
/* The caps a bridge starts with; raising them needs the initial namespace. */
#define FAKE_DEFAULT_MAX_NEIGH 4096
#define FAKE_DEFAULT_PORT_MAX_NEIGH 256

struct nlattr;

struct fake_bridge {
	char name[16];
	uint32_t ifindex;
	uint8_t addr[6];
	uint32_t ageing, max_learned;
	bool learning;
	uint32_t max_static, port_max_learned;
	bool neigh_suppress, announce;
	uint32_t max_neigh, port_max_neigh;
	bool guard, ra_guard, dhcp_guard;
};

/* An allowed address: LBRIDGE_ALLOWED_A_MAC, _IPV4 or _IPV6, and its bytes. */
struct fake_allowed {
	uint16_t type;
	uint8_t addr[16];
};

struct fake_port {
	char name[16];
	uint32_t ifindex, bridge;
	bool up;
	bool learning;
	bool flood, mcast_flood, bcast_flood, hairpin, isolated;
	uint64_t stats[LBRIDGE_PORT_STAT_MAX + 1];
	uint32_t peer;			/* veth peer ifindex, 0: not a veth */
	int32_t peer_netnsid;		/* -1: same namespace */
	bool peer_no_netnsid;		/* NETNSID left out: no id could be allocated */
	char peer_name[16];
	bool neigh_suppress;
	char label[LBRIDGE_LABEL_MAX + 1];
	bool guard, ra_guard, dhcp_guard;
	bool has_guard_mac;
	uint8_t guard_mac[6];
	struct fake_allowed allowed[LBRIDGE_ALLOWED_MAX_MACS + LBRIDGE_ALLOWED_MAX_IPS];
	int nallowed;
};

struct fake_fdb {
	uint8_t mac[6];
	uint32_t bridge, port;		/* port 0: the bridge's own address */
	uint8_t state;
	uint32_t age_ms;
};

struct fake_neigh {
	uint8_t family;
	uint8_t addr[16];
	uint8_t mac[6];
	uint32_t bridge, port;
	uint8_t source;
	uint32_t age_ms;
};

struct fake_kernel {
	bool loaded;			/* the family is registered */
	uint32_t version;		/* the family's, LBRIDGE_GENL_VERSION by default */
	bool newer_attrs;		/* replies carry attributes and counters from the future */
	bool has_group;
	bool has_neigh_group;		/* a version 3 module's "neigh" group */
	bool has_guard_group;		/* a version 4 module's "guard" group */
	bool userns;			/* the caller is root of a user namespace only */
	bool deny_admin;		/* changes fail with EPERM, as without CAP_NET_ADMIN */
	bool uncapped_acks;		/* acks carry the whole request back */
	int intr_dumps;			/* this many fdb dumps come back marked DUMP_INTR */
	bool no_compact;		/* a module before FDB_COMPACT: GET_FDB refuses it */
	/* The compact dump's records: this size (0: the struct's), padded with 0xee. */
	uint32_t record_size;
	int compact_dumps;		/* GET_FDB dumps that asked for the compact form */
	uint32_t fdb_dump_port;		/* the port the last GET_FDB dump named, 0: none */
	int records_cut;		/* bytes cut off each FDB_RECORDS: torn records */
	uint32_t suppressed;		/* events rate-limited away: the next fake_event() says so */

	struct fake_bridge bridges[4];
	int nbridges;
	struct fake_port ports[8];
	int nports;
	struct fake_fdb fdb[FAKE_MAX_FDB];
	int nfdb;
	struct fake_neigh neigh[FAKE_MAX_NEIGH];
	int nneigh;

	/* What lbrctl did. */
	int sends;			/* datagrams sent, to any bus */
	int requests;			/* lbridge family messages */
	int cmds[LBRIDGE_CMD_MAX + 1];
	int dumps;
	int refused;			/* requests refused for an attribute their command does not take */
	char last[1024];		/* the last lbridge family message */
	int nsid_requests;		/* RTM_GETNSID and any other rtnetlink request */
	uint32_t joined;		/* 1 << group, for each group joined */
};

extern struct fake_kernel fk;
extern const struct nl_transport fake_transport;

/*
 * lb0 (ifindex 10, ports vc2 and vc3) with a few entries and bindings;
 * lo and eth0. vc2's veth peer is eth0 in the namespace of nsid 0, vc3's
 * is vc3p here.
 */
void fake_reset(void);
unsigned int fake_nametoindex(const char *name);
char *fake_indextoname(unsigned int ifindex, char *name);

/* An attribute of fk.last: top level (nest 0) or in that nest; or NULL. */
const struct nlattr *fake_last_attr(int nest, int type);
/* The number of entries of that state; -1 for any. */
int fake_count_fdb(int state);
/* A binding of ADDR (text) to MAC on port (ifindex) of bridge; its index. */
int fake_add_neigh(uint32_t bridge, uint32_t port, const char *addr, const char *mac,
		   uint8_t source, uint32_t age_ms);

/*
 * Queued for the next socket that joins the fdb group, with
 * EVENTS_LOST if fk.suppressed, which it then resets.
 */
void fake_event(uint8_t event, const char *bridge, const char *port, const char *mac,
		int state, uint32_t flush_flags);

/*
 * A neigh event, queued for the next socket that joins the neigh group:
 * old_mac and old_port for REBIND and CONFLICT (NULL otherwise), label
 * the port's (NULL: none). EVENTS_LOST as for fake_event().
 */
void fake_neigh_event(uint8_t event, const char *bridge, const char *port, const char *label,
		      const char *addr, const char *mac, const char *old_mac,
		      const char *old_port);

/*
 * A guard event, queued for the next socket that joins the guard group:
 * the port's label is its own; mac, addr and owner NULL when absent.
 * EVENTS_LOST as for fake_event().
 */
void fake_guard_event(const char *bridge, const char *port, uint8_t reason, const char *mac,
		      const char *addr, const char *owner);

#endif
