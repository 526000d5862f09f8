#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A container-aware bridge: who is behind each port (labels, veth peers),
# which IP lives where (bindings snooped from ARP, ND and DHCP), events when
# that changes, a recreated container announced to its neighbours, and
# ARP/ND requests for known bindings answered by the bridge.
#
#                  host: lb0 172.17.0.1/16
#          /                |                \
#       vc2                vc3                vc4        (vc5: c3 recreated)
#        |                  |                  |
#   lbt-c2 eth0        lbt-c3 eth0        lbt-c4 eth0
#   172.17.0.2         172.17.0.3         172.17.0.4
#   02:42:ac:11:00:02  :03                :04
. "$(dirname "$0")/lib.sh"

# make check's time goes to the debug kernel's slow paths where they matter.
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	pass "bindings # SKIP Debian's kernel only: KUnit (lbridge_neigh) runs these paths in the debug kernel"
	exit 0
fi

lbrctl=$PWD/tools/lbrctl
C2=02:42:ac:11:00:02
C3=02:42:ac:11:00:03
NEW_C3=02:42:ac:11:00:33
monitor=
stop_monitor() { [ -z "$monitor" ] || kill "$monitor" 2>/dev/null; monitor=; }
trap 'stop_monitor; cleanup' EXIT

port_json() { "$lbrctl" -j -s show lb0 | jq -c ".[0].ports[] | select(.ifname == \"$1\")"; }
port_field() { port_json "$1" | jq -r "$2"; }
# neigh_is IP MAC PORT: exactly one binding of IP, to MAC behind PORT.
neigh_is() {
	"$lbrctl" -j neigh show lb0 | jq -e --arg ip "$1" --arg m "$2" --arg d "$3" '
		[.[] | select(.ip == $ip)] |
		length == 1 and .[0].mac == $m and .[0].ifname == $d and .[0].master == "lb0"' \
		>/dev/null
}
neigh_source_is() {
	"$lbrctl" -s -j neigh show lb0 | jq -e --arg ip "$1" --arg s "$2" \
		'any(.[]; .ip == $ip and .source == $s and (.age | type) == "number")' >/dev/null
}
neigh_lacks() { ! "$lbrctl" -j neigh show lb0 | jq -e --arg ip "$1" 'any(.[]; .ip == $ip)' >/dev/null; }
neigh_labelled() {
	"$lbrctl" -j neigh show lb0 | jq -e --arg ip "$1" --arg l "$2" \
		'any(.[]; .ip == $ip and .label == $l)' >/dev/null
}
only_port_listed() {
	"$lbrctl" -j neigh show lb0 dev "$1" | jq -e --arg d "$1" \
		'length >= 1 and all(.[]; .ifname == $d)' >/dev/null
}
who_has_says() { "$lbrctl" who-has "$1" | grep -q "$2"; }
# event_seen EVENT IP: the JSON monitor printed that event for IP.
event_seen() {
	jq -e -s --arg e "$1" --arg ip "$2" 'any(.[]; .event == $e and .ip == $ip)' "$mon" >/dev/null
}
# The monitor is listening once a probe entry's addition shows.
PROBE=02:42:ac:11:00:65
monitor_listening() {
	"$lbrctl" fdb add "$PROBE" dev vc4 >/dev/null 2>&1
	"$lbrctl" fdb del "$PROBE" dev vc4 >/dev/null 2>&1
	jq -e -s --arg m "$PROBE" 'any(.[]; .event == "add" and .mac == $m)' "$mon" >/dev/null
}
# c4_claims IP: c4 announces IP as its own (it needs the address for that).
c4_claims() {
	in_ns c4 ip addr add "$1/32" dev eth0 &&
		in_ns c4 busybox arping -U -c 1 -I eth0 -s "$1" "$1" >/dev/null
	local rc=$?
	in_ns c4 ip addr del "$1/32" dev eth0
	return $rc
}
# c2_caches IP MAC: c2's ARP cache has IP at MAC; c4_caches: c4's.
c2_caches() {
	local line
	line=$(ip -n "${NS_PREFIX}c2" neigh show "$1")
	echo "c2: $line"
	grep -q "lladdr $2" <<<"$line"
}
c4_caches() {
	local line
	line=$(ip -n "${NS_PREFIX}c4" neigh show "$1")
	echo "c4: $line"
	grep -q "lladdr $2" <<<"$line"
}
# recreate_c3 MAC PORT: c3's namespace and veth go, and come back with
# c3's address, MAC MAC, on port PORT, as an engine recreating it would.
recreate_c3() {
	ip netns del "${NS_PREFIX}c3" &&
		wait_for_gone vc3 &&
		ip netns add "${NS_PREFIX}c3" &&
		in_ns c3 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 &&
		ip link add "$2" type veth peer name eth0 netns "${NS_PREFIX}c3" &&
		ip -n "${NS_PREFIX}c3" link set eth0 address "$1" &&
		ip -n "${NS_PREFIX}c3" addr add 172.17.0.3/16 dev eth0 &&
		ip -n "${NS_PREFIX}c3" link set eth0 up &&
		ip link set "$2" master lb0 &&
		ip link set "$2" up
}
wait_for_gone() {
	local i
	for i in $(seq 100); do link_gone "$1" && return 0; sleep 0.1; done
	return 1
}
# The new c3 resolves c2, as a starting container resolves a neighbour
# (arping: a packet socket, the kernel's own cache is not involved). With
# suppression on, the bridge answers and c2 never sees the request: only
# the bridge's announcement can tell c2 that 172.17.0.3 moved.
new_c3_resolves_c2() { in_ns c3 busybox arping -c 1 -w 5 -I eth0 172.17.0.2 >/dev/null; }

