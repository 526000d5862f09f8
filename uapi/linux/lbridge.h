/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * lbridge: the generic netlink contract between the module and lbrctl.
 *
 * Family LBRIDGE_GENL_NAME, version LBRIDGE_GENL_VERSION, one attribute
 * space (enum lbridge_attr) shared by every command. A bridge is named by
 * LBRIDGE_A_IFINDEX or LBRIDGE_A_IFNAME, a port by LBRIDGE_A_PORT_IFINDEX
 * or LBRIDGE_A_PORT_IFNAME; both are looked up in the caller's network
 * namespace. Reads are open to everyone; every change needs CAP_NET_ADMIN
 * over the bridge's namespace. Errors come with an extack message.
 *
 * LBRIDGE_CMD_GET_BRIDGE
 *   doit:   IFINDEX or IFNAME.
 *   dumpit: no attributes; every bridge of the namespace.
 *   Reply, one message per bridge: IFINDEX, IFNAME, ADDRESS, AGEING_TIME,
 *   MAX_LEARNED, LEARNED_COUNT, LEARNING, PORT_COUNT, FDB_COUNT,
 *   MAX_STATIC, STATIC_COUNT, PORT_MAX_LEARNED.
 *
 * LBRIDGE_CMD_SET_BRIDGE (admin)
 *   IFINDEX or IFNAME, and any of AGEING_TIME (seconds, 0: never age,
 *   at most LBRIDGE_MAX_AGEING_TIME), MAX_LEARNED (0: no cap), LEARNING,
 *   MAX_STATIC (0: no cap), PORT_MAX_LEARNED (learned MACs behind any one
 *   port, 0: no cap). Lowering a cap removes nothing; it stops growth.
 *   Raising a cap above its default, or lifting it (0), needs CAP_NET_ADMIN
 *   in the initial user namespace (-EPERM otherwise).
 *   All are checked before any is applied.
 *
 * LBRIDGE_CMD_GET_PORT
 *   dumpit: IFINDEX or IFNAME of the bridge; PORT_IFINDEX or PORT_IFNAME
 *   for that port alone.
 *   Reply, one message per port: IFINDEX, IFNAME (of the bridge),
 *   PORT_IFINDEX, PORT_IFNAME, PORT_UP, PORT_LEARNED_COUNT, PORT_STATS
 *   (nested, enum lbridge_port_stat, u64 each).
 *
 * LBRIDGE_CMD_GET_FDB
 *   dumpit: IFINDEX or IFNAME of the bridge; PORT_IFINDEX or PORT_IFNAME
 *   to list one port's entries. The table is walked once, each message
 *   resuming at the entry the previous one could not hold, found again by
 *   its MAC. A dump torn by concurrent changes carries NLM_F_DUMP_INTR and
 *   should be retried; one whose resume entry has gone ends early, also
 *   flagged. A dump whose bridge is deleted ends with -ENODEV.
 *   Reply, one message per entry: IFINDEX, IFNAME, FDB_MAC, FDB_STATE,
 *   FDB_AGE (U32_MAX for 49.7 days or more), and PORT_IFINDEX,
 *   PORT_IFNAME unless the entry is the bridge's own address.
 *
 * LBRIDGE_CMD_NEW_FDB (admin)
 *   PORT_IFINDEX or PORT_IFNAME, FDB_MAC: a static entry on that port of
 *   its bridge. Replaces a learned entry; refuses local and static ones,
 *   and refuses with -ENOSPC once the bridge has MAX_STATIC of them.
 *
 * LBRIDGE_CMD_DEL_FDB (admin)
 *   PORT_IFINDEX or PORT_IFNAME, FDB_MAC: removes a learned or static
 *   entry that is on that port.
 *
 * LBRIDGE_CMD_FLUSH_FDB (admin)
 *   IFINDEX or IFNAME; optionally PORT_IFINDEX or PORT_IFNAME, and
 *   FLUSH_FLAGS (LBRIDGE_FLUSH_F_DYNAMIC: learned entries only). Local
 *   entries are never flushed.
 *
 * LBRIDGE_CMD_FDB_EVENT
 *   Sent to the LBRIDGE_GENL_MCGRP_FDB group, never requested: IFINDEX,
 *   IFNAME, FDB_EVENT, and, as they apply, FDB_MAC, FDB_STATE,
 *   PORT_IFINDEX, PORT_IFNAME. A flush is one event, not one per entry.
 *   MOVE and LIMIT events are rate-limited per bridge; the next event sent
 *   after some were suppressed carries EVENTS_LOST, how many.
 */
