#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# iproute2's `bridge fdb` and `bridge monitor fdb` see and drive lb0's FDB:
# learned MACs as `MAC dev PORT master lb0`, the bridge's own as permanent,
# static and local entries added and deleted through lb0 (`self`; a static
# entry names its port with `via`), refusals by name, neighbour events, and
# a macvlan on lb0 reached without flooding.
#
#            host: lb0 172.17.0.1/16
#          /            \            \
#       vc2              vc3          vc4 (joins, talks, leaves)
#        |                |            |
#   lbt-c2 eth0      lbt-c3 eth0   lbt-c4 eth0
#   172.17.0.2       172.17.0.3    172.17.0.4
. "$(dirname "$0")/lib.sh"

# make check's time goes to the debug kernel's slow paths where they matter.
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	pass "bridge fdb # SKIP Debian's kernel only: KUnit (lbridge_rtnl) runs these paths in the debug kernel"
	exit 0
fi

monitors=()
stop_monitors() {
	local pid
	for pid in "${monitors[@]}"; do kill "$pid" 2>/dev/null; done
	monitors=()
}
trap 'stop_monitors; cleanup' EXIT

C2=02:42:ac:11:00:02
C3=02:42:ac:11:00:03
C4=02:42:ac:11:00:04
STATIC=02:42:ac:11:00:63
HOST=02:42:ac:11:00:64
PROBE=02:42:ac:11:00:65

