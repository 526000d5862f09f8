// SPDX-License-Identifier: GPL-2.0
/*
 * lbrctl port set PORT learning|flood|mcast_flood|bcast_flood|hairpin|
 * isolated|neigh-suppress|guard|ra-guard|dhcp-guard on|off | label TEXT
 * ...: a port's own settings, in one request like set; the flags keyed as
 * iproute2's bridge link set keys them.
 *
 * lbrctl port allow|deny PORT mac MAC | ip IP: the port's allowed set, what
 * its source guard lets it send from. lbrctl port show PORT: one port,
 * whichever bridge it is in.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>

#include "lbrctl.h"
#include "parse.h"
#include "settings.h"

static const struct setting port_settings[] = {
	{ "learning", LBRIDGE_PORT_A_LEARNING, SETTING_ON_OFF, 0, "" },
	{ "flood", LBRIDGE_PORT_A_FLOOD, SETTING_ON_OFF, 0, "" },
	{ "mcast_flood", LBRIDGE_PORT_A_MCAST_FLOOD, SETTING_ON_OFF, 0, "" },
	{ "bcast_flood", LBRIDGE_PORT_A_BCAST_FLOOD, SETTING_ON_OFF, 0, "" },
	{ "hairpin", LBRIDGE_PORT_A_HAIRPIN, SETTING_ON_OFF, 0, "" },
	{ "isolated", LBRIDGE_PORT_A_ISOLATED, SETTING_ON_OFF, 0, "" },
	{ "neigh-suppress", LBRIDGE_PORT_A_NEIGH_SUPPRESS, SETTING_ON_OFF, 0, "" },
	{ "guard", LBRIDGE_PORT_A_GUARD, SETTING_ON_OFF, 0, "" },
	{ "ra-guard", LBRIDGE_PORT_A_RA_GUARD, SETTING_ON_OFF, 0, "" },
	{ "dhcp-guard", LBRIDGE_PORT_A_DHCP_GUARD, SETTING_ON_OFF, 0, "" },
	/* Empty: no label. */
	{ "label", LBRIDGE_PORT_A_LABEL, SETTING_TEXT, LBRIDGE_LABEL_MAX, "" },
};

static int port_set(struct ctx *ctx, int argc, char **argv)
{
	struct setting_value values[ARRAY_SIZE(port_settings)] = { 0 };
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	struct nlattr *nest;
	unsigned int port;
	struct nl *nl;
	int err;

	if (argc < 2)
		return usage_error(ctx, USAGE_PORT_SET);
	if (parse_settings(ctx, port_settings, ARRAY_SIZE(port_settings), values, argc - 2,
			   argv + 2, USAGE_PORT_SET))
		return 1;
	port = ctx_port_index(ctx, argv[1]);
	if (!port)
		return 1;
	nl = ctx_genl(ctx);
	if (!nl)
		return 1;
	req = ctx_request(ctx, buf, LBRIDGE_CMD_SET_PORT);
	nest = mnl_attr_nest_start(req, LBRIDGE_A_PORT);
	mnl_attr_put_u32(req, LBRIDGE_PORT_A_IFINDEX, port);
	put_settings(req, port_settings, ARRAY_SIZE(port_settings), values);
	mnl_attr_nest_end(req, nest);
	err = nl_submit(nl, req, ctx->lineno);
	return err ? nl_error(ctx, nl, err) : 0;
}

/*
 * "mac MAC" or "ip IP" into a: 0, or 1 after saying what is wrong. What
 * the kernel refuses anyway is refused here, with the reason.
 */
static int parse_allowed(struct ctx *ctx, const char *kind, const char *text,
			 struct lbr_allowed *a, const char *usage)
{
	static const uint8_t zero[16];

	memset(a, 0, sizeof(*a));
	if (!strcmp(kind, "mac")) {
		if (parse_mac(text, a->addr))
			return lbr_err(ctx, "\"%s\" is not a MAC address (six hex pairs separated"
				       " by ':')", text);
		if (!memcmp(a->addr, zero, ETH_ALEN))
			return lbr_err(ctx, "%s is the zero MAC address, which no port sends from",
				       text);
		if (a->addr[0] & 1)
			return lbr_err(ctx, "%s is a multicast MAC address; only a unicast one"
				       " can be a port's", text);
		return 0;
	}
	if (!strcmp(kind, "ip")) {
		if (parse_ip(text, &a->family, a->addr))
			return lbr_err(ctx, "\"%s\" is not an IP address (IPv4 dotted quad or"
				       " IPv6)", text);
		if (!memcmp(a->addr, zero, a->family == AF_INET ? 4 : 16))
			return lbr_err(ctx, "%s is the unspecified address, which no port owns",
				       text);
		if ((a->family == AF_INET && (a->addr[0] & 0xf0) == 0xe0) ||
		    (a->family == AF_INET6 && a->addr[0] == 0xff))
			return lbr_err(ctx, "%s is a multicast address; only a unicast one can"
				       " be a port's", text);
		return 0;
	}
	lbr_err(ctx, "unknown address kind \"%s\" (mac or ip)", kind);
	return usage_error(ctx, usage);
}

