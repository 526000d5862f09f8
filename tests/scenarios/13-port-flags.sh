#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Per-port flags through iproute2's `bridge link` and through lbrctl:
# every port is listed with its state and flags; isolated ports reach the
# host and the ports that are not isolated, never each other; broadcast
# stays out of a port with bcast_flood off; what lbridge does not support
# is refused by name and changes nothing; only an admin changes anything.
#
#                  host: lb0 172.17.0.1/16
#          /                |                \
#       vc2                vc3                vc4
#   (isolated)         (isolated)              |
#        |                  |                  |
#   lbt-c2 eth0        lbt-c3 eth0        lbt-c4 eth0
#   172.17.0.2         172.17.0.3         172.17.0.4
. "$(dirname "$0")/lib.sh"

# make check's time goes to the debug kernel's slow paths where they matter.
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	pass "port flags # SKIP Debian's kernel only: KUnit (lbridge_forward, lbridge_port_rtnl) runs these paths in the debug kernel"
	exit 0
fi
trap cleanup EXIT

lbrctl=$PWD/tools/lbrctl
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }

# brport PORT FIELD: that field of `bridge -j -d link show dev PORT`.
brport() { bridge -j -d link show dev "$1" | jq -r ".[0].$2"; }
# flags_of PORT: learning flood mcast_flood bcast_flood hairpin isolated, as bridge shows them.
flags_of() {
	bridge -j -d link show dev "$1" |
		jq -r '.[0] | [.learning, .flood, .mcast_flood, .bcast_flood, .hairpin, .isolated] |
			map(tostring) | join(" ")'
}
DEFAULTS="true true true true false false"
# bridge_lists PORT...: `bridge link show` has a line for each port, master lb0.
bridge_lists() {
	local out port
	out=$(bridge link show) || return
	for port; do
		grep -q ": ${port}[@:].* master lb0 state forwarding" <<<"$out" || return
	done
}
# nobody_sees PORT: an unprivileged `bridge link show` lists PORT under lb0.
nobody_sees() { nobody bridge link show dev "$1" | grep -q "master lb0 state forwarding"; }
# lbrctl_flag PORT KEY: that key of the port in `lbrctl -j show lb0`.
lbrctl_flag() {
	"$lbrctl" -j show lb0 | jq -r --arg p "$1" ".[0].ports[] | select(.ifname == \$p) | .$2"
}
# bridge_text_says PORT TEXT: `bridge -d link show dev PORT` says TEXT.
bridge_text_says() { bridge -d link show dev "$1" | grep -q -e "$2"; }
# lbrctl_text_says PORT TEXT: the port's line in `lbrctl show lb0` says TEXT.
lbrctl_text_says() { "$lbrctl" show lb0 | grep "^  $1 " | grep -q -e "$2"; }
lbrctl_unisolate_both() { "$lbrctl" port set vc2 isolated off && "$lbrctl" port set vc3 isolated off; }
# Interface counters count unicast too (a neighbour's ARP probe): count
# the broadcast frames c4 receives.
start_broadcast_counter() {
	rm -f /tmp/count-bcast
	ip netns exec "${NS_PREFIX}c4" python3 "$(dirname "$0")/count-frames.py" eth0 \
		ff:ff:ff:ff:ff:ff /tmp/count-bcast </dev/null >/dev/null 2>&1 &
	wait_for "c4 counts the broadcasts it receives" 60 test -s /tmp/count-bcast
}
broadcasts() { local n; n=$(cat /tmp/count-bcast); [ "$n" = ready ] && n=0; echo "$n"; }
broadcasts_at_least() { [ "$(broadcasts)" -ge "$1" ]; }

two_containers_on_lb0
check "container c4 is attached" add_container 4
wait_for "c4 is reachable" 60 in_ns c4 ping -c 1 -W 1 172.17.0.2

say "bridge link show lists every port, with its state and flags"
check "bridge link show lists vc2, vc3 and vc4 under lb0" bridge_lists vc2 vc3 vc4
expect_eq "vc2's master is lb0" lb0 "$(brport vc2 master)"
expect_eq "vc3 is forwarding" forwarding "$(brport vc3 state)"
for port in vc2 vc3 vc4; do
	expect_eq "$port's flags are the Linux bridge's defaults" "$DEFAULTS" "$(flags_of $port)"
done
check "an unprivileged user sees them too" nobody_sees vc2
check "vc4 goes down" ip link set vc4 down
expect_eq "vc4 is disabled while down" disabled "$(brport vc4 state)"
check "vc4 comes back up" ip link set vc4 up

