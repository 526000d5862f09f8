#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Docker's own daemon on lbridge, through lbridge-docker, its network
# plugin: `docker network create -d lbridge` makes the bridge, `docker run`
# the ports, and the containers talk through it. The plugin keeps no
# state: killed and restarted, it goes on with what the kernel holds.
#
#        host: lb-<network id> 172.18.0.1/16 (alias docker-network:<id>)
#          /                |                  \
#   lbh<endpoint>      lbh<endpoint>      lbh<endpoint>    ports, labelled
#        |                  |                  |           docker:<endpoint>
#   lbt-d1 eth0        lbt-d2 eth0        lbt-d3 eth0      docker run
#   172.18.0.x         172.18.0.y         (after the plugin's restart)
#
#   lbt-named: a second network's bridge, named with -o lbridge.name
#   lbguard (-o lbridge.guard=on, 172.23.0.0/16): d1 and d2 joined to it
. "$(dirname "$0")/lib.sh"

# The engine is slow under emulation: Debian's kernel only.
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	pass "docker # SKIP Debian's kernel only: dockerd is too slow for the debug kernel's budget"
	exit 0
fi

here=$(cd "$(dirname "$0")" && pwd)
lbrctl=$PWD/tools/lbrctl
work=$(mktemp -d /tmp/lbt-docker.XXXXXX)
. "$here/docker-lib.sh"
all_removed=

docker_cleanup() {
	stop_dockerd ${all_removed:+clean}
	stop_plugin
	del_plugin_links
	rm -rf "$work"
	cleanup
}
trap docker_cleanup EXIT

# Each container serves its own hostname (its short ID) over HTTP.
# run_container NAME [DOCKER-RUN-OPTIONS...]
run_container() {
	"$docker" run -d --name "$1" --network lbnet "${@:2}" lbtest:1 "${serve_hostname[@]}" >/dev/null
}
# facts C: C's hostname (its page), address, MAC and endpoint, one line.
facts() {
	"$docker" inspect -f '{{.Config.Hostname}} {{with index .NetworkSettings.Networks "lbnet"}}{{.IPAddress}} {{.MacAddress}} {{.EndpointID}}{{end}}' "$1"
}
# probe C IP: from inside C (one exec: each costs seconds under emulation)
# its eth0, its default route, then a ping to IP, retried for at most 20
# tries of 1 s until the first answer, and IP's page.
probe() {
	"$docker" exec "$1" sh -c '
		ip -o -4 addr show dev eth0
		ip -o link show dev eth0
		ip route show default
		n=0
		until ping -c 1 -W 1 "$0" >/dev/null; do
			n=$((n + 1))
			[ $n -lt 20 ] || break
		done
		[ $n -lt 20 ] && echo "ping ok"
		echo "page $(timeout 10 wget -q -O - "http://$0/")"' "$2"
}
# says DESC OUTPUT PATTERN: a line of OUTPUT matches the extended regex.
says() {
	if grep -Eq "$3" <<<"$2"; then pass "$1"; else fail "$1" "expected: $3" "in: $2"; fi
}
# port_ok DESC EP: EP's port is a port of the bridge, labelled docker:<EP>.
port_ok() {
	local ports
	ports=$("$lbrctl" -j show "$bridge")
	if jq -e --arg p "lbh${2:0:12}" --arg l "docker:${2:0:12}" \
		'any(.[0].ports[]; .ifname == $p and .label == $l)' <<<"$ports" >/dev/null &&
		link_is_up "lbh${2:0:12}"; then
		pass "$1"
	else
		fail "$1" "lbh${2:0:12} labelled docker:${2:0:12} not in:" "$ports"
	fi
}
# fdb_ok DESC FDB MAC EP: FDB (lbrctl -j fdb show) has MAC behind EP's port.
fdb_ok() {
	if jq -e --arg m "$3" --arg p "lbh${4:0:12}" 'any(.[]; .mac == $m and .ifname == $p)' \
		<<<"$2" >/dev/null; then
		pass "$1"
	else
		fail "$1" "$3 behind lbh${4:0:12} not in:" "$2"
	fi
}
links() { ip -o link show | sed 's/^[0-9]*: //; s/ qdisc.*//' | sort; }

