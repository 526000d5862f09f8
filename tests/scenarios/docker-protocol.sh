#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lbridge-docker's answers to requests that must fail, or succeed without
# touching anything, sent straight at its socket as dockerd would send
# them: each gets the right HTTP status and a Docker-style {"Err": "..."},
# and no link or address changes. Needs no lbridge module, so it also runs
# on the build host against a build with AddressSanitizer:
#   docker-protocol.sh SOCKET
# Prints TAP lines; exits non-zero if any check failed.
set -u
sock=${1:?usage: docker-protocol.sh SOCKET}
name=docker-protocol
failures=0
NID=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
EID=fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210
body=$(mktemp)
trap 'rm -f "$body" "$body.big"' EXIT

pass() { printf 'ok - %s: %s\n' "$name" "$1"; }
fail() {
	printf 'not ok - %s: %s\n' "$name" "$1"
	shift
	printf '#   %s\n' "$@"
	failures=$((failures + 1))
}

# post METHOD [CURL-DATA-ARGS...]: the HTTP status on stdout, the body in $body.
post() {
	local method=$1
	shift
	curl -s -o "$body" -w '%{http_code}' --max-time 20 --unix-socket "$sock" \
		-H 'Content-Type: application/vnd.docker.plugins.v1.2+json' \
		-X POST "http://plugin/$method" "$@"
}

# answer DESC STATUS JQ METHOD [CURL-DATA-ARGS...]: the plugin answers with
# STATUS and a body for which the jq expression JQ holds.
answer() {
	local desc=$1 status=$2 expr=$3 got
	shift 3
	got=$(post "$@")
	if [ "$got" = "$status" ] && jq -e "$expr" "$body" >/dev/null 2>&1; then
		pass "$desc"
	else
		fail "$desc" "request: $*" "expected HTTP $status and: $expr" \
			"got HTTP $got: $(head -c 300 "$body")"
	fi
}

# refused DESC STATUS METHOD JSON: an {"Err"} whose message is not empty.
refused() {
	answer "$1" "$2" '(.Err | type) == "string" and (.Err | length) > 0 and length == 1' \
		"$3" --data-binary "$4"
}

state() { ip -o link show | sed 's/^[0-9]*: //'; ip -o addr show; }
before=$(state)

answer "Plugin.Activate names NetworkDriver" 200 '.Implements == ["NetworkDriver"]' \
	Plugin.Activate
answer "GetCapabilities: local scope" 200 '.Scope == "local" and .ConnectivityScope == "local"' \
	NetworkDriver.GetCapabilities --data-binary 'null'
answer "an unknown method is 404 with Err (Docker: not implemented)" 404 '.Err | length > 0' \
	NetworkDriver.Teleport --data-binary '{}'
