// SPDX-License-Identifier: GPL-2.0
/*
 * The plugins' plumbing over rtnetlink and lbridge's family. One request
 * per call, acked, so that a caller undoing a half-done setup knows
 * exactly which steps took effect.
 */
#define _GNU_SOURCE		/* setns() */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/lbridge.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "link.h"
#include "netlink.h"

/* --- Addresses ----------------------------------------------------------- */

static unsigned int family_bits(int family)
{
	return family == AF_INET ? 32 : 128;
}

static unsigned int family_bytes(int family)
{
	return family == AF_INET ? 4 : 16;
}

int ip_addr_parse(const char *text, struct ip_prefix *p)
{
	memset(p, 0, sizeof(*p));
	if (inet_pton(AF_INET, text, &p->addr.v4) == 1)
		p->family = AF_INET;
	else if (inet_pton(AF_INET6, text, &p->addr.v6) == 1)
		p->family = AF_INET6;
	else
		return -EINVAL;
	p->len = family_bits(p->family);
	return 0;
}

int ip_prefix_parse(const char *text, struct ip_prefix *p)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(text, '/');
	unsigned long len;
	char *end;
	size_t n;

	if (!slash)
		return ip_addr_parse(text, p);
	n = slash - text;
	if (n >= sizeof(addr))
		return -EINVAL;
	memcpy(addr, text, n);
	addr[n] = '\0';
	if (ip_addr_parse(addr, p))
		return -EINVAL;
	/* Digits only: strtoul would take " 8", "+8" and "0x8". */
	if (slash[1] < '0' || slash[1] > '9' || strlen(slash + 1) > 3)
		return -EINVAL;
	len = strtoul(slash + 1, &end, 10);
	if (*end || len > family_bits(p->family))
		return -EINVAL;
	p->len = len;
	return 0;
}

const char *ip_prefix_format(const struct ip_prefix *p, bool with_len, char *buf, size_t size)
{
	char addr[INET6_ADDRSTRLEN];

	if (!inet_ntop(p->family, p->addr.bytes, addr, sizeof(addr)))
		snprintf(addr, sizeof(addr), "?");
	if (with_len)
		snprintf(buf, size, "%s/%u", addr, p->len);
	else
		snprintf(buf, size, "%s", addr);
	return buf;
}

void ip_prefix_network(const struct ip_prefix *p, struct ip_prefix *net)
{
	unsigned int bytes = family_bytes(p->family);

	*net = *p;
	for (unsigned int i = 0; i < bytes; i++) {
		unsigned int first = i * 8;

		if (first >= p->len)
			net->addr.bytes[i] = 0;
		else if (p->len - first < 8)
			net->addr.bytes[i] &= 0xff << (8 - (p->len - first));
	}
}

bool ip_prefix_contains(const struct ip_prefix *net, const struct ip_prefix *addr)
{
	struct ip_prefix a, n;

	if (net->family != addr->family)
		return false;
	a = *addr;
	a.len = net->len;
	ip_prefix_network(&a, &a);
	ip_prefix_network(net, &n);
	return !memcmp(a.addr.bytes, n.addr.bytes, family_bytes(net->family));
}

/* --- Sockets ------------------------------------------------------------- */

struct nl *rtnl_open(void)
{
	return nl_open(&nl_socket_transport, NETLINK_ROUTE);
}

/*
 * A netlink socket belongs to the namespace it was created in, whatever
 * the thread does afterwards: create it there and come straight back.
 */
struct nl *rtnl_open_in(int netns_fd)
{
	struct nl *rt = NULL;
	int self, err = 0;

	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return NULL;
	if (setns(netns_fd, CLONE_NEWNET)) {
		err = errno;
		goto out;
	}
	rt = rtnl_open();
	if (!rt)
		err = errno;
	if (setns(self, CLONE_NEWNET)) {
		/* Stranded in the container's namespace: nothing safe to do. */
		perror("setns back to the original network namespace");
		abort();
	}
out:
	close(self);
	errno = err;
	return rt;
}

/* --- Links --------------------------------------------------------------- */

static struct nlmsghdr *link_request(char *buf, uint16_t type, uint16_t flags,
				     unsigned int ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nlh;
}

