#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Namespaces and permissions. Root of a user namespace (an unprivileged
# user's `unshare -Urn`) manages a bridge of its own but can neither see
# nor touch the host's; an ifindex of another namespace names nothing; the
# unprivileged user in the host namespace reads and changes nothing.
#
#   host:          lb0 (ifindex 4001) --- vh0 (4002), static 02:00:00:00:06:02
#   lbt-nsx:       lbx (ifindex 4101) --- vx0 (4102)
#   nobody's user+net namespace:  lbu0 --- vu0, made and managed there
. "$(dirname "$0")/lib.sh"

py=/usr/bin/python3
probe=$PWD/tests/fuzz/genl-probe.py
lbrctl=$PWD/tools/lbrctl
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
snapshot() { "$py" "$probe" snapshot "$1"; }
# fdb_state BRIDGE MAC: the state lbrctl shows for that entry, or nothing.
fdb_state() { "$lbrctl" -j fdb show "$1" | jq -r --arg mac "$2" '.[] | select(.mac == $mac) | .state'; }

# nsx_with_bridge: lbt-nsx, with lbx (ifindex 4101) and its port vx0 (4102).
nsx_with_bridge() {
	ip netns add "${NS_PREFIX}nsx" && ip -n "${NS_PREFIX}nsx" -batch - <<EOF
link add lbx index 4101 type lbridge
link add vx0 index 4102 type veth peer name wx0
link set vx0 master lbx
EOF
}

# Run as root of nobody's user namespace, in its network namespace: the
# script's second half (see the end of the file).
inside_userns() {
	check "userns: an lbridge is created" ip link add lbu0 type lbridge
	check "userns: a veth joins it as a port" ip -batch - <<EOF
link add vu0 type veth peer name wu0
link set vu0 master lbu0
link set vu0 up
link set lbu0 up
EOF
	expect_eq "userns: lbrctl show lists its bridge and none of the host's" lbu0 \
		"$("$lbrctl" -j show | jq -r '[.[].ifname] | join(" ")')"
	check "userns: the ageing time is set" "$lbrctl" set lbu0 ageing 42
	expect_eq "userns: and reads back" 42 "$("$lbrctl" -j show lbu0 | jq '.[0].ageing_time')"
	check "userns: a static entry is added" "$lbrctl" fdb add 02:00:00:00:06:01 dev vu0
	expect_eq "userns: and listed" static "$(fdb_state lbu0 02:00:00:00:06:01)"
	check "userns: the FDB is flushed" "$lbrctl" fdb flush lbu0
	expect_eq "userns: the entry is gone" "" "$(fdb_state lbu0 02:00:00:00:06:01)"
	refuse "userns: lbrctl cannot show the host's lb0" lb0 "$lbrctl" fdb show lb0
	tap "$py" "$probe" cases --tap "$scenario" - <<EOF
ENODEV GET_BRIDGE BRIDGE.IFNAME=str:lb0 -- userns: the host's lb0 by name is no device
ENODEV GET_BRIDGE BRIDGE.IFINDEX=u32:4001 -- userns: the host's lb0 by ifindex is no device
ENODEV SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:5 -- userns: SET_BRIDGE of the host's lb0 by name
ENODEV SET_BRIDGE BRIDGE.IFINDEX=u32:4001 BRIDGE.AGEING_TIME=u32:5 -- userns: SET_BRIDGE of the host's lb0 by ifindex
ENODEV GET_PORT dump BRIDGE.IFINDEX=u32:4001 -- userns: no port dump of the host's lb0
ENODEV GET_FDB dump BRIDGE.IFNAME=str:lb0 -- userns: no FDB dump of the host's lb0
ENODEV FLUSH_FDB BRIDGE.IFNAME=str:lb0 -- userns: FLUSH_FDB of the host's lb0 by name
ENODEV FLUSH_FDB BRIDGE.IFINDEX=u32:4001 -- userns: FLUSH_FDB of the host's lb0 by ifindex
ENODEV NEW_FDB PORT.IFINDEX=u32:4002 FDB.MAC=mac:02:00:00:00:06:03 -- userns: NEW_FDB on the host's port by ifindex
ENODEV NEW_FDB PORT.IFNAME=str:vh0 FDB.MAC=mac:02:00:00:00:06:03 -- userns: NEW_FDB on the host's port by name
ENODEV DEL_FDB PORT.IFINDEX=u32:4002 FDB.MAC=mac:02:00:00:00:06:02 -- userns: DEL_FDB of the host's static entry
ENODEV FLUSH_FDB BRIDGE.IFNAME=str:lbu0 PORT.IFINDEX=u32:4002 -- userns: its own bridge with the host's port ifindex
ENODEV SET_PORT PORT.IFINDEX=u32:4002 PORT.LEARNING=u8:0 -- userns: SET_PORT of the host's port by ifindex
ENODEV SET_PORT PORT.IFNAME=str:vh0 PORT.LEARNING=u8:0 -- userns: SET_PORT of the host's port by name
EOF
	check "userns: its bridge is deleted" ip link del lbu0
}

