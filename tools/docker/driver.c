// SPDX-License-Identifier: GPL-2.0
/*
 * The network driver: Docker's networks as lbridges, its endpoints as
 * veth pairs whose host ends are ports.
 *
 * No state is kept here. A network's bridge carries the alias
 * "docker-network:<NetworkID>", and an endpoint's veth names derive from
 * its EndpointID, so a restarted plugin finds everything in the kernel.
 * Every request is validated whole before the first change, and a change
 * that fails half-way is undone: Docker is told Err and nothing is left.
 */
#include <ctype.h>
#include <errno.h>
#include <json-c/json.h>
#include <linux/if_link.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/lbridge.h>

#include "../link.h"
#include "../netlink.h"
#include "../parse.h"
#include "driver.h"

#define ALIAS_PREFIX "docker-network:"
/*
 * An endpoint's host end: "docker-endpoint:<EndpointID> <IPv4> <IPv6>",
 * the addresses Docker's IPAM gave it ("-": none), so that DeleteEndpoint
 * and Join act only on a veth this driver made for that endpoint, and Join
 * finds the gateway of the endpoint's own pool.
 */
#define EP_PREFIX "docker-endpoint:"
/* Docker's IDs are 64 hex digits; names and labels take the first 12. */
#define ID_LEN 64
#define ID_SHORT 12
#define HOST_PREFIX "lbh"
#define PEER_PREFIX "lbc"
#define BRIDGE_PREFIX "lb-"
/* A bridge's name until it carries its network's alias. */
#define TMP_PREFIX "lbt"
#define OPT_MTU "com.docker.network.driver.mtu"
#define OPT_GENERIC "com.docker.network.generic"
#define OPT_NAME "lbridge.name"
/* on: the network's ports allow their endpoint's MAC and addresses alone. */
#define OPT_GUARD "lbridge.guard"
/* More gateways than this in one network is not a request we honour. */
#define POOLS_MAX 16
/* Compact, and "/" as it is. */
#define JSON_OUT (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
/* The bridge's addresses Join reads to find the gateways. */
#define ADDRS_MAX 32

enum { OK = 200, BAD = 400, NOT_FOUND = 404, FAILED = 500 };

struct req {
	struct json_object *in;		/* the request body: an object */
	struct json_object *out;	/* the answer */
	struct nl *rt;			/* opened on first use */
	char err[512];
};

static int fail(struct req *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct req *r, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	return status;
}

/* A kernel refusal: errno's text, and the kernel's own words if it gave any. */
static int fail_nl(struct req *r, int err, const char *what)
{
	const char *kmsg = r->rt && r->rt->errmsg[0] ? r->rt->errmsg : NULL;

	return fail(r, FAILED, "%s: %s%s%s%s", what, strerror(-err), kmsg ? " (" : "",
		    kmsg ? kmsg : "", kmsg ? ")" : "");
}

static int open_rt(struct req *r)
{
	if (r->rt)
		return 0;
	r->rt = rtnl_open();
	if (!r->rt)
		return fail(r, FAILED, "rtnetlink: %s", strerror(errno));
	return 0;
}

/* --- Decoding ------------------------------------------------------------- */

static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/*
 * key's value as a string: NULL if absent or null, and a refusal (status
 * in *status) if it is anything but a string.
 */
static const char *opt_string(struct req *r, struct json_object *o, const char *key,
			      int *status)
{
	struct json_object *v = member(o, key);

	*status = 0;
	if (!v)
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		*status = fail(r, BAD, "%s must be a string", key);
		return NULL;
	}
	return json_object_get_string(v);
}

static int want_id(struct req *r, const char *key, const char **id)
{
	int status;
	size_t len;

	*id = opt_string(r, r->in, key, &status);
	if (status)
		return status;
	if (!*id)
		return fail(r, BAD, "%s is missing", key);
	len = strlen(*id);
	if (len != ID_LEN || strspn(*id, "0123456789abcdef") != len)
		return fail(r, BAD, "%s must be %d lowercase hexadecimal digits", key, ID_LEN);
	return 0;
}

/* Stricter than the kernel (dev_valid_name): a name safe in any shell. */
static bool valid_ifname(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len >= IF_NAMESIZE || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
			return false;
	return true;
}

static void derive_name(char name[IF_NAMESIZE], const char *prefix, const char *id)
{
	snprintf(name, IF_NAMESIZE, "%s%.*s", prefix, ID_SHORT, id);
}

static void network_alias(char *buf, size_t size, const char *nid)
{
	snprintf(buf, size, ALIAS_PREFIX "%s", nid);
}

