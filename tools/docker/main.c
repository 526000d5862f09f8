// SPDX-License-Identifier: GPL-2.0
/*
 * lbridge-docker: Docker's remote network driver for lbridge.
 *
 * dockerd finds the plugin by its socket, /run/docker/plugins/lbridge.sock
 * ("-d lbridge"), and POSTs one JSON request per call. libmicrohttpd
 * serves it from one internal thread, so requests never run concurrently
 * and need no locking; driver.c does the work.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "driver.h"

#define DEFAULT_SOCKET "/run/docker/plugins/lbridge.sock"

/*
 * A request's body as it arrives, bounded; grown to fit exactly, so that
 * a read past its end is caught by the sanitizers in the tests.
 */
struct upload {
	size_t len;
	bool too_big;
	char *data;
};

static enum MHD_Result respond(struct MHD_Connection *c, unsigned int status, char *text)
{
	static char oom[] = "{\"Err\":\"out of memory\"}";
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (text)
		resp = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
	else
		resp = MHD_create_response_from_buffer(strlen(oom), oom, MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, DRIVER_CONTENT_TYPE);
	ret = MHD_queue_response(c, text ? status : MHD_HTTP_INTERNAL_SERVER_ERROR, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version,
				  const char *data, size_t *size, void **con_cls)
{
	struct upload *up = *con_cls;
	char *answer;
	int status;

	(void)cls;
	(void)version;
	if (strcmp(method, MHD_HTTP_METHOD_POST)) {
		char shown[17];

		driver_printable(shown, sizeof(shown), method);
		return respond(c, MHD_HTTP_METHOD_NOT_ALLOWED,
			       driver_error("%s: the plugin answers POST only", shown));
	}
	if (!up) {
		up = malloc(sizeof(*up));
		if (!up)
			return MHD_NO;
		up->len = 0;
		up->too_big = false;
		up->data = NULL;
		*con_cls = up;
		return MHD_YES;
	}
	if (*size) {
		/* Read it all, keep what fits: the answer comes after the body. */
		if (!up->too_big && *size > DRIVER_BODY_MAX - up->len) {
			up->too_big = true;
		} else if (!up->too_big) {
			char *more = realloc(up->data, up->len + *size);

			if (!more)
				return MHD_NO;
			memcpy(more + up->len, data, *size);
			up->data = more;
			up->len += *size;
		}
		*size = 0;
		return MHD_YES;
	}
	if (up->too_big)
		return respond(c, 413,
			       driver_error("request body over %d bytes", DRIVER_BODY_MAX));
	status = driver_call(url, up->data ? up->data : "", up->len, &answer);
	return respond(c, (unsigned int)status, answer);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode code)
{
	struct upload *up = *con_cls;

	(void)cls;
	(void)c;
	(void)code;
	if (up)
		free(up->data);
	free(up);
	*con_cls = NULL;
}

/*
 * A directory on the socket's path must be one only root (or we) can
 * change: anyone who can write to it could swap the socket for theirs,
 * or a symlink. Sticky directories (/tmp) are fine: others cannot rename
 * or remove our entries there, and what they create first is caught when
 * its own turn comes.
 */
static int check_dir(const char *dir)
{
	struct stat st;

	if (lstat(dir, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "lbridge-docker: %s: not a directory\n", dir);
		return -ENOTDIR;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		fprintf(stderr, "lbridge-docker: %s: owned by user %u\n", dir,
			(unsigned int)st.st_uid);
		return -EPERM;
	}
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX)) {
		fprintf(stderr, "lbridge-docker: %s: writable by group or others\n", dir);
		return -EPERM;
	}
	return 0;
}

/*
 * mkdir -p for the socket's directory. What is missing is made 0700:
 * dockerd later uses /run/docker as it finds it and never tightens it.
 */
