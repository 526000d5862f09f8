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
bad=$tmp/refused
{
	cat <<EOF
EINVAL~'Unknown attribute type' SET_BRIDGE IFNAME=str:lb0 AGEING_TIME=u32:10 MAX+1=u32:1 -- an attribute type past LBRIDGE_A_MAX is refused
EINVAL~'Unknown attribute type' SET_BRIDGE IFNAME=str:lb0 AGEING_TIME=u32:10 MAX+100=u32:1 -- a type far past LBRIDGE_A_MAX is refused
EINVAL SET_BRIDGE IFNAME=str:lb0 AGEING_TIME=u32:10 0=u32:1 -- attribute type 0 is refused
EINVAL GET_BRIDGE 0=empty: IFNAME=str:lb0 -- attribute type 0, empty, is refused in a read too
ERANGE NEW_FDB PORT_IFNAME=str:vp1 FDB_MAC=mac:02:00:00:00:01 -- a 5-byte FDB_MAC is refused
ERANGE NEW_FDB PORT_IFNAME=str:vp1 FDB_MAC=mac:02:00:00:00:00:01:00 -- a 7-byte FDB_MAC is refused
ERANGE DEL_FDB PORT_IFNAME=str:vp0 FDB_MAC=mac:02:f0:00:00:00 -- a 5-byte FDB_MAC is refused by DEL_FDB
EINVAL SET_BRIDGE IFNAME=str:lb0123456789abcd AGEING_TIME=u32:10 -- an IFNAME of IFNAMSIZ characters is refused
EINVAL NEW_FDB PORT_IFNAME=str:vp0123456789abcdef FDB_MAC=mac:02:00:00:00:00:01 -- an over-long PORT_IFNAME is refused
EINVAL SET_BRIDGE IFNAME=raw:lb0 AGEING_TIME=u32:10 -- an IFNAME without its NUL is refused
ERANGE SET_BRIDGE IFNAME=str:lb0 AGEING_TIME=u32:LBRIDGE_MAX_AGEING_TIME+1 -- AGEING_TIME past LBRIDGE_MAX_AGEING_TIME is refused
ERANGE SET_BRIDGE IFNAME=str:lb0 AGEING_TIME=u32:0xffffffff -- AGEING_TIME 2^32-1 is refused
ERANGE SET_BRIDGE IFNAME=str:lb0 LEARNING=u8:2 -- LEARNING 2 is refused
EINVAL SET_BRIDGE IFNAME=str:lb0 AGEING_TIME=u16:10 -- a 2-byte u32 is refused
EINVAL SET_BRIDGE IFNAME=str:lb0 AGEING_TIME=u64:10 -- an 8-byte u32 is refused
EINVAL SET_BRIDGE IFINDEX|NESTED=u32:@lb0 AGEING_TIME=u32:10 -- NLA_F_NESTED on a u32 is refused
EINVAL FLUSH_FDB IFNAME=str:lb0 FLUSH_FLAGS=u32:__LBRIDGE_FLUSH_F_ALL+1 -- an unknown FLUSH_FLAGS bit is refused
EINVAL FLUSH_FDB IFNAME=str:lb0 FLUSH_FLAGS=u32:0x80000000 -- FLUSH_FLAGS bit 31 is refused
EINVAL~'Nothing to set' SET_BRIDGE -- SET_BRIDGE with no attribute is refused
EINVAL~'Nothing to set' SET_BRIDGE IFNAME=str:lb0 -- SET_BRIDGE with a bridge and nothing to set is refused
EINVAL NEW_FDB PORT_IFNAME=str:vp1 FDB_MAC=mac:01:00:5e:00:00:01 -- NEW_FDB of a multicast MAC is refused
EINVAL NEW_FDB PORT_IFNAME=str:vp1 FDB_MAC=mac:ff:ff:ff:ff:ff:ff -- NEW_FDB of the broadcast MAC is refused
EINVAL NEW_FDB PORT_IFNAME=str:vp1 FDB_MAC=mac:00:00:00:00:00:00 -- NEW_FDB of the zero MAC is refused
EINVAL NEW_FDB PORT_IFNAME=str:vp1 -- NEW_FDB without FDB_MAC is refused
EINVAL NEW_FDB FDB_MAC=mac:02:00:00:00:00:01 -- NEW_FDB without a port is refused
EINVAL FLUSH_FDB IFNAME=str:lb0 PORT_IFNAME=str:vq0 -- FLUSH_FDB with a port of another bridge is refused
EINVAL FLUSH_FDB IFNAME=str:lb0 PORT_IFINDEX=u32:@vq0 -- FLUSH_FDB with another bridge's port by ifindex is refused
EINVAL GET_FDB dump IFNAME=str:lb0 PORT_IFNAME=str:vq0 -- an FDB dump with a port of another bridge is refused
EINVAL NEW_FDB PORT_IFNAME=str:lb1 FDB_MAC=mac:02:00:00:00:00:01 -- NEW_FDB on a bridge, not a port, is refused
EINVAL SET_BRIDGE IFNAME=str:vp0 AGEING_TIME=u32:10 -- SET_BRIDGE of a port, not a bridge, is refused
ENODEV SET_BRIDGE IFINDEX=u32:0x7fffffff AGEING_TIME=u32:10 -- SET_BRIDGE of an absent ifindex is refused
EOF
	# Every attribute the kernel only ever sends is refused in a change.
	for attr in ADDRESS=mac:02:00:00:00:00:01 LEARNED_COUNT=u32:0 PORT_COUNT=u32:0 \
		FDB_COUNT=u32:0 PORT_UP=u8:1 PORT_STATS\|NESTED=empty: FDB_STATE=u8:1 \
		FDB_AGE=u32:0 FDB_EVENT=u8:0 PAD=empty: STATIC_COUNT=u32:0 \
		PORT_LEARNED_COUNT=u32:0 FDB_EVENTS_LOST=u32:0; do
		echo "EINVAL SET_BRIDGE IFNAME=str:lb0 AGEING_TIME=u32:10 $attr -- read-only ${attr%%[=|]*} in SET_BRIDGE is refused"
	done
} >"$bad"
tap "$py" "$probe" cases --tap "$scenario" --snapshot lb0 "$bad"