/* The bridge a network's requests act on: found by its alias alone. */
static int find_network(struct req *r, const char *nid, struct link_info *br)
{
	char alias[sizeof(br->alias)];
	int err = open_rt(r);

	if (err)
		return err;
	network_alias(alias, sizeof(alias), nid);
	err = link_find_alias(r->rt, alias, br);
	if (err == -ENODEV)
		return fail(r, FAILED, "network %.12s has no lbridge (was it removed by hand?)",
			    nid);
	if (err)
		return fail_nl(r, err, "looking for the network's bridge");
	if (strcmp(br->kind, "lbridge"))
		return fail(r, FAILED, "network %.12s: %s is not an lbridge", nid, br->name);
	return 0;
}

/* --- Networks ------------------------------------------------------------- */

struct gateway {
	struct ip_prefix addr;		/* with the pool's prefix length */
};

/*
 * IPv4Data or IPv6Data: each pool's gateway, as "address/len" (Docker
 * sends the gateway with the pool's mask) or a bare address that takes the
 * pool's length. A gateway outside its pool is refused.
 */
static int parse_pools(struct req *r, const char *key, int family, struct gateway *gw,
		       unsigned int *n)
{
	struct json_object *list = member(r->in, key);
	size_t count;

	if (!list)
		return 0;
	if (!json_object_is_type(list, json_type_array))
		return fail(r, BAD, "%s must be an array", key);
	count = json_object_array_length(list);
	for (size_t i = 0; i < count; i++) {
		struct json_object *pool = json_object_array_get_idx(list, i);
		struct ip_prefix net, addr;
		const char *text;
		int status;

		if (!json_object_is_type(pool, json_type_object))
			return fail(r, BAD, "%s[%zu] must be an object", key, i);
		text = opt_string(r, pool, "Pool", &status);
		if (status)
			return status;
		if (!text || ip_prefix_parse(text, &net) || net.family != family)
			return fail(r, BAD, "%s[%zu].Pool is not an IPv%d prefix", key, i,
				    family == AF_INET ? 4 : 6);
		text = opt_string(r, pool, "Gateway", &status);
		if (status)
			return status;
		if (!text)
			continue;
		if (ip_prefix_parse(text, &addr) || addr.family != family)
			return fail(r, BAD, "%s[%zu].Gateway is not an IPv%d address", key, i,
				    family == AF_INET ? 4 : 6);
		if (!strchr(text, '/'))
			addr.len = net.len;
		if (addr.len != net.len || !ip_prefix_contains(&net, &addr))
			return fail(r, BAD, "%s[%zu].Gateway %.64s is not in pool", key, i, text);
		if (*n == POOLS_MAX)
			return fail(r, BAD, "more than %d pools", POOLS_MAX);
		gw[(*n)++].addr = addr;
	}
	return 0;
}

/*
 * The bridge's name: -o lbridge.name=NAME reaches us in the generic
 * options, as does -o lbridge.guard=on|off (*guard 1 or 0, -1 if absent).
 * Other lbridge.* options are refused, so that a typo is not silently
 * ignored; Docker's own options are not ours to judge.
 */
static int parse_network_options(struct req *r, const char *nid, char name[IF_NAMESIZE],
				 unsigned int *mtu, int *guard)
{
	struct json_object *opts = member(r->in, "Options");
	struct json_object *generic = member(opts, OPT_GENERIC);

	if (opts && !json_object_is_type(opts, json_type_object))
		return fail(r, BAD, "Options must be an object");
	if (generic && !json_object_is_type(generic, json_type_object))
		return fail(r, BAD, OPT_GENERIC " must be an object");
	derive_name(name, BRIDGE_PREFIX, nid);
	if (!generic)
		return 0;
	json_object_object_foreach(generic, key, val) {
		const char *text;

		if (!strcmp(key, OPT_MTU)) {
			/* -o com.docker.network.driver.mtu=N: the bridge's and its ports'. */
			char *end;
			unsigned long v;

			text = json_object_is_type(val, json_type_string) ?
				json_object_get_string(val) : "";
			errno = 0;
			v = strtoul(text, &end, 10);
			if (!isdigit((unsigned char)*text) || *end || errno || v < 68 || v > 65535)
				return fail(r, BAD, OPT_MTU " must be a number from 68 to 65535");
			*mtu = (unsigned int)v;
			continue;
		}
		if (strncmp(key, "lbridge.", 8))
			continue;
		text = json_object_is_type(val, json_type_string) ?
			json_object_get_string(val) : "";
		if (!strcmp(key, OPT_GUARD)) {
			if (strcmp(text, "on") && strcmp(text, "off"))
				return fail(r, BAD, OPT_GUARD " must be on or off, not %.32s",
					    text);
			*guard = !strcmp(text, "on");
			continue;
		}
		if (strcmp(key, OPT_NAME))
			return fail(r, BAD, "unknown option %.64s (lbridge takes " OPT_NAME
				    " and " OPT_GUARD ")", key);
		if (!valid_ifname(text))
			return fail(r, BAD,
				    OPT_NAME " must be 1 to %d letters, digits, '-', '_' or '.'",
				    IF_NAMESIZE - 1);
		strcpy(name, text);
	}
	return 0;
}