static int linkinfo_cb(const struct nlattr *a, void *data)
{
	struct link_info *info = data;

	if (mnl_attr_get_type(a) == IFLA_INFO_KIND && !mnl_attr_validate(a, MNL_TYPE_STRING))
		snprintf(info->kind, sizeof(info->kind), "%s", mnl_attr_get_str(a));
	return MNL_CB_OK;
}

static void copy_str(char *dst, size_t size, const struct nlattr *a)
{
	/* Not trusting a NUL inside the payload: copy at most its length. */
	size_t n = mnl_attr_get_payload_len(a);

	if (n >= size)
		n = size - 1;
	memcpy(dst, mnl_attr_get_payload(a), n);
	dst[n] = '\0';
	dst[strnlen(dst, n)] = '\0';
}

static int link_attr_cb(const struct nlattr *a, void *data)
{
	struct link_info *info = data;

	switch (mnl_attr_get_type(a)) {
	case IFLA_IFNAME:
		copy_str(info->name, sizeof(info->name), a);
		break;
	case IFLA_IFALIAS:
		copy_str(info->alias, sizeof(info->alias), a);
		break;
	case IFLA_MASTER:
		if (!mnl_attr_validate(a, MNL_TYPE_U32))
			info->master = mnl_attr_get_u32(a);
		break;
	case IFLA_MTU:
		if (!mnl_attr_validate(a, MNL_TYPE_U32))
			info->mtu = mnl_attr_get_u32(a);
		break;
	case IFLA_ADDRESS:
		if (mnl_attr_get_payload_len(a) == sizeof(info->mac))
			memcpy(info->mac, mnl_attr_get_payload(a), sizeof(info->mac));
		break;
	case IFLA_LINKINFO:
		mnl_attr_parse_nested(a, linkinfo_cb, info);
		break;
	}
	return MNL_CB_OK;
}

static int parse_link(const struct nlmsghdr *nlh, struct link_info *info)
{
	const struct ifinfomsg *ifi;

	if (nlh->nlmsg_type != RTM_NEWLINK || mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return -EBADMSG;
	ifi = mnl_nlmsg_get_payload(nlh);
	memset(info, 0, sizeof(*info));
	info->ifindex = ifi->ifi_index;
	info->up = ifi->ifi_flags & IFF_UP;
	mnl_attr_parse(nlh, sizeof(*ifi), link_attr_cb, info);
	return 0;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	return parse_link(nlh, data);
}

static int get_link(struct nl *rt, struct nlmsghdr *req, struct link_info *info)
{
	int err;

	info->ifindex = 0;
	err = nl_transact(rt, req, link_cb, info, 0);

	if (!err && !info->ifindex)
		err = -EBADMSG;
	return err;
}

int link_get(struct nl *rt, const char *name, struct link_info *info)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req = link_request(buf, RTM_GETLINK, 0, 0);

	if (!*name || strlen(name) >= IF_NAMESIZE)
		return -ENODEV;
	mnl_attr_put_strz(req, IFLA_IFNAME, name);
	return get_link(rt, req, info);
}

int link_get_index(struct nl *rt, unsigned int ifindex, struct link_info *info)
{
	char buf[NL_REQ_SIZE];

	if (!ifindex)
		return -ENODEV;
	return get_link(rt, link_request(buf, RTM_GETLINK, 0, ifindex), info);
}

struct link_walk {
	link_cb_t cb;
	void *data;
	int err;
};

static int link_walk_cb(const struct nlmsghdr *nlh, void *data)
{
	struct link_walk *w = data;
	struct link_info info;

	if (w->err || parse_link(nlh, &info))
		return 0;
	w->err = w->cb(&info, w->data);
	return 0;
}

int link_dump(struct nl *rt, link_cb_t cb, void (*reset)(void *data), void *data)
{
	struct link_walk w = { .cb = cb, .data = data };
	char buf[NL_REQ_SIZE];
	int err;

	err = nl_dump(rt, link_request(buf, RTM_GETLINK, 0, 0), link_walk_cb, reset, &w);
	return err ? err : w.err;
}

struct alias_search {
	const char *alias;
	struct link_info *info;
	bool found;
};

