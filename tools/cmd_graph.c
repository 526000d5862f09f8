// SPDX-License-Identifier: GPL-2.0
/*
 * lbrctl graph [BRIDGE]: the topology as Graphviz DOT. A bridge, its
 * ports, the far end of each port's veth (often in a container's network
 * namespace, where we cannot see its name), and the MAC addresses
 * learned behind each port. `lbrctl graph | dot -Tpng > lb.png`.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "lbrctl.h"

/* Past this many MACs on one port the picture stops being readable. */
#define GRAPH_MAX_MACS 32

struct link_info {
	const struct nlattr *link, *netnsid, *kind;
};

static int linkinfo_cb(const struct nlattr *a, void *data)
{
	struct link_info *li = data;

	if (mnl_attr_get_type(a) == IFLA_INFO_KIND && !mnl_attr_validate(a, MNL_TYPE_NUL_STRING))
		li->kind = a;
	return MNL_CB_OK;
}

static int link_attr_cb(const struct nlattr *a, void *data)
{
	struct link_info *li = data;

	switch (mnl_attr_get_type(a)) {
	case IFLA_LINK:
		if (!mnl_attr_validate(a, MNL_TYPE_U32))
			li->link = a;
		break;
	case IFLA_LINK_NETNSID:
		if (!mnl_attr_validate(a, MNL_TYPE_U32))
			li->netnsid = a;
		break;
	case IFLA_LINKINFO:
		if (!mnl_attr_validate(a, MNL_TYPE_NESTED))
			mnl_attr_parse_nested(a, linkinfo_cb, li);
		break;
	}
	return MNL_CB_OK;
}

/*
 * From RTM_NEWLINK: a veth names its peer in IFLA_LINK, and adds
 * IFLA_LINK_NETNSID when the peer lives in another namespace.
 */
static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct lbr_port *port = data;
	struct link_info li = { 0 };

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	if (mnl_attr_parse(nlh, sizeof(struct ifinfomsg), link_attr_cb, &li) != MNL_CB_OK)
		return -EBADMSG;
	if (!li.kind || strcmp(mnl_attr_get_str(li.kind), "veth") || !li.link)
		return 0;
	port->peer_ifindex = mnl_attr_get_u32(li.link);
	port->peer_netnsid = li.netnsid ? (int32_t)mnl_attr_get_u32(li.netnsid) : -1;
	return 0;
}

static int get_peer(struct ctx *ctx, struct nl *rt, struct lbr_port *port)
{
	char buf[NL_REQ_SIZE] = { 0 };
	struct nlmsghdr *req = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;
	int err;

	req->nlmsg_type = RTM_GETLINK;
	ifi = mnl_nlmsg_put_extra_header(req, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = port->ifindex;
	port->peer_ifindex = 0;
	port->peer_netnsid = -1;
	port->peer[0] = '\0';
	err = nl_transact(rt, req, link_cb, port, 0);
	/* Gone since the port dump: drawn without a peer. */
	if (err == -ENODEV)
		return 0;
	if (err)
		return nl_error(ctx, rt, err);
	if (port->peer_ifindex && port->peer_netnsid < 0 &&
	    !ctx->indextoname(port->peer_ifindex, port->peer))
		port->peer[0] = '\0';
	return 0;
}

/* Escapes what a DOT string cannot hold as is: '"' and '\'. */
static void dot_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
}

/* "KINDNAME": node ids say what they are, as names repeat across kinds. */
static void id(FILE *out, const char *kind, const char *name)
{
	fprintf(out, "\"%s", kind);
	dot_escaped(out, name);
	fputc('"', out);
}

/* A node with a label of one or two lines (line2 may be NULL). */
static void node(FILE *out, const char *kind, const char *name, const char *attrs,
		 const char *line1, const char *line2)
{
	fputc('\t', out);
	id(out, kind, name);
	fprintf(out, " [%s, label=\"", attrs);
	dot_escaped(out, line1);
	if (line2) {
		fputs("\\n", out);
		dot_escaped(out, line2);
	}
	fputs("\"];\n", out);
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
	char label[64], mac[MAC_STRLEN], mac_id[IF_NAMESIZE + MAC_STRLEN];
	const char *macs_at = "port:";
	unsigned int shown = 0, more = 0;

	node(out, "port:", port->ifname, "shape=box", port->ifname, port->up ? "up" : "down");
	edge(out, "bridge:", br->ifname, "port:", port->ifname, "");
	if (port->peer_ifindex) {
		if (port->peer_netnsid >= 0) {
			snprintf(label, sizeof(label), "peer ifindex %u, netns id %d",
				 port->peer_ifindex, port->peer_netnsid);
			node(out, "peer:", port->ifname, "shape=ellipse", label, NULL);
		} else if (port->peer[0]) {
			snprintf(label, sizeof(label), "ifindex %u", port->peer_ifindex);
			node(out, "peer:", port->ifname, "shape=ellipse", port->peer, label);
		} else {
			snprintf(label, sizeof(label), "peer ifindex %u", port->peer_ifindex);
			node(out, "peer:", port->ifname, "shape=ellipse", label, NULL);
		}
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
	char mac[MAC_STRLEN];

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
		node(out, "bridge:", br->ifname, "shape=box3d, style=bold", br->ifname, mac);
		for (unsigned int j = 0; j < br->nports; j++)
			print_port_graph(out, br, &br->ports[j]);
		fputs("\t}\n", out);
	}
	fputs("}\n", out);
}

int cmd_graph(struct ctx *ctx, int argc, char **argv)
{
	struct lbr_bridge *v;
	struct nl *rt = NULL;
	unsigned int n;
	int ret = 1;

	if (argc == 2 && argv[1][0] == '-')
		return unknown_option(ctx, argv[1]);
	if (argc > 2)
		return usage_error(ctx, USAGE_GRAPH);
	if (collect_bridges(ctx, argc == 2 ? argv[1] : NULL, &v, &n))
		return 1;
	rt = nl_open(ctx->transport, NETLINK_ROUTE);
	if (!rt) {
		fail(ctx, "cannot open a netlink socket: %s", strerror(errno));
		goto out;
	}
	for (unsigned int i = 0; i < n; i++) {
		if (collect_fdb(ctx, v[i].ifindex, 0, &v[i].fdb, &v[i].nfdb))
			goto out;
		for (unsigned int j = 0; j < v[i].nports; j++)
			if (get_peer(ctx, rt, &v[i].ports[j]))
				goto out;
	}
	print_graph(ctx->out, v, n);
	ret = 0;
out:
	nl_close(rt);
	free_bridges(v, n);
	return ret;
}
