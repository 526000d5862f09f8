#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lbrctl over the generic netlink family: the container setup seen and
# changed from userspace.
#
#            host: lb0 172.17.0.1/16          netns lbt-other: lb0 (invisible here)
#          /            \
#       vc2              vc3
#        |                |
#   lbt-c2 eth0      lbt-c3 eth0
#   02:42:ac:11:00:02  02:42:ac:11:00:03
. "$(dirname "$0")/lib.sh"

# make check's time goes to the debug kernel's slow paths where they matter.
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	pass "lbrctl # SKIP Debian's kernel only: KUnit (lbridge_netlink) and 05's fuzzing run these paths in the debug kernel"
	exit 0
fi
trap cleanup EXIT

lbrctl=$PWD/tools/lbrctl
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
fdb_json() { "$lbrctl" -j fdb show lb0 "$@"; }
# fdb_has MAC PORT STATE: the JSON dump holds that entry.
fdb_has() {
	fdb_json | jq -e --arg mac "$1" --arg dev "$2" --arg state "$3" \
		'any(.[]; .mac == $mac and .ifname == $dev and .master == "lb0" and .state == $state)' >/dev/null
}
learned_count() { "$lbrctl" -j show lb0 | jq '.[0].learned'; }
learned_is() { [ "$(learned_count)" = "$1" ]; }
# show_lists BRIDGE PORT...: lbrctl show has the bridge's line and names each port.
show_lists() {
	local out port
	out=$("$lbrctl" show) && grep -q "^$1:" <<<"$out" || return
	shift
	for port; do
		grep -q "$port" <<<"$out" || return
	done
}
# show_omits BRIDGE: lbrctl show does not name it.
show_omits() {
	local out
	out=$("$lbrctl" show) && ! grep -q "$1" <<<"$out"
}
# fdb_text_has LINE: lbrctl fdb show lb0 prints exactly that line.
fdb_text_has() {
	local out
	out=$("$lbrctl" fdb show lb0) && grep -qxF "$1" <<<"$out"
}
# fdb_lacks MAC: lbrctl fdb show lb0 does not mention MAC.
fdb_lacks() {
	local out
	out=$("$lbrctl" fdb show lb0) && ! grep -q "$1" <<<"$out"
}
# fdb_only_on PORT: lbrctl lists entries of PORT (its own MAC and one more
# at least) for `dev PORT`, and nothing else.
fdb_only_on() {
	"$lbrctl" -j fdb show lb0 dev "$1" |
		jq -e --arg dev "$1" 'length >= 2 and all(.[]; .ifname == $dev)' >/dev/null
}
fdb_all_aged() { "$lbrctl" -s -j fdb show lb0 | jq -e 'all(.[]; has("age"))' >/dev/null; }
# flush_is_monitored FLUSH-ARGS...: a flush, and the monitor (output in
# $mon) has seen one.
flush_is_monitored() { "$lbrctl" fdb flush lb0 "$@" && grep -q flush "$mon"; }

refuse "without the module, lbrctl says so" "lbrctl: the lbridge module is not loaded" "$lbrctl" show

two_containers_on_lb0

say "show and fdb show"
check "lbrctl show lists lb0 and its ports" show_lists lb0 vc2 vc3
expect_eq "JSON show: two ports" 2 "$("$lbrctl" -j show lb0 | jq '.[0].ports | length')"
expect_eq "JSON show: the default ageing time" 300 "$("$lbrctl" -j show lb0 | jq '.[0].ageing_time')"
check "c2's MAC is learned on vc2 (text)" fdb_text_has '02:42:ac:11:00:02 dev vc2 master lb0'
check "c3's MAC is learned on vc3 (text)" fdb_text_has '02:42:ac:11:00:03 dev vc3 master lb0'
check "c2's MAC is learned on vc2 (JSON)" fdb_has 02:42:ac:11:00:02 vc2 ""
check "c3's MAC is learned on vc3 (JSON)" fdb_has 02:42:ac:11:00:03 vc3 ""
vc2_mac=$(link_field vc2 .address)
check "vc2's own MAC is permanent" fdb_has "$vc2_mac" vc2 permanent
check "fdb show dev vc3 lists only vc3's entries" fdb_only_on vc3
check "-s adds the age" fdb_all_aged

