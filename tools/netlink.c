// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "netlink.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

/* --- The real socket ---------------------------------------------------- */

static void *sock_open(int bus)
{
	/* Close-on-exec: a child (the CNI plugin's IPAM) must not inherit it. */
	struct mnl_socket *s = mnl_socket_open2(bus, SOCK_CLOEXEC);
	int one = 1, rcvbuf = 1 << 20;

	if (!s)
		return NULL;
	if (mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;

		mnl_socket_close(s);
		errno = e;
		return NULL;
	}
	/* The kernel's error text; harmless to lack on kernels without it. */
	mnl_socket_setsockopt(s, NETLINK_EXT_ACK, &one, sizeof(one));
	/* Acks without a copy of the request: smaller, so more fit in the queue. */
	mnl_socket_setsockopt(s, NETLINK_CAP_ACK, &one, sizeof(one));
	/* Room for a window of acks and for bursts of monitor events. */
	setsockopt(mnl_socket_get_fd(s), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	return s;
}

static int sock_send(void *h, const void *buf, size_t len)
{
	ssize_t n = mnl_socket_sendto(h, buf, len);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EMSGSIZE;
}

static ssize_t sock_recv(void *h, void *buf, size_t len)
{
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(h, buf, len);

		if (n >= 0)
			return n;
		if (errno != EINTR)
			return -errno;
	}
}

static int sock_join(void *h, unsigned int group)
{
	if (mnl_socket_setsockopt(h, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0)
		return -errno;
	return 0;
}

static void sock_close(void *h)
{
	mnl_socket_close(h);
}

const struct nl_transport nl_socket_transport = {
	.open = sock_open,
	.send = sock_send,
	.recv = sock_recv,
	.join = sock_join,
	.close = sock_close,
};

/* --- Requests ------------------------------------------------------------ */

struct nl *nl_open(const struct nl_transport *tr, int bus)
{
	struct nl *nl = calloc(1, sizeof(*nl));

	if (!nl)
		return NULL;
	nl->tr = tr;
	nl->h = tr->open(bus);
	if (!nl->h) {
		int e = errno;

		free(nl);
		errno = e;
		return NULL;
	}
	/* Not 0: multicast messages carry sequence 0. */
	nl->seq = 1;
	return nl;
}

void nl_close(struct nl *nl)
{
	if (!nl)
		return;
	nl->tr->close(nl->h);
	free(nl);
}

struct nlmsghdr *nl_genl_request(void *buf, uint16_t family, uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	/* libmnl 1.0.4 leaves attribute padding as it finds it. */
	memset(buf, 0, NL_REQ_SIZE);
	nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

struct extack {
	char *msg;
	size_t size;
};

static int extack_cb(const struct nlattr *a, void *data)
{
	struct extack *e = data;

	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		snprintf(e->msg, e->size, "%s", mnl_attr_get_str(a));
	return MNL_CB_OK;
}

int nl_msg_error(const struct nlmsghdr *nlh, char *msg, size_t size)
{
	struct extack e = { msg, size };
	size_t len = mnl_nlmsg_get_payload_len(nlh), off;
	int err;

	msg[0] = '\0';
	if (len < sizeof(int))
		return -EBADMSG;
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (nlh->nlmsg_type == NLMSG_DONE) {
		off = MNL_ALIGN(sizeof(int));
	} else {
		const struct nlmsgerr *me = mnl_nlmsg_get_payload(nlh);

		if (len < sizeof(*me))
			return -EBADMSG;
		/* The request comes back whole unless NETLINK_CAP_ACK capped it. */
		off = sizeof(*me);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += MNL_ALIGN(me->msg.nlmsg_len) - sizeof(me->msg);
	}
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS && off < len)
		mnl_attr_parse(nlh, off, extack_cb, &e);
	/* Errors are negative; a positive value would be taken for success. */
	return err > 0 ? -err : err;
}

static int send_req(struct nl *nl, struct nlmsghdr *req)
{
	return nl->tr->send(nl->h, req, req->nlmsg_len);
}

/*
 * Reads datagrams until done(): each message of sequence seq goes to
 * step(), which returns 1 when the exchange is complete.
 */
static int read_replies(struct nl *nl, uint32_t seq, uint32_t nseq,
			int (*step)(struct nl *, const struct nlmsghdr *, void *), void *arg)
{
	for (;;) {
		ssize_t n = nl->tr->recv(nl->h, nl->rxbuf, sizeof(nl->rxbuf));
		const struct nlmsghdr *nlh;
		int len;

		if (n < 0)
			return n;
		if (n == 0)
			return -ECONNRESET;
		len = n;
		for (nlh = (const void *)nl->rxbuf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			int r;

			/* Stale replies to an earlier, abandoned exchange. */
			if (nlh->nlmsg_seq - seq >= nseq)
				continue;
			r = step(nl, nlh, arg);
			if (r)
				return r > 0 ? 0 : r;
		}
	}
}

struct transact {
	nl_msg_cb cb;
	void *data;
	int cb_err;
	int err;
};

static int transact_step(struct nl *nl, const struct nlmsghdr *nlh, void *arg)
{
	struct transact *t = arg;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		t->err = nl_msg_error(nlh, nl->errmsg, sizeof(nl->errmsg));
		return 1;
	}
	if (nlh->nlmsg_type == NLMSG_NOOP || nlh->nlmsg_type == NLMSG_DONE)
		return 0;
	/* Keep reading to the ack even when cb fails: the socket stays in step. */
	if (t->cb && !t->cb_err)
		t->cb_err = t->cb(nlh, t->data);
	return 0;
}