say "the same requests, right: accepted (so the refusals above were for the one bad part)"
tap "$py" "$probe" cases --tap "$scenario" - <<EOF
OK SET_BRIDGE IFNAME=str:lb0 AGEING_TIME=u32:LBRIDGE_MAX_AGEING_TIME -- AGEING_TIME of exactly LBRIDGE_MAX_AGEING_TIME is accepted
OK SET_BRIDGE IFINDEX=u32:@lb0 AGEING_TIME=u32:300 LEARNING=u8:1 -- SET_BRIDGE by ifindex with two settings is accepted
OK FLUSH_FDB IFNAME=str:lb1 PORT_IFNAME=str:vq0 FLUSH_FLAGS=u32:__LBRIDGE_FLUSH_F_ALL -- FLUSH_FDB of its own port with every known flag is accepted
OK NEW_FDB PORT_IFNAME=str:vq0 FDB_MAC=mac:02:00:00:00:00:01 -- NEW_FDB of a 6-byte unicast MAC is accepted
OK DEL_FDB PORT_IFINDEX=u32:@vq0 FDB_MAC=mac:02:00:00:00:00:01 -- DEL_FDB of it is accepted
OK GET_FDB dump IFNAME=str:lb0 PORT_IFNAME=str:vp1 -- an FDB dump of its own port is accepted
ENODEV SET_BRIDGE IFNAME=str:lb0123456789abc AGEING_TIME=u32:10 -- an IFNAME of IFNAMSIZ-1 characters passes the policy: no such device
EOF

say "the unprivileged user reads, and every change is refused with EPERM, nothing changed"
perm=$tmp/perm
cat >"$perm" <<EOF
OK GET_BRIDGE IFNAME=str:lb0 -- nobody reads lb0
OK GET_PORT dump IFNAME=str:lb0 -- nobody dumps lb0's ports
OK GET_FDB dump IFNAME=str:lb0 -- nobody dumps lb0's FDB
EPERM SET_BRIDGE IFNAME=str:lb0 AGEING_TIME=u32:10 -- nobody cannot set the ageing time
EPERM SET_BRIDGE IFNAME=str:lb0 LEARNING=u8:0 -- nobody cannot turn learning off
EPERM SET_BRIDGE IFNAME=str:lb0 MAX_LEARNED=u32:1 -- nobody cannot set max-learned
EPERM SET_BRIDGE IFNAME=str:lb0 MAX_STATIC=u32:1 -- nobody cannot set max-static
EPERM SET_BRIDGE IFNAME=str:lb0 PORT_MAX_LEARNED=u32:1 -- nobody cannot set the per-port cap
EPERM NEW_FDB PORT_IFNAME=str:vp1 FDB_MAC=mac:02:00:00:00:00:02 -- nobody cannot add an FDB entry
EPERM DEL_FDB PORT_IFNAME=str:vp0 FDB_MAC=mac:02:f0:00:00:00:00 -- nobody cannot delete a static entry
EPERM FLUSH_FDB IFNAME=str:lb0 -- nobody cannot flush the FDB
EPERM FLUSH_FDB IFNAME=str:lb0 FLUSH_FLAGS=u32:1 -- nobody cannot flush learned entries
EPERM FLUSH_FDB IFNAME=str:lb0 PORT_IFNAME=str:vp0 -- nobody cannot flush a port's entries
EPERM SET_BRIDGE dump IFNAME=str:lb0 AGEING_TIME=u32:10 -- nobody cannot set through a dump request either
EOF
tap nobody "$py" "$probe" cases --tap "$scenario" --snapshot lb0 \
	--every-admin "IFNAME=str:lb0 PORT_IFNAME=str:vp0 FDB_MAC=mac:02:f0:00:00:00:01 AGEING_TIME=u32:10" "$perm"

say "an FDB dump left unread by nobody while root deletes its bridge"
# One reader has read the first part of the dump, the other nothing.
for n in 0 1; do
	nobody "$py" "$probe" hold-dump lb0 --read $n --ready "$tmp/ready$n" --go "$tmp/go" \
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
