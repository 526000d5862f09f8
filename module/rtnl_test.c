// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the FDB in rtnetlink's words. Included by rtnl.c.
 */
#include <kunit/test.h>
#include <linux/rhashtable.h>

#include "fdb_datapath.h"
#include "test_fixture.h"

static const u8 rt_mac_a[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x01, 0x02 };
static const u8 rt_mac_b[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x01, 0x03 };
static const u8 rt_mac_c[ETH_ALEN] = { 0x02, 0x42, 0xac, 0x11, 0x01, 0x04 };

#define RT_SEEN_MAX 128

/* One message of a dump, as iproute2 reads it. */
struct rt_seen {
	u8 mac[ETH_ALEN];
	int ifindex;
	u16 state;
	u8 ndm_flags;
	u16 nlmsg_flags;
	u32 master;
};

struct rt_dump {
	struct rt_seen seen[RT_SEEN_MAX];
	unsigned int n;
	unsigned int rounds;
	bool intr;
};

static int rt_init(struct kunit *test)
{
	return lbridge_test_init(test, 3);
}

static void rt_learn(struct kunit *test, unsigned int port, const u8 *mac)
{
	local_bh_disable();
	rcu_read_lock();
	lbridge_fdb_learn_rcu(lbridge_test_br(test), lbridge_test_port(test, port), mac);
	rcu_read_unlock();
	local_bh_enable();
}

/* Messages with NDA_MASTER are ours; the others the host's `self` lists. */
static void rt_parse(struct kunit *test, struct rt_dump *d, const void *buf,
		     int len)
{
	const struct nlmsghdr *nlh;
	int rem;

	nlmsg_for_each_msg(nlh, (struct nlmsghdr *)buf, len, rem) {
		const struct ndmsg *ndm = nlmsg_data(nlh);
		struct nlattr *tb[NDA_MAX + 1];
		struct rt_seen *s;

		KUNIT_ASSERT_EQ(test, RTM_NEWNEIGH, nlh->nlmsg_type);
		KUNIT_ASSERT_EQ(test, 0, nlmsg_parse_deprecated(nlh, sizeof(*ndm), tb,
								NDA_MAX, NULL, NULL));
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			d->intr = true;
		if (!tb[NDA_MASTER])
			continue;
		KUNIT_ASSERT_LT(test, d->n, RT_SEEN_MAX);
		KUNIT_ASSERT_NOT_NULL(test, tb[NDA_LLADDR]);
		KUNIT_EXPECT_NOT_NULL(test, tb[NDA_CACHEINFO]);
		KUNIT_EXPECT_EQ(test, AF_BRIDGE, ndm->ndm_family);
		s = &d->seen[d->n++];
		memcpy(s->mac, nla_data(tb[NDA_LLADDR]), ETH_ALEN);
		s->ifindex = ndm->ndm_ifindex;
		s->state = ndm->ndm_state;
		s->ndm_flags = ndm->ndm_flags;
		s->nlmsg_flags = nlh->nlmsg_flags;
		s->master = nla_get_u32(tb[NDA_MASTER]);
	}
}

/*
 * The whole dump as rtnl_fdb_dump drives it: buffers of @room bytes,
 * cb->args[2] set to *idx after a full one. @between runs between them.
 */
