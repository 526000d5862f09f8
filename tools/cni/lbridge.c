// SPDX-License-Identifier: GPL-2.0
/*
 * lbridge's CNI plugin: puts a container on an lbridge through a veth
 * pair, configured like the reference "bridge" plugin:
 *
 *   {"cniVersion": "1.0.0", "name": "lbnet", "type": "lbridge", "bridge": "lb0",
 *    "isGateway": true, "ipam": {"type": "host-local", "subnet": "10.88.0.0/16"}}
 *
 * ADD leaves either everything (bridge port, container interface,
 * addresses, routes, IPAM lease) or nothing of the container's: each step
 * that fails undoes the ones before it. Only the bridge and its gateway
 * address, shared by every container on it, stay once made.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <linux/lbridge.h>
#include <linux/magic.h>
#include <linux/nsfs.h>

#include "../netlink.h"
#include "cni.h"

struct conf {
	struct json_object *root;
	const char *version;
	char bridge[IF_NAMESIZE];
	bool is_gateway;		/* the gateway address on the bridge */
	bool default_route;		/* and the default route through it */
	bool port_security;		/* the port allows the container's addresses alone */
	unsigned int mtu;		/* 0: the kernel's default */
	const char *ipam_type;		/* NULL: no addresses (layer 2 only) */
	struct json_object *prev;	/* prevResult, or NULL */
	struct json_object *dns;	/* the configuration's own, or NULL */
};

/* What a command works on: the two namespaces and our interfaces there. */
struct plumbing {
	int nsfd;
	struct nl *host;
	struct nl *cont;
	char host_if[IF_NAMESIZE];
	/* The host end's IFLA_IFALIAS: what tells our veth from a namesake. */
	char alias[256];
	bool alias_ok;			/* false: the ID is too long for one */
	struct link_info bridge, hostv, contv;
};

static const char *errmsg(struct nl *nl, int err)
{
	static char buf[320];

	if (nl && nl->errmsg[0])
		snprintf(buf, sizeof(buf), "%s (%s)", strerror(-err), nl->errmsg);
	else
		snprintf(buf, sizeof(buf), "%s", strerror(-err));
	return buf;
}

/* --- The network configuration ----------------------------------------- */

static int get_typed(struct json_object *obj, const char *key, json_type type,
		     struct json_object **v, struct cni_error *e)
{
	static const char *const names[] = {
		[json_type_boolean] = "a boolean", [json_type_int] = "an integer",
		[json_type_string] = "a string", [json_type_object] = "an object",
		[json_type_array] = "an array",
	};

	if (!json_object_object_get_ex(obj, key, v) || json_object_is_type(*v, json_type_null)) {
		*v = NULL;
		return 0;
	}
	if (!json_object_is_type(*v, type))
		return cni_fail(e, CNI_ERR_CONFIG, "invalid network config", "%s is not %s", key,
				names[type]);
	/* C sees a string only up to its first NUL: "lb0\u0000x" is not "lb0". */
	if (type == json_type_string &&
	    (size_t)json_object_get_string_len(*v) != strlen(json_object_get_string(*v)))
		return cni_fail(e, CNI_ERR_CONFIG, "invalid network config",
				"%s holds a NUL character", key);
	return 0;
}

static int get_bool(struct json_object *obj, const char *key, bool *out, struct cni_error *e)
{
	struct json_object *v;

	if (get_typed(obj, key, json_type_boolean, &v, e))
		return -1;
	*out = v && json_object_get_boolean(v);
	return 0;
}

/* The spec's network name: ^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$ */
static bool valid_network_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 255)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || (c != '_' && c != '.' && c != '-')))
			return false;
	}
	return true;
}

/*
 * The version first, on its own: an error about any other field is
 * reported in the version the runtime speaks.
 */
static int conf_version(struct json_object *root, const char **version, struct cni_error *e)
{
	struct json_object *v;

	if (get_typed(root, "cniVersion", json_type_string, &v, e))
		return -1;
	if (!v)
		return cni_fail(e, CNI_ERR_CONFIG, "invalid network config",
				"cniVersion is missing");
	if (!cni_version_supported(json_object_get_string(v)))
		return cni_fail(e, CNI_ERR_VERSION, "incompatible CNI version",
				"\"%.32s\" is none of 0.3.0, 0.3.1, 0.4.0, 1.0.0",
				json_object_get_string(v));
	*version = json_object_get_string(v);
	return 0;
}

