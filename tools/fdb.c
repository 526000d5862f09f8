// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarding database: entries collected from the kernel, and entries
 * and events printed in `bridge fdb show` word order so that habits carry
 * over.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "lbrctl.h"

static int parse_fdb(const struct nlmsghdr *nlh, void *e)
{
	return lbr_parse_fdb(nlh, e);
}

static struct table_dump fdb_dump(uint32_t port)
{
	return (struct table_dump){
		.cmd = LBRIDGE_CMD_GET_FDB, .port = port, .parse = parse_fdb,
		.size = sizeof(struct lbr_fdb), .key = offsetof(struct lbr_fdb, mac),
		.key_len = ETH_ALEN,
	};
}

int collect_fdb(struct ctx *ctx, unsigned int bridge, unsigned int port,
		struct lbr_fdb **v, unsigned int *n)
{
	struct table_dump t = fdb_dump(port);
	struct nl *nl = ctx_genl(ctx);
	int err;

	if (!nl)
		return 1;
	/* Each entry's PORT has the port's label: no need to ask for the ports. */
	err = dump_bridge_table(ctx, nl, &t, bridge);
	if (err) {
		free(t.v);
		return table_failed(ctx, nl, err);
	}
	*v = t.v;
	*n = t.n;
	return 0;
}

int collect_fdb_all(struct ctx *ctx, struct lbr_fdb **v, unsigned int *n)
{
	struct table_dump t = fdb_dump(0);

	if (dump_all_bridges(ctx, &t))
		return 1;
	*v = t.v;
	*n = t.n;
	return 0;
}

const char *fdb_state_name(uint8_t state)
{
	switch (state) {
	case LBRIDGE_FDB_STATE_LOCAL:
		return "permanent";
	case LBRIDGE_FDB_STATE_STATIC:
		return "static";
	case LBRIDGE_FDB_STATE_LEARNED:
		return "learned";
	default:
		return "unknown";
	}
}

/* The words of an entry, shared by fdb show and monitor. */
static void print_fdb_fields(struct printer *p, const struct lbr_fdb *e, bool has_state,
			     bool stats)
{
	/* iproute2 prints nothing for learned entries, and "" in JSON. */
	const char *state = e->state == LBRIDGE_FDB_STATE_LEARNED ? "" :
			    fdb_state_name(e->state);
	char mac[MAC_STRLEN];

	format_mac(e->mac, mac);
	pr_string(p, "mac", "%s", mac);
	/* The bridge's own address has no port: iproute2 names the bridge. */
	pr_name(p, "ifname", " dev %s", e->port[0] ? e->port : e->master);
	pr_open_array(p, "flags");
	pr_close_array(p);
	pr_name(p, "master", " master %s", e->master);
	if (has_state)
		pr_string(p, "state", *state ? " %s" : NULL, state);
	if (stats)
		pr_ms_as_seconds(p, "age", " age %ss", e->age_ms);
	/* Last: a label in quotes may hold blanks. */
	if (e->label[0])
		pr_label(p, "label", " label %s", e->label);
}

void print_fdb(struct printer *p, const struct lbr_fdb *e, bool stats)
{
	pr_open_object(p, NULL);
	print_fdb_fields(p, e, true, stats);
	pr_text(p, "\n");
	pr_close_object(p);
}

/*
 * A dump prints the same few names and labels on every line: each is
 * formatted once, into a slot of a direct-mapped cache, for the text and
 * for JSON.
 */
#define FDB_CACHE_SLOTS 256
#define JSON_TEXT_MAX (6 * LBRIDGE_LABEL_MAX + 3)

struct fmt_slot {
	bool used;
	uint8_t max;			/* IF_NAMESIZE - 1 or LABEL_MAX */
	char raw[LBRIDGE_LABEL_MAX + 1];
	char text[LABEL_TEXT_MAX];
	char json[JSON_TEXT_MAX];
	uint16_t text_len, json_len;
};

static void fill_slot(struct fmt_slot *s, const char *raw, size_t max)
{
	size_t n = strnlen(raw, max);

	memcpy(s->raw, raw, n);
	s->raw[n] = '\0';
	s->max = max;
	s->used = true;
	format_untrusted(raw, max, s->text, sizeof(s->text));
	s->text_len = strlen(s->text);
	s->json_len = json_untrusted(raw, max, s->json, sizeof(s->json));
}

