#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The generic netlink family under abuse. lbrctl checks its input before
# the kernel sees it, so here raw requests (tests/fuzz/genl-probe.py) meet
# the module's own policy; the unprivileged user tries every change; a dump
# is left unread while its bridge is deleted; then a short run of the
# fuzzer (tests/fuzz/genl-fuzz.py; `make fuzz` is the long one).
#
#   lb0 --- vp0   FDB_ENTRIES static entries 02:f0:..
#       \-- vp1
#   lb1 --- vq0   a port of another bridge
#   (veth peers wp0, wp1, wq0 stay down: no traffic, nothing learned)
. "$(dirname "$0")/lib.sh"
trap cleanup EXIT

py=/usr/bin/python3
probe=$PWD/tests/fuzz/genl-probe.py
fuzz=$PWD/tests/fuzz/genl-fuzz.py
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
tmp=$(mktemp -d)
chmod 777 "$tmp"

# The debug kernel checks every allocation and lock: fewer messages there.
FDB_ENTRIES=5000
FUZZ_COUNT=2000
FUZZ_ENTRIES=1500
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	FDB_ENTRIES=1200
	FUZZ_COUNT=300
	FUZZ_ENTRIES=200
fi

# dump_ended_early FILE: hold-dump says the part it read ended the dump.
dump_ended_early() { grep -q ended "$1"; }
dump_not_ended() { ! dump_ended_early "$1"; }

check "lbgenl reads the uapi header: every attribute's kind, every nest" "$py" "$PWD/tests/fuzz/lbgenl.py"
check "the fuzzer's messages speak the header (self-test, no kernel)" \
	"$py" "$fuzz" --self-test --count 1000
check "module loads" load_module
check "lb0 and lb1 with their ports" ip -batch - <<EOF
link add lb0 type lbridge
link add lb1 type lbridge
link add vp0 type veth peer name wp0
link add vp1 type veth peer name wp1
link add vq0 type veth peer name wq0
link set vp0 master lb0
link set vp1 master lb0
link set vq0 master lb1
EOF
expect_eq "$FDB_ENTRIES static entries on vp0, through raw NEW_FDB requests" "$FDB_ENTRIES" \
	"$("$py" "$probe" fill-fdb vp0 "$FDB_ENTRIES")"

