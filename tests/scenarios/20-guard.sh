#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Port security: a container speaks only as itself. A guarded container
# that answers ARP for its neighbour's address poisons no cache and is
# reported; one that changes its MAC is cut off until the new MAC is
# allowed; rogue RAs, DHCP offers and packets from another's address
# never reach the others; a guarded container still gets its address over
# DHCP from the real server and talks normally. Each drop is seen first
# with the guard on, then, at the end, getting through with it off. The
# debug kernel runs the datapath's parts (ARP, IPv4, MAC, RA, DHCP offer),
# not the real DHCP servers, the bridge default or the unprivileged user.
#
#                 host: lb0 10.12.0.254/24 (udhcpd: .100-.110)
#         /            |              |             \
#      vc1            vc2            vc3            vc4        (vc5: joins late)
#   lbt-c1 eth0    lbt-c2 eth0    lbt-c3 eth0    lbt-c4 eth0
#   10.12.0.1      10.12.0.2      10.12.0.3      10.12.0.4
#   fd12::1        fd12::2        fd12::3        fd12::4
#   02:12:00:00:00:01 ... :04                    (c3: the spoofer, rogue udhcpd .200-.210)
. "$(dirname "$0")/lib.sh"

lbrctl=$PWD/tools/lbrctl
gf=$PWD/tests/scenarios/guard-frames.py
py=/usr/bin/python3
tmp=$(mktemp -d)
chmod 755 "$tmp"
C1=02:12:00:00:00:01
C2=02:12:00:00:00:02
C3=02:12:00:00:00:03
C4=02:12:00:00:00:04
NEW_C4=02:12:00:00:00:44
full=true
[ "${LBRIDGE_KERNEL:-}" != debug ] || full=false
pids=()
stop_bg() { [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null; pids=(); }
trap 'exec 3>&-; stop_bg; cleanup; rm -rf "$tmp"' EXIT

# part TITLE: a part of the scenario, and when it starts.
part() { say "[$SECONDS s] $*"; }
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }

# The host's side in one batch: lb0 (10.12.0.254/24) and ports vc1..vc4,
# the far end of each, eth0, in namespace lbt-cN.
host_side() {
	local n
	{
		echo "link add lb0 type lbridge"
		echo "addr add 10.12.0.254/24 dev lb0"
		echo "link set lb0 up"
		for n in 1 2 3 4; do
			echo "netns add ${NS_PREFIX}c$n"
			echo "link add vc$n type veth peer name eth0 netns ${NS_PREFIX}c$n"
			echo "link set vc$n master lb0"
			echo "link set vc$n up"
		done
	} | ip -batch -
}
# container N: eth0 in lbt-cN gets 02:12:00:00:00:0N, 10.12.0.N/24 and
# fd12::N/64 (a new namespace has IPv6 on), and comes up. Its ARP cache
# takes any answer at once (locktime 0), as the poisoning checks need.
container() {
	ip -n "${NS_PREFIX}c$1" -batch - <<-EOF
		link set eth0 address 02:12:00:00:00:0$1
		addr add 10.12.0.$1/24 dev eth0
		addr add fd12::$1/64 dev eth0 nodad
		link set lo up
		link set eth0 up
		ntable change name arp_cache dev eth0 locktime 0
	EOF
}

