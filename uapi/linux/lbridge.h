/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * lbridge: the generic netlink contract between the module and lbrctl.
 *
 * Family LBRIDGE_GENL_NAME, version LBRIDGE_GENL_VERSION. This ABI only
 * grows: new commands, attributes, states, events and counters are added
 * at the end of their enum, and nothing is renumbered or given a new
 * meaning. A tool checks that the family's version is at least the one it
 * was built for, and puts LBRIDGE_GENL_VERSION in its requests' genl
 * header: requests of version 1, which numbered attributes otherwise, are
 * refused. Version 3 added IP bindings (neigh), labels and veth peers;
 * version 4 port security (guards, allowed addresses, guard events).
 * Attributes added within a version are refused by the modules before
 * them (an unknown attribute fails strict validation, -EINVAL): a tool
 * that asks for one falls back to the older form.
 *
 * Each object has its own nested attribute space: a bridge is described
 * in LBRIDGE_A_BRIDGE (enum lbridge_bridge_attr), a port in LBRIDGE_A_PORT
 * (enum lbridge_port_attr), an FDB entry in LBRIDGE_A_FDB (enum
 * lbridge_fdb_attr). A request names a bridge by LBRIDGE_BRIDGE_A_IFINDEX
 * or LBRIDGE_BRIDGE_A_IFNAME, a port by LBRIDGE_PORT_A_IFINDEX or
 * LBRIDGE_PORT_A_IFNAME, looked up in the caller's network namespace.
 * Each command has its own policy: an attribute a command does not take
 * is refused, never ignored. Reads are open to everyone; every change
 * needs CAP_NET_ADMIN over the bridge's namespace. Every refusal carries
 * an extack message (a dump's, in its NLMSG_DONE), and a refused request
 * changes nothing.
 *
 * LBRIDGE_CMD_GET_BRIDGE
 *   doit: BRIDGE { IFINDEX or IFNAME }.
 *   dumpit: no attributes; every bridge of the namespace.
 *   Reply, one message per bridge: BRIDGE { IFINDEX, IFNAME, ADDRESS,
 *   AGEING_TIME, LEARNING, MAX_LEARNED, PORT_MAX_LEARNED, MAX_STATIC,
 *   PORT_COUNT, FDB_COUNT, LEARNED_COUNT, STATIC_COUNT, NEIGH_SUPPRESS,
 *   ANNOUNCE, MAX_NEIGH, PORT_MAX_NEIGH, NEIGH_COUNT, GUARD, RA_GUARD,
 *   DHCP_GUARD }.
 *
 * LBRIDGE_CMD_SET_BRIDGE (admin)
 *   BRIDGE { IFINDEX or IFNAME, and any of AGEING_TIME (seconds, 0: never
 *   age, at most LBRIDGE_MAX_AGEING_TIME), LEARNING, MAX_LEARNED (0: no
 *   cap), PORT_MAX_LEARNED (learned MACs behind any one port, 0: no cap),
 *   MAX_STATIC (0: no cap), NEIGH_SUPPRESS, ANNOUNCE, MAX_NEIGH (0: no
 *   cap), PORT_MAX_NEIGH (0: no cap), GUARD, RA_GUARD, DHCP_GUARD (what
 *   ports get as they join; ports already in keep theirs) }. Lowering a
 *   cap removes nothing; it stops growth. Raising a cap above its default, or lifting it (0), needs
 *   CAP_NET_ADMIN in the initial user namespace (-EPERM otherwise).
 *
 * LBRIDGE_CMD_GET_PORT
 *   dumpit: BRIDGE { IFINDEX or IFNAME }, and PORT { IFINDEX or IFNAME }
 *   for that port alone.
 *   Reply, one message per port: BRIDGE { IFINDEX, IFNAME }, PORT {
 *   IFINDEX, IFNAME, UP, LEARNING, LEARNED_COUNT, STATIC_COUNT, STATS,
 *   FLOOD, MCAST_FLOOD, BCAST_FLOOD, HAIRPIN, ISOLATED, NEIGH_SUPPRESS,
 *   NEIGH_COUNT, GUARD, RA_GUARD, DHCP_GUARD, GUARD_MAC when the source
 *   guard goes by the MAC it fixed on (GUARD on, no MAC allowed),
 *   ALLOWED when anything is allowed, and LABEL
 *   when set; for a veth, PEER { IFINDEX, IFNAME, NETNSID } }. PEER's
 *   NETNSID is the peer namespace's id as seen from the requester's
 *   namespace (-1: the requester's own).
 *
 * LBRIDGE_CMD_SET_PORT (admin)
 *   PORT { IFINDEX or IFNAME, and any of LEARNING, FLOOD, MCAST_FLOOD,
 *   BCAST_FLOOD, HAIRPIN, ISOLATED, NEIGH_SUPPRESS, GUARD, RA_GUARD,
 *   DHCP_GUARD, LABEL (at most
 *   LBRIDGE_LABEL_MAX bytes of UTF-8 without control characters;
 *   an empty string, its NUL alone, removes it) }: all of them or,
 *   if one is refused, none.
 *
 * LBRIDGE_CMD_GET_FDB
 *   dumpit: BRIDGE { IFINDEX or IFNAME }, and PORT { IFINDEX or IFNAME }
 *   to list one port's entries; FDB_COMPACT for the compact reply. The
 *   table is walked once, each message resuming at the entry the previous
 *   one could not hold, found again by its key. A dump torn by concurrent
 *   changes carries NLM_F_DUMP_INTR and should be retried. One whose resume
 *   entry has gone goes back to where nothing is missed, flagged, and may
 *   list an entry twice; it ends early, flagged, only when it has to go
 *   back more than a few times for one message. A dump whose bridge is deleted
 *   ends with -ENODEV.
 *   Reply, one message per entry: BRIDGE { IFINDEX, IFNAME }, FDB { MAC,
 *   STATE, AGE (U32_MAX for 49.7 days or more) }, and PORT { IFINDEX,
 *   IFNAME, LABEL when set } unless the entry is the bridge's own address.
 *   With FDB_COMPACT (modules before it refuse it with -EINVAL),
 *   one message per many entries: BRIDGE { IFINDEX, IFNAME },
 *   FDB_RECORD_SIZE, and FDB_RECORDS, as many struct lbridge_fdb_record
 *   as fit, back to back, each FDB_RECORD_SIZE bytes: a reader refuses a
 *   size smaller than the struct it knows and skips the tail of a bigger
 *   one. Ports go by ifindex alone: names and labels are GET_PORT's, and
 *   a port may have gone, or come, since. The walk, its resuming and its
 *   NLM_F_DUMP_INTR are the same as above: a message that follows a change
 *   to the table, or whose walk had to go back (the table resized, the
 *   entry to resume at gone), carries the flag, and a torn listing may
 *   tell an entry twice.
 *
 * LBRIDGE_CMD_NEW_FDB (admin)
 *   PORT { IFINDEX or IFNAME }, FDB { MAC }: a static entry on that port of
 *   its bridge. Replaces a learned entry; refuses local and static ones,
 *   and refuses with -ENOSPC once the bridge has MAX_STATIC of them.
 *
 * LBRIDGE_CMD_DEL_FDB (admin)
 *   PORT { IFINDEX or IFNAME }, FDB { MAC }: removes a learned or static
 *   entry that is on that port.
 *
 * LBRIDGE_CMD_FLUSH_FDB (admin)
 *   BRIDGE { IFINDEX or IFNAME }; optionally PORT { IFINDEX or IFNAME },
 *   and FLUSH_FLAGS. Local entries are never flushed.
 *
 * LBRIDGE_CMD_FDB_EVENT
 *   Sent to the LBRIDGE_GENL_MCGRP_FDB group, never requested: BRIDGE {
 *   IFINDEX, IFNAME }, EVENT, and, as they apply, FDB { MAC, STATE },
 *   PORT { IFINDEX, IFNAME }, FLUSH_FLAGS. A flush is one event, not one
 *   per entry. MOVE and LIMIT events are rate-limited per bridge; the next
 *   event sent after some were suppressed carries EVENTS_LOST, how many.
 *   PORT carries LABEL when the port has one.
 *
 * LBRIDGE_CMD_GET_NEIGH
 *   dumpit: BRIDGE { IFINDEX or IFNAME }; optionally PORT { IFINDEX or
 *   IFNAME } for that port's bindings, NEIGH { ADDR } for that address's.
 *   Resumes and flags torn dumps as LBRIDGE_CMD_GET_FDB does.
 *   Reply, one message per binding: BRIDGE { IFINDEX, IFNAME }, PORT {
 *   IFINDEX, IFNAME, LABEL when set }, NEIGH { FAMILY, ADDR, MAC, AGE,
 *   SOURCE }.
 *
 * LBRIDGE_CMD_NEIGH_EVENT
 *   Sent to the LBRIDGE_GENL_MCGRP_NEIGH group, never requested: BRIDGE {
 *   IFINDEX, IFNAME }, EVENT (enum lbridge_neigh_event), PORT { IFINDEX,
 *   IFNAME, LABEL when set }, NEIGH { FAMILY, ADDR, MAC, SOURCE, and for
 *   REBIND and CONFLICT: OLD_MAC, OLD_PORT_IFINDEX, OLD_PORT_IFNAME }.
 *   Rate-limited per bridge like the FDB's MOVE events, with EVENTS_LOST.
 *
 * Port security. Each port has three guards, off by default. A port's
 * frames are checked before anything is learned from them, link-local
 * groups' included.
 *   GUARD: the port sends from its own addresses only.
 *   Its MACs are those allowed on it or, if none is, the first one it
 *   sent from (GUARD_MAC, forgotten when GUARD is turned on again): for a
 *   veth, only its peer's MAC, and never one the FDB has behind another
 *   port or another port's guard has.
 *   Its IP addresses are those allowed on it and those bound to it: given
 *   by DHCP, or claimed by the port first (sent from, or asked for by an
 *   ARP probe or a DAD solicitation). Never claimed: an address bound to
 *   a MAC still present behind another port, the host's own, one allowed
 *   on another port, one another port still on the bridge held within
 *   the ageing time. If any address of a family is allowed on the port,
 *   it claims no more of that family: only allowed or given by DHCP.
 *   DHCP ACKs are believed from the host's own server and from ports
 *   without guards. Turning GUARD on keeps what the port bound before.
 *   Dropped: another source MAC, or a DHCP request for another MAC
 *   (DROP_SPOOFED_MAC); ARP whose sender is another MAC or address
 *   (DROP_SPOOFED_ARP); IPv4/IPv6 from another address (DROP_SPOOFED_IP);
 *   NS/NA/RS/RA speaking for another MAC, NA for another's address
 *   (DROP_SPOOFED_ND); from an address the port could not claim at its
 *   binding cap (DROP_GUARD_CAP). Getting an address keeps working:
 *   DHCPv4 from 0.0.0.0, DAD probes and MLD reports from ::.
 *   RA_GUARD: Router Advertisements and Redirects are dropped (DROP_RA),
 *   found behind any extension headers.
 *   DHCP_GUARD: DHCPv4 and DHCPv6 server messages (from port 67 or 547,
 *   or to port 68 or 546) are dropped (DROP_DHCP_SERVER).
 *   With any guard on, VLAN-tagged frames, whose payload the bridge does
 *   not check, are dropped (DROP_GUARD_TAGGED), and ARP that is not IPv4
 *   over Ethernet, IPv4/IPv6 too short or malformed to check, ND with
 *   malformed options, DHCP requests that are no BOOTP requests over
 *   Ethernet (DROP_GUARD_MALFORMED). Other protocols are checked for
 *   their source MAC alone.
 *
 * LBRIDGE_CMD_NEW_ALLOWED, LBRIDGE_CMD_DEL_ALLOWED (admin)
 *   PORT { IFINDEX or IFNAME }, ALLOWED { exactly one of MAC (unicast),
 *   IPV4, IPV6 (neither unspecified, multicast nor loopback) }: adds it
 *   to the port's allowed set (-EEXIST if there, -ENOSPC beyond
 *   LBRIDGE_ALLOWED_MAX_MACS or LBRIDGE_ALLOWED_MAX_IPS), or removes it
 *   (-ENOENT if not there).
 *
 * LBRIDGE_CMD_GUARD_EVENT
 *   Sent to the LBRIDGE_GENL_MCGRP_GUARD group, never requested: BRIDGE {
 *   IFINDEX, IFNAME }, PORT { IFINDEX, IFNAME, LABEL when set }, GUARD {
 *   REASON, MAC, and as they apply FAMILY, ADDR, OWNER_IFINDEX,
 *   OWNER_IFNAME, OWNER_LABEL }: the frame a guard dropped, the address
 *   it used (for DROP_RA and DROP_DHCP_SERVER, its source), and who
 *   holds that MAC or address (the bridge itself for the host's).
 *   Rate-limited per port; EVENTS_LOST counts those held back on the
 *   bridge.
 */
#ifndef _UAPI_LINUX_LBRIDGE_H
#define _UAPI_LINUX_LBRIDGE_H

#include <linux/types.h>

#define LBRIDGE_GENL_NAME	"lbridge"
#define LBRIDGE_GENL_VERSION	4
#define LBRIDGE_GENL_MCGRP_FDB	"fdb"
#define LBRIDGE_GENL_MCGRP_NEIGH	"neigh"
#define LBRIDGE_GENL_MCGRP_GUARD	"guard"

/* A port's label: the container, pod or service behind it. */
#define LBRIDGE_LABEL_MAX	64

#define LBRIDGE_MAX_AGEING_TIME	1000000

/* A port's allowed set, at most. */
#define LBRIDGE_ALLOWED_MAX_MACS	8
#define LBRIDGE_ALLOWED_MAX_IPS		16

enum lbridge_cmd {
	LBRIDGE_CMD_UNSPEC,
	LBRIDGE_CMD_GET_BRIDGE,
	LBRIDGE_CMD_SET_BRIDGE,
	LBRIDGE_CMD_GET_PORT,
	LBRIDGE_CMD_GET_FDB,
	LBRIDGE_CMD_NEW_FDB,
	LBRIDGE_CMD_DEL_FDB,
	LBRIDGE_CMD_FLUSH_FDB,
	LBRIDGE_CMD_FDB_EVENT,
	LBRIDGE_CMD_SET_PORT,
	LBRIDGE_CMD_GET_NEIGH,
	LBRIDGE_CMD_NEIGH_EVENT,
	LBRIDGE_CMD_NEW_ALLOWED,
	LBRIDGE_CMD_DEL_ALLOWED,
	LBRIDGE_CMD_GUARD_EVENT,
	__LBRIDGE_CMD_MAX
};

#define LBRIDGE_CMD_MAX (__LBRIDGE_CMD_MAX - 1)

/* The attributes of a message: one nest per object it is about. */
enum lbridge_attr {
	LBRIDGE_A_UNSPEC,
	LBRIDGE_A_BRIDGE,		/* nested: enum lbridge_bridge_attr */
	LBRIDGE_A_PORT,			/* nested: enum lbridge_port_attr */
	LBRIDGE_A_FDB,			/* nested: enum lbridge_fdb_attr */
	LBRIDGE_A_FLUSH_FLAGS,		/* u32: LBRIDGE_FLUSH_F_* */
	LBRIDGE_A_EVENT,		/* u8: enum lbridge_fdb_event or lbridge_neigh_event */
	LBRIDGE_A_EVENTS_LOST,		/* u32: events suppressed before this one */
	LBRIDGE_A_NEIGH,		/* nested: enum lbridge_neigh_attr */
	LBRIDGE_A_ALLOWED,		/* nested: enum lbridge_allowed_attr */
	LBRIDGE_A_GUARD,		/* nested: enum lbridge_guard_attr */
	LBRIDGE_A_FDB_COMPACT,		/* flag: GET_FDB, reply in FDB_RECORDS */
	LBRIDGE_A_FDB_RECORD_SIZE,	/* u32: bytes of each record in FDB_RECORDS */
	LBRIDGE_A_FDB_RECORDS,		/* binary: struct lbridge_fdb_record, repeated */
	__LBRIDGE_A_MAX
};

#define LBRIDGE_A_MAX (__LBRIDGE_A_MAX - 1)

enum lbridge_bridge_attr {
	LBRIDGE_BRIDGE_A_UNSPEC,
	LBRIDGE_BRIDGE_A_IFINDEX,	/* u32 */
	LBRIDGE_BRIDGE_A_IFNAME,	/* string */
	LBRIDGE_BRIDGE_A_ADDRESS,	/* binary, 6 bytes: the bridge's MAC */
	LBRIDGE_BRIDGE_A_AGEING_TIME,	/* u32: seconds, 0 = never age */
	LBRIDGE_BRIDGE_A_LEARNING,	/* u8: 0 or 1 */
	LBRIDGE_BRIDGE_A_MAX_LEARNED,	/* u32: 0 = no cap */
	LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED, /* u32: per port, 0 = no cap */
	LBRIDGE_BRIDGE_A_MAX_STATIC,	/* u32: 0 = no cap */
	LBRIDGE_BRIDGE_A_PORT_COUNT,	/* u32 */
	LBRIDGE_BRIDGE_A_FDB_COUNT,	/* u32: entries of every state */
	LBRIDGE_BRIDGE_A_LEARNED_COUNT,	/* u32 */
	LBRIDGE_BRIDGE_A_STATIC_COUNT,	/* u32 */
	/* On: every port's, whatever the port's own PORT_A_NEIGH_SUPPRESS. */
	LBRIDGE_BRIDGE_A_NEIGH_SUPPRESS, /* u8: 0 or 1 */
	LBRIDGE_BRIDGE_A_ANNOUNCE,	/* u8: 0 or 1, gratuitous ARP/NA when a binding moves */
	LBRIDGE_BRIDGE_A_MAX_NEIGH,	/* u32: bindings, 0 = no cap */
	LBRIDGE_BRIDGE_A_PORT_MAX_NEIGH, /* u32: bindings per port, 0 = no cap */
	LBRIDGE_BRIDGE_A_NEIGH_COUNT,	/* u32 */
	/* Defaults for ports as they join. */
	LBRIDGE_BRIDGE_A_GUARD,		/* u8: 0 or 1 */
	LBRIDGE_BRIDGE_A_RA_GUARD,	/* u8: 0 or 1 */
	LBRIDGE_BRIDGE_A_DHCP_GUARD,	/* u8: 0 or 1 */
	__LBRIDGE_BRIDGE_A_MAX
};

#define LBRIDGE_BRIDGE_A_MAX (__LBRIDGE_BRIDGE_A_MAX - 1)

enum lbridge_port_attr {
	LBRIDGE_PORT_A_UNSPEC,
	LBRIDGE_PORT_A_IFINDEX,		/* u32 */
	LBRIDGE_PORT_A_IFNAME,		/* string */
	LBRIDGE_PORT_A_UP,		/* u8: forwarding to it is possible */
	LBRIDGE_PORT_A_LEARNING,	/* u8: 0 or 1, sources behind it are learned */
	LBRIDGE_PORT_A_LEARNED_COUNT,	/* u32: learned MACs behind the port */
	LBRIDGE_PORT_A_STATIC_COUNT,	/* u32: static entries on the port */
	LBRIDGE_PORT_A_STATS,		/* nested: enum lbridge_port_stat */
	/* A frame a flag keeps from a port is not a drop. */
	LBRIDGE_PORT_A_FLOOD,		/* u8: 0 or 1, unknown unicast is flooded out of it */
	LBRIDGE_PORT_A_MCAST_FLOOD,	/* u8: 0 or 1, multicast from ports is flooded out of it */
	LBRIDGE_PORT_A_BCAST_FLOOD,	/* u8: 0 or 1, broadcast from ports is flooded out of it */
	LBRIDGE_PORT_A_HAIRPIN,		/* u8: 0 or 1, frames may go back out of it */
	LBRIDGE_PORT_A_ISOLATED,	/* u8: 0 or 1, it talks to ports not isolated only */
	LBRIDGE_PORT_A_LABEL,		/* string, at most LBRIDGE_LABEL_MAX bytes */
	LBRIDGE_PORT_A_PEER,		/* nested: enum lbridge_peer_attr, veth ports */
	LBRIDGE_PORT_A_NEIGH_SUPPRESS,	/* u8: 0 or 1, the bridge answers ARP/NS for it */
	LBRIDGE_PORT_A_NEIGH_COUNT,	/* u32: IP bindings behind the port */
	LBRIDGE_PORT_A_GUARD,		/* u8: 0 or 1, it sends from its own addresses only */
	LBRIDGE_PORT_A_RA_GUARD,	/* u8: 0 or 1, its RAs and redirects are dropped */
	LBRIDGE_PORT_A_DHCP_GUARD,	/* u8: 0 or 1, its DHCP server messages are dropped */
	LBRIDGE_PORT_A_GUARD_MAC,	/* binary, 6 bytes: the MAC the guard fixed on */
	LBRIDGE_PORT_A_ALLOWED,		/* nested: enum lbridge_allowed_attr, each allowed one */
	__LBRIDGE_PORT_A_MAX
};

#define LBRIDGE_PORT_A_MAX (__LBRIDGE_PORT_A_MAX - 1)

enum lbridge_fdb_attr {
	LBRIDGE_FDB_A_UNSPEC,
	LBRIDGE_FDB_A_MAC,		/* binary, 6 bytes */
	LBRIDGE_FDB_A_STATE,		/* u8: enum lbridge_fdb_state */
	LBRIDGE_FDB_A_AGE,		/* u32: ms since last seen (whole seconds) */
	__LBRIDGE_FDB_A_MAX
};

#define LBRIDGE_FDB_A_MAX (__LBRIDGE_FDB_A_MAX - 1)

/* The other end of a veth port. */
enum lbridge_peer_attr {
	LBRIDGE_PEER_A_UNSPEC,
	LBRIDGE_PEER_A_IFINDEX,		/* u32, in the peer's namespace */
	LBRIDGE_PEER_A_IFNAME,		/* string */
	LBRIDGE_PEER_A_NETNSID,		/* s32: as seen from the requester, -1 its own */
	__LBRIDGE_PEER_A_MAX
};

#define LBRIDGE_PEER_A_MAX (__LBRIDGE_PEER_A_MAX - 1)

/* An IP binding: an address, the MAC that answers for it, and its port. */
enum lbridge_neigh_attr {
	LBRIDGE_NEIGH_A_UNSPEC,
	LBRIDGE_NEIGH_A_FAMILY,		/* u8: AF_INET or AF_INET6 */
	LBRIDGE_NEIGH_A_ADDR,		/* binary, 4 or 16 bytes, network order */
	LBRIDGE_NEIGH_A_MAC,		/* binary, 6 bytes */
	LBRIDGE_NEIGH_A_AGE,		/* u32: ms since last seen (whole seconds) */
	LBRIDGE_NEIGH_A_SOURCE,		/* u8: enum lbridge_neigh_source */
	LBRIDGE_NEIGH_A_OLD_MAC,	/* binary, 6 bytes: REBIND, CONFLICT */
	LBRIDGE_NEIGH_A_OLD_PORT_IFINDEX, /* u32: REBIND, CONFLICT */
	LBRIDGE_NEIGH_A_OLD_PORT_IFNAME, /* string: REBIND, CONFLICT */
	__LBRIDGE_NEIGH_A_MAX
};

#define LBRIDGE_NEIGH_A_MAX (__LBRIDGE_NEIGH_A_MAX - 1)

/* What a binding was last learned from. */
enum lbridge_neigh_source {
	LBRIDGE_NEIGH_SOURCE_ARP,	/* ARP request, reply or gratuitous ARP */
	LBRIDGE_NEIGH_SOURCE_ND,	/* IPv6 Neighbour Solicitation or Advertisement */
	LBRIDGE_NEIGH_SOURCE_DHCP,	/* a DHCPv4 ACK to the MAC */
	LBRIDGE_NEIGH_SOURCE_IP,	/* a packet from the address, on a guarded port */
	__LBRIDGE_NEIGH_SOURCE_MAX
};

enum lbridge_neigh_event {
	LBRIDGE_NEIGH_EVENT_BIND,	/* a new binding */
	LBRIDGE_NEIGH_EVENT_REBIND,	/* an IP answers from another MAC or port */
	LBRIDGE_NEIGH_EVENT_CONFLICT,	/* a second live MAC claims an IP: the first keeps it */
	LBRIDGE_NEIGH_EVENT_UNBIND,	/* aged, its MAC or port gone */
	__LBRIDGE_NEIGH_EVENT_MAX
};

/* An allowed address of a port. */
enum lbridge_allowed_attr {
	LBRIDGE_ALLOWED_A_UNSPEC,
	LBRIDGE_ALLOWED_A_MAC,		/* binary, 6 bytes */
	LBRIDGE_ALLOWED_A_IPV4,		/* binary, 4 bytes, network order */
	LBRIDGE_ALLOWED_A_IPV6,		/* binary, 16 bytes */
	__LBRIDGE_ALLOWED_A_MAX
};

#define LBRIDGE_ALLOWED_A_MAX (__LBRIDGE_ALLOWED_A_MAX - 1)

/* A frame a guard dropped. */
enum lbridge_guard_attr {
	LBRIDGE_GUARD_A_UNSPEC,
	LBRIDGE_GUARD_A_REASON,		/* u8: the enum lbridge_port_stat counted */
	LBRIDGE_GUARD_A_MAC,		/* binary, 6 bytes: the MAC it sent or spoke for */
	LBRIDGE_GUARD_A_FAMILY,		/* u8: AF_INET or AF_INET6, with ADDR */
	LBRIDGE_GUARD_A_ADDR,		/* binary, 4 or 16 bytes: the address it used */
	LBRIDGE_GUARD_A_OWNER_IFINDEX,	/* u32: the port that holds MAC or ADDR */
	LBRIDGE_GUARD_A_OWNER_IFNAME,	/* string */
	LBRIDGE_GUARD_A_OWNER_LABEL,	/* string, when the owner has a label */
	__LBRIDGE_GUARD_A_MAX
};

#define LBRIDGE_GUARD_A_MAX (__LBRIDGE_GUARD_A_MAX - 1)

enum lbridge_fdb_state {
	LBRIDGE_FDB_STATE_LOCAL,	/* the bridge's or a port's own MAC */
	LBRIDGE_FDB_STATE_STATIC,	/* added by a user */
	LBRIDGE_FDB_STATE_LEARNED,
	__LBRIDGE_FDB_STATE_MAX
};

/*
 * An FDB entry in LBRIDGE_A_FDB_RECORDS. It only grows, at its end; the
 * reply's LBRIDGE_A_FDB_RECORD_SIZE is its size in that module.
 */
struct lbridge_fdb_record {
	__u8 mac[6];
	__u8 state;		/* enum lbridge_fdb_state */
	__u8 pad;		/* 0 */
	__u32 port_ifindex;	/* 0: the bridge's own address */
	__u32 age_ms;		/* as LBRIDGE_FDB_A_AGE */
};

enum lbridge_fdb_event {
	LBRIDGE_FDB_EVENT_LEARN,	/* a new MAC was learned */
	LBRIDGE_FDB_EVENT_MOVE,		/* a learned MAC appeared on another port */
	LBRIDGE_FDB_EVENT_AGE,		/* a learned MAC was not seen for the ageing time */
	LBRIDGE_FDB_EVENT_ADD,		/* a user added a static entry */
	LBRIDGE_FDB_EVENT_DELETE,	/* a user deleted an entry */
	LBRIDGE_FDB_EVENT_FLUSH,	/* entries were flushed: FLUSH_FLAGS, maybe a port */
	LBRIDGE_FDB_EVENT_LIMIT,	/* a MAC was not learned: port or bridge at its cap */
	__LBRIDGE_FDB_EVENT_MAX
};

/* Without LBRIDGE_FLUSH_F_DYNAMIC a flush takes learned and static entries. */
enum lbridge_flush_flags {
	LBRIDGE_FLUSH_F_DYNAMIC = 1 << 0,	/* learned entries only */
	__LBRIDGE_FLUSH_F_ALL = LBRIDGE_FLUSH_F_DYNAMIC
};

/*
 * Per-port counters, in LBRIDGE_PORT_A_STATS, u64 each, the attribute type
 * being the counter. Every frame the bridge does not pass on is counted
 * under the reason it was dropped, in a LBRIDGE_PORT_STAT_DROP_* counter:
 * lbrctl names a counter after its enumerator and adds up the DROP_ ones,
 * so a new reason needs nothing but its line here and the code counting it.
 */
enum lbridge_port_stat {
	LBRIDGE_PORT_STAT_UNSPEC,
	LBRIDGE_PORT_STAT_PAD,
	LBRIDGE_PORT_STAT_RX_PACKETS,	/* frames received from the port */
	LBRIDGE_PORT_STAT_RX_BYTES,
	LBRIDGE_PORT_STAT_TX_PACKETS,	/* frames sent out of the port */
	LBRIDGE_PORT_STAT_TX_BYTES,
	LBRIDGE_PORT_STAT_FLOODED,	/* of those, copies of floods */
	LBRIDGE_PORT_STAT_LEARNED,	/* MACs learned behind the port */
	LBRIDGE_PORT_STAT_MOVES,	/* MACs that moved to the port */
	LBRIDGE_PORT_STAT_LEARN_CAP,	/* sources not learned: bridge at max_learned */
	LBRIDGE_PORT_STAT_OWN_SOURCE,	/* frames claiming a local MAC as source */
	LBRIDGE_PORT_STAT_DROP_DOWN,	/* port or bridge down */
	LBRIDGE_PORT_STAT_DROP_MTU,	/* larger than the port's MTU */
	LBRIDGE_PORT_STAT_DROP_LINK_LOCAL, /* 01:80:c2:00:00:0X, never forwarded */
	LBRIDGE_PORT_STAT_DROP_INVALID_SOURCE, /* zero or multicast source */
	LBRIDGE_PORT_STAT_DROP_NOMEM,	/* allocation failed */
	LBRIDGE_PORT_STAT_LEARN_PORT_CAP, /* sources not learned: port at port_max_learned */
	LBRIDGE_PORT_STAT_DROP_FLOOD_BACKLOG, /* floods cut short: too many waiting already */
	LBRIDGE_PORT_STAT_LINK_LOCAL_UP, /* link-local frames handed to the port's own stack */
	LBRIDGE_PORT_STAT_LEARN_NOMEM,	/* sources not learned: no room for the entry */
	LBRIDGE_PORT_STAT_NEIGH_SUPPRESSED, /* ARP requests and NS from it answered by the bridge */
	LBRIDGE_PORT_STAT_NEIGH_CAP,	/* bindings not made: port or bridge at its cap */
	LBRIDGE_PORT_STAT_ANNOUNCED,	/* gratuitous ARP/NA sent for a binding that moved to it */
	/* Port security: what the port's guards dropped, by reason. */
	LBRIDGE_PORT_STAT_DROP_SPOOFED_MAC,	/* a source MAC not the port's */
	LBRIDGE_PORT_STAT_DROP_SPOOFED_IP,	/* an IPv4/IPv6 source not the port's */
	LBRIDGE_PORT_STAT_DROP_SPOOFED_ARP,	/* ARP for another MAC or address */
	LBRIDGE_PORT_STAT_DROP_SPOOFED_ND,	/* ND for another MAC or address */
	LBRIDGE_PORT_STAT_DROP_RA,		/* Router Advertisements, redirects */
	LBRIDGE_PORT_STAT_DROP_DHCP_SERVER,	/* DHCPv4/DHCPv6 server messages */
	LBRIDGE_PORT_STAT_DROP_GUARD_TAGGED,	/* VLAN-tagged, under a guard */
	LBRIDGE_PORT_STAT_DROP_GUARD_MALFORMED,	/* ARP/IP/ND too broken to check */
	LBRIDGE_PORT_STAT_DROP_GUARD_CAP,	/* from an address it could not claim: at its cap */
	__LBRIDGE_PORT_STAT_MAX
};

#define LBRIDGE_PORT_STAT_MAX (__LBRIDGE_PORT_STAT_MAX - 1)

/*
 * rtnetlink: the bridge's settings as its link data, in IFLA_INFO_DATA of
 * RTM_NEWLINK (`ip link add lb0 type lbridge`, set at creation, or changed
 * on an existing bridge) and of RTM_GETLINK's answers. Values and
 * permissions are those of LBRIDGE_CMD_SET_BRIDGE: raising a cap above its
 * default, or lifting it (0), needs CAP_NET_ADMIN in the initial user
 * namespace. Unknown attributes are refused, and a refused request creates
 * or changes nothing.
 */
enum lbridge_link_attr {
	IFLA_LBRIDGE_UNSPEC,
	IFLA_LBRIDGE_AGEING_TIME,	/* u32: seconds, 0 = never age */
	IFLA_LBRIDGE_LEARNING,		/* u8: 0 or 1 */
	IFLA_LBRIDGE_MAX_LEARNED,	/* u32: 0 = no cap */
	IFLA_LBRIDGE_PORT_MAX_LEARNED,	/* u32: per port, 0 = no cap */
	IFLA_LBRIDGE_MAX_STATIC,	/* u32: 0 = no cap */
	__IFLA_LBRIDGE_MAX
};

#define IFLA_LBRIDGE_MAX (__IFLA_LBRIDGE_MAX - 1)

/*
 * rtnetlink: a port's slave data (IFLA_INFO_SLAVE_KIND "lbridge"), in
 * IFLA_INFO_SLAVE_DATA of RTM_GETLINK's answers about the port. Read only.
 */
enum lbridge_link_port_attr {
	IFLA_LBRIDGE_PORT_UNSPEC,
	IFLA_LBRIDGE_PORT_LEARNING,	/* u8: 0 or 1 */
	IFLA_LBRIDGE_PORT_LEARNED_COUNT, /* u32: learned MACs behind the port */
	IFLA_LBRIDGE_PORT_STATIC_COUNT,	/* u32: static entries on the port */
	IFLA_LBRIDGE_PORT_UP,		/* u8: forwarding to it is possible */
	__IFLA_LBRIDGE_PORT_MAX
};

#define IFLA_LBRIDGE_PORT_MAX (__IFLA_LBRIDGE_PORT_MAX - 1)

#endif /* _UAPI_LINUX_LBRIDGE_H */