/*
 * Whether the link that holds name may not become this network's bridge.
 * The same network's own bridge is taken back (Docker may ask again after
 * its own restart); anything else is refused, never adopted.
 */
static int check_existing(struct req *r, const struct link_info *l, const char *alias)
{
	if (!strcmp(l->kind, "lbridge") && !strcmp(l->alias, alias))
		return 0;
	if (!strcmp(l->kind, "lbridge") && !strncmp(l->alias, ALIAS_PREFIX, strlen(ALIAS_PREFIX)))
		return fail(r, FAILED, "%s is the bridge of docker network %.12s", l->name,
			    l->alias + strlen(ALIAS_PREFIX));
	return fail(r, FAILED, "a link named %s exists already (kind %s): not taking it over",
		    l->name, l->kind[0] ? l->kind : "none");
}

static int fail_genl(struct req *r, struct lbr_genl *g, int err, const char *what)
{
	return fail(r, FAILED, "%s: %s%s%s%s", what, strerror(-err), g->nl->errmsg[0] ? " (" : "",
		    g->nl->errmsg, g->nl->errmsg[0] ? ")" : "");
}

static int set_bridge_guard(struct req *r, unsigned int br, bool on)
{
	struct lbr_genl g;
	int err;

	err = lbr_genl_open(&g);
	if (err)
		return fail(r, FAILED, "lbridge netlink: %s", strerror(-err));
	err = lbr_bridge_set_guard(&g, br, on);
	if (err)
		fail_genl(r, &g, err, "setting the bridge's guards");
	lbr_genl_close(&g);
	return err ? FAILED : 0;
}

/*
 * With the bridge's guard default on (lbridge.guard=on): the port allows
 * the endpoint's MAC and addresses (and, with an IPv6 one, the link-local
 * address the kernel derives from the MAC) and its guards go on. The port
 * joined with its guards on already, but its peer is still down here in
 * our namespace: nothing was sent it could have fixed on.
 */
static int guard_endpoint(struct req *r, unsigned int bridge, unsigned int port,
			  const unsigned char mac[6], const char *a4, const char *a6)
{
	struct ip_prefix ips[3];
	struct lbr_genl g;
	size_t n = 0;
	int err;

	err = lbr_genl_open(&g);
	if (err)
		return fail(r, FAILED, "lbridge netlink: %s", strerror(-err));
	err = lbr_bridge_guard(&g, bridge);
	if (err < 0) {
		fail_genl(r, &g, err, "reading the bridge's guards");
		goto out;
	}
	if (!err)
		goto out;
	if (strcmp(a4, "-") && !ip_prefix_parse(a4, &ips[n]))
		n++;
	if (strcmp(a6, "-") && !ip_prefix_parse(a6, &ips[n])) {
		n++;
		ip_link_local(mac, &ips[n++]);
	}
	err = lbr_port_guard(&g, port, mac, ips, n);
	if (err)
		fail_genl(r, &g, err, "turning port security on");
out:
	lbr_genl_close(&g);
	return err ? FAILED : 0;
}

