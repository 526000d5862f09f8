#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The CNI plugin (tools/cni/lbridge), first through the protocol itself, as
# a runtime calls it (environment and stdin, Debian's host-local for IPAM,
# its leases kept in /run so that we can see them), then under podman.
#
#           host: lb0 10.88.7.1/24 (isDefaultGateway)
#               /                  |                   \
#        lbv<hash a>         lbv<hash b>          lbv<hash c>
#             |                    |                    |
#     lbt-cnia eth0        lbt-cnib eth0         lbt-cnic (error paths)
#     cni:<id a>           k8s:default/web-1
#
# podman (in a mount namespace of its own): lb1 10.88.8.1/24, containers
# lbt-p1 and lbt-p2 on the conflist "lbnet" of type lbridge.
. "$(dirname "$0")/lib.sh"

# Container engines are slow under emulation: Debian's kernel only.
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	pass "cni # SKIP Debian's kernel only: engines are too slow for the debug kernel's budget"
	exit 0
fi

here=$(cd "$(dirname "$0")" && pwd)
lbrctl=$PWD/tools/lbrctl
plugin=${LBT_CNI_PLUGIN:-$PWD/tools/cni/lbridge}
state=/run/lbt-cni
ipam_dir=$state/ipam
NET=lbtnet
ID_A=a1a1a1a1a1a1b2b2b2b2b2b2c3c3c3c3
ID_B=b0b0b0b0b0b0d4d4d4d4d4d4e5e5e5e5
ID_C=c0c0c0c0c0c0f6f6f6f6f6f6a7a7a7a7