# Under emulation every process costs: one `bridge -j fdb show` is read
# by one jq per question.
fdb_json() { bridge -j fdb show; }
# fdb_is MAC DEV STATE [JSON]: exactly one lb0 entry for MAC, on DEV, in
# STATE ("" for learned), in JSON (default: the table now).
fdb_is() {
	local json=${4:-$(fdb_json)}
	jq -e --arg m "$1" --arg d "$2" --arg s "$3" '
		[.[] | select(.mac == $m and .master == "lb0")] |
		length == 1 and .[0].ifname == $d and (.[0].state // "") == $s' \
		<<<"$json" >/dev/null || {
		jq -c --arg m "$1" '[.[] | select(.mac == $m)]' <<<"$json"
		return 1
	}
}
fdb_lacks() { fdb_json | jq -e --arg m "$1" 'all(.[]; .mac != $m or .master != "lb0")' >/dev/null; }
# text_has TEXT LINE: TEXT has LINE, trailing blanks aside.
text_has() { grep -qx "$2 *" <<<"$1"; }
fdb_stats_have_ages() { bridge -s fdb show | grep -F "$C2 dev vc2" | grep -q ' used [0-9]*/[0-9]* '; }
fdb_json_parses() { jq -e 'type == "array" and length >= 5' <<<"$1" >/dev/null; }
# fdb_get_is MAC LINE: `bridge fdb get MAC br lb0` prints LINE.
fdb_get_is() { bridge fdb get "$1" br lb0 | grep -qx "$2 *"; }
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
nobody_sees_c2() { nobody bridge fdb show | grep -qF "$C2 dev vc2 master lb0"; }

# A monitor is listening once a probe entry's addition shows in its file.
probe_seen() {
	bridge fdb add "$PROBE" dev lb0 self static via vc3 >/dev/null 2>&1
	bridge fdb del "$PROBE" dev lb0 self >/dev/null 2>&1
	grep -qF "$PROBE" "$1"
}
# monitor_says FILE PATTERN: the monitor printed a line matching PATTERN.
monitor_says() { grep -qE "$2" "$1"; }
c4_talks() { in_ns c4 ping -c 1 -W 1 172.17.0.3 >/dev/null; }
# macvlan_in_ns NS MAC IP: a macvlan on lb0 in namespace NS (the prefix's),
# up with IP/16.
macvlan_in_ns() {
	ip netns add "$NS_PREFIX$1" &&
		in_ns "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 &&
		ip link add lbt-mv0 link lb0 address "$2" type macvlan mode bridge &&
		ip link set lbt-mv0 netns "$NS_PREFIX$1" &&
		in_ns "$1" ip addr add "$3/16" dev lbt-mv0 &&
		in_ns "$1" ip link set lbt-mv0 up
}
lb0_lists_self() { bridge fdb show | grep -qx "$1 dev lb0 self permanent *"; }
fdb_lacks_self() { ! bridge fdb show | grep -q "^$1 dev lb0 self"; }
# c3_sees_none_of MAC: while c2 pings the macvlan 10 times, not one frame
# for MAC reaches c3 (count-frames.py counts exactly those).
c3_sees_none_of() {
	local count=/tmp/lbt-count-mv pid n
	rm -f "$count"
	in_ns c3 python3 "$(dirname "$0")/count-frames.py" eth0 "$1" "$count" </dev/null >/dev/null 2>&1 &
	pid=$!
	wait_for_file "$count" || { kill $pid; return 1; }
	in_ns c2 ping -c 10 -i 0.1 -W 2 172.17.0.50 >/dev/null || { kill $pid; return 1; }
	kill $pid
	n=$(cat "$count")
	rm -f "$count"
	echo "# c3 received ${n/ready/0} frames for $1"
	[ "$n" = ready ]
}
wait_for_file() {
	local deadline=$((SECONDS + 60))
	until [ -s "$1" ]; do
		[ $SECONDS -lt $deadline ] || return 1
		sleep 0.1
	done
}
c3_speaks() { in_ns c3 ping -c 1 -W 2 172.17.0.2 >/dev/null; }

two_containers_on_lb0
# c3 answered c2: both are learned.
wait_for "c3's MAC is learned" 30 fdb_is "$C3" vc3 ""

say "bridge fdb show"
lb0_mac=$(cat /sys/class/net/lb0/address)
vc2_mac=$(cat /sys/class/net/vc2/address)
json=$(fdb_json)
text=$(bridge fdb show)
check "c2's MAC: once, on vc2, learned" fdb_is "$C2" vc2 "" "$json"
check "c3's MAC: once, on vc3, learned" fdb_is "$C3" vc3 "" "$json"
check "lb0's MAC: once, on lb0, permanent" fdb_is "$lb0_mac" lb0 permanent "$json"
check "vc2's MAC: once, on vc2, permanent" fdb_is "$vc2_mac" vc2 permanent "$json"
check "-j is an array jq reads" fdb_json_parses "$json"
check "text: MAC dev PORT master lb0" text_has "$text" "$C2 dev vc2 master lb0"
check "text: lb0's MAC is permanent" text_has "$text" "$lb0_mac dev lb0 master lb0 permanent"
check "-s shows ages" fdb_stats_have_ages
check "any user may list" nobody_sees_c2
check "bridge fdb get finds c2 on vc2" fdb_get_is "$C2" "$C2 dev vc2 master lb0"
refuse "bridge fdb get of an unknown MAC says so" "MAC address not found" \
	bridge fdb get "$PROBE" br lb0

say "bridge fdb add/del"
check "add a static entry via vc3" bridge fdb add "$STATIC" dev lb0 self static via vc3
check "it is listed: on vc3, static" fdb_is "$STATIC" vc3 static
refuse "adding it again is refused" "already has a static or local entry" \
	bridge fdb add "$STATIC" dev lb0 self static via vc2
check "delete it" bridge fdb del "$STATIC" dev lb0 self
check "it is gone" fdb_lacks "$STATIC"
check "add a local MAC for the host" bridge fdb add "$HOST" dev lb0 self local
check "it is listed: on lb0, permanent" fdb_is "$HOST" lb0 permanent
check "delete it" bridge fdb del "$HOST" dev lb0 self
check "it is gone" fdb_lacks "$HOST"

say "refusals"
refuse "an unprivileged user cannot add" "Operation not permitted" \
	nobody bridge fdb add "$STATIC" dev lb0 self static via vc3
refuse "extern_learn is refused by name" 'does not support "extern_learn"' \
	bridge fdb add "$STATIC" dev lb0 self static via vc3 extern_learn
refuse "sticky is refused by name" 'does not support "sticky"' \
	bridge fdb add "$STATIC" dev lb0 self static via vc3 sticky
refuse "vlan is refused by name" 'does not support "vlan"' \
	bridge fdb add "$STATIC" dev lb0 self static via vc3 vlan 5
refuse "dynamic entries are refused" "learns dynamic entries from traffic" \
	bridge fdb add "$STATIC" dev lb0 self dynamic via vc3
refuse "a static entry without its port is refused" 'needs its port: "via PORT"' \
	bridge fdb add "$STATIC" dev lb0 self static
refuse "via a device that is no port is refused" "must name a port of this bridge" \
	bridge fdb add "$STATIC" dev lb0 self static via lo
refuse "lb0's own MAC cannot be deleted" "it goes with its device" \
	bridge fdb del "$lb0_mac" dev lb0 self
# The core hands `master` requests only to IFF_BRIDGE_PORT devices.
refuse "master on a port does not reach lbridge" "Operation not supported" \
	bridge fdb add "$STATIC" dev vc3 master static
check "nothing was added" fdb_lacks "$STATIC"
check "lb0's MAC is still there" fdb_is "$lb0_mac" lb0 permanent

say "a macvlan on lb0: lb0 filters its MAC, without promiscuity or flooding"
MV=02:42:ac:11:00:50
check "a macvlan on lb0, in its own namespace" macvlan_in_ns mv "$MV" 172.17.0.50
expect_eq "lb0 is not promiscuous for it" 0 "$(link_field lb0 .promiscuity)"
check "bridge fdb show lists its MAC on lb0, self permanent" lb0_lists_self "$MV"
check "c2 reaches the macvlan" in_ns c2 ping -c 2 -W 2 172.17.0.50
check "c2's unicast to it reaches no other container" c3_sees_none_of "$MV"
say "a macvlan with c3's MAC: c3 keeps it"
check "a macvlan with c3's MAC" ip link add lbt-mv1 link lb0 address "$C3" type macvlan mode bridge
check "it comes up" ip link set lbt-mv1 up
check "c3 speaks, so its MAC is learned now" c3_speaks
check "c2 still reaches c3" in_ns c2 ping -c 2 -W 2 172.17.0.3
check "c3's MAC is still learned on vc3" fdb_is "$C3" vc3 ""
check "the macvlan with c3's MAC goes" ip link del lbt-mv1
check "the first macvlan goes" in_ns mv ip link del lbt-mv0
expect_eq "lb0 is still not promiscuous" 0 "$(link_field lb0 .promiscuity)"
check "bridge fdb show lists it no more" fdb_lacks_self "$MV"

say "bridge monitor fdb, ip monitor neigh"
bmon=$(mktemp) imon=$(mktemp)
bridge monitor fdb >"$bmon" 2>&1 &
monitors+=($!)
ip monitor neigh >"$imon" 2>&1 &
monitors+=($!)
wait_for "bridge monitor fdb is listening" 30 probe_seen "$bmon"
wait_for "ip monitor neigh is listening" 30 probe_seen "$imon"
check "a static addition is told" monitor_says "$bmon" "^$PROBE dev vc3 master lb0 static"
check "a static deletion is told" monitor_says "$bmon" "^Deleted $PROBE dev vc3 master lb0 static"
check "container c4 is attached" add_container 4
wait_for "c4 reaches c3" 60 c4_talks
wait_for "bridge monitor fdb sees c4 learned" 30 \
	monitor_says "$bmon" "^$C4 dev vc4 master lb0 *$"
wait_for "ip monitor neigh sees c4 learned" 30 monitor_says "$imon" "$C4"
check "delete c2's learned entry" bridge fdb del "$C2" dev lb0 self
wait_for "bridge monitor fdb sees the deletion" 30 \
	monitor_says "$bmon" "^Deleted $C2 dev vc2 master lb0"
check "vc4 leaves" ip link del vc4
wait_for "the port's flush is told entry by entry" 30 \
	monitor_says "$bmon" "^Deleted $C4 dev [^ ]+ master lb0"
check "entries age after a second" "$PWD/tools/lbrctl" set lb0 ageing 1
wait_for "an aged entry is told" 30 \
	monitor_says "$bmon" "^Deleted $C3 dev vc3 master lb0 stale"
stop_monitors
say "bridge monitor fdb printed:"
sed 's/^/#   /' "$bmon"
rm -f "$bmon" "$imon"

finish