port_json() { "$lbrctl" -j show lb0 | jq -c ".[0].ports[] | select(.ifname == \"$1\")"; }
port_field() { port_json "$1" | jq -r "$2"; }
stat_of() { port_field "$1" ".stats.$2"; }
# stat_reaches PORT NAME N: that counter of PORT is at least N.
stat_reaches() { [ "$(stat_of "$1" "$2")" -ge "$3" ]; }
# c1_caches IP MAC: c1's ARP cache has IP at MAC.
c1_caches() {
	local line
	line=$(ip -n "${NS_PREFIX}c1" neigh show "$1")
	echo "c1: $line"
	grep -q "lladdr $2" <<<"$line"
}
# What c1 got from c3, by kind, and the ARP counters of c1's namespace.
c1_seen() {
	echo "from c3: $(tr '\n' ' ' <"$tmp/c1-from-c3")"
	ip -n "${NS_PREFIX}c1" -s neigh show 10.12.0.2
}
# Frames from c3 that reached c1, by kind (guard-frames.py count).
frames() { awk -v k="$1" '$1 == k { n = $2 } END { print n + 0 }' "$tmp/c1-from-c3"; }
frames_reach() { [ "$(frames "$1")" -ge "$2" ]; }
# c3_sends FRAMES...: c3's sender (guard-frames.py serve) sends them; its
# answer within 60 s.
c3_sends() {
	local n deadline=$((SECONDS + 60))
	n=$(grep -c '^sent' "$tmp/c3-sent")
	echo "$*" >&3 || return
	until [ "$(grep -c '^sent' "$tmp/c3-sent")" -gt "$n" ]; do
		[ $SECONDS -lt $deadline ] || { cat "$tmp/c3-sent"; return 1; }
		sleep 0.1
	done
}
# guard_event REASON PORT [IP [OWNER]]: the JSON monitor printed that guard event.
guard_event() {
	jq -e -s --arg r "$1" --arg d "$2" --arg ip "${3:-}" --arg o "${4:-}" '
		any(.[]; .event == "guard" and .reason == $r and .ifname == $d and
			($ip == "" or .ip == $ip) and ($o == "" or .owner == $o))' "$tmp/mon" >/dev/null
}
PROBE=02:12:00:00:00:65
monitor_listening() {
	"$lbrctl" fdb add "$PROBE" dev vc2 >/dev/null 2>&1
	"$lbrctl" fdb del "$PROBE" dev vc2 >/dev/null 2>&1
	jq -e -s --arg m "$PROBE" 'any(.[]; .event == "add" and .mac == $m)' "$tmp/mon" >/dev/null
}
c1_has_v6() { ip -n "${NS_PREFIX}c1" -6 addr show dev eth0 | grep -q "$1"; }
fdb_lacks() { ! "$lbrctl" -j fdb show lb0 | jq -e --arg m "$1" 'any(.[]; .mac == $m)' >/dev/null; }
allowed_has() { port_field "$1" ".allowed.${2}s // [] | index(\"$3\") != null" | grep -q true; }
allowed_empty() { port_field "$1" '(.allowed.macs // []) + (.allowed.ips // []) | length' | grep -qx 0; }

part "lb0 and four containers, with IPv4 and IPv6"
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
check "module loads" load_module
check "lb0 (10.12.0.254/24) and ports vc1..vc4, their far ends in lbt-c1..c4" host_side
for n in 1 2 3 4; do
	check "container c$n's eth0: 02:12:00:00:00:0$n, 10.12.0.$n, fd12::$n" container $n
done
check "vc2 and vc3 labelled c2 and c3" sh -c "'$lbrctl' port set vc2 label c2 && '$lbrctl' port set vc3 label c3"
# One interpreter each, for the whole scenario: c3 sends, c1 counts.
mkfifo "$tmp/c3-send"
: >"$tmp/c3-sent"
in_ns c3 "$py" "$gf" serve eth0 <"$tmp/c3-send" >"$tmp/c3-sent" 2>&1 &
pids+=($!)
exec 3>"$tmp/c3-send"
in_ns c1 "$py" "$gf" count eth0 "$tmp/c1-from-c3" src=$C3 </dev/null >/dev/null 2>&1 &
pids+=($!)
"$lbrctl" -j monitor lb0 >"$tmp/mon" 2>&1 &
pids+=($!)
# At once: their ARP caches and lb0's bindings are what the checks start from.
wait_for "c1 reaches c2, c3, c4 and the host" 90 in_ns c1 sh -c '
	for n in 2 3 4 254; do ping -c 1 -W 3 10.12.0.$n >/dev/null & pids="${pids:-} $!"; done
	for p in $pids; do wait $p || exit 1; done'
# What only lbrctl's output shows is checked in Debian's kernel alone.
! $full || expect_eq "the guards are off by default" "false false false" \
	"$(port_field vc3 '[.guard, .ra_guard, .dhcp_guard] | map(tostring) | join(" ")')"
wait_for "the monitor is listening" 60 monitor_listening
wait_for "c1 counts the frames it gets from c3's MAC" 60 test -s "$tmp/c1-from-c3"

part "a. ARP poisoning: guarded c3 claims c2's address 10.12.0.2"
check "guard on vc3" "$lbrctl" port set vc3 guard on
! $full || expect_eq "lbrctl show -j: vc3's guard is on" true "$(port_field vc3 .guard)"
wait_for "guarded c3 still reaches c1" 60 in_ns c3 ping -c 1 -W 2 10.12.0.1
expect_eq "the guard fixed on c3's MAC" "$C3" "$(port_field vc3 .guard_mac)"
# As at the end without the guard: an entry c1 is not probing, which only
# the spoofed replies could change.
check "c1's cache entry for 10.12.0.2: c2's MAC, stale, not probed" \
	ip -n "${NS_PREFIX}c1" neigh replace 10.12.0.2 lladdr $C2 dev eth0 nud stale
