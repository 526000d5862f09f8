/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FDB as the datapath meets it, inline: a frame's source is learned
 * and its destination found through its ingress port's memories first.
 *
 * Each port remembers, per CPU (in its struct lbridge_port_stats), the
 * last source it found learned behind it, with the second and the FDB's
 * generation then, and the last destination a frame from it was looked
 * up for, with the entry found (NULL: none) and the generation then.
 * Every change to the table bumps the generation after it is made, with
 * release (generation_bump() in fdb.c), and the generation is read here
 * before any lookup, with acquire. So while it stays the same:
 *   - a remembered source is still learned behind the port, and was
 *     refreshed this second if the second is the same: no lookup, no
 *     refresh;
 *   - a remembered destination's answer still holds: the entry is still
 *     in the table, unchanged (an entry whose state changes is replaced),
 *     and a MAC that was unknown still is. The entry is still readable
 *     too: it left the table, if at all, after the generation was read (a
 *     removal bumps it), so it waits in the graveyard for a grace period
 *     this RCU reader holds up.
 * Per CPU, so no other CPU tears a memory or writes its cache line.
 *
 * The source's memory keeps 32 bits of the generation: 2^32 changes in
 * the same second cannot happen, and a stale match would only skip a
 * refresh. The destination's keeps all of it, as a stale match there
 * would hand out a freed entry; a 32-bit generation could come round
 * again, so 32-bit kernels look every destination up.
 *
 * The misses go to fdb.c: what is here is what every frame runs.
 */
#ifndef _LBRIDGE_FDB_DATAPATH_H
#define _LBRIDGE_FDB_DATAPATH_H

#include "device.h"
#include "fdb.h"
#include "port.h"

void lbridge_fdb_learn_slow_rcu(struct lbridge *br, struct lbridge_port *port,
				struct lbridge_port_stats *pcpu, const u8 *addr,
				u32 now, u32 generation);
/*
 * @pcpu NULL: nothing to remember (a frame from the host), and
 * @generation is not looked at.
 */
struct lbridge_fdb_entry *
lbridge_fdb_find_dest_slow_rcu(struct lbridge *br,
			       struct lbridge_port_stats *pcpu,
			       const u8 *addr, unsigned long generation);

/* The table's generation, read before any lookup or use of a memory. */
static inline unsigned long lbridge_fdb_generation(const struct lbridge *br)
{
	/* Pairs with generation_bump()'s release: the changes it counts are seen. */
	return smp_load_acquire(&br->fdb.generation);
}

/* The datapath learns @addr, the source of a frame from @port. */
static __always_inline void lbridge_fdb_learn_rcu(struct lbridge *br,
						  struct lbridge_port *port,
						  const u8 *addr)
{
	struct lbridge_port_stats *pcpu = this_cpu_ptr(port->stats);
	u32 generation = lbridge_fdb_generation(br);
	u32 now = lbridge_fdb_now();

	if (pcpu->learnt_key == lbridge_fdb_addr_word(addr) &&
	    pcpu->learnt_at == now && pcpu->learnt_generation == generation)
		return;
	lbridge_fdb_learn_slow_rcu(br, port, pcpu, addr, now, generation);
}

/*
 * The entry for @addr (NULL: none), for a frame from @from (NULL: the
 * host, which has no memory).
 */
static __always_inline struct lbridge_fdb_entry *
lbridge_fdb_find_dest_rcu(struct lbridge *br, struct lbridge_port *from,
			  const u8 *addr)
{
	struct lbridge_port_stats *pcpu;
	unsigned long generation;

	if (!IS_ENABLED(CONFIG_64BIT) || !from)
		return lbridge_fdb_find_dest_slow_rcu(br, NULL, addr, 0);
	generation = lbridge_fdb_generation(br);
	pcpu = this_cpu_ptr(from->stats);
	if (pcpu->sent_key == lbridge_fdb_addr_word(addr) &&
	    pcpu->sent_generation == generation)
		return pcpu->sent_entry;
	return lbridge_fdb_find_dest_slow_rcu(br, pcpu, addr, generation);
}

#endif /* _LBRIDGE_FDB_DATAPATH_H */