static int alias_cb(const struct link_info *info, void *data)
{
	struct alias_search *s = data;

	if (!s->found && !strcmp(info->alias, s->alias)) {
		*s->info = *info;
		s->found = true;
	}
	return 0;
}

static void alias_reset(void *data)
{
	((struct alias_search *)data)->found = false;
}

int link_find_alias(struct nl *rt, const char *alias, struct link_info *info)
{
	struct alias_search s = { .alias = alias, .info = info };
	int err;

	if (!*alias)
		return -ENODEV;
	err = link_dump(rt, alias_cb, alias_reset, &s);
	if (err)
		return err;
	return s.found ? 0 : -ENODEV;
}

static int put_name(struct nlmsghdr *req, uint16_t type, const char *name)
{
	if (!*name || strlen(name) >= IF_NAMESIZE)
		return -EINVAL;
	mnl_attr_put_strz(req, type, name);
	return 0;
}

int link_add_bridge(struct nl *rt, const char *name, unsigned int mtu)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req = link_request(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	struct nlattr *linkinfo;

	if (put_name(req, IFLA_IFNAME, name))
		return -EINVAL;
	if (mtu)
		mnl_attr_put_u32(req, IFLA_MTU, mtu);
	linkinfo = mnl_attr_nest_start(req, IFLA_LINKINFO);
	mnl_attr_put_strz(req, IFLA_INFO_KIND, "lbridge");
	mnl_attr_nest_end(req, linkinfo);
	return nl_transact(rt, req, NULL, NULL, 0);
}

int link_add_veth(struct nl *rt, const char *name, const char *peer, int peer_netns_fd,
		  unsigned int mtu, const unsigned char *peer_mac)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req = link_request(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	struct nlattr *linkinfo, *data, *peer_nest;
	struct ifinfomsg *peer_ifi;

	if (put_name(req, IFLA_IFNAME, name))
		return -EINVAL;
	if (mtu)
		mnl_attr_put_u32(req, IFLA_MTU, mtu);
	linkinfo = mnl_attr_nest_start(req, IFLA_LINKINFO);
	mnl_attr_put_strz(req, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(req, IFLA_INFO_DATA);
	/* The peer's attributes follow an ifinfomsg of its own. */
	peer_nest = mnl_attr_nest_start(req, VETH_INFO_PEER);
	peer_ifi = (struct ifinfomsg *)((char *)req + req->nlmsg_len);
	memset(peer_ifi, 0, sizeof(*peer_ifi));
	req->nlmsg_len += MNL_ALIGN(sizeof(*peer_ifi));
	if (put_name(req, IFLA_IFNAME, peer))
		return -EINVAL;
	if (peer_netns_fd >= 0)
		mnl_attr_put_u32(req, IFLA_NET_NS_FD, peer_netns_fd);
	if (mtu)
		mnl_attr_put_u32(req, IFLA_MTU, mtu);
	if (peer_mac)
		mnl_attr_put(req, IFLA_ADDRESS, 6, peer_mac);
	mnl_attr_nest_end(req, peer_nest);
	mnl_attr_nest_end(req, data);
	mnl_attr_nest_end(req, linkinfo);
	return nl_transact(rt, req, NULL, NULL, 0);
}

int link_del(struct nl *rt, unsigned int ifindex)
{
	char buf[NL_REQ_SIZE];

	return nl_transact(rt, link_request(buf, RTM_DELLINK, 0, ifindex), NULL, NULL, 0);
}

static int set_u32(struct nl *rt, unsigned int ifindex, uint16_t type, uint32_t value)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req = link_request(buf, RTM_NEWLINK, 0, ifindex);

	mnl_attr_put_u32(req, type, value);
	return nl_transact(rt, req, NULL, NULL, 0);
}

int link_set_master(struct nl *rt, unsigned int ifindex, unsigned int master)
{
	return set_u32(rt, ifindex, IFLA_MASTER, master);
}

int link_set_netns(struct nl *rt, unsigned int ifindex, int netns_fd)
{
	return set_u32(rt, ifindex, IFLA_NET_NS_FD, netns_fd);
}

int link_set_up(struct nl *rt, unsigned int ifindex)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req = link_request(buf, RTM_NEWLINK, 0, ifindex);
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(req);

	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return nl_transact(rt, req, NULL, NULL, 0);
}