static const struct fmt_slot *formatted(struct fmt_slot *cache, const char *raw, size_t max)
{
	size_t n = strnlen(raw, max);
	uint32_t h = 2166136261u ^ max;
	struct fmt_slot *s;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)raw[i]) * 16777619u;
	s = &cache[h % FDB_CACHE_SLOTS];
	if (s->used && s->max == max && strlen(s->raw) == n && !memcmp(s->raw, raw, n))
		return s;
	fill_slot(s, raw, max);
	return s;
}

static char *put(char *o, const char *s, size_t len)
{
	memcpy(o, s, len);
	return o + len;
}

#define PUT_LIT(o, lit) put(o, lit, sizeof(lit) - 1)

/* Each byte's two hex digits: a dump of 100,000 entries formats 600,000. */
static const char hex_pairs[256][2] = {
#define HEX_PAIR(i) { "0123456789abcdef"[(i) >> 4], "0123456789abcdef"[(i) & 15] }
#define HEX_ROW(r) HEX_PAIR(r), HEX_PAIR(r + 1), HEX_PAIR(r + 2), HEX_PAIR(r + 3), \
		   HEX_PAIR(r + 4), HEX_PAIR(r + 5), HEX_PAIR(r + 6), HEX_PAIR(r + 7), \
		   HEX_PAIR(r + 8), HEX_PAIR(r + 9), HEX_PAIR(r + 10), HEX_PAIR(r + 11), \
		   HEX_PAIR(r + 12), HEX_PAIR(r + 13), HEX_PAIR(r + 14), HEX_PAIR(r + 15)
	HEX_ROW(0), HEX_ROW(16), HEX_ROW(32), HEX_ROW(48), HEX_ROW(64), HEX_ROW(80),
	HEX_ROW(96), HEX_ROW(112), HEX_ROW(128), HEX_ROW(144), HEX_ROW(160), HEX_ROW(176),
	HEX_ROW(192), HEX_ROW(208), HEX_ROW(224), HEX_ROW(240),
#undef HEX_ROW
#undef HEX_PAIR
};

/* Writes one byte past the MAC (a last ':'), which the line always has room for. */
static char *put_mac(char *o, const uint8_t *mac)
{
	for (int i = 0; i < ETH_ALEN; i++) {
		memcpy(o, hex_pairs[mac[i]], 2);
		o[2] = ':';
		o += 3;
	}
	return o - 1;
}

/*
 * An entry as print_fdb() prints it, in three steps, each given its slot
 * once the step before has used its own: one slot of the cache may be
 * taken for the next. A slot whose JSON does not fit (json_len 0) is for
 * the printer: the callers check.
 */
static char *put_mac_dev(char *o, const uint8_t *mac, const struct fmt_slot *dev, bool json)
{
	if (json) {
		o = PUT_LIT(o, "{\"mac\":\"");
		o = put_mac(o, mac);
		o = PUT_LIT(o, "\",\"ifname\":");
		o = put(o, dev->json, dev->json_len);
		return PUT_LIT(o, ",\"flags\":[],\"master\":");
	}
	o = put_mac(o, mac);
	o = PUT_LIT(o, " dev ");
	o = put(o, dev->text, dev->text_len);
	return PUT_LIT(o, " master ");
}

/* An entry's state as print_fdb() puts it: nothing for a learned one. */
static char *put_state(char *o, uint8_t state_id, bool json)
{
	const char *state = state_id == LBRIDGE_FDB_STATE_LEARNED ? "" :
			    fdb_state_name(state_id);

	/* The most common, learned: no words in text, "" in JSON. */
	if (state_id == LBRIDGE_FDB_STATE_LEARNED)
		return json ? PUT_LIT(o, ",\"state\":\"\"") : o;
	if (json) {
		o = PUT_LIT(o, ",\"state\":\"");
		o = put(o, state, strlen(state));
		*o++ = '"';
	} else if (*state) {
		*o++ = ' ';
		o = put(o, state, strlen(state));
	}
	return o;
}

static char *put_age(char *o, uint32_t age_ms, bool json)
{
	/* As pr_ms_as_seconds(): truncated, and this text in JSON too. */
	char age[32];
	int n = snprintf(age, sizeof(age), "%u.%02u", age_ms / 1000, age_ms % 1000 / 10);

	o = json ? PUT_LIT(o, ",\"age\":") : PUT_LIT(o, " age ");
	o = put(o, age, n);
	if (!json)
		*o++ = 's';
	return o;
}