static void rt_dump_all(struct kunit *test, struct rt_dump *d, size_t room,
			void (*between)(struct kunit *test, struct netlink_callback *cb))
{
	struct net_device *dev = lbridge_test_br(test)->dev;
	struct nlmsghdr req = { .nlmsg_seq = 7 };
	struct netlink_callback cb = {};
	struct sk_buff *reqskb, *skb;
	unsigned int junk;
	int idx, err;

	memset(d, 0, sizeof(*d));
	reqskb = alloc_skb(0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, reqskb);
	cb.skb = reqskb;
	cb.nlh = &req;
	do {
		skb = alloc_skb(room + 256, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		/* Exactly @room left. */
		junk = skb_tailroom(skb) - room;
		skb_put(skb, junk);
		idx = 0;
		rtnl_lock();
		err = lbridge_rtnl_fdb_dump(skb, &cb, dev, NULL, &idx);
		rtnl_unlock();
		rt_parse(test, d, skb->data + junk, skb->len - junk);
		kfree_skb(skb);
		d->rounds++;
		if (err != -EMSGSIZE)
			break;
		cb.args[2] = idx;
		if (between)
			between(test, &cb);
	} while (d->rounds < 1000);
	kfree_skb(reqskb);
	KUNIT_EXPECT_EQ(test, 0, err);
}

static unsigned int rt_count(const struct rt_dump *d, const u8 *mac)
{
	unsigned int i, n = 0;

	for (i = 0; i < d->n; i++)
		n += ether_addr_equal(d->seen[i].mac, mac);
	return n;
}

static const struct rt_seen *rt_find(const struct rt_dump *d, const u8 *mac)
{
	unsigned int i;

	for (i = 0; i < d->n; i++)
		if (ether_addr_equal(d->seen[i].mac, mac))
			return &d->seen[i];
	return NULL;
}

static size_t rt_msg_room(unsigned int n)
{
	return n * nlmsg_total_size(fdb_msg_size());
}

static void dump_lists_every_entry_once_as_the_linux_bridge(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	struct rt_dump *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	const struct rt_seen *s;
	u8 mac[ETH_ALEN];
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, d);
	rt_learn(test, 0, rt_mac_a);
	KUNIT_ASSERT_EQ(test, 0, lbridge_test_fdb_add_static(test, lbridge_test_port(test, 1),
							     rt_mac_b));
	rt_dump_all(test, d, 16384, NULL);
	KUNIT_EXPECT_EQ(test, 1U, d->rounds);
	KUNIT_EXPECT_FALSE(test, d->intr);
	/* The bridge's MAC, three ports' MACs, one learned, one static. */
	KUNIT_EXPECT_EQ(test, 6U, d->n);
	for (i = 0; i < d->n; i++) {
		KUNIT_EXPECT_EQ(test, (u32)br->dev->ifindex, d->seen[i].master);
		KUNIT_EXPECT_EQ(test, 0, d->seen[i].ndm_flags);
		KUNIT_EXPECT_EQ(test, NLM_F_MULTI, d->seen[i].nlmsg_flags);
	}

	KUNIT_EXPECT_EQ(test, 1U, rt_count(d, rt_mac_a));
	s = rt_find(d, rt_mac_a);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, lbridge_test_dev(test, 0)->ifindex, s->ifindex);
	KUNIT_EXPECT_EQ(test, NUD_REACHABLE, s->state);

	KUNIT_EXPECT_EQ(test, 1U, rt_count(d, rt_mac_b));
	s = rt_find(d, rt_mac_b);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, lbridge_test_dev(test, 1)->ifindex, s->ifindex);
	KUNIT_EXPECT_EQ(test, NUD_NOARP, s->state);

	KUNIT_EXPECT_EQ(test, 1U, rt_count(d, br->dev->dev_addr));
	s = rt_find(d, br->dev->dev_addr);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, br->dev->ifindex, s->ifindex);
	KUNIT_EXPECT_EQ(test, NUD_PERMANENT, s->state);

	for (i = 0; i < 3; i++) {
		lbridge_test_mac(mac, i);
		KUNIT_EXPECT_EQ(test, 1U, rt_count(d, mac));
		s = rt_find(d, mac);
		KUNIT_ASSERT_NOT_NULL(test, s);
		KUNIT_EXPECT_EQ(test, lbridge_test_dev(test, i)->ifindex, s->ifindex);
		KUNIT_EXPECT_EQ(test, NUD_PERMANENT, s->state);
	}
}

static void rt_learn_many(struct kunit *test, unsigned int n)
{
	u8 mac[ETH_ALEN] = { 0x02, 0x99, 0, 0, 0, 0 };
	unsigned int i;

	for (i = 0; i < n; i++) {
		mac[5] = i;
		rt_learn(test, i % 3, mac);
	}
}

static void dump_resumes_across_messages_each_entry_once(struct kunit *test)
{
	struct rt_dump *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	u8 mac[ETH_ALEN] = { 0x02, 0x99, 0, 0, 0, 0 };
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, d);
	rt_learn_many(test, 40);
	/* Three entries a message: the host's own lists come first. */
	rt_dump_all(test, d, rt_msg_room(3), NULL);
	KUNIT_EXPECT_GT(test, d->rounds, 10U);
	KUNIT_EXPECT_FALSE(test, d->intr);
	KUNIT_EXPECT_EQ(test, 44U, d->n);
	for (i = 0; i < 40; i++) {
		mac[5] = i;
		KUNIT_EXPECT_EQ_MSG(test, 1U, rt_count(d, mac), "MAC %pM", mac);
	}
}

