#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The bridge as a link: its kind and settings in `ip -d link` (link data,
# IFLA_INFO_DATA, set at creation and changed by raw rtnetlink as netlink
# libraries send it), its ports' slave data, `ethtool -i`, `ip -s`, and a
# carrier that follows the ports as the Linux bridge's does.
#
#   init netns                          netns lbt-c2
#   +------------------------------+    +------------------+
#   | lb0 172.17.0.1/16 -- vc2 ====|====| eth0 172.17.0.2  |
#   | lb1 (made by raw RTM_NEWLINK)|    +------------------+
#   +------------------------------+
. "$(dirname "$0")/lib.sh"

# make check's time goes to the debug kernel's slow paths where they matter.
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	pass "the bridge as a link # SKIP Debian's kernel only: KUnit (lbridge_device, lbridge_link) runs these paths in the debug kernel"
	exit 0
fi
trap cleanup EXIT

py=/usr/bin/python3
lbrctl=$PWD/tools/lbrctl
linkdata=$(cd "$(dirname "$0")" && pwd)/linkdata.py
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }

# data_of DEV JQ: a field of DEV's link data, as RTM_GETLINK carries it.
data_of() { "$py" "$linkdata" show "$1" | jq -r "$2"; }
lbrctl_field() { "$lbrctl" -j show "$1" | jq -r ".[0].$2"; }
# no_carrier DEV: `ip link` says NO-CARRIER, and the operstate is DOWN.
no_carrier() {
	ip link show dev "$1" | grep -q 'NO-CARRIER' &&
		[ "$(link_field "$1" .operstate)" = DOWN ]
}
has_carrier() {
	! ip link show dev "$1" | grep -q 'NO-CARRIER' &&
		[ "$(link_field "$1" .operstate)" = UP ]
}
# ethtool_says DEV FIELD VALUE: `ethtool -i DEV` has the line "FIELD: VALUE".
ethtool_says() { ethtool -i "$1" | grep -qxF "$2: $3"; }
# link_detected DEV yes|no: what `ethtool DEV` says of the link.
link_detected() { ethtool "$1" | grep -qxF "	Link detected: $2"; }
slave_kind_shown() { ip -d link show dev "$1" | grep -qw lbridge_slave; }
stats_listed() {
	ip -j -s link show dev "$1" |
		jq -e '.[0].stats64 | (.rx | has("packets") and has("bytes") and has("dropped"))
			and (.tx | has("packets") and has("bytes") and has("dropped"))' >/dev/null
}
# in_userns CMD...: CMD as root of a new user namespace of nobody's, in its
# own network namespace, with a bridge lbu there.
in_userns() { nobody unshare -Urn sh -c 'ip link add lbu type lbridge && "$@"' in_userns "$@"; }

quiet_ipv6
check "module loads" load_module

say "ip -d link show: the kind and the settings"
check "lb0 is created" ip link add lb0 type lbridge
check "no IPv6 chatter on lb0" sysctl -qw net.ipv6.conf.lb0.disable_ipv6=1
expect_eq "ip -d -j: info_kind lbridge" lbridge "$(link_field lb0 .linkinfo.info_kind)"
expect_eq "link data: the default ageing time" 300 "$(data_of lb0 .data.ageing_time)"
expect_eq "link data: learning on" 1 "$(data_of lb0 .data.learning)"
expect_eq "link data: the default max_learned" 16384 "$(data_of lb0 .data.max_learned)"
expect_eq "link data: the default port_max_learned" 1024 "$(data_of lb0 .data.port_max_learned)"
expect_eq "link data: the default max_static" 16384 "$(data_of lb0 .data.max_static)"

say "ethtool -i lb0"
check "driver: lbridge" ethtool_says lb0 driver lbridge
check "version: the module's" ethtool_says lb0 version "$(cat /sys/module/lbridge/version)"
check "bus-info: N/A" ethtool_says lb0 bus-info N/A

say "carrier: off without a port that is up"
check "lb0 gets the gateway address" ip addr add 172.17.0.1/16 dev lb0
check "lb0 comes up" ip link set lb0 up
wait_for "lb0 without ports: NO-CARRIER, state DOWN" 30 no_carrier lb0
check "ethtool: no link" link_detected lb0 no
check "container c2 is attached" add_container 2
wait_for "a port up: lb0 has carrier, state UP" 30 has_carrier lb0
check "ethtool: link" link_detected lb0 yes
wait_for "the host pings c2" 30 ping -c 1 -W 1 172.17.0.2
check "ip -s: lb0's rx and tx counters are listed" stats_listed lb0
check "ip -s: lb0 counted what it sent" link_stat_above lb0 tx.packets 0
check "ip -s: lb0 counted what it received" link_stat_above lb0 rx.packets 0

