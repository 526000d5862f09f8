// SPDX-License-Identifier: GPL-2.0
/*
 * The CNI protocol: environment, stdin and stdout, and the IPAM plugin,
 * which is run as the runtime runs us.
 */
#define _GNU_SOURCE		/* environ, pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../parse.h"
#include "cni.h"

const char *const cni_versions[] = { "0.3.0", "0.3.1", "0.4.0", "1.0.0", NULL };

int cni_fail(struct cni_error *e, int code, const char *msg, const char *fmt, ...)
{
	va_list ap;

	if (e->code)
		return -1;
	e->code = code;
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
	va_start(ap, fmt);
	vsnprintf(e->details, sizeof(e->details), fmt, ap);
	va_end(ap);
	return -1;
}

bool cni_version_supported(const char *version)
{
	for (const char *const *v = cni_versions; *v; v++)
		if (!strcmp(*v, version))
			return true;
	return false;
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * Stricter than the kernel (which takes anything but '/', ':' and
 * whitespace): names runtimes actually use, nothing a shell or a log
 * line could misread.
 */
bool cni_valid_ifname(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= IF_NAMESIZE || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (const char *c = name; *c; c++)
		if (!is_alnum(*c) && *c != '-' && *c != '_' && *c != '.')
			return false;
	return true;
}

/* The spec's container ID: alphanumerics, '_', '.' and '-'. */
static bool valid_id(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > CNI_ID_MAX || !is_alnum(id[0]))
		return false;
	for (const char *c = id; *c; c++)
		if (!is_alnum(*c) && *c != '-' && *c != '_' && *c != '.')
			return false;
	return true;
}

/*
 * "K=V;K=V", as libcni builds it. An unknown key is an error unless
 * IgnoreUnknown is true, as in the reference plugins: a runtime that
 * sends what we do not understand should hear about it.
 */
int cni_args_parse(struct cni_env *env, const char *args, struct cni_error *e)
{
	char buf[4096], *pair, *next, *unknown = NULL;
	bool ignore_unknown = false;

	if (strlen(args) >= sizeof(buf))
		return cni_fail(e, CNI_ERR_ENV, "invalid CNI_ARGS", "longer than %zu bytes",
				sizeof(buf) - 1);
	strcpy(buf, args);
	/* No strtok: "a=1;;b=2" has an empty pair, which is an error. */
	for (pair = *buf ? buf : NULL; pair; pair = next) {
		char *eq;
		const char *value;

		next = strchr(pair, ';');
		if (next)
			*next++ = '\0';
		eq = strchr(pair, '=');

		if (!eq || eq == pair)
			return cni_fail(e, CNI_ERR_ENV, "invalid CNI_ARGS",
					"not KEY=VALUE: \"%.64s\"", pair);
		*eq = '\0';
		value = eq + 1;
		if (!strcmp(pair, "IgnoreUnknown")) {
			if (!strcmp(value, "1") || !strcasecmp(value, "true"))
				ignore_unknown = true;
			else if (strcmp(value, "0") && strcasecmp(value, "false"))
				return cni_fail(e, CNI_ERR_ENV, "invalid CNI_ARGS",
						"IgnoreUnknown is not a boolean: \"%.64s\"", value);
		} else if (!strcmp(pair, "K8S_POD_NAMESPACE")) {
			/*
			 * Only ever a label, cleaned up there: any value, cut to
			 * size. Podman sends its container's name (capitals, '_').
			 */
			snprintf(env->k8s_namespace, sizeof(env->k8s_namespace), "%s", value);
		} else if (!strcmp(pair, "K8S_POD_NAME")) {
			snprintf(env->k8s_pod, sizeof(env->k8s_pod), "%s", value);
		} else if (!strcmp(pair, "MAC")) {
			/* Podman's --mac-address. */
			/* What a container's interface can take: unicast, not zero. */
			if (parse_mac(value, env->mac) || !mac_is_valid_unicast(env->mac))
				return cni_fail(e, CNI_ERR_ENV, "invalid CNI_ARGS",
						"MAC is not a unicast aa:bb:cc:dd:ee:ff: \"%.32s\"",
						value);
			env->has_mac = true;
		} else if (strcmp(pair, "K8S_POD_INFRA_CONTAINER_ID") &&
			   strcmp(pair, "K8S_POD_UID")) {
			if (!unknown)
				unknown = pair;
		}
	}
	if (unknown && !ignore_unknown)
		return cni_fail(e, CNI_ERR_ENV, "invalid CNI_ARGS",
				"unknown key \"%.64s\" (IgnoreUnknown=1 lets it pass)", unknown);
	return 0;
}