static int conf_parse(struct json_object *root, struct conf *c, struct cni_error *e)
{
	struct json_object *v, *ipam;
	bool ipmasq;

	if (get_typed(root, "name", json_type_string, &v, e))
		return -1;
	if (!v || !valid_network_name(json_object_get_string(v)))
		return cni_fail(e, CNI_ERR_CONFIG, "invalid network config",
				"name is missing or not a network name");
	if (get_typed(root, "type", json_type_string, &v, e))
		return -1;
	if (!v)
		return cni_fail(e, CNI_ERR_CONFIG, "invalid network config", "type is missing");

	if (get_typed(root, "bridge", json_type_string, &v, e))
		return -1;
	strcpy(c->bridge, "lb0");
	if (v) {
		if (!cni_valid_ifname(json_object_get_string(v)))
			return cni_fail(e, CNI_ERR_CONFIG, "invalid network config",
					"bridge \"%.32s\" is not an interface name",
					json_object_get_string(v));
		strcpy(c->bridge, json_object_get_string(v));
	}
	if (get_bool(root, "isGateway", &c->is_gateway, e) ||
	    get_bool(root, "isDefaultGateway", &c->default_route, e) ||
	    get_bool(root, "ipMasq", &ipmasq, e) ||
	    get_bool(root, "portSecurity", &c->port_security, e))
		return -1;
	/*
	 * Silently ignoring it would leave containers without the NAT they
	 * were promised; the firewall is not ours to change.
	 */
	if (ipmasq)
		return cni_fail(e, CNI_ERR_UNSUPPORTED_FIELD, "unsupported field",
				"ipMasq is not supported: lbridge adds no NAT rules (chain the firewall plugin or add them yourself)");
	/*
	 * As in the reference plugin: isGateway puts the gateway address on
	 * the bridge, isDefaultGateway also routes the container's default
	 * traffic through it, and implies isGateway.
	 */
	if (c->default_route)
		c->is_gateway = true;

	if (get_typed(root, "mtu", json_type_int, &v, e))
		return -1;
	if (v) {
		int64_t mtu = json_object_get_int64(v);

		if (mtu < 68 || mtu > 65535)
			return cni_fail(e, CNI_ERR_CONFIG, "invalid network config",
					"mtu %lld is not in 68-65535", (long long)mtu);
		c->mtu = mtu;
	}

	if (get_typed(root, "ipam", json_type_object, &ipam, e))
		return -1;
	if (ipam && json_object_object_length(ipam)) {
		if (get_typed(ipam, "type", json_type_string, &v, e))
			return -1;
		if (!v)
			return cni_fail(e, CNI_ERR_CONFIG, "invalid network config",
					"ipam.type is missing");
		c->ipam_type = json_object_get_string(v);
		/* It would run itself as its own IPAM, and again, and again. */
		if (!strcmp(c->ipam_type, "lbridge"))
			return cni_fail(e, CNI_ERR_CONFIG, "invalid network config",
					"ipam.type cannot be lbridge itself");
	}
	if (c->is_gateway && !c->ipam_type)
		return cni_fail(e, CNI_ERR_CONFIG, "invalid network config",
				"isGateway needs addresses: ipam is missing");
	if (get_typed(root, "prevResult", json_type_object, &c->prev, e) ||
	    get_typed(root, "dns", json_type_object, &c->dns, e))
		return -1;
	return 0;
}

/* --- Names and labels --------------------------------------------------- */

/*
 * The host end's name, the same for the same container and interface
 * whenever it is worked out: DEL and CHECK find it without any state.
 * FNV-1a over "CONTAINERID:IFNAME" (':' is in neither).
 */
static void host_ifname(const struct cni_env *env, char *name)
{
	uint32_t h = 2166136261u;
	const char *parts[] = { env->containerid, ":", env->ifname };

	for (size_t i = 0; i < 3; i++)
		for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++)
			h = (h ^ *p) * 16777619u;
	snprintf(name, IF_NAMESIZE, "lbv%08x", h);
}

/*
 * "k8s:NAMESPACE/POD" when Kubernetes names the pod, else "cni:" and the
 * ID's first 12 characters, cut to what a label holds (all ASCII).
 */
static void port_label(const struct cni_env *env, char *label, size_t size)
{
	char full[sizeof(env->k8s_namespace) + sizeof(env->k8s_pod) + 8];

	if (env->k8s_namespace[0] && env->k8s_pod[0])
		snprintf(full, sizeof(full), "k8s:%s/%s", env->k8s_namespace, env->k8s_pod);
	else
		snprintf(full, sizeof(full), "cni:%.12s", env->containerid);
	snprintf(label, size, "%.*s", (int)(size - 1), full);
	/*
	 * Runtimes send any name (podman: the container's, capitals and all):
	 * a label must never fail an ADD, so what the kernel may refuse
	 * (control characters, bytes of UTF-8 cut in half) becomes '_'.
	 */
	for (char *b = label; *b; b++)
		if ((unsigned char)*b < 0x21 || (unsigned char)*b > 0x7e)
			*b = '_';
}

/* "lbridge-cni:ID/IFNAME": false if it does not fit IFLA_IFALIAS (255 bytes). */
static bool port_alias(const struct cni_env *env, char *alias, size_t size)
{
	return (size_t)snprintf(alias, size, "lbridge-cni:%s/%s", env->containerid,
				env->ifname) < size;
}

/*
 * Our host end: the veth carrying our alias. -ENODEV if there is none
 * (a link that merely has the name we would give it is not ours).
 */
static int host_port_find(struct plumbing *p, struct link_info *li)
{
	int err;

	if (!p->alias_ok)
		return -ENODEV;
	err = link_find_alias(p->host, p->alias, li);
	if (!err && strcmp(li->kind, "veth"))
		err = -ENODEV;
	return err;
}

/* --- Namespaces ---------------------------------------------------------- */

/*
 * The container's namespace: -ENOENT if the path is gone, -EINVAL if it
 * is no network namespace. Opened O_PATH first, which neither blocks
 * (a FIFO) nor opens a device: only an nsfs file is opened for real.
 */
