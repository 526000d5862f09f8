// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the forwarding database. Included by fdb.c.
 */
#include <kunit/test.h>
#include <linux/if_arp.h>
#include <linux/kthread.h>
#include <linux/random.h>

#include "test_fixture.h"

static const u8 mac_a[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x02 };
static const u8 mac_b[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x03 };
static const u8 mac_c[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x00, 0x04 };

static int fdb_test_init(struct kunit *test)
{
	return lbridge_test_init(test, 3);
}

static void learn(struct kunit *test, unsigned int port, const u8 *mac)
{
	local_bh_disable();
	rcu_read_lock();
	lbridge_fdb_learn_rcu(lbridge_test_br(test), lbridge_test_port(test, port), mac);
	rcu_read_unlock();
	local_bh_enable();
}

static int add_static(struct kunit *test, unsigned int port, const u8 *mac)
{
	return lbridge_test_fdb_add_static(test, lbridge_test_port(test, port), mac);
}

/* The entry for @mac, or NULL; the caller must not sleep while using it. */
static struct lbridge_fdb_entry *find(struct kunit *test, const u8 *mac)
{
	struct lbridge_fdb_entry *entry;

	rcu_read_lock();
	entry = lbridge_test_fdb_lookup_rcu(test, mac);
	rcu_read_unlock();
	return entry;
}

static unsigned int count_state(struct lbridge *br, u8 state)
{
	struct lbridge_fdb_entry *entry;
	unsigned int n = 0;

	rcu_read_lock();
	hlist_for_each_entry_rcu(entry, &br->fdb.entries, list)
		n += entry->state == state;
	rcu_read_unlock();
	return n;
}

static void set_ageing(struct kunit *test, unsigned int secs)
{
	rtnl_lock();
	lbridge_fdb_set_ageing(lbridge_test_br(test), secs);
	rtnl_unlock();
}

static void learn_inserts_a_new_mac(struct kunit *test)
{
	struct lbridge_fdb_entry *entry;

	KUNIT_EXPECT_NULL(test, find(test, mac_a));
	learn(test, 0, mac_a);
	entry = find(test, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	KUNIT_EXPECT_EQ(test, LBRIDGE_FDB_STATE_LEARNED, entry->state);
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 0), entry->port);
	KUNIT_EXPECT_EQ(test, 1U, lbridge_test_br(test)->fdb.learned_count);
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_LEARNED));
}

static void learn_refreshes_the_timestamp(struct kunit *test)
{
	struct lbridge_fdb_entry *entry;

	learn(test, 0, mac_a);
	entry = find(test, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	entry->updated = lbridge_fdb_now() - 1000;
	learn(test, 0, mac_a);
	KUNIT_EXPECT_LE(test, lbridge_fdb_now() - entry->updated, 1U);
	KUNIT_EXPECT_EQ(test, 1U, lbridge_test_br(test)->fdb.learned_count);
}

static void learn_moves_a_mac_to_its_new_port(struct kunit *test)
{
	struct lbridge_fdb_entry *entry;

	learn(test, 0, mac_a);
	learn(test, 1, mac_a);
	entry = find(test, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 1), entry->port);
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 1, LBRIDGE_PORT_STAT_MOVES));
	KUNIT_EXPECT_EQ(test, 1U, lbridge_test_br(test)->fdb.learned_count);
}

static void learn_never_hijacks_the_bridge_mac(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct lbridge_fdb_entry *entry;

	learn(test, 0, br->dev->dev_addr);
	entry = find(test, br->dev->dev_addr);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	KUNIT_EXPECT_EQ(test, LBRIDGE_FDB_STATE_LOCAL, entry->state);
	KUNIT_EXPECT_NULL(test, entry->port);
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_OWN_SOURCE));
}

static void learn_never_hijacks_a_port_mac(struct kunit *test)
{
	struct lbridge_fdb_entry *entry;
	u8 port1_mac[ETH_ALEN];

	lbridge_test_mac(port1_mac, 1);
	learn(test, 0, port1_mac);
	entry = find(test, port1_mac);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	KUNIT_EXPECT_EQ(test, LBRIDGE_FDB_STATE_LOCAL, entry->state);
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 1), entry->port);
}

