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

/* Lets any resize the last changes started finish. */
static void settle(struct lbridge *br)
{
	flush_work(&br->fdb.table.run_work);
}

static unsigned int count_state(struct lbridge *br, u8 state)
{
	struct lbridge_fdb_cursor cursor = {};
	struct lbridge_fdb_entry *entry;
	unsigned int n = 0;

	settle(br);
	rcu_read_lock();
	/* Every entry of a table no resize is changing: once each. */
	for (entry = lbridge_fdb_walk_rcu(br, &cursor); !IS_ERR_OR_NULL(entry);
	     entry = lbridge_fdb_walk_next_rcu(br, &cursor, entry))
		n += entry->state == state;
	KUNIT_EXPECT_FALSE(current->kunit_test, IS_ERR(entry));
	rcu_read_unlock();
	return n;
}

/* Makes every entry @secs old. */
static void make_old(struct lbridge *br, u32 secs)
{
	struct lbridge_fdb_cursor cursor = {};
	struct lbridge_fdb_entry *entry;

	settle(br);
	rcu_read_lock();
	/* Every entry of a table no resize is changing: once each. */
	for (entry = lbridge_fdb_walk_rcu(br, &cursor); !IS_ERR_OR_NULL(entry);
	     entry = lbridge_fdb_walk_next_rcu(br, &cursor, entry))
		entry->updated = lbridge_fdb_now() - secs;
	KUNIT_EXPECT_FALSE(current->kunit_test, IS_ERR(entry));
	rcu_read_unlock();
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

/* The datapath's key word, built in registers, is the key's in memory. */
static void the_key_word_of_an_address_is_its_keys(struct kunit *test)
{
	static const u8 macs[][ETH_ALEN] = {
		{ 0x02, 0x42, 0xac, 0x11, 0x00, 0x02 },
		{ 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54 },
		{ 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 },
		{ 0x80, 0x00, 0x00, 0x00, 0x00, 0x00 },
	};
	struct lbridge_fdb_key key;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(macs); i++) {
		lbridge_fdb_key_init(&key, macs[i]);
		KUNIT_EXPECT_EQ_MSG(test, lbridge_fdb_key_word(&key),
				    lbridge_fdb_addr_word(macs[i]), "%pM", macs[i]);
	}
}

/*
 * Whether port @i's memory of its last source, on this CPU, is @mac from
 * this second. The caller keeps to one CPU (migrate_disable()).
 */
static bool remembered(struct kunit *test, unsigned int i, const u8 *mac)
{
	const struct lbridge_port_stats *pcpu;
	struct lbridge_fdb_key key;

	pcpu = this_cpu_ptr(lbridge_test_port(test, i)->stats);
	lbridge_fdb_key_init(&key, mac);
	return pcpu->learnt_key == lbridge_fdb_key_word(&key) &&
	       pcpu->learnt_at == lbridge_fdb_now();
}

/*
 * The port's memory of a source lasts the second it was made in: a test
 * of it means something only if it ran within one second.
 */
static void same_second_or_skip(struct kunit *test, u32 start)
{
	if (lbridge_fdb_now() != start)
		kunit_skip(test, "the clock ticked during the test");
}

/*
 * Keeps the test on this CPU (the caller calls migrate_enable()) and has
 * port 0 remember mac_a on it: learned, then found. Whether it does.
 */
static bool pin_and_remember_mac_a(struct kunit *test)
{
	migrate_disable();
	learn(test, 0, mac_a);
	learn(test, 0, mac_a);
	return remembered(test, 0, mac_a);
}

/*
 * A port remembers, per CPU, the last source it found learned behind it:
 * the frames after it skip the lookup, and leave the entry alone...
 */