int nl_transact(struct nl *nl, struct nlmsghdr *req, nl_msg_cb cb, void *data,
		unsigned long cookie)
{
	struct transact t = { .cb = cb, .data = data };
	int err;

	err = nl_sync(nl);
	if (err)
		return err;
	nl->errmsg[0] = '\0';
	nl->err_cookie = cookie;
	req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	req->nlmsg_seq = ++nl->seq;
	err = send_req(nl, req);
	if (!err)
		err = read_replies(nl, req->nlmsg_seq, 1, transact_step, &t);
	if (!err)
		err = t.err;
	if (!err)
		err = t.cb_err;
	return err;
}

struct dump {
	nl_msg_cb cb;
	void *data;
	bool intr;
	int cb_err;
	int err;
};

static int dump_step(struct nl *nl, const struct nlmsghdr *nlh, void *arg)
{
	struct dump *d = arg;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		d->intr = true;
	if (nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE) {
		d->err = nl_msg_error(nlh, nl->errmsg, sizeof(nl->errmsg));
		return 1;
	}
	if (nlh->nlmsg_type == NLMSG_NOOP)
		return 0;
	if (!d->cb_err)
		d->cb_err = d->cb(nlh, d->data);
	return 0;
}

int nl_dump(struct nl *nl, struct nlmsghdr *req, nl_msg_cb cb, void (*reset)(void *),
	    void *data)
{
	int err = nl_sync(nl);

	if (err)
		return err;
	for (int try = 0; try < NL_DUMP_TRIES; try++) {
		struct dump d = { .cb = cb, .data = data };

		if (try && reset)
			reset(data);
		nl->errmsg[0] = '\0';
		req->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
		req->nlmsg_seq = ++nl->seq;
		err = send_req(nl, req);
		if (!err)
			err = read_replies(nl, req->nlmsg_seq, 1, dump_step, &d);
		if (!err)
			err = d.err;
		if (!err)
			err = d.cb_err;
		if (err || !d.intr)
			return err;
	}
	snprintf(nl->errmsg, sizeof(nl->errmsg),
		 "the table changed during each of %d dumps in a row", NL_DUMP_TRIES);
	return -EINTR;
}

/* --- Pipelining ----------------------------------------------------------- */

int nl_submit(struct nl *nl, struct nlmsghdr *req, unsigned long cookie)
{
	int err;

	if (!nl->pipeline)
		return nl_transact(nl, req, NULL, NULL, cookie);
	if (nl->queued == NL_WINDOW || nl->txlen + MNL_ALIGN(req->nlmsg_len) > sizeof(nl->txbuf)) {
		err = nl_sync(nl);
		if (err)
			return err;
	}
	req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	req->nlmsg_seq = ++nl->seq;
	if (!nl->queued)
		nl->first_seq = req->nlmsg_seq;
	memcpy(nl->txbuf + nl->txlen, req, req->nlmsg_len);
	nl->txlen += MNL_ALIGN(req->nlmsg_len);
	nl->cookies[nl->queued++] = cookie;
	return 0;
}

struct acks {
	unsigned int seen;
	unsigned int expected;
	uint32_t err_seq;
	int err;
};

/* The first request's failure is the one reported: the others followed it. */
static int ack_step(struct nl *nl, const struct nlmsghdr *nlh, void *arg)
{
	struct acks *a = arg;

	if (nlh->nlmsg_type != NLMSG_ERROR)
		return 0;
	a->seen++;
	if (nlh->nlmsg_seq - nl->first_seq < a->err_seq - nl->first_seq) {
		char msg[sizeof(nl->errmsg)];
		int err = nl_msg_error(nlh, msg, sizeof(msg));

		if (err) {
			a->err = err;
			a->err_seq = nlh->nlmsg_seq;
			memcpy(nl->errmsg, msg, sizeof(msg));
			nl->err_cookie = nl->cookies[nlh->nlmsg_seq - nl->first_seq];
		}
	}
	return a->seen == a->expected;
}