code=$(curl -s -o "$body" -w '%{http_code}' --unix-socket "$sock" http://plugin/Plugin.Activate)
if [ "$code" = 405 ] && jq -e '.Err' "$body" >/dev/null; then
	pass "GET is refused with 405"
else
	fail "GET is refused with 405" "got HTTP $code: $(cat "$body")"
fi
type=$(curl -s -o /dev/null -w '%{content_type}' --unix-socket "$sock" -X POST \
	http://plugin/Plugin.Activate)
if [ "$type" = application/vnd.docker.plugins.v1+json ]; then
	pass "answers are application/vnd.docker.plugins.v1+json"
else
	fail "answers are application/vnd.docker.plugins.v1+json" "got: $type"
fi

refused "invalid JSON" 400 NetworkDriver.CreateNetwork '{"NetworkID": '
refused "JSON with trailing garbage" 400 NetworkDriver.CreateNetwork "{\"NetworkID\":\"$NID\"} {}"
refused "JSON that is not an object" 400 NetworkDriver.CreateNetwork "[\"$NID\"]"
refused "an empty body where an object is due" 400 NetworkDriver.CreateEndpoint ''
refused "a control byte after the object" 400 NetworkDriver.DeleteNetwork \
	"$(printf '{"NetworkID":"%s"}' "$NID")"$'\x01'
printf '{"NetworkID":"%s\0"}' "$NID" >"$body.big"
refused "a NUL byte in the body" 400 NetworkDriver.DeleteNetwork "@$body.big"
printf '{"NetworkID":"%s","Options":{"x":"%s"}}' "$NID" "$(head -c 70000 /dev/zero | tr '\0' a)" \
	>"$body.big"
refused "a body over 64 KiB (413)" 413 NetworkDriver.CreateNetwork "@$body.big"
refused "missing NetworkID" 400 NetworkDriver.CreateNetwork '{"IPv4Data":[]}'
refused "NetworkID not a string" 400 NetworkDriver.CreateNetwork '{"NetworkID":12}'
refused "NetworkID with a path in it" 400 NetworkDriver.CreateNetwork \
	'{"NetworkID":"../../0123456789abcdef"}'
refused "NetworkID too short to name a bridge" 400 NetworkDriver.CreateNetwork '{"NetworkID":"0123"}'
refused "NetworkID over 64 digits" 400 NetworkDriver.CreateNetwork "{\"NetworkID\":\"${NID}0\"}"
for bad in 'lb/0' 'lbridge-name-too-long' '' '.' 'a b' 'lb0;reboot'; do
	refused "lbridge.name '$bad' is refused" 400 NetworkDriver.CreateNetwork \
		"{\"NetworkID\":\"$NID\",\"Options\":{\"com.docker.network.generic\":{\"lbridge.name\":\"$bad\"}}}"
done
refused "lbridge.name not a string" 400 NetworkDriver.CreateNetwork \
	"{\"NetworkID\":\"$NID\",\"Options\":{\"com.docker.network.generic\":{\"lbridge.name\":7}}}"
refused "an unknown lbridge.* option" 400 NetworkDriver.CreateNetwork \
	"{\"NetworkID\":\"$NID\",\"Options\":{\"com.docker.network.generic\":{\"lbridge.nmae\":\"x\"}}}"
refused "a gateway outside its pool" 400 NetworkDriver.CreateNetwork \
	"{\"NetworkID\":\"$NID\",\"IPv4Data\":[{\"Pool\":\"172.18.0.0/16\",\"Gateway\":\"10.0.0.1/16\"}]}"
refused "a pool that is no prefix" 400 NetworkDriver.CreateNetwork \
	"{\"NetworkID\":\"$NID\",\"IPv4Data\":[{\"Pool\":\"172.18.0.0/33\"}]}"
refused "an IPv6 pool in IPv4Data" 400 NetworkDriver.CreateNetwork \
	"{\"NetworkID\":\"$NID\",\"IPv4Data\":[{\"Pool\":\"fd00::/64\"}]}"
refused "IPv4Data not an array" 400 NetworkDriver.CreateNetwork \
	"{\"NetworkID\":\"$NID\",\"IPv4Data\":{\"Pool\":\"172.18.0.0/16\"}}"
refused "missing EndpointID" 400 NetworkDriver.CreateEndpoint "{\"NetworkID\":\"$NID\"}"
refused "a multicast MAC" 400 NetworkDriver.CreateEndpoint \
	"{\"NetworkID\":\"$NID\",\"EndpointID\":\"$EID\",\"Interface\":{\"MacAddress\":\"01:00:5e:00:00:01\"}}"
refused "a MAC that does not parse" 400 NetworkDriver.CreateEndpoint \
	"{\"NetworkID\":\"$NID\",\"EndpointID\":\"$EID\",\"Interface\":{\"MacAddress\":\"02:42:ac:11:00\"}}"
refused "an endpoint on an unknown network" 500 NetworkDriver.CreateEndpoint \
	"{\"NetworkID\":\"$NID\",\"EndpointID\":\"$EID\",\"Interface\":{\"Address\":\"172.18.0.9/16\"}}"
refused "Join on an unknown network" 500 NetworkDriver.Join \
	"{\"NetworkID\":\"$NID\",\"EndpointID\":\"$EID\",\"SandboxKey\":\"/x\",\"Options\":{}}"
refused "AllocateNetwork (global scope only)" 500 NetworkDriver.AllocateNetwork "{\"NetworkID\":\"$NID\"}"
answer "DeleteEndpoint of an endpoint that is gone is done" 200 '. == {}' \
	NetworkDriver.DeleteEndpoint --data-binary "{\"NetworkID\":\"$NID\",\"EndpointID\":\"$EID\"}"
answer "DeleteNetwork of a network that is gone is done" 200 '. == {}' \
	NetworkDriver.DeleteNetwork --data-binary "{\"NetworkID\":\"$NID\"}"
answer "EndpointOperInfo: an empty Value" 200 '. == {"Value": {}}' \
	NetworkDriver.EndpointOperInfo --data-binary "{\"NetworkID\":\"$NID\",\"EndpointID\":\"$EID\"}"
answer "Leave: {}" 200 '. == {}' \
	NetworkDriver.Leave --data-binary "{\"NetworkID\":\"$NID\",\"EndpointID\":\"$EID\"}"
answer "DiscoverNew: {}" 200 '. == {}' \
	NetworkDriver.DiscoverNew --data-binary '{"DiscoveryType":1,"DiscoveryData":{}}'
answer "DiscoverDelete: {}" 200 '. == {}' \
	NetworkDriver.DiscoverDelete --data-binary '{"DiscoveryType":1,"DiscoveryData":{}}'
answer "ProgramExternalConnectivity: {}" 200 '. == {}' NetworkDriver.ProgramExternalConnectivity \
	--data-binary "{\"NetworkID\":\"$NID\",\"EndpointID\":\"$EID\",\"Options\":{}}"
answer "RevokeExternalConnectivity: {}" 200 '. == {}' NetworkDriver.RevokeExternalConnectivity \
	--data-binary "{\"NetworkID\":\"$NID\",\"EndpointID\":\"$EID\"}"
answer "FreeNetwork: {}" 200 '. == {}' NetworkDriver.FreeNetwork \
	--data-binary "{\"NetworkID\":\"$NID\"}"
answer "still answering after all that" 200 '.Implements == ["NetworkDriver"]' Plugin.Activate

after=$(state)
if [ "$before" = "$after" ]; then
	pass "no link or address changed"
else
	fail "no link or address changed" "$(diff <(echo "$before") <(echo "$after"))"
fi
[ "$failures" -eq 0 ]