static int netns_open(const char *path, struct cni_error *e)
{
	struct stat st, self;
	struct statfs sfs;
	char proc[64];
	int pfd, fd, err;

	pfd = open(path, O_PATH | O_CLOEXEC);
	if (pfd < 0) {
		err = errno;
		cni_fail(e, CNI_ERR_ENV, "invalid CNI_NETNS", "%.256s: %s", path, strerror(err));
		return -err;
	}
	if (fstatfs(pfd, &sfs) || sfs.f_type != NSFS_MAGIC) {
		close(pfd);
		cni_fail(e, CNI_ERR_ENV, "invalid CNI_NETNS",
			 "%.256s is not a namespace", path);
		return -EINVAL;
	}
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	err = errno;
	close(pfd);
	if (fd < 0) {
		cni_fail(e, CNI_ERR_ENV, "invalid CNI_NETNS", "%.256s: %s", path, strerror(err));
		return -err;
	}
	if (ioctl(fd, NS_GET_NSTYPE) != CLONE_NEWNET) {
		close(fd);
		cni_fail(e, CNI_ERR_ENV, "invalid CNI_NETNS",
			 "%.256s is not a network namespace", path);
		return -EINVAL;
	}
	/* Our own: the host's links would become the "container's". */
	if (fstat(fd, &st) == 0 && stat("/proc/self/ns/net", &self) == 0 &&
	    st.st_dev == self.st_dev && st.st_ino == self.st_ino) {
		close(fd);
		cni_fail(e, CNI_ERR_ENV, "invalid CNI_NETNS",
			 "%.256s is the plugin's own network namespace", path);
		return -EINVAL;
	}
	return fd;
}

static int plumbing_open(struct plumbing *p, const struct cni_env *env, bool need_netns,
			 struct cni_error *e)
{
	memset(p, 0, sizeof(*p));
	p->nsfd = -1;
	host_ifname(env, p->host_if);
	p->alias_ok = port_alias(env, p->alias, sizeof(p->alias));
	p->host = rtnl_open();
	if (!p->host)
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot open rtnetlink", "%s", strerror(errno));
	/*
	 * DEL needs no namespace: deleting our host end takes the container's
	 * end with it, and an unmounted namespace (an empty file, or gone)
	 * must not keep the lease from being released.
	 */
	if (!env->netns || !need_netns)
		return 0;
	p->nsfd = netns_open(env->netns, e);
	if (p->nsfd < 0)
		return -1;
	p->cont = rtnl_open_in(p->nsfd);
	if (!p->cont)
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot open rtnetlink in the container",
				"%s", strerror(errno));
	return 0;
}

static void plumbing_close(struct plumbing *p)
{
	if (p->cont)
		nl_close(p->cont);
	if (p->host)
		nl_close(p->host);
	if (p->nsfd >= 0)
		close(p->nsfd);
}

/* --- ADD ----------------------------------------------------------------- */

/* The bridge, made if missing (the kind autoloads the module), and up. */
static int bridge_ensure(struct plumbing *p, const struct conf *c, struct cni_error *e)
{
	int err = link_get(p->host, c->bridge, &p->bridge);

	if (err == -ENODEV) {
		err = link_add_bridge(p->host, c->bridge, c->mtu);
		/* Another ADD may have made it meanwhile: fine. */
		if (err && err != -EEXIST)
			return cni_fail(e, CNI_ERR_SYSTEM, "cannot create the bridge",
					"%s: %s%s", c->bridge, errmsg(p->host, err),
					err == -EOPNOTSUPP ? ": is the lbridge module installed?" : "");
		err = link_get(p->host, c->bridge, &p->bridge);
	}
	if (err)
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot find the bridge", "%s: %s", c->bridge,
				errmsg(p->host, err));
	if (strcmp(p->bridge.kind, "lbridge"))
		return cni_fail(e, CNI_ERR_CONFIG, "invalid network config",
				"%s is a link of kind \"%s\", not an lbridge", c->bridge,
				p->bridge.kind);
	if (!p->bridge.up && (err = link_set_up(p->host, p->bridge.ifindex)))
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot set the bridge up", "%s: %s",
				c->bridge, errmsg(p->host, err));
	return 0;
}

/* The gateway an address uses: IPAM's, else (for isGateway) the subnet's first. */
static void gateway_of(struct cni_ip *ip, const struct conf *c)
{
	unsigned int last = ip->addr.family == AF_INET ? 3 : 15;

	if (ip->gw.family || !c->is_gateway)
		return;
	ip_prefix_network(&ip->addr, &ip->gw);
	ip->gw.addr.bytes[last] |= 1;
	ip->gw.len = ip->addr.family == AF_INET ? 32 : 128;
}

static const struct ip_prefix *family_gateway(const struct cni_ipam_result *res, int family)
{
	for (unsigned int i = 0; i < res->nips; i++)
		if (res->ips[i].addr.family == family && res->ips[i].gw.family)
			return &res->ips[i].gw;
	return NULL;
}