say "the kernel's own policy, with raw requests: each refused with its errno and an extack message, nothing changed"
# Every refused change below would be a valid one but for one part of it.
# What the netlink core says of an attribute a command's policy does not
# take: within the policy's range, or past it. (A dump refused at its
# start comes with no message in Linux 6.1: its errno is checked alone.)
unsup="'Unsupported attribute|Unknown attribute type'"
bad=$tmp/refused
{
	cat <<EOF
EINVAL~'Unknown attribute type' SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:10 MAX+1=u32:1 -- an attribute type past LBRIDGE_A_MAX is refused
EINVAL~'Unknown attribute type' SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:10 MAX+100=u32:1 -- a type far past LBRIDGE_A_MAX is refused
EINVAL~'Unknown attribute type' SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:10 BRIDGE.MAX+1=u32:1 -- a type past LBRIDGE_BRIDGE_A_MAX in BRIDGE is refused
EINVAL~'Unknown attribute type' SET_PORT PORT.IFNAME=str:vp0 PORT.LEARNING=u8:0 PORT.MAX+1=u8:1 -- a type past LBRIDGE_PORT_A_MAX in PORT is refused
EINVAL~'Unknown attribute type' NEW_FDB PORT.IFNAME=str:vp1 FDB.MAC=mac:02:00:00:00:00:01 FDB.MAX+1=u32:1 -- a type past LBRIDGE_FDB_A_MAX in FDB is refused
EINVAL SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:10 0=u32:1 -- attribute type 0 is refused
EINVAL SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:10 BRIDGE.0=u32:1 -- attribute type 0 inside BRIDGE is refused
EINVAL GET_BRIDGE 0=empty: BRIDGE.IFNAME=str:lb0 -- attribute type 0, empty, is refused in a read too
EINVAL SET_BRIDGE BRIDGE|FLAT.IFNAME=str:lb0 BRIDGE|FLAT.AGEING_TIME=u32:10 -- a BRIDGE nest without NLA_F_NESTED is refused
EINVAL SET_BRIDGE BRIDGE=u32:@lb0 -- BRIDGE as a u32, not a nest, is refused
EINVAL NEW_FDB PORT.IFNAME=str:vp1 FDB=mac:02:00:00:00:00:01 -- FDB as a bare MAC, not a nest, is refused
ERANGE NEW_FDB PORT.IFNAME=str:vp1 FDB.MAC=mac:02:00:00:00:01 -- a 5-byte FDB MAC is refused
ERANGE NEW_FDB PORT.IFNAME=str:vp1 FDB.MAC=mac:02:00:00:00:00:01:00 -- a 7-byte FDB MAC is refused
ERANGE DEL_FDB PORT.IFNAME=str:vp0 FDB.MAC=mac:02:f0:00:00:00 -- a 5-byte FDB MAC is refused by DEL_FDB
EINVAL SET_BRIDGE BRIDGE.IFNAME=str:lb0123456789abcd BRIDGE.AGEING_TIME=u32:10 -- a bridge IFNAME of IFNAMSIZ characters is refused
EINVAL NEW_FDB PORT.IFNAME=str:vp0123456789abcdef FDB.MAC=mac:02:00:00:00:00:01 -- an over-long port IFNAME is refused
EINVAL SET_BRIDGE BRIDGE.IFNAME=raw:lb0 BRIDGE.AGEING_TIME=u32:10 -- an IFNAME without its NUL is refused
ERANGE SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:LBRIDGE_MAX_AGEING_TIME+1 -- AGEING_TIME past LBRIDGE_MAX_AGEING_TIME is refused
ERANGE SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:0xffffffff -- AGEING_TIME 2^32-1 is refused
ERANGE SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.LEARNING=u8:2 -- bridge LEARNING 2 is refused
ERANGE SET_PORT PORT.IFNAME=str:vp0 PORT.LEARNING=u8:2 -- port LEARNING 2 is refused
EINVAL SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u16:10 -- a 2-byte u32 is refused
EINVAL SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u64:10 -- an 8-byte u32 is refused
EINVAL SET_PORT PORT.IFNAME=str:vp0 PORT.LEARNING=u32:0 -- a 4-byte u8 is refused
EINVAL SET_BRIDGE BRIDGE.IFINDEX|NESTED=u32:@lb0 BRIDGE.AGEING_TIME=u32:10 -- NLA_F_NESTED on a u32 is refused
EINVAL FLUSH_FDB BRIDGE.IFNAME=str:lb0 FLUSH_FLAGS=u32:__LBRIDGE_FLUSH_F_ALL+1 -- an unknown FLUSH_FLAGS bit is refused
EINVAL FLUSH_FDB BRIDGE.IFNAME=str:lb0 FLUSH_FLAGS=u32:0x80000000 -- FLUSH_FLAGS bit 31 is refused
EINVAL SET_BRIDGE -- SET_BRIDGE with no attribute is refused
EINVAL~'Nothing to set' SET_BRIDGE BRIDGE.IFNAME=str:lb0 -- SET_BRIDGE with a bridge and nothing to set is refused
EINVAL SET_PORT -- SET_PORT with no attribute is refused
EINVAL SET_PORT PORT.IFNAME=str:vp0 -- SET_PORT with a port and nothing to set is refused
EINVAL SET_PORT PORT.IFNAME=str:lb1 PORT.LEARNING=u8:0 -- SET_PORT on a bridge, not a port, is refused
EINVAL SET_PORT PORT.IFNAME=str:wp0 PORT.LEARNING=u8:0 -- SET_PORT on a veth that is no port is refused
EINVAL SET_PORT PORT.IFINDEX=u32:@lo PORT.LEARNING=u8:0 -- SET_PORT on lo by ifindex is refused
ENODEV SET_PORT PORT.IFINDEX=u32:0x7fffffff PORT.LEARNING=u8:0 -- SET_PORT of an absent ifindex is refused
EINVAL NEW_FDB PORT.IFNAME=str:vp1 FDB.MAC=mac:01:00:5e:00:00:01 -- NEW_FDB of a multicast MAC is refused
EINVAL NEW_FDB PORT.IFNAME=str:vp1 FDB.MAC=mac:ff:ff:ff:ff:ff:ff -- NEW_FDB of the broadcast MAC is refused
EINVAL NEW_FDB PORT.IFNAME=str:vp1 FDB.MAC=mac:00:00:00:00:00:00 -- NEW_FDB of the zero MAC is refused
EINVAL NEW_FDB PORT.IFNAME=str:vp1 -- NEW_FDB without FDB is refused
EINVAL NEW_FDB PORT.IFNAME=str:vp1 FDB.STATE=u8:1 -- NEW_FDB with an FDB nest but no MAC is refused
EINVAL NEW_FDB FDB.MAC=mac:02:00:00:00:00:01 -- NEW_FDB without a port is refused
EINVAL FLUSH_FDB BRIDGE.IFNAME=str:lb0 PORT.IFNAME=str:vq0 -- FLUSH_FDB with a port of another bridge is refused
EINVAL FLUSH_FDB BRIDGE.IFNAME=str:lb0 PORT.IFINDEX=u32:@vq0 -- FLUSH_FDB with another bridge's port by ifindex is refused
EINVAL GET_FDB dump BRIDGE.IFNAME=str:lb0 PORT.IFNAME=str:vq0 -- an FDB dump with a port of another bridge is refused
EINVAL NEW_FDB PORT.IFNAME=str:lb1 FDB.MAC=mac:02:00:00:00:00:01 -- NEW_FDB on a bridge, not a port, is refused
EINVAL SET_BRIDGE BRIDGE.IFNAME=str:vp0 BRIDGE.AGEING_TIME=u32:10 -- SET_BRIDGE of a port, not a bridge, is refused
ENODEV SET_BRIDGE BRIDGE.IFINDEX=u32:0x7fffffff BRIDGE.AGEING_TIME=u32:10 -- SET_BRIDGE of an absent ifindex is refused
EINVAL~$unsup GET_BRIDGE BRIDGE.IFNAME=str:lb0 FDB.MAC=mac:02:00:00:00:00:01 -- FDB { MAC } in GET_BRIDGE is refused
EINVAL~$unsup GET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:10 -- BRIDGE { AGEING_TIME } in GET_BRIDGE is refused
EINVAL GET_PORT dump BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:10 -- BRIDGE { AGEING_TIME } in GET_PORT is refused
EINVAL GET_PORT dump BRIDGE.IFNAME=str:lb0 PORT.IFNAME=str:vp0 PORT.LEARNING=u8:0 -- PORT { LEARNING } in GET_PORT is refused
EINVAL GET_FDB dump BRIDGE.IFNAME=str:lb0 FDB.MAC=mac:02:f0:00:00:00:00 -- FDB { MAC } in GET_FDB is refused
ERANGE GET_FDB dump BRIDGE.IFNAME=str:lb0 FDB_COMPACT=u8:1 -- FDB_COMPACT with a payload is refused
EINVAL GET_FDB dump BRIDGE.IFNAME=str:lb0 FDB_RECORDS=hex:00000000 -- FDB_RECORDS, the kernel's, in GET_FDB is refused
EINVAL GET_FDB dump BRIDGE.IFNAME=str:lb0 FDB_RECORD_SIZE=u32:16 -- FDB_RECORD_SIZE in GET_FDB is refused
EINVAL GET_PORT dump BRIDGE.IFNAME=str:lb0 FDB_COMPACT=empty: -- FDB_COMPACT in GET_PORT is refused
EINVAL GET_FDB dump BRIDGE.IFNAME=str:lb0 PORT.IFNAME=str:vq0 FDB_COMPACT=empty: -- a compact FDB dump with a port of another bridge is refused
EINVAL~$unsup SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:10 PORT.IFNAME=str:vp0 -- PORT in SET_BRIDGE is refused
EINVAL~$unsup SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:10 FLUSH_FLAGS=u32:1 -- FLUSH_FLAGS in SET_BRIDGE is refused
EINVAL~$unsup SET_PORT PORT.IFNAME=str:vp0 PORT.LEARNING=u8:0 BRIDGE.IFNAME=str:lb0 -- BRIDGE in SET_PORT is refused
EINVAL~$unsup SET_PORT PORT.IFNAME=str:vp0 PORT.LEARNING=u8:0 FDB.MAC=mac:02:f0:00:00:00:00 -- FDB in SET_PORT is refused
EINVAL~$unsup NEW_FDB PORT.IFNAME=str:vp1 FDB.MAC=mac:02:00:00:00:00:01 FDB.STATE=u8:2 -- FDB { STATE } in NEW_FDB is refused
EINVAL~$unsup NEW_FDB PORT.IFNAME=str:vp1 FDB.MAC=mac:02:00:00:00:00:01 FDB.AGE=u32:0 -- FDB { AGE } in NEW_FDB is refused
EINVAL~$unsup NEW_FDB PORT.IFNAME=str:vp1 PORT.LEARNING=u8:0 FDB.MAC=mac:02:00:00:00:00:01 -- PORT { LEARNING } in NEW_FDB is refused
EINVAL~$unsup NEW_FDB PORT.IFNAME=str:vp1 FDB.MAC=mac:02:00:00:00:00:01 BRIDGE.IFNAME=str:lb0 -- BRIDGE in NEW_FDB is refused
EINVAL~$unsup DEL_FDB PORT.IFNAME=str:vp0 FDB.MAC=mac:02:f0:00:00:00:00 FLUSH_FLAGS=u32:0 -- FLUSH_FLAGS in DEL_FDB is refused
EINVAL~$unsup FLUSH_FDB BRIDGE.IFNAME=str:lb0 FDB.MAC=mac:02:f0:00:00:00:00 -- FDB in FLUSH_FDB is refused
EINVAL~$unsup FLUSH_FDB BRIDGE.IFNAME=str:lb0 BRIDGE.LEARNING=u8:0 -- BRIDGE { LEARNING } in FLUSH_FDB is refused
ERANGE SET_PORT PORT.IFNAME=str:vp0 PORT.GUARD=u8:2 -- port GUARD 2 is refused
ERANGE SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.DHCP_GUARD=u8:2 -- bridge DHCP_GUARD 2 is refused
ERANGE SET_PORT PORT.IFNAME=str:vp0 PORT.GUARD=u8:1 PORT.LEARNING=u8:2 -- SET_PORT with GUARD on and one bad setting is refused whole
EINVAL NEW_ALLOWED PORT.IFNAME=str:vp1 -- NEW_ALLOWED without ALLOWED is refused
EINVAL NEW_ALLOWED PORT.IFNAME=str:vp1 ALLOWED.MAC=mac:02:00:00:00:00:01 ALLOWED.IPV4=hex:0a000001 -- NEW_ALLOWED with two addresses in ALLOWED is refused
EINVAL NEW_ALLOWED ALLOWED.MAC=mac:02:00:00:00:00:01 -- NEW_ALLOWED without a port is refused
EINVAL NEW_ALLOWED PORT.IFNAME=str:lb0 ALLOWED.MAC=mac:02:00:00:00:00:01 -- NEW_ALLOWED on a bridge, not a port, is refused
EINVAL NEW_ALLOWED PORT.IFNAME=str:vp1 ALLOWED.MAC=mac:01:00:5e:00:00:01 -- NEW_ALLOWED of a multicast MAC is refused
EINVAL NEW_ALLOWED PORT.IFNAME=str:vp1 ALLOWED.MAC=mac:00:00:00:00:00:00 -- NEW_ALLOWED of the zero MAC is refused
EINVAL NEW_ALLOWED PORT.IFNAME=str:vp1 ALLOWED.IPV4=hex:00000000 -- NEW_ALLOWED of 0.0.0.0 is refused
EINVAL NEW_ALLOWED PORT.IFNAME=str:vp1 ALLOWED.IPV4=hex:e0000001 -- NEW_ALLOWED of 224.0.0.1 is refused
EINVAL NEW_ALLOWED PORT.IFNAME=str:vp1 ALLOWED.IPV6=hex:00000000000000000000000000000000 -- NEW_ALLOWED of :: is refused
EINVAL NEW_ALLOWED PORT.IFNAME=str:vp1 ALLOWED.IPV6=hex:ff020000000000000000000000000001 -- NEW_ALLOWED of ff02::1 is refused
ERANGE NEW_ALLOWED PORT.IFNAME=str:vp1 ALLOWED.IPV4=hex:0a0000 -- a 3-byte ALLOWED IPV4 is refused
ERANGE NEW_ALLOWED PORT.IFNAME=str:vp1 ALLOWED.IPV6=hex:0a000001 -- a 4-byte ALLOWED IPV6 is refused
ERANGE NEW_ALLOWED PORT.IFNAME=str:vp1 ALLOWED.MAC=mac:02:00:00:00:01 -- a 5-byte ALLOWED MAC is refused
ENOENT DEL_ALLOWED PORT.IFNAME=str:vp1 ALLOWED.MAC=mac:02:00:00:00:00:01 -- DEL_ALLOWED of a MAC not allowed is refused
EINVAL~$unsup NEW_ALLOWED PORT.IFNAME=str:vp1 ALLOWED.MAC=mac:02:00:00:00:00:01 FDB.MAC=mac:02:00:00:00:00:01 -- FDB in NEW_ALLOWED is refused
EINVAL~$unsup NEW_ALLOWED PORT.IFNAME=str:vp1 PORT.GUARD=u8:1 ALLOWED.MAC=mac:02:00:00:00:00:01 -- PORT { GUARD } in NEW_ALLOWED is refused
EOPNOTSUPP GUARD_EVENT BRIDGE.IFNAME=str:lb0 -- GUARD_EVENT, the kernel's to send, is refused as a request
EOPNOTSUPP FDB_EVENT BRIDGE.IFNAME=str:lb0 -- FDB_EVENT is refused as a request
EOF
	# Every attribute the kernel only ever sends is refused in a change.
	for attr in ADDRESS=mac:02:00:00:00:00:01 PORT_COUNT=u32:0 FDB_COUNT=u32:0 \
		LEARNED_COUNT=u32:0 STATIC_COUNT=u32:0; do
		echo "EINVAL~$unsup SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:10 BRIDGE.$attr -- read-only BRIDGE { ${attr%%=*} } in SET_BRIDGE is refused"
	done
	for attr in UP=u8:1 LEARNED_COUNT=u32:0 STATIC_COUNT=u32:0 STATS.RX_PACKETS=u64:0 \
		NEIGH_COUNT=u32:0 GUARD_MAC=mac:02:00:00:00:00:01 ALLOWED.MAC=mac:02:00:00:00:00:01; do
		echo "EINVAL~$unsup SET_PORT PORT.IFNAME=str:vp0 PORT.LEARNING=u8:0 PORT.$attr -- read-only PORT { ${attr%%[=.]*} } in SET_PORT is refused"
	done
	# The event attributes are the kernel's alone: refused in every request.
	ok_requests=(
		"GET_BRIDGE BRIDGE.IFNAME=str:lb0"
		"SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:10"
		"GET_PORT dump BRIDGE.IFNAME=str:lb0"
		"SET_PORT PORT.IFNAME=str:vp0 PORT.LEARNING=u8:0"
		"GET_FDB dump BRIDGE.IFNAME=str:lb0"
		"NEW_FDB PORT.IFNAME=str:vp1 FDB.MAC=mac:02:00:00:00:00:01"
		"DEL_FDB PORT.IFNAME=str:vp0 FDB.MAC=mac:02:f0:00:00:00:00"
		"FLUSH_FDB BRIDGE.IFNAME=str:lb0"
	)
	for req in "${ok_requests[@]}"; do
		expect="EINVAL~$unsup"
		[[ $req != *" dump "* ]] || expect=EINVAL
		for attr in EVENT=u8:0 EVENTS_LOST=u32:0 GUARD.REASON=u8:0; do
			echo "$expect $req $attr -- LBRIDGE_A_${attr%%=*} in ${req%% *} is refused"
		done
	done
} >"$bad"
tap "$py" "$probe" cases --tap "$scenario" --snapshot lb0 "$bad"

