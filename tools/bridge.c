// SPDX-License-Identifier: GPL-2.0
/*
 * Bridges and their ports: collected from the kernel into struct
 * lbr_bridge, and printed (text or JSON) for show and graph.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "lbrctl.h"

_Static_assert(LABEL_MAX == LBRIDGE_LABEL_MAX, "print.h's bound is the contract's");

struct bridges {
	struct lbr_bridge *v;
	unsigned int n, cap;
	bool bad;
};

static int bridge_cb(const struct nlmsghdr *nlh, void *data)
{
	struct bridges *b = data;
	struct lbr_bridge *br = array_next(&b->v, b->n, &b->cap, sizeof(*b->v));

	if (!br)
		return -ENOMEM;
	if (lbr_parse_bridge(nlh, br))
		return -EBADMSG;
	b->n++;
	return 0;
}

static void bridges_reset(void *data)
{
	((struct bridges *)data)->n = 0;
}

struct ports {
	struct lbr_bridge *br;
	unsigned int cap;
};

static int port_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ports *ps = data;
	struct lbr_bridge *br = ps->br;
	struct lbr_port *port = array_next(&br->ports, br->nports, &ps->cap, sizeof(*port));

	if (!port)
		return -ENOMEM;
	if (lbr_parse_port(nlh, port))
		return -EBADMSG;
	br->nports++;
	return 0;
}

static void ports_reset(void *data)
{
	((struct ports *)data)->br->nports = 0;
}

void free_bridges(struct lbr_bridge *v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		free(v[i].ports);
		free(v[i].fdb);
	}
	free(v);
}

int dump_ports(struct ctx *ctx, struct nl *nl, struct lbr_bridge *br)
{
	struct ports ps = { .br = br };
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req = ctx_request(ctx, buf, LBRIDGE_CMD_GET_PORT);

	lbr_put_bridge(req, br->ifindex);
	return nl_dump(nl, req, port_cb, ports_reset, &ps);
}

const struct lbr_port *find_port(const struct lbr_bridge *v, unsigned int n, uint32_t ifindex)
{
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int j = 0; j < v[i].nports; j++)
			if (v[i].ports[j].ifindex == ifindex)
				return &v[i].ports[j];
	return NULL;
}

int collect_port(struct ctx *ctx, const char *name, uint32_t ifindex, struct lbr_port *port)
{
	const struct lbr_port *found;
	struct lbr_bridge *bv;
	unsigned int nb;

	if (collect_bridges(ctx, NULL, &bv, &nb))
		return 1;
	found = find_port(bv, nb, ifindex);
	if (found)
		*port = *found;
	free_bridges(bv, nb);
	if (!found)
		return lbr_err(ctx, "%s is not a port of any lbridge bridge", name);
	return 0;
}

static int collect(struct ctx *ctx, const char *name, bool ports, struct lbr_bridge **v,
		   unsigned int *n)
{
	struct bridges b = { 0 };
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	unsigned int ifindex = 0;
	struct nl *nl;
	int err;

	if (name && !(ifindex = ctx_bridge_index(ctx, name)))
		return 1;
	nl = ctx_genl(ctx);
	if (!nl)
		return 1;
	req = ctx_request(ctx, buf, LBRIDGE_CMD_GET_BRIDGE);
	if (name) {
		/* The doit, not a filtered dump: "not a bridge" comes back as an error. */
		lbr_put_bridge(req, ifindex);
		err = nl_transact(nl, req, bridge_cb, &b, ctx->lineno);
	} else {
		err = nl_dump(nl, req, bridge_cb, bridges_reset, &b);
	}
	if (err)
		goto fail;
	for (unsigned int i = 0; ports && i < b.n; i++) {
		err = dump_ports(ctx, nl, &b.v[i]);
		/* Deleted since the first dump: it simply is no more. */
		if (err == -ENODEV && !name) {
			free(b.v[i].ports);
			memmove(&b.v[i], &b.v[i + 1], (b.n - i - 1) * sizeof(b.v[0]));
			b.n--, i--;
			continue;
		}
		if (err)
			goto fail;
	}
	*v = b.v;
	*n = b.n;
	return 0;