check "c3 sends 3 ARP replies to c1 and 3 gratuitous ones, as 10.12.0.2 at its MAC" \
	c3_sends arp src=$C3 dst=$C1 sip=10.12.0.2 tip=10.12.0.1 count=3 + arp src=$C3 sip=10.12.0.2 count=3
wait_for "vc3's drop_spoofed_arp counts all 6" 30 stat_reaches vc3 drop_spoofed_arp 6
check "c1 still caches 10.12.0.2 at c2's MAC" c1_caches 10.12.0.2 $C2
wait_for "the monitor reports it: vc3, drop_spoofed_arp, 10.12.0.2, owner vc2" 30 \
	guard_event drop_spoofed_arp vc3 10.12.0.2 vc2
expect_eq "the event names c3's label, c2's, and c3's MAC" "c3 c2 $C3" "$(jq -r -s '
	[.[] | select(.event == "guard" and .reason == "drop_spoofed_arp" and .ifname == "vc3")][0] |
	"\(.label) \(.owner_label) \(.mac)"' "$tmp/mon")"

part "e. IPv4 source spoofing: guarded c3 sends UDP as 10.12.0.2"
# The last one, from c3's own address, follows the others on the same
# path: once it is counted in c1, the spoofed ones would have been.
check "c3 sends 3 UDP datagrams to c1 from 10.12.0.2, then one from its own 10.12.0.3" \
	c3_sends udp src=$C3 dst=$C1 sip=10.12.0.2 dip=10.12.0.1 dport=9999 count=3 + \
	udp src=$C3 dst=$C1 sip=10.12.0.3 dip=10.12.0.1 dport=9999
wait_for "c1 gets the one from c3's own address" 30 frames_reach udp:9999 1
expect_eq "and none of the spoofed ones" 1 "$(frames udp:9999)"
wait_for "vc3's drop_spoofed_ip counts the 3" 30 stat_reaches vc3 drop_spoofed_ip 3
wait_for "the monitor reports it: vc3, drop_spoofed_ip, 10.12.0.2" 30 \
	guard_event drop_spoofed_ip vc3 10.12.0.2
part "the guard leaves a guarded container's own traffic alone"
wait_for "guarded c3 pings c2 (IPv4)" 30 in_ns c3 ping -c 1 -W 2 10.12.0.2
wait_for "guarded c3 pings c2 (IPv6, fd12::2)" 60 in_ns c3 ping -6 -c 1 -W 2 fd12::2
! $full || wait_for "and c1 (IPv6, fd12::1)" 30 in_ns c3 ping -6 -c 1 -W 2 fd12::1

part "b. c4, guarded, changes its MAC"
check "guard on vc4" "$lbrctl" port set vc4 guard on
wait_for "guarded c4 reaches c1" 60 in_ns c4 ping -c 1 -W 2 10.12.0.1
expect_eq "the guard fixed on c4's MAC" "$C4" "$(port_field vc4 .guard_mac)"
check "c4 takes the MAC $NEW_C4" ip -n "${NS_PREFIX}c4" link set dev eth0 address $NEW_C4
check "c4 is cut off: its pings to c1 go unanswered" unreachable c4 10.12.0.1
wait_for "vc4's drop_spoofed_mac counts them" 30 stat_reaches vc4 drop_spoofed_mac 1
check "the new MAC was not learned" fdb_lacks $NEW_C4
check "lbrctl port allow vc4 mac $NEW_C4" "$lbrctl" port allow vc4 mac $NEW_C4
! $full || check "lbrctl show -j lists it as allowed on vc4" allowed_has vc4 mac $NEW_C4
wait_for "c4 reaches c1 again" 60 in_ns c4 ping -c 1 -W 2 10.12.0.1
check "lbrctl port deny vc4 mac $NEW_C4" "$lbrctl" port deny vc4 mac $NEW_C4
! $full || check "vc4 allows nothing now" allowed_empty vc4
check "c4 is cut off again" unreachable c4 10.12.0.1

part "c. rogue RA and DHCP offers: c3 advertises fd99::/64 and offers c1 an address"
check "vc3: guard off, ra-guard and dhcp-guard on" \
	"$lbrctl" port set vc3 guard off ra-guard on dhcp-guard on
check "c3 sends 3 RAs with prefix fd99::/64 and 2 DHCPOFFERs for c1's MAC" \
	c3_sends ra src=$C3 prefix=fd99::/64 count=3 + \
	offer src=$C3 sip=10.12.0.3 yiaddr=10.12.0.201 chaddr=$C1 count=2