static char *put_master_state(char *o, const struct fmt_slot *master, uint8_t state,
			      uint32_t age_ms, bool json, bool stats)
{
	o = json ? put(o, master->json, master->json_len) : put(o, master->text, master->text_len);
	o = put_state(o, state, json);
	return stats ? put_age(o, age_ms, json) : o;
}

/* The label, if any (NULL: none), and the end of the entry. */
static char *put_label_end(char *o, const struct fmt_slot *label, bool json)
{
	if (label) {
		o = json ? PUT_LIT(o, ",\"label\":") : PUT_LIT(o, " label ");
		o = json ? put(o, label->json, label->json_len) : put(o, label->text, label->text_len);
	}
	*o++ = json ? '}' : '\n';
	return o;
}

/* One entry as print_fdb() prints it, in buf; its length, 0 if it cannot. */
static size_t format_fdb(char *buf, struct fmt_slot *cache, const struct lbr_fdb *e,
			 bool json, bool stats)
{
	const struct fmt_slot *dev, *master, *label = NULL;
	char *o = buf;

	dev = formatted(cache, e->port[0] ? e->port : e->master, IF_NAMESIZE - 1);
	/* dev's slot may be master's too: dev goes into buf first. */
	if (json && !dev->json_len)
		return 0;
	o = put_mac_dev(o, e->mac, dev, json);
	master = formatted(cache, e->master, IF_NAMESIZE - 1);
	if (json && !master->json_len)
		return 0;
	o = put_master_state(o, master, e->state, e->age_ms, json, stats);
	if (e->label[0]) {
		label = formatted(cache, e->label, LABEL_MAX);
		if (json && !label->json_len)
			return 0;
	}
	o = put_label_end(o, label, json);
	return o - buf;
}

/* A line: its MAC, two names, state, age and label at their longest. */
enum { FDB_LINE_MAX = 64 + 3 * JSON_TEXT_MAX + 64, CHUNK = 1 << 16 };

void print_fdb_list(struct printer *p, const struct lbr_fdb *v, unsigned int n, bool stats)
{
	struct fmt_slot *cache = NULL;
	unsigned int i = 0, lines = 0;
	char *chunk = NULL;
	size_t used = 0;

	/* Lines go out a chunk at a time: few writes for a big table. */
	if (n && pr_raw(p, NULL, 0, 0)) {
		cache = calloc(FDB_CACHE_SLOTS, sizeof(*cache));
		chunk = malloc(CHUNK);
	}
	for (; cache && chunk && i < n; i++) {
		size_t len;

		if (used + FDB_LINE_MAX + 1 > CHUNK) {
			pr_raw(p, chunk, used, lines);
			used = lines = 0;
		}
		if (p->json && lines)
			chunk[used++] = ',';
		len = format_fdb(chunk + used, cache, &v[i], p->json, stats);
		if (!len) {
			/* Not this one: what went before, then the printer. */
			used -= p->json && lines;
			break;
		}
		used += len;
		lines++;
	}
	if (lines)
		pr_raw(p, chunk, used, lines);
	free(chunk);
	free(cache);
	/* The rest (all of it when pretty) through the printer. */
	for (; i < n; i++)
		print_fdb(p, &v[i], stats);
}

/* --- fdb show: the compact dump --------------------------------------------- */

static void put_compact(struct nlmsghdr *req, const void *arg)
{
	(void)arg;
	mnl_attr_put(req, LBRIDGE_A_FDB_COMPACT, 0, NULL);
}

/* Each record of a compact message, appended to t->v. */
static int collect_records(const struct nlmsghdr *nlh, struct table_dump *t)
{
	struct fdb_listing *l = t->arg;
	struct lbr_fdb_records r;
	struct lbridge_fdb_record *v;

	if (lbr_parse_fdb_records(nlh, l->master, &r))
		return -EBADMSG;
	if (r.n > t->cap - t->n) {
		size_t cap = t->cap ? t->cap : 1024;

		while (cap < (size_t)t->n + r.n)
			cap *= 2;
		if (cap > UINT_MAX)
			return -ENOMEM;
		v = reallocarray(t->v, cap, sizeof(*v));
		if (!v)
			return -ENOMEM;
		t->v = v;
		t->cap = cap;
	}
	v = (struct lbridge_fdb_record *)t->v + t->n;
	/* Of a longer record (a newer module), the fields this tool knows. */
	for (unsigned int i = 0; i < r.n; i++)
		memcpy(&v[i], (const char *)r.data + (size_t)i * r.size, sizeof(*v));
	t->n += r.n;
	return 0;
}