static int create_network(struct req *r)
{
	struct gateway gw[POOLS_MAX];
	char name[IF_NAMESIZE], tmp[IF_NAMESIZE], alias[sizeof(((struct link_info *)0)->alias)];
	bool added[POOLS_MAX] = { false };
	struct link_info br;
	unsigned int ngw = 0, mtu = 0;
	bool created = false;
	const char *nid;
	int err, guard = -1;

	err = want_id(r, "NetworkID", &nid);
	if (!err)
		err = parse_network_options(r, nid, name, &mtu, &guard);
	if (!err)
		err = parse_pools(r, "IPv4Data", AF_INET, gw, &ngw);
	if (!err)
		err = parse_pools(r, "IPv6Data", AF_INET6, gw, &ngw);
	if (!err)
		err = open_rt(r);
	if (err)
		return err;
	network_alias(alias, sizeof(alias), nid);
	derive_name(tmp, TMP_PREFIX, nid);

	/* Another bridge of this network under another name: refuse. */
	err = link_find_alias(r->rt, alias, &br);
	if (!err && !strcmp(br.name, tmp) && !strcmp(br.kind, "lbridge")) {
		/* Left by a plugin that died before naming it: finish it. */
		created = true;
		goto rename;
	}
	if (!err && strcmp(br.name, name))
		return fail(r, FAILED, "network %.12s has a bridge already: %s", nid, br.name);
	if (err && err != -ENODEV)
		return fail_nl(r, err, "looking for the network's bridge");

	err = link_get(r->rt, name, &br);
	if (!err) {
		err = check_existing(r, &br, alias);
		if (err)
			return err;
	} else if (err == -ENODEV) {
		/*
		 * Made under a name of our own, then aliased, then renamed: a
		 * crash in between leaves a link this code knows as its own,
		 * never one named like the user's that we could not tell apart.
		 */
		err = link_add_bridge(r->rt, tmp, mtu);
		if (err == -EOPNOTSUPP)
			return fail(r, FAILED, "creating %s: the lbridge module is not available",
				    name);
		if (err == -EEXIST)
			return fail(r, FAILED, "a link named %s exists already: not taking it over",
				    tmp);
		if (err)
			return fail_nl(r, err, "creating the bridge");
		created = true;
		err = link_get(r->rt, tmp, &br);
		if (err) {
			fail_nl(r, err, "reading the new bridge");
			goto err_created;
		}
		err = link_set_alias(r->rt, br.ifindex, alias);
		if (err) {
			fail_nl(r, err, "naming the bridge's network");
			goto err_del;
		}
rename:
		err = link_set_name(r->rt, br.ifindex, name);
		if (err) {
			fail_nl(r, err, "renaming the bridge");
			goto err_del;
		}
		snprintf(br.name, sizeof(br.name), "%s", name);
	} else {
		return fail_nl(r, err, "looking for the bridge");
	}

	for (unsigned int i = 0; i < ngw; i++) {
		err = addr_add(r->rt, br.ifindex, &gw[i].addr);
		added[i] = !err;
		if (err && err != -EEXIST) {
			char buf[INET6_ADDRSTRLEN + 4];

			fail_nl(r, err, ip_prefix_format(&gw[i].addr, true, buf, sizeof(buf)));
			goto err_addrs;
		}
	}
	/*
	 * The network's guard setting lives in the bridge, as its ports'
	 * default: endpoints read it back from there, nothing else is kept.
	 * A bridge taken back gets what the network asks for now.
	 */
	if (guard == 1 || (!created && guard == 0)) {
		err = set_bridge_guard(r, br.ifindex, guard == 1);
		if (err)
			goto err_addrs;
	}
	err = link_set_up(r->rt, br.ifindex);
	if (err) {
		fail_nl(r, err, "setting the bridge up");
		goto err_addrs;
	}
	fprintf(stderr, "network %.12s: bridge %s%s%s\n", nid, name, created ? "" : " (existed)",
		guard == 1 ? ", guarded" : "");
	return 0;

err_addrs:
	if (!created) {
		/* The network's bridge from before: left as it was. */
		for (unsigned int i = 0; i < ngw; i++)
			if (added[i])
				addr_del(r->rt, br.ifindex, &gw[i].addr);
		return FAILED;
	}
err_del:
	link_del(r->rt, br.ifindex);
	return FAILED;
err_created:
	/* No ifindex to delete by: look the new link up once more. */
	if (!link_get(r->rt, tmp, &br))
		link_del(r->rt, br.ifindex);
	return FAILED;
}

/*
 * The links enslaved to master whose alias marks them as our endpoints'.
 * link.h has no listing of a bridge's ports: a dump of our own, until it
 * does.
 */
struct port_scan {
	unsigned int master;
	unsigned int *found;
	size_t n, size;
};

static int port_cb(const struct link_info *l, void *data)
{
	struct port_scan *s = data;

	if (l->master != s->master || strncmp(l->alias, EP_PREFIX, strlen(EP_PREFIX)))
		return 0;
	if (s->n == s->size) {
		size_t size = s->size ? 2 * s->size : 16;
		unsigned int *more = realloc(s->found, size * sizeof(*more));

		if (!more)
			return -ENOMEM;
		s->found = more;
		s->size = size;
	}
	s->found[s->n++] = l->ifindex;
	return 0;
}

static void port_reset(void *data)
{
	((struct port_scan *)data)->n = 0;
}

/*
 * Docker deletes endpoints before their network; a plugin that died in
 * between leaves veths that deleting the bridge would only set free.
 */
static int delete_endpoint_ports(struct req *r, const struct link_info *br)
{
	struct port_scan s = { .master = br->ifindex };
	int err;

	err = link_dump(r->rt, port_cb, port_reset, &s);
	for (size_t i = 0; !err && i < s.n; i++) {
		struct link_info l;

		/* Read again: only a veth still ours and still on this bridge. */
		if (link_get_index(r->rt, s.found[i], &l) || strcmp(l.kind, "veth") ||
		    l.master != br->ifindex || strncmp(l.alias, EP_PREFIX, strlen(EP_PREFIX)))
			continue;
		err = link_del(r->rt, l.ifindex);
		if (err == -ENODEV)
			err = 0;
		else if (!err)
			fprintf(stderr, "network: port %s of %s deleted with it\n", l.name,
				br->name);
	}
	free(s.found);
	return err ? fail_nl(r, err, "deleting the bridge's endpoint ports") : 0;
}

