#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Docker's own daemon on lbridge, through lbridge-docker, its network
# plugin: `docker network create -d lbridge` makes the bridge, `docker run`
# the ports, and the containers talk through it. The plugin keeps no
# state: killed and restarted, it goes on with what the kernel holds.
#
#        host: lb-<network id> 172.18.0.1/16 (alias docker-network:<id>)
#          /                |                  \
#   lbh<endpoint>      lbh<endpoint>      lbh<endpoint>    ports, labelled
#        |                  |                  |           docker:<endpoint>
#   lbt-d1 eth0        lbt-d2 eth0        lbt-d3 eth0      docker run
#   172.18.0.x         172.18.0.y         (after the plugin's restart)
#
#   lbt-named: a second network's bridge, named with -o lbridge.name
. "$(dirname "$0")/lib.sh"

# The engine is slow under emulation: Debian's kernel only.
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	pass "docker # SKIP Debian's kernel only: dockerd is too slow for the debug kernel's budget"
	exit 0
fi

here=$(cd "$(dirname "$0")" && pwd)
lbrctl=$PWD/tools/lbrctl
plugin=$PWD/tools/docker/lbridge-docker
# A different client may come first in PATH.
docker=/usr/bin/docker
sock=/run/docker/plugins/lbridge.sock
work=$(mktemp -d /tmp/lbt-docker.XXXXXX)
plugin_pid=
dockerd_pid=

start_plugin() {
	"$plugin" 2>>"$work/plugin.log" &
	plugin_pid=$!
}
plugin_answers() {
	curl -sf --max-time 5 --unix-socket "$sock" -X POST http://plugin/Plugin.Activate |
		grep -q NetworkDriver
}
stop_plugin() {
	[ -z "$plugin_pid" ] || { kill "$plugin_pid" 2>/dev/null; wait "$plugin_pid"; }
	plugin_pid=
}

start_dockerd() {
	mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null
	local dir
	# The host's / is read-only here: tmpfs where the engine writes.
	for dir in /etc/docker /var/lib/containerd /var/lib/docker; do
		[ ! -d "$dir" ] || mount -t tmpfs tmpfs "$dir" || return 1
	done
	dockerd --data-root /run/dk --bridge none --iptables=false --ip6tables=false \
		--ip-masq=false --storage-driver overlay2 >"$work/dockerd.log" 2>&1 &
	dockerd_pid=$!
}
stop_dockerd() {
	[ -n "$dockerd_pid" ] || return 0
	"$docker" ps -aq | xargs -r "$docker" rm -f >/dev/null 2>&1
	"$docker" network ls -q -f driver=lbridge | xargs -r "$docker" network rm >/dev/null 2>&1
	kill "$dockerd_pid" 2>/dev/null
	wait "$dockerd_pid"
	dockerd_pid=
	umount /etc/docker /var/lib/containerd /var/lib/docker 2>/dev/null
	rm -rf /run/dk
}

docker_cleanup() {
	stop_dockerd
	stop_plugin
	local dev
	for dev in $(ip -j link show | jq -r '.[].ifname'); do
		case "$dev" in lb-* | lbh* | lbc*) ip link del "$dev" 2>/dev/null ;; esac
	done
	rm -rf "$work"
	cleanup
}
trap docker_cleanup EXIT

# The image: busybox alone, and a page its httpd serves.
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