static int env_required(const char *name, const char **value, struct cni_error *e)
{
	*value = getenv(name);
	if (!*value || !**value)
		return cni_fail(e, CNI_ERR_ENV, "missing environment variable", "%s is not set",
				name);
	return 0;
}

int cni_env_read(struct cni_env *env, struct cni_error *e)
{
	const char *command, *ifname, *args;

	memset(env, 0, sizeof(*env));
	if (env_required("CNI_COMMAND", &command, e))
		return -1;
	if (!strcmp(command, "ADD"))
		env->command = CNI_ADD;
	else if (!strcmp(command, "DEL"))
		env->command = CNI_DEL;
	else if (!strcmp(command, "CHECK"))
		env->command = CNI_CHECK;
	else if (!strcmp(command, "VERSION"))
		env->command = CNI_VERSION;
	else
		return cni_fail(e, CNI_ERR_ENV, "invalid CNI_COMMAND",
				"\"%.32s\" is none of ADD, DEL, CHECK, VERSION", command);
	env->command_name = command;
	if (env->command == CNI_VERSION)
		return 0;

	if (env_required("CNI_CONTAINERID", &env->containerid, e))
		return -1;
	if (!valid_id(env->containerid))
		return cni_fail(e, CNI_ERR_ENV, "invalid CNI_CONTAINERID",
				"not 1-%d alphanumerics, '_', '.' or '-' starting with an alphanumeric",
				CNI_ID_MAX);
	if (env_required("CNI_IFNAME", &ifname, e))
		return -1;
	if (!cni_valid_ifname(ifname))
		return cni_fail(e, CNI_ERR_ENV, "invalid CNI_IFNAME",
				"\"%.32s\" is not 1-%d letters, digits, '_', '.' or '-'", ifname,
				IF_NAMESIZE - 1);
	strcpy(env->ifname, ifname);
	/* DEL must succeed when the namespace is gone: it may be unset then. */
	env->netns = getenv("CNI_NETNS");
	if (env->netns && !*env->netns)
		env->netns = NULL;
	if (!env->netns && env->command != CNI_DEL)
		return cni_fail(e, CNI_ERR_ENV, "missing environment variable",
				"CNI_NETNS is not set");
	if (env->netns && (env->netns[0] != '/' || strlen(env->netns) >= 4096))
		return cni_fail(e, CNI_ERR_ENV, "invalid CNI_NETNS", "not an absolute path");
	env->path = getenv("CNI_PATH");
	if (!env->path)
		env->path = "";
	args = getenv("CNI_ARGS");
	if (args && cni_args_parse(env, args, e))
		return -1;
	return 0;
}