int link_set_alias(struct nl *rt, unsigned int ifindex, const char *alias)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req = link_request(buf, RTM_NEWLINK, 0, ifindex);

	/* IFALIASZ is 256 with its NUL; the kernel refuses longer. */
	if (strlen(alias) >= 256)
		return -EINVAL;
	mnl_attr_put_str(req, IFLA_IFALIAS, alias);
	return nl_transact(rt, req, NULL, NULL, 0);
}

int link_set_name(struct nl *rt, unsigned int ifindex, const char *name)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req = link_request(buf, RTM_NEWLINK, 0, ifindex);

	if (put_name(req, IFLA_IFNAME, name))
		return -EINVAL;
	return nl_transact(rt, req, NULL, NULL, 0);
}

/* --- Interface addresses ------------------------------------------------- */

static struct nlmsghdr *addr_request(char *buf, uint16_t type, uint16_t flags, int family,
				     unsigned int ifindex, unsigned int len)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = family;
	ifa->ifa_prefixlen = len;
	ifa->ifa_index = ifindex;
	return nlh;
}

static int put_addr(struct nlmsghdr *req, const struct ip_prefix *p)
{
	if ((p->family != AF_INET && p->family != AF_INET6) || p->len > family_bits(p->family))
		return -EINVAL;
	/* IPv4 names the local address IFA_LOCAL; IFA_ADDRESS is the peer's. */
	if (p->family == AF_INET)
		mnl_attr_put(req, IFA_LOCAL, 4, p->addr.bytes);
	mnl_attr_put(req, IFA_ADDRESS, family_bytes(p->family), p->addr.bytes);
	return 0;
}

int addr_add(struct nl *rt, unsigned int ifindex, const struct ip_prefix *p)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req = addr_request(buf, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL,
					    p->family, ifindex, p->len);

	if (put_addr(req, p))
		return -EINVAL;
	/*
	 * No duplicate address detection: the address was handed out by an
	 * IPAM that owns the range, and a tentative address would leave the
	 * container unable to use it for a second or more after ADD returns.
	 */
	if (p->family == AF_INET6)
		mnl_attr_put_u32(req, IFA_FLAGS, IFA_F_NODAD);
	return nl_transact(rt, req, NULL, NULL, 0);
}

int addr_del(struct nl *rt, unsigned int ifindex, const struct ip_prefix *p)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req = addr_request(buf, RTM_DELADDR, 0, p->family, ifindex, p->len);

	if (put_addr(req, p))
		return -EINVAL;
	return nl_transact(rt, req, NULL, NULL, 0);
}

struct addr_walk {
	unsigned int ifindex;
	int family;
	struct ip_prefix *out;
	unsigned int max;
	unsigned int n;
};

struct addr_attrs {
	const struct nlattr *local, *address;
};

static int addr_attr_cb(const struct nlattr *a, void *data)
{
	struct addr_attrs *attrs = data;

	if (mnl_attr_get_type(a) == IFA_LOCAL)
		attrs->local = a;
	else if (mnl_attr_get_type(a) == IFA_ADDRESS)
		attrs->address = a;
	return MNL_CB_OK;
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct addr_walk *w = data;
	const struct ifaddrmsg *ifa;
	struct addr_attrs attrs = { 0 };
	const struct nlattr *a;
	struct ip_prefix p = { 0 };

	if (nlh->nlmsg_type != RTM_NEWADDR || mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa))
		return 0;
	ifa = mnl_nlmsg_get_payload(nlh);
	if (ifa->ifa_index != w->ifindex ||
	    (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6) ||
	    (w->family != AF_UNSPEC && ifa->ifa_family != w->family))
		return 0;
	mnl_attr_parse(nlh, sizeof(*ifa), addr_attr_cb, &attrs);
	a = attrs.local ? attrs.local : attrs.address;
	if (!a || mnl_attr_get_payload_len(a) != family_bytes(ifa->ifa_family))
		return 0;
	p.family = ifa->ifa_family;
	p.len = ifa->ifa_prefixlen;
	memcpy(p.addr.bytes, mnl_attr_get_payload(a), family_bytes(p.family));
	if (w->n < w->max)
		w->out[w->n] = p;
	w->n++;
	return 0;
}