# 1. The engine, the plugin, the image.
check "module loads" load_module
# Nothing after this can pass without them: stop at the first that fails.
# The engine goes before finish, whose cleanup unloads the module.
give_up() {
	fail "$1" "dockerd's log:" "$(tail -20 "$work/dockerd.log" 2>/dev/null)"
	stop_dockerd
	stop_plugin
	del_plugin_links
	finish
	exit
}
start_plugin
wait_for "the plugin answers on $sock" 20 plugin_answers || give_up "the plugin starts"
start_dockerd || give_up "tmpfs for the engine"
# Seconds natively; under emulation it may take minutes (wait_for returns early).
wait_for "dockerd answers" 180 "$docker" version || give_up "dockerd starts"
check "a busybox image is imported" make_image

say "at ${SECONDS} s"
# 2. What must fail, and change nothing (none of it needs a network).
tap "$here/docker-protocol.py" "$sock"

say "at ${SECONDS} s"
# 3. Networks: the bridge, its name, its alias, its gateway.
check "docker network create -d lbridge" "$docker" network create -d lbridge \
	--subnet 172.18.0.0/16 --gateway 172.18.0.1 lbnet
nid=$("$docker" network inspect -f '{{.Id}}' lbnet) || give_up "the network exists"
bridge=lb-${nid:0:12}
expect_eq "the bridge is an lbridge named from the network ID" lbridge "$(link_field "$bridge" .linkinfo.info_kind)"
expect_eq "its alias names the network" "docker-network:$nid" "$(link_field "$bridge" .ifalias)"
check "it holds the gateway address" sh -c "ip -o addr show dev $bridge | grep -q 'inet 172.18.0.1/16 '"
check "it is up" link_is_up "$bridge"
check "-o lbridge.name names the bridge" "$docker" network create -d lbridge \
	--subnet 172.19.0.0/16 --gateway 172.19.0.1 -o lbridge.name=lbt-named lbnamed
expect_eq "... lbt-named, an lbridge" lbridge "$(link_field lbt-named .linkinfo.info_kind)"
# Straight at the plugin: a docker network create costs seconds.
out=$(curl -s --max-time 10 --unix-socket "$sock" -X POST http://plugin/NetworkDriver.CreateNetwork \
	-d '{"NetworkID":"'"${nid//?/f}"'","Options":{"com.docker.network.generic":{"lbridge.name":"lbt-named"}}}')
says "another network cannot take the same bridge" "$out" "is the bridge of docker network"
check "a link of that name not made for Docker..." ip link add lbt-taken type dummy
refuse "... is not taken over" "exists already" \
	"$docker" network create -d lbridge --subnet 172.21.0.0/16 -o lbridge.name=lbt-taken lbtaken
expect_eq "... and is left as it was (no alias, not a bridge)" "dummy " \
	"$(link_field lbt-taken .linkinfo.info_kind) $(link_field lbt-taken '.ifalias // ""')"
check "docker network rm removes a network..." "$docker" network rm lbnamed
check "... and its bridge" link_gone lbt-named

say "at ${SECONDS} s"
# 4. Containers.
# Both at once: each docker run takes seconds.
run_container lbt-d2 >"$work/d2.out" 2>&1 &
d2_run=$!
check "container d1 runs on lbnet" run_container lbt-d1
if wait "$d2_run"; then
	pass "container d2 runs on lbnet"
else
	fail "container d2 runs on lbnet" "$(cat "$work/d2.out")"