int cni_read_all(int fd, char **buf, size_t *len, struct cni_error *e)
{
	size_t size = 4096, n = 0;
	char *b = malloc(size + 1);

	if (!b)
		return cni_fail(e, CNI_ERR_IO, "out of memory", "reading the configuration");
	for (;;) {
		ssize_t r;

		if (n == size) {
			char *nb;

			if (size >= CNI_INPUT_MAX) {
				/* One more byte tells "exactly the limit" from "more". */
				char c;

				r = read(fd, &c, 1);
				if (r == 0)
					break;
				free(b);
				return cni_fail(e, CNI_ERR_DECODE, "input too large",
						"more than %d bytes", CNI_INPUT_MAX);
			}
			size *= 4;
			if (size > CNI_INPUT_MAX)
				size = CNI_INPUT_MAX;
			nb = realloc(b, size + 1);
			if (!nb) {
				free(b);
				return cni_fail(e, CNI_ERR_IO, "out of memory", "reading input");
			}
			b = nb;
		}
		r = read(fd, b + n, size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int err = errno;

			free(b);
			return cni_fail(e, CNI_ERR_IO, "cannot read input", "%s", strerror(err));
		}
		if (r == 0)
			break;
		n += r;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

struct json_object *cni_parse_object(const char *text, size_t len, const char *what,
				     struct cni_error *e)
{
	struct json_tokener *tok;
	struct json_object *obj;
	size_t end;

	if (strlen(text) != len) {
		cni_fail(e, CNI_ERR_DECODE, "cannot decode JSON", "%s holds a NUL byte", what);
		return NULL;
	}
	tok = json_tokener_new_ex(16);
	if (!tok) {
		cni_fail(e, CNI_ERR_IO, "out of memory", "parsing %s", what);
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	obj = json_tokener_parse_ex(tok, text, len);
	end = json_tokener_get_parse_end(tok);
	if (!obj || json_tokener_get_error(tok) != json_tokener_success) {
		cni_fail(e, CNI_ERR_DECODE, "cannot decode JSON", "%s: %s at byte %zu", what,
			 json_tokener_error_desc(json_tokener_get_error(tok)), end);
		json_object_put(obj);
		obj = NULL;
	} else if (!json_object_is_type(obj, json_type_object)) {
		cni_fail(e, CNI_ERR_DECODE, "cannot decode JSON", "%s is not an object", what);
		json_object_put(obj);
		obj = NULL;
	} else {
		/* One object, and nothing after it but whitespace. */
		while (end < len && strchr(" \t\r\n", text[end]))
			end++;
		if (end != len) {
			cni_fail(e, CNI_ERR_DECODE, "cannot decode JSON",
				 "%s: trailing data at byte %zu", what, end);
			json_object_put(obj);
			obj = NULL;
		}
	}
	json_tokener_free(tok);
	return obj;
}

/* --- The IPAM plugin ------------------------------------------------------ */

int cni_ipam_find(const struct cni_env *env, const char *type, char *path, size_t size,
		  struct cni_error *e)
{
	const char *dir = env->path, *colon;

	/* A file name, never a path: "../../bin/x" must not run. */
	if (!*type || strlen(type) > 64 || strchr(type, '/') || !strcmp(type, ".") ||
	    !strcmp(type, ".."))
		return cni_fail(e, CNI_ERR_CONFIG, "invalid network config",
				"ipam.type \"%.64s\" is not a plugin name", type);
	for (; *dir; dir = *colon ? colon + 1 : colon) {
		size_t n;
		struct stat st;

		colon = strchrnul(dir, ':');
		n = colon - dir;
		/* Only absolute directories: a relative one depends on our cwd. */
		if (n == 0 || dir[0] != '/')
			continue;
		if ((size_t)snprintf(path, size, "%.*s/%s", (int)n, dir, type) >= size)
			continue;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0)
			return 0;
	}
	return cni_fail(e, CNI_ERR_IPAM, "IPAM plugin not found",
			"no executable \"%s\" in CNI_PATH \"%.256s\"", type, env->path);
}

/* This environment, with CNI_COMMAND set to command. */
static char **ipam_environ(const char *command)
{
	extern char **environ;
	size_t n = 0, i, j = 0;
	char **envp, *cmd;

	while (environ[n])
		n++;
	envp = calloc(n + 2, sizeof(*envp));
	if (!envp || asprintf(&cmd, "CNI_COMMAND=%s", command) < 0) {
		free(envp);
		return NULL;
	}
	envp[j++] = cmd;
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "CNI_COMMAND=", 12))
			envp[j++] = environ[i];
	envp[j] = NULL;
	return envp;
}

/*
 * Feeds config to the child and reads its stdout at the same time: a
 * plugin may answer before it has read everything, and neither side may
 * block the other on a full pipe.
 */