/* Deletes the entry the dump stopped at. */
static void rt_delete_the_place(struct kunit *test, struct netlink_callback *cb)
{
	struct dump_ctx *ctx = (struct dump_ctx *)cb->ctx;
	struct lbridge_fdb_entry *entry;
	bool learned;

	if (!ctx->cursor.resume)
		return;
	rcu_read_lock();
	entry = lbridge_fdb_lookup_rcu(lbridge_test_br(test), &ctx->cursor.key);
	learned = entry && entry->state == LBRIDGE_FDB_STATE_LEARNED;
	rcu_read_unlock();
	if (learned)
		KUNIT_EXPECT_EQ(test, 0, lbridge_fdb_del(lbridge_test_br(test), NULL,
							 &ctx->cursor.key));
}

static void dump_that_lost_its_place_says_so(struct kunit *test)
{
	struct rt_dump *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, d);
	rt_learn_many(test, 20);
	rt_dump_all(test, d, rt_msg_room(3), rt_delete_the_place);
	KUNIT_EXPECT_TRUE(test, d->intr);
}

/* A dump of another bridge's place is not resumed here. */
static void dump_place_belongs_to_its_bridge(struct kunit *test)
{
	struct rt_dump *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	struct net_device *dev = lbridge_test_br(test)->dev;
	struct lbridge_fdb_entry *entry;
	struct nlmsghdr req = { .nlmsg_seq = 7 };
	struct netlink_callback cb = {};
	struct dump_ctx *ctx = (struct dump_ctx *)cb.ctx;
	struct sk_buff *reqskb, *skb;
	int idx = 0;

	KUNIT_ASSERT_NOT_NULL(test, d);
	rt_learn_many(test, 10);
	reqskb = alloc_skb(0, GFP_KERNEL);
	skb = alloc_skb(16384, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, reqskb);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	cb.skb = reqskb;
	cb.nlh = &req;
	/* Resume after 5 of our entries, with a place kept for a bridge
	 * with another ifindex, at our first entry: the count is used, not
	 * the place, which would list all 14.
	 */
	netif_addr_lock_bh(dev);
	cb.args[2] = netdev_uc_count(dev) + netdev_mc_count(dev) + 5;
	netif_addr_unlock_bh(dev);
	ctx->ifindex = dev->ifindex + 1000;
	rcu_read_lock();
	entry = lbridge_fdb_walk_rcu(lbridge_test_br(test), &ctx->cursor);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(entry));
	lbridge_fdb_cursor_stop_at(&ctx->cursor, entry);
	rcu_read_unlock();
	rtnl_lock();
	KUNIT_EXPECT_EQ(test, 0, lbridge_rtnl_fdb_dump(skb, &cb, dev, NULL, &idx));
	rtnl_unlock();
	rt_parse(test, d, skb->data, skb->len);
	/* 14 entries, 5 skipped. */
	KUNIT_EXPECT_EQ(test, 9U, d->n);
	KUNIT_EXPECT_FALSE(test, d->intr);
	kfree_skb(skb);
	kfree_skb(reqskb);
}

/*
 * While a resize waits for the table's worker (here: for its mutex), the
 * walk's end leads into the new table and the head is still the old one's.
 * A dump of one message, under RTNL, ends all the same, flagged as torn;
 * once the resize is done, a dump lists every entry once.
 */