static void learn_skips_the_lookup_of_a_remembered_source(struct kunit *test)
{
	u32 start = lbridge_fdb_now(), updated = 0;
	struct lbridge_fdb_entry *entry;
	bool filled;

	filled = pin_and_remember_mac_a(test);
	entry = find(test, mac_a);
	if (entry) {
		entry->updated = start - 5;
		learn(test, 0, mac_a);
		updated = entry->updated;
	}
	migrate_enable();
	KUNIT_ASSERT_NOT_NULL(test, entry);
	same_second_or_skip(test, start);
	KUNIT_EXPECT_TRUE(test, filled);
	KUNIT_EXPECT_EQ(test, start - 5, updated);
}

/*
 * ... but no change to the table in between may be missed: the MAC moved
 * away and back, was flushed, or became the bridge's own.
 */
static void learn_follows_a_mac_back_within_the_second(struct kunit *test)
{
	u32 start = lbridge_fdb_now();
	struct lbridge_fdb_entry *entry;
	bool filled;

	filled = pin_and_remember_mac_a(test);
	learn(test, 1, mac_a);
	learn(test, 0, mac_a);
	migrate_enable();
	same_second_or_skip(test, start);
	KUNIT_EXPECT_TRUE(test, filled);
	entry = find(test, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 0), entry->port);
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_MOVES));
}

static void learn_relearns_a_flushed_mac_at_once(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	u32 start = lbridge_fdb_now();
	bool filled, flushed;

	filled = pin_and_remember_mac_a(test);
	lbridge_fdb_flush(br, lbridge_test_port(test, 0), LBRIDGE_FLUSH_F_DYNAMIC);
	flushed = !find(test, mac_a);
	learn(test, 0, mac_a);
	migrate_enable();
	same_second_or_skip(test, start);
	KUNIT_EXPECT_TRUE(test, filled);
	KUNIT_EXPECT_TRUE(test, flushed);
	KUNIT_EXPECT_NOT_NULL(test, find(test, mac_a));
	KUNIT_EXPECT_EQ(test, 2ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_LEARNED));
}

static void learn_sees_a_mac_become_the_bridges_own(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct sockaddr sa = { .sa_family = ARPHRD_ETHER };
	u32 start = lbridge_fdb_now();
	struct lbridge_fdb_entry *entry;
	bool filled;
	int err;

	filled = pin_and_remember_mac_a(test);
	memcpy(sa.sa_data, mac_a, ETH_ALEN);
	rtnl_lock();
	err = dev_set_mac_address(br->dev, &sa, NULL);
	rtnl_unlock();
	if (!err)
		learn(test, 0, mac_a);
	migrate_enable();
	KUNIT_ASSERT_EQ(test, 0, err);
	same_second_or_skip(test, start);
	KUNIT_EXPECT_TRUE(test, filled);
	KUNIT_EXPECT_EQ(test, 1ULL,
			lbridge_test_counter(test, 0, LBRIDGE_PORT_STAT_OWN_SOURCE));
	entry = find(test, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, entry);
	KUNIT_EXPECT_EQ(test, LBRIDGE_FDB_STATE_LOCAL, entry->state);
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

	set_ageing(test, 10);
	KUNIT_ASSERT_EQ(test, 0, add_static(test, 0, mac_a));
	make_old(br, 100);

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

/*
 * Walks of many batches over a table resized as it grew: flush and ageing
 * leave nothing behind.
 */
static void flush_and_ageing_cover_tables_of_many_batches(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	unsigned int n = 20 * WALK_BATCH + 7;

	br->fdb.port_max_learned = 0;
	br->fdb.max_learned = 0;
	learn_many(test, 0, n);
	KUNIT_ASSERT_EQ(test, n, br->fdb.learned_count);
	lbridge_fdb_flush(br, lbridge_test_port(test, 0), LBRIDGE_FLUSH_F_DYNAMIC);
	KUNIT_EXPECT_EQ(test, 0U, br->fdb.learned_count);
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_port(test, 0)->learned_count);

	set_ageing(test, 10);
	learn_many(test, 1, n);
	make_old(br, 11);
	lbridge_fdb_age(br);
	KUNIT_EXPECT_EQ(test, 0U, br->fdb.learned_count);
	KUNIT_EXPECT_EQ(test, 0U, lbridge_test_port(test, 1)->learned_count);
	/* The bridge's MAC and one per port stay. */
	KUNIT_EXPECT_EQ(test, 4U, br->fdb.count);
}