/* The veth pair, its host end on the bridge and labelled, both ends up. */
/*
 * What the port may send from: the container's MAC, IPAM's addresses and,
 * with an IPv6 one, the link-local address the kernel gives the MAC (the
 * guard lets a port claim no other address of a family it has allowed).
 */
static size_t guard_addresses(const struct cni_ipam_result *res, const unsigned char mac[6],
			      struct ip_prefix *ips)
{
	bool v6 = false;
	size_t n = 0;

	for (unsigned int i = 0; i < res->nips; i++) {
		ips[n++] = res->ips[i].addr;
		v6 |= res->ips[i].addr.family == AF_INET6;
	}
	if (v6)
		ip_link_local(mac, &ips[n++]);
	return n;
}

static int veth_add(struct plumbing *p, const struct cni_env *env, const struct conf *c,
		    const struct cni_ipam_result *res, bool *created, struct cni_error *e)
{
	struct ip_prefix ips[CNI_IPS_MAX + 1];
	char label[LBRIDGE_LABEL_MAX + 1];
	struct lbr_genl g;
	int err;

	err = link_add_veth(p->host, p->host_if, env->ifname, p->nsfd, c->mtu,
			    env->has_mac ? env->mac : NULL);
	if (err)
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot create the veth pair", "%s/%s: %s",
				p->host_if, env->ifname, errmsg(p->host, err));
	*created = true;
	err = link_get(p->host, p->host_if, &p->hostv);
	if (err || strcmp(p->hostv.kind, "veth"))
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot find the new veth pair", "%s: %s",
				p->host_if, err ? errmsg(p->host, err) : "not a veth");
	/* The mark DEL, CHECK and undo go by: names can clash, this cannot. */
	err = link_set_alias(p->host, p->hostv.ifindex, p->alias);
	if (err)
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot set the port's alias", "%s: %s",
				p->host_if, errmsg(p->host, err));
	err = link_get(p->cont, env->ifname, &p->contv);
	if (err)
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot find the new veth pair", "%s: %s",
				env->ifname, errmsg(p->cont, err));
	err = link_set_master(p->host, p->hostv.ifindex, p->bridge.ifindex);
	if (err)
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot add the port", "%s to %s: %s",
				p->host_if, c->bridge, errmsg(p->host, err));
	err = lbr_genl_open(&g);
	if (!err) {
		port_label(env, label, sizeof(label));
		err = lbr_port_set_label(&g, p->hostv.ifindex, label);
		if (err)
			cni_fail(e, CNI_ERR_SYSTEM, "cannot label the port", "%s: %s", p->host_if,
				 errmsg(g.nl, err));
		/* Before either end is up: the guard never sees anything else. */
		if (!err && c->port_security) {
			err = lbr_port_guard(&g, p->hostv.ifindex, p->contv.mac, ips,
					     guard_addresses(res, p->contv.mac, ips));
			if (err)
				cni_fail(e, CNI_ERR_SYSTEM, "cannot turn port security on",
					 "%s: %s", p->host_if, errmsg(g.nl, err));
		}
		lbr_genl_close(&g);
		if (err)
			return -1;
	} else {
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot reach lbridge's netlink family", "%s",
				strerror(-err));
	}
	err = link_set_up(p->host, p->hostv.ifindex);
	if (err)
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot set the port up", "%s: %s", p->host_if,
				errmsg(p->host, err));
	err = link_set_up(p->cont, p->contv.ifindex);
	if (err)
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot set the container's interface up",
				"%s: %s", env->ifname, errmsg(p->cont, err));
	return 0;
}

/*
 * Addresses and routes in the container, the gateway on the bridge. The
 * routes actually set (IPAM's, their gateways filled in, and the default
 * route) are left in routes for the result.
 */