static void addr_reset(void *data)
{
	((struct addr_walk *)data)->n = 0;
}

int addr_list(struct nl *rt, unsigned int ifindex, int family, struct ip_prefix *out,
	      unsigned int max)
{
	struct addr_walk w = { .ifindex = ifindex, .family = family, .out = out, .max = max };
	char buf[NL_REQ_SIZE];
	int err;

	err = nl_dump(rt, addr_request(buf, RTM_GETADDR, 0, family, 0, 0), addr_cb, addr_reset,
		      &w);
	return err ? err : (int)w.n;
}

int addr_has(struct nl *rt, unsigned int ifindex, const struct ip_prefix *p)
{
	struct ip_prefix have[64];
	int n = addr_list(rt, ifindex, p->family, have, 64);

	if (n < 0)
		return n;
	for (int i = 0; i < n && i < 64; i++)
		if (have[i].len == p->len &&
		    !memcmp(have[i].addr.bytes, p->addr.bytes, family_bytes(p->family)))
			return 1;
	return 0;
}

/* --- Routes -------------------------------------------------------------- */

static struct nlmsghdr *route_request(char *buf, uint16_t type, uint16_t flags,
				      const struct ip_prefix *dst, bool on_link)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = dst->family;
	rtm->rtm_dst_len = dst->len;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = on_link ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	return nlh;
}

int route_add(struct nl *rt, const struct ip_prefix *dst, const struct ip_prefix *gw,
	      unsigned int ifindex)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req = route_request(buf, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, dst,
					     !gw);
	struct ip_prefix net;

	if ((dst->family != AF_INET && dst->family != AF_INET6) ||
	    dst->len > family_bits(dst->family) || (gw && gw->family != dst->family))
		return -EINVAL;
	/* The kernel refuses a destination with host bits set. */
	ip_prefix_network(dst, &net);
	if (dst->len)
		mnl_attr_put(req, RTA_DST, family_bytes(dst->family), net.addr.bytes);
	if (gw)
		mnl_attr_put(req, RTA_GATEWAY, family_bytes(gw->family), gw->addr.bytes);
	if (ifindex)
		mnl_attr_put_u32(req, RTA_OIF, ifindex);
	return nl_transact(rt, req, NULL, NULL, 0);
}

struct route_search {
	struct ip_prefix dst;		/* network form */
	const struct ip_prefix *gw;
	unsigned int ifindex;
	bool found;
};

struct route_attrs {
	const struct nlattr *dst, *gw, *oif, *table;
};

static int route_attr_cb(const struct nlattr *a, void *data)
{
	struct route_attrs *attrs = data;

	switch (mnl_attr_get_type(a)) {
	case RTA_DST:
		attrs->dst = a;
		break;
	case RTA_GATEWAY:
		attrs->gw = a;
		break;
	case RTA_OIF:
		attrs->oif = a;
		break;
	case RTA_TABLE:
		attrs->table = a;
		break;
	}
	return MNL_CB_OK;
}

static bool attr_is(const struct nlattr *a, const void *bytes, unsigned int len)
{
	return a && mnl_attr_get_payload_len(a) == len && !memcmp(mnl_attr_get_payload(a), bytes, len);
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_search *s = data;
	unsigned int bytes = family_bytes(s->dst.family);
	struct route_attrs attrs = { 0 };
	const struct rtmsg *rtm;
	uint32_t table;

	if (nlh->nlmsg_type != RTM_NEWROUTE || mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		return 0;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_family != s->dst.family || rtm->rtm_dst_len != s->dst.len)
		return 0;
	mnl_attr_parse(nlh, sizeof(*rtm), route_attr_cb, &attrs);
	table = rtm->rtm_table;
	if (attrs.table && !mnl_attr_validate(attrs.table, MNL_TYPE_U32))
		table = mnl_attr_get_u32(attrs.table);
	if (table != RT_TABLE_MAIN)
		return 0;
	if (s->dst.len ? !attr_is(attrs.dst, s->dst.addr.bytes, bytes) : attrs.dst != NULL)
		return 0;
	if (s->gw ? !attr_is(attrs.gw, s->gw->addr.bytes, bytes) : attrs.gw != NULL)
		return 0;
	if (s->ifindex && (!attrs.oif || mnl_attr_validate(attrs.oif, MNL_TYPE_U32) ||
			   mnl_attr_get_u32(attrs.oif) != s->ifindex))
		return 0;
	s->found = true;
	return 0;
}