/* Which of learn_many()'s MACs of port 0 an entry is, or -1. */
static int many_index(const struct lbridge_fdb_entry *entry)
{
	const u8 *a = entry->key.addr;

	if (a[0] != 0x02 || a[1] != 0x20 || a[2] || a[3])
		return -1;
	return a[4] << 8 | a[5];
}

/*
 * Walks @br in sections of @every entries, leaving the RCU read side
 * between them, as a dump does between messages, and counts in @seen how
 * often each of learn_many()'s MACs was met. Before each section @between
 * may change the table. Returns how often the place was lost.
 */
static unsigned int walk_in_sections(struct kunit *test, unsigned int every,
				     u8 *seen, unsigned int n,
				     void (*between)(struct kunit *test,
						     struct lbridge_fdb_cursor *cursor,
						     unsigned int section))
{
	struct lbridge *br = lbridge_test_br(test);
	struct lbridge_fdb_cursor cursor = {};
	struct lbridge_fdb_entry *entry;
	unsigned int lost = 0, section = 0, i;
	int idx;

	do {
		if (between)
			between(test, &cursor, section);
		section++;
		rcu_read_lock();
		entry = lbridge_fdb_walk_rcu(br, &cursor);
		for (i = 0; entry; i++) {
			if (IS_ERR(entry)) {
				KUNIT_EXPECT_PTR_EQ(test, ERR_PTR(-ESTALE), entry);
				lost++;
				entry = lbridge_fdb_walk_rcu(br, &cursor);
				continue;
			}
			if (i == every) {
				lbridge_fdb_cursor_stop_at(&cursor, entry);
				break;
			}
			idx = many_index(entry);
			if (idx >= 0 && (unsigned int)idx < n && seen[idx] < 255)
				seen[idx]++;
			entry = lbridge_fdb_walk_next_rcu(br, &cursor, entry);
		}
		rcu_read_unlock();
	} while (entry && section < 100000);
	KUNIT_EXPECT_NULL(test, entry);
	return lost;
}

/* A stable table, walked in many sections: every entry once. */
static void a_walk_sees_every_entry_once(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	unsigned int n = 3000, i, once = 0;
	u8 *seen = kunit_kzalloc(test, n, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, seen);
	br->fdb.port_max_learned = 0;
	learn_many(test, 0, n);
	KUNIT_ASSERT_EQ(test, n, br->fdb.learned_count);
	settle(br);
	KUNIT_EXPECT_EQ(test, 0U, walk_in_sections(test, 7, seen, n, NULL));
	for (i = 0; i < n; i++)
		once += seen[i] == 1;
	KUNIT_EXPECT_EQ(test, n, once);
	/* And the locals: the bridge's MAC and the three ports'. */
	KUNIT_EXPECT_EQ(test, 4U, count_state(br, LBRIDGE_FDB_STATE_LOCAL));
}

static void del_many(struct kunit *test, unsigned int i)
{
	u8 mac[ETH_ALEN] = { 0x02, 0x20, 0, 0, i >> 8, i };

	lbridge_test_fdb_del(test, NULL, mac);
}

/* Between sections, the entry to resume at and others leave. */
static void delete_the_place(struct kunit *test, struct lbridge_fdb_cursor *cursor,
			     unsigned int section)
{
	struct lbridge_fdb_cursor place = *cursor;
	struct lbridge_fdb_entry *entry;
	int idx = -1;

	if (!cursor->resume || (section & 3))
		return;
	rcu_read_lock();
	entry = lbridge_fdb_walk_rcu(lbridge_test_br(test), &place);
	if (!IS_ERR_OR_NULL(entry))
		idx = many_index(entry);
	rcu_read_unlock();
	if (idx >= 0)
		del_many(test, idx);
	del_many(test, 2999 - section);
}