static void dump_ends_while_a_resize_waits(struct kunit *test)
{
	struct rt_dump *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	struct lbridge *br = lbridge_test_br(test);
	u8 mac[ETH_ALEN] = { 0x02, 0x99, 0, 0, 0, 0 };
	struct nlmsghdr req = { .nlmsg_seq = 7 };
	struct netlink_callback cb = {};
	struct bucket_table *tbl;
	struct sk_buff *reqskb, *skb;
	unsigned int i, n;
	bool pending;
	int idx = 0;

	KUNIT_ASSERT_NOT_NULL(test, d);
	reqskb = alloc_skb(0, GFP_KERNEL);
	skb = alloc_skb(65536, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, reqskb);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	cb.skb = reqskb;
	cb.nlh = &req;

	/* RTNL first, as a walk takes them. More entries than buckets: the
	 * insert itself hangs a new table behind the old one.
	 */
	rtnl_lock();
	mutex_lock(&br->fdb.table.mutex);
	tbl = rht_dereference(br->fdb.table.tbl, &br->fdb.table);
	/* The old table is freed once the resize is done: its size now. */
	n = tbl->size + 16;
	KUNIT_EXPECT_LE(test, n + 16, RT_SEEN_MAX);
	for (i = 0; i < n; i++) {
		mac[4] = i >> 8;
		mac[5] = i;
		rt_learn(test, i % 3, mac);
	}
	pending = rht_dereference(tbl->future_tbl, &br->fdb.table);
	if (pending)
		KUNIT_EXPECT_EQ(test, 0, lbridge_rtnl_fdb_dump(skb, &cb, br->dev, NULL, &idx));
	mutex_unlock(&br->fdb.table.mutex);
	rtnl_unlock();
	KUNIT_ASSERT_TRUE(test, pending);
	/* What the core reads to flag the NLMSG_DONE that ends the dump. */
	KUNIT_EXPECT_NE(test, 0U, cb.prev_seq);
	KUNIT_EXPECT_NE(test, cb.seq, cb.prev_seq);
	kfree_skb(skb);
	kfree_skb(reqskb);

	flush_work(&br->fdb.table.run_work);
	rt_dump_all(test, d, 65536, NULL);
	KUNIT_EXPECT_FALSE(test, d->intr);
	for (i = 0; i < n; i++) {
		mac[4] = i >> 8;
		mac[5] = i;
		KUNIT_EXPECT_EQ_MSG(test, 1U, rt_count(d, mac), "MAC %pM", mac);
	}
}

static void message_size_is_exact(struct kunit *test)
{
	struct lbridge *br = lbridge_test_br(test);
	static const u16 nuds[] = { NUD_PERMANENT, NUD_NOARP, NUD_REACHABLE, NUD_STALE };
	struct lbridge_fdb_key key;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	unsigned int i;

	lbridge_fdb_key_init(&key, rt_mac_a);
	for (i = 0; i < ARRAY_SIZE(nuds); i++) {
		skb = nlmsg_new(fdb_msg_size(), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		KUNIT_EXPECT_EQ(test, 0, fill_entry(skb, br, i ? lbridge_test_port(test, 0) : NULL,
						    &key, nuds[i], U32_MAX, 0, 0,
						    i & 1 ? RTM_DELNEIGH : RTM_NEWNEIGH, 0));
		nlh = nlmsg_hdr(skb);
		KUNIT_EXPECT_EQ(test, nlmsg_msg_size(fdb_msg_size()), (int)nlh->nlmsg_len);
		KUNIT_EXPECT_EQ(test, nlmsg_msg_size(fdb_msg_size()), (int)skb->len);
		kfree_skb(skb);
	}
}

/* ------------------------------------------------------------------ */
/* Adding and deleting.                                                */

struct rt_req {
	struct ndmsg ndm;
	struct nlattr *tb[NDA_MAX + 1];
	struct netlink_ext_ack extack;
};

static struct nlattr *rt_attr_u32(struct kunit *test, int type, u32 value)
{
	struct nlattr *nla = kunit_kzalloc(test, nla_total_size(sizeof(u32)), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, nla);
	nla->nla_type = type;
	nla->nla_len = nla_attr_size(sizeof(u32));
	*(u32 *)nla_data(nla) = value;
	return nla;
}

/* `bridge fdb add MAC dev lb0 self static [via PORT]`. */
static void rt_req_static(struct kunit *test, struct rt_req *r, int via)
{
	memset(r, 0, sizeof(*r));
	r->ndm.ndm_family = AF_BRIDGE;
	r->ndm.ndm_flags = NTF_SELF;
	r->ndm.ndm_state = NUD_NOARP | NUD_REACHABLE;
	r->ndm.ndm_ifindex = lbridge_test_br(test)->dev->ifindex;
	if (via >= 0)
		r->tb[NDA_IFINDEX] = rt_attr_u32(test, NDA_IFINDEX,
						 lbridge_test_dev(test, via)->ifindex);
}

static int rt_add(struct kunit *test, struct rt_req *r, const u8 *mac, u16 vid,
		  u16 flags)
{
	int err;

	rtnl_lock();
	err = lbridge_rtnl_fdb_add(&r->ndm, r->tb, lbridge_test_br(test)->dev, mac,
				   vid, flags, &r->extack);
	rtnl_unlock();
	return err;
}

static int rt_del(struct kunit *test, struct rt_req *r, const u8 *mac)
{
	int err;

	rtnl_lock();
	err = lbridge_rtnl_fdb_del(&r->ndm, r->tb, lbridge_test_br(test)->dev, mac,
				   0, &r->extack);
	rtnl_unlock();
	return err;
}

static u8 rt_state(struct kunit *test, const u8 *mac, struct lbridge_port **port)
{
	struct lbridge_fdb_entry *entry;
	u8 state = 0xff;

	rcu_read_lock();
	entry = lbridge_test_fdb_lookup_rcu(test, mac);
	if (entry) {
		state = entry->state;
		*port = entry->port;
	}
	rcu_read_unlock();
	return state;
}

/* Refused with @want and a message that names @word. */
static void expect_refused(struct kunit *test, struct rt_req *r, int got,
			   int want, const char *word)
{
	KUNIT_EXPECT_EQ(test, want, got);
	KUNIT_ASSERT_NOT_NULL(test, r->extack._msg);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(r->extack._msg, word), "%s",
				  r->extack._msg);
}