# Frames to a destination, as c4 receives them (count-frames.py).
counters=()
start_counter() {
	rm -f "/tmp/count-$2"
	ip netns exec "${NS_PREFIX}c4" python3 "$(dirname "$0")/count-frames.py" eth0 "$1" "/tmp/count-$2" \
		</dev/null >/dev/null 2>&1 &
	counters+=($!)
	wait_for "c4 listens for frames to $1" 60 test -s "/tmp/count-$2"
}
stop_counters() { [ ${#counters[@]} -eq 0 ] || kill "${counters[@]}" 2>/dev/null; counters=(); }
frames() { local n; n=$(cat "/tmp/count-$1"); [ "$n" = ready ] && n=0; echo "$n"; }
counted_at_least() { [ "$(frames "$1")" -ge "$2" ]; }
# c2_resolves IP N: c2 broadcasts N ARP requests for IP; all are answered.
c2_resolves() { in_ns c2 busybox arping -b -c "$2" -w 10 -I eth0 "$1" >/dev/null; }
show_has_label() { "$lbrctl" show lb0 | grep -qF "$1"; }
fdb_labelled() {
	"$lbrctl" -j fdb show lb0 |
		jq -e --arg m "$1" --arg l "$2" 'any(.[]; .mac == $m and .label == $l)' >/dev/null
}
stat_grew() { [ "$(port_field "$1" ".stats.$2")" -ge "$3" ]; }
# IPv6 on in containers N..., each with fd00::N/64 (no DAD wait).
ipv6_on() {
	local n
	for n; do
		in_ns "c$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.eth0.disable_ipv6=0 &&
			in_ns "c$n" ip addr add "fd00::$n/64" dev eth0 nodad || return
	done
}
c2_resolves6() {
	ip -n "${NS_PREFIX}c2" -6 neigh flush dev eth0
	in_ns c2 ping -6 -c 1 -W 5 "$1" >/dev/null
}
# A DHCP server in c4 and a client in a new container c7 (without an
# address of its own: udhcpc only asks, its script configures nothing).
dhcp_server() {
	cat >/tmp/lbt-udhcpd.conf <<-CONF
		start 172.17.0.100
		end 172.17.0.110
		interface eth0
		lease_file /tmp/lbt-udhcpd.leases
		option subnet 255.255.0.0
	CONF
	: >/tmp/lbt-udhcpd.leases
	in_ns c4 busybox udhcpd -f /tmp/lbt-udhcpd.conf </dev/null >/dev/null 2>&1 &
}
dhcp_client() {
	ip netns add "${NS_PREFIX}c7" &&
		ip link add vc7 type veth peer name eth0 netns "${NS_PREFIX}c7" &&
		ip -n "${NS_PREFIX}c7" link set eth0 address 02:42:ac:11:00:07 &&
		ip -n "${NS_PREFIX}c7" link set eth0 up &&
		ip link set vc7 master lb0 && ip link set vc7 up &&
		in_ns c7 busybox udhcpc -i eth0 -n -q -t 10 -T 1 -s /bin/true >/dev/null 2>&1
}

# crowd_attached: CROWD veth ports p0.., far ends q0.. up in lbt-crowd.
CROWD=200
crowd_attached() {
	local batch i
	batch=$(mktemp)
	ip netns add "${NS_PREFIX}crowd" &&
		ip netns exec "${NS_PREFIX}crowd" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 || return
	for i in $(seq 0 $((CROWD - 1))); do
		echo "link add p$i type veth peer name q$i netns ${NS_PREFIX}crowd"
		echo "link set p$i master lb0"
		echo "link set p$i up"
	done >"$batch"
	ip -batch "$batch" || return
	for i in $(seq 0 $((CROWD - 1))); do echo "link set q$i up"; done >"$batch"
	ip -n "${NS_PREFIX}crowd" -batch "$batch"
	rm -f "$batch"
}

two_containers_on_lb0
check "container c4 is attached" add_container 4
wait_for "c4 reaches c2" 60 in_ns c4 ping -c 1 -W 1 172.17.0.2

say "who is behind each port"
LABEL="web-1 (café)"
check "vc2 gets a label" "$lbrctl" port set vc2 label "$LABEL"
expect_eq "lbrctl show -j: vc2's label" "$LABEL" "$(port_field vc2 .label)"
expect_eq "lbrctl show -j: vc2's peer is eth0" eth0 "$(port_field vc2 .peer.ifname)"
expect_eq "lbrctl show -j: in namespace lbt-c2" "${NS_PREFIX}c2" "$(port_field vc2 .peer.netns)"
check "lbrctl show prints the label" show_has_label "$LABEL"
check "lbrctl fdb show -j labels c2's MAC" fdb_labelled "$C2" "$LABEL"
refuse "a label of 65 bytes is refused" "label" \
	"$lbrctl" port set vc2 label "$(printf 'x%.0s' $(seq 65))"
expect_eq "and the label stayed" "$LABEL" "$(port_field vc2 .label)"

say "which IP lives where"
wait_for "c2's address is bound to its MAC on vc2" 30 neigh_is 172.17.0.2 "$C2" vc2
wait_for "c3's too" 30 neigh_is 172.17.0.3 "$C3" vc3
check "bindings carry the port's label" neigh_labelled 172.17.0.2 "$LABEL"
check "-s: learned from ARP, with an age" neigh_source_is 172.17.0.3 arp
check "dev vc3 lists vc3's bindings only" only_port_listed vc3
check "who-has 172.17.0.3: vc3" who_has_says 172.17.0.3 "dev vc3"
refuse "who-has an address nobody has fails" "172.17.0.99" "$lbrctl" who-has 172.17.0.99
refuse "who-has a malformed address is refused" "172.17.0.300" "$lbrctl" who-has 172.17.0.300
expect_eq "vc3 counts one binding" 1 "$(port_field vc3 .neigh_count)"

say "ARP suppression: requests for known addresses go no further than the bridge"
start_counter ff:ff:ff:ff:ff:ff bcast
check "suppression off: c2 resolves c3 three times" c2_resolves 172.17.0.3 3
wait_for "the requests reach c4" 30 counted_at_least bcast 3
stop_counters
check "suppression on for lb0" "$lbrctl" set lb0 neigh-suppress on
suppressed=$(port_field vc2 .stats.neigh_suppressed)
start_counter ff:ff:ff:ff:ff:ff bcast
check "suppression on: c2 resolves c3 three times, answered" c2_resolves 172.17.0.3 3
check "the bridge answered each" stat_grew vc2 neigh_suppressed $((suppressed + 3))
check "c2 reaches c3" in_ns c2 ping -c 1 -W 2 172.17.0.3
expect_eq "no request reached c4" 0 "$(frames bcast)"
refuse "an address nobody has is not answered" "" c2_resolves 172.17.0.99 1
wait_for "and its request still floods to c4" 30 counted_at_least bcast 1
stop_counters

say "a container recreated with the same IP and a new MAC on a new port"
mon=$(mktemp)
"$lbrctl" -j monitor lb0 >"$mon" 2>&1 &
monitor=$!
wait_for "the monitor is listening" 30 monitor_listening
check "c2 has c3 in its ARP cache" c2_caches 172.17.0.3 "$C3"
check "c3 is recreated on vc5 with a new MAC" recreate_c3 "$NEW_C3" vc5
wait_for "its old binding went with its port" 30 event_seen unbind 172.17.0.3
check "the new c3 resolves c2 (the bridge answers)" new_c3_resolves_c2
wait_for "the move is told: rebind" 30 event_seen rebind 172.17.0.3
check "172.17.0.3 is bound to the new MAC on vc5" neigh_is 172.17.0.3 "$NEW_C3" vc5
wait_for "c2's ARP cache is corrected by the bridge's announcement" 10 c2_caches 172.17.0.3 "$NEW_C3"
check "c2 reaches the new c3 at once" in_ns c2 ping -c 1 -W 1 172.17.0.3
check "vc5 counts the announcement" stat_grew vc5 announced 1

say "without announcements, a neighbour keeps the stale MAC"
# c4 holds 172.17.0.3 at the current MAC, unused (STALE): only an
# announcement could change it, where c2, which talked to c3, may probe.
check "c4 caches c3's current MAC" \
	ip -n "${NS_PREFIX}c4" neigh replace 172.17.0.3 lladdr "$NEW_C3" dev eth0 nud stale
check "announcements off" "$lbrctl" set lb0 announce off
check "c3 is recreated again on vc6, MAC :34" recreate_c3 02:42:ac:11:00:34 vc6
check "the new c3 resolves c2" new_c3_resolves_c2
wait_for "the move is seen" 30 neigh_is 172.17.0.3 02:42:ac:11:00:34 vc6
check "c4 was not told the new MAC" c4_caches 172.17.0.3 "$NEW_C3"
check "announcements on" "$lbrctl" set lb0 announce on
check "suppression off" "$lbrctl" set lb0 neigh-suppress off

say "two containers claim one IP"
check "c4 claims c2's address" c4_claims 172.17.0.2
wait_for "the conflict is told" 30 event_seen conflict 172.17.0.2
check "c2 takes it back" in_ns c2 busybox arping -U -c 1 -I eth0 -s 172.17.0.2 172.17.0.2
wait_for "c2's address is bound to c2 again" 30 neigh_is 172.17.0.2 "$C2" vc2

say "IPv6: Neighbour Discovery binds, and is suppressed too"
check "IPv6 in c2 and c3" ipv6_on 2 3
check "c2 reaches fd00::3" c2_resolves6 fd00::3
wait_for "fd00::3 is bound to c3's MAC on vc6" 30 neigh_is fd00::3 02:42:ac:11:00:34 vc6
check "-s: learned from ND" neigh_source_is fd00::3 nd
check "who-has fd00::3: vc6" who_has_says fd00::3 "dev vc6"
check "suppression on for vc2, by iproute2" bridge link set dev vc2 neigh_suppress on
expect_eq "lbrctl sees it" true "$(port_field vc2 .neigh_suppress)"
start_counter 33:33:ff:00:00:03 ns
suppressed=$(port_field vc2 .stats.neigh_suppressed)
check "c2 resolves fd00::3 again, answered" c2_resolves6 fd00::3
check "the bridge answered" stat_grew vc2 neigh_suppressed $((suppressed + 1))
expect_eq "no solicitation reached c4" 0 "$(frames ns)"
stop_counters
check "suppression off for vc2" bridge link set dev vc2 neigh_suppress off

say "DHCP: an address given by a server is bound to its client"
check "a DHCP server in c4" dhcp_server
check "a client in c7 gets an address" dhcp_client
wait_for "the bind is told, from DHCP" 30 event_seen bind 172.17.0.100
check "172.17.0.100 is bound to c7's MAC on vc7" neigh_is 172.17.0.100 02:42:ac:11:00:07 vc7
stop_monitor
rm -f "$mon" /tmp/lbt-udhcpd.conf /tmp/lbt-udhcpd.leases

say "$CROWD containers resolving each other: no request for a known address floods"
check "$CROWD more ports, their far ends in lbt-crowd" crowd_attached
check "suppression on for lb0" "$lbrctl" set lb0 neigh-suppress on
crowd=$(ip netns exec "${NS_PREFIX}crowd" python3 "$(dirname "$0")/arp-crowd.py" q "$CROWD")
say "arp-crowd.py: $(tr '\n' ' ' <<<"$crowd")"
expect_eq "each announced itself and was bound" "$CROWD" \
	"$("$lbrctl" -j neigh show lb0 | jq '[.[] | select(.ip | startswith("10.200."))] | length')"
expect_eq "every request was answered with the right MAC" "answered $CROWD" "$(grep '^answered' <<<"$crowd")"
expect_eq "not one request reached another container" "requests_seen 0" "$(grep '^requests_seen' <<<"$crowd")"

finish
