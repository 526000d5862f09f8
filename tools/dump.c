// SPDX-License-Identifier: GPL-2.0
/*
 * The tables' dumps (FDB entries, IP bindings): one bridge's, or every
 * bridge's in turn, collected into an array of parsed structs. A dump the
 * kernel tore NL_DUMP_TRIES times in a row is kept, after a warning, as
 * iproute2 does, without the entries it listed twice.
 */
#define _GNU_SOURCE		/* qsort_r() */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "lbrctl.h"

static int collect_cb(const struct nlmsghdr *nlh, void *data)
{
	struct table_dump *t = data;
	void *e;

	if (t->collect)
		return t->collect(nlh, t);
	e = array_next(&t->v, t->n, &t->cap, t->size);
	if (!e)
		return -ENOMEM;
	if (t->parse(nlh, e))
		return -EBADMSG;
	t->n++;
	return 0;
}

/* A retry starts again from what t held before this dump. */
static void collect_reset(void *data)
{
	struct table_dump *t = data;

	t->n = t->first;
}

static int key_order(const void *a, const void *b, void *arg)
{
	const struct table_dump *t = arg;
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int c = memcmp(x + t->key, y + t->key, t->key_len);

	/* Equal keys in the order they came, so the first one stays. */
	return c ? c : (x > y) - (x < y);
}

/*
 * A torn dump may list an entry twice (a key is one entry per bridge):
 * keep its first occurrence, in the kernel's order, of the entries from
 * first on.
 */
static void dedup(struct table_dump *t, unsigned int first)
{
	unsigned int n = t->n - first, kept = first;
	char *v = t->v, **order = calloc(n, sizeof(*order));
	bool *gone = calloc(n, sizeof(*gone));

	if (!order || !gone)
		goto out;
	for (unsigned int i = 0; i < n; i++)
		order[i] = v + (size_t)(first + i) * t->size;
	qsort_r(order, n, sizeof(*order), key_order, t);
	for (unsigned int i = 1; i < n; i++)
		if (!memcmp(order[i] + t->key, order[i - 1] + t->key, t->key_len))
			gone[(order[i] - v) / t->size - first] = true;
	for (unsigned int i = 0; i < n; i++)
		if (!gone[i])
			memmove(v + (size_t)kept++ * t->size, v + (size_t)(first + i) * t->size,
				t->size);
	t->n = kept;
out:
	free(order);
	free(gone);
}

int dump_bridge_table(struct ctx *ctx, struct nl *nl, struct table_dump *t, uint32_t bridge)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req = ctx_request(ctx, buf, t->cmd);
	int err;

	lbr_put_bridge(req, bridge);
	if (t->port)
		lbr_put_port(req, t->port);
	if (t->filter)
		t->filter(req, t->filter_arg);
	t->first = t->n;
	/* Collected, not printed as it comes: a torn dump is thrown away. */
	err = nl_dump(nl, req, collect_cb, collect_reset, t);
	if (err == -EINTR) {
		/* As iproute2 does: the listing, and a warning. */
		fail(ctx, "warning: %s; this listing may be inconsistent", nl->errmsg);
		dedup(t, t->first);
		err = 0;
	}
	return err;
}

int dump_every_bridge(struct ctx *ctx, struct nl *nl, struct table_dump *t,
		      const struct lbr_bridge *bv, unsigned int nb)
{
	for (unsigned int i = 0; i < nb; i++) {
		int err = dump_bridge_table(ctx, nl, t, bv[i].ifindex);

		/* Deleted since the list of bridges: it simply is no more. */
		if (err && err != -ENODEV)
			return err;
	}
	return 0;
}

int dump_all_bridges(struct ctx *ctx, struct table_dump *t)
{
	struct lbr_bridge *bv;
	unsigned int nb;
	struct nl *nl;
	int err;

	if (collect_bridge_list(ctx, &bv, &nb))
		return 1;
	nl = ctx_genl(ctx);
	err = dump_every_bridge(ctx, nl, t, bv, nb);
	free_bridges(bv, nb);
	if (err) {
		free(t->v);
		return table_failed(ctx, nl, err);
	}
	return 0;
}

int table_failed(struct ctx *ctx, struct nl *nl, int err)
{
	if (err == -ENOMEM)
		return fail(ctx, "out of memory");
	if (err == -EBADMSG)
		return fail(ctx, "the kernel's reply makes no sense (is lbrctl older than the module?)");
	return nl_error(ctx, nl, err);
}
