#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The CNI plugin's protocol checks that need no kernel module and change
# nothing on the host: every refusal of a bad environment, stdin or
# configuration, VERSION, and the IPAM plugin's answers (through DEL of a
# container whose namespace is gone, which only reads links). Run it
# under AddressSanitizer or valgrind to see the error paths leak nothing:
#   tools/cni/check-protocol.sh [PLUGIN]          (default tools/cni/lbridge)
#   WRAP="valgrind -q --leak-check=full --error-exitcode=99" tools/cni/check-protocol.sh
# Prints TAP lines; exits 1 if any failed.
set -u

plugin=$(realpath "${1:-$(dirname "$0")/lbridge}")
wrap=${WRAP:-}
failures=0
n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	shift
	printf '#   %s\n' "$@"
	failures=$((failures + 1))
}

# Fake IPAM plugins, each answering one way.
mkdir "$tmp/ipam"
cat >"$tmp/ipam/fine" <<'EOF'
#!/bin/sh
cat >/dev/null
echo '{"cniVersion": "1.0.0"}'
EOF
cat >"$tmp/ipam/busy" <<'EOF'
#!/bin/sh
cat >/dev/null
echo '{"cniVersion": "1.0.0", "code": 11, "msg": "busy", "details": "try later"}'
exit 1
EOF
cat >"$tmp/ipam/record" <<EOF
#!/bin/sh
cat >/dev/null
echo "\$CNI_COMMAND \$CNI_CONTAINERID" >>"$tmp/record.log"
EOF
cat >"$tmp/ipam/mute" <<'EOF'
#!/bin/sh
exit 3
EOF
cat >"$tmp/ipam/flood" <<'EOF'
#!/bin/sh
head -c 3000000 /dev/zero | tr '\0' ' '
EOF
# Notes the sockets it inherited (the plugin's netlink ones must not be).
cat >"$tmp/ipam/fds" <<EOF
#!/bin/sh
cat >/dev/null
for f in /proc/\$\$/fd/*; do readlink "\$f"; done | grep -c '^socket:' >"$tmp/fds.log"
exit 0
EOF
# Floods stdout forever, deaf to SIGPIPE: only a kill ends it.
cat >"$tmp/ipam/stubborn" <<'EOF'
#!/bin/sh
trap '' PIPE
cat >/dev/null
while :; do printf '%01000d' 0 2>/dev/null || :; done
EOF
chmod +x "$tmp/ipam"/*

# run STDIN VAR=VALUE...: the plugin with only these variables; its
# stdout in $out, stderr in $err, exit status in $rc.
run() {
	local input=$1
	shift
	out=$(printf '%s' "$input" | env -i "$@" $wrap "$plugin" 2>"$tmp/stderr")
	rc=$?
	# valgrind does not know NS_GET_NSTYPE (0xb703) and says so, harmlessly.
	err=$(grep -vE 'unhandled ioctl 0xb703|could cause spurious value|README_MISSING_SYSCALL' \
		"$tmp/stderr")
}

ENV_DEL=(CNI_COMMAND=DEL CNI_CONTAINERID=ctr1 CNI_IFNAME=eth0 CNI_NETNS=/nonexistent/netns
	 "CNI_PATH=relative/dir::$tmp/ipam")
ENV_ADD=(CNI_COMMAND=ADD CNI_CONTAINERID=ctr1 CNI_IFNAME=eth0 CNI_NETNS=/nonexistent/netns
	 "CNI_PATH=$tmp/ipam")

conf() {
	jq -c -n '{cniVersion: "1.0.0", name: "lbnet", type: "lbridge", bridge: "lbt0",
		   isGateway: true, ipam: {type: "fine"}}' | jq -c "${1:-.}"
}

# refused DESC CODE STDIN VAR=VALUE...
refused() {
	local desc=$1 code=$2
	shift 2
	run "$@"
	if [ "$rc" -eq 1 ] && [ -z "$err" ] && jq -e --argjson c "$code" '
		.code == $c and (.msg | length > 0) and (.details | type == "string") and
		(.cniVersion | type == "string")' <<<"$out" >/dev/null 2>&1; then
		ok "$desc"
	else
		not_ok "$desc" "exit status $rc (expected 1), code $code expected" "stdout: $out" \
			"stderr: $err"
	fi
}

# accepted DESC JQ STDIN VAR=VALUE...: exit 0, and stdout passes the jq test.
accepted() {
	local desc=$1 test=$2
	shift 2
	run "$@"
	if [ "$rc" -eq 0 ] && [ -z "$err" ] && jq -e "$test" <<<"${out:-null}" >/dev/null 2>&1; then
		ok "$desc"
	else
		not_ok "$desc" "exit status $rc (expected 0)" "stdout: $out" "stderr: $err"
	fi
}

# VERSION
accepted "VERSION answers in the version asked" \
	'.cniVersion == "0.4.0" and .supportedVersions == ["0.3.0", "0.3.1", "0.4.0", "1.0.0"]' \
	'{"cniVersion": "0.4.0"}' CNI_COMMAND=VERSION
accepted "VERSION without input" '.cniVersion == "1.0.0"' '' CNI_COMMAND=VERSION
accepted "VERSION asked in a version we lack still lists ours" \
	'.supportedVersions | index("1.0.0")' '{"cniVersion": "9.9.9"}' CNI_COMMAND=VERSION
refused "VERSION with bad JSON" 6 '{' CNI_COMMAND=VERSION

# The environment
refused "no CNI_COMMAND" 4 "$(conf)"
refused "an unknown CNI_COMMAND" 4 "$(conf)" CNI_COMMAND=GET
refused "no CNI_CONTAINERID" 4 "$(conf)" CNI_COMMAND=ADD CNI_IFNAME=eth0 CNI_NETNS=/x
refused "a CNI_CONTAINERID with '/'" 4 "$(conf)" CNI_COMMAND=ADD CNI_CONTAINERID=a/b \
	CNI_IFNAME=eth0 CNI_NETNS=/x
refused "a CNI_CONTAINERID of 256 bytes" 4 "$(conf)" CNI_COMMAND=ADD \
	CNI_CONTAINERID="$(printf 'a%.0s' {1..256})" CNI_IFNAME=eth0 CNI_NETNS=/x
refused "no CNI_IFNAME" 4 "$(conf)" CNI_COMMAND=ADD CNI_CONTAINERID=c CNI_NETNS=/x
refused "a CNI_IFNAME of 16 bytes" 4 "$(conf)" CNI_COMMAND=ADD CNI_CONTAINERID=c \
	CNI_IFNAME=eth0123456789abc CNI_NETNS=/x
refused "a CNI_IFNAME with a space" 4 "$(conf)" CNI_COMMAND=ADD CNI_CONTAINERID=c \
	"CNI_IFNAME=eth 0" CNI_NETNS=/x
refused "a CNI_IFNAME of '..'" 4 "$(conf)" CNI_COMMAND=ADD CNI_CONTAINERID=c CNI_IFNAME=.. \
	CNI_NETNS=/x
refused "no CNI_NETNS for ADD" 4 "$(conf)" CNI_COMMAND=ADD CNI_CONTAINERID=c CNI_IFNAME=eth0
refused "a relative CNI_NETNS" 4 "$(conf)" CNI_COMMAND=ADD CNI_CONTAINERID=c CNI_IFNAME=eth0 \
	CNI_NETNS=netns
refused "a CNI_NETNS that is no namespace" 4 "$(conf)" "${ENV_ADD[@]}" CNI_NETNS=/proc/self/status
refused "a CNI_NETNS that does not exist" 4 "$(conf)" "${ENV_ADD[@]}"
refused "CNI_ARGS with an empty pair" 4 "$(conf)" "${ENV_ADD[@]}" "CNI_ARGS=K8S_POD_NAME=a;;"
refused "CNI_ARGS with no '='" 4 "$(conf)" "${ENV_ADD[@]}" "CNI_ARGS=K8S_POD_NAME"
refused "CNI_ARGS with an unknown key" 4 "$(conf)" "${ENV_ADD[@]}" "CNI_ARGS=FOO=1"
accepted "CNI_ARGS with podman's pod name (capitals, '_', a control character, UTF-8)" \
	'. == null' "$(conf)" "${ENV_DEL[@]}" \
	"CNI_ARGS=K8S_POD_NAMESPACE=ns;K8S_POD_NAME=My_App$(printf '\001\303\251')"
accepted "CNI_ARGS with a MAC" '. == null' "$(conf)" "${ENV_DEL[@]}" "CNI_ARGS=MAC=02:aB:00:00:00:01"
refused "CNI_ARGS with a multicast MAC" 4 "$(conf)" "${ENV_ADD[@]}" "CNI_ARGS=MAC=01:00:5e:00:00:01"
refused "CNI_ARGS with a MAC that is no MAC" 4 "$(conf)" "${ENV_ADD[@]}" "CNI_ARGS=MAC=02:00:00:00:00:0g"
refused "a CNI_CONTAINERID too long for the port's alias" 4 "$(conf)" "${ENV_ADD[@]}" \
	CNI_CONTAINERID="$(printf 'a%.0s' {1..250})"
mkfifo "$tmp/fifo"
out=$(conf | env -i "${ENV_ADD[@]}" CNI_NETNS="$tmp/fifo" timeout 60 $wrap "$plugin" 2>"$tmp/stderr")
rc=$?
if [ "$rc" -eq 1 ] && jq -e '.code == 4' <<<"$out" >/dev/null; then ok "a CNI_NETNS that is a FIFO is refused, not waited on"; else not_ok "a CNI_NETNS that is a FIFO is refused, not waited on" "$rc: $out"; fi
refused "CNI_ARGS with a bad IgnoreUnknown" 4 "$(conf)" "${ENV_ADD[@]}" "CNI_ARGS=IgnoreUnknown=maybe"
refused "CNI_ARGS of 4 KiB" 4 "$(conf)" "${ENV_ADD[@]}" \
	"CNI_ARGS=IgnoreUnknown=1;X=$(printf 'x%.0s' {1..4100})"

# stdin
refused "bad JSON" 6 '{"cniVersion": ' "${ENV_ADD[@]}"
refused "an array" 6 '[1]' "${ENV_ADD[@]}"
refused "trailing data" 6 "$(conf) {}" "${ENV_ADD[@]}"
refused "nesting 17 deep" 6 "$(printf '{"a":%.0s' {1..17})1$(printf '}%.0s' {1..17})" "${ENV_ADD[@]}"
refused "more than 1 MiB" 6 "$(head -c 1100000 /dev/zero | tr '\0' ' ')" "${ENV_ADD[@]}"
out=$(printf '{"cniVersion": "1.0.0"}\0' | env -i "${ENV_ADD[@]}" $wrap "$plugin" 2>"$tmp/stderr")
rc=$?
if [ "$rc" -eq 1 ] && jq -e '.code == 6' <<<"$out" >/dev/null; then ok "a NUL byte after the object"; else not_ok "a NUL byte after the object" "$rc: $out"; fi

# The network configuration
refused "cniVersion 0.2.0" 1 "$(conf '.cniVersion = "0.2.0"')" "${ENV_ADD[@]}"
refused "no cniVersion" 7 "$(conf 'del(.cniVersion)')" "${ENV_ADD[@]}"
refused "a numeric cniVersion" 7 "$(conf '.cniVersion = 1')" "${ENV_ADD[@]}"
refused "no name" 7 "$(conf 'del(.name)')" "${ENV_ADD[@]}"
refused "a name with '/'" 7 "$(conf '.name = "a/b"')" "${ENV_ADD[@]}"
refused "a portSecurity that is a string" 7 "$(conf '.portSecurity = "true"')" "${ENV_ADD[@]}"
refused "a portSecurity that is a number" 7 "$(conf '.portSecurity = 1')" "${ENV_ADD[@]}"
refused "a bridge name of 16 bytes" 7 "$(conf '.bridge = "lb0123456789abcd"')" "${ENV_ADD[@]}"
refused "isGateway as a string" 7 "$(conf '.isGateway = "yes"')" "${ENV_ADD[@]}"
refused "ipMasq: an unsupported field" 2 "$(conf '.ipMasq = true')" "${ENV_ADD[@]}"
refused "a bridge name with a NUL" 7 "$(conf '.bridge = "lb0\u0000x"')" "${ENV_ADD[@]}"
refused "ipam.type lbridge (itself)" 7 "$(conf '.ipam.type = "lbridge"')" "${ENV_ADD[@]}"
refused "ADD with a prevResult (lbridge comes first in a chain)" 7 \
	"$(conf '.prevResult = {cniVersion: "1.0.0"}')" "${ENV_ADD[@]}"
refused "mtu 67" 7 "$(conf '.mtu = 67')" "${ENV_ADD[@]}"
refused "mtu 65536" 7 "$(conf '.mtu = 65536')" "${ENV_ADD[@]}"
refused "mtu as a string" 7 "$(conf '.mtu = "1500"')" "${ENV_ADD[@]}"
refused "ipam without a type" 7 "$(conf '.ipam = {subnet: "10.0.0.0/8"}')" "${ENV_ADD[@]}"
refused "isGateway without ipam" 7 "$(conf 'del(.ipam)')" "${ENV_ADD[@]}"
refused "CHECK in 0.3.1" 1 "$(conf '.cniVersion = "0.3.1"')" "${ENV_ADD[@]}" CNI_COMMAND=CHECK
refused "CHECK without prevResult" 7 "$(conf)" "${ENV_ADD[@]}" CNI_COMMAND=CHECK
refused "CHECK with a prevResult address that is no address" 7 \
	"$(conf '.prevResult = {ips: [{address: "10.0.0.300/24"}]}')" "${ENV_ADD[@]}" CNI_COMMAND=CHECK

# IPAM, through DEL of a container whose namespace is gone
accepted "DEL with the namespace gone and IPAM content" '. == null' "$(conf)" "${ENV_DEL[@]}"
accepted "DEL without CNI_NETNS" '. == null' "$(conf)" "${ENV_DEL[@]}" CNI_NETNS=
: >"$tmp/plain"
rm -f "$tmp/record.log"
accepted "DEL with CNI_NETNS a plain file (an unmounted namespace)" '. == null' \
	"$(conf '.ipam.type = "record"')" "${ENV_DEL[@]}" CNI_NETNS="$tmp/plain"
if [ "$(cat "$tmp/record.log" 2>/dev/null)" = "DEL ctr1" ]; then ok "... and it releases the lease"; else not_ok "... and it releases the lease" "IPAM saw: $(cat "$tmp/record.log" 2>/dev/null)"; fi
accepted "DEL with CNI_NETNS a FIFO" '. == null' "$(conf)" "${ENV_DEL[@]}" CNI_NETNS="$tmp/fifo"
refused "an ipam type with '/'" 7 "$(conf '.ipam.type = "../ipam/fine"')" "${ENV_DEL[@]}"
refused "an ipam type of '..'" 7 "$(conf '.ipam.type = ".."')" "${ENV_DEL[@]}"
refused "an IPAM plugin not in CNI_PATH" 101 "$(conf '.ipam.type = "none-such"')" "${ENV_DEL[@]}"
refused "an IPAM plugin only in a relative CNI_PATH entry" 101 "$(conf)" "${ENV_DEL[@]}" \
	CNI_PATH=relative
refused "IPAM's own well-known code passes through" 11 "$(conf '.ipam.type = "busy"')" \
	"${ENV_DEL[@]}"
refused "an IPAM plugin that fails without a word" 101 "$(conf '.ipam.type = "mute"')" \
	"${ENV_DEL[@]}"
refused "an IPAM plugin that floods stdout" 101 \
	"$(conf '.ipam.type = "flood" | .pad = ("x" * 900000)')" "${ENV_DEL[@]}"
accepted "DEL with an IPAM plugin that counts its sockets" '. == null' \
	"$(conf '.ipam.type = "fds"')" "${ENV_DEL[@]}"
if [ "$(cat "$tmp/fds.log" 2>/dev/null)" = 0 ]; then ok "... it inherits no netlink socket"; else not_ok "... it inherits no netlink socket" "sockets: $(cat "$tmp/fds.log" 2>/dev/null)"; fi
out=$(conf '.ipam.type = "stubborn"' | env -i "${ENV_DEL[@]}" timeout 120 $wrap "$plugin" 2>"$tmp/stderr")
rc=$?
if [ "$rc" -eq 1 ] && jq -e '.code == 101' <<<"$out" >/dev/null; then ok "an IPAM plugin that floods stdout and ignores SIGPIPE is killed"; else not_ok "an IPAM plugin that floods stdout and ignores SIGPIPE is killed" "$rc: $out"; fi

echo "1..$n"
[ "$failures" -eq 0 ]