int nl_sync(struct nl *nl)
{
	struct acks a = { .expected = nl->queued };
	int err;

	if (!nl->queued)
		return 0;
	a.err_seq = nl->first_seq + nl->queued;
	nl->errmsg[0] = '\0';
	err = nl->tr->send(nl->h, nl->txbuf, nl->txlen);
	if (!err)
		err = read_replies(nl, nl->first_seq, nl->queued, ack_step, &a);
	if (err) {
		/* Not one ack came back that we know of: blame the first. */
		nl->err_cookie = nl->cookies[0];
	} else {
		err = a.err;
	}
	nl->queued = 0;
	nl->txlen = 0;
	return err;
}

/* --- Family lookup and multicast ------------------------------------------ */

#define NL_MAX_GROUPS 4

struct family {
	const char *const *groups;
	unsigned int ngroups;		/* at most NL_MAX_GROUPS */
	uint16_t id;
	uint32_t grps[NL_MAX_GROUPS];
	uint32_t version;
};

static int group_cb(const struct nlattr *a, void *data)
{
	struct family *f = data;
	const struct nlattr *name = NULL, *id = NULL, *x;

	mnl_attr_for_each_nested(x, a) {
		if (mnl_attr_get_type(x) == CTRL_ATTR_MCAST_GRP_NAME &&
		    !mnl_attr_validate(x, MNL_TYPE_NUL_STRING))
			name = x;
		else if (mnl_attr_get_type(x) == CTRL_ATTR_MCAST_GRP_ID &&
			 !mnl_attr_validate(x, MNL_TYPE_U32))
			id = x;
	}
	if (!name || !id)
		return MNL_CB_OK;
	for (unsigned int i = 0; i < f->ngroups && f->groups[i]; i++)
		if (!strcmp(mnl_attr_get_str(name), f->groups[i]))
			f->grps[i] = mnl_attr_get_u32(id);
	return MNL_CB_OK;
}

static int family_attr_cb(const struct nlattr *a, void *data)
{
	struct family *f = data;

	switch (mnl_attr_get_type(a)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(a, MNL_TYPE_U16))
			return MNL_CB_ERROR;
		f->id = mnl_attr_get_u16(a);
		break;
	case CTRL_ATTR_VERSION:
		if (mnl_attr_validate(a, MNL_TYPE_U32))
			return MNL_CB_ERROR;
		f->version = mnl_attr_get_u32(a);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		if (mnl_attr_validate(a, MNL_TYPE_NESTED))
			return MNL_CB_ERROR;
		mnl_attr_parse_nested(a, group_cb, f);
		break;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb, data) != MNL_CB_OK)
		return -EBADMSG;
	return 0;
}

int nl_genl_family(struct nl *nl, const char *name, const char *const *groups,
		   unsigned int ngroups, uint16_t *id, uint32_t *grps, uint32_t *version)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *req = nl_genl_request(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	struct family f = { .groups = groups };
	int err;

	if (!groups)
		ngroups = 0;
	f.ngroups = ngroups < NL_MAX_GROUPS ? ngroups : NL_MAX_GROUPS;

	mnl_attr_put_strz(req, CTRL_ATTR_FAMILY_NAME, name);
	err = nl_transact(nl, req, family_cb, &f, 0);
	if (err)
		return err;
	if (!f.id)
		return -EBADMSG;
	*id = f.id;
	/* Past what the lookup keeps: none found. */
	for (unsigned int i = 0; i < ngroups && groups[i]; i++)
		grps[i] = i < NL_MAX_GROUPS ? f.grps[i] : 0;
	if (version)
		*version = f.version;
	return 0;
}

int nl_join(struct nl *nl, unsigned int group)
{
	return nl->tr->join(nl->h, group);
}

int nl_listen(struct nl *nl, nl_msg_cb cb, void *data)
{
	for (;;) {
		ssize_t n = nl->tr->recv(nl->h, nl->rxbuf, sizeof(nl->rxbuf));
		const struct nlmsghdr *nlh;
		int len;

		if (n <= 0)
			return n;
		len = n;
		for (nlh = (const void *)nl->rxbuf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			int r;

			/* Events are unsolicited: anything with a sequence is not one. */
			if (nlh->nlmsg_seq || nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue;
			r = cb(nlh, data);
			if (r)
				return r;
		}
	}
}
