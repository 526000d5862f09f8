# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the netns scenarios. Each scenario sources this file, builds
# its topology, and reports one TAP line per check:
#   ok - SCENARIO: what was checked
#   not ok - SCENARIO: what was checked
# followed by "#" lines explaining a failure. Under QEMU emulation
# everything is slow and jittery: wait for a state with wait_for, never
# for a fixed time.

set -u

scenario=$(basename "$0" .sh)
failures=0
: "${LBRIDGE_KO:?LBRIDGE_KO must name the lbridge.ko to test}"

say() { printf '# %s\n' "$*"; }

pass() { printf 'ok - %s: %s\n' "$scenario" "$1"; }

fail() {
	printf 'not ok - %s: %s\n' "$scenario" "$1"
	shift
	local line
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/#   /'
	done
	failures=$((failures + 1))
}

# check DESC CMD...: CMD succeeds.
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		pass "$desc"
	else
		fail "$desc" "command: $*" "$out"
	fi
}

# refuse DESC MESSAGE CMD...: CMD fails, and says MESSAGE (the extack
# text the kernel gave) on stderr.
refuse() {
	local desc=$1 message=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		fail "$desc" "command succeeded but should have failed: $*" "$out"
	elif [[ "$out" != *"$message"* ]]; then
		fail "$desc" "command: $*" "expected message: $message" "got: $out"
	else
		pass "$desc"
	fi
}

# wait_for DESC SECONDS CMD...: CMD succeeds within SECONDS.
wait_for() {
	local desc=$1 deadline=$((SECONDS + $2)) out
	shift 2
	until out=$("$@" 2>&1); do
		if [ $SECONDS -ge $deadline ]; then
			fail "$desc" "still false after $deadline s: $*" "$out"
			return 1
		fi
		sleep 0.1
	done
	pass "$desc"
}

# expect_eq DESC EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "expected: $2" "actual:   $3"
	fi
}

# Reads of the live system, for assertions.
link_json() { ip -j -d "${@:2}" link show dev "$1"; }
link_field() { link_json "$1" "${@:3}" | jq -r ".[0]$2"; }
link_stat() { ip -j -s link show dev "$1" "${@:3}" | jq -r ".[0].stats64.$2"; }
link_exists() { ip "${@:2}" link show dev "$1" >/dev/null 2>&1; }
link_gone() { ! link_exists "$@"; }
link_is_up() { ip link show dev "$1" | grep -q '[<,]UP[,>]'; }
# link_stat_above DEV FIELD N: that stats64 counter of DEV is above N.
link_stat_above() { [ "$(link_stat "$1" "$2")" -gt "$3" ]; }
# log_lacks MARK TEXT: the kernel log past its first MARK lines does not say TEXT.
log_lacks() { ! dmesg | tail -n +$(($1 + 1)) | grep -q "$2"; }

load_module() { insmod "$LBRIDGE_KO"; }
module_loaded() { [ -d /sys/module/lbridge ]; }
module_gone() { ! module_loaded; }
unload_module() { ! module_loaded || rmmod lbridge; }

# Scenario namespaces carry this prefix so cleanup can find them all.
NS_PREFIX=lbt-

# Leave the VM as the scenario found it, whatever state it died in.
cleanup() {
	local ns dev
	for ns in $(ip netns list | awk '{print $1}'); do
		case "$ns" in
		"$NS_PREFIX"*)
			# Servers and pingers left behind would hold the output open.
			ip netns pids "$ns" | xargs -r kill -9
			ip netns del "$ns"
			;;
		esac
	done
	for dev in $(ip -j link show | jq -r '.[].ifname'); do
		case "$dev" in lb[0-9]* | "$NS_PREFIX"*) ip link del "$dev" 2>/dev/null ;; esac
	done
	unload_module 2>/dev/null
	return 0
}

# Container scenarios --------------------------------------------------

in_ns() { local ns=$NS_PREFIX$1; shift; ip netns exec "$ns" "$@"; }

# Neither the VM nor the containers speak IPv6: its multicast chatter
# would make "this frame did not reach c4" impossible to assert.
quiet_ipv6() {
	sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}

# add_container N: netns lbt-cN, its eth0 (02:42:ac:11:00:0N, 172.17.0.N/16,
# default route via 172.17.0.1) paired with port vcN of lb0.
# The setup most scenarios start from, as Docker leaves a host: the module,
# lb0 up with the gateway address, and containers c2 and c3 that reach
# each other through it.
two_containers_on_lb0() {
	quiet_ipv6
	check "module loads" load_module
	check "lb0 is created" ip link add lb0 type lbridge
	check "no IPv6 chatter on lb0" sysctl -qw net.ipv6.conf.lb0.disable_ipv6=1
	check "lb0 gets the gateway address" ip addr add 172.17.0.1/16 dev lb0
	check "lb0 comes up" ip link set lb0 up
	local c
	for c in 2 3; do
		check "container c$c is attached" add_container $c
	done
	wait_for "c2 pings c3" 60 in_ns c2 ping -c 1 -W 1 172.17.0.3
}

add_container() {
	local n=$1 ns=${NS_PREFIX}c$1
	ip netns add "$ns" &&
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 &&
	ip link add "vc$n" type veth peer name eth0 netns "$ns" &&
	ip -n "$ns" link set eth0 address "$(printf '02:42:ac:11:00:%02x' "$n")" &&
	ip -n "$ns" addr add "172.17.0.$n/16" dev eth0 &&
	ip -n "$ns" link set lo up &&
	ip -n "$ns" link set eth0 up &&
	ip -n "$ns" route add default via 172.17.0.1 &&
	ip link set "vc$n" master lb0 &&
	ip link set "vc$n" up
}

# unreachable C IP: container C's pings to IP go unanswered.
unreachable() { ! in_ns "$1" ping -c 2 -W 1 "$2"; }

# Names of BRIDGE's ports, sorted, on one line.
ports_of() { ip -j link show master "$1" | jq -r '[.[].ifname] | sort | join(" ")'; }

c4_rx() { ip -n "${NS_PREFIX}c4" -j -s link show dev eth0 | jq .[0].stats64.rx.packets; }

# tap CMD...: run a tool that prints TAP lines of its own, and count its
# failures as ours; a tool that dies without a verdict is a failure too.
tap() {
	local out rc tool
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	failures=$((failures + $(grep -c '^not ok' <<<"$out")))
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' <<<"$out"; then
		for tool; do case $tool in *.py) break ;; esac; done
		fail "$(basename "$tool") ran to a verdict" "exit status $rc: $*"
	fi
}

finish() {
	cleanup
	[ "$failures" -eq 0 ]
}
