#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo's second part, run inside the VM by tests/demo-guest: the same
# lab with Docker's own daemon, its network made by lbridge-docker
# (docker network create -d lbridge). Each command is shown, then run.
set -euo pipefail
ko=${1:?usage: docker-demo.sh LBRIDGE_KO}
work=$(mktemp -d /tmp/lbridge-demo.XXXXXX)
. "$(dirname "$0")/docker-lib.sh"

run() {
	printf '\n$ %s\n' "$*"
	"$@"
}
note() { printf '\n# %s\n' "$*"; }
# until_ok SECONDS CMD...: CMD succeeds before the deadline.
until_ok() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt $deadline ] || { echo "gave up waiting for: $*" >&2; return 1; }
		sleep 0.2
	done
}
finish() {
	stop_dockerd
	stop_plugin
	del_plugin_links
	rm -rf "$work"
	rmmod lbridge 2>/dev/null || true
}
trap finish EXIT

echo
echo "=== Part two: Docker's daemon on lbridge"
note "the module, the network plugin, and Docker's daemon (the plugin is found by its socket)"
run insmod "$ko"
start_plugin
until_ok 20 plugin_answers
run ls -l "$sock"
start_dockerd
until_ok 60 "$docker" version
note "an image from a tarball: busybox alone (no registry)"
make_image
run "$docker" image ls lbtest

note "a Docker network on lbridge: the plugin makes the bridge and gives it the gateway"
run "$docker" network create -d lbridge --subnet 172.18.0.0/16 --gateway 172.18.0.1 lbnet
nid=$("$docker" network inspect -f '{{.Id}}' lbnet)
run ip -d addr show dev "lb-${nid:0:12}"

note "two containers, each serving its hostname over HTTP: ${serve_hostname[*]:0:2} '${serve_hostname[2]}'"
for c in d1 d2; do
	run "$docker" run -d --name $c --network lbnet lbtest:1 "${serve_hostname[@]}"
done
ip1=$("$docker" inspect -f '{{.NetworkSettings.Networks.lbnet.IPAddress}}' d1)
ip2=$("$docker" inspect -f '{{.NetworkSettings.Networks.lbnet.IPAddress}}' d2)
run "$docker" exec d1 ip addr show eth0
run "$docker" exec d1 ip route

note "d1 reaches d2 through the bridge: ping, then HTTP"
run "$docker" exec d1 ping -c 3 "$ip2"
until_ok 30 "$docker" exec d1 timeout 5 wget -q -O /dev/null "http://$ip2/"
run "$docker" exec d1 wget -q -O - "http://$ip2/"
note "and the host reaches them through the bridge"
run ping -c 2 "$ip1"

note "the ports, labelled docker:<endpoint> (docker network inspect lbnet shows whose), and the MACs learnt"
run tools/lbrctl show
run "$docker" network inspect -f '{{range .Containers}}{{.Name}} endpoint {{.EndpointID}} {{.MacAddress}}{{"\n"}}{{end}}' lbnet
run tools/lbrctl fdb show "lb-${nid:0:12}"

note "docker rm takes the port away, docker network rm the bridge"
run "$docker" rm -f d2
run ip -br link show master "lb-${nid:0:12}"
run "$docker" rm -f d1
run "$docker" network rm lbnet
run ip -br link show type lbridge