static void add_refuses_what_lbridge_does_not_do(struct kunit *test)
{
	static const struct { u8 flag; const char *word; } flags[] = {
		{ NTF_USE, "use" }, { NTF_ROUTER, "router" },
		{ NTF_EXT_LEARNED, "extern_learn" }, { NTF_STICKY, "sticky" },
		{ NTF_OFFLOADED, "offload" }, { NTF_PROXY, "proxy" },
	};
	struct rt_req *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	static const u8 mcast[ETH_ALEN] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
	unsigned int i, count;

	KUNIT_ASSERT_NOT_NULL(test, r);
	count = lbridge_test_br(test)->fdb.count;
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		rt_req_static(test, r, 0);
		r->ndm.ndm_flags |= flags[i].flag;
		expect_refused(test, r, rt_add(test, r, rt_mac_a, 0, NLM_F_CREATE | NLM_F_EXCL),
			       -EOPNOTSUPP, flags[i].word);
		rt_req_static(test, r, 0);
		r->ndm.ndm_flags |= flags[i].flag;
		KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, rt_del(test, r, rt_mac_a));
	}
	rt_req_static(test, r, 0);
	expect_refused(test, r, rt_add(test, r, rt_mac_a, 5, NLM_F_CREATE | NLM_F_EXCL),
		       -EOPNOTSUPP, "vlan");
	rt_req_static(test, r, 0);
	r->tb[NDA_VNI] = rt_attr_u32(test, NDA_VNI, 42);
	expect_refused(test, r, rt_add(test, r, rt_mac_a, 0, NLM_F_CREATE | NLM_F_EXCL),
		       -EOPNOTSUPP, "vni");
	KUNIT_EXPECT_PTR_EQ(test, r->tb[NDA_VNI], r->extack.bad_attr);
	rt_req_static(test, r, 0);
	r->tb[NDA_PROTOCOL] = rt_attr_u32(test, NDA_PROTOCOL, 0);
	expect_refused(test, r, rt_add(test, r, rt_mac_a, 0, NLM_F_CREATE | NLM_F_EXCL),
		       -EOPNOTSUPP, "attribute");
	rt_req_static(test, r, 0);
	expect_refused(test, r, rt_add(test, r, rt_mac_a, 0, NLM_F_CREATE | NLM_F_REPLACE),
		       -EOPNOTSUPP, "replace");
	/* `dynamic` */
	rt_req_static(test, r, 0);
	r->ndm.ndm_state = NUD_REACHABLE;
	expect_refused(test, r, rt_add(test, r, rt_mac_a, 0, NLM_F_CREATE | NLM_F_EXCL),
		       -EOPNOTSUPP, "dynamic");
	/* A static entry needs a port, a local one none. */
	rt_req_static(test, r, -1);
	expect_refused(test, r, rt_add(test, r, rt_mac_a, 0, NLM_F_CREATE | NLM_F_EXCL),
		       -EINVAL, "via");
	rt_req_static(test, r, 0);
	r->ndm.ndm_state = NUD_PERMANENT | NUD_NOARP;
	expect_refused(test, r, rt_add(test, r, rt_mac_a, 0, NLM_F_CREATE | NLM_F_EXCL),
		       -EINVAL, "via");
	/* via the bridge itself, not a port. */
	rt_req_static(test, r, -1);
	r->tb[NDA_IFINDEX] = rt_attr_u32(test, NDA_IFINDEX, lbridge_test_br(test)->dev->ifindex);
	expect_refused(test, r, rt_add(test, r, rt_mac_a, 0, NLM_F_CREATE | NLM_F_EXCL),
		       -EINVAL, "port of this bridge");
	rt_req_static(test, r, 0);
	expect_refused(test, r, rt_add(test, r, mcast, 0, NLM_F_CREATE | NLM_F_EXCL),
		       -EINVAL, "unicast");
	/* Nothing was half done. */
	KUNIT_EXPECT_EQ(test, count, lbridge_test_br(test)->fdb.count);
}