static void learn_never_moves_a_static_entry(struct kunit *test)
{
	struct lbridge_fdb_entry *entry;

	KUNIT_ASSERT_EQ(test, 0, add_static(test, 0, mac_a));
	learn(test, 1, mac_a);
	entry = find(test, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	KUNIT_EXPECT_EQ(test, LBRIDGE_FDB_STATE_STATIC, entry->state);
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 0), entry->port);
	KUNIT_EXPECT_EQ(test, 0ULL,
			lbridge_test_counter(test, 1, LBRIDGE_PORT_STAT_MOVES));
}

static void learning_off_learns_nothing(struct kunit *test)
{
	WRITE_ONCE(lbridge_test_br(test)->fdb.learning, false);
	learn(test, 0, mac_a);
	KUNIT_EXPECT_NULL(test, find(test, mac_a));
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_br(test)->fdb.learned_count);
}

static void a_port_with_learning_off_learns_nothing(struct kunit *test)
{
	WRITE_ONCE(lbridge_test_port(test, 0)->learning, false);
	learn(test, 0, mac_a);
	learn(test, 1, mac_b);
	KUNIT_EXPECT_NULL(test, find(test, mac_a));
	KUNIT_EXPECT_NOT_NULL(test, find(test, mac_b));
	KUNIT_EXPECT_EQ(test, 0ULL, lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_LEARNED));
}

/* Defect: a MAC the table had no room for was counted as a dropped frame,
 * though learning never drops the frame: it is forwarded all the same.
 */
static void a_failed_learn_is_no_drop(struct kunit *test)
{
	struct rhashtable *table = &lbridge_test_br(test)->fdb.table;

	/* The table takes nothing more: inserts fail as on -ENOMEM. */
	table->max_elems = atomic_read(&table->nelems);
	learn(test, 0, mac_a);
	KUNIT_EXPECT_NULL(test, find(test, mac_a));
	KUNIT_EXPECT_EQ(test, 1ULL, lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_LEARN_NOMEM));
	KUNIT_EXPECT_EQ(test, 0ULL, lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_DROP_NOMEM));
}

static void the_cap_stops_learning_and_is_counted(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);

	br->fdb.max_learned = 2;
	learn(test, 0, mac_a);
	learn(test, 0, mac_b);
	learn(test, 0, mac_c);
	KUNIT_EXPECT_NOT_NULL(test, find(test, mac_a));
	KUNIT_EXPECT_NOT_NULL(test, find(test, mac_b));
	KUNIT_EXPECT_NULL(test, find(test, mac_c));
	KUNIT_EXPECT_EQ(test, 2U, br->fdb.learned_count);
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_LEARN_CAP));
	/* Known MACs still move and refresh at the cap. */
	learn(test, 1, mac_a);
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 1), find(test, mac_a)->port);
}

static void a_zero_cap_means_unlimited(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	u8 mac[ETH_ALEN] = { 0x02, 0x10, 0, 0, 0, 0 };
	unsigned int i;

	br->fdb.max_learned = 0;
	br->fdb.port_max_learned = 0;
	for (i = 0; i < LBRIDGE_DEFAULT_MAX_LEARNED + 10; i++) {
		mac[3] = i >> 16;
		mac[4] = i >> 8;
		mac[5] = i;
		learn(test, 0, mac);
	}
	KUNIT_EXPECT_EQ(test, LBRIDGE_DEFAULT_MAX_LEARNED + 10, br->fdb.learned_count);
}

static void static_entries_do_not_count_against_the_cap(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);

	br->fdb.max_learned = 1;
	KUNIT_ASSERT_EQ(test, 0, add_static(test, 0, mac_a));
	KUNIT_ASSERT_EQ(test, 0, add_static(test, 0, mac_b));
	learn(test, 1, mac_c);
	KUNIT_EXPECT_NOT_NULL(test, find(test, mac_c));
	KUNIT_EXPECT_EQ(test, 1U, br->fdb.learned_count);
}

