#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The bash completion against a stub ip(8): one "ok"/"not ok" line per case.
set -u
here=$(cd "$(dirname "$0")" && pwd)

# What `ip -o link show ...` prints, for bridges lb0 and lb1.
ip() {
	case "$*" in
	"-o link show type lbridge")
		echo '7: lb0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\    link/ether 02:42:ac:11:00:01 brd ff:ff:ff:ff:ff:ff'
		echo '9: lb1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\    link/ether 02:42:ac:11:00:07 brd ff:ff:ff:ff:ff:ff'
		;;
	"-o link show master lb0")
		echo '11: veth2@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master lb0 state UP\    link/ether 6a:1f:0e:22:41:7c brd ff:ff:ff:ff:ff:ff link-netnsid 0'
		echo '12: veth3@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master lb0 state UP\    link/ether 6a:1f:0e:22:41:7d brd ff:ff:ff:ff:ff:ff link-netnsid 1'
		;;
	"-o link show master lb1")
		echo '13: dummy0: <BROADCAST,NOARP> mtu 1500 qdisc noop master lb1 state DOWN\    link/ether 6a:1f:0e:22:41:7e brd ff:ff:ff:ff:ff:ff'
		;;
	esac
}
compopt() { :; }

# shellcheck source=../lbrctl.bash-completion
. "$here/../lbrctl.bash-completion"

passed=0 failed=0
# expect "WORDS TYPED (last one being completed)" "EXPECTED REPLIES"
expect() {
	local line=$1 want=$2 got
	read -ra COMP_WORDS <<<"$line"
	# A trailing space: completing a new, empty word.
	[[ $line == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	_lbrctl
	got=${COMPREPLY[*]:-}
	if [[ $got == "$want" ]]; then
		echo "ok - completion: '$line'"
		passed=$((passed + 1))
	else
		echo "not ok - completion: '$line'"
		echo "#   got [$got], expected [$want]"
		failed=$((failed + 1))
	fi
}

expect "lbrctl " "show fdb set monitor graph help"
expect "lbrctl f" "fdb"
expect "lbrctl -j s" "show set"
expect "lbrctl --v" "--version"
expect "lbrctl show " "lb0 lb1"
expect "lbrctl -s show lb" "lb0 lb1"
expect "lbrctl show lb0 " ""
expect "lbrctl monitor " "lb0 lb1"
expect "lbrctl graph l" "lb0 lb1"
expect "lbrctl fdb " "show add del flush"
expect "lbrctl fdb show " "lb0 lb1"
expect "lbrctl fdb show lb0 " "dev"
expect "lbrctl fdb show lb0 dev " "veth2 veth3"
expect "lbrctl fdb show lb1 dev " "dummy0"
expect "lbrctl fdb flush lb0 " "dev dynamic"
expect "lbrctl fdb flush lb0 dynamic " "dev"
expect "lbrctl fdb flush lb0 dev veth2 " "dynamic"
expect "lbrctl fdb add 02:00:00:00:00:01 " "dev"
expect "lbrctl fdb del 02:00:00:00:00:01 dev " "veth2 veth3 dummy0"
expect "lbrctl fdb del 02:00:00:00:00:01 dev v" "veth2 veth3"
expect "lbrctl set " "lb0 lb1"
expect "lbrctl set lb0 " "ageing max-learned port-max-learned max-static learning"
expect "lbrctl set lb0 ageing 5 " "max-learned port-max-learned max-static learning"
expect "lbrctl set lb0 max" "max-learned max-static"
expect "lbrctl set lb0 p" "port-max-learned"
expect "lbrctl set lb0 max-static 5 port-max-learned 9 " "ageing max-learned learning"
expect "lbrctl set lb0 max-static " ""
expect "lbrctl set lb0 port-max-learned " ""
expect "lbrctl set lb0 learning " "on off"
expect "lbrctl set lb0 ageing " ""
expect "lbrctl -batch /dev/nul" "/dev/null"
expect "lbrctl -batch /dev/null " "show fdb set monitor graph help"

echo "completion: $passed passed, $failed failed"