static void add_and_del_static_via_port(struct kunit *test)
{
	struct rt_req *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct lbridge_port *port = NULL;

	KUNIT_ASSERT_NOT_NULL(test, r);
	rt_req_static(test, r, 1);
	KUNIT_EXPECT_EQ(test, 0, rt_add(test, r, rt_mac_b, 0, NLM_F_CREATE | NLM_F_EXCL));
	KUNIT_EXPECT_EQ(test, LBRIDGE_FDB_STATE_STATIC, rt_state(test, rt_mac_b, &port));
	KUNIT_EXPECT_PTR_EQ(test, lbridge_test_port(test, 1), port);
	rt_req_static(test, r, 2);
	expect_refused(test, r, rt_add(test, r, rt_mac_b, 0, NLM_F_CREATE | NLM_F_EXCL),
		       -EEXIST, "already");
	/* Not behind port 0. */
	rt_req_static(test, r, 0);
	expect_refused(test, r, rt_del(test, r, rt_mac_b), -ENOENT, "No such entry");
	rt_req_static(test, r, -1);
	KUNIT_EXPECT_EQ(test, 0, rt_del(test, r, rt_mac_b));
	KUNIT_EXPECT_EQ(test, 0xff, rt_state(test, rt_mac_b, &port));
	expect_refused(test, r, rt_del(test, r, rt_mac_b), -ENOENT, "No such entry");
	/* A learned entry may go too. */
	rt_learn(test, 2, rt_mac_c);
	KUNIT_EXPECT_EQ(test, LBRIDGE_FDB_STATE_LEARNED, rt_state(test, rt_mac_c, &port));
	rt_req_static(test, r, -1);
	KUNIT_EXPECT_EQ(test, 0, rt_del(test, r, rt_mac_c));
	KUNIT_EXPECT_EQ(test, 0xff, rt_state(test, rt_mac_c, &port));
}

static void add_and_del_local_for_the_host(struct kunit *test)
{
	struct rt_req *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct lbridge *br = lbridge_test_br(test);
	struct lbridge_port *port = NULL;
	u8 mac[ETH_ALEN];

	KUNIT_ASSERT_NOT_NULL(test, r);
	rt_req_static(test, r, -1);
	r->ndm.ndm_state = NUD_PERMANENT | NUD_NOARP;
	KUNIT_EXPECT_EQ(test, 0, rt_add(test, r, rt_mac_a, 0, NLM_F_CREATE | NLM_F_EXCL));
	KUNIT_EXPECT_EQ(test, LBRIDGE_FDB_STATE_LOCAL, rt_state(test, rt_mac_a, &port));
	KUNIT_EXPECT_NULL(test, port);
	expect_refused(test, r, rt_add(test, r, rt_mac_a, 0, NLM_F_CREATE | NLM_F_EXCL),
		       -EEXIST, "already");
	KUNIT_EXPECT_EQ(test, 0, rt_del(test, r, rt_mac_a));
	KUNIT_EXPECT_EQ(test, 0xff, rt_state(test, rt_mac_a, &port));

	/* The bridge's and the ports' own MACs go with their devices. */
	expect_refused(test, r, rt_del(test, r, br->dev->dev_addr), -EINVAL, "its device");
	lbridge_test_mac(mac, 0);
	expect_refused(test, r, rt_del(test, r, mac), -EINVAL, "its device");
	KUNIT_EXPECT_EQ(test, LBRIDGE_FDB_STATE_LOCAL, rt_state(test, mac, &port));
}