int collect_fdb_listing(struct ctx *ctx, struct nl *nl, uint32_t bridge, uint32_t port,
			struct fdb_listing *l)
{
	struct table_dump t = {
		.cmd = LBRIDGE_CMD_GET_FDB, .port = port, .filter = put_compact,
		.collect = collect_records, .arg = l, .size = sizeof(*l->rec),
		.key = offsetof(struct lbridge_fdb_record, mac), .key_len = ETH_ALEN,
	};
	int err;

	memset(l, 0, sizeof(*l));
	l->br.ifindex = bridge;
	if (!ctx->fdb_no_compact) {
		err = dump_bridge_table(ctx, nl, &t, bridge);
		l->rec = t.v;
		l->n = t.n;
		/* A module older than the compact dump refuses to be asked for it. */
		if ((err != -EINVAL && err != -EOPNOTSUPP) || t.n)
			goto ports;
		free(t.v);
		l->rec = NULL;
		t = fdb_dump(port);
		err = dump_bridge_table(ctx, nl, &t, bridge);
		/* Not the bridge: the module. Its other bridges are asked so too. */
		ctx->fdb_no_compact = !err;
	} else {
		t = fdb_dump(port);
		err = dump_bridge_table(ctx, nl, &t, bridge);
	}
	l->old = t.v;
	l->nold = t.n;
	return err;
ports:
	/*
	 * The records' ports by name, asked for after them: a port that
	 * joined during the dump is known. One that has left since is
	 * named by its ifindex; a bridge deleted since has no ports.
	 */
	if (!err && l->n) {
		err = dump_ports(ctx, nl, &l->br);
		if (err == -ENODEV) {
			l->br.nports = 0;
			err = 0;
		}
	}
	return err;
}

void free_fdb_listing(struct fdb_listing *l)
{
	free(l->rec);
	free(l->br.ports);
	free(l->old);
	memset(l, 0, sizeof(*l));
}

/*
 * A port of the records, as its lines print it: what follows the MAC up
 * to the state (" dev NAME master BRIDGE", or its JSON), and what follows
 * the state and age (" label TEXT" and the end of the line). The bridge's
 * own address is the port of ifindex 0, named after the bridge.
 */
struct port_fmt {
	uint32_t ifindex;
	bool json_ok;			/* false: its lines are the printer's */
	uint16_t mid_len, tail_len;
	char name[IF_NAMESIZE];		/* for the printer */
	char label[LBRIDGE_LABEL_MAX + 1];
	char mid[16 + 2 * JSON_TEXT_MAX + 32];
	char tail[16 + JSON_TEXT_MAX];
};

/*
 * The ports by ifindex: v, and slot, open addressing of v's indexes plus
 * one (0: empty), at least twice as many slots as ports.
 */
struct port_table {
	struct port_fmt *v;
	unsigned int n, cap;
	uint32_t *slot;
	unsigned int mask;
};

static unsigned int port_hash(const struct port_table *t, uint32_t ifindex)
{
	return (ifindex * 2654435761u) & t->mask;
}

static struct port_fmt *port_find(const struct port_table *t, uint32_t ifindex)
{
	for (unsigned int i = port_hash(t, ifindex);; i = (i + 1) & t->mask) {
		if (!t->slot[i])
			return NULL;
		if (t->v[t->slot[i] - 1].ifindex == ifindex)
			return &t->v[t->slot[i] - 1];
	}
}

static void port_slot(struct port_table *t, unsigned int idx)
{
	unsigned int i = port_hash(t, t->v[idx].ifindex);

	while (t->slot[i])
		i = (i + 1) & t->mask;
	t->slot[i] = idx + 1;
}

/* Room for one more port: v and the slots twice as big when full. */
static bool port_room(struct port_table *t)
{
	unsigned int cap = t->cap ? 2 * t->cap : 64;
	struct port_fmt *v;
	uint32_t *slot;

	if (t->n < t->cap)
		return true;
	v = reallocarray(t->v, cap, sizeof(*v));
	if (v)
		t->v = v;
	slot = calloc(2 * (size_t)cap, sizeof(*slot));
	if (!v || !slot) {
		free(slot);
		return false;
	}
	free(t->slot);
	t->slot = slot;
	t->cap = cap;
	t->mask = 2 * cap - 1;
	for (unsigned int i = 0; i < t->n; i++)
		port_slot(t, i);
	return true;
}