fi
read -r host1 ip1 mac1 ep1 < <(facts lbt-d1)
read -r host2 ip2 mac2 ep2 < <(facts lbt-d2)
[ -n "${ep1:-}" ] && [ -n "${ep2:-}" ] || give_up "the containers run with endpoints"
say "d1 $ip1 $mac1 endpoint ${ep1:0:12}, d2 $ip2 $mac2 endpoint ${ep2:0:12}"
port_ok "d1's port is on the bridge, up, labelled with its endpoint" "$ep1"
port_ok "d2's port is on the bridge, up, labelled with its endpoint" "$ep2"
out=$(probe lbt-d1 "$ip2")
says "d1's eth0 holds Docker's address" "$out" "inet $ip1/16 "
says "d1's default route is via the gateway" "$out" "^default via 172.18.0.1 dev eth0"
says "d1 pings d2" "$out" "^ping ok$"
says "d1 fetches d2's page over HTTP" "$out" "^page $host2$"
out=$(probe lbt-d2 "$ip1")
says "d2 fetches d1's page over HTTP" "$out" "^page $host1$"
page_is() { [ "$(curl -s --max-time 5 "http://$1/")" = "$2" ]; }
wait_for "the host pings d1 through the bridge" 30 ping -c 1 -W 2 "$ip1"
wait_for "the host fetches d2's page" 30 page_is "$ip2" "$host2"
fdb=$("$lbrctl" -j fdb show "$bridge")
fdb_ok "lbrctl fdb show lists d1's MAC behind its port" "$fdb" "$mac1" "$ep1"
fdb_ok "lbrctl fdb show lists d2's MAC behind its port" "$fdb" "$mac2" "$ep2"

say "at ${SECONDS} s"
# 5. The plugin restarts: killed outright, its socket left behind.
kill -9 "$plugin_pid"
wait "$plugin_pid" 2>/dev/null
start_plugin
wait_for "a restarted plugin answers (the stale socket replaced)" 20 plugin_answers
says "d1 still fetches d2's page" "$(probe lbt-d1 "$ip2")" "^page $host2$"
# Its MAC chosen by Docker this time: the plugin must not answer one back.
MAC3=02:42:ac:12:00:63
check "container d3 joins after the restart (with --mac-address)" \
	run_container lbt-d3 --mac-address "$MAC3"
read -r _ ip3 mac3 ep3 < <(facts lbt-d3)
port_ok "d3's port is labelled" "${ep3:-none}"
expect_eq "d3 has the MAC Docker gave it" "$MAC3" "${mac3:-}"
out=$(probe lbt-d3 "$ip1")
says "d3 gets an address" "$out" "inet ${ip3:-none}/16 "
says "d3 pings d1" "$out" "^ping ok$"
says "d3 fetches d1's page" "$out" "^page $host1$"
says "d3's eth0 has that MAC" "$out" "link/ether $MAC3 "

say "at ${SECONDS} s"
# 5b. Port security: a network with -o lbridge.guard=on. d1 and d2 join it
# (docker network connect is quicker than another docker run); each port
# allows its endpoint's MAC and address alone.
check "docker network create -o lbridge.guard=on" "$docker" network create -d lbridge \
	--subnet 172.23.0.0/16 --gateway 172.23.0.1 -o lbridge.guard=on lbguard
gbridge=lb-$("$docker" network inspect -f '{{.Id}}' lbguard | cut -c1-12)
check "... its bridge's guard defaults are on" \
	jq -e '.[0] | .guard and .ra_guard and .dhcp_guard' <<<"$("$lbrctl" -j show "$gbridge")"
check "d1 joins lbguard" "$docker" network connect lbguard lbt-d1
check "d2 joins lbguard" "$docker" network connect lbguard lbt-d2
gfacts() {
	"$docker" inspect -f '{{.State.Pid}} {{with index .NetworkSettings.Networks "lbguard"}}{{.IPAddress}} {{.MacAddress}} {{.EndpointID}}{{end}}' "$1"
}
read -r gpid1 gip1 gmac1 gep1 < <(gfacts lbt-d1)
read -r gpid2 gip2 gmac2 gep2 < <(gfacts lbt-d2)
[ -n "${gep1:-}" ] && [ -n "${gep2:-}" ] || give_up "the containers join lbguard"
gport1=lbh${gep1:0:12}
check "d1's lbguard port has guard, ra-guard and dhcp-guard on" \
	jq -e '.guard and .ra_guard and .dhcp_guard' <<<"$("$lbrctl" -j port show "$gport1")"
expect_eq "... and allows d1's MAC and address alone" "{\"macs\":[\"$gmac1\"],\"ips\":[\"$gip1\"]}" \
	"$("$lbrctl" -j port show "$gport1" | jq -c .allowed)"
in_c() { local pid=$1; shift; nsenter -t "$pid" -n "$@"; }
gif1=$(in_c "$gpid1" ip -j addr show to "$gip1" | jq -r '.[0].ifname')
wait_for "d1 pings d2 over lbguard" 30 in_c "$gpid1" ping -c 1 -W 1 "$gip2"
# d2's MAC fixed in d1: what d1 sends from the address it takes is IP alone.
in_c "$gpid1" ip neigh replace "$gip2" lladdr "$gmac2" dev "$gif1" nud permanent
in_c "$gpid1" ip addr add 172.23.0.250/16 dev "$gif1"
drops() { "$lbrctl" -j port show "$1" | jq -r ".stats.$2"; }
echos_in() { in_c "$1" awk '/^Icmp:/ { if (n++) print $c; else for (i = 1; i <= NF; i++) if ($i == "InEchos") c = i }' /proc/net/snmp; }
spoofed=$(drops "$gport1" drop_spoofed_ip)
echos=$(echos_in "$gpid2")
check "a ping from an address d1 took on its own fails" \
	sh -c "! nsenter -t $gpid1 -n ping -c 2 -W 1 -I 172.23.0.250 $gip2"
check "... drop_spoofed_ip counts it" test "$(drops "$gport1" drop_spoofed_ip)" -gt "$spoofed"
expect_eq "... and d2 never sees it" "$echos" "$(echos_in "$gpid2")"
in_c "$gpid1" ip addr del 172.23.0.250/16 dev "$gif1"

say "at ${SECONDS} s"
# 6. A failure half-way leaves nothing: an endpoint whose veth cannot be made.
EID=abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789
ports=$(ports_of "$bridge")
create_endpoint() {
	curl -s --max-time 10 --unix-socket "$sock" -X POST \
		http://plugin/NetworkDriver.CreateEndpoint \
		-d "{\"NetworkID\":\"$nid\",\"EndpointID\":\"$EID\",\"Interface\":{\"Address\":\"172.18.9.9/16\"}}"
}
for end in lbh lbc; do
	ip link add "${end}abcdef012345" type dummy
	before=$(links)
	answer=$(create_endpoint)
	if jq -e '.Err | test("exists")' <<<"$answer" >/dev/null; then
		pass "an endpoint whose $end name is taken is refused"
	else
		fail "an endpoint whose $end name is taken is refused" "answer: $answer"
	fi
	expect_eq "... and no link changed" "$before" "$(links)"
	expect_eq "... and no port was added" "$ports" "$(ports_of "$bridge")"
	ip link del "${end}abcdef012345"
done
# A veth with the endpoint's names but not made for it (no alias): not ours.
plugin_call() {
	curl -s --max-time 10 --unix-socket "$sock" -X POST "http://plugin/NetworkDriver.$1" -d "$2"
}
ip link add lbhabcdef012345 type veth peer name lbcabcdef012345
answer=$(plugin_call DeleteEndpoint "{\"NetworkID\":\"$nid\",\"EndpointID\":\"$EID\"}")
says "DeleteEndpoint refuses a veth not made for the endpoint" "$answer" '"Err":.*not endpoint'
check "... which is left" link_exists lbhabcdef012345
# The same pair as a crash between creating and enslaving leaves it: taken back.
ip link set lbhabcdef012345 alias "docker-endpoint:$EID 172.18.9.9/16 -"
answer=$(create_endpoint)
expect_eq "CreateEndpoint finishes a pair left half-made for it" \
	"$bridge" "$(link_field lbhabcdef012345 .master)"
answer=$(plugin_call DeleteEndpoint "{\"NetworkID\":\"$nid\",\"EndpointID\":\"$EID\"}")
expect_eq "DeleteEndpoint then removes it" "{} gone" "$answer $(link_gone lbhabcdef012345 && echo gone)"
ip link del lbhabcdef012345 2>/dev/null

# CreateNetwork failing after the bridge exists: IPv6 disabled on it, its
# IPv6 gateway cannot be added. Once on a new bridge, once on lbnet's.
addrs() { ip -br addr show | sort; }
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
NID2=$(printf 'c%.0s' {1..64})
before=$(links)
answer=$(plugin_call CreateNetwork "{\"NetworkID\":\"$NID2\",
	\"IPv4Data\":[{\"Pool\":\"10.98.0.0/16\",\"Gateway\":\"10.98.0.1/16\"}],
	\"IPv6Data\":[{\"Pool\":\"fd00:98::/64\",\"Gateway\":\"fd00:98::1/64\"}]}")
sysctl -qw net.ipv6.conf.default.disable_ipv6=0
says "a new network whose IPv6 gateway fails is refused" "$answer" '"Err"'
expect_eq "... and leaves no link behind" "$before" "$(links)"
sysctl -qw "net.ipv6.conf.$bridge.disable_ipv6=1"
before=$(addrs)
answer=$(plugin_call CreateNetwork "{\"NetworkID\":\"$nid\",
	\"IPv4Data\":[{\"Pool\":\"172.18.0.0/16\",\"Gateway\":\"172.18.0.1/16\"},
		      {\"Pool\":\"10.99.0.0/16\",\"Gateway\":\"10.99.0.1/16\"}],
	\"IPv6Data\":[{\"Pool\":\"fd00:99::/64\",\"Gateway\":\"fd00:99::1/64\"}]}")
after=$(addrs)
sysctl -qw "net.ipv6.conf.$bridge.disable_ipv6=0"
says "lbnet again, with an IPv6 gateway that fails, is refused" "$answer" '"Err"'
expect_eq "... and the bridge keeps only the addresses it had" "$before" "$after"

say "at ${SECONDS} s"
# 7. Teardown through Docker.
check "docker rm -f d3" "$docker" rm -f lbt-d3
wait_for "d3's port is gone" 20 link_gone "lbh${ep3:0:12}"
check "d1 and d2 are removed" "$docker" rm -f lbt-d1 lbt-d2
check "docker network rm lbguard" "$docker" network rm lbguard
check "... removes its bridge" link_gone "$gbridge"
# A port as a plugin that died before DeleteEndpoint leaves it, and one
# that is not Docker's.
ip link add lbhabcdef012345 type veth peer name lbcabcdef012345
ip link set lbhabcdef012345 alias "docker-endpoint:$EID - -"
ip link set lbhabcdef012345 master "$bridge"
ip link add lbt-other type dummy
ip link set lbt-other master "$bridge"
check "docker network rm lbnet" "$docker" network rm lbnet
check "... removes the bridge" link_gone "$bridge"
check "... and the endpoint port left on it" link_gone lbhabcdef012345
check "... but not a port that is not an endpoint's" link_exists lbt-other
ip link del lbt-other
all_removed=1
expect_eq "no lbh/lbc link is left" "" "$(ip -o link show | grep -E ': lb[hc][0-9a-f]{12}[@:]')"
[ "$failures" -eq 0 ] || sed 's/^/# plugin: /' "$work/plugin.log"

say "at ${SECONDS} s"
finish