static void ageing_removes_expired_learned_entries(struct kunit *test)
{
	struct lbridge_fdb_entry *entry;

	set_ageing(test, 10);
	learn(test, 0, mac_a);
	learn(test, 1, mac_b);
	entry = find(test, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	entry->updated = lbridge_fdb_now() - 11;

	lbridge_fdb_age(lbridge_test_br(test));
	KUNIT_EXPECT_NULL(test, find(test, mac_a));
	KUNIT_EXPECT_NOT_NULL(test, find(test, mac_b));
	KUNIT_EXPECT_EQ(test, 1U, lbridge_test_br(test)->fdb.learned_count);
}

static void ageing_reports_when_the_next_entry_expires(struct kunit *test)
{
	struct lbridge_fdb_entry *entry;
	unsigned long next;

	set_ageing(test, 10);
	learn(test, 0, mac_a);
	entry = find(test, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	entry->updated = lbridge_fdb_now() - 6;

	next = lbridge_fdb_age(lbridge_test_br(test));
	KUNIT_EXPECT_NOT_NULL(test, find(test, mac_a));
	KUNIT_EXPECT_LE(test, next, 4UL * HZ);
	KUNIT_EXPECT_GT(test, next, 3UL * HZ);
}

static void ageing_spares_static_and_local_entries(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct lbridge_fdb_entry *entry;

	set_ageing(test, 10);
	KUNIT_ASSERT_EQ(test, 0, add_static(test, 0, mac_a));
	rcu_read_lock();
	hlist_for_each_entry_rcu(entry, &br->fdb.entries, list)
		entry->updated = lbridge_fdb_now() - 100;
	rcu_read_unlock();

	lbridge_fdb_age(br);
	KUNIT_EXPECT_NOT_NULL(test, find(test, mac_a));
	KUNIT_EXPECT_NOT_NULL(test, find(test, br->dev->dev_addr));
	/* The bridge's MAC and one per port. */
	KUNIT_EXPECT_EQ(test, 4U, count_state(br, LBRIDGE_FDB_STATE_LOCAL));
}

static void ageing_zero_never_ages(struct kunit *test)
{
	struct lbridge_fdb_entry *entry;

	set_ageing(test, 0);
	learn(test, 0, mac_a);
	entry = find(test, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	entry->updated = lbridge_fdb_now() - 1000;

	KUNIT_EXPECT_EQ(test, 0UL, lbridge_fdb_age(lbridge_test_br(test)));
	KUNIT_EXPECT_NOT_NULL(test, find(test, mac_a));
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&lbridge_test_br(test)->fdb.ageing_work));
}

static void flush_of_a_port_removes_only_its_entries(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);

	learn(test, 0, mac_a);
	learn(test, 1, mac_b);
	KUNIT_ASSERT_EQ(test, 0, add_static(test, 0, mac_c));

	lbridge_fdb_flush(br, lbridge_test_port(test, 0), 0);
	KUNIT_EXPECT_NULL(test, find(test, mac_a));
	KUNIT_EXPECT_NULL(test, find(test, mac_c));
	KUNIT_EXPECT_NOT_NULL(test, find(test, mac_b));
	KUNIT_EXPECT_EQ(test, 1U, br->fdb.learned_count);
}

static void flush_of_learned_entries_keeps_static_and_local(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);

	learn(test, 0, mac_a);
	learn(test, 1, mac_b);
	KUNIT_ASSERT_EQ(test, 0, add_static(test, 2, mac_c));

	lbridge_fdb_flush(br, NULL, LBRIDGE_FLUSH_F_DYNAMIC);
	KUNIT_EXPECT_NULL(test, find(test, mac_a));
	KUNIT_EXPECT_NULL(test, find(test, mac_b));
	KUNIT_EXPECT_NOT_NULL(test, find(test, mac_c));
	KUNIT_EXPECT_EQ(test, 0U, br->fdb.learned_count);
	KUNIT_EXPECT_EQ(test, 4U, count_state(br, LBRIDGE_FDB_STATE_LOCAL));
}

static void flush_of_all_keeps_local_entries(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);

	learn(test, 0, mac_a);
	KUNIT_ASSERT_EQ(test, 0, add_static(test, 2, mac_c));
	lbridge_fdb_flush(br, NULL, 0);
	KUNIT_EXPECT_EQ(test, 0U, count_state(br, LBRIDGE_FDB_STATE_LEARNED));
	KUNIT_EXPECT_EQ(test, 0U, count_state(br, LBRIDGE_FDB_STATE_STATIC));
	KUNIT_EXPECT_EQ(test, 4U, count_state(br, LBRIDGE_FDB_STATE_LOCAL));
}