wait_for "vc3's drop_ra counts the 3 RAs" 30 stat_reaches vc3 drop_ra 3
wait_for "vc3's drop_dhcp_server counts the 2 offers" 30 stat_reaches vc3 drop_dhcp_server 2
expect_eq "c1 got none of them" "0 0" "$(frames ra) $(frames offer)"
check "c1 has no address in fd99::/64" eval '! c1_has_v6 fd99:'

part "d. DHCP: the real server on the host, a rogue one in c3 (dhcp-guard on), guarded c1 asks"
dhcp() {
	cat >"$tmp/real.conf" <<-EOF
		start 10.12.0.100
		end 10.12.0.110
		interface lb0
		lease_file $tmp/real.leases
		pidfile $tmp/real.pid
		option subnet 255.255.255.0
	EOF
	cat >"$tmp/rogue.conf" <<-EOF
		start 10.12.0.200
		end 10.12.0.210
		interface eth0
		lease_file $tmp/rogue.leases
		pidfile $tmp/rogue.pid
		option subnet 255.255.255.0
		option router 10.12.0.3
	EOF
	# udhcpc's script: the address it is given, and who gave it.
	cat >"$tmp/udhcpc.sh" <<-EOF
		#!/bin/sh
		case "\$1" in
		bound | renew)
			ip addr add "\$ip/\${mask:-24}" dev "\$interface" &&
				echo "\$ip \$serverid" >$tmp/lease ;;
		esac
		exit 0
	EOF
	chmod 755 "$tmp/udhcpc.sh"
	: >"$tmp/real.leases"
	: >"$tmp/rogue.leases"
	check "vc3: ra-guard off (dhcp-guard on); vc1: guard on" sh -c \
		"'$lbrctl' port set vc3 ra-guard off && '$lbrctl' port set vc1 guard on"
	busybox udhcpd -f -a 300 "$tmp/real.conf" </dev/null >"$tmp/real.log" 2>&1 &
	servers=($!)
	in_ns c3 busybox udhcpd -f -a 300 "$tmp/rogue.conf" </dev/null >"$tmp/rogue.log" 2>&1 &
	servers+=($!)
	wait_for "the real server listens on lb0" 60 sh -c "ss -Hlun | grep -q ':67 '"
	wait_for "the rogue listens in c3" 60 \
		sh -c "ip netns exec ${NS_PREFIX}c3 ss -Hlun | grep -q ':67 '"
	check "c1 drops its address and asks for one (udhcpc, guarded)" in_ns c1 sh -c \
		"ip addr flush dev eth0 scope global &&
		 busybox udhcpc -f -q -n -i eth0 -t 15 -T 1 -s $tmp/udhcpc.sh"
	say "c1's lease: $(cat "$tmp/lease" 2>/dev/null || echo none)"
	check "c1's address is from the real server's pool, given by 10.12.0.254" \
		grep -Eq '^10\.12\.0\.1(0[0-9]|10) 10\.12\.0\.254$' "$tmp/lease"
	wait_for "vc3's drop_dhcp_server counts the rogue's offers too" 30 \
		stat_reaches vc3 drop_dhcp_server 3
	wait_for "c1, guarded, with its leased address, pings the host" 30 \
		in_ns c1 ping -c 1 -W 2 10.12.0.254
	wait_for "and c2" 30 in_ns c1 ping -c 1 -W 2 10.12.0.2
	kill "${servers[@]}"
	check "c1 takes 10.12.0.1 back, unguarded" sh -c \
		"ip -n ${NS_PREFIX}c1 addr flush dev eth0 scope global &&
		 ip -n ${NS_PREFIX}c1 addr add 10.12.0.1/24 dev eth0 &&
		 ip -n ${NS_PREFIX}c1 addr add fd12::1/64 dev eth0 nodad &&
		 '$lbrctl' port set vc1 guard off"
	# Its ARP cache went with its last address.
	wait_for "c1 pings c2 from 10.12.0.1" 30 in_ns c1 ping -c 1 -W 2 10.12.0.2
}
if $full; then
	dhcp
else
	pass "real DHCP servers and client # SKIP Debian's kernel only: the offers' drop is checked above"
fi