fail:
	free_bridges(b.v, b.n);
	if (err == -EBADMSG)
		return fail(ctx, "the kernel's reply makes no sense (is lbrctl older than the module?)");
	return nl_error(ctx, nl, err);
}

int collect_bridges(struct ctx *ctx, const char *name, struct lbr_bridge **v, unsigned int *n)
{
	return collect(ctx, name, true, v, n);
}

int collect_bridge_list(struct ctx *ctx, struct lbr_bridge **v, unsigned int *n)
{
	return collect(ctx, NULL, false, v, n);
}

/*
 * With -s, the counters in text come on three lines, each in enum order:
 * traffic (rx_, tx_), learning (everything else), and drops (drop_). The
 * names are the enumerators', so a new counter finds its line by itself.
 */
enum stat_line { LINE_TRAFFIC, LINE_LEARNING, LINE_DROPS, NR_LINES };

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static enum stat_line stat_line(const char *name)
{
	if (has_prefix(name, "rx_") || has_prefix(name, "tx_"))
		return LINE_TRAFFIC;
	if (has_prefix(name, "drop_"))
		return LINE_DROPS;
	return LINE_LEARNING;
}

/* The summary line's "dropped": every reason a frame was not forwarded. */
static uint64_t dropped(const struct lbr_port *port)
{
	uint64_t sum = 0;

	for (int i = 0; i <= LBRIDGE_PORT_STAT_MAX; i++)
		if (lbr_port_stat_names[i] && stat_line(lbr_port_stat_names[i]) == LINE_DROPS)
			sum += port->stats[i];
	return sum;
}

/*
 * The other end of a veth: "peer eth0 netns c2" where `ip netns` has a
 * name for its namespace, "peer eth0 netnsid 3" where it has none, and
 * "peer vc3p" in ours, "peer eth0 netns ?" where the kernel gave no id
 * (it could not allocate one). JSON: "netns" is that name, else the id
 * (a number), null for ours and "unknown" without an id; "netnsid" is the
 * id, absent for ours and without one.
 */
static void print_peer(struct printer *p, const struct lbr_port *port)
{
	pr_open_object(p, "peer");
	/* Named by root of the peer's namespace: printed as every name is. */
	if (port->peer[0])
		pr_name(p, "ifname", "  peer %s", port->peer);
	else
		pr_u64(p, NULL, "  peer ifindex %" PRIu64, port->peer_ifindex);
	pr_u64(p, "ifindex", NULL, port->peer_ifindex);
	if (!port->peer_netnsid_known) {
		pr_text(p, " netns ?");
		pr_string(p, "netns", NULL, "unknown");
	} else if (port->peer_netnsid < 0) {
		pr_null(p, "netns");
	} else {
		if (port->peer_netns[0])
			pr_untrusted(p, "netns", " netns %s", port->peer_netns, NAME_MAX);
		else
			pr_u64(p, "netns", " netnsid %" PRIu64, port->peer_netnsid);
		pr_u64(p, "netnsid", NULL, port->peer_netnsid);
	}
	pr_close_object(p);
}

/*
 * The allowed set: text " allowed mac M ... ip A ..." (the words of port
 * allow), nothing when empty; JSON always {"macs": [...], "ips": [...]}.
 */
static void print_allowed(struct printer *p, const struct lbr_port *port, const char *lead)
{
	char text[IP_STRLEN];
	unsigned int i = 0;

	if (port->nallowed)
		pr_text(p, "%sallowed", lead);
	pr_open_object(p, "allowed");
	pr_open_array(p, "macs");
	for (; i < port->nallowed && !port->allowed[i].family; i++) {
		format_mac(port->allowed[i].addr, text);
		pr_string(p, "mac", " mac %s", text);
	}
	pr_close_array(p);
	pr_open_array(p, "ips");
	for (; i < port->nallowed; i++) {
		format_ip(port->allowed[i].family, port->allowed[i].addr, text);
		pr_string(p, "ip", " ip %s", text);
	}
	pr_close_array(p);
	if (port->allowed_unlisted)
		pr_u64(p, "unlisted", " (%" PRIu64 " more not listed)", port->allowed_unlisted);
	pr_close_object(p);
}