say "isolated ports: bridge link set"
check "bridge link set dev vc2 isolated on" bridge link set dev vc2 isolated on
check "bridge link set dev vc3 isolated on" bridge link set dev vc3 isolated on
expect_eq "vc2 shows isolated" "true true true true false true" "$(flags_of vc2)"
check "the text form says isolated on" bridge_text_says vc2 "isolated on"
expect_eq "lbrctl sees vc3 isolated" true "$(lbrctl_flag vc3 isolated)"
check "c2 cannot reach c3" unreachable c2 172.17.0.3
check "c3 cannot reach c2" unreachable c3 172.17.0.2
check "c2 reaches the host" in_ns c2 ping -c 1 -W 5 172.17.0.1
check "c3 reaches the host" in_ns c3 ping -c 1 -W 5 172.17.0.1
check "c2 reaches c4, which is not isolated" in_ns c2 ping -c 1 -W 5 172.17.0.4
check "c4 reaches c3" in_ns c4 ping -c 1 -W 5 172.17.0.3
check "bridge link set dev vc2 isolated off" bridge link set dev vc2 isolated off
wait_for "c2 reaches c3 again" 30 in_ns c2 ping -c 1 -W 1 172.17.0.3

say "isolated ports: lbrctl port set"
check "lbrctl port set vc2 isolated on" "$lbrctl" port set vc2 isolated on
expect_eq "bridge link shows what lbrctl set" true "$(brport vc2 isolated)"
check "lbrctl show says isolated on" lbrctl_text_says vc2 "isolated on"
check "c2 cannot reach c3 again" unreachable c2 172.17.0.3
check "lbrctl port set vc2 isolated off, vc3 too" lbrctl_unisolate_both
wait_for "c2 reaches c3 once more" 30 in_ns c2 ping -c 1 -W 1 172.17.0.3
for port in vc2 vc3; do
	expect_eq "$port is back to the defaults" "$DEFAULTS" "$(flags_of $port)"
done

say "hairpin, flooding, learning"
check "bridge link set dev vc2 hairpin on" bridge link set dev vc2 hairpin on
expect_eq "vc2 shows hairpin" true "$(brport vc2 hairpin)"
check "the text form says hairpin on" bridge_text_says vc2 "hairpin on"
expect_eq "lbrctl sees it" true "$(lbrctl_flag vc2 hairpin)"
check "lbrctl show says hairpin on" lbrctl_text_says vc2 "hairpin on"
check "four flags in one request" \
	bridge link set dev vc3 learning off flood off mcast_flood off bcast_flood off
expect_eq "vc3 shows all four" "false false false false false false" "$(flags_of vc3)"
check "lbrctl port set puts them back in one request" \
	"$lbrctl" port set vc3 learning on flood on mcast_flood on bcast_flood on
expect_eq "vc3 is back to the defaults" "$DEFAULTS" "$(flags_of vc3)"
check "lbrctl port set vc4 bcast_flood off" "$lbrctl" port set vc4 bcast_flood off
start_broadcast_counter
in_ns c2 busybox arping -c 2 -w 2 -I eth0 172.17.0.98 >/dev/null
expect_eq "c2's broadcast ARP did not reach c4" 0 "$(broadcasts)"
check "bridge link set dev vc4 bcast_flood on" bridge link set dev vc4 bcast_flood on
in_ns c2 busybox arping -c 2 -w 2 -I eth0 172.17.0.98 >/dev/null
wait_for "now it does" 30 broadcasts_at_least 2
ip netns pids "${NS_PREFIX}c4" | xargs -r kill

say "what lbridge does not support is refused by name, and nothing changes"
refuse "cost is refused" "lbridge does not support IFLA_BRPORT_COST" \
	bridge link set dev vc2 cost 5
refuse "isolated with cost is refused whole" "lbridge does not support IFLA_BRPORT_COST" \
	bridge link set dev vc2 isolated on cost 5
refuse "a port state is refused" "lbridge does not support IFLA_BRPORT_STATE" \
	bridge link set dev vc2 state 3
refuse "guard is refused" "lbridge does not support IFLA_BRPORT_GUARD" \
	bridge link set dev vc2 guard on
refuse "root_block is refused" "lbridge does not support IFLA_BRPORT_PROTECT" \
	bridge link set dev vc2 root_block on
refuse "\"self\" is refused" "not with \"self\"" \
	bridge link set dev vc2 isolated on master self
expect_eq "vc2 is unchanged" "true true true true true false" "$(flags_of vc2)"

say "only an admin changes flags"
refuse "an unprivileged bridge link set is refused" "Operation not permitted" \
	nobody bridge link set dev vc2 isolated on
refuse "an unprivileged lbrctl port set is refused" "permission denied" \
	nobody "$lbrctl" port set vc2 isolated on
expect_eq "vc2 is still not isolated" false "$(brport vc2 isolated)"

finish
