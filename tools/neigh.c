// SPDX-License-Identifier: GPL-2.0
/*
 * The IP binding table: bindings collected from the kernel, and bindings
 * and their events printed in `ip neigh` word order, "IP lladdr MAC dev
 * PORT", with the bridge after master as `bridge fdb` puts it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <sys/socket.h>

#include "lbrctl.h"

static int parse_neigh(const struct nlmsghdr *nlh, void *e)
{
	return lbr_parse_neigh(nlh, e);
}

/* NEIGH { ADDR }: that address's bindings only. */
static void put_addr(struct nlmsghdr *req, const void *arg)
{
	const struct lbr_neigh *addr = arg;
	struct nlattr *nest = mnl_attr_nest_start(req, LBRIDGE_A_NEIGH);

	mnl_attr_put(req, LBRIDGE_NEIGH_A_ADDR, addr->family == AF_INET ? 4 : 16, addr->addr);
	mnl_attr_nest_end(req, nest);
}

int collect_neigh(struct ctx *ctx, uint32_t bridge, uint32_t port, const struct lbr_neigh *addr,
		  struct lbr_neigh **v, unsigned int *n)
{
	/* One address is one binding per bridge: family and address are the key. */
	struct table_dump t = {
		.cmd = LBRIDGE_CMD_GET_NEIGH, .port = port, .filter = addr ? put_addr : NULL,
		.filter_arg = addr, .parse = parse_neigh, .size = sizeof(struct lbr_neigh),
		.key = offsetof(struct lbr_neigh, family),
		.key_len = offsetof(struct lbr_neigh, addr) + sizeof(addr->addr) -
			   offsetof(struct lbr_neigh, family),
	};
	struct nl *nl;
	int err;

	if (!bridge) {
		if (dump_all_bridges(ctx, &t))
			return 1;
	} else {
		nl = ctx_genl(ctx);
		if (!nl)
			return 1;
		err = dump_bridge_table(ctx, nl, &t, bridge);
		if (err) {
			free(t.v);
			return table_failed(ctx, nl, err);
		}
	}
	*v = t.v;
	*n = t.n;
	return 0;
}

static const char *const source_names[] = {
	[LBRIDGE_NEIGH_SOURCE_ARP] = "arp",
	[LBRIDGE_NEIGH_SOURCE_ND] = "nd",
	[LBRIDGE_NEIGH_SOURCE_DHCP] = "dhcp",
	[LBRIDGE_NEIGH_SOURCE_IP] = "ip",
};

static const char *source_name(uint8_t source)
{
	return source < ARRAY_SIZE(source_names) && source_names[source] ?
	       source_names[source] : "unknown";
}

/* The words of a binding, shared by neigh show, who-has and monitor; no label. */
static void print_neigh_fields(struct printer *p, const struct lbr_neigh *n)
{
	char ip[IP_STRLEN], mac[MAC_STRLEN];

	format_ip(n->family, n->addr, ip);
	format_mac(n->mac, mac);
	pr_string(p, "ip", "%s", ip);
	pr_string(p, "mac", " lladdr %s", mac);
	if (n->port[0])
		pr_name(p, "ifname", " dev %s", n->port);
	pr_name(p, "master", " master %s", n->master);
}

void print_neigh(struct printer *p, const struct lbr_neigh *n, bool stats)
{
	pr_open_object(p, NULL);
	print_neigh_fields(p, n);
	if (stats) {
		pr_ms_as_seconds(p, "age", " age %ss", n->age_ms);
		if (n->has_source)
			pr_string(p, "source", " source %s", source_name(n->source));
	}
	/* Last: a label in quotes may hold blanks. */
	if (n->label[0])
		pr_label(p, "label", " label %s", n->label);
	pr_text(p, "\n");
	pr_close_object(p);
}

static const char *const neigh_event_names[] = {
	[LBRIDGE_NEIGH_EVENT_BIND] = "bind",
	[LBRIDGE_NEIGH_EVENT_REBIND] = "rebind",
	[LBRIDGE_NEIGH_EVENT_CONFLICT] = "conflict",
	[LBRIDGE_NEIGH_EVENT_UNBIND] = "unbind",
};

void print_neigh_event(struct printer *p, const struct lbr_neigh_event *ev)
{
	const char *name = ev->event < ARRAY_SIZE(neigh_event_names) &&
			   neigh_event_names[ev->event] ? neigh_event_names[ev->event] : "unknown";
	char mac[MAC_STRLEN];

	print_events_lost(p, ev->neigh.master, ev->events_lost);
	pr_open_object(p, NULL);
	pr_string(p, "event", "%s ", name);
	if (ev->events_lost)
		pr_u64(p, "events_lost", NULL, ev->events_lost);
	print_neigh_fields(p, &ev->neigh);
	if (ev->neigh.has_source)
		pr_string(p, "source", NULL, source_name(ev->neigh.source));
	/* Who had the address: a rebind took it over, a conflict disputes it. */
	if (ev->has_old) {
		format_mac(ev->old_mac, mac);
		pr_string(p, "old_mac", ev->event == LBRIDGE_NEIGH_EVENT_CONFLICT ?
			  " (also claimed by %s" : " (was %s", mac);
		if (ev->old_port[0])
			pr_name(p, "old_ifname", " dev %s", ev->old_port);
		pr_text(p, ")");
	}
	if (ev->neigh.label[0])
		pr_label(p, "label", " label %s", ev->neigh.label);
	pr_text(p, "\n");
	pr_close_object(p);
}