static int delete_network(struct req *r)
{
	char alias[sizeof(((struct link_info *)0)->alias)];
	struct link_info br;
	const char *nid;
	int err;

	err = want_id(r, "NetworkID", &nid);
	if (!err)
		err = open_rt(r);
	if (err)
		return err;
	network_alias(alias, sizeof(alias), nid);
	err = link_find_alias(r->rt, alias, &br);
	/* Gone already (deleted by hand): Docker may forget the network. */
	if (err == -ENODEV)
		return 0;
	if (err)
		return fail_nl(r, err, "looking for the network's bridge");
	if (strcmp(br.kind, "lbridge"))
		return fail(r, FAILED, "%s is not an lbridge: not deleting it", br.name);
	err = delete_endpoint_ports(r, &br);
	if (err)
		return err;
	err = link_del(r->rt, br.ifindex);
	if (err && err != -ENODEV)
		return fail_nl(r, err, "deleting the bridge");
	fprintf(stderr, "network %.12s: bridge %s deleted\n", nid, br.name);
	return 0;
}

/* --- Endpoints ------------------------------------------------------------ */

static int want_ids(struct req *r, const char **nid, const char **eid)
{
	int err = want_id(r, "NetworkID", nid);

	return err ? err : want_id(r, "EndpointID", eid);
}

static int set_label(struct req *r, unsigned int ifindex, const char *eid)
{
	char label[LBRIDGE_LABEL_MAX + 1];
	struct lbr_genl g;
	int err;

	snprintf(label, sizeof(label), "docker:%.*s", ID_SHORT, eid);
	err = lbr_genl_open(&g);
	if (err)
		return fail(r, FAILED, "lbridge netlink: %s", strerror(-err));
	err = lbr_port_set_label(&g, ifindex, label);
	if (err)
		fail(r, FAILED, "labelling the port: %s%s%s%s", strerror(-err),
		     g.nl->errmsg[0] ? " (" : "", g.nl->errmsg, g.nl->errmsg[0] ? ")" : "");
	lbr_genl_close(&g);
	return err ? FAILED : 0;
}

/* Whether alias is that of endpoint eid's host end. */
static bool endpoint_owns(const char *alias, const char *eid)
{
	size_t n = strlen(EP_PREFIX);

	return !strncmp(alias, EP_PREFIX, n) && !strncmp(alias + n, eid, ID_LEN) &&
	       (alias[n + ID_LEN] == ' ' || alias[n + ID_LEN] == '\0');
}

/*
 * Interface.Address or AddressIPv6: "" or absent is none; else an address
 * of family with its prefix length, written back into text ("-": none).
 */
static int parse_ep_addr(struct req *r, struct json_object *iface, const char *key,
			 int family, char *text, size_t size)
{
	struct ip_prefix p;
	const char *v;
	int status;

	v = opt_string(r, iface, key, &status);
	if (status)
		return status;
	if (!v || !*v) {
		snprintf(text, size, "-");
		return 0;
	}
	if (ip_prefix_parse(v, &p) || p.family != family || !strchr(v, '/'))
		return fail(r, BAD, "Interface.%s %.64s is not an IPv%d address/length", key, v,
			    family == AF_INET ? 4 : 6);
	ip_prefix_format(&p, true, text, size);
	return 0;
}

/*
 * Published ports (docker run -p) need NAT that lbridge does not do:
 * refused rather than silently ignored. Exposed ports alone (an image's
 * EXPOSE) ask for nothing and are let through.
 */
static int check_portmap(struct req *r)
{
	struct json_object *opts = member(r->in, "Options");
	struct json_object *pm = member(opts, "com.docker.network.portmap");

	if (opts && !json_object_is_type(opts, json_type_object))
		return fail(r, BAD, "Options must be an object");
	if (pm && json_object_is_type(pm, json_type_array) && json_object_array_length(pm))
		return fail(r, FAILED, "lbridge does not publish ports (no NAT): "
			    "use the container's address, without -p");
	if (pm && !json_object_is_type(pm, json_type_array) &&
	    !json_object_is_type(pm, json_type_null))
		return fail(r, BAD, "com.docker.network.portmap must be an array");
	return 0;
}

/*
 * A veth pair: the host end a port of the network's bridge, labelled
 * "docker:<first 12 of EndpointID>" and aliased with the endpoint (see
 * EP_PREFIX), the peer left here for Join to hand to Docker, which moves it
 * into the container. The peer gets the MAC Docker asked for, or tells
 * Docker the one the kernel chose. A pair left by a plugin that died
 * half-way through this endpoint's creation is taken back and finished.
 */
