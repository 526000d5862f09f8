#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The bash completion as bash itself runs it: an interactive bash on a
# pseudo-terminal (complete-pty.py) types each line and a TAB, so that
# readline splits the words (a MAC address is several of them, split at
# COMP_WORDBREAKS' ':'), against a stub ip(8). One "ok"/"not ok" line per
# case. COMPLETION=file tests another completion script.
set -u
here=$(cd "$(dirname "$0")" && pwd)
setup=$(mktemp)
dir=$(mktemp -d)
trap 'rm -rf "$setup" "$dir"' EXIT
# A batch file with a ':' in its name: bash replaces only what follows it.
touch "$dir/lines:1"

cat >"$setup" <<STUB
# What \`ip -o link show ...\` prints, for bridges lb0 and lb1.
ip() {
	case "\$*" in
	"-o link show type lbridge")
		echo '7: lb0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 02:42:ac:11:00:01 brd ff:ff:ff:ff:ff:ff'
		echo '9: lb1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    link/ether 02:42:ac:11:00:07 brd ff:ff:ff:ff:ff:ff'
		;;
	"-o link show master lb0")
		echo '11: veth2@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master lb0 state UP\\    link/ether 6a:1f:0e:22:41:7c brd ff:ff:ff:ff:ff:ff link-netnsid 0'
		echo '12: veth3@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master lb0 state UP\\    link/ether 6a:1f:0e:22:41:7d brd ff:ff:ff:ff:ff:ff link-netnsid 1'
		;;
	"-n hA -o link show type lbridge")
		echo '3: lb7: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 02:42:ac:11:00:01 brd ff:ff:ff:ff:ff:ff'
		;;
	"-n hA -o link show master lb7")
		echo '4: vx0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master lb7 state UNKNOWN\\    link/ether 6a:1f:0e:22:41:7f brd ff:ff:ff:ff:ff:ff'
		;;
	"netns list")
		echo 'hA (id: 0)'
		echo 'hB (id: 1)'
		;;
	"-o link show master lb1")
		echo '13: dummy0: <BROADCAST,NOARP> mtu 1500 qdisc noop master lb1 state DOWN\\    link/ether 6a:1f:0e:22:41:7e brd ff:ff:ff:ff:ff:ff'
		;;
	esac
}
. "${COMPLETION:-$here/../lbrctl.bash-completion}"
STUB

lines=() wants=()
# expect "WORDS TYPED (the completion is asked at the end)" "EXPECTED REPLIES"
expect() {
	lines+=("$1")
	wants+=("$2")
}

