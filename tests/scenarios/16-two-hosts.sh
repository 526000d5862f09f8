#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# More than one host, as overlay networks span machines: two "hosts"
# (namespaces lbt-hA and lbt-hB) joined by an underlay veth, each with its
# own lb0 and a kernel VXLAN device (VNI 42, UDP 4789) as one of its ports,
# and a container behind each bridge on 172.18.0.0/24. The container on A
# reaches the one on B (ARP broadcast crosses, ping, HTTP), and each
# bridge learns the remote container's MAC on vx0.
#
#   lbt-a2 eth0 172.18.0.2                          lbt-b3 eth0 172.18.0.3
#        |                                                  |
#   lbt-hA: va2 -- lb0 -- vx0 ~~ VXLAN 42 ~~ vx0 -- lb0 -- vb3 :lbt-hB
#                          |                  |
#                 under0 10.0.0.1/24 ---veth--- under0 10.0.0.2/24
#
# MTU: VXLAN over IPv4 adds 50 bytes. The underlay keeps 1500, so vx0 has
# 1450, and the containers' interfaces are set to 1450 (as Docker's overlay
# driver does); lb0 follows its smallest port. The page fetched spans many
# full-sized segments.
. "$(dirname "$0")/lib.sh"

# About 30 s in Debian's kernel under emulation, several times that in the
# debug kernel, which scenarios 02 and 10 cover for the same bridge paths.
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	pass "two hosts over VXLAN # SKIP Debian's kernel only (too slow in the debug kernel)"
	exit 0
fi
trap cleanup EXIT

hA=${NS_PREFIX}hA hB=${NS_PREFIX}hB
lbrctl=$PWD/tools/lbrctl
MAC_A=02:42:ac:12:00:02 MAC_B=02:42:ac:12:00:03

# make_host NS LOCAL REMOTE: namespace NS with underlay under0 at LOCAL, an lb0 and vx0 on it.
make_host() {
	local ns=$1 local=$2 remote=$3
	ip -n "$ns" link set lo up &&
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 &&
	ip -n "$ns" addr add "$local/24" dev under0 && ip -n "$ns" link set under0 up &&
	ip -n "$ns" link add lb0 type lbridge &&
	ip -n "$ns" link add vx0 type vxlan id 42 local "$local" remote "$remote" \
		dstport 4789 dev under0 &&
	ip -n "$ns" link set vx0 master lb0 &&
	ip -n "$ns" link set vx0 up && ip -n "$ns" link set lb0 up
}
underlay() {
	ip netns add "$hA" && ip netns add "$hB" &&
	ip link add under0 netns "$hA" type veth peer name under0 netns "$hB"
}
# container HOST NAME PORT IP MAC: netns NAME, its eth0 (MTU 1450) paired with PORT of HOST's lb0.
container() {
	local host=$1 ns=$NS_PREFIX$2 port=$3
	ip netns add "$ns" &&
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 &&
	ip -n "$host" link add "$port" mtu 1450 type veth peer name eth0 netns "$ns" &&
	ip -n "$ns" link set eth0 mtu 1450 address "$5" &&
	ip -n "$ns" addr add "$4/24" dev eth0 &&
	ip -n "$ns" link set lo up && ip -n "$ns" link set eth0 up &&
	ip -n "$host" link set "$port" master lb0 && ip -n "$host" link set "$port" up
}
# learned_on HOST MAC PORT: HOST's lb0 has MAC on PORT, as lbrctl -n says.
learned_on() {
	local line
	line=$("$lbrctl" -n "$1" fdb get "$2" lb0) || return
	[[ "$line" == "$2 dev $3 master lb0 learned "* ]] || { echo "$line"; return 1; }
}
# vxlan_knows HOST MAC REMOTE: HOST's vx0 sends MAC's frames to REMOTE.
vxlan_knows() { bridge -n "$1" fdb show dev vx0 | grep -q "^$2 dst $3 "; }
neigh_has() { ip -n "$NS_PREFIX$1" neigh show "$2" | grep -q "lladdr $3"; }
mtu_of() { ip -n "$1" -j link show dev "$2" | jq -r '.[0].mtu'; }
# page_has C URL SIZE: container C fetches URL, SIZE bytes of it.
page_has() {
	local got
	got=$(in_ns "$1" curl -sf --max-time 10 "$2" | wc -c)
	[ "$got" -eq "$3" ] || { echo "fetched $got bytes of $3"; return 1; }
}

quiet_ipv6
check "module loads" load_module
check "two hosts joined by an underlay veth" underlay
check "host A: lb0 in its namespace, vx0 (VNI 42 to 10.0.0.2) a port of it" \
	make_host "$hA" 10.0.0.1 10.0.0.2
check "host B: lb0 in its namespace, vx0 (VNI 42 to 10.0.0.1) a port of it" \
	make_host "$hB" 10.0.0.2 10.0.0.1
wait_for "the underlay works" 30 ip netns exec "$hA" ping -c 1 -W 1 10.0.0.2
check "container a2 behind host A" container "$hA" a2 va2 172.18.0.2 "$MAC_A"
check "container b3 behind host B" container "$hB" b3 vb3 172.18.0.3 "$MAC_B"
expect_eq "vx0 has the underlay's MTU less 50" 1450 "$(mtu_of "$hA" vx0)"
expect_eq "host A's lb0 follows its ports' MTU" 1450 "$(mtu_of "$hA" lb0)"

say "across the VXLAN"
wait_for "a2 pings b3 on the other host" 60 in_ns a2 ping -c 1 -W 1 172.18.0.3
check "b3 pings a2 back" in_ns b3 ping -c 1 -W 5 172.18.0.2
check "ARP crossed: a2's neighbour table has b3's MAC" neigh_has a2 172.18.0.3 "$MAC_B"
check "ARP crossed: b3's neighbour table has a2's MAC" neigh_has b3 172.18.0.2 "$MAC_A"
check "host A's lb0 learned b3's MAC on vx0 (lbrctl -n)" learned_on "$hA" "$MAC_B" vx0
check "host B's lb0 learned a2's MAC on vx0 (lbrctl -n)" learned_on "$hB" "$MAC_A" vx0
check "host A's lb0 learned a2's MAC on va2" learned_on "$hA" "$MAC_A" va2
check "host A's VXLAN learned b3 behind 10.0.0.2" vxlan_knows "$hA" "$MAC_B" 10.0.0.2

mkdir -p /tmp/lbt-www && head -c 65536 /dev/zero | tr '\0' x >/tmp/lbt-www/index.html
ip netns exec "${NS_PREFIX}b3" busybox httpd -f -p 172.18.0.3:8080 -h /tmp/lbt-www \
	</dev/null >/dev/null 2>&1 &
httpd=$!
wait_for "a2 fetches a 64 KiB page from b3 over HTTP" 60 \
	page_has a2 http://172.18.0.3:8080/ 65536
kill $httpd
rm -rf /tmp/lbt-www

finish