say "the same requests, right: accepted (so the refusals above were for the one bad part)"
tap "$py" "$probe" cases --tap "$scenario" - <<EOF
OK SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:LBRIDGE_MAX_AGEING_TIME -- AGEING_TIME of exactly LBRIDGE_MAX_AGEING_TIME is accepted
OK SET_BRIDGE BRIDGE.IFINDEX=u32:@lb0 BRIDGE.AGEING_TIME=u32:300 BRIDGE.LEARNING=u8:1 -- SET_BRIDGE by ifindex with two settings is accepted
OK GET_BRIDGE BRIDGE.IFNAME=str:lb0 -- GET_BRIDGE of lb0 by name is accepted
OK GET_PORT dump BRIDGE.IFNAME=str:lb0 PORT.IFNAME=str:vp1 -- GET_PORT of one port is accepted
OK SET_PORT PORT.IFNAME=str:vq0 PORT.LEARNING=u8:0 -- SET_PORT learning off by name is accepted
OK SET_PORT PORT.IFINDEX=u32:@vq0 PORT.LEARNING=u8:1 -- SET_PORT learning on by ifindex is accepted
OK FLUSH_FDB BRIDGE.IFNAME=str:lb1 PORT.IFNAME=str:vq0 FLUSH_FLAGS=u32:__LBRIDGE_FLUSH_F_ALL -- FLUSH_FDB of its own port with every known flag is accepted
OK NEW_FDB PORT.IFNAME=str:vq0 FDB.MAC=mac:02:00:00:00:00:01 -- NEW_FDB of a 6-byte unicast MAC is accepted
OK DEL_FDB PORT.IFINDEX=u32:@vq0 FDB.MAC=mac:02:00:00:00:00:01 -- DEL_FDB of it is accepted
OK GET_FDB dump BRIDGE.IFNAME=str:lb0 PORT.IFNAME=str:vp1 -- an FDB dump of its own port is accepted
OK GET_FDB dump BRIDGE.IFNAME=str:lb0 PORT.IFNAME=str:vp1 FDB_COMPACT=empty: -- and a compact one
ENODEV SET_BRIDGE BRIDGE.IFNAME=str:lb0123456789abc BRIDGE.AGEING_TIME=u32:10 -- an IFNAME of IFNAMSIZ-1 characters passes the policy: no such device
OK SET_PORT PORT.IFNAME=str:vq0 PORT.GUARD=u8:1 PORT.RA_GUARD=u8:1 PORT.DHCP_GUARD=u8:1 -- SET_PORT of the three guards is accepted
OK SET_PORT PORT.IFINDEX=u32:@vq0 PORT.GUARD=u8:0 PORT.RA_GUARD=u8:0 PORT.DHCP_GUARD=u8:0 -- and of them off again
OK SET_BRIDGE BRIDGE.IFNAME=str:lb1 BRIDGE.GUARD=u8:1 BRIDGE.RA_GUARD=u8:0 BRIDGE.DHCP_GUARD=u8:1 -- SET_BRIDGE of the guard defaults is accepted
OK SET_BRIDGE BRIDGE.IFNAME=str:lb1 BRIDGE.GUARD=u8:0 BRIDGE.DHCP_GUARD=u8:0 -- and of them off again
OK NEW_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:01 -- NEW_ALLOWED of MAC 1 of 8 is accepted
OK NEW_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:02 -- NEW_ALLOWED of MAC 2 of 8 is accepted
OK NEW_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:03 -- NEW_ALLOWED of MAC 3 of 8 is accepted
OK NEW_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:04 -- NEW_ALLOWED of MAC 4 of 8 is accepted
OK NEW_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:05 -- NEW_ALLOWED of MAC 5 of 8 is accepted
OK NEW_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:06 -- NEW_ALLOWED of MAC 6 of 8 is accepted
OK NEW_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:07 -- NEW_ALLOWED of MAC 7 of 8 is accepted
OK NEW_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:08 -- NEW_ALLOWED of MAC 8 of 8 is accepted
ENOSPC NEW_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:09 -- a ninth allowed MAC is refused (LBRIDGE_ALLOWED_MAX_MACS)
EEXIST NEW_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:01 -- an allowed MAC again is refused
OK DEL_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:01 -- DEL_ALLOWED of MAC 1 is accepted
OK DEL_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:02 -- DEL_ALLOWED of MAC 2 is accepted
OK DEL_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:03 -- DEL_ALLOWED of MAC 3 is accepted
OK DEL_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:04 -- DEL_ALLOWED of MAC 4 is accepted
OK DEL_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:05 -- DEL_ALLOWED of MAC 5 is accepted
OK DEL_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:06 -- DEL_ALLOWED of MAC 6 is accepted
OK DEL_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:07 -- DEL_ALLOWED of MAC 7 is accepted
OK DEL_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:08 -- DEL_ALLOWED of MAC 8 is accepted
ENOENT DEL_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.MAC=mac:02:00:00:00:aa:01 -- DEL_ALLOWED of it again is refused
OK NEW_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.IPV4=hex:0a000001 -- NEW_ALLOWED of 10.0.0.1 is accepted
OK NEW_ALLOWED PORT.IFNAME=str:vq0 ALLOWED.IPV6=hex:fd000000000000000000000000000001 -- NEW_ALLOWED of fd00::1 is accepted
OK DEL_ALLOWED PORT.IFINDEX=u32:@vq0 ALLOWED.IPV4=hex:0a000001 -- DEL_ALLOWED of 10.0.0.1 is accepted
OK DEL_ALLOWED PORT.IFINDEX=u32:@vq0 ALLOWED.IPV6=hex:fd000000000000000000000000000001 -- DEL_ALLOWED of fd00::1 is accepted
EOF