static int ipam_talk(int in, int out, const char *config, size_t len, char **reply,
		     size_t *reply_len, bool *capped, struct cni_error *e)
{
	size_t sent = 0, n = 0;
	char *buf = malloc(CNI_INPUT_MAX + 1);

	if (!buf) {
		close(in);
		close(out);
		return cni_fail(e, CNI_ERR_IO, "out of memory", "reading IPAM's answer");
	}
	if (len == 0) {
		close(in);
		in = -1;
	}
	while (out >= 0) {
		struct pollfd p[2] = { { .fd = out, .events = POLLIN },
				       { .fd = in, .events = POLLOUT } };
		ssize_t r;

		if (poll(p, in >= 0 ? 2 : 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (in >= 0 && p[1].revents) {
			r = write(in, config + sent, len - sent);
			if (r > 0)
				sent += r;
			/* EPIPE: it stopped reading; its answer says why. */
			if ((r < 0 && errno != EAGAIN && errno != EINTR) || sent == len) {
				close(in);
				in = -1;
			}
		}
		if (p[0].revents) {
			r = read(out, buf + n, CNI_INPUT_MAX - n);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				close(out);
				out = -1;
			} else {
				n += r;
				if (n == CNI_INPUT_MAX) {
					/* Past the cap: the answer is refused anyway. */
					close(out);
					out = -1;
					*capped = true;
				}
			}
		}
	}
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	buf[n] = '\0';
	*reply = buf;
	*reply_len = n;
	return 0;
}

/* The child's error object, passed on with the plugin's name in front. */
static void ipam_error(const char *path, const char *reply, size_t len, int status,
		       struct cni_error *e)
{
	struct cni_error parse = { 0 };
	struct json_object *obj = cni_parse_object(reply, len, "IPAM's error", &parse);
	struct json_object *msg, *details, *code;
	char why[64];

	if (WIFEXITED(status))
		snprintf(why, sizeof(why), "exit status %d", WEXITSTATUS(status));
	else
		snprintf(why, sizeof(why), "killed by signal %d", WTERMSIG(status));
	if (obj && json_object_object_get_ex(obj, "msg", &msg) &&
	    json_object_is_type(msg, json_type_string)) {
		int c = CNI_ERR_IPAM;

		/* Its own well-known codes mean the same from us ("try again later"). */
		if (json_object_object_get_ex(obj, "code", &code) &&
		    json_object_is_type(code, json_type_int) && json_object_get_int(code) > 0 &&
		    json_object_get_int(code) < 100)
			c = json_object_get_int(code);
		if (json_object_object_get_ex(obj, "details", &details) &&
		    json_object_is_type(details, json_type_string))
			cni_fail(e, c, "IPAM failed", "%s: %s: %s (%s)", path,
				 json_object_get_string(msg), json_object_get_string(details), why);
		else
			cni_fail(e, c, "IPAM failed", "%s: %s (%s)", path,
				 json_object_get_string(msg), why);
	} else {
		cni_fail(e, CNI_ERR_IPAM, "IPAM failed", "%s: %s, no error object on stdout",
			 path, why);
	}
	json_object_put(obj);
}

int cni_ipam_exec(const char *path, const char *command, const char *config, size_t len,
		  struct cni_ipam_result *res, struct cni_error *e)
{
	int to_child[2], from_child[2], status, ret = -1;
	char *reply = NULL, **envp;
	size_t reply_len = 0;
	bool capped = false;
	pid_t pid;

	envp = ipam_environ(command);
	if (!envp)
		return cni_fail(e, CNI_ERR_IO, "out of memory", "running IPAM");
	if (pipe2(to_child, O_CLOEXEC)) {
		free(envp[0]);
		free(envp);
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot run IPAM", "pipe: %s", strerror(errno));
	}
	if (pipe2(from_child, O_CLOEXEC)) {
		close(to_child[0]);
		close(to_child[1]);
		free(envp[0]);
		free(envp);
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot run IPAM", "pipe: %s", strerror(errno));
	}
	pid = fork();
	if (pid == 0) {
		char *argv[] = { (char *)path, NULL };

		/* An ignored SIGPIPE would survive the exec. */
		signal(SIGPIPE, SIG_DFL);
		if (dup2(to_child[0], 0) < 0 || dup2(from_child[1], 1) < 0)
			_exit(127);
		execve(path, argv, envp);
		_exit(127);
	}
	close(to_child[0]);
	close(from_child[1]);
	free(envp[0]);
	free(envp);
	if (pid < 0) {
		close(to_child[1]);
		close(from_child[0]);
		return cni_fail(e, CNI_ERR_SYSTEM, "cannot run IPAM", "fork: %s", strerror(errno));
	}
	/* poll() says there is room, not room for all of it: never block in write(). */
	fcntl(to_child[1], F_SETFL, O_NONBLOCK);
	if (ipam_talk(to_child[1], from_child[0], config, len, &reply, &reply_len, &capped, e)) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		return -1;
	}
	/* One that ignores SIGPIPE would write on, and we would wait forever. */
	if (capped)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		ipam_error(path, reply, reply_len, status, e);
	} else if (res) {
		struct json_object *obj = cni_parse_object(reply, reply_len, "IPAM's result", e);

		if (obj) {
			ret = cni_result_parse(obj, res, "IPAM's result", e);
			json_object_put(obj);
		} else {
			e->code = CNI_ERR_IPAM;
		}
	} else {
		ret = 0;
	}
	free(reply);
	return ret;
}

void cni_ipam_result_free(struct cni_ipam_result *res)
{
	json_object_put(res->dns);
	res->dns = NULL;
}

static const char *str_field(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string) ||
	    (size_t)json_object_get_string_len(v) != strlen(json_object_get_string(v)))
		return NULL;
	return json_object_get_string(v);
}