/*
 * The guards: in show's text only those on, in port show's each with
 * on|off; JSON always. Then the MAC the source guard fixed on (JSON:
 * null before it has).
 */
static void print_guards(struct printer *p, const struct lbr_port *port, bool detail)
{
	char mac[MAC_STRLEN];

	if (detail) {
		pr_on_off(p, "guard", "  guard %s", port->guard);
		pr_on_off(p, "ra_guard", "  ra-guard %s", port->ra_guard);
		pr_on_off(p, "dhcp_guard", "  dhcp-guard %s", port->dhcp_guard);
	} else {
		pr_flag(p, "guard", "  guard on", port->guard);
		pr_flag(p, "ra_guard", "  ra-guard on", port->ra_guard);
		pr_flag(p, "dhcp_guard", "  dhcp-guard on", port->dhcp_guard);
	}
	if (port->has_guard_mac) {
		format_mac(port->guard_mac, mac);
		pr_string(p, "guard_mac", "  guard-mac %s", mac);
	} else {
		pr_null(p, "guard_mac");
	}
}

/* Every counter: in text (when text) on three lines, see stat_line(). */
static void print_stats(struct printer *p, const struct lbr_port *port, bool text)
{
	const uint64_t *s = port->stats;

	pr_open_object(p, "stats");
	for (int line = 0; line < NR_LINES; line++) {
		bool any = false;

		for (int i = 0; i <= LBRIDGE_PORT_STAT_MAX; i++) {
			char fmt[64];

			if (!lbr_port_stat_names[i] ||
			    stat_line(lbr_port_stat_names[i]) != (enum stat_line)line)
				continue;
			snprintf(fmt, sizeof(fmt), "%s%s %%%s", any ? "  " : "    ",
				 lbr_port_stat_names[i], PRIu64);
			pr_u64(p, lbr_port_stat_names[i], text ? fmt : NULL, s[i]);
			any = true;
		}
		if (text && any)
			pr_text(p, "\n");
	}
	pr_close_object(p);
}

/*
 * The port's flags, on the line so far (show) or, with @own_line, on a
 * line of their own (port show).
 */
static void print_port_flags(struct printer *p, const struct lbr_port *port,
			     bool own_line)
{
	pr_on_off(p, "learning", own_line ? "\n  learning %s" : "  learning %s",
		  port->learning);
	pr_on_off(p, "flood", "  flood %s", port->flood);
	pr_on_off(p, "mcast_flood", "  mcast_flood %s", port->mcast_flood);
	pr_on_off(p, "bcast_flood", "  bcast_flood %s", port->bcast_flood);
	pr_on_off(p, "hairpin", "  hairpin %s", port->hairpin);
	pr_on_off(p, "isolated", "  isolated %s", port->isolated);
	pr_on_off(p, "neigh_suppress", "  neigh-suppress %s", port->neigh_suppress);
}

static void print_port(struct printer *p, const struct lbr_port *port, bool stats)
{
	const uint64_t *s = port->stats;

	pr_open_object(p, NULL);
	pr_name(p, "ifname", "  %s", port->ifname);
	pr_string(p, "state", "  %s", port->up ? "up" : "down");
	if (port->label[0])
		pr_label(p, "label", "  label %s", port->label);
	if (port->peer_ifindex)
		print_peer(p, port);
	pr_u64(p, "learned_count", "  learned-macs %" PRIu64, port->learned);
	pr_u64(p, "static_count", "  static-macs %" PRIu64, port->static_count);
	pr_u64(p, "neigh_count", "  neighs %" PRIu64, port->neigh_count);
	print_port_flags(p, port, false);
	print_guards(p, port, false);
	print_allowed(p, port, "  ");
	pr_text(p, "  rx %" PRIu64 " tx %" PRIu64 " flooded %" PRIu64 " dropped %" PRIu64
		" learned %" PRIu64 "\n",
		s[LBRIDGE_PORT_STAT_RX_PACKETS], s[LBRIDGE_PORT_STAT_TX_PACKETS],
		s[LBRIDGE_PORT_STAT_FLOODED], dropped(port), s[LBRIDGE_PORT_STAT_LEARNED]);
	/* JSON always has every counter; text only with -s. */
	print_stats(p, port, stats);
	pr_close_object(p);
}