static void static_add_takes_over_a_learned_entry(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct lbridge_fdb_entry *entry;

	learn(test, 0, mac_a);
	KUNIT_ASSERT_EQ(test, 0, add_static(test, 1, mac_a));
	entry = find(test, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	KUNIT_EXPECT_EQ(test, LBRIDGE_FDB_STATE_STATIC, entry->state);
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 1), entry->port);
	KUNIT_EXPECT_EQ(test, 0U, br->fdb.learned_count);
}

static void static_add_refuses_existing_and_invalid_macs(struct kunit *test)
{
	static const u8 multicast[ETH_ALEN] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
	struct lbridge *br = lbridge_test_br(test);

	KUNIT_ASSERT_EQ(test, 0, add_static(test, 0, mac_a));
	KUNIT_EXPECT_EQ(test, -EEXIST,
			add_static(test, 1, mac_a));
	KUNIT_EXPECT_EQ(test, -EEXIST,
			add_static(test, 1, br->dev->dev_addr));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			add_static(test, 1, multicast));
	KUNIT_EXPECT_NULL(test, find(test, multicast));
}

static void del_refuses_local_and_unknown_entries(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);

	KUNIT_EXPECT_EQ(test, -EINVAL, lbridge_test_fdb_del(test, NULL, br->dev->dev_addr));
	KUNIT_EXPECT_EQ(test, -ENOENT, lbridge_test_fdb_del(test, NULL, mac_a));
	learn(test, 0, mac_a);
	KUNIT_EXPECT_EQ(test, -ENOENT,
			lbridge_test_fdb_del(test, lbridge_test_port(test, 1), mac_a));
	KUNIT_EXPECT_EQ(test, 0, lbridge_test_fdb_del(test, lbridge_test_port(test, 0), mac_a));
	KUNIT_EXPECT_NULL(test, find(test, mac_a));
	KUNIT_EXPECT_EQ(test, 0U, br->fdb.learned_count);
}

static void bridge_mac_change_moves_its_local_entry(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct sockaddr sa = { .sa_family = ARPHRD_ETHER };
	u8 old[ETH_ALEN];
	int err;

	ether_addr_copy(old, br->dev->dev_addr);
	memcpy(sa.sa_data, mac_a, ETH_ALEN);
	rtnl_lock();
	err = dev_set_mac_address(br->dev, &sa, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, 0, err);
	KUNIT_EXPECT_NULL(test, find(test, old));
	KUNIT_ASSERT_NOT_NULL(test, find(test, mac_a));
	KUNIT_EXPECT_EQ(test, LBRIDGE_FDB_STATE_LOCAL, find(test, mac_a)->state);
}

/* Defect: a learned entry turned local in place could be read as learned
 * with no port by a forwarder on another CPU. It must be a new entry.
 */
static void bridge_mac_change_replaces_a_learned_entry(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct sockaddr sa = { .sa_family = ARPHRD_ETHER };
	struct lbridge_fdb_entry *learned, *local;
	int err;

	learn(test, 0, mac_a);
	learned = find(test, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, learned);
	memcpy(sa.sa_data, mac_a, ETH_ALEN);
	rtnl_lock();
	err = dev_set_mac_address(br->dev, &sa, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, 0, err);

	local = find(test, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, local);
	/* Both were alive at once (the old one is freed a grace period
	 * later), so equal pointers would mean the entry was changed.
	 */
	KUNIT_EXPECT_PTR_NE(test, learned, local);
	KUNIT_EXPECT_EQ(test, LBRIDGE_FDB_STATE_LOCAL, local->state);
	KUNIT_EXPECT_NULL(test, local->port);
	KUNIT_EXPECT_EQ(test, 0U, br->fdb.learned_count);
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_port(test, 0)->learned_count);
}

static void static_add_replaces_a_learned_entry(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct lbridge_fdb_entry *learned, *fixed;

	learn(test, 0, mac_a);
	learned = find(test, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, learned);
	KUNIT_ASSERT_EQ(test, 0, add_static(test, 1, mac_a));
	fixed = find(test, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, fixed);
	KUNIT_EXPECT_PTR_NE(test, learned, fixed);
	KUNIT_EXPECT_EQ(test, LBRIDGE_FDB_STATE_STATIC, fixed->state);
	KUNIT_EXPECT_EQ(test, 1U, br->fdb.static_count);
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_port(test, 0)->learned_count);
}