say "the unprivileged user reads, and every change is refused with EPERM, nothing changed"
perm=$tmp/perm
cat >"$perm" <<EOF
OK GET_BRIDGE BRIDGE.IFNAME=str:lb0 -- nobody reads lb0
OK GET_PORT dump BRIDGE.IFNAME=str:lb0 -- nobody dumps lb0's ports
OK GET_FDB dump BRIDGE.IFNAME=str:lb0 -- nobody dumps lb0's FDB
OK GET_FDB dump BRIDGE.IFNAME=str:lb0 FDB_COMPACT=empty: -- nobody dumps lb0's FDB, compact
EPERM SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:10 -- nobody cannot set the ageing time
EPERM SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.LEARNING=u8:0 -- nobody cannot turn learning off
EPERM SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.MAX_LEARNED=u32:1 -- nobody cannot set max-learned
EPERM SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.MAX_STATIC=u32:1 -- nobody cannot set max-static
EPERM SET_BRIDGE BRIDGE.IFNAME=str:lb0 BRIDGE.PORT_MAX_LEARNED=u32:1 -- nobody cannot set the per-port cap
EPERM SET_PORT PORT.IFNAME=str:vp0 PORT.LEARNING=u8:0 -- nobody cannot turn a port's learning off
EPERM SET_PORT PORT.IFINDEX=u32:@vp1 PORT.LEARNING=u8:0 -- nobody cannot turn a port's learning off by ifindex
EPERM NEW_FDB PORT.IFNAME=str:vp1 FDB.MAC=mac:02:00:00:00:00:02 -- nobody cannot add an FDB entry
EPERM DEL_FDB PORT.IFNAME=str:vp0 FDB.MAC=mac:02:f0:00:00:00:00 -- nobody cannot delete a static entry
EPERM FLUSH_FDB BRIDGE.IFNAME=str:lb0 -- nobody cannot flush the FDB
EPERM FLUSH_FDB BRIDGE.IFNAME=str:lb0 FLUSH_FLAGS=u32:1 -- nobody cannot flush learned entries
EPERM FLUSH_FDB BRIDGE.IFNAME=str:lb0 PORT.IFNAME=str:vp0 -- nobody cannot flush a port's entries
EPERM SET_BRIDGE dump BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:10 -- nobody cannot set through a dump request either
EOF
tap nobody "$py" "$probe" cases --tap "$scenario" --snapshot lb0 \
	--every-admin "BRIDGE.IFNAME=str:lb0 BRIDGE.AGEING_TIME=u32:10 PORT.IFNAME=str:vp0 PORT.LEARNING=u8:0 FDB.MAC=mac:02:f0:00:00:00:01" "$perm"