static void add_local_is_bounded(struct kunit *test)
{
	struct rt_req *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	u8 mac[ETH_ALEN] = { 0x02, 0x77, 0, 0, 0, 0 };
	unsigned int i;
	int err = 0;

	KUNIT_ASSERT_NOT_NULL(test, r);
	for (i = 0; i < LBRIDGE_MAX_HOST_LOCAL + 1 && !err; i++) {
		mac[4] = i >> 8;
		mac[5] = i;
		rt_req_static(test, r, -1);
		r->ndm.ndm_state = NUD_PERMANENT | NUD_NOARP;
		err = rt_add(test, r, mac, 0, NLM_F_CREATE | NLM_F_EXCL);
	}
	KUNIT_EXPECT_EQ(test, -ENOSPC, err);
	KUNIT_EXPECT_EQ(test, LBRIDGE_MAX_HOST_LOCAL + 1, i);
}

static void get_finds_one_entry(struct kunit *test)
{
	struct rt_dump *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	struct net_device *dev = lbridge_test_br(test)->dev;
	struct netlink_ext_ack extack = {};
	struct nlattr *tb[NDA_MAX + 1] = {};
	struct sk_buff *skb;

	KUNIT_ASSERT_NOT_NULL(test, d);
	rt_learn(test, 2, rt_mac_a);
	skb = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, 0, lbridge_rtnl_fdb_get(skb, tb, dev, rt_mac_a, 0, 0, 9,
						      &extack));
	rt_parse(test, d, skb->data, skb->len);
	KUNIT_ASSERT_EQ(test, 1U, d->n);
	KUNIT_EXPECT_EQ(test, lbridge_test_dev(test, 2)->ifindex, d->seen[0].ifindex);
	KUNIT_EXPECT_EQ(test, NUD_REACHABLE, d->seen[0].state);
	kfree_skb(skb);

	skb = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, -ENOENT, lbridge_rtnl_fdb_get(skb, tb, dev, rt_mac_b, 0, 0, 9,
							    &extack));
	KUNIT_EXPECT_STREQ(test, "MAC address not found", extack._msg);
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, lbridge_rtnl_fdb_get(skb, tb, dev, rt_mac_a, 5, 0, 9,
								&extack));
	KUNIT_EXPECT_EQ(test, 0U, skb->len);
	kfree_skb(skb);
}

static struct kunit_case lbridge_rtnl_cases[] = {
	KUNIT_CASE(get_finds_one_entry),
	KUNIT_CASE(dump_lists_every_entry_once_as_the_linux_bridge),
	KUNIT_CASE(dump_resumes_across_messages_each_entry_once),
	KUNIT_CASE(dump_that_lost_its_place_says_so),
	KUNIT_CASE(dump_place_belongs_to_its_bridge),
	KUNIT_CASE(dump_ends_while_a_resize_waits),
	KUNIT_CASE(message_size_is_exact),
	KUNIT_CASE(add_refuses_what_lbridge_does_not_do),
	KUNIT_CASE(add_and_del_static_via_port),
	KUNIT_CASE(add_and_del_local_for_the_host),
	KUNIT_CASE(add_local_is_bounded),
	{}
};

static struct kunit_suite lbridge_rtnl_suite = {
	.name = "lbridge_rtnl",
	.suite_init = lbridge_test_suite_init,
	.suite_exit = lbridge_test_suite_exit,
	.init = rt_init,
	.exit = lbridge_test_exit,
	.test_cases = lbridge_rtnl_cases,
};

kunit_test_suite(lbridge_rtnl_suite);