static void route_reset(void *data)
{
	((struct route_search *)data)->found = false;
}

int route_has(struct nl *rt, const struct ip_prefix *dst, const struct ip_prefix *gw,
	      unsigned int ifindex)
{
	struct route_search s = { .gw = gw, .ifindex = ifindex };
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	int err;

	if ((dst->family != AF_INET && dst->family != AF_INET6) || (gw && gw->family != dst->family))
		return -EINVAL;
	ip_prefix_network(dst, &s.dst);
	req = route_request(buf, RTM_GETROUTE, 0, dst, false);
	/* A dump request takes the family alone. */
	((struct rtmsg *)mnl_nlmsg_get_payload(req))->rtm_dst_len = 0;
	err = nl_dump(rt, req, route_cb, route_reset, &s);
	return err ? err : s.found;
}

void ip_link_local(const unsigned char mac[6], struct ip_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->family = AF_INET6;
	p->len = 64;
	p->addr.bytes[0] = 0xfe;
	p->addr.bytes[1] = 0x80;
	p->addr.bytes[8] = mac[0] ^ 0x02;
	p->addr.bytes[9] = mac[1];
	p->addr.bytes[10] = mac[2];
	p->addr.bytes[11] = 0xff;
	p->addr.bytes[12] = 0xfe;
	p->addr.bytes[13] = mac[3];
	p->addr.bytes[14] = mac[4];
	p->addr.bytes[15] = mac[5];
}

/* --- lbridge's family ---------------------------------------------------- */

int lbr_genl_open(struct lbr_genl *g)
{
	int err;

	g->nl = nl_open(&nl_socket_transport, NETLINK_GENERIC);
	if (!g->nl)
		return -errno;
	err = nl_genl_family(g->nl, LBRIDGE_GENL_NAME, NULL, 0, &g->family, NULL, NULL);
	if (err) {
		nl_close(g->nl);
		g->nl = NULL;
	}
	return err;
}

void lbr_genl_close(struct lbr_genl *g)
{
	if (g->nl)
		nl_close(g->nl);
	g->nl = NULL;
}

int lbr_port_set_label(struct lbr_genl *g, unsigned int ifindex, const char *label)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	struct nlattr *nest;

	if (strlen(label) > LBRIDGE_LABEL_MAX)
		return -EINVAL;
	req = nl_genl_request(buf, g->family, LBRIDGE_CMD_SET_PORT, LBRIDGE_GENL_VERSION);
	nest = mnl_attr_nest_start(req, LBRIDGE_A_PORT);
	mnl_attr_put_u32(req, LBRIDGE_PORT_A_IFINDEX, ifindex);
	mnl_attr_put_strz(req, LBRIDGE_PORT_A_LABEL, label);
	mnl_attr_nest_end(req, nest);
	return nl_transact(g->nl, req, NULL, NULL, 0);
}

static int lbr_allow(struct lbr_genl *g, unsigned int ifindex, uint16_t type, const void *addr,
		     size_t len)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	struct nlattr *nest;
	int err;

	req = nl_genl_request(buf, g->family, LBRIDGE_CMD_NEW_ALLOWED, LBRIDGE_GENL_VERSION);
	nest = mnl_attr_nest_start(req, LBRIDGE_A_PORT);
	mnl_attr_put_u32(req, LBRIDGE_PORT_A_IFINDEX, ifindex);
	mnl_attr_nest_end(req, nest);
	nest = mnl_attr_nest_start(req, LBRIDGE_A_ALLOWED);
	mnl_attr_put(req, type, len, addr);
	mnl_attr_nest_end(req, nest);
	err = nl_transact(g->nl, req, NULL, NULL, 0);
	return err == -EEXIST ? 0 : err;
}