/*
 * Entries leave while the walk is away, the one it was to resume at
 * among them: it goes back to the head of that bucket, and every entry
 * that stays is still seen, at least once.
 */
static void removal_during_a_walk_loses_no_entry_that_stays(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	unsigned int n = 3000, i, missed = 0, kept = 0;
	struct lbridge_fdb_key key;
	u8 *seen = kunit_kzalloc(test, n, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, seen);
	br->fdb.port_max_learned = 0;
	learn_many(test, 0, n);
	settle(br);
	KUNIT_EXPECT_GT(test, walk_in_sections(test, 5, seen, n, delete_the_place), 0U);
	for (i = 0; i < n; i++) {
		u8 mac[ETH_ALEN] = { 0x02, 0x20, 0, 0, i >> 8, i };

		lbridge_fdb_key_init(&key, mac);
		rcu_read_lock();
		if (lbridge_fdb_lookup_rcu(br, &key)) {
			kept++;
			missed += !seen[i];
		}
		rcu_read_unlock();
	}
	KUNIT_EXPECT_LT(test, kept, n);
	KUNIT_EXPECT_EQ(test, 0U, missed);
}

/* Between sections, the table doubles: its order is another. */
static void grow_the_table(struct kunit *test, struct lbridge_fdb_cursor *cursor,
			   unsigned int section)
{
	struct lbridge *br = lbridge_test_br(test);
	u8 mac[ETH_ALEN] = { 0x02, 0x21, 0, 0, 0, 0 };
	unsigned int size, i;

	if (section != 10)
		return;
	rcu_read_lock();
	size = rht_dereference_rcu(br->fdb.table.tbl, &br->fdb.table)->size;
	rcu_read_unlock();
	for (i = 0; i < size; i++) {
		mac[4] = i >> 8;
		mac[5] = i;
		learn(test, 1, mac);
	}
	settle(br);
	rcu_read_lock();
	KUNIT_EXPECT_GT(test, rht_dereference_rcu(br->fdb.table.tbl, &br->fdb.table)->size,
			size);
	rcu_read_unlock();
}

/* A resize while the walk is away: the walk starts again, losing nothing. */
static void a_resize_during_a_walk_loses_no_entry(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	unsigned int n = 1000, i, missed = 0;
	u8 *seen = kunit_kzalloc(test, n, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, seen);
	br->fdb.port_max_learned = 0;
	learn_many(test, 0, n);
	settle(br);
	KUNIT_EXPECT_EQ(test, 1U, walk_in_sections(test, 50, seen, n, grow_the_table));
	for (i = 0; i < n; i++)
		missed += !seen[i];
	KUNIT_EXPECT_EQ(test, 0U, missed);
}