# The host end's name, as the plugin derives it: FNV-1a of "ID:IFNAME".
host_if() {
	local s="$1:$2" h=2166136261 i c
	for ((i = 0; i < ${#s}; i++)); do
		printf -v c '%d' "'${s:i:1}"
		h=$(( ((h ^ c) * 16777619) & 0xffffffff ))
	done
	printf 'lbv%08x' "$h"
}

cni_cleanup() {
	local dev
	for dev in $(ip -j link show | jq -r '.[].ifname'); do
		case "$dev" in lbv*) ip link del "$dev" 2>/dev/null ;; esac
	done
	rm -rf "$state"
	cleanup
}
trap cni_cleanup EXIT

# conf VERSION [JQ-FILTER]: the network configuration, edited by the filter.
conf() {
	jq -c -n --arg v "$1" --arg d "$ipam_dir" --arg n "$NET" '
		{cniVersion: $v, name: $n, type: "lbridge", bridge: "lb0", isDefaultGateway: true,
		 ipam: {type: "host-local", subnet: "10.88.7.0/24", dataDir: $d}}' |
		jq -c "${2:-.}"
}

# cni COMMAND ID NETNS IFNAME [CNI_ARGS] < config: the plugin's stdout in
# $out and its exit status in $rc, as a runtime would see them.
cni() {
	out=$(env -i PATH="$PATH" CNI_COMMAND="$1" CNI_CONTAINERID="$2" CNI_NETNS="$3" \
		CNI_IFNAME="$4" CNI_ARGS="${5:-}" CNI_PATH=/usr/lib/cni "$plugin")
	rc=$?
}

# What a failed ADD must not leave: links here and in lbt-cnic, leases.
leases() { find "$ipam_dir" -type f -regex '.*/[0-9.]+$' 2>/dev/null | sort; }
snapshot() {
	ip -o link show | awk -F': ' '{print $2}' | sort
	ip -n "${NS_PREFIX}cnic" -o link show | awk -F': ' '{print $2}' | sort
	leases
}

# refuse_cni DESC CODE: the last call failed with the spec's error object.
refuse_cni() {
	if [ "$rc" -eq 1 ] && jq -e --argjson c "$2" \
		'.code == $c and (.msg | type == "string" and length > 0) and
		 (.details | type == "string") and (.cniVersion | type == "string")' \
		<<<"$out" >/dev/null; then
		pass "$1"
	else
		fail "$1" "exit status $rc, expected 1 and code $2" "$out"
	fi
}

port_label() { "$lbrctl" -j show "$1" | jq -r --arg p "$2" '.[0].ports[] | select(.ifname == $p) | .label'; }

quiet_ipv6
mkdir -p "$state"
check "module loads" load_module
for c in a b c; do
	check "netns cni$c" ip netns add "${NS_PREFIX}cni$c"
done
NS_A=/run/netns/${NS_PREFIX}cnia
NS_B=/run/netns/${NS_PREFIX}cnib
NS_C=/run/netns/${NS_PREFIX}cnic
HA=$(host_if $ID_A eth0)
HB=$(host_if $ID_B eth0)
HC=$(host_if $ID_C eth0)

# --- ADD, as a runtime calls it -------------------------------------------

cni ADD $ID_A "$NS_A" eth0 <<<"$(conf 1.0.0)"
res_a=$out
expect_eq "ADD a succeeds" 0 "$rc"
cni ADD $ID_B "$NS_B" eth0 "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-1;K8S_POD_INFRA_CONTAINER_ID=$ID_B" \
	<<<"$(conf 0.4.0)"
res_b=$out
expect_eq "ADD b (0.4.0, Kubernetes' CNI_ARGS) succeeds" 0 "$rc"
ip_a=$(jq -r '.ips[0].address' <<<"$res_a")
ip_b=$(jq -r '.ips[0].address' <<<"$res_b")

mac() { ip -j "${@:2}" link show dev "$1" | jq -r '.[0].address'; }
check "the 1.0.0 result names bridge, port and container interface with their MACs" \
	jq -e --arg ha "$HA" --arg ns "$NS_A" --arg mb "$(mac lb0)" --arg mh "$(mac "$HA")" \
	--arg mc "$(mac eth0 -n "${NS_PREFIX}cnia")" '
	.cniVersion == "1.0.0" and (.interfaces | length) == 3 and
	.interfaces[0] == {name: "lb0", mac: $mb} and
	.interfaces[1] == {name: $ha, mac: $mh} and
	.interfaces[2] == {name: "eth0", mac: $mc, sandbox: $ns}' <<<"$res_a"
check "the 1.0.0 result has host-local's address on interface 2, untagged, and the default route" \
	jq -e '(.ips | length) == 1 and (.ips[0] | has("version") | not) and
	(.ips[0].address | test("^10\\.88\\.7\\.[0-9]+/24$")) and
	.ips[0].gateway == "10.88.7.1" and .ips[0].interface == 2 and
	.routes == [{dst: "0.0.0.0/0", gw: "10.88.7.1"}]' <<<"$res_a"
check "the 0.4.0 result tags the address with its version" \
	jq -e '.cniVersion == "0.4.0" and .ips[0].version == "4" and .ips[0].interface == 2' \
	<<<"$res_b"
expect_eq "a's address is on its eth0" "$ip_a" \
	"$(ip -n "${NS_PREFIX}cnia" -j addr show dev eth0 | jq -r '.[0].addr_info[] | select(.family == "inet") | "\(.local)/\(.prefixlen)"')"
check "a's default route goes through the gateway" \
	ip -n "${NS_PREFIX}cnia" route show default via 10.88.7.1 dev eth0
check "lb0 holds the gateway address" ip addr show dev lb0 to 10.88.7.1/24
expect_eq "the ports are the two host ends" "$(printf '%s\n' "$HA" "$HB" | sort | tr '\n' ' ' | sed 's/ $//')" \
	"$(ports_of lb0)"
expect_eq "a's port is labelled with its container ID" "cni:${ID_A:0:12}" "$(port_label lb0 "$HA")"
expect_eq "b's port is labelled with its pod" "k8s:default/web-1" "$(port_label lb0 "$HB")"
expect_eq "host-local holds both leases" \
	"$(printf '%s\n' "$ipam_dir/$NET/${ip_a%/*}" "$ipam_dir/$NET/${ip_b%/*}" | sort | tr '\n' ' ')" \
	"$(leases | tr '\n' ' ')"
wait_for "a pings b" 60 ip netns exec "${NS_PREFIX}cnia" ping -c 1 -W 1 "${ip_b%/*}"

# --- CHECK ----------------------------------------------------------------

with_prev() { conf 1.0.0 ". + {prevResult: $res_a}"; }
cni CHECK $ID_A "$NS_A" eth0 <<<"$(with_prev)"
expect_eq "CHECK passes on what ADD made" "0:" "$rc:$out"
cni CHECK $ID_A "$NS_A" eth0 <<<"$(conf 1.0.0 ". + {prevResult: ($res_a | del(.interfaces[2]))}")"
refuse_cni "CHECK fails when prevResult does not name eth0" 102
cni CHECK $ID_A "$NS_A" eth0 <<<"$(conf 1.0.0 ". + {prevResult: ($res_a | .interfaces[2].sandbox = \"/run/netns/lbt-other\")}")"
refuse_cni "CHECK fails when prevResult's sandbox is another" 102
ip -n "${NS_PREFIX}cnia" route del default
cni CHECK $ID_A "$NS_A" eth0 <<<"$(with_prev)"
refuse_cni "CHECK fails once the default route is gone" 102
ip -n "${NS_PREFIX}cnia" route add default via 10.88.7.1 dev eth0
ip link set "$HA" nomaster
cni CHECK $ID_A "$NS_A" eth0 <<<"$(with_prev)"
refuse_cni "CHECK fails once the port is off the bridge" 102
ip link set "$HA" master lb0
cni CHECK $ID_A "$NS_A" eth0 <<<"$(with_prev)"
expect_eq "CHECK passes again once both are back" "0:" "$rc:$out"
ip -n "${NS_PREFIX}cnia" addr del "$ip_a" dev eth0
cni CHECK $ID_A "$NS_A" eth0 <<<"$(with_prev)"
refuse_cni "CHECK fails once the address is gone" 102
cni CHECK $ID_A "$NS_A" eth0 <<<"$(conf 1.0.0)"
refuse_cni "CHECK without prevResult is refused" 7

# --- VERSION --------------------------------------------------------------

cni VERSION "" "" "" <<<'{"cniVersion": "0.4.0"}'
check "VERSION lists 0.4.0 and 1.0.0" jq -e '.cniVersion == "0.4.0" and
	(.supportedVersions | index("0.4.0") and index("1.0.0"))' <<<"$out"

# --- Errors: the spec's JSON, and nothing left behind --------------------

before=$(snapshot)
nothing_left() { expect_eq "$1 leaves nothing behind" "$before" "$(snapshot)"; }

cni ADD $ID_C "$NS_C" eth0 <<<'{"cniVersion": "1.0.0", "name": '
refuse_cni "bad JSON: code 6" 6
nothing_left "bad JSON"
cni ADD $ID_C "$NS_C" eth0 <<<"$(conf 0.2.0)"
refuse_cni "cniVersion 0.2.0: code 1" 1
nothing_left "a bad cniVersion"
out=$(conf 1.0.0 | env -i CNI_COMMAND=ADD CNI_CONTAINERID=$ID_C CNI_IFNAME=eth0 \
	CNI_PATH=/usr/lib/cni "$plugin")
rc=$?
refuse_cni "no CNI_NETNS: code 4" 4
nothing_left "a missing CNI_NETNS"
cni ADD $ID_C "$NS_C" eth0 <<<"$(conf 1.0.0 '.ipam.type = "../cni/host-local"')"
refuse_cni "an IPAM type with '/': code 7" 7
nothing_left "an IPAM type with '/'"
cni ADD $ID_C "$NS_C" eth0 <<<"$(conf 1.0.0 '.ipam.type = "lbt-no-such-ipam"')"
refuse_cni "a missing IPAM plugin: code 101" 101
nothing_left "a missing IPAM plugin"
cni ADD $ID_C "$NS_C" eth0123456789abc <<<"$(conf 1.0.0)"
refuse_cni "an interface name of 16 bytes: code 4" 4
nothing_left "a long interface name"
cni ADD $ID_C "$state/not-a-netns" eth0 <<<"$(conf 1.0.0)"
refuse_cni "a CNI_NETNS that does not exist: code 4" 4
cni ADD $ID_C /proc/self/status eth0 <<<"$(conf 1.0.0)"
refuse_cni "a CNI_NETNS that is no network namespace: code 4" 4
nothing_left "a bogus CNI_NETNS"
cni ADD $ID_C "$NS_C" eth0 <<<"$(conf 1.0.0 '.ipMasq = true')"
refuse_cni "ipMasq: code 2" 2
nothing_left "ipMasq"
cni ADD $ID_C "$NS_C" eth0 "K8S_POD_NAME=x;LBT_UNKNOWN=1" <<<"$(conf 1.0.0)"
refuse_cni "an unknown CNI_ARGS key without IgnoreUnknown: code 4" 4
nothing_left "a bad CNI_ARGS"
# A route through a gateway off the subnet: the kernel refuses it after
# the lease and the veth pair are made; both must go.
cni ADD $ID_C "$NS_C" eth0 <<<"$(conf 1.0.0 '.ipam.routes = [{dst: "192.0.2.0/24", gw: "10.99.99.1"}]')"
refuse_cni "an unreachable route's gateway: code 100" 100
nothing_left "a failure after the veth pair is made"
# The host end's name taken: the veth fails after IPAM has leased an address.
ip link add "$HC" type dummy
before=$(snapshot)
cni ADD $ID_C "$NS_C" eth0 <<<"$(conf 1.0.0)"
refuse_cni "a clash of the host end's name: code 100" 100
nothing_left "a failure after IPAM's ADD (the lease is released)"
check "the clashing link is not the plugin's to delete" ip link show dev "$HC"
ip link del "$HC"
before=$(snapshot)
# IPAM leased, then its answer is refused (a route's gateway of the wrong family).
cni ADD $ID_C "$NS_C" eth0 <<<"$(conf 1.0.0 '.ipam.routes = [{dst: "192.0.2.0/24", gw: "fd00::1"}]')"
refuse_cni "IPAM's route with a gateway of the wrong family: code 101" 101
nothing_left "a refused IPAM result (the lease is released)"
# The same destination twice: the second route_add meets the first.
cni ADD $ID_C "$NS_C" eth0 <<<"$(conf 1.0.0 '.ipam.routes = [{dst: "192.0.2.0/24", gw: "10.88.7.1"}, {dst: "192.0.2.0/24", gw: "10.88.7.2"}]')"
refuse_cni "a route that exists already, but another: code 100" 100
nothing_left "a clash of routes"
mkfifo "$state/fifo"
out=$(conf 1.0.0 | env -i PATH="$PATH" CNI_COMMAND=ADD CNI_CONTAINERID=$ID_C CNI_NETNS="$state/fifo" \
	CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni timeout 30 "$plugin")
rc=$?
refuse_cni "a CNI_NETNS that is a FIFO: code 4, without waiting on it" 4
nothing_left "a FIFO for CNI_NETNS"

# --- Podman's CNI_ARGS, isGateway alone, MAC --------------------------------

cni ADD $ID_C "$NS_C" eth0 "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=Lbt_P3;MAC=02:00:00:00:bb:01" \
	<<<"$(conf 1.0.0 'del(.isDefaultGateway) | .isGateway = true')"
res_c=$out
expect_eq "ADD with podman's K8S_POD_NAME (capitals, '_') succeeds" 0 "$rc"
expect_eq "... labelled with it" "k8s:default/Lbt_P3" "$(port_label lb0 "$HC")"
expect_eq "... with the MAC from CNI_ARGS" 02:00:00:00:bb:01 "$(mac eth0 -n "${NS_PREFIX}cnic")"
check "... isGateway alone: a gateway in the result, no route" \
	jq -e '.ips[0].gateway == "10.88.7.1" and .routes == []' <<<"$res_c"
check "... and no default route in the container" \
	test -z "$(ip -n "${NS_PREFIX}cnic" route show default)"
ip_c=$(jq -r '.ips[0].address' <<<"$res_c")
# An unmounted namespace leaves an empty file behind.
: >"$state/plain"
cni DEL $ID_C "$state/plain" eth0 <<<"$(conf 1.0.0)"
expect_eq "DEL with CNI_NETNS a plain file succeeds" "0:" "$rc:$out"
check "... releases the lease" test ! -e "$ipam_dir/$NET/${ip_c%/*}"
check "... and removes the port" link_gone "$HC"
cni ADD $ID_C "$NS_C" eth0 "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=$(printf 'x\001y\303\251')" <<<"$(conf 1.0.0)"
expect_eq "ADD with a control character and UTF-8 in K8S_POD_NAME succeeds" 0 "$rc"
expect_eq "... its label has '_' for each such byte" "k8s:default/x_y__" "$(port_label lb0 "$HC")"
cni DEL $ID_C "$NS_C" eth0 <<<"$(conf 1.0.0)"
expect_eq "DEL c succeeds" "0:" "$rc:$out"
# A veth of the same name as ours, not ours (an FNV collision of two IDs).
ip link add "$HC" type veth peer name lbt-cnipeer
cni DEL $ID_C "$NS_C" eth0 <<<"$(conf 1.0.0)"
expect_eq "DEL with another veth holding the host end's name succeeds" "0:" "$rc:$out"
check "... and leaves that veth alone" ip link show dev "$HC"
ip link del "$HC"

# --- portSecurity -----------------------------------------------------------

# c with port security: its port allows its MAC and address alone, guards
# on; it talks to b as itself, and an address it takes on its own is
# dropped at the bridge before b sees it.
sec_conf() { conf 1.0.0 "(.portSecurity = true)${1:-}"; }
port_json() { "$lbrctl" -j port show "$1"; }
drops() { port_json "$1" | jq -r ".stats.$2"; }
echos_in() { in_ns "$1" awk '/^Icmp:/ { if (n++) print $c; else for (i = 1; i <= NF; i++) if ($i == "InEchos") c = i }' /proc/net/snmp; }
spoof_ping() { ! in_ns cnic ping -c 2 -W 1 -I 10.88.7.250 "${ip_b%/*}"; }
t0=$SECONDS
cni ADD $ID_C "$NS_C" eth0 <<<"$(sec_conf)"
res_c=$out
expect_eq "ADD with portSecurity succeeds" 0 "$rc"
ip_c=$(jq -r '.ips[0].address' <<<"$res_c")
mac_c=$(mac eth0 -n "${NS_PREFIX}cnic")
check "... its port has guard, ra-guard and dhcp-guard on" \
	jq -e '.guard and .ra_guard and .dhcp_guard' <<<"$(port_json "$HC")"
expect_eq "... and allows the container's MAC and address alone" \
	"{\"macs\":[\"$mac_c\"],\"ips\":[\"${ip_c%/*}\"]}" "$(port_json "$HC" | jq -c .allowed)"
wait_for "... c pings b" 60 in_ns cnic ping -c 1 -W 1 "${ip_b%/*}"
# b's MAC fixed in c: what c sends is IP alone, no ARP.
in_ns cnic ip neigh replace "${ip_b%/*}" lladdr "$(mac eth0 -n "${NS_PREFIX}cnib")" dev eth0 nud permanent
in_ns cnic ip addr add 10.88.7.250/24 dev eth0
spoofed=$(drops "$HC" drop_spoofed_ip)
echos=$(echos_in cnib)
check "... a ping from an address c took on its own fails" \
	spoof_ping
check "... drop_spoofed_ip counts it" test "$(drops "$HC" drop_spoofed_ip)" -gt "$spoofed"
expect_eq "... and b never sees it" "$echos" "$(echos_in cnib)"
in_ns cnic ip addr del 10.88.7.250/24 dev eth0
cni CHECK $ID_C "$NS_C" eth0 <<<"$(sec_conf " + {prevResult: $res_c}")"
expect_eq "CHECK with portSecurity passes on what ADD made" "0:" "$rc:$out"
"$lbrctl" port deny "$HC" ip "${ip_c%/*}"
cni CHECK $ID_C "$NS_C" eth0 <<<"$(sec_conf " + {prevResult: $res_c}")"
refuse_cni "CHECK with portSecurity fails once the address is denied" 102
cni DEL $ID_C "$NS_C" eth0 <<<"$(sec_conf)"
expect_eq "DEL c succeeds" "0:" "$rc:$out"
say "portSecurity part took $((SECONDS - t0)) s"

# --- DEL ------------------------------------------------------------------

cni DEL $ID_A "$NS_A" eth0 <<<"$(conf 1.0.0)"
expect_eq "DEL a succeeds" "0:" "$rc:$out"
check "a's lease is released" test ! -e "$ipam_dir/$NET/${ip_a%/*}"
check "a's port is gone" link_gone "$HA"
check "a's eth0 is gone" link_gone eth0 -n "${NS_PREFIX}cnia"
cni DEL $ID_A "$NS_A" eth0 <<<"$(conf 1.0.0)"
expect_eq "DEL a again succeeds" "0:" "$rc:$out"
# The runtime may have torn the namespace down first.
ip netns del "${NS_PREFIX}cnib"
cni DEL $ID_B "$NS_B" eth0 <<<"$(conf 0.4.0)"
expect_eq "DEL b after its netns is gone succeeds" "0:" "$rc:$out"
check "b's lease is released" test ! -e "$ipam_dir/$NET/${ip_b%/*}"
expect_eq "lb0 has no ports left" "" "$(ports_of lb0)"

# --- podman ---------------------------------------------------------------

# Its writes (/var/lib/cni among them) go to tmpfs in a mount namespace
# of its own, which ends with it.
[ -n "${LBT_CNI_NO_PODMAN:-}" ] || tap unshare -m --propagation private "$here/cni-podman.sh"

finish