static int addresses_add(struct plumbing *p, const struct cni_env *env, const struct conf *c,
			 struct cni_ipam_result *res, struct cni_route *routes,
			 unsigned int *nroutes, struct cni_error *e)
{
	char buf[INET6_ADDRSTRLEN + 8], buf2[INET6_ADDRSTRLEN + 8];
	unsigned int i, n = 0;
	int err;

	for (i = 0; i < res->nips; i++) {
		struct cni_ip *ip = &res->ips[i];

		gateway_of(ip, c);
		err = addr_add(p->cont, p->contv.ifindex, &ip->addr);
		if (err)
			return cni_fail(e, CNI_ERR_SYSTEM, "cannot add an address", "%s on %s: %s",
					ip_prefix_format(&ip->addr, true, buf, sizeof(buf)),
					env->ifname, errmsg(p->cont, err));
		if (c->is_gateway && ip->gw.family) {
			struct ip_prefix on_bridge = ip->gw, net;

			/* The bridge's address must be reachable and not the container's own. */
			ip_prefix_network(&ip->addr, &net);
			if (!ip_prefix_contains(&net, &ip->gw) ||
			    !memcmp(&ip->gw.addr, &ip->addr.addr, sizeof(ip->gw.addr)))
				return cni_fail(e, CNI_ERR_IPAM, "invalid gateway",
						"%s is not another address of %s",
						ip_prefix_format(&ip->gw, false, buf, sizeof(buf)),
						ip_prefix_format(&net, true, buf2, sizeof(buf2)));

			on_bridge.len = ip->addr.len;
			err = addr_add(p->host, p->bridge.ifindex, &on_bridge);
			if (err && err != -EEXIST)
				return cni_fail(e, CNI_ERR_SYSTEM, "cannot add the gateway address",
						"%s on %s: %s",
						ip_prefix_format(&on_bridge, true, buf, sizeof(buf)),
						c->bridge, errmsg(p->host, err));
		}
	}
	for (i = 0; i < res->nroutes && n < CNI_ROUTES_MAX; i++) {
		struct cni_route r = res->routes[i];

		if (!r.gw.family) {
			const struct ip_prefix *gw = family_gateway(res, r.dst.family);

			if (gw)
				r.gw = *gw;
		}
		routes[n++] = r;
	}
	if (c->default_route) {
		for (int f = 0; f < 2; f++) {
			int family = f ? AF_INET6 : AF_INET;
			const struct ip_prefix *gw = family_gateway(res, family);
			bool have = false;

			for (i = 0; i < n; i++)
				have |= routes[i].dst.family == family && routes[i].dst.len == 0;
			if (!gw || have || n == CNI_ROUTES_MAX)
				continue;
			memset(&routes[n], 0, sizeof(routes[n]));
			routes[n].dst.family = family;
			routes[n].gw = *gw;
			n++;
		}
	}
	for (i = 0; i < n; i++) {
		const struct ip_prefix *gw = routes[i].gw.family ? &routes[i].gw : NULL;

		err = route_add(p->cont, &routes[i].dst, gw, p->contv.ifindex);
		/* One there already counts only if it is the same route. */
		if (err == -EEXIST)
			err = route_has(p->cont, &routes[i].dst, gw, p->contv.ifindex) == 1 ?
			      0 : -EEXIST;
		if (err)
			return cni_fail(e, CNI_ERR_SYSTEM, "cannot add a route", "to %s: %s",
					ip_prefix_format(&routes[i].dst, true, buf, sizeof(buf)),
					errmsg(p->cont, err));
	}
	*nroutes = n;
	return 0;
}

static struct json_object *json_mac(const unsigned char *mac)
{
	char buf[18];

	snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
		 mac[3], mac[4], mac[5]);
	return json_object_new_string(buf);
}

static struct json_object *json_iface(const struct link_info *l, const char *sandbox)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(l->name));
	json_object_object_add(o, "mac", json_mac(l->mac));
	if (sandbox)
		json_object_object_add(o, "sandbox", json_object_new_string(sandbox));
	return o;
}

static struct json_object *json_prefix(const struct ip_prefix *p, bool with_len)
{
	char buf[INET6_ADDRSTRLEN + 8];

	return json_object_new_string(ip_prefix_format(p, with_len, buf, sizeof(buf)));
}

/* The result in the version asked for: 0.3.x and 0.4.0 tag each IP's version. */
static struct json_object *add_result(const struct plumbing *p, const struct cni_env *env,
				      const struct conf *c, const struct cni_ipam_result *res,
				      const struct cni_route *routes, unsigned int nroutes)
{
	struct json_object *o = json_object_new_object(), *ifs, *ips, *rts;
	bool tag_version = strcmp(c->version, "1.0.0");
	unsigned int i;

	json_object_object_add(o, "cniVersion", json_object_new_string(c->version));
	ifs = json_object_new_array();
	json_object_array_add(ifs, json_iface(&p->bridge, NULL));
	json_object_array_add(ifs, json_iface(&p->hostv, NULL));
	json_object_array_add(ifs, json_iface(&p->contv, env->netns));
	json_object_object_add(o, "interfaces", ifs);
	ips = json_object_new_array();
	for (i = 0; i < res->nips; i++) {
		struct json_object *ip = json_object_new_object();

		if (tag_version)
			json_object_object_add(ip, "version", json_object_new_string(
				res->ips[i].addr.family == AF_INET ? "4" : "6"));
		json_object_object_add(ip, "address", json_prefix(&res->ips[i].addr, true));
		if (res->ips[i].gw.family)
			json_object_object_add(ip, "gateway", json_prefix(&res->ips[i].gw, false));
		json_object_object_add(ip, "interface", json_object_new_int(2));
		json_object_array_add(ips, ip);
	}
	json_object_object_add(o, "ips", ips);
	rts = json_object_new_array();
	for (i = 0; i < nroutes; i++) {
		struct json_object *r = json_object_new_object();

		json_object_object_add(r, "dst", json_prefix(&routes[i].dst, true));
		if (routes[i].gw.family)
			json_object_object_add(r, "gw", json_prefix(&routes[i].gw, false));
		json_object_array_add(rts, r);
	}
	json_object_object_add(o, "routes", rts);
	/* As in the reference plugin: the configuration's own wins over IPAM's. */
	if (c->dns && json_object_object_length(c->dns))
		json_object_object_add(o, "dns", json_object_get(c->dns));
	else if (res->dns && json_object_object_length(res->dns))
		json_object_object_add(o, "dns", json_object_get(res->dns));
	return o;
}