/*
 * The kernel's refusals of allow and deny, said for this address and
 * port, with the kernel's own message after. In -batch an error may be
 * an earlier line's: that is reported as it came.
 */
static int allowed_error(struct ctx *ctx, struct nl *nl, int err, const char *addr,
			 const char *port, bool allow, bool mac)
{
	char what[128];

	if (ctx->batch && nl->err_cookie != ctx->lineno)
		return nl_error(ctx, nl, err);
	if (err == -EEXIST)
		snprintf(what, sizeof(what), "%s is already allowed on %s", addr, port);
	else if (err == -ENOENT)
		snprintf(what, sizeof(what), "%s is not allowed on %s", addr, port);
	else if (err == -ENOSPC && allow)
		snprintf(what, sizeof(what), "%s already has as many allowed %s as a port can"
			 " (%d)", port, mac ? "MACs" : "IPs",
			 mac ? LBRIDGE_ALLOWED_MAX_MACS : LBRIDGE_ALLOWED_MAX_IPS);
	else if (err == -EPERM)
		snprintf(what, sizeof(what), "permission denied (changes need CAP_NET_ADMIN)");
	else
		return nl_error(ctx, nl, err);
	if (nl->errmsg[0])
		return lbr_err(ctx, "%s (%s)", what, nl->errmsg);
	return lbr_err(ctx, "%s", what);
}

/* port allow|deny PORT mac MAC | ip IP: one request, pipelined in -batch. */
static int port_allowed(struct ctx *ctx, int argc, char **argv, uint8_t cmd, const char *usage)
{
	struct lbr_allowed a;
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req;
	unsigned int port;
	struct nl *nl;
	int err;

	if (argc == 2 && argv[1][0] == '-')
		return unknown_option(ctx, argv[1]);
	if (argc != 4)
		return usage_error(ctx, usage);
	if (parse_allowed(ctx, argv[2], argv[3], &a, usage))
		return 1;
	port = ctx_port_index(ctx, argv[1]);
	if (!port)
		return 1;
	nl = ctx_genl(ctx);
	if (!nl)
		return 1;
	req = ctx_request(ctx, buf, cmd);
	lbr_put_port(req, port);
	lbr_put_allowed(req, &a);
	err = nl_submit(nl, req, ctx->lineno);
	if (err)
		return allowed_error(ctx, nl, err, argv[3], argv[1],
				     cmd == LBRIDGE_CMD_NEW_ALLOWED, !a.family);
	return 0;
}

static int port_allow(struct ctx *ctx, int argc, char **argv)
{
	return port_allowed(ctx, argc, argv, LBRIDGE_CMD_NEW_ALLOWED, USAGE_PORT_ALLOW);
}

static int port_deny(struct ctx *ctx, int argc, char **argv)
{
	return port_allowed(ctx, argc, argv, LBRIDGE_CMD_DEL_ALLOWED, USAGE_PORT_DENY);
}

/* port show PORT: found among every bridge's ports (GET_PORT needs the bridge). */
static int port_show(struct ctx *ctx, int argc, char **argv)
{
	struct lbr_port port;
	struct printer p;
	unsigned int ifindex;

	if (argc == 2 && argv[1][0] == '-')
		return unknown_option(ctx, argv[1]);
	if (argc != 2)
		return usage_error(ctx, USAGE_PORT_SHOW);
	ifindex = ctx_port_index(ctx, argv[1]);
	if (!ifindex || collect_port(ctx, argv[1], ifindex, &port))
		return 1;
	if (port.peer_ifindex)
		name_peers(ctx, &(struct lbr_bridge){ .ports = &port, .nports = 1 }, 1);
	ctx_printer(ctx, &p);
	print_port_detail(&p, &port);
	return 0;
}

static const struct command port_commands[] = {
	{ "set", port_set, { USAGE_PORT_SET } },
	{ "allow", port_allow, { USAGE_PORT_ALLOW } },
	{ "deny", port_deny, { USAGE_PORT_DENY } },
	{ "show", port_show, { USAGE_PORT_SHOW } },
};

int cmd_port(struct ctx *ctx, int argc, char **argv)
{
	return run_command(ctx, "port ", port_commands, ARRAY_SIZE(port_commands), argc - 1,
			   argv + 1);
}
