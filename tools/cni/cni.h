/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Container Network Interface protocol as a plugin sees it: the
 * environment and the network configuration on stdin in, a result or an
 * error on stdout out, and the IPAM plugin run as a child the same way.
 * Everything read here comes from a runtime that may be buggy or hostile:
 * each length is bounded and each field checked before anything is done.
 */
#ifndef LBRIDGE_CNI_H
#define LBRIDGE_CNI_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "../link.h"

/* The spec's well-known error codes; 100 and up are our own. */
enum {
	CNI_ERR_VERSION = 1,		/* incompatible CNI version */
	CNI_ERR_UNSUPPORTED_FIELD = 2,
	CNI_ERR_CONTAINER_UNKNOWN = 3,
	CNI_ERR_ENV = 4,		/* invalid necessary environment variables */
	CNI_ERR_IO = 5,
	CNI_ERR_DECODE = 6,
	CNI_ERR_CONFIG = 7,		/* invalid network config */
	CNI_ERR_TRY_LATER = 11,
	CNI_ERR_SYSTEM = 100,		/* a netlink or system call failed */
	CNI_ERR_IPAM = 101,		/* the IPAM plugin failed or answered nonsense */
	CNI_ERR_CHECK = 102,		/* CHECK found the container's network not as added */
	CNI_ERR_EXISTS = 103,		/* ADD: CNI_IFNAME is in the container already */
};

/* Bounds on what a runtime or an IPAM plugin may hand us. */
#define CNI_INPUT_MAX (1 << 20)
#define CNI_ID_MAX 255
#define CNI_IPS_MAX 8
#define CNI_ROUTES_MAX 64

struct cni_error {
	int code;
	char msg[256];
	char details[512];
};

/* Records the first failure (later ones are consequences); returns -1. */
int cni_fail(struct cni_error *e, int code, const char *msg, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

enum cni_command { CNI_ADD, CNI_DEL, CNI_CHECK, CNI_VERSION };

struct cni_env {
	enum cni_command command;
	const char *command_name;
	const char *containerid;	/* NULL if unset (VERSION) */
	const char *netns;		/* NULL if unset */
	char ifname[IF_NAMESIZE];
	const char *path;		/* CNI_PATH */
	/* From CNI_ARGS, "" when absent. */
	char k8s_namespace[64];
	char k8s_pod[254];
	bool has_mac;			/* MAC= asked for the container's interface */
	unsigned char mac[6];
};

/* One address from IPAM or a prevResult. */
struct cni_ip {
	struct ip_prefix addr;		/* with its prefix length */
	struct ip_prefix gw;		/* family 0: none */
	int iface;			/* index into the result's interfaces; -1: none */
};

struct cni_route {
	struct ip_prefix dst;
	struct ip_prefix gw;		/* family 0: none */
};

struct cni_ipam_result {
	struct cni_ip ips[CNI_IPS_MAX];
	unsigned int nips;
	struct cni_route routes[CNI_ROUTES_MAX];
	unsigned int nroutes;
	struct json_object *dns;	/* owned; NULL if none */
};

bool cni_version_supported(const char *version);
extern const char *const cni_versions[];

bool cni_valid_ifname(const char *name);

/* The environment: every variable the command needs, checked. */
int cni_env_read(struct cni_env *env, struct cni_error *e);
/* Parses a CNI_ARGS value ("K=V;K=V") into env. Exposed for the tests. */
int cni_args_parse(struct cni_env *env, const char *args, struct cni_error *e);

/*
 * Reads all of fd, at most CNI_INPUT_MAX bytes, into a NUL-terminated
 * buffer (freed by the caller). -1 on error or when there is more.
 */
int cni_read_all(int fd, char **buf, size_t *len, struct cni_error *e);
/* One JSON object filling all of text but whitespace; NULL on error. */
struct json_object *cni_parse_object(const char *text, size_t len, const char *what,
				     struct cni_error *e);

/* The IPAM plugin's path: type checked as a file name, looked up in CNI_PATH. */
int cni_ipam_find(const struct cni_env *env, const char *type, char *path, size_t size,
		  struct cni_error *e);
/*
 * Runs the IPAM plugin at path for command with the same configuration
 * and environment. For ADD the result is parsed into res (which
 * cni_ipam_result_free releases); for the others res may be NULL.
 */
int cni_ipam_exec(const char *path, const char *command, const char *config, size_t len,
		  struct cni_ipam_result *res, struct cni_error *e);
void cni_ipam_result_free(struct cni_ipam_result *res);
/* ips and routes of a result object (IPAM's, or a prevResult). */
int cni_result_parse(struct json_object *obj, struct cni_ipam_result *res, const char *what,
		     struct cni_error *e);

/* Prints obj on stdout; 0, or -1 if stdout failed. */
int cni_print(struct json_object *obj);
void cni_print_error(const char *version, const struct cni_error *e);

#endif