int cni_result_parse(struct json_object *obj, struct cni_ipam_result *res, const char *what,
		     struct cni_error *e)
{
	struct json_object *ips, *routes, *dns;
	size_t i, n;

	memset(res, 0, sizeof(*res));
	if (json_object_object_get_ex(obj, "ips", &ips)) {
		if (!json_object_is_type(ips, json_type_array))
			return cni_fail(e, CNI_ERR_IPAM, "invalid result", "%s: ips is not an array",
					what);
		n = json_object_array_length(ips);
		if (n > CNI_IPS_MAX)
			return cni_fail(e, CNI_ERR_IPAM, "invalid result",
					"%s: more than %d ips", what, CNI_IPS_MAX);
		for (i = 0; i < n; i++) {
			struct json_object *ip = json_object_array_get_idx(ips, i);
			struct cni_ip *out = &res->ips[i];
			struct json_object *v;
			const char *addr, *gw;

			addr = json_object_is_type(ip, json_type_object) ?
			       str_field(ip, "address") : NULL;
			if (!addr || !strchr(addr, '/') || ip_prefix_parse(addr, &out->addr))
				return cni_fail(e, CNI_ERR_IPAM, "invalid result",
						"%s: ips[%zu].address is not an address/length",
						what, i);
			out->iface = -1;
			if (json_object_object_get_ex(ip, "interface", &v)) {
				if (!json_object_is_type(v, json_type_int) ||
				    json_object_get_int64(v) < 0 ||
				    json_object_get_int64(v) > 1024)
					return cni_fail(e, CNI_ERR_IPAM, "invalid result",
							"%s: ips[%zu].interface is not an index",
							what, i);
				out->iface = json_object_get_int64(v);
			}
			gw = str_field(ip, "gateway");
			if (gw && (ip_addr_parse(gw, &out->gw) ||
				   out->gw.family != out->addr.family))
				return cni_fail(e, CNI_ERR_IPAM, "invalid result",
						"%s: ips[%zu].gateway is not an address of its family",
						what, i);
		}
		res->nips = n;
	}
	if (json_object_object_get_ex(obj, "routes", &routes)) {
		if (!json_object_is_type(routes, json_type_array))
			return cni_fail(e, CNI_ERR_IPAM, "invalid result",
					"%s: routes is not an array", what);
		n = json_object_array_length(routes);
		if (n > CNI_ROUTES_MAX)
			return cni_fail(e, CNI_ERR_IPAM, "invalid result",
					"%s: more than %d routes", what, CNI_ROUTES_MAX);
		for (i = 0; i < n; i++) {
			struct json_object *r = json_object_array_get_idx(routes, i);
			struct cni_route *out = &res->routes[i];
			const char *dst, *gw;

			dst = json_object_is_type(r, json_type_object) ? str_field(r, "dst") : NULL;
			if (!dst || !strchr(dst, '/') || ip_prefix_parse(dst, &out->dst))
				return cni_fail(e, CNI_ERR_IPAM, "invalid result",
						"%s: routes[%zu].dst is not a network", what, i);
			ip_prefix_network(&out->dst, &out->dst);
			gw = str_field(r, "gw");
			if (gw && (ip_addr_parse(gw, &out->gw) ||
				   out->gw.family != out->dst.family))
				return cni_fail(e, CNI_ERR_IPAM, "invalid result",
						"%s: routes[%zu].gw is not an address of its family",
						what, i);
		}
		res->nroutes = n;
	}
	if (json_object_object_get_ex(obj, "dns", &dns) &&
	    json_object_is_type(dns, json_type_object))
		res->dns = json_object_get(dns);
	return 0;
}

int cni_print(struct json_object *obj)
{
	const char *text = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN |
							  JSON_C_TO_STRING_NOSLASHESCAPE);

	printf("%s\n", text);
	return fflush(stdout) || ferror(stdout) ? -1 : 0;
}

void cni_print_error(const char *version, const struct cni_error *e)
{
	struct json_object *obj = json_object_new_object();

	json_object_object_add(obj, "cniVersion", json_object_new_string(version));
	json_object_object_add(obj, "code", json_object_new_int(e->code));
	json_object_object_add(obj, "msg", json_object_new_string(e->msg));
	if (e->details[0])
		json_object_object_add(obj, "details", json_object_new_string(e->details));
	cni_print(obj);
	json_object_put(obj);
}