/* Learn @n MACs 02:20:00:<port>:<i> behind @port. */
static void learn_many(struct kunit *test, unsigned int port, unsigned int n)
{
	u8 mac[ETH_ALEN] = { 0x02, 0x20, 0, 0, 0, 0 };
	unsigned int i;

	mac[3] = port;
	for (i = 0; i < n; i++) {
		mac[4] = i >> 8;
		mac[5] = i;
		learn(test, port, mac);
	}
}

/* Defect: one port could fill the bridge-wide cap for every other. */
static void the_port_cap_stops_one_port_not_the_others(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);

	br->fdb.port_max_learned = 5;
	learn_many(test, 0, 8);
	KUNIT_EXPECT_EQ(test, 5U, lbridge_test_port(test, 0)->learned_count);
	KUNIT_EXPECT_EQ(test, 3ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_LEARN_PORT_CAP));
	learn(test, 1, mac_a);
	KUNIT_EXPECT_NOT_NULL(test, find(test, mac_a));
	KUNIT_EXPECT_EQ(test, 1U, lbridge_test_port(test, 1)->learned_count);
	KUNIT_EXPECT_EQ(test, 6U, br->fdb.learned_count);
	/* Entries leaving give the port room again. */
	lbridge_fdb_flush(br, lbridge_test_port(test, 0), LBRIDGE_FLUSH_F_DYNAMIC);
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_port(test, 0)->learned_count);
	learn(test, 0, mac_b);
	KUNIT_EXPECT_NOT_NULL(test, find(test, mac_b));
}

static void a_port_at_its_cap_takes_no_mac_from_another(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);

	br->fdb.port_max_learned = 2;
	learn(test, 1, mac_a);
	learn_many(test, 0, 2);
	learn(test, 0, mac_a);
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 1), find(test, mac_a)->port);
	KUNIT_EXPECT_EQ(test, 2U, lbridge_test_port(test, 0)->learned_count);
	KUNIT_EXPECT_EQ(test, 1U, lbridge_test_port(test, 1)->learned_count);
	/* With room, the move happens and both counts follow it. */
	br->fdb.port_max_learned = 3;
	learn(test, 0, mac_a);
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 0), find(test, mac_a)->port);
	KUNIT_EXPECT_EQ(test, 3U, lbridge_test_port(test, 0)->learned_count);
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_port(test, 1)->learned_count);
}

/* Defect: users could add static entries without any limit. */
static void static_entries_are_capped(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);

	br->fdb.max_static = 2;
	KUNIT_ASSERT_EQ(test, 0, add_static(test, 0, mac_a));
	KUNIT_ASSERT_EQ(test, 0, add_static(test, 0, mac_b));
	KUNIT_EXPECT_EQ(test, -ENOSPC,
			add_static(test, 0, mac_c));
	KUNIT_EXPECT_NULL(test, find(test, mac_c));
	/* Nor may a learned entry be made static past the cap. */
	learn(test, 1, mac_c);
	KUNIT_EXPECT_EQ(test, -ENOSPC,
			add_static(test, 0, mac_c));
	KUNIT_EXPECT_EQ(test, LBRIDGE_FDB_STATE_LEARNED, find(test, mac_c)->state);
	KUNIT_EXPECT_EQ(test, 2U, br->fdb.static_count);
	KUNIT_EXPECT_EQ(test, 0, lbridge_test_fdb_del(test, lbridge_test_port(test, 0), mac_a));
	KUNIT_EXPECT_EQ(test, 0, add_static(test, 0, mac_c));
}