say "static entries, and what refuses"
check "a static entry is added" "$lbrctl" fdb add 02:42:ac:11:00:50 dev vc3
check "it shows as static" fdb_has 02:42:ac:11:00:50 vc3 static
refuse "a multicast MAC is refused" "MAC address is not valid unicast" \
	"$lbrctl" fdb add 01:00:5e:00:00:01 dev vc3
refuse "a malformed MAC is refused" "Error" "$lbrctl" fdb add 02:42:zz:11:00:50 dev vc3
refuse "a device that is no port is refused" "not a port" "$lbrctl" fdb add 02:42:ac:11:00:51 dev lo
refuse "an unknown bridge is refused" "lb9" "$lbrctl" fdb show lb9
refuse "a bad number is refused" "Error" "$lbrctl" set lb0 ageing ten
refuse "deleting an absent entry is refused" "No such entry" "$lbrctl" fdb del 02:42:ac:11:00:77 dev vc3
check "the static entry is deleted" "$lbrctl" fdb del 02:42:ac:11:00:50 dev vc3
check "and gone" fdb_lacks 02:42:ac:11:00:50
check "a static entry again, to outlive ageing" "$lbrctl" fdb add 02:42:ac:11:00:50 dev vc3

say "permissions: anyone reads, only CAP_NET_ADMIN changes"
check "nobody can show" nobody "$lbrctl" fdb show lb0
refuse "nobody cannot add" "permission denied" nobody "$lbrctl" fdb add 02:42:ac:11:00:52 dev vc3
refuse "nobody cannot set" "permission denied" nobody "$lbrctl" set lb0 ageing 10

say "a monitor sees learning and ageing"
mon=$(mktemp)
"$lbrctl" monitor lb0 >"$mon" 2>&1 &
monitor=$!
wait_for "the monitor is listening" 30 flush_is_monitored dev vc2 dynamic
check "c2 speaks again" in_ns c2 ping -c 1 -W 5 172.17.0.3
wait_for "the monitor saw c2 learned" 30 grep -q 'learn 02:42:ac:11:00:02 dev vc2 master lb0' "$mon"

say "ageing 1 s empties what was learned; static entries stay"
check "ageing set to 1 s" "$lbrctl" set lb0 ageing 1
expect_eq "it reads back" 1 "$("$lbrctl" -j show lb0 | jq '.[0].ageing_time')"
wait_for "learned entries age out" 60 learned_is 0
wait_for "the monitor saw them age" 30 grep -q '^age 02:42:ac:11:00:0[23]' "$mon"
check "the static entry survived ageing" fdb_has 02:42:ac:11:00:50 vc3 static
kill $monitor
check "ageing back to 300 s" "$lbrctl" set lb0 ageing 300
check "traffic learns again" in_ns c2 ping -c 1 -W 5 172.17.0.3
check "flush of dynamic entries" "$lbrctl" fdb flush lb0 dynamic
expect_eq "leaves no learned entry" 0 "$(learned_count)"
check "and keeps the static one" fdb_has 02:42:ac:11:00:50 vc3 static
check "flush of everything" "$lbrctl" fdb flush lb0
check "removes the static one too" fdb_lacks 02:42:ac:11:00:50
check "but never the bridge's own MAC" fdb_has "$(link_field lb0 .address)" lb0 permanent

say "learning cap and learning off"
check "max-learned 1 and learning off in one command" "$lbrctl" set lb0 max-learned 1 learning off
expect_eq "max-learned reads back" 1 "$("$lbrctl" -j show lb0 | jq '.[0].max_learned')"
# Late ARP probes may have been learned since the flush above.
check "a flush with learning off" "$lbrctl" fdb flush lb0 dynamic
check "c2 pings c3 with learning off" in_ns c2 ping -c 1 -W 5 172.17.0.3
expect_eq "nothing was learned" 0 "$(learned_count)"
check "learning on" "$lbrctl" set lb0 learning on
check "c2 pings c3" in_ns c2 ping -c 2 -W 5 172.17.0.3
expect_eq "one MAC learned: the cap" 1 "$(learned_count)"