static void port_pieces(struct port_fmt *f, const struct fmt_slot *master, bool json)
{
	struct fmt_slot *name = calloc(2, sizeof(*name)), *label = name + 1;
	char *o;

	/* Out of memory: the printer's, as a name it cannot put in JSON. */
	f->json_ok = false;
	if (!name)
		return;
	fill_slot(name, f->ifindex ? f->name : master->raw, IF_NAMESIZE - 1);
	if (f->label[0])
		fill_slot(label, f->label, LABEL_MAX);
	f->json_ok = !json || (name->json_len && master->json_len &&
			       (!f->label[0] || label->json_len));
	o = f->mid;
	if (json) {
		o = PUT_LIT(o, "\",\"ifname\":");
		o = put(o, name->json, name->json_len);
		o = PUT_LIT(o, ",\"flags\":[],\"master\":");
		o = put(o, master->json, master->json_len);
	} else {
		o = PUT_LIT(o, " dev ");
		o = put(o, name->text, name->text_len);
		o = PUT_LIT(o, " master ");
		o = put(o, master->text, master->text_len);
	}
	f->mid_len = o - f->mid;
	o = put_label_end(f->tail, f->label[0] ? label : NULL, json);
	f->tail_len = o - f->tail;
	free(name);
}

/* A port of that ifindex, blank; NULL if out of memory. */
static struct port_fmt *port_add(struct port_table *t, uint32_t ifindex)
{
	struct port_fmt *f;

	if (!port_room(t))
		return NULL;
	f = &t->v[t->n];
	memset(f, 0, sizeof(*f));
	f->ifindex = ifindex;
	port_slot(t, t->n++);
	return f;
}

/*
 * The records' ports, each formatted once: the bridge's, its ports', and
 * one for each ifindex the records have that no port has ("if%u", as
 * iproute2 names a device it cannot find). False if out of memory.
 */
static void free_ports(struct port_table *t)
{
	free(t->v);
	free(t->slot);
}

static bool format_ports(struct port_table *t, const struct fdb_listing *l, bool json)
{
	struct fmt_slot *master = calloc(1, sizeof(*master));
	const struct port_fmt *last = NULL;
	struct port_fmt *f;

	memset(t, 0, sizeof(*t));
	if (!master || !port_room(t) || !(f = port_add(t, 0)))
		goto fail;
	fill_slot(master, l->master, IF_NAMESIZE - 1);
	port_pieces(f, master, json);
	for (unsigned int i = 0; i < l->br.nports; i++) {
		const struct lbr_port *port = &l->br.ports[i];

		if (!port->ifindex || port_find(t, port->ifindex))
			continue;
		f = port_add(t, port->ifindex);
		if (!f)
			goto fail;
		memcpy(f->name, port->ifname, sizeof(f->name));
		memcpy(f->label, port->label, sizeof(f->label));
		port_pieces(f, master, json);
	}
	for (unsigned int i = 0; i < l->n; i++) {
		uint32_t ifindex = l->rec[i].port_ifindex;

		if ((last && last->ifindex == ifindex) || (last = port_find(t, ifindex)))
			continue;
		f = port_add(t, ifindex);
		if (!f)
			goto fail;
		snprintf(f->name, sizeof(f->name), "if%" PRIu32, ifindex);
		port_pieces(f, master, json);
		last = NULL;
	}
	free(master);
	return true;
fail:
	free(master);
	free_ports(t);
	return false;
}

/* The record as the per-entry dump would have given it, for the printer. */
static void record_entry(const struct fdb_listing *l, const struct lbridge_fdb_record *r,
			 const struct port_fmt *port, struct lbr_fdb *e)
{
	memset(e, 0, sizeof(*e));
	memcpy(e->mac, r->mac, ETH_ALEN);
	e->state = r->state;
	e->age_ms = r->age_ms;
	memcpy(e->master, l->master, sizeof(e->master));
	e->port_ifindex = r->port_ifindex;
	if (r->port_ifindex && port) {
		memcpy(e->port, port->name, sizeof(e->port));
		memcpy(e->label, port->label, sizeof(e->label));
	} else if (r->port_ifindex) {
		/* Out of memory for the ports: the ifindex, as for a port gone. */
		snprintf(e->port, sizeof(e->port), "if%" PRIu32, r->port_ifindex);
	}
}