check "c2's end goes down" in_ns c2 ip link set eth0 down
wait_for "the port lost its carrier: lb0 NO-CARRIER" 30 no_carrier lb0
check "c2's end comes back" in_ns c2 ip link set eth0 up
wait_for "carrier back" 30 has_carrier lb0
check "the port goes down" ip link set vc2 down
wait_for "the port down: lb0 NO-CARRIER" 30 no_carrier lb0
check "the port comes up" ip link set vc2 up
wait_for "the port up: carrier back" 30 has_carrier lb0
check "the port leaves" ip link set vc2 nomaster
wait_for "no port: lb0 NO-CARRIER" 30 no_carrier lb0
check "the port is back" ip link set vc2 master lb0
wait_for "the port back: carrier" 30 has_carrier lb0

say "slave data of a port"
expect_eq "ip -d -j: info_slave_kind lbridge" lbridge "$(link_field vc2 .linkinfo.info_slave_kind)"
check "ip -d link show vc2: lbridge_slave" slave_kind_shown vc2
expect_eq "slave data: learning on" 1 "$(data_of vc2 .slave_data.learning)"
expect_eq "slave data: the port is up" 1 "$(data_of vc2 .slave_data.up)"
wait_for "c2 is learned again" 30 ping -c 1 -W 1 172.17.0.2
expect_eq "slave data: one learned MAC behind it" 1 "$(data_of vc2 .slave_data.learned_count)"
check "learning off on the port" "$lbrctl" port set vc2 learning off
expect_eq "slave data: learning off" 0 "$(data_of vc2 .slave_data.learning)"

say "link data at creation, as netlink libraries send it"
check "lb1 with ageing 60 by raw RTM_NEWLINK" "$py" "$linkdata" create lb1 ageing_time=60
expect_eq "lbrctl show: ageing 60" 60 "$(lbrctl_field lb1 ageing_time)"
expect_eq "link data: ageing 60" 60 "$(data_of lb1 .data.ageing_time)"
check "lb2 with every setting" "$py" "$linkdata" create lb2 ageing_time=0 learning=0 \
	max_learned=100 port_max_learned=10 max_static=5
expect_eq "lbrctl show: every setting of lb2" "0 false 100 10 5" \
	"$("$lbrctl" -j show lb2 | jq -r '.[0] | "\(.ageing_time) \(.learning) \(.max_learned) \(.port_max_learned) \(.max_static)"')"

say "link data changed on a bridge"
check "raw changelink: ageing 120, learning off" "$py" "$linkdata" change lb1 ageing_time=120 learning=0
expect_eq "lbrctl show: ageing 120" 120 "$(lbrctl_field lb1 ageing_time)"
expect_eq "lbrctl show: learning off" false "$(lbrctl_field lb1 learning)"
expect_eq "the rest untouched" 16384 "$(lbrctl_field lb1 max_learned)"

say "refusals create and change nothing"
refuse "ageing past its max refused" "integer out of range" \
	"$py" "$linkdata" create lbx ageing_time=1000001
check "and no lbx" link_gone lbx
refuse "learning 2 refused" "integer out of range" "$py" "$linkdata" create lbx learning=2
check "and still no lbx" link_gone lbx
refuse "an attribute the module does not have refused" "Unknown attribute type" \
	"$py" "$linkdata" create lbx ageing_time=60 '#99=1'
check "and no lbx after it" link_gone lbx
refuse "changelink past the max refused" "integer out of range" \
	"$py" "$linkdata" change lb1 max_learned=5 ageing_time=1000001
expect_eq "lb1's ageing unchanged" 120 "$(lbrctl_field lb1 ageing_time)"
expect_eq "lb1's max_learned unchanged" 16384 "$(lbrctl_field lb1 max_learned)"
refuse "changelink with an unknown attribute refused" "Unknown attribute type" \
	"$py" "$linkdata" change lb1 max_learned=5 '#99=1'
expect_eq "lb1's max_learned still unchanged" 16384 "$(lbrctl_field lb1 max_learned)"

say "root of a user namespace may lower caps through link data, not lift them"
check "creating with caps lowered" nobody unshare -Urn "$py" "$linkdata" create lbu \
	max_learned=10 port_max_learned=5 max_static=5
refuse "creating with max_learned lifted" "CAP_NET_ADMIN in the initial namespace" \
	nobody unshare -Urn "$py" "$linkdata" create lbu max_learned=0
refuse "creating with port_max_learned raised" "CAP_NET_ADMIN in the initial namespace" \
	nobody unshare -Urn "$py" "$linkdata" create lbu port_max_learned=100000
check "changing caps lowered" in_userns "$py" "$linkdata" change lbu max_static=5
refuse "changing max_static lifted" "CAP_NET_ADMIN in the initial namespace" \
	in_userns "$py" "$linkdata" change lbu max_static=0
check "the host's admin lifts a cap" "$py" "$linkdata" change lb1 max_learned=0
expect_eq "lb1's max_learned lifted" 0 "$(lbrctl_field lb1 max_learned)"

finish
