#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The bridge device on its own: created, configured, refused, moved,
# deleted, and removed with the module.
#
#   init netns                       netns lbt-other
#   +-----------------------+        +--------------+
#   | lb0  172.17.0.1/16    |        | lb0          |
#   | lb1  02:42:ac:11:00:01|        +--------------+
#   +-----------------------+
. "$(dirname "$0")/lib.sh"

# make check's time goes to the debug kernel's slow paths where they matter.
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	pass "the device # SKIP Debian's kernel only: KUnit (lbridge_device, lbridge_link) runs these paths in the debug kernel"
	exit 0
fi
trap cleanup EXIT

say "load the module"
check "module loads" load_module

say "ip link add lb0 type lbridge"
check "bridge is created" ip link add lb0 type lbridge
expect_eq "link kind is lbridge" lbridge "$(link_field lb0 .linkinfo.info_kind)"
mac=$(link_field lb0 .address)
check "bridge MAC is locally administered unicast" \
	python3 -c "import sys; b = int(sys.argv[1][:2], 16); sys.exit(not (b & 2 and not b & 1))" "$mac"
expect_eq "MTU defaults to 1500" 1500 "$(link_field lb0 .mtu)"

say "address, up, and nowhere to go"
check "address is added" ip addr add 172.17.0.1/16 dev lb0
check "bridge comes up" ip link set lb0 up
wait_for "bridge is up" 10 link_is_up lb0
expect_eq "no qdisc on the bridge" noqueue "$(link_field lb0 .qdisc)"
# Like a Linux bridge: no port, no carrier, nothing sent (14-link has more).
wait_for "without ports lb0 has no carrier" 30 grep -qx 0 /sys/class/net/lb0/carrier
expect_eq "MAC did not change on up" "$mac" "$(link_field lb0 .address)"

say "offloads, as the Linux bridge's device has them"
# What `ethtool -k` says of one feature of a device: on, off, or nothing.
offload() { ethtool -k "$1" | awk -v f="$2:" '$1 == f { print $2; exit }'; }
offloads() {
	local f
	for f in scatter-gather tx-checksum-ip-generic tcp-segmentation-offload \
		generic-segmentation-offload; do
		printf '%s=%s ' "$f" "$(offload "$1" "$f")"
	done
}
all_on="scatter-gather=on tx-checksum-ip-generic=on tcp-segmentation-offload=on generic-segmentation-offload=on "
if command -v ethtool >/dev/null; then
	expect_eq "without ports lb0 offers SG, checksum, TSO, GSO" "$all_on" "$(offloads lb0)"
	check "a veth pair" ip link add "${NS_PREFIX}o0" type veth peer name "${NS_PREFIX}o1"
	check "its end is a port" ip link set "${NS_PREFIX}o0" master lb0
	expect_eq "with a veth port, the same" "$all_on" "$(offloads lb0)"
	check "the port turns SG off" ethtool -K "${NS_PREFIX}o0" sg off
	expect_eq "then so does lb0, and TSO with it" "off off" \
		"$(offload lb0 scatter-gather) $(offload lb0 tcp-segmentation-offload)"
	check "the port turns SG on" ethtool -K "${NS_PREFIX}o0" sg on tso on
	expect_eq "lb0 offers it again" "$all_on" "$(offloads lb0)"
	check "the veth pair goes" ip link del "${NS_PREFIX}o0"
else
	pass "offloads # SKIP no ethtool"
fi

say "a bridge keeps the MAC it is given"
check "bridge with an address is created" \
	ip link add lb1 address 02:42:ac:11:00:01 type lbridge
expect_eq "its MAC is the one asked for" 02:42:ac:11:00:01 "$(link_field lb1 .address)"
check "its MAC can be changed" ip link set lb1 address 02:42:ac:11:00:09
expect_eq "the MAC is the new one" 02:42:ac:11:00:09 "$(link_field lb1 .address)"
check "bridge is deleted" ip link del lb1
check "deleted bridge is gone" link_gone lb1

say "refusals change nothing"
refuse "multicast MAC is refused" "MAC address is not valid unicast" \
	ip link add lbx address 01:00:5e:00:00:01 type lbridge
check "refused bridge does not exist" link_gone lbx
check "namespace for the move test" ip netns add "${NS_PREFIX}other"
refuse "bridge cannot change namespace" "Invalid argument" ip link set lb0 netns "${NS_PREFIX}other"
check "bridge is still here after the refused move" link_exists lb0

say "bridges in another namespace"
check "bridge created in another netns" ip -n "${NS_PREFIX}other" link add lb0 type lbridge
check "it is visible there" link_exists lb0 -n "${NS_PREFIX}other"
check "a second one there" ip -n "${NS_PREFIX}other" link add lb2 type lbridge
check "deleting the netns deletes its bridges" ip netns del "${NS_PREFIX}other"
check "another netns" ip netns add "${NS_PREFIX}again"
check "a bridge in it, left live for rmmod" ip -n "${NS_PREFIX}again" link add lb0 type lbridge

say "rmmod with live bridges"
check "module unloads with bridges live" rmmod lbridge
check "bridge in init netns is gone" link_gone lb0
check "bridge in other netns is gone" link_gone lb0 -n "${NS_PREFIX}again"
check "module loads again" load_module
check "and creates a bridge again" ip link add lb0 type lbridge

finish
