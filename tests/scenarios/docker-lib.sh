# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Docker's daemon and lbridge-docker in the test VM, for 18-docker.sh and
# the demo. The caller sets work (a scratch directory) and runs from the
# top of the tree; the VM's / is the host's, read-only, so the engine
# writes to tmpfs. Docker is told to leave iptables and sysctls alone, so
# that the scenarios after it find the VM as it was.

# A different client may come first in PATH.
docker=/usr/bin/docker
plugin=${LBT_DOCKER_PLUGIN:-$PWD/tools/docker/lbridge-docker}
sock=/run/docker/plugins/lbridge.sock
plugin_pid=
dockerd_pid=
cgroup_mounted=

start_plugin() {
	"$plugin" 2>>"$work/plugin.log" &
	plugin_pid=$!
}
plugin_answers() {
	curl -sf --max-time 5 --unix-socket "$sock" -X POST http://plugin/Plugin.Activate |
		grep -q NetworkDriver
}
stop_plugin() {
	[ -z "$plugin_pid" ] || { kill "$plugin_pid" 2>/dev/null; wait "$plugin_pid" || true; }
	plugin_pid=
}

start_dockerd() {
	local dir
	# Mounted here only if nothing is (and then unmounted at the end).
	if ! mountpoint -q /sys/fs/cgroup; then
		mount -t cgroup2 none /sys/fs/cgroup && cgroup_mounted=1
	fi
	for dir in /etc/docker /var/lib/containerd /var/lib/docker; do
		[ ! -d "$dir" ] || mount -t tmpfs tmpfs "$dir" || return 1
	done
	dockerd --data-root /run/dk --bridge none --iptables=false --ip6tables=false \
		--ip-masq=false --ip-forward=false --storage-driver overlay2 >"$work/dockerd.log" 2>&1 &
	dockerd_pid=$!
}
# stop_dockerd [clean]: with "clean", the caller removed all it made.
stop_dockerd() {
	[ -n "$dockerd_pid" ] || return 0
	if [ "${1:-}" != clean ]; then
		"$docker" ps -aq | xargs -r "$docker" rm -f >/dev/null 2>&1
		"$docker" network ls -q -f driver=lbridge | xargs -r "$docker" network rm >/dev/null 2>&1
	fi
	kill "$dockerd_pid" 2>/dev/null
	wait "$dockerd_pid" || true
	dockerd_pid=
	umount /etc/docker /var/lib/containerd /var/lib/docker 2>/dev/null || true
	rm -rf /run/dk
	[ -z "$cgroup_mounted" ] || umount /sys/fs/cgroup 2>/dev/null || true
	cgroup_mounted=
}

# The image lbtest:1: busybox alone, serving its hostname over HTTP when run
# with serve_hostname.
make_image() {
	local root=$work/rootfs app
	mkdir -p "$root/bin" "$root/www" "$root/tmp" "$root/etc" &&
	cp "$(command -v busybox)" "$root/bin/busybox" &&
	for app in sh ip ping httpd wget timeout hostname; do
		ln -s busybox "$root/bin/$app" || return 1
	done &&
	tar -C "$root" -cf "$work/image.tar" . &&
	"$docker" import "$work/image.tar" lbtest:1 >/dev/null
}
serve_hostname=(sh -c 'hostname >/www/index.html && exec httpd -f -p 80 -h /www')

# Links the plugin makes: bridges lb-<network> (lbt<network> while being
# made), veths lbh/lbc<endpoint>.
del_plugin_links() {
	local dev
	for dev in $(ip -j link show | jq -r '.[].ifname'); do
		case "$dev" in
		lb-* | lbh* | lbc* | lbt[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f])
			ip link del "$dev" 2>/dev/null ;;
		esac
	done
}