# Each container serves its own hostname (its short ID) over HTTP.
run_container() {
	"$docker" run -d --name "$1" --network lbnet lbtest:1 \
		sh -c 'hostname >/www/index.html && exec httpd -f -p 80 -h /www' >/dev/null
}
inspect() { "$docker" inspect -f "{{(index .NetworkSettings.Networks \"lbnet\").$2}}" "$1"; }
port_of() { echo "lbh$(inspect "$1" EndpointID | cut -c1-12)"; }
bridge_json() { "$lbrctl" -j show "$bridge"; }
# port_is C: C's port is on the bridge, up, labelled docker:<its endpoint>.
port_is() {
	local ep
	ep=$(inspect "$1" EndpointID) || return 1
	bridge_json | jq -e --arg p "lbh${ep:0:12}" --arg l "docker:${ep:0:12}" \
		'any(.[0].ports[]; .ifname == $p and .label == $l)' >/dev/null &&
		link_is_up "lbh${ep:0:12}"
}
# fdb_has C: the bridge learnt C's MAC behind C's port.
fdb_has() {
	local mac port
	mac=$(inspect "$1" MacAddress) && port=$(port_of "$1") || return 1
	"$lbrctl" -j fdb show "$bridge" | jq -e --arg m "$mac" --arg p "$port" \
		'any(.[]; .mac == $m and .ifname == $p)' >/dev/null
}
pings() { "$docker" exec "$1" ping -c 1 -W 2 "$2" >/dev/null; }
# fetches C IP NAME: C gets NAME's page (its hostname) from IP.
fetches() {
	local page
	page=$("$docker" exec "$1" timeout 10 wget -q -O - "http://$2/") &&
		[ "$page" = "$("$docker" inspect -f '{{.Config.Hostname}}' "$3")" ]
}
host_fetches() {
	[ "$(curl -sf --max-time 5 "http://$1/")" = "$("$docker" inspect -f '{{.Config.Hostname}}' "$2")" ]
}
default_via() { "$docker" exec "$1" ip route show default | grep -q "^default via $2 dev eth0"; }
links() { ip -o link show | sed 's/^[0-9]*: //; s/ qdisc.*//' | sort; }

# 1. The engine, the plugin, the image.
check "module loads" load_module
# Nothing after this can pass without them: stop at the first that fails.
give_up() { fail "$1" "dockerd's log:" "$(tail -20 "$work/dockerd.log" 2>/dev/null)"; finish; exit; }
start_plugin
wait_for "the plugin answers on $sock" 20 plugin_answers || give_up "the plugin starts"
start_dockerd || give_up "tmpfs for the engine"
wait_for "dockerd answers" 60 "$docker" version || give_up "dockerd starts"
check "a busybox image is imported" make_image

say "at ${SECONDS} s"
# 2. What must fail, and change nothing (none of it needs a network).
tap "$here/docker-protocol.sh" "$sock"

say "at ${SECONDS} s"
# 3. Networks: the bridge, its name, its alias, its gateway.
check "docker network create -d lbridge" "$docker" network create -d lbridge \
	--subnet 172.18.0.0/16 --gateway 172.18.0.1 lbnet
nid=$("$docker" network inspect -f '{{.Id}}' lbnet) || give_up "the network exists"
bridge=lb-${nid:0:12}
expect_eq "the bridge is an lbridge named from the network ID" lbridge "$(link_field "$bridge" .linkinfo.info_kind)"
expect_eq "its alias names the network" "docker-network:$nid" "$(link_field "$bridge" .ifalias)"
check "it holds the gateway address" sh -c "ip -o addr show dev $bridge | grep -q 'inet 172.18.0.1/16 '"
check "it is up" link_is_up "$bridge"
check "-o lbridge.name names the bridge" "$docker" network create -d lbridge \
	--subnet 172.19.0.0/16 --gateway 172.19.0.1 -o lbridge.name=lbt-named lbnamed
expect_eq "... lbt-named, an lbridge" lbridge "$(link_field lbt-named .linkinfo.info_kind)"
refuse "another network cannot take the same bridge" "is the bridge of docker network" \
	"$docker" network create -d lbridge --subnet 172.20.0.0/16 -o lbridge.name=lbt-named lbtwice
check "a link of that name not made for Docker..." ip link add lbt-taken type dummy
refuse "... is not taken over" "exists already" \
	"$docker" network create -d lbridge --subnet 172.21.0.0/16 -o lbridge.name=lbt-taken lbtaken
expect_eq "... and is left as it was (no alias, not a bridge)" "dummy " \
	"$(link_field lbt-taken .linkinfo.info_kind) $(link_field lbt-taken '.ifalias // ""')"
check "docker network rm removes a network..." "$docker" network rm lbnamed
check "... and its bridge" link_gone lbt-named

say "at ${SECONDS} s"
# 4. Containers.
check "container d1 runs on lbnet" run_container lbt-d1
check "container d2 runs on lbnet" run_container lbt-d2
"$docker" inspect lbt-d1 lbt-d2 >/dev/null || give_up "the containers run"
ip1=$(inspect lbt-d1 IPAddress) ip2=$(inspect lbt-d2 IPAddress)
say "d1 $ip1 $(inspect lbt-d1 MacAddress), d2 $ip2 $(inspect lbt-d2 MacAddress)"
check "d1's port is on the bridge, up, labelled with its endpoint" port_is lbt-d1
check "d2's port is on the bridge, up, labelled with its endpoint" port_is lbt-d2
expect_eq "d1's eth0 holds Docker's address" "$ip1/16" \
	"$("$docker" exec lbt-d1 ip -o -4 addr show dev eth0 | awk '{print $4}')"
check "d1's default route is via the gateway" default_via lbt-d1 172.18.0.1
wait_for "d1 pings d2" 30 pings lbt-d1 "$ip2"
wait_for "d1 fetches d2's page over HTTP" 30 fetches lbt-d1 "$ip2" lbt-d2
wait_for "d2 fetches d1's page over HTTP" 30 fetches lbt-d2 "$ip1" lbt-d1
check "the host pings d1 through the bridge" ping -c 1 -W 2 "$ip1"
check "the host fetches d2's page" host_fetches "$ip2" lbt-d2
check "lbrctl fdb show lists d1's MAC behind its port" fdb_has lbt-d1
check "lbrctl fdb show lists d2's MAC behind its port" fdb_has lbt-d2

say "at ${SECONDS} s"
# 5. The plugin restarts: killed outright, its socket left behind.
kill -9 "$plugin_pid"
wait "$plugin_pid" 2>/dev/null
start_plugin
wait_for "a restarted plugin answers (the stale socket replaced)" 20 plugin_answers
check "d1 still pings d2" pings lbt-d1 "$ip2"
check "container d3 joins after the restart" run_container lbt-d3
ip3=$(inspect lbt-d3 IPAddress)
check "d3's port is labelled" port_is lbt-d3
wait_for "d3 fetches d1's page" 30 fetches lbt-d3 "$ip1" lbt-d1
check "d1 pings d3" pings lbt-d1 "$ip3"

say "at ${SECONDS} s"
# 6. A failure half-way leaves nothing: an endpoint whose veth cannot be made.
EID=abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789
ports=$(ports_of "$bridge")
create_endpoint() {
	curl -s --max-time 10 --unix-socket "$sock" -X POST \
		http://plugin/NetworkDriver.CreateEndpoint \
		-d "{\"NetworkID\":\"$nid\",\"EndpointID\":\"$EID\",\"Interface\":{\"Address\":\"172.18.9.9/16\"}}"
}
for end in lbh lbc; do
	ip link add "${end}abcdef012345" type dummy
	before=$(links)
	answer=$(create_endpoint)
	if jq -e '.Err | test("exists")' <<<"$answer" >/dev/null; then
		pass "an endpoint whose $end name is taken is refused"
	else
		fail "an endpoint whose $end name is taken is refused" "answer: $answer"
	fi
	expect_eq "... and no link changed" "$before" "$(links)"
	expect_eq "... and no port was added" "$ports" "$(ports_of "$bridge")"
	ip link del "${end}abcdef012345"
done

say "at ${SECONDS} s"
# 7. Teardown through Docker.
port3=$(port_of lbt-d3)
check "docker rm -f d3" "$docker" rm -f lbt-d3
wait_for "d3's port is gone" 20 link_gone "$port3"
check "d1 and d2 are removed" "$docker" rm -f lbt-d1 lbt-d2
check "docker network rm lbnet" "$docker" network rm lbnet
check "... removes the bridge" link_gone "$bridge"
expect_eq "no lbh/lbc link is left" "" "$(ip -o link show | grep -E ': lb[hc][0-9a-f]{12}[@:]')"
[ "$failures" -eq 0 ] || sed 's/^/# plugin: /' "$work/plugin.log"

say "at ${SECONDS} s"
finish
