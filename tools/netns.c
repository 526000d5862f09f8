// SPDX-License-Identifier: GPL-2.0
/*
 * Network namespace ids to the names `ip netns` gives them. The kernel
 * names a veth peer's namespace by its id as seen from ours (an nsid);
 * `ip netns add NAME` bind-mounts the namespace on /run/netns/NAME. Each
 * file there is opened and its id asked of rtnetlink (RTM_GETNSID with
 * NETNSA_FD, as `ip netns list-id` and `ip netns identify` do), once per
 * run.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>

#include "lbrctl.h"

struct netns_name {
	int32_t nsid;
	char name[NAME_MAX + 1];
};

static int nsid_attr_cb(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == NETNSA_NSID && !mnl_attr_validate(a, MNL_TYPE_U32))
		*(int32_t *)data = (int32_t)mnl_attr_get_u32(a);
	return MNL_CB_OK;
}

static int nsid_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWNSID)
		mnl_attr_parse(nlh, sizeof(struct rtgenmsg), nsid_attr_cb, data);
	return 0;
}

/* The id of the namespace fd is, as seen from ours; -1 if it has none. */
static int32_t nsid_of(struct nl *rt, int fd)
{
	char buf[NL_REQ_SIZE] = { 0 };
	struct nlmsghdr *req = mnl_nlmsg_put_header(buf);
	struct rtgenmsg *g;
	int32_t nsid = -1;

	req->nlmsg_type = RTM_GETNSID;
	g = mnl_nlmsg_put_extra_header(req, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(req, NETNSA_FD, fd);
	/* Not a namespace, or gone: no name for it, and no error either. */
	if (nl_transact(rt, req, nsid_cb, &nsid, 0))
		return -1;
	return nsid;
}

/* Not "." or "..": every other name `ip netns add` may have made. */
static int is_entry(const struct dirent *de)
{
	return strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
}

/*
 * Every name with an id, in alphabetical order, so that a namespace
 * mounted under two names is always shown under the same one.
 */
static void resolve(struct ctx *ctx)
{
	struct dirent **list;
	struct nl *rt;
	int n;

	ctx->netns_resolved = true;
	n = scandir(ctx->netns_dir, &list, is_entry, alphasort);
	if (n < 0)
		return;
	rt = nl_open(ctx->transport, NETLINK_ROUTE);
	for (int i = 0; i < n; i++) {
		char path[PATH_MAX];
		struct netns_name *e;
		int fd = -1;
		int32_t nsid;

		if (rt && snprintf(path, sizeof(path), "%s/%s", ctx->netns_dir,
				   list[i]->d_name) < (int)sizeof(path))
			fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			nsid = nsid_of(rt, fd);
			close(fd);
			e = nsid >= 0 ? array_next(&ctx->netns, ctx->nnetns, &ctx->netns_cap,
						   sizeof(*e)) : NULL;
			if (e) {
				e->nsid = nsid;
				snprintf(e->name, sizeof(e->name), "%s", list[i]->d_name);
				ctx->nnetns++;
			}
		}
		free(list[i]);
	}
	free(list);
	nl_close(rt);
}

const char *ctx_netns_name(struct ctx *ctx, int32_t nsid)
{
	if (nsid < 0)
		return NULL;
	if (!ctx->netns_resolved)
		resolve(ctx);
	for (unsigned int i = 0; i < ctx->nnetns; i++)
		if (ctx->netns[i].nsid == nsid)
			return ctx->netns[i].name;
	return NULL;
}

void name_peers(struct ctx *ctx, struct lbr_bridge *v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		for (unsigned int j = 0; j < v[i].nports; j++) {
			struct lbr_port *port = &v[i].ports[j];
			const char *name = port->peer_ifindex && port->peer_netnsid_known ?
					   ctx_netns_name(ctx, port->peer_netnsid) : NULL;

			snprintf(port->peer_netns, sizeof(port->peer_netns), "%s", name ? name : "");
		}
	}
}