int lbr_port_guard(struct lbr_genl *g, unsigned int ifindex, const unsigned char mac[6],
		   const struct ip_prefix *ips, size_t n_ips)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	struct nlattr *nest;
	int err;

	for (size_t i = 0; i < n_ips; i++)
		if (ips[i].family != AF_INET && ips[i].family != AF_INET6)
			return -EINVAL;
	/* Allowed first: once the guard is on, it fixes on nothing else. */
	err = lbr_allow(g, ifindex, LBRIDGE_ALLOWED_A_MAC, mac, 6);
	for (size_t i = 0; !err && i < n_ips; i++) {
		if (ips[i].family == AF_INET)
			err = lbr_allow(g, ifindex, LBRIDGE_ALLOWED_A_IPV4, &ips[i].addr.v4, 4);
		else
			err = lbr_allow(g, ifindex, LBRIDGE_ALLOWED_A_IPV6, &ips[i].addr.v6, 16);
	}
	if (err)
		return err;
	req = nl_genl_request(buf, g->family, LBRIDGE_CMD_SET_PORT, LBRIDGE_GENL_VERSION);
	nest = mnl_attr_nest_start(req, LBRIDGE_A_PORT);
	mnl_attr_put_u32(req, LBRIDGE_PORT_A_IFINDEX, ifindex);
	mnl_attr_put_u8(req, LBRIDGE_PORT_A_GUARD, 1);
	mnl_attr_put_u8(req, LBRIDGE_PORT_A_RA_GUARD, 1);
	mnl_attr_put_u8(req, LBRIDGE_PORT_A_DHCP_GUARD, 1);
	mnl_attr_nest_end(req, nest);
	return nl_transact(g->nl, req, NULL, NULL, 0);
}

struct port_security_search {
	unsigned int ifindex;
	struct lbr_port_security *s;
	bool found;
};

static int allowed_cb(const struct nlattr *a, void *data)
{
	struct lbr_port_security *s = data;
	struct ip_prefix *ip;

	switch (mnl_attr_get_type(a)) {
	case LBRIDGE_ALLOWED_A_MAC:
		if (mnl_attr_get_payload_len(a) == 6 && s->n_macs < LBRIDGE_ALLOWED_MAX_MACS)
			memcpy(s->macs[s->n_macs++], mnl_attr_get_payload(a), 6);
		break;
	case LBRIDGE_ALLOWED_A_IPV4:
	case LBRIDGE_ALLOWED_A_IPV6:
		if (s->n_ips >= LBRIDGE_ALLOWED_MAX_IPS)
			break;
		ip = &s->ips[s->n_ips];
		memset(ip, 0, sizeof(*ip));
		if (mnl_attr_get_type(a) == LBRIDGE_ALLOWED_A_IPV4 &&
		    mnl_attr_get_payload_len(a) == 4) {
			ip->family = AF_INET;
			ip->len = 32;
			memcpy(&ip->addr.v4, mnl_attr_get_payload(a), 4);
			s->n_ips++;
		} else if (mnl_attr_get_type(a) == LBRIDGE_ALLOWED_A_IPV6 &&
			   mnl_attr_get_payload_len(a) == 16) {
			ip->family = AF_INET6;
			ip->len = 128;
			memcpy(&ip->addr.v6, mnl_attr_get_payload(a), 16);
			s->n_ips++;
		}
		break;
	}
	return MNL_CB_OK;
}

static bool attr_flag(const struct nlattr *a)
{
	return mnl_attr_get_payload_len(a) == 1 && mnl_attr_get_u8(a);
}

static int port_security_attr(const struct nlattr *a, void *data)
{
	struct port_security_search *ps = data;

	switch (mnl_attr_get_type(a)) {
	case LBRIDGE_PORT_A_IFINDEX:
		if (mnl_attr_get_payload_len(a) == 4 && mnl_attr_get_u32(a) == ps->ifindex)
			ps->found = true;
		break;
	case LBRIDGE_PORT_A_GUARD:
		ps->s->guard = attr_flag(a);
		break;
	case LBRIDGE_PORT_A_RA_GUARD:
		ps->s->ra_guard = attr_flag(a);
		break;
	case LBRIDGE_PORT_A_DHCP_GUARD:
		ps->s->dhcp_guard = attr_flag(a);
		break;
	case LBRIDGE_PORT_A_ALLOWED:
		mnl_attr_parse_nested(a, allowed_cb, ps->s);
		break;
	}
	return MNL_CB_OK;
}