static int make_dirs(const char *path)
{
	char dir[PATH_MAX];
	char *slash;
	int err;

	if (strlen(path) >= sizeof(dir))
		return -ENAMETOOLONG;
	strcpy(dir, path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1;; p++) {
		bool last = !*p;

		if (!last && *p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) && errno != EEXIST)
			return -errno;
		err = check_dir(dir);
		if (err)
			return err;
		if (last)
			break;
		*p = '/';
	}
	return 0;
}

/* The socket we bound, removed at exit only if it is still ours. */
static struct stat bound;

/*
 * The listening socket, mode 0600 (dockerd runs as root). A socket left by
 * a plugin that died (connecting is refused) is removed; one that still
 * answers is another plugin's, and anything else is not ours to remove.
 * PATH.lock keeps two plugins starting together from removing each
 * other's sockets between the probe and the bind.
 */
static int listen_on(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char lock[PATH_MAX];
	struct stat st;
	int fd = -1, lfd, err;
	mode_t old;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "lbridge-docker: %s: path too long\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	err = make_dirs(path);
	if (err) {
		fprintf(stderr, "lbridge-docker: creating the directory of %s: %s\n", path,
			strerror(-err));
		return -1;
	}
	snprintf(lock, sizeof(lock), "%s.lock", path);
	lfd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (lfd < 0 || flock(lfd, LOCK_EX)) {
		fprintf(stderr, "lbridge-docker: %s: %s\n", lock, strerror(errno));
		goto err;
	}
	if (!lstat(path, &st)) {
		if (!S_ISSOCK(st.st_mode)) {
			fprintf(stderr, "lbridge-docker: %s: exists and is not a socket\n", path);
			goto err;
		}
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			perror("lbridge-docker: socket");
			goto err;
		}
		if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
			fprintf(stderr, "lbridge-docker: %s: another plugin is listening there\n",
				path);
			goto err;
		}
		if (errno != ECONNREFUSED) {
			fprintf(stderr, "lbridge-docker: %s: %s; not removing it\n", path,
				strerror(errno));
			goto err;
		}
		close(fd);
		fd = -1;
		if (unlink(path)) {
			fprintf(stderr, "lbridge-docker: removing %s: %s\n", path, strerror(errno));
			goto err;
		}
	} else if (errno != ENOENT) {
		fprintf(stderr, "lbridge-docker: %s: %s\n", path, strerror(errno));
		goto err;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("lbridge-docker: socket");
		goto err;
	}
	old = umask(0177);
	err = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (err || listen(fd, 16) || lstat(path, &bound)) {
		fprintf(stderr, "lbridge-docker: %s: %s\n", path, strerror(errno));
		goto err;
	}
	close(lfd);
	return fd;
err:
	if (fd >= 0)
		close(fd);
	if (lfd >= 0)
		close(lfd);
	return -1;
}

/* Removes the socket at exit, unless another has taken its place. */
static void unlink_ours(const char *path)
{
	struct stat st;

	if (!lstat(path, &st) && st.st_dev == bound.st_dev && st.st_ino == bound.st_ino)
		unlink(path);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: lbridge-docker [--socket PATH]\n"
		"Docker's network driver for lbridge (docker network create -d lbridge).\n"
		"  --socket PATH  listen there (default " DEFAULT_SOCKET ")\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *path = DEFAULT_SOCKET;
	struct MHD_Daemon *d;
	sigset_t stop;
	int fd, opt, sig;

	while ((opt = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	/* Blocked before MHD's thread starts, which inherits the mask. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	fd = listen_on(path);
	if (fd < 0)
		return 1;
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
			     on_request, NULL,
			     MHD_OPTION_LISTEN_SOCKET, fd,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_CONNECTION_LIMIT, 32u,
			     MHD_OPTION_CONNECTION_TIMEOUT, 60u,
			     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "lbridge-docker: cannot start the HTTP server\n");
		unlink_ours(path);
		close(fd);
		return 1;
	}
	fprintf(stderr, "lbridge-docker: listening on %s\n", path);

	sigwait(&stop, &sig);
	/* MHD closes the listening socket it was given. */
	MHD_stop_daemon(d);
	unlink_ours(path);
	return 0;
}
