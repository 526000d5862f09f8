/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Requests, acks and dumps over libmnl, with the kernel's extack message
 * kept for the error report. The socket itself sits behind struct
 * nl_transport so that the unit tests can put a scripted fake kernel
 * there and exercise all of this, retries and pipelining included.
 */
#ifndef LBRCTL_NETLINK_H
#define LBRCTL_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct nlmsghdr;

struct nl_transport {
	/* A bound socket on the netlink bus, or NULL with errno set. */
	void *(*open)(int bus);
	/* 0 or -errno; one datagram, which may hold several messages. */
	int (*send)(void *h, const void *buf, size_t len);
	/* Bytes of one datagram, 0 when there will never be more, or -errno. */
	ssize_t (*recv)(void *h, void *buf, size_t len);
	/* Joins a multicast group: 0 or -errno. */
	int (*join)(void *h, unsigned int group);
	void (*close)(void *h);
};

extern const struct nl_transport nl_socket_transport;

/*
 * Requests queued in batch mode before their acks are read. Each ack is
 * an skb of its own in the socket's receive queue: the window is kept
 * well inside what the receive buffer holds, or acks would be dropped.
 */
#define NL_WINDOW 64
#define NL_TXBUF 16384
#define NL_RXBUF 65536
#define NL_DUMP_TRIES 5

/* Called for each reply message; 0 or -errno (which fails the request). */
typedef int (*nl_msg_cb)(const struct nlmsghdr *nlh, void *data);

struct nl {
	const struct nl_transport *tr;
	void *h;
	uint32_t seq;

	/* The queue of pipelined requests (nl_submit). */
	bool pipeline;
	unsigned int queued;
	uint32_t first_seq;
	size_t txlen;
	unsigned long cookies[NL_WINDOW];

	/* The last failure: the kernel's extack text, if any, and whose. */
	char errmsg[256];
	unsigned long err_cookie;

	char txbuf[NL_TXBUF];
	char rxbuf[NL_RXBUF];
};

/* Returns NULL with errno set. */
struct nl *nl_open(const struct nl_transport *tr, int bus);
void nl_close(struct nl *nl);

/* Starts a generic netlink request in buf (at least NL_REQ_SIZE bytes). */
#define NL_REQ_SIZE 1024
struct nlmsghdr *nl_genl_request(void *buf, uint16_t family, uint8_t cmd, uint8_t version);

/*
 * Looks a family up by name, its version, and the ids of its multicast
 * groups named in groups, into grps: 0 for a group the family lacks.
 * groups (or NULL) and grps have ngroups elements; a NULL in groups ends
 * it early. version may be NULL. -ENOENT when the family is not
 * registered.
 */
int nl_genl_family(struct nl *nl, const char *name, const char *const *groups,
		   unsigned int ngroups, uint16_t *id, uint32_t *grps, uint32_t *version);

/*
 * Sends req with NLM_F_ACK and reads to its ack, handing every other
 * reply to cb (which may be NULL). 0 or -errno; nl->errmsg then holds the
 * kernel's message, if it gave one, and nl->err_cookie is cookie.
 */
int nl_transact(struct nl *nl, struct nlmsghdr *req, nl_msg_cb cb, void *data,
		unsigned long cookie);

/*
 * Dumps: each reply to cb. When the kernel marks the dump inconsistent
 * (NLM_F_DUMP_INTR), reset(data) discards what cb collected and the dump
 * is retried, up to NL_DUMP_TRIES times. If the last try is torn too, what
 * it collected is left in data and -EINTR returned: under steady churn a
 * large table may never dump whole, and the caller decides whether a
 * listing that may be inconsistent is better than none.
 */
int nl_dump(struct nl *nl, struct nlmsghdr *req, nl_msg_cb cb, void (*reset)(void *),
	    void *data);

/*
 * A request needing only its ack. With nl->pipeline it is queued and sent
 * with others, NL_WINDOW at a time; an error may then be that of an
 * earlier request, whose cookie is in nl->err_cookie. Without, it is
 * nl_transact().
 */
int nl_submit(struct nl *nl, struct nlmsghdr *req, unsigned long cookie);
/* Sends what is queued and reads every ack: the first failure, or 0. */
int nl_sync(struct nl *nl);

/* Multicast: join, then hand each message to cb until it returns nonzero. */
int nl_join(struct nl *nl, unsigned int group);
int nl_listen(struct nl *nl, nl_msg_cb cb, void *data);

/*
 * The error code of an NLMSG_ERROR or NLMSG_DONE message (negative, or 0
 * for an ack), with the extack message copied to msg ("" if none).
 */
int nl_msg_error(const struct nlmsghdr *nlh, char *msg, size_t size);

#endif