check "nobody's compact FDB dump of lb0 lists what the per-entry one does, in fewer messages" \
	nobody "$py" "$probe" fdb-forms lb0

say "an FDB dump left unread by nobody while root deletes its bridge"
# One reader has read the first part of the dump, the other nothing (of
# the compact form: one part may hold it all).
for n in 0 1; do
	compact=
	[ $n -eq 1 ] || compact=--compact
	nobody "$py" "$probe" hold-dump lb0 $compact --read $n --ready "$tmp/ready$n" --go "$tmp/go" \
		--result "$tmp/result$n" --timeout 120 &
done
wait_for "nobody started an FDB dump of lb0 and read one part of it" 180 test -s "$tmp/ready1"
wait_for "nobody started another and read nothing" 180 test -s "$tmp/ready0"
say "dump with one part read: $(cat "$tmp/ready1")"
check "the part read did not end the dump ($FDB_ENTRIES entries need several)" \
	dump_not_ended "$tmp/ready1"
mark=$(dmesg | wc -l)
(ip link del lb0; echo $? >"$tmp/deleted") &
wait_for "ip link del lb0 returns within 20 s, the dumps still unread" 20 test -s "$tmp/deleted"
touch "$tmp/go"
for n in 1 0; do
	if wait_for "the dump ($n parts read before) ends when read after the deletion" 120 \
		test -s "$tmp/result$n"; then
		result=$(cat "$tmp/result$n")
		say "it ended: $result"
		check "and it did end, with DONE or an error ($n parts read before)" \
			grep -Eq '^(done|error)' "$tmp/result$n"
	fi
done
# Whatever happened above, let the deletion finish before going on.
wait_for "ip link del lb0 has returned" 180 test -s "$tmp/deleted"
check "the kernel log does not say 'waiting for lb0 to become free'" \
	log_lacks "$mark" 'waiting for lb0 to become free'
wait

say "the fuzzer, short: $FUZZ_COUNT messages as root, as nobody, as root of a user namespace"
tap "$py" "$fuzz" --count "$FUZZ_COUNT" --fdb-entries "$FUZZ_ENTRIES" --tap "$scenario"

rm -rf "$tmp"
# Closed netlink sockets drop their module reference a grace period later.
ip link del lb1
wait_for "lbridge unloads" 60 unload_module
say "$scenario took $SECONDS s"
finish