#ifndef _UAPI_LINUX_LBRIDGE_H
#define _UAPI_LINUX_LBRIDGE_H

#define LBRIDGE_GENL_NAME	"lbridge"
#define LBRIDGE_GENL_VERSION	1
#define LBRIDGE_GENL_MCGRP_FDB	"fdb"

#define LBRIDGE_MAX_AGEING_TIME	1000000

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
	__LBRIDGE_CMD_MAX
};

#define LBRIDGE_CMD_MAX (__LBRIDGE_CMD_MAX - 1)

enum lbridge_attr {
	LBRIDGE_A_UNSPEC,
	LBRIDGE_A_IFINDEX,		/* u32: the bridge */
	LBRIDGE_A_IFNAME,		/* string: the bridge */
	LBRIDGE_A_ADDRESS,		/* binary, 6 bytes: the bridge's MAC */
	LBRIDGE_A_AGEING_TIME,		/* u32: seconds, 0 = never age */
	LBRIDGE_A_MAX_LEARNED,		/* u32: 0 = no cap */
	LBRIDGE_A_LEARNED_COUNT,	/* u32 */
	LBRIDGE_A_LEARNING,		/* u8: 0 or 1 */
	LBRIDGE_A_PORT_COUNT,		/* u32 */
	LBRIDGE_A_FDB_COUNT,		/* u32: entries of every kind */
	LBRIDGE_A_PORT_IFINDEX,		/* u32 */
	LBRIDGE_A_PORT_IFNAME,		/* string */
	LBRIDGE_A_PORT_UP,		/* u8: forwarding to it is possible */
	LBRIDGE_A_PORT_STATS,		/* nested: enum lbridge_port_stat */
	LBRIDGE_A_FDB_MAC,		/* binary, 6 bytes */
	LBRIDGE_A_FDB_STATE,		/* u8: enum lbridge_fdb_state */
	LBRIDGE_A_FDB_AGE,		/* u32: ms since last seen (whole seconds) */
	LBRIDGE_A_FDB_EVENT,		/* u8: enum lbridge_fdb_event */
	LBRIDGE_A_FLUSH_FLAGS,		/* u32: LBRIDGE_FLUSH_F_* */
	LBRIDGE_A_PAD,
	LBRIDGE_A_MAX_STATIC,		/* u32: 0 = no cap */
	LBRIDGE_A_STATIC_COUNT,		/* u32 */
	LBRIDGE_A_PORT_MAX_LEARNED,	/* u32: per port, 0 = no cap */
	LBRIDGE_A_PORT_LEARNED_COUNT,	/* u32: learned MACs behind the port */
	LBRIDGE_A_FDB_EVENTS_LOST,	/* u32: events suppressed before this one */
	__LBRIDGE_A_MAX
};

#define LBRIDGE_A_MAX (__LBRIDGE_A_MAX - 1)

enum lbridge_fdb_state {
	LBRIDGE_FDB_STATE_LOCAL,	/* the bridge's or a port's own MAC */
	LBRIDGE_FDB_STATE_STATIC,	/* added by a user */
	LBRIDGE_FDB_STATE_LEARNED,
	__LBRIDGE_FDB_STATE_MAX
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

enum lbridge_flush_flags {
	LBRIDGE_FLUSH_F_DYNAMIC = 1 << 0,	/* learned entries only */
	__LBRIDGE_FLUSH_F_ALL = LBRIDGE_FLUSH_F_DYNAMIC
};

/* Per-port counters, in LBRIDGE_A_PORT_STATS; u64 each. */
enum lbridge_port_stat {
	LBRIDGE_PORT_STAT_UNSPEC,
	LBRIDGE_PORT_STAT_PAD,
	LBRIDGE_PORT_STAT_RX_PACKETS,
	LBRIDGE_PORT_STAT_RX_BYTES,
	LBRIDGE_PORT_STAT_TX_PACKETS,
	LBRIDGE_PORT_STAT_TX_BYTES,
	LBRIDGE_PORT_STAT_FLOODED,	/* copies of floods sent out of the port */
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
	__LBRIDGE_PORT_STAT_MAX
};

#define LBRIDGE_PORT_STAT_MAX (__LBRIDGE_PORT_STAT_MAX - 1)

#endif /* _UAPI_LINUX_LBRIDGE_H */