say "per-port learning cap: one container cannot fill the table"
# spray FIRST COUNT: c2 sends COUNT broadcasts from source MACs of its own making.
spray() {
	in_ns c2 /usr/bin/python3 - "$@" <<'PY'
import socket, sys
first, count = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("eth0", 0))
for i in range(first, first + count):
    s.send(bytes.fromhex("ffffffffffff" + "02aa0000%04x" % i + "88b5") + bytes(46))
PY
}
vc2_stat() { "$lbrctl" -j -s show lb0 | jq ".[0].ports[] | select(.ifname == \"vc2\") | $1"; }
vc2_holds() { [ "$(vc2_stat .learned_count)" = "$1" ]; }
c3_learned() { "$lbrctl" -j fdb show lb0 dev vc3 | jq -e 'any(.[]; .mac == "02:42:ac:11:00:03")' >/dev/null; }
# Limit events seen, plus the held-back events they say they stand for.
announced() { jq -s '([.[] | select(.event == "limit")] | length) + ([.[].events_lost // 0] | add)' "$mon"; }
all_announced() { [ "$(announced)" = "$(vc2_stat .stats.learn_port_cap)" ]; }

check "learning caps for the test" "$lbrctl" set lb0 max-learned 100 port-max-learned 3
expect_eq "port-max-learned reads back" 3 "$("$lbrctl" -j show lb0 | jq '.[0].port_max_learned')"
mon=$(mktemp)
"$lbrctl" -j monitor lb0 >"$mon" 2>&1 &
monitor=$!
wait_for "the monitor is listening" 30 flush_is_monitored dynamic
check "c2 sprays 20 source MACs" spray 0 20
wait_for "vc2 holds 3 learned MACs, its cap" 30 vc2_holds 3
check "at least 17 were refused and counted" test "$(vc2_stat .stats.learn_port_cap)" -ge 17
check "c3 still speaks" in_ns c3 ping -c 1 -W 5 172.17.0.1
check "and its MAC is learned" c3_learned
wait_for "refusals are announced as limit events" 30 grep -q '"event":"limit"' "$mon"
# Ten noisy events a second go out, the rest are counted in the next one:
# one more refusal, in the next second, tells how many were held back.
sleep 1.1
check "one more refusal" spray 100 1
wait_for "every refusal was announced or counted as held back" 30 all_announced
kill $monitor
check "caps back to their defaults" "$lbrctl" set lb0 max-learned 16384 port-max-learned 1024

say "per-port learning: lbrctl port set PORT learning on|off"
# learned_on PORT MAC: the FDB holds MAC as learned behind PORT.
learned_on() { fdb_has "$2" "$1" ""; }
# not_learned MAC: the FDB holds no entry for MAC, whatever its state.
not_learned() {
	"$lbrctl" -j fdb show lb0 | jq -e --arg mac "$1" 'all(.[]; .mac != $mac)' >/dev/null
}
# relearn: no learned entry left, then c2 and c3 ping each other: both
# ports see a frame of each, whose sources they learn if they learn.
relearn() {
	"$lbrctl" fdb flush lb0 dynamic &&
	in_ns c2 ping -c 1 -W 5 172.17.0.3 >/dev/null &&
	in_ns c3 ping -c 1 -W 5 172.17.0.2 >/dev/null
}
refuse "nobody cannot turn vc2's learning off" "permission denied" \
	nobody "$lbrctl" port set vc2 learning off