/* Defect: 32-bit jiffies made an entry idle for 2^31 of them look fresh. */
static void an_entry_idle_for_months_still_ages(struct kunit *test)
{
	struct lbridge_fdb_entry *entry;

	set_ageing(test, LBRIDGE_MAX_AGEING_SECS);
	learn(test, 0, mac_a);
	entry = find(test, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	entry->updated = lbridge_fdb_now() - 100 * 24 * 3600;

	lbridge_fdb_age(lbridge_test_br(test));
	KUNIT_EXPECT_NULL(test, find(test, mac_a));
}

/* Defect: ageing could re-arm every jiffy and walk the table each time. */
static void ageing_rearms_at_most_once_a_second(struct kunit *test)
{
	set_ageing(test, 1);
	learn(test, 0, mac_a);
	KUNIT_EXPECT_GE(test, lbridge_fdb_age(lbridge_test_br(test)), (unsigned long)HZ);
}

/* Walks of more than one batch: flush and ageing leave nothing behind. */
static void flush_and_ageing_cover_tables_of_many_batches(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	unsigned int n = 3 * WALK_BATCH + 7;
	struct lbridge_fdb_entry *entry;

	br->fdb.port_max_learned = 0;
	learn_many(test, 0, n);
	KUNIT_ASSERT_EQ(test, n, br->fdb.learned_count);
	lbridge_fdb_flush(br, lbridge_test_port(test, 0), LBRIDGE_FLUSH_F_DYNAMIC);
	KUNIT_EXPECT_EQ(test, 0U, br->fdb.learned_count);

	set_ageing(test, 10);
	learn_many(test, 1, n);
	rcu_read_lock();
	hlist_for_each_entry_rcu(entry, &br->fdb.entries, list)
		entry->updated = lbridge_fdb_now() - 11;
	rcu_read_unlock();
	lbridge_fdb_age(br);
	KUNIT_EXPECT_EQ(test, 0U, br->fdb.learned_count);
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_port(test, 1)->learned_count);
}

/* The cursor resumes by key, and says when its entry has gone. */
static void a_walk_resumes_at_its_cursor_by_key(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct lbridge_fdb_cursor cursor = {};
	struct lbridge_fdb_entry *entry;
	unsigned int before = 0, after = 0;

	learn(test, 0, mac_a);
	learn(test, 0, mac_b);
	learn(test, 0, mac_c);
	/* Newest first: c, b, a, then the local entries. Stop at b. */
	rcu_read_lock();
	entry = lbridge_fdb_walk_rcu(br, &cursor);
	hlist_for_each_entry_from_rcu(entry, list) {
		if (ether_addr_equal(entry->key.addr, mac_b)) {
			lbridge_fdb_cursor_stop_at(&cursor, entry);
			break;
		}
		before++;
	}
	rcu_read_unlock();
	KUNIT_ASSERT_EQ(test, 1U, before);

	/* Entries before the cursor may go; the walk goes on from b. */
	KUNIT_ASSERT_EQ(test, 0, lbridge_test_fdb_del(test, NULL, mac_c));
	rcu_read_lock();
	entry = lbridge_fdb_walk_rcu(br, &cursor);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(entry));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(entry->key.addr, mac_b));
	hlist_for_each_entry_from_rcu(entry, list)
		after++;
	rcu_read_unlock();
	/* b, a, the bridge's MAC and three ports' MACs. */
	KUNIT_EXPECT_EQ(test, 6U, after);

	KUNIT_ASSERT_EQ(test, 0, lbridge_test_fdb_del(test, NULL, mac_b));
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, ERR_PTR(-ESTALE), lbridge_fdb_walk_rcu(br, &cursor));
	rcu_read_unlock();
}

struct race {
	struct lbridge *br;
	struct lbridge_port *port;
	u8 first;
};

/* Learn the same 256 MACs over and over, as a busy port would. */
static int race_learner(void *data)
{
	struct race *race = data;
	u8 mac[ETH_ALEN] = { 0x02, 0x77, 0, 0, 0, 0 };
	unsigned int i = 0;

	while (!kthread_should_stop()) {
		mac[5] = race->first + (i++ & 0xff);
		local_bh_disable();
		rcu_read_lock();
		lbridge_fdb_learn_rcu(race->br, race->port, mac);
		rcu_read_unlock();
		local_bh_enable();
		if (!(i & 0xff))
			cond_resched();
	}
	return 0;
}

/*
 * Two learners on two ports fight over the same MACs while entries are
 * aged and flushed under them: the count must match the table, every
 * listed entry must be in the hash, and KASAN/lockdep must stay quiet.
 */
