// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarding database: entries collected from the kernel, and entries
 * and events printed in `bridge fdb show` word order so that habits carry
 * over.
 */
#include <errno.h>
#include <stddef.h>
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
	memcpy(s->raw, raw, n);
	s->raw[n] = '\0';
	s->max = max;
	s->used = true;
	format_untrusted(raw, max, s->text, sizeof(s->text));
	s->text_len = strlen(s->text);
	s->json_len = json_untrusted(raw, max, s->json, sizeof(s->json));
	return s;
}

static char *put(char *o, const char *s, size_t len)
{
	memcpy(o, s, len);
	return o + len;
}

#define PUT_LIT(o, lit) put(o, lit, sizeof(lit) - 1)

static char *put_mac(char *o, const uint8_t *mac)
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < ETH_ALEN; i++) {
		if (i)
			*o++ = ':';
		*o++ = hex[mac[i] >> 4];
		*o++ = hex[mac[i] & 15];
	}
	return o;
}

/* One entry as print_fdb() prints it, in buf; its length, 0 if it cannot. */
static size_t format_fdb(char *buf, struct fmt_slot *cache, const struct lbr_fdb *e,
			 bool json, bool stats)
{
	const char *state = e->state == LBRIDGE_FDB_STATE_LEARNED ? "" :
			    fdb_state_name(e->state);
	const struct fmt_slot *dev, *master, *label = NULL;
	char age[32], *o = buf;

	dev = formatted(cache, e->port[0] ? e->port : e->master, IF_NAMESIZE - 1);
	/* dev's slot may be master's too: dev goes into buf first. */
	if (json && !dev->json_len)
		return 0;
	if (json) {
		o = PUT_LIT(o, "{\"mac\":\"");
		o = put_mac(o, e->mac);
		o = PUT_LIT(o, "\",\"ifname\":");
		o = put(o, dev->json, dev->json_len);
		o = PUT_LIT(o, ",\"flags\":[],\"master\":");
	} else {
		o = put_mac(o, e->mac);
		o = PUT_LIT(o, " dev ");
		o = put(o, dev->text, dev->text_len);
		o = PUT_LIT(o, " master ");
	}
	master = formatted(cache, e->master, IF_NAMESIZE - 1);
	if (json && !master->json_len)
		return 0;
	o = json ? put(o, master->json, master->json_len) : put(o, master->text, master->text_len);
	if (json) {
		o = PUT_LIT(o, ",\"state\":\"");
		o = put(o, state, strlen(state));
		*o++ = '"';
	} else if (*state) {
		*o++ = ' ';
		o = put(o, state, strlen(state));
	}
	if (stats) {
		/* As pr_ms_as_seconds(): truncated, and this text in JSON too. */
		int n = snprintf(age, sizeof(age), "%u.%02u", e->age_ms / 1000,
				 e->age_ms % 1000 / 10);

		o = json ? PUT_LIT(o, ",\"age\":") : PUT_LIT(o, " age ");
		o = put(o, age, n);
		if (!json)
			*o++ = 's';
	}
	if (e->label[0]) {
		label = formatted(cache, e->label, LABEL_MAX);
		if (json && !label->json_len)
			return 0;
		o = json ? PUT_LIT(o, ",\"label\":") : PUT_LIT(o, " label ");
		o = json ? put(o, label->json, label->json_len) : put(o, label->text, label->text_len);
	}
	*o++ = json ? '}' : '\n';
	return o - buf;
}

void print_fdb_list(struct printer *p, const struct lbr_fdb *v, unsigned int n, bool stats)
{
	/* A line: its MAC, two names, state, age and label at their longest. */
	enum { FDB_LINE_MAX = 64 + 3 * JSON_TEXT_MAX + 64, CHUNK = 1 << 16 };
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