/*
 * port show: one port on lines of their own, every counter always. JSON:
 * show's object of the port, and its master.
 */
void print_port_detail(struct printer *p, const struct lbr_port *port)
{
	pr_open_object(p, NULL);
	pr_name(p, "ifname", "%s", port->ifname);
	pr_name(p, "master", "  master %s", port->master);
	pr_string(p, "state", "  %s", port->up ? "up" : "down");
	if (port->label[0])
		pr_label(p, "label", "  label %s", port->label);
	if (port->peer_ifindex)
		print_peer(p, port);
	print_port_flags(p, port, true);
	pr_text(p, "\n");
	print_guards(p, port, true);
	pr_text(p, "\n");
	print_allowed(p, port, "  ");
	if (port->nallowed)
		pr_text(p, "\n");
	pr_u64(p, "learned_count", "  learned-macs %" PRIu64, port->learned);
	pr_u64(p, "static_count", "  static-macs %" PRIu64, port->static_count);
	pr_u64(p, "neigh_count", "  neighs %" PRIu64 "\n", port->neigh_count);
	print_stats(p, port, true);
	pr_close_object(p);
}

void print_bridge(struct printer *p, const struct lbr_bridge *br, bool stats)
{
	char mac[MAC_STRLEN];

	format_mac(br->address, mac);
	pr_open_object(p, NULL);
	pr_name(p, "ifname", "%s:", br->ifname);
	pr_u64(p, "ageing_time", " ageing %" PRIu64 "s", br->ageing_time);
	pr_u64(p, "max_learned", "  max-learned %" PRIu64, br->max_learned);
	pr_u64(p, "learned", "  learned %" PRIu64, br->learned);
	pr_u64(p, "port_max_learned", "  port-max-learned %" PRIu64, br->port_max_learned);
	pr_u64(p, "max_static", "  max-static %" PRIu64, br->max_static);
	pr_u64(p, "static_count", "  static %" PRIu64, br->static_count);
	pr_on_off(p, "learning", "  learning %s", br->learning);
	pr_u64(p, "max_neigh", "  max-neigh %" PRIu64, br->max_neigh);
	pr_u64(p, "neigh_count", "  neighs %" PRIu64, br->neigh_count);
	pr_u64(p, "port_max_neigh", "  port-max-neigh %" PRIu64, br->port_max_neigh);
	pr_on_off(p, "neigh_suppress", "  neigh-suppress %s", br->neigh_suppress);
	pr_on_off(p, "announce", "  announce %s", br->announce);
	/* The defaults ports get as they join: in text only those on. */
	pr_flag(p, "guard", "  guard on", br->guard);
	pr_flag(p, "ra_guard", "  ra-guard on", br->ra_guard);
	pr_flag(p, "dhcp_guard", "  dhcp-guard on", br->dhcp_guard);
	pr_u64(p, NULL, "  ports %" PRIu64, br->port_count);
	pr_string(p, "address", "  address %s", mac);
	pr_u64(p, "fdb_entries", stats ? "  fdb-entries %" PRIu64 : NULL, br->fdb_count);
	pr_text(p, "\n");
	pr_open_array(p, "ports");
	for (unsigned int i = 0; i < br->nports; i++)
		print_port(p, &br->ports[i], stats);
	pr_close_array(p);
	pr_close_object(p);
}