static int create_endpoint(struct req *r)
{
	struct json_object *iface, *answer;
	char host[IF_NAMESIZE], peer[IF_NAMESIZE], text[18];
	char a4[INET6_ADDRSTRLEN + 4], a6[INET6_ADDRSTRLEN + 4];
	char alias[sizeof(((struct link_info *)0)->alias)];
	unsigned char mac[6];
	struct link_info br, h, p;
	const char *nid, *eid, *mac_text = NULL;
	int err, status;

	err = want_ids(r, &nid, &eid);
	if (!err)
		err = check_portmap(r);
	if (err)
		return err;
	iface = member(r->in, "Interface");
	if (iface && !json_object_is_type(iface, json_type_object))
		return fail(r, BAD, "Interface must be an object");
	mac_text = opt_string(r, iface, "MacAddress", &status);
	if (status)
		return status;
	if (mac_text && !*mac_text)
		mac_text = NULL;
	/* A port's address: unicast, not all zeros. */
	if (mac_text && (parse_mac(mac_text, mac) || !mac_is_valid_unicast(mac)))
		return fail(r, BAD, "Interface.MacAddress %.20s is not a unicast MAC address",
			    mac_text);
	err = parse_ep_addr(r, iface, "Address", AF_INET, a4, sizeof(a4));
	if (!err)
		err = parse_ep_addr(r, iface, "AddressIPv6", AF_INET6, a6, sizeof(a6));
	if (!err)
		err = find_network(r, nid, &br);
	if (err)
		return err;
	derive_name(host, HOST_PREFIX, eid);
	derive_name(peer, PEER_PREFIX, eid);
	snprintf(alias, sizeof(alias), EP_PREFIX "%s %s %s", eid, a4, a6);

	err = link_add_veth(r->rt, host, peer, -1, br.mtu, mac_text ? mac : NULL);
	if (err == -EEXIST) {
		/* Ours from a try that did not finish, or not ours at all. */
		if (link_get(r->rt, host, &h) || strcmp(h.kind, "veth") ||
		    !endpoint_owns(h.alias, eid) || (h.master && h.master != br.ifindex) ||
		    link_get(r->rt, peer, &p) || strcmp(p.kind, "veth"))
			return fail(r, FAILED, "creating %s and %s: a link of either name exists",
				    host, peer);
		if (mac_text && memcmp(p.mac, mac, sizeof(mac)))
			return fail(r, FAILED, "%s is left from before with another MAC address",
				    peer);
		err = 0;
	} else if (err) {
		return fail_nl(r, err, "creating the veth pair");
	} else {
		err = link_get(r->rt, host, &h);
		if (err) {
			fail_nl(r, err, "reading the new veth");
			/* Deleting the peer takes the host end with it. */
			if (!link_get(r->rt, peer, &p))
				link_del(r->rt, p.ifindex);
			return FAILED;
		}
		err = link_get(r->rt, peer, &p);
		if (err) {
			fail_nl(r, err, "reading the new veth's peer");
			goto err_del;
		}
	}
	/* The alias first: from here on a crash leaves a pair we know as ours. */
	err = link_set_alias(r->rt, h.ifindex, alias);
	if (err) {
		fail_nl(r, err, "naming the port's endpoint");
		goto err_del;
	}
	err = link_set_master(r->rt, h.ifindex, br.ifindex);
	if (err) {
		fail_nl(r, err, "adding the port");
		goto err_del;
	}
	err = set_label(r, h.ifindex, eid);
	if (!err)
		err = guard_endpoint(r, br.ifindex, h.ifindex, p.mac, a4, a6);
	if (err)
		goto err_del;
	err = link_set_up(r->rt, h.ifindex);
	if (err) {
		fail_nl(r, err, "setting the port up");
		goto err_del;
	}

	/* Docker refuses a value back for one it gave: only the MAC it left to us. */
	if (!mac_text) {
		answer = json_object_new_object();
		json_object_object_add(r->out, "Interface", answer);
		format_mac(p.mac, text);
		json_object_object_add(answer, "MacAddress", json_object_new_string(text));
	}
	fprintf(stderr, "endpoint %.12s: port %s of %s, peer %s\n", eid, host, br.name, peer);
	return 0;

err_del:
	link_del(r->rt, h.ifindex);
	return FAILED;
}

/* The veth of endpoint eid, if this driver made it: -ENODEV if none. */
static int find_endpoint(struct req *r, const char *eid, struct link_info *h)
{
	char host[IF_NAMESIZE];
	int err;

	derive_name(host, HOST_PREFIX, eid);
	err = link_get(r->rt, host, h);
	if (err == -ENODEV)
		return err;
	if (err)
		return fail_nl(r, err, "looking for the port");
	if (strcmp(h->kind, "veth") || !endpoint_owns(h->alias, eid))
		return fail(r, FAILED, "%s is not endpoint %.12s's veth: not touching it", host,
			    eid);
	return 0;
}