/* The cursor resumes by key, and says when its entry has gone. */
static void a_walk_resumes_at_its_cursor_by_key(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct lbridge_fdb_cursor cursor = {};
	struct lbridge_fdb_entry *entry;
	unsigned int total = 0, at = 0, after = 0;

	learn(test, 0, mac_a);
	learn(test, 0, mac_b);
	learn(test, 0, mac_c);
	settle(br);
	rcu_read_lock();
	/* Every entry of a table no resize is changing: once each. */
	for (entry = lbridge_fdb_walk_rcu(br, &cursor); !IS_ERR_OR_NULL(entry);
	     entry = lbridge_fdb_walk_next_rcu(br, &cursor, entry)) {
		if (ether_addr_equal(entry->key.addr, mac_b))
			at = total;
		total++;
	}
	rcu_read_unlock();
	/* Three learned, the bridge's MAC and three ports'. */
	KUNIT_ASSERT_EQ(test, 7U, total);

	cursor = (struct lbridge_fdb_cursor){};
	rcu_read_lock();
	/* Every entry of a table no resize is changing: once each. */
	for (entry = lbridge_fdb_walk_rcu(br, &cursor); !IS_ERR_OR_NULL(entry);
	     entry = lbridge_fdb_walk_next_rcu(br, &cursor, entry)) {
		if (ether_addr_equal(entry->key.addr, mac_b)) {
			lbridge_fdb_cursor_stop_at(&cursor, entry);
			break;
		}
	}
	rcu_read_unlock();
	KUNIT_ASSERT_TRUE(test, cursor.resume);

	rcu_read_lock();
	entry = lbridge_fdb_walk_rcu(br, &cursor);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(entry));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(entry->key.addr, mac_b));
	rcu_read_unlock();

	/* b goes: the place is lost, and the walk goes on from the head of
	 * its bucket, which leads past everything that was after b.
	 */
	KUNIT_ASSERT_EQ(test, 0, lbridge_test_fdb_del(test, NULL, mac_b));
	/* A deletion may have the table's worker shrink it: done before the
	 * walk, not during it. Then the place is lost with the table, and
	 * the walk goes on from the new table's head, which also leads past
	 * everything that was after b.
	 */
	flush_work(&br->fdb.table.run_work);
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, ERR_PTR(-ESTALE), lbridge_fdb_walk_rcu(br, &cursor));
	/* Every entry of a table no resize is changing: once each. */
	for (entry = lbridge_fdb_walk_rcu(br, &cursor); !IS_ERR_OR_NULL(entry);
	     entry = lbridge_fdb_walk_next_rcu(br, &cursor, entry)) {
		KUNIT_EXPECT_FALSE(test, ether_addr_equal(entry->key.addr, mac_b));
		after++;
	}
	KUNIT_EXPECT_NULL(test, entry);
	rcu_read_unlock();
	KUNIT_EXPECT_GE(test, after, total - at - 1);
}

/* An entry is 40 bytes, and so is its slab object. */
static void an_entry_is_40_bytes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 40U, (unsigned int)sizeof(struct lbridge_fdb_entry));
	KUNIT_EXPECT_EQ(test, 40U, kmem_cache_size(lbridge_fdb_cache));
}

/* Empties the graveyard; then how many entries it freed so far. */
static long graveyard_drained(void)
{
	lbridge_fdb_drain();
	return atomic_long_read(&lbridge_fdb_freed);
}

/*
 * Every way out of the table goes through the graveyard, which frees all
 * of them once drained (an entry freed on the spot would not be counted;
 * one never freed is a leak kmemleak and the cache's destruction report).
 */
static void every_removal_is_freed_by_the_graveyard(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct sockaddr sa = { .sa_family = ARPHRD_ETHER };
	long base = graveyard_drained();
	int err;

	/* Deletion. */
	KUNIT_ASSERT_EQ(test, 0, add_static(test, 0, mac_a));
	KUNIT_ASSERT_EQ(test, 0, lbridge_test_fdb_del(test, NULL, mac_a));
	/* A static entry replacing a learned one. */
	learn(test, 1, mac_b);
	KUNIT_ASSERT_EQ(test, 0, add_static(test, 1, mac_b));
	/* Ageing. */
	set_ageing(test, 10);
	learn(test, 2, mac_c);
	make_old(br, 11);
	lbridge_fdb_age(br);
	KUNIT_EXPECT_NULL(test, find(test, mac_c));
	/* A flush of one port: the static entry of mac_b and 20 learned. */
	learn_many(test, 1, 20);
	lbridge_fdb_flush(br, lbridge_test_port(test, 1), 0);
	/* The bridge's MAC changed to a learned one: its old local entry
	 * goes, and the learned entry is replaced by a local one.
	 */
	learn(test, 2, mac_c);
	memcpy(sa.sa_data, mac_c, ETH_ALEN);
	rtnl_lock();
	err = dev_set_mac_address(br->dev, &sa, NULL);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, 0, err);
	KUNIT_EXPECT_EQ(test, 1 + 1 + 1 + 21 + 2L, graveyard_drained() - base);
}