/* The compact records: print_fdb_list()'s lines, names looked up by ifindex. */
static void print_fdb_records(struct printer *p, const struct fdb_listing *l, bool stats)
{
	bool json = p->json, ok = false;
	const struct port_fmt *port = NULL;
	unsigned int i = 0, lines = 0;
	struct port_table ports;
	char *chunk = NULL;
	size_t used = 0;

	if (!l->n)
		return;
	ok = format_ports(&ports, l, json);
	if (ok && pr_raw(p, NULL, 0, 0))
		chunk = malloc(CHUNK);
	for (; chunk && i < l->n; i++) {
		const struct lbridge_fdb_record *r = &l->rec[i];
		char *o;

		/* Neighbours in the table are often behind the same port. */
		if (!port || port->ifindex != r->port_ifindex)
			port = port_find(&ports, r->port_ifindex);
		/* Not this one: what went before, then the printer. */
		if (!port || !port->json_ok)
			break;
		if (used + FDB_LINE_MAX + 1 > CHUNK) {
			pr_raw(p, chunk, used, lines);
			used = lines = 0;
		}
		o = chunk + used;
		if (json) {
			if (lines)
				*o++ = ',';
			o = PUT_LIT(o, "{\"mac\":\"");
		}
		o = put_mac(o, r->mac);
		o = put(o, port->mid, port->mid_len);
		o = put_state(o, r->state, json);
		if (stats)
			o = put_age(o, r->age_ms, json);
		o = put(o, port->tail, port->tail_len);
		used = o - chunk;
		lines++;
	}
	if (lines)
		pr_raw(p, chunk, used, lines);
	free(chunk);
	/* The rest (all of it when pretty) through the printer. */
	for (; i < l->n; i++) {
		struct lbr_fdb e;

		record_entry(l, &l->rec[i], ok ? port_find(&ports, l->rec[i].port_ifindex) : NULL,
			     &e);
		print_fdb(p, &e, stats);
	}
	if (ok)
		free_ports(&ports);
}

void print_fdb_listing(struct printer *p, const struct fdb_listing *l, bool stats)
{
	if (l->old)
		print_fdb_list(p, l->old, l->nold, stats);
	else
		print_fdb_records(p, l, stats);
}

static const char *const event_names[] = {
	[LBRIDGE_FDB_EVENT_LEARN] = "learn",
	[LBRIDGE_FDB_EVENT_MOVE] = "move",
	[LBRIDGE_FDB_EVENT_AGE] = "age",
	[LBRIDGE_FDB_EVENT_ADD] = "add",
	[LBRIDGE_FDB_EVENT_DELETE] = "delete",
	[LBRIDGE_FDB_EVENT_FLUSH] = "flush",
	[LBRIDGE_FDB_EVENT_LIMIT] = "limit",
};

/* Text: a line of its own, so that the event's line keeps its words. */
void print_events_lost(struct printer *p, const char *master, uint32_t lost)
{
	char name[NAME_TEXT_MAX + 1];

	if (!lost)
		return;
	format_name(master, name, sizeof(name));
	pr_text(p, "%s: %" PRIu32 " event%s suppressed (rate limit)\n", name, lost,
		lost == 1 ? "" : "s");
}

void print_event(struct printer *p, const struct lbr_event *ev)
{
	const char *name = ev->event < sizeof(event_names) / sizeof(event_names[0]) &&
			   event_names[ev->event] ? event_names[ev->event] : "unknown";

	print_events_lost(p, ev->fdb.master, ev->events_lost);
	pr_open_object(p, NULL);
	pr_string(p, "event", "%s ", name);
	if (ev->events_lost)
		pr_u64(p, "events_lost", NULL, ev->events_lost);
	if (ev->event == LBRIDGE_FDB_EVENT_FLUSH || !ev->has_mac) {
		pr_name(p, "master", "master %s", ev->fdb.master);
		if (ev->fdb.port[0])
			pr_name(p, "ifname", " dev %s", ev->fdb.port);
		pr_flag(p, "dynamic", " dynamic", ev->flush_flags & LBRIDGE_FLUSH_F_DYNAMIC);
	} else {
		print_fdb_fields(p, &ev->fdb, ev->has_state, false);
	}
	pr_text(p, "\n");
	pr_close_object(p);
}