static int delete_endpoint(struct req *r)
{
	char alias[sizeof(((struct link_info *)0)->alias)];
	struct link_info h, br;
	const char *nid, *eid;
	int err;

	err = want_ids(r, &nid, &eid);
	if (!err)
		err = open_rt(r);
	if (err)
		return err;
	err = find_endpoint(r, eid, &h);
	/* The container's namespace took the pair with it: nothing to do. */
	if (err == -ENODEV)
		return 0;
	if (err)
		return err;
	network_alias(alias, sizeof(alias), nid);
	if (h.master && (link_find_alias(r->rt, alias, &br) || h.master != br.ifindex))
		return fail(r, FAILED, "%s is not a port of network %.12s: not deleting it",
			    h.name, nid);
	err = link_del(r->rt, h.ifindex);
	if (err && err != -ENODEV)
		return fail_nl(r, err, "deleting the port");
	fprintf(stderr, "endpoint %.12s: port %s deleted\n", eid, h.name);
	return 0;
}

static bool link_local6(const struct ip_prefix *a)
{
	return a->family == AF_INET6 && a->addr.v6.s6_addr[0] == 0xfe &&
	       (a->addr.v6.s6_addr[1] & 0xc0) == 0x80;
}

/*
 * The gateway of family for an endpoint at mine (NULL: unknown): the
 * bridge's address whose prefix holds it, else the first one.
 */
static const struct ip_prefix *pick_gateway(const struct ip_prefix *addrs, int n, int family,
					    const struct ip_prefix *mine)
{
	const struct ip_prefix *first = NULL;

	for (int i = 0; i < n && i < ADDRS_MAX; i++) {
		struct ip_prefix net;

		if (addrs[i].family != family || link_local6(&addrs[i]))
			continue;
		if (!first)
			first = &addrs[i];
		ip_prefix_network(&addrs[i], &net);
		if (mine && ip_prefix_contains(&net, mine))
			return &addrs[i];
	}
	return first;
}

/*
 * The peer to move into the sandbox, and the gateways: the bridge's own
 * addresses, read back from the kernel (no state here), the one in the
 * endpoint's pool (its address is in the port's alias).
 */
static int join(struct req *r)
{
	char peer[IF_NAMESIZE], buf[INET6_ADDRSTRLEN + 4];
	char a4[INET6_ADDRSTRLEN + 4] = "-", a6[INET6_ADDRSTRLEN + 4] = "-";
	struct json_object *name;
	struct ip_prefix addrs[ADDRS_MAX], mine4, mine6;
	const struct ip_prefix *gw;
	struct link_info br, h;
	const char *nid, *eid;
	int err, n;

	err = want_ids(r, &nid, &eid);
	if (!err)
		err = find_network(r, nid, &br);
	if (err)
		return err;
	derive_name(peer, PEER_PREFIX, eid);
	err = find_endpoint(r, eid, &h);
	if (err == -ENODEV)
		return fail(r, FAILED, "endpoint %.12s has no port", eid);
	if (err)
		return err;
	if (h.master != br.ifindex)
		return fail(r, FAILED, "%s is not a port of %s", h.name, br.name);
	sscanf(h.alias + strlen(EP_PREFIX) + ID_LEN, " %45s %45s", a4, a6);

	name = json_object_new_object();
	json_object_object_add(name, "SrcName", json_object_new_string(peer));
	json_object_object_add(name, "DstPrefix", json_object_new_string("eth"));
	json_object_object_add(r->out, "InterfaceName", name);
	n = addr_list(r->rt, br.ifindex, AF_UNSPEC, addrs, ADDRS_MAX);
	if (n < 0)
		return fail_nl(r, n, "reading the bridge's addresses");
	gw = pick_gateway(addrs, n, AF_INET, ip_prefix_parse(a4, &mine4) ? NULL : &mine4);
	if (gw)
		json_object_object_add(r->out, "Gateway",
				       json_object_new_string(ip_prefix_format(gw, false, buf,
									       sizeof(buf))));
	gw = pick_gateway(addrs, n, AF_INET6, ip_prefix_parse(a6, &mine6) ? NULL : &mine6);
	if (gw)
		json_object_object_add(r->out, "GatewayIPv6",
				       json_object_new_string(ip_prefix_format(gw, false, buf,
									       sizeof(buf))));
	return 0;
}

/* Requests that need their IDs checked and nothing done. */
static int ids_only(struct req *r)
{
	const char *nid, *eid;

	return want_ids(r, &nid, &eid);
}

/* Docker asks here too for published ports: refused alike. */
static int program_external(struct req *r)
{
	int err = ids_only(r);

	return err ? err : check_portmap(r);
}

static int endpoint_oper_info(struct req *r)
{
	int err = ids_only(r);

	if (!err)
		json_object_object_add(r->out, "Value", json_object_new_object());
	return err;
}

/* --- Handshake and the calls a local driver answers trivially ------------ */

static int activate(struct req *r)
{
	struct json_object *impl = json_object_new_array();

	json_object_array_add(impl, json_object_new_string("NetworkDriver"));
	json_object_object_add(r->out, "Implements", impl);
	return 0;
}