static void learn_lots(struct kunit *test, unsigned int port, unsigned int n)
{
	u8 mac[ETH_ALEN] = { 0x02, 0x21, 0, 0, 0, 0 };
	unsigned int i;

	for (i = 0; i < n; i++) {
		mac[2] = port;
		mac[3] = i >> 16;
		mac[4] = i >> 8;
		mac[5] = i;
		learn(test, port, mac);
	}
}

/* A batch of tens of thousands is freed whole. */
static void the_graveyard_frees_a_large_batch(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	unsigned int n = 20000;
	long base = graveyard_drained();

	br->fdb.max_learned = 0;
	br->fdb.port_max_learned = 0;
	learn_lots(test, 0, n);
	KUNIT_ASSERT_EQ(test, n, br->fdb.learned_count);
	lbridge_fdb_flush(br, NULL, LBRIDGE_FLUSH_F_DYNAMIC);
	KUNIT_EXPECT_EQ(test, 0U, br->fdb.learned_count);
	KUNIT_EXPECT_EQ(test, (long)n, graveyard_drained() - base);
}

/*
 * A removed entry is freed no sooner than a grace period after: while a
 * reader holds it, the graveyard's worker takes it and waits. Under a
 * preemptible kernel the worker gets to run while we hold the read side;
 * if it has not taken the batch within the deadline, nothing is learned.
 */
static void a_removed_entry_outlives_its_readers(struct kunit *test)
{
	struct lbridge_fdb_entry *entry;
	unsigned long deadline;
	long base = graveyard_drained();
	bool taken;

	KUNIT_ASSERT_EQ(test, 0, add_static(test, 0, mac_a));
	rcu_read_lock();
	entry = lbridge_test_fdb_lookup_rcu(test, mac_a);
	/* No assertion may end the case under the read lock. */
	if (!entry || lbridge_test_fdb_del(test, NULL, mac_a)) {
		rcu_read_unlock();
		KUNIT_FAIL(test, "no entry to delete");
		return;
	}
	deadline = jiffies + 5 * HZ;
	while (!(taken = llist_empty(&lbridge_fdb_graveyard)) &&
	       time_before(jiffies, deadline))
		cpu_relax();
	/* Taken or not, not freed: KASAN would see this read. */
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(entry->key.addr, mac_a));
	KUNIT_EXPECT_TRUE(test, entry->removed);
	KUNIT_EXPECT_EQ(test, 0L, atomic_long_read(&lbridge_fdb_freed) - base);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, 1L, graveyard_drained() - base);
	if (!taken)
		kunit_skip(test, "the worker did not run while the reader held on");
}

/* A bridge deleted with thousands of entries in its table frees them all. */
static void a_bridge_torn_down_full_frees_its_entries(struct kunit *test)
{
	struct lbridge_fdb_key key;
	struct net_device *dev;
	struct lbridge *br;
	unsigned int n = 5000, i;
	u8 mac[ETH_ALEN] = { 0x02, 0x22, 0, 0, 0, 0 };
	long base;

	dev = lbridge_test_bridge_create(test, NULL);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	br = netdev_priv(dev);
	br->fdb.max_static = 0;
	for (i = 0; i < n; i++) {
		mac[4] = i >> 8;
		mac[5] = i;
		lbridge_fdb_key_init(&key, mac);
		KUNIT_EXPECT_EQ(test, 0, lbridge_fdb_add_static(br, NULL, &key));
	}
	base = graveyard_drained();
	/* Its entries, and the bridge's own MAC. */
	KUNIT_EXPECT_EQ(test, n + 1, br->fdb.count);
	unregister_netdev(dev);
	KUNIT_EXPECT_EQ(test, n + 1L, graveyard_drained() - base);
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
	struct lbridge_fdb_cursor cursor = {};
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

	settle(br);
	spin_lock_bh(&br->fdb.lock);
	rcu_read_lock();
	/* Every entry of a table no resize is changing: once each. */
	for (entry = lbridge_fdb_walk_rcu(br, &cursor); !IS_ERR_OR_NULL(entry);
	     entry = lbridge_fdb_walk_next_rcu(br, &cursor, entry)) {
		if (entry->state != LBRIDGE_FDB_STATE_LEARNED)
			continue;
		listed++;
		hashed += find_locked(br, &entry->key) == entry;
	}
	KUNIT_EXPECT_FALSE(test, IS_ERR(entry));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, listed, br->fdb.learned_count);
	spin_unlock_bh(&br->fdb.lock);
	KUNIT_EXPECT_EQ(test, listed, hashed);
	KUNIT_EXPECT_LE(test, listed, 200U);
}