part "f. a bridge default: ports joining get the guards, ports in keep theirs"
bridge_default() {
	check "lbrctl set lb0 guard on ra-guard on" "$lbrctl" set lb0 guard on ra-guard on
	expect_eq "lbrctl show -j: lb0's defaults" "true true false" \
		"$("$lbrctl" -j show lb0 | jq -r '.[0] | [.guard, .ra_guard, .dhcp_guard] | map(tostring) | join(" ")')"
	check "vc5 joins lb0" \
		sh -c "ip link add vc5 type veth peer name ${NS_PREFIX}p5 && ip link set vc5 master lb0"
	expect_eq "vc5 has guard and ra-guard on, dhcp-guard off" "true true false" \
		"$(port_field vc5 '[.guard, .ra_guard, .dhcp_guard] | map(tostring) | join(" ")')"
	expect_eq "vc2, in before, has them off still" "false false false" \
		"$(port_field vc2 '[.guard, .ra_guard, .dhcp_guard] | map(tostring) | join(" ")')"
	check "lbrctl show prints vc5's guards" sh -c "'$lbrctl' show lb0 | grep -A3 vc5 | grep -q ra-guard"
	check "the defaults back off" "$lbrctl" set lb0 guard off ra-guard off
}

part "g. the unprivileged user"
unprivileged() {
	refuse "nobody cannot turn vc2's guard on" "permission denied" \
		nobody "$lbrctl" port set vc2 guard on
	refuse "nobody cannot allow a MAC on vc2" "permission denied" \
		nobody "$lbrctl" port allow vc2 mac 02:12:00:00:00:99
	expect_eq "vc2's guard is off still, and it allows nothing" "false 0" \
		"$(port_field vc2 '"\(.guard) \((.allowed.macs // []) + (.allowed.ips // []) | length)"')"
	# Root of its own user namespace, on its own bridge.
	check "in its own namespace, nobody guards its own bridge's port and allows a MAC on it" \
		nobody unshare -Urn sh -ec "
			ip link add lbu type lbridge
			ip link add vu0 type veth peer name vu1
			ip link set vu0 master lbu
			'$lbrctl' port set vu0 guard on ra-guard on dhcp-guard on
			'$lbrctl' port allow vu0 mac 02:12:00:00:00:99
			'$lbrctl' -j show lbu | jq -e '.[0].ports[0] | .guard and .ra_guard and .dhcp_guard and
				(.allowed.macs | index(\"02:12:00:00:00:99\") != null)' >/dev/null"
}
if $full; then
	bridge_default
	unprivileged
else
	pass "bridge defaults, the unprivileged user # SKIP Debian's kernel only: no datapath in them"
fi

part "without the guards, the same frames get through (so the checks above can fail)"
check "vc3: every guard off" "$lbrctl" port set vc3 guard off ra-guard off dhcp-guard off
# c1 has used its entry for c2 lately: it may be probing c2, whose answer
# would undo a poisoning it had taken. A stale entry no one uses is left
# alone until something changes it.
check "c1's cache entry for 10.12.0.2: c2's MAC, stale, not probed" \
	ip -n "${NS_PREFIX}c1" neigh replace 10.12.0.2 lladdr $C2 dev eth0 nud stale
# The ARP replies go first, and the poisoning is looked at before anything
# else is sent: the spoofed UDP datagram makes c1 answer 10.12.0.2 (port
# unreachable), which sends c1 probing 10.12.0.2, and c2's answer to the
# probe undoes the poisoning.
check "c3 sends the ARP replies again" \
	c3_sends arp src=$C3 dst=$C1 sip=10.12.0.2 tip=10.12.0.1 count=3 + arp src=$C3 sip=10.12.0.2 count=3
wait_for "c1's ARP cache is poisoned: 10.12.0.2 at c3's MAC" 30 c1_caches 10.12.0.2 $C3
say "$(c1_seen)"
check "c3 sends the RA, the spoofed UDP datagram and the DHCPOFFER again" \
	c3_sends ra src=$C3 prefix=fd99::/64 + \
	udp src=$C3 dst=$C1 sip=10.12.0.2 dip=10.12.0.1 dport=9999 + \
	offer src=$C3 sip=10.12.0.3 yiaddr=10.12.0.201 chaddr=$C1
wait_for "the RA reaches c1" 30 frames_reach ra 1
wait_for "c1 takes an address in fd99::/64 from it" 30 c1_has_v6 fd99:
# One from c3's own address came before.
wait_for "the UDP datagram from 10.12.0.2 reaches c1" 30 frames_reach udp:9999 2
wait_for "the DHCPOFFER reaches c1" 30 frames_reach offer 1

say "drops, by port: $("$lbrctl" -j show lb0 | jq -c '[.[0].ports[] | {(.ifname): (.stats | with_entries(select(.key | test("^drop_")) | select(.value > 0)))}] | add')"
exec 3>&-
stop_bg
say "$scenario took $SECONDS s"
finish
