// SPDX-License-Identifier: GPL-2.0
/*
 * lbrctl graph [BRIDGE]: the topology as Graphviz DOT. A bridge, its
 * ports and their labels, the far end of each port's veth (often in a
 * container's network namespace, named as `ip netns` names it), and the
 * MAC addresses learned behind each port. `lbrctl graph | dot -Tpng > lb.png`.
 */
#include <stdlib.h>
#include <string.h>

#include "lbrctl.h"

/* Past this many MACs on one port the picture stops being readable. */
#define GRAPH_MAX_MACS 32

/* Escapes what a DOT string cannot hold as is: '"' and '\'. */
static void dot_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
}

/*
 * "KINDNAME": node ids say what they are, as names repeat across kinds.
 * The name (an interface's, or "bridge/MAC") as text shows it: nothing in
 * it reaches the terminal or the picture as a control character.
 */
static void id(FILE *out, const char *kind, const char *name)
{
	char text[4 * (IF_NAMESIZE + MAC_STRLEN) + 3];

	format_untrusted(name, IF_NAMESIZE + MAC_STRLEN, text, sizeof(text));
	fprintf(out, "\"%s", kind);
	dot_escaped(out, text);
	fputc('"', out);
}

/* A node with a label of one to three lines (the others NULL). */
static void node3(FILE *out, const char *kind, const char *name, const char *attrs,
		  const char *line1, const char *line2, const char *line3)
{
	fputc('\t', out);
	id(out, kind, name);
	fprintf(out, " [%s, label=\"", attrs);
	dot_escaped(out, line1);
	if (line2) {
		fputs("\\n", out);
		dot_escaped(out, line2);
	}
	if (line3) {
		fputs("\\n", out);
		dot_escaped(out, line3);
	}
	fputs("\"];\n", out);
}

static void node(FILE *out, const char *kind, const char *name, const char *attrs,
		 const char *line1, const char *line2)
{
	node3(out, kind, name, attrs, line1, line2, NULL);
}

static void edge(FILE *out, const char *k1, const char *n1, const char *k2, const char *n2,
		 const char *attrs)
{
	fputc('\t', out);
	id(out, k1, n1);
	fputs(" -- ", out);
	id(out, k2, n2);
	fprintf(out, "%s;\n", attrs);
}

static void print_port_graph(FILE *out, const struct lbr_bridge *br, const struct lbr_port *port)
{
	char label[4 * NAME_MAX + 32], mac[MAC_STRLEN], mac_id[IF_NAMESIZE + MAC_STRLEN];
	char text[LABEL_TEXT_MAX + 1], name[NAME_TEXT_MAX + 1], netns[4 * NAME_MAX + 3];
	const char *macs_at = "port:";
	unsigned int shown = 0, more = 0;

	/* The label as text shows it: nothing in it can pass for DOT. */
	format_label(port->label, text, sizeof(text));
	format_name(port->ifname, name, sizeof(name));
	node3(out, "port:", port->ifname, "shape=box", name,
	      port->label[0] ? text : NULL, port->up ? "up" : "down");
	edge(out, "bridge:", br->ifname, "port:", port->ifname, "");
	if (port->peer_ifindex) {
		/* Named by root of the peer's namespace: shown as every name is. */
		if (port->peer[0])
			format_name(port->peer, text, sizeof(text));
		else
			snprintf(text, sizeof(text), "peer ifindex %u", port->peer_ifindex);
		/* Where it lives: a namespace by name or id, ours, or unknown. */
		if (!port->peer_netnsid_known)
			snprintf(label, sizeof(label), "netns ?");
		else if (port->peer_netnsid < 0)
			snprintf(label, sizeof(label), "ifindex %u", port->peer_ifindex);
		else if (port->peer_netns[0]) {
			format_untrusted(port->peer_netns, NAME_MAX, netns, sizeof(netns));
			snprintf(label, sizeof(label), "netns %s", netns);
		}
		else
			snprintf(label, sizeof(label), "netnsid %d", port->peer_netnsid);
		node(out, "peer:", port->ifname, "shape=ellipse", text, label);
		edge(out, "port:", port->ifname, "peer:", port->ifname,
		     " [style=dashed, label=\"veth\"]");
		/* What was learned on the port lives at or behind the peer. */
		macs_at = "peer:";
	}
	for (unsigned int i = 0; i < br->nfdb; i++) {
		const struct lbr_fdb *e = &br->fdb[i];

		if (e->state == LBRIDGE_FDB_STATE_LOCAL || strcmp(e->port, port->ifname))
			continue;
		if (shown == GRAPH_MAX_MACS) {
			more++;
			continue;
		}
		shown++;
		format_mac(e->mac, mac);
		/* Per bridge: two bridges may well know the same MAC. */
		snprintf(mac_id, sizeof(mac_id), "%s/%s", br->ifname, mac);
		node(out, "mac:", mac_id, "shape=plaintext, fontsize=9", mac,
		     e->state == LBRIDGE_FDB_STATE_STATIC ? "static" : NULL);
		edge(out, macs_at, port->ifname, "mac:", mac_id, " [style=dotted]");
	}
	if (more) {
		snprintf(label, sizeof(label), "%u more MACs", more);
		node(out, "more:", port->ifname, "shape=plaintext, fontsize=9", label, NULL);
		edge(out, macs_at, port->ifname, "more:", port->ifname, " [style=dotted]");
	}
}

void print_graph(FILE *out, const struct lbr_bridge *v, unsigned int n)
{
	char mac[MAC_STRLEN], name[NAME_TEXT_MAX + 1];

	fputs("graph lbridge {\n"
	      "\tnode [fontname=\"sans-serif\", fontsize=11];\n"
	      "\tedge [fontname=\"sans-serif\", fontsize=9];\n", out);
	for (unsigned int i = 0; i < n; i++) {
		const struct lbr_bridge *br = &v[i];

		format_mac(br->address, mac);
		/* A cluster per bridge keeps dot from mixing their ports up. */
		fputs("\n\tsubgraph ", out);
		id(out, "cluster:", br->ifname);
		fputs(" {\n\tstyle=invis;\n", out);
		format_name(br->ifname, name, sizeof(name));
		node(out, "bridge:", br->ifname, "shape=box3d, style=bold", name, mac);
		for (unsigned int j = 0; j < br->nports; j++)
			print_port_graph(out, br, &br->ports[j]);
		fputs("\t}\n", out);
	}
	fputs("}\n", out);
}

int cmd_graph(struct ctx *ctx, int argc, char **argv)
{
	struct lbr_bridge *v;
	unsigned int n;
	int ret = 1;

	if (argc == 2 && argv[1][0] == '-')
		return unknown_option(ctx, argv[1]);
	if (argc > 2)
		return usage_error(ctx, USAGE_GRAPH);
	if (collect_bridges(ctx, argc == 2 ? argv[1] : NULL, &v, &n))
		return 1;
	for (unsigned int i = 0; i < n; i++)
		if (collect_fdb(ctx, v[i].ifindex, 0, &v[i].fdb, &v[i].nfdb))
			goto out;
	name_peers(ctx, v, n);
	print_graph(ctx->out, v, n);
	ret = 0;
out:
	free_bridges(v, n);
	return ret;
}