static struct kunit_case lbridge_fdb_cases[] = {
	KUNIT_CASE(learn_inserts_a_new_mac),
	KUNIT_CASE(learn_refreshes_the_timestamp),
	KUNIT_CASE(learn_moves_a_mac_to_its_new_port),
	KUNIT_CASE(the_key_word_of_an_address_is_its_keys),
	KUNIT_CASE(learn_skips_the_lookup_of_a_remembered_source),
	KUNIT_CASE(learn_follows_a_mac_back_within_the_second),
	KUNIT_CASE(learn_relearns_a_flushed_mac_at_once),
	KUNIT_CASE(learn_sees_a_mac_become_the_bridges_own),
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
	KUNIT_CASE(a_walk_sees_every_entry_once),
	KUNIT_CASE(removal_during_a_walk_loses_no_entry_that_stays),
	KUNIT_CASE(a_resize_during_a_walk_loses_no_entry),
	KUNIT_CASE(an_entry_is_40_bytes),
	KUNIT_CASE(every_removal_is_freed_by_the_graveyard),
	KUNIT_CASE(the_graveyard_frees_a_large_batch),
	KUNIT_CASE(a_removed_entry_outlives_its_readers),
	KUNIT_CASE(a_bridge_torn_down_full_frees_its_entries),
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

/*
 * The module unloaded right after a flush: its last entries still in the
 * graveyard, with their grace period to wait, when the cache goes. The
 * suite's exit, like the module's, tears down what this case leaves.
 */
static void unloading_right_after_a_flush_frees_every_entry(struct kunit *test)
{
	struct lbridge_fdb_key key;
	struct net_device *dev;
	struct lbridge *br;
	unsigned int n = 2000, i;
	u8 mac[ETH_ALEN] = { 0x02, 0x23, 0, 0, 0, 0 };
	long base;
	int err;

	dev = lbridge_test_bridge_create(test, NULL);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	br = netdev_priv(dev);
	for (i = 0; i < n; i++) {
		mac[4] = i >> 8;
		mac[5] = i;
		lbridge_fdb_key_init(&key, mac);
		KUNIT_EXPECT_EQ(test, 0, lbridge_fdb_add_static(br, NULL, &key));
	}
	base = graveyard_drained();
	lbridge_fdb_flush(br, NULL, 0);
	unregister_netdev(dev);
	/* As the module's exit does, then its next load. */
	lbridge_fdb_uninit();
	KUNIT_EXPECT_EQ(test, n + 1L, atomic_long_read(&lbridge_fdb_freed) - base);
	err = lbridge_fdb_init();
	KUNIT_ASSERT_EQ(test, 0, err);
}

static struct kunit_case lbridge_fdb_unload_cases[] = {
	KUNIT_CASE(unloading_right_after_a_flush_frees_every_entry),
	{}
};

static struct kunit_suite lbridge_fdb_unload_suite = {
	.name = "lbridge_fdb_unload",
	.suite_init = lbridge_test_suite_init,
	.suite_exit = lbridge_test_suite_exit,
	.test_cases = lbridge_fdb_unload_cases,
};

kunit_test_suite(lbridge_fdb_suite);
kunit_test_suite(lbridge_fdb_unload_suite);