static int get_capabilities(struct req *r)
{
	json_object_object_add(r->out, "Scope", json_object_new_string("local"));
	json_object_object_add(r->out, "ConnectivityScope", json_object_new_string("local"));
	return 0;
}

static int nothing(struct req *r)
{
	(void)r;
	return 0;
}

/* Only global-scope drivers are asked to allocate: lbridge is local. */
static int allocate_network(struct req *r)
{
	return fail(r, FAILED, "lbridge is a local-scope driver: no network allocation");
}

static const struct method {
	const char *path;
	int (*fn)(struct req *r);
	bool body;			/* decodes a JSON object */
} methods[] = {
	{ "/Plugin.Activate", activate, false },
	{ "/NetworkDriver.GetCapabilities", get_capabilities, false },
	{ "/NetworkDriver.CreateNetwork", create_network, true },
	{ "/NetworkDriver.DeleteNetwork", delete_network, true },
	{ "/NetworkDriver.CreateEndpoint", create_endpoint, true },
	{ "/NetworkDriver.DeleteEndpoint", delete_endpoint, true },
	{ "/NetworkDriver.EndpointOperInfo", endpoint_oper_info, true },
	{ "/NetworkDriver.Join", join, true },
	{ "/NetworkDriver.Leave", ids_only, true },
	{ "/NetworkDriver.DiscoverNew", nothing, false },
	{ "/NetworkDriver.DiscoverDelete", nothing, false },
	{ "/NetworkDriver.ProgramExternalConnectivity", program_external, true },
	{ "/NetworkDriver.RevokeExternalConnectivity", ids_only, true },
	{ "/NetworkDriver.AllocateNetwork", allocate_network, false },
	{ "/NetworkDriver.FreeNetwork", nothing, false },
};

/* --- The entry point ------------------------------------------------------ */

static char *answer_err(const char *msg)
{
	struct json_object *o = json_object_new_object();
	char *text;

	json_object_object_add(o, "Err", json_object_new_string(msg));
	text = strdup(json_object_to_json_string_ext(o, JSON_OUT));
	json_object_put(o);
	return text;
}

void driver_printable(char *buf, size_t size, const char *s)
{
	size_t i;

	for (i = 0; i + 1 < size && s[i]; i++)
		buf[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	buf[i] = '\0';
}

char *driver_error(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return answer_err(msg);
}

static int decode(struct req *r, const char *body, size_t len)
{
	struct json_tokener *tok;
	enum json_tokener_error jerr;

	if (len > DRIVER_BODY_MAX)
		return fail(r, BAD, "request body over %d bytes", DRIVER_BODY_MAX);
	if (memchr(body, '\0', len))
		return fail(r, BAD, "request body holds a NUL byte");
	tok = json_tokener_new();
	if (!tok)
		return fail(r, FAILED, "out of memory");
	/* Docker sends UTF-8, and names and messages are echoed back. */
	json_tokener_set_flags(tok, JSON_TOKENER_VALIDATE_UTF8);
	r->in = json_tokener_parse_ex(tok, body, (int)len);
	jerr = json_tokener_get_error(tok);
	/* Anything after the object (but whitespace) is as bad as a torn one. */
	for (size_t i = json_tokener_get_parse_end(tok); r->in && jerr == json_tokener_success && i < len; i++)
		if (!strchr(" \t\r\n", body[i]))
			jerr = json_tokener_error_parse_unexpected;
	json_tokener_free(tok);
	if (jerr != json_tokener_success) {
		json_object_put(r->in);
		r->in = NULL;
		return fail(r, BAD, "request is not JSON: %s",
			    jerr == json_tokener_continue ? "unexpected end" :
			    json_tokener_error_desc(jerr));
	}
	if (!json_object_is_type(r->in, json_type_object))
		return fail(r, BAD, "request is not a JSON object");
	return 0;
}

int driver_call(const char *path, const char *body, size_t len, char **answer)
{
	const struct method *m = NULL;
	struct req r = { 0 };
	int status;

	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (!strcmp(path, methods[i].path))
			m = &methods[i];
	if (!m) {
		char shown[65];

		driver_printable(shown, sizeof(shown), path);
		*answer = driver_error("%s is not a method of this plugin", shown);
		return NOT_FOUND;
	}
	status = m->body ? decode(&r, body, len) : 0;
	if (!status) {
		r.out = json_object_new_object();
		status = m->fn(&r);
	}
	if (status) {
		fprintf(stderr, "%s: %s\n", path + 1, r.err);
		*answer = answer_err(r.err);
	} else {
		*answer = strdup(json_object_to_json_string_ext(r.out, JSON_OUT));
		status = OK;
	}
	json_object_put(r.out);
	json_object_put(r.in);
	if (r.rt)
		nl_close(r.rt);
	return status;
}