static int port_security_cb(const struct nlmsghdr *nlh, void *data)
{
	struct port_security_search *ps = data;
	struct lbr_port_security one = { 0 }, *keep = ps->s;
	const struct nlattr *a;

	if (ps->found)
		return 0;
	ps->s = &one;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) == LBRIDGE_A_PORT)
			mnl_attr_parse_nested(a, port_security_attr, ps);
	ps->s = keep;
	if (ps->found)
		*keep = one;
	return 0;
}

static void port_security_reset(void *data)
{
	struct port_security_search *ps = data;

	ps->found = false;
	memset(ps->s, 0, sizeof(*ps->s));
}

int lbr_port_security_get(struct lbr_genl *g, unsigned int br, unsigned int ifindex,
			  struct lbr_port_security *s)
{
	struct port_security_search ps = { .ifindex = ifindex, .s = s };
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	struct nlattr *nest;
	int err;

	memset(s, 0, sizeof(*s));
	req = nl_genl_request(buf, g->family, LBRIDGE_CMD_GET_PORT, LBRIDGE_GENL_VERSION);
	nest = mnl_attr_nest_start(req, LBRIDGE_A_BRIDGE);
	mnl_attr_put_u32(req, LBRIDGE_BRIDGE_A_IFINDEX, br);
	mnl_attr_nest_end(req, nest);
	nest = mnl_attr_nest_start(req, LBRIDGE_A_PORT);
	mnl_attr_put_u32(req, LBRIDGE_PORT_A_IFINDEX, ifindex);
	mnl_attr_nest_end(req, nest);
	err = nl_dump(g->nl, req, port_security_cb, port_security_reset, &ps);
	if (err)
		return err;
	return ps.found ? 0 : -ENODEV;
}

bool lbr_port_security_has_mac(const struct lbr_port_security *s, const unsigned char mac[6])
{
	for (unsigned int i = 0; i < s->n_macs; i++)
		if (!memcmp(s->macs[i], mac, 6))
			return true;
	return false;
}

bool lbr_port_security_has_ip(const struct lbr_port_security *s, const struct ip_prefix *ip)
{
	size_t len = ip->family == AF_INET ? 4 : 16;

	for (unsigned int i = 0; i < s->n_ips; i++)
		if (s->ips[i].family == ip->family && !memcmp(&s->ips[i].addr, &ip->addr, len))
			return true;
	return false;
}

int lbr_bridge_set_guard(struct lbr_genl *g, unsigned int br, bool on)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	struct nlattr *nest;

	req = nl_genl_request(buf, g->family, LBRIDGE_CMD_SET_BRIDGE, LBRIDGE_GENL_VERSION);
	nest = mnl_attr_nest_start(req, LBRIDGE_A_BRIDGE);
	mnl_attr_put_u32(req, LBRIDGE_BRIDGE_A_IFINDEX, br);
	mnl_attr_put_u8(req, LBRIDGE_BRIDGE_A_GUARD, on);
	mnl_attr_put_u8(req, LBRIDGE_BRIDGE_A_RA_GUARD, on);
	mnl_attr_put_u8(req, LBRIDGE_BRIDGE_A_DHCP_GUARD, on);
	mnl_attr_nest_end(req, nest);
	return nl_transact(g->nl, req, NULL, NULL, 0);
}

static int bridge_guard_attr(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == LBRIDGE_BRIDGE_A_GUARD)
		*(int *)data = attr_flag(a);
	return MNL_CB_OK;
}

static int bridge_guard_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) == LBRIDGE_A_BRIDGE)
			mnl_attr_parse_nested(a, bridge_guard_attr, data);
	return 0;
}

int lbr_bridge_guard(struct lbr_genl *g, unsigned int br)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	struct nlattr *nest;
	int on = 0, err;

	req = nl_genl_request(buf, g->family, LBRIDGE_CMD_GET_BRIDGE, LBRIDGE_GENL_VERSION);
	nest = mnl_attr_nest_start(req, LBRIDGE_A_BRIDGE);
	mnl_attr_put_u32(req, LBRIDGE_BRIDGE_A_IFINDEX, br);
	mnl_attr_nest_end(req, nest);
	err = nl_transact(g->nl, req, bridge_guard_cb, &on, 0);
	return err ? err : on;
}