static int cmd_add(const struct cni_env *env, const struct conf *c, const char *config,
		   size_t len, struct cni_error *e)
{
	struct cni_route routes[CNI_ROUTES_MAX];
	struct cni_ipam_result res = { 0 };
	char ipam[4096];
	struct plumbing p;
	struct link_info li;
	bool leased = false, veth = false;
	unsigned int nroutes = 0;
	int ret = -1, err;

	/* Every refusal that needs no side effect, first. */
	if (plumbing_open(&p, env, true, e))
		goto out;
	err = link_get(p.cont, env->ifname, &li);
	if (err != -ENODEV) {
		if (!err)
			cni_fail(e, CNI_ERR_EXISTS, "interface exists",
				 "%s is in the container already", env->ifname);
		else
			cni_fail(e, CNI_ERR_SYSTEM, "cannot look at the container", "%s",
				 errmsg(p.cont, err));
		goto out;
	}
	if (c->ipam_type && cni_ipam_find(env, c->ipam_type, ipam, sizeof(ipam), e))
		goto out;
	if (bridge_ensure(&p, c, e))
		goto out;

	if (c->ipam_type) {
		/*
		 * A result we refuse (too many addresses, a gateway of the
		 * wrong family, too long) may still stand for a lease.
		 */
		leased = true;
		if (cni_ipam_exec(ipam, "ADD", config, len, &res, e))
			goto undo;
		for (unsigned int i = 0; i < res.nips; i++)
			res.ips[i].iface = 2;
	}
	if (veth_add(&p, env, c, &res, &veth, e))
		goto undo;
	if (addresses_add(&p, env, c, &res, routes, &nroutes, e))
		goto undo;
	{
		struct json_object *out = add_result(&p, env, c, &res, routes, nroutes);

		if (cni_print(out)) {
			/* A runtime that did not hear of the container cannot DEL it. */
			cni_fail(e, CNI_ERR_IO, "cannot write the result", "stdout: %s",
				 strerror(errno));
			json_object_put(out);
			goto undo;
		}
		json_object_put(out);
	}
	ret = 0;
	goto out;

undo:
	/*
	 * Deleting the host end takes the container's end with it. Only the
	 * one we made: a clash of names must not cost the other link its life.
	 * Ours carries our alias, or, if setting that failed, is the veth of
	 * our name without an alias, with the index it had right after we
	 * made it if we got as far as reading it.
	 */
	if (veth) {
		struct link_info made;

		if (host_port_find(&p, &li) == 0)
			link_del(p.host, li.ifindex);
		else if (!(p.hostv.ifindex ? link_get_index(p.host, p.hostv.ifindex, &made)
					   : link_get(p.host, p.host_if, &made)) &&
			 !strcmp(made.kind, "veth") && !strcmp(made.name, p.host_if) &&
			 !made.alias[0])
			link_del(p.host, made.ifindex);
	}
	if (leased) {
		struct cni_error ignored = { 0 };

		if (cni_ipam_exec(ipam, "DEL", config, len, NULL, &ignored))
			fprintf(stderr, "lbridge: releasing the IPAM lease: %s: %s\n",
				ignored.msg, ignored.details);
	}
out:
	cni_ipam_result_free(&res);
	plumbing_close(&p);
	return ret;
}

/* --- DEL ----------------------------------------------------------------- */

static int cmd_del(const struct cni_env *env, const struct conf *c, const char *config,
		   size_t len, struct cni_error *e)
{
	struct link_info li = { 0 };
	struct plumbing p;
	char ipam[4096];
	int err;

	/* Each step runs whatever came before: the first failure is reported. */
	if (plumbing_open(&p, env, false, e))
		goto ipam;
	/*
	 * Only our veth: the one carrying our alias, wherever someone moved
	 * it (a DEL that failed for that would be retried forever). Deleting
	 * it takes the container's end with it; a link in the container that
	 * is not its peer stays.
	 */
	err = host_port_find(&p, &li);
	if (!err)
		err = link_del(p.host, li.ifindex);
	if (err && err != -ENODEV)
		cni_fail(e, CNI_ERR_SYSTEM, "cannot delete the port", "%s: %s", p.host_if,
			 errmsg(p.host, err));
ipam:
	if (c->ipam_type) {
		if (!cni_ipam_find(env, c->ipam_type, ipam, sizeof(ipam), e))
			cni_ipam_exec(ipam, "DEL", config, len, NULL, e);
	}
	plumbing_close(&p);
	return e->code ? -1 : 0;
}

/* --- CHECK --------------------------------------------------------------- */

/*
 * Which of prevResult's interfaces is ours in the container: -1 if none
 * is. Its sandbox and MAC are left in sandbox and mac (NULL if absent).
 */
static int prev_iface(struct json_object *prev, const struct cni_env *env,
		      const char **sandbox_out, const char **mac_out)
{
	struct json_object *ifs, *i, *name, *sandbox, *mac;

	if (!json_object_object_get_ex(prev, "interfaces", &ifs) ||
	    !json_object_is_type(ifs, json_type_array))
		return -1;
	for (size_t n = 0; n < json_object_array_length(ifs) && n < 1024; n++) {
		i = json_object_array_get_idx(ifs, n);
		if (json_object_is_type(i, json_type_object) &&
		    json_object_object_get_ex(i, "name", &name) &&
		    json_object_is_type(name, json_type_string) &&
		    !strcmp(json_object_get_string(name), env->ifname) &&
		    json_object_object_get_ex(i, "sandbox", &sandbox) &&
		    json_object_is_type(sandbox, json_type_string) &&
		    json_object_get_string_len(sandbox)) {
			*sandbox_out = json_object_get_string(sandbox);
			*mac_out = json_object_object_get_ex(i, "mac", &mac) &&
				   json_object_is_type(mac, json_type_string) ?
				   json_object_get_string(mac) : NULL;
			return n;
		}
	}
	return -1;
}

