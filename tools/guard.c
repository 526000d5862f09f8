// SPDX-License-Identifier: GPL-2.0
/*
 * Port security's events: what a port's guard dropped, one line each,
 * "guard BRIDGE dev PORT [label L] REASON [mac MAC] [ip IP] [owner PORT
 * [label L]]". The reason is the counter the drop was counted in.
 */
#include <inttypes.h>
#include <stdio.h>

#include "lbrctl.h"

void print_guard_event(struct printer *p, const struct lbr_guard_event *ev)
{
	const char *reason = ev->reason <= LBRIDGE_PORT_STAT_MAX ?
			     lbr_port_stat_names[ev->reason] : NULL;
	char text[IP_STRLEN], unknown[32];

	/* A reason newer than this tool: its number. */
	if (!reason) {
		snprintf(unknown, sizeof(unknown), "reason-%u", ev->reason);
		reason = unknown;
	}
	print_events_lost(p, ev->master, ev->events_lost);
	pr_open_object(p, NULL);
	pr_string(p, "event", "%s", "guard");
	/* Every string below is named by someone else: escaped. */
	pr_name(p, "bridge", " %s", ev->master);
	pr_name(p, "dev", " dev %s", ev->port);
	if (ev->label[0])
		pr_label(p, "label", " label %s", ev->label);
	pr_string(p, "reason", " %s", reason);
	if (ev->has_mac) {
		format_mac(ev->mac, text);
		pr_string(p, "mac", " mac %s", text);
	}
	if (ev->family) {
		format_ip(ev->family, ev->addr, text);
		pr_string(p, "ip", " ip %s", text);
	}
	if (ev->owner[0])
		pr_name(p, "owner", " owner %s", ev->owner);
	else if (ev->owner_ifindex)
		pr_u64(p, "owner_ifindex", " owner ifindex %" PRIu64, ev->owner_ifindex);
	if (ev->owner_label[0])
		pr_label(p, "owner_label", " label %s", ev->owner_label);
	if (ev->events_lost)
		pr_u64(p, "lost", NULL, ev->events_lost);
	pr_text(p, "\n");
	pr_close_object(p);
}