if [ "${1:-}" = userns ]; then
	inside_userns
	[ "$failures" -eq 0 ]
	exit
fi
trap cleanup EXIT

check "module loads" load_module
check "lb0 (ifindex 4001) with port vh0 (4002)" ip -batch - <<EOF
link add lb0 index 4001 type lbridge
link add vh0 index 4002 type veth peer name wh0
link set vh0 master lb0
EOF
check "lbx (ifindex 4101) with port vx0 (4102) in lbt-nsx" nsx_with_bridge
check "a static entry on vh0" "$lbrctl" fdb add 02:00:00:00:06:02 dev vh0
before=$(snapshot lb0)

say "root of the host: another namespace's ifindexes and names are no devices"
tap "$py" "$probe" cases --tap "$scenario" - <<EOF
ENODEV GET_BRIDGE BRIDGE.IFINDEX=u32:4101 -- lbt-nsx's bridge by ifindex is no device here
ENODEV GET_BRIDGE BRIDGE.IFNAME=str:lbx -- lbt-nsx's bridge by name is no device here
ENODEV SET_BRIDGE BRIDGE.IFINDEX=u32:4101 BRIDGE.AGEING_TIME=u32:5 -- SET_BRIDGE of lbt-nsx's bridge by ifindex
ENODEV GET_FDB dump BRIDGE.IFINDEX=u32:4101 -- no FDB dump of lbt-nsx's bridge
ENODEV NEW_FDB PORT.IFINDEX=u32:4102 FDB.MAC=mac:02:00:00:00:06:04 -- NEW_FDB on lbt-nsx's port by ifindex
ENODEV FLUSH_FDB BRIDGE.IFINDEX=u32:4001 PORT.IFINDEX=u32:4102 -- lb0 with lbt-nsx's port ifindex
ENODEV SET_PORT PORT.IFINDEX=u32:4102 PORT.LEARNING=u8:0 -- SET_PORT of lbt-nsx's port by ifindex
EOF
expect_eq "lbrctl in lbt-nsx: lbx still has its default ageing time" 300 \
	"$(ip netns exec "${NS_PREFIX}nsx" "$lbrctl" -j show lbx | jq '.[0].ageing_time')"

say "the unprivileged user in the host namespace reads, and changes nothing"
expect_eq "nobody: lbrctl show lists lb0" lb0 "$(nobody "$lbrctl" -j show | jq -r '[.[].ifname] | join(" ")')"
expect_eq "nobody: lbrctl fdb show lb0 lists the static entry" static \
	"$(nobody "$lbrctl" -j fdb show lb0 | jq -r '.[] | select(.mac == "02:00:00:00:06:02") | .state')"
denied="permission denied"
# One of each lbrctl change; 05-netlink-abuse tries every command raw.
refuse "nobody: set is refused" "$denied" nobody "$lbrctl" set lb0 ageing 10 learning off max-learned 5
refuse "nobody: fdb add is refused" "$denied" nobody "$lbrctl" fdb add 02:00:00:00:06:03 dev vh0
refuse "nobody: fdb del is refused" "$denied" nobody "$lbrctl" fdb del 02:00:00:00:06:02 dev vh0
refuse "nobody: fdb flush is refused" "$denied" nobody "$lbrctl" fdb flush lb0
refuse "nobody: fdb flush of a port's learned entries is refused" "$denied" \
	nobody "$lbrctl" fdb flush lb0 dev vh0 dynamic
expect_eq "nobody changed nothing of lb0" "$before" "$(snapshot lb0)"

say "root of nobody's user namespace: a bridge of its own, nothing of the host's"
out=$(nobody unshare -Urn bash "$0" userns 2>&1)
printf '%s\n' "$out"
failures=$((failures + $(grep -c '^not ok' <<<"$out")))
grep -q '^ok ' <<<"$out" || fail "the user namespace half ran" "$out"
expect_eq "the user namespace changed nothing of lb0" "$before" "$(snapshot lb0)"

# The user namespace's network namespace is dismantled in the background.
wait_for "lbridge unloads" 60 unload_module
say "$scenario took $SECONDS s"
finish