expect "lbrctl " "show fdb set port neigh who-has monitor graph help"
expect "lbrctl f" "fdb"
expect "lbrctl -j s" "show set"
expect "lbrctl --v" "--version"
expect "lbrctl show " "lb0 lb1"
expect "lbrctl -s show lb" "lb0 lb1"
expect "lbrctl show lb0 " ""
expect "lbrctl monitor " "lb0 lb1"
expect "lbrctl graph l" "lb0 lb1"
expect "lbrctl fdb " "show get add del flush"
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
# After a MAC address: bash splits it at each ':'.
expect "lbrctl fdb add 02:00:00:00:00:01 d" "dev"
expect "lbrctl fdb add 02:00:00:00:00:01 dev veth" "veth2 veth3"
expect "lbrctl -j fdb del 02:42:ac:11:00:02 dev dummy0 " ""
expect "lbrctl fdb add 02:00:00:00:00:0" ""
expect "lbrctl fdb get 02:00:00:00:00:01 " "lb0 lb1"
expect "lbrctl fdb get 02:00:00:00:00:01 lb0 " ""
expect "lbrctl -n " "hA hB"
expect "lbrctl -n h" "hA hB"
expect "lbrctl --netns hA show " "lb7"
expect "lbrctl -n hA fdb show lb7 dev " "vx0"
expect "lbrctl -n hA port set " "vx0"
expect "lbrctl -n hA " "show fdb set port neigh who-has monitor graph help"
expect "lbrctl port " "set allow deny show"
expect "lbrctl port set " "veth2 veth3 dummy0"
expect "lbrctl port set veth2 " "learning flood mcast_flood bcast_flood hairpin isolated neigh-suppress guard ra-guard dhcp-guard label"
expect "lbrctl port set veth2 isolated on hairpin off " "learning flood mcast_flood bcast_flood neigh-suppress guard ra-guard dhcp-guard label"
expect "lbrctl port set veth2 i" "isolated"
expect "lbrctl port set veth2 isolated " "on off"
expect "lbrctl port set veth2 flood on m" "mcast_flood"
expect "lbrctl port set veth2 learning " "on off"
expect "lbrctl port set veth2 learning o" "on off"
expect "lbrctl port set veth2 learning off " "flood mcast_flood bcast_flood hairpin isolated neigh-suppress guard ra-guard dhcp-guard label"
expect "lbrctl port set veth2 n" "neigh-suppress"
expect "lbrctl port set veth2 neigh-suppress " "on off"
expect "lbrctl port set veth2 label " ""
expect "lbrctl port set veth2 label web-1 " "learning flood mcast_flood bcast_flood hairpin isolated neigh-suppress guard ra-guard dhcp-guard"
expect "lbrctl port set veth2 label web-1 neigh-suppress o" "on off"
expect "lbrctl port set veth2 guard on r" "ra-guard"
expect "lbrctl port set veth2 guard on ra-guard " "on off"
expect "lbrctl port set veth2 guard on dhcp-guard on " "learning flood mcast_flood bcast_flood hairpin isolated neigh-suppress ra-guard label"
expect "lbrctl port a" "allow"
expect "lbrctl port d" "deny"
expect "lbrctl port allow " "veth2 veth3 dummy0"
expect "lbrctl port deny v" "veth2 veth3"
expect "lbrctl port allow veth2 " "mac ip"
expect "lbrctl port deny veth2 m" "mac"
expect "lbrctl port allow veth2 mac " ""
expect "lbrctl port allow veth2 mac 02:00:00:00:00:01 " ""
expect "lbrctl port deny veth2 ip 172.17.0.2 " ""
expect "lbrctl port show " "veth2 veth3 dummy0"
expect "lbrctl port show veth2 " ""
expect "lbrctl -n hA port show " "vx0"
expect "lbrctl set lb0 guard " "on off"
expect "lbrctl set lb0 dhcp-guard o" "on off"
expect "lbrctl set lb0 g" "guard"
expect "lbrctl n" "neigh"
expect "lbrctl neigh " "show"
expect "lbrctl neigh show " "dev lb0 lb1"
expect "lbrctl neigh show lb0 " "dev"
expect "lbrctl neigh show lb0 dev " "veth2 veth3"
expect "lbrctl neigh show dev " "veth2 veth3 dummy0"
expect "lbrctl neigh show lb0 dev veth2 " ""
expect "lbrctl -n hA neigh show lb7 dev " "vx0"
expect "lbrctl w" "who-has"
expect "lbrctl who-has " ""
expect "lbrctl who-has 172.17.0.2 " "lb0 lb1"
expect "lbrctl who-has fd00::2 l" "lb0 lb1"
expect "lbrctl who-has 172.17.0.2 lb0 " ""
expect "lbrctl set " "lb0 lb1"
expect "lbrctl set lb0 " "ageing max-learned port-max-learned max-static learning max-neigh port-max-neigh neigh-suppress announce guard ra-guard dhcp-guard"
expect "lbrctl set lb0 ageing 5 " "max-learned port-max-learned max-static learning max-neigh port-max-neigh neigh-suppress announce guard ra-guard dhcp-guard"
expect "lbrctl set lb0 max" "max-learned max-static max-neigh"
expect "lbrctl set lb0 p" "port-max-learned port-max-neigh"
expect "lbrctl set lb0 max-static 5 port-max-learned 9 " "ageing max-learned learning max-neigh port-max-neigh neigh-suppress announce guard ra-guard dhcp-guard"
expect "lbrctl set lb0 neigh-suppress " "on off"
expect "lbrctl set lb0 announce o" "on off"
expect "lbrctl set lb0 max-neigh " ""
expect "lbrctl set lb0 neigh-suppress on announce off max-neigh 9 " "ageing max-learned port-max-learned max-static learning port-max-neigh guard ra-guard dhcp-guard"
expect "lbrctl set lb0 max-static " ""
expect "lbrctl set lb0 port-max-learned " ""
expect "lbrctl set lb0 learning " "on off"
expect "lbrctl set lb0 ageing " ""
expect "lbrctl -batch /dev/nul" "/dev/null"
expect "lbrctl -batch $dir/lines:" "1"
expect "lbrctl -batch /dev/null " "show fdb set port neigh who-has monitor graph help"


passed=0 failed=0
mapfile -t gots < <(printf '%s\n' "${lines[@]}" | python3 "$here/complete-pty.py" "$setup")
for i in "${!lines[@]}"; do
	got=${gots[i]-(no answer)}
	if [[ $got == "${wants[i]}" ]]; then
		echo "ok - completion: '${lines[i]}'"
		passed=$((passed + 1))
	else
		echo "not ok - completion: '${lines[i]}'"
		echo "#   got [$got], expected [${wants[i]}]"
		failed=$((failed + 1))
	fi
done
echo "completion: $passed passed, $failed failed"