check "after that refusal, c2 and c3 ping each other" relearn
check "vc2 still learns: c2's MAC is learned" learned_on vc2 02:42:ac:11:00:02
check "vc2's learning off" "$lbrctl" port set vc2 learning off
check "c2 and c3 ping each other, the FDB flushed first" relearn
check "vc3 still learns: c3's MAC is learned" learned_on vc3 02:42:ac:11:00:03
check "vc2 does not: c2's MAC is not learned" not_learned 02:42:ac:11:00:02
# A frame c2 sends has crossed the bridge when the send returns (veth hands
# it on in the sender's softirq); the ping after it leaves more time still.
check "c2 sends from a new source MAC" spray 200 1
check "c3 pings c2" in_ns c3 ping -c 1 -W 5 172.17.0.2
check "the new MAC behind vc2 is not learned" not_learned 02:aa:00:00:00:c8
check "c3's MAC is learned again all the same" learned_on vc3 02:42:ac:11:00:03
check "vc2's learning on" "$lbrctl" port set vc2 learning on
check "c2 and c3 ping each other" relearn
check "c2's MAC is learned on vc2 again" learned_on vc2 02:42:ac:11:00:02
check "c2 sends from another new source MAC" spray 201 1
wait_for "which vc2 learns, as it did not the one before" 30 learned_on vc2 02:aa:00:00:00:c9

say "static entries are capped"
check "max-static 2" "$lbrctl" set lb0 max-static 2
check "a static entry" "$lbrctl" fdb add 02:42:ac:11:00:51 dev vc3
check "a second" "$lbrctl" fdb add 02:42:ac:11:00:52 dev vc3
refuse "a third is refused, with the kernel's reason" "max_static" \
	"$lbrctl" fdb add 02:42:ac:11:00:53 dev vc3
check "and is not there" fdb_lacks 02:42:ac:11:00:53
expect_eq "static_count is 2" 2 "$("$lbrctl" -j show lb0 | jq '.[0].static_count')"
check "the cap lifted" "$lbrctl" set lb0 max-static 0

say "root of a user namespace may lower caps on its own bridge, not lift them"
# in_userns CMD...: CMD as root of a new user namespace of nobody's, in
# its own network namespace, with a bridge lbu there.
in_userns() { nobody unshare -Urn sh -c 'ip link add lbu type lbridge && "$@"' in_userns "$@"; }
check "lowering max-learned" in_userns "$lbrctl" set lbu max-learned 10 port-max-learned 5 max-static 5
refuse "lifting max-learned" "CAP_NET_ADMIN in the initial namespace" \
	in_userns "$lbrctl" set lbu max-learned 0
refuse "raising port-max-learned" "CAP_NET_ADMIN in the initial namespace" \
	in_userns "$lbrctl" set lbu port-max-learned 100000
refuse "raising max-static" "CAP_NET_ADMIN in the initial namespace" \
	in_userns "$lbrctl" set lbu max-static 100000
check "and the two entries flushed" "$lbrctl" fdb flush lb0 dev vc3

say "another namespace's bridge is invisible"
other_ns_with_bridge() {
	ip netns add "${NS_PREFIX}other" && ip -n "${NS_PREFIX}other" link add "$1" type lbridge
}
check "a bridge in lbt-other" other_ns_with_bridge lbx
check "lbrctl show does not list it" show_omits lbx
expect_eq "lbrctl in that netns sees only it" lbx \
	"$(ip netns exec "${NS_PREFIX}other" "$lbrctl" -j show | jq -r '[.[].ifname] | join(" ")')"

ENTRIES=100000
say "$ENTRIES static entries through -batch"
batch=$(mktemp)
python3 -c '
import sys
for i in range(int(sys.argv[1])):
    print("fdb add 02:%02x:%02x:%02x:00:01 dev vc3" % (i >> 16, (i >> 8) & 255, i & 255))
' "$ENTRIES" >"$batch"
check "lbrctl -batch adds them" "$lbrctl" -batch "$batch"
expect_eq "the dump has every one of them" "$ENTRIES" \
	"$("$lbrctl" -j fdb show lb0 dev vc3 | jq '[.[] | select(.state == "static")] | length')"
rm -f "$batch" "$mon"

finish