/* The port's guards on, the container's MAC and prevResult's addresses allowed. */
static int port_security_check(struct plumbing *p, const struct cni_ipam_result *prev, int iface,
			       struct cni_error *e)
{
	char buf[INET6_ADDRSTRLEN + 8];
	struct lbr_port_security s;
	struct lbr_genl g;
	int err;

	err = lbr_genl_open(&g);
	if (err)
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot reach lbridge's netlink family", "%s",
				strerror(-err));
	err = lbr_port_security_get(&g, p->bridge.ifindex, p->hostv.ifindex, &s);
	if (err)
		cni_fail(e, CNI_ERR_CHECK, "cannot read the port", "%s: %s", p->hostv.name,
			 errmsg(g.nl, err));
	lbr_genl_close(&g);
	if (err)
		return -1;
	if (!s.guard || !s.ra_guard || !s.dhcp_guard)
		return cni_fail(e, CNI_ERR_CHECK, "port security off",
				"%s: guard %s, ra-guard %s, dhcp-guard %s", p->hostv.name,
				s.guard ? "on" : "off", s.ra_guard ? "on" : "off",
				s.dhcp_guard ? "on" : "off");
	if (!lbr_port_security_has_mac(&s, p->contv.mac))
		return cni_fail(e, CNI_ERR_CHECK, "port security incomplete",
				"%s does not allow the container's MAC", p->hostv.name);
	for (unsigned int i = 0; i < prev->nips; i++) {
		if (prev->ips[i].iface >= 0 && prev->ips[i].iface != iface)
			continue;
		if (!lbr_port_security_has_ip(&s, &prev->ips[i].addr))
			return cni_fail(e, CNI_ERR_CHECK, "port security incomplete",
					"%s does not allow %s", p->hostv.name,
					ip_prefix_format(&prev->ips[i].addr, false, buf,
							 sizeof(buf)));
	}
	return 0;
}

static int cmd_check(const struct cni_env *env, const struct conf *c, const char *config,
		     size_t len, struct cni_error *e)
{
	char buf[INET6_ADDRSTRLEN + 8], ipam[4096];
	struct cni_ipam_result prev = { 0 };
	struct plumbing p;
	const char *sandbox = NULL, *prev_mac = NULL;
	int ret = -1, err, iface;
	unsigned int i;

	if (!c->prev)
		return cni_fail(e, CNI_ERR_CONFIG, "invalid network config",
				"CHECK needs prevResult");
	if (cni_result_parse(c->prev, &prev, "prevResult", e)) {
		e->code = CNI_ERR_CONFIG;
		return -1;
	}
	iface = prev_iface(c->prev, env, &sandbox, &prev_mac);
	if (plumbing_open(&p, env, true, e))
		goto out;
	/* A prevResult that does not name our interface leaves nothing checked. */
	if (iface < 0) {
		cni_fail(e, CNI_ERR_CHECK, "interface not in prevResult",
			 "prevResult names no %s with a sandbox", env->ifname);
		goto out;
	}
	if (strcmp(sandbox, env->netns)) {
		cni_fail(e, CNI_ERR_CHECK, "sandbox differs",
			 "prevResult's %s is in %.256s, not CNI_NETNS", env->ifname, sandbox);
		goto out;
	}
	if (c->ipam_type && (cni_ipam_find(env, c->ipam_type, ipam, sizeof(ipam), e) ||
			     cni_ipam_exec(ipam, "CHECK", config, len, NULL, e)))
		goto out;

	err = link_get(p.cont, env->ifname, &p.contv);
	if (err) {
		cni_fail(e, CNI_ERR_CHECK, "container interface missing", "%s: %s", env->ifname,
			 errmsg(p.cont, err));
		goto out;
	}
	if (strcmp(p.contv.kind, "veth") || !p.contv.up) {
		cni_fail(e, CNI_ERR_CHECK, "container interface wrong",
			 "%s is of kind \"%s\" and %s", env->ifname, p.contv.kind,
			 p.contv.up ? "up" : "down");
		goto out;
	}
	if (prev_mac) {
		char mac[18];

		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", p.contv.mac[0],
			 p.contv.mac[1], p.contv.mac[2], p.contv.mac[3], p.contv.mac[4],
			 p.contv.mac[5]);
		if (strcasecmp(mac, prev_mac)) {
			cni_fail(e, CNI_ERR_CHECK, "container interface wrong",
				 "%s has MAC %s, prevResult says %.32s", env->ifname, mac,
				 prev_mac);
			goto out;
		}
	}
	for (i = 0; i < prev.nips; i++) {
		if (prev.ips[i].iface >= 0 && prev.ips[i].iface != iface)
			continue;
		err = addr_has(p.cont, p.contv.ifindex, &prev.ips[i].addr);
		if (err != 1) {
			cni_fail(e, CNI_ERR_CHECK, "container address missing", "%s on %s%s%s",
				 ip_prefix_format(&prev.ips[i].addr, true, buf, sizeof(buf)),
				 env->ifname, err < 0 ? ": " : "",
				 err < 0 ? errmsg(p.cont, err) : "");
			goto out;
		}
	}
	for (i = 0; i < prev.nroutes; i++) {
		err = route_has(p.cont, &prev.routes[i].dst,
				prev.routes[i].gw.family ? &prev.routes[i].gw : NULL,
				p.contv.ifindex);
		if (err != 1) {
			cni_fail(e, CNI_ERR_CHECK, "container route missing", "to %s",
				 ip_prefix_format(&prev.routes[i].dst, true, buf, sizeof(buf)));
			goto out;
		}
	}
	err = link_get(p.host, c->bridge, &p.bridge);
	if (err || strcmp(p.bridge.kind, "lbridge")) {
		cni_fail(e, CNI_ERR_CHECK, "bridge missing", "%s is not an lbridge", c->bridge);
		goto out;
	}
	err = host_port_find(&p, &p.hostv);
	if (err || p.hostv.master != p.bridge.ifindex) {
		cni_fail(e, CNI_ERR_CHECK, "port missing", "no veth aliased %s is a port of %s",
			 p.alias, c->bridge);
		goto out;
	}
	if (c->port_security && port_security_check(&p, &prev, iface, e))
		goto out;
	ret = 0;