static void learning_races_with_flush_and_ageing(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct race races[2] = {
		{ br, lbridge_test_port(test, 0), 0 },
		{ br, lbridge_test_port(test, 1), 0 },
	};
	struct task_struct *tasks[2];
	struct lbridge_fdb_entry *entry;
	unsigned int i, listed = 0, hashed = 0;

	br->fdb.max_learned = 200;
	set_ageing(test, 1);
	for (i = 0; i < 2; i++) {
		tasks[i] = kthread_run(race_learner, &races[i], "lbridge-race%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(tasks[i]));
	}
	for (i = 0; i < 200; i++) {
		lbridge_fdb_age(br);
		lbridge_fdb_flush(br, i & 1 ? lbridge_test_port(test, 0) : NULL,
				  LBRIDGE_FLUSH_F_DYNAMIC);
		cond_resched();
	}
	for (i = 0; i < 2; i++)
		kthread_stop(tasks[i]);

	spin_lock_bh(&br->fdb.lock);
	hlist_for_each_entry(entry, &br->fdb.entries, list) {
		if (entry->state != LBRIDGE_FDB_STATE_LEARNED)
			continue;
		listed++;
		hashed += find_locked(br, &entry->key) == entry;
	}
	KUNIT_EXPECT_EQ(test, listed, br->fdb.learned_count);
	spin_unlock_bh(&br->fdb.lock);
	KUNIT_EXPECT_EQ(test, listed, hashed);
	KUNIT_EXPECT_LE(test, listed, 200U);
}

static struct kunit_case lbridge_fdb_cases[] = {
	KUNIT_CASE(learn_inserts_a_new_mac),
	KUNIT_CASE(learn_refreshes_the_timestamp),
	KUNIT_CASE(learn_moves_a_mac_to_its_new_port),
	KUNIT_CASE(learn_never_hijacks_the_bridge_mac),
	KUNIT_CASE(learn_never_hijacks_a_port_mac),
	KUNIT_CASE(learn_never_moves_a_static_entry),
	KUNIT_CASE(learning_off_learns_nothing),
	KUNIT_CASE(a_port_with_learning_off_learns_nothing),
	KUNIT_CASE(a_failed_learn_is_no_drop),
	KUNIT_CASE(the_cap_stops_learning_and_is_counted),
	KUNIT_CASE(a_zero_cap_means_unlimited),
	KUNIT_CASE(static_entries_do_not_count_against_the_cap),
	KUNIT_CASE(ageing_removes_expired_learned_entries),
	KUNIT_CASE(ageing_reports_when_the_next_entry_expires),
	KUNIT_CASE(ageing_spares_static_and_local_entries),
	KUNIT_CASE(ageing_zero_never_ages),
	KUNIT_CASE(flush_of_a_port_removes_only_its_entries),
	KUNIT_CASE(flush_of_learned_entries_keeps_static_and_local),
	KUNIT_CASE(flush_of_all_keeps_local_entries),
	KUNIT_CASE(static_add_takes_over_a_learned_entry),
	KUNIT_CASE(static_add_refuses_existing_and_invalid_macs),
	KUNIT_CASE(del_refuses_local_and_unknown_entries),
	KUNIT_CASE(bridge_mac_change_moves_its_local_entry),
	KUNIT_CASE(learning_races_with_flush_and_ageing),
	KUNIT_CASE(bridge_mac_change_replaces_a_learned_entry),
	KUNIT_CASE(static_add_replaces_a_learned_entry),
	KUNIT_CASE(the_port_cap_stops_one_port_not_the_others),
	KUNIT_CASE(a_port_at_its_cap_takes_no_mac_from_another),
	KUNIT_CASE(static_entries_are_capped),
	KUNIT_CASE(an_entry_idle_for_months_still_ages),
	KUNIT_CASE(ageing_rearms_at_most_once_a_second),
	KUNIT_CASE(flush_and_ageing_cover_tables_of_many_batches),
	KUNIT_CASE(a_walk_resumes_at_its_cursor_by_key),
	{}
};

static struct kunit_suite lbridge_fdb_suite = {
	.name = "lbridge_fdb",
	.suite_init = lbridge_test_suite_init,
	.suite_exit = lbridge_test_suite_exit,
	.init = fdb_test_init,
	.exit = lbridge_test_exit,
	.test_cases = lbridge_fdb_cases,
};

kunit_test_suite(lbridge_fdb_suite);