out:
	cni_ipam_result_free(&prev);
	plumbing_close(&p);
	return ret;
}

/* --- The protocol -------------------------------------------------------- */

static int cmd_version(const char *version)
{
	struct json_object *o = json_object_new_object(), *v = json_object_new_array();
	int ret;

	json_object_object_add(o, "cniVersion", json_object_new_string(version));
	for (const char *const *s = cni_versions; *s; s++)
		json_object_array_add(v, json_object_new_string(*s));
	json_object_object_add(o, "supportedVersions", v);
	ret = cni_print(o);
	json_object_put(o);
	return ret;
}

/* For an error found before the configuration is read: the version it asks for, if it can be told. */
static const char *peek_version(const char *config, size_t len, struct json_object **root)
{
	struct cni_error ignored = { 0 };
	const char *version = "1.0.0";

	*root = cni_parse_object(config, len, "stdin", &ignored);
	if (*root)
		conf_version(*root, &version, &ignored);
	return version;
}

int main(void)
{
	struct cni_error e = { 0 };
	struct conf c = { 0 };
	struct cni_env env;
	const char *version = "1.0.0";
	char *config = NULL;
	size_t len = 0;
	int ret = -1;

	/* An IPAM plugin that exits before reading its input must not kill us. */
	signal(SIGPIPE, SIG_IGN);
	if (cni_read_all(0, &config, &len, &e))
		goto out;
	if (cni_env_read(&env, &e)) {
		version = peek_version(config, len, &c.root);
		goto out;
	}
	if (env.command == CNI_VERSION) {
		struct json_object *root;

		/* Any version may ask which we speak; no input at all is asking too. */
		root = len ? cni_parse_object(config, len, "stdin", &e) : NULL;
		if (len && !root)
			goto out;
		if (root && conf_version(root, &version, &e) && e.code != CNI_ERR_VERSION) {
			json_object_put(root);
			goto out;
		}
		memset(&e, 0, sizeof(e));
		ret = cmd_version(version);
		json_object_put(root);
		goto out;
	}
	c.root = cni_parse_object(config, len, "the network configuration on stdin", &e);
	if (!c.root || conf_version(c.root, &c.version, &e))
		goto out;
	version = c.version;
	if (conf_parse(c.root, &c, &e))
		goto out;
	if (env.command == CNI_CHECK && !strncmp(c.version, "0.3.", 4)) {
		cni_fail(&e, CNI_ERR_VERSION, "incompatible CNI version",
			 "CHECK needs cniVersion 0.4.0 or later");
		goto out;
	}
	if (env.command == CNI_ADD) {
		char alias[256];

		if (c.prev) {
			cni_fail(&e, CNI_ERR_CONFIG, "invalid network config",
				 "lbridge must be the first plugin in a chain: ADD got a prevResult");
			goto out;
		}
		if (!port_alias(&env, alias, sizeof(alias))) {
			cni_fail(&e, CNI_ERR_ENV, "invalid CNI_CONTAINERID",
				 "too long: \"lbridge-cni:ID/IFNAME\" must fit in 255 bytes");
			goto out;
		}
	}
	switch (env.command) {
	case CNI_ADD:
		ret = cmd_add(&env, &c, config, len, &e);
		break;
	case CNI_DEL:
		ret = cmd_del(&env, &c, config, len, &e);
		break;
	case CNI_CHECK:
		ret = cmd_check(&env, &c, config, len, &e);
		break;
	case CNI_VERSION:
		break;
	}
out:
	if (ret) {
		if (!e.code)
			cni_fail(&e, CNI_ERR_SYSTEM, "failed", "no reason recorded");
		cni_print_error(version, &e);
	}
	json_object_put(c.root);
	free(config);
	return ret ? 1 : 0;
}
