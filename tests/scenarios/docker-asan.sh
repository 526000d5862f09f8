#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lbridge-docker under AddressSanitizer, LeakSanitizer and UBSan on the
# build host (no VM, no module, nothing changed): docker-protocol.py's
# refusals, then the socket's handling (a live plugin's socket is not
# taken over, a dead one's is replaced), and a log free of reports.
#   tests/scenarios/docker-asan.sh [BINARY]
# BINARY: a sanitized build made elsewhere; by default one is built here.
# Prints TAP lines; exits non-zero if any check failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
name=docker-asan
failures=0
work=$(mktemp -d)
sock=$work/run/plugins/lbridge.sock
bin=${1:-$work/lbridge-docker}
pid=
stop() { [ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid"; }; pid=; }
trap 'stop; rm -rf "$work"' EXIT

pass() { printf 'ok - %s: %s\n' "$name" "$1"; }
fail() {
	printf 'not ok - %s: %s\n' "$name" "$1"
	shift
	printf '#   %s\n' "$@"
	failures=$((failures + 1))
}
answers() {
	curl -sf --max-time 5 --unix-socket "$sock" -X POST http://plugin/Plugin.Activate |
		grep -q NetworkDriver
}
# start: the plugin, in the background, until it answers (10 s at most).
start() {
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 "$bin" --socket "$sock" 2>>"$work/log" &
	pid=$!
	for _ in $(seq 100); do
		answers && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	return 1
}

cd "$top/tools" || exit 1
if [ $# -gt 0 ]; then
	[ -x "$bin" ] || { fail "$bin is a program"; exit 1; }
elif ${CC:-cc} -O1 -g -std=gnu11 -Wall -Wextra -Werror -I../uapi \
	$(pkg-config --cflags json-c) -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all -o "$bin" docker/*.c netlink.c link.c \
	$(pkg-config --libs libmnl json-c libmicrohttpd) 2>"$work/cc"; then
	pass "builds with -fsanitize=address,undefined"
else
	fail "builds with -fsanitize=address,undefined" "$(cat "$work/cc")"
	exit 1
fi

if start; then pass "starts, creating the socket's directory"; else fail "starts" "$(cat "$work/log")"; fi
mode=$(stat -c %a "$sock")
[ "$mode" = 600 ] && pass "the socket is for root alone (0600)" ||
	fail "the socket is for root alone (0600)" "mode $mode"

dmode=$(stat -c %a "$work/run" "$work/run/plugins" | tr '\n' ' ')
[ "$dmode" = "700 700 " ] && pass "the directories it creates are for root alone (0700)" ||
	fail "the directories it creates are for root alone (0700)" "modes $dmode"
# The socket's own mode, not the directories', must stop them: open the
# way to it for the moment of the check. curl's 7: it could not connect.
chmod 755 "$work" "$work/run" "$work/run/plugins"
setpriv --reuid=65534 --regid=65534 --clear-groups \
	curl -s --max-time 5 --unix-socket "$sock" -X POST http://plugin/Plugin.Activate \
	>/dev/null 2>&1
rc=$?
chmod 700 "$work" "$work/run" "$work/run/plugins"
[ "$rc" -eq 7 ] && pass "a user other than root cannot connect" ||
	fail "a user other than root cannot connect" "curl as nobody ended with status $rc"

out=$("$top/tests/scenarios/docker-protocol.py" "$sock" 2>&1)
rc=$?
printf '%s\n' "$out"
failures=$((failures + $(grep -c '^not ok' <<<"$out")))
[ "$rc" -eq 0 ] || grep -q '^not ok' <<<"$out" || fail "docker-protocol.py ran to a verdict" "status $rc"

if timeout 10 "$bin" --socket "$sock" 2>"$work/second"; then
	fail "a second plugin refuses a live socket" "it ran"
elif grep -q "another plugin is listening" "$work/second" && answers; then
	pass "a second plugin refuses a live socket, which keeps working"
else
	fail "a second plugin refuses a live socket" "$(cat "$work/second")"
fi

{ kill -9 "$pid"; wait "$pid"; } 2>/dev/null
pid=
if [ -S "$sock" ] && start; then
	pass "a killed plugin's stale socket is replaced"
else
	fail "a killed plugin's stale socket is replaced" "$(cat "$work/log")"
fi
stop
[ ! -e "$sock" ] && pass "stopping removes the socket" || fail "stopping removes the socket"

# Whatever is at the path that is not a dead plugin's socket is kept.
echo keep >"$work/file"
if timeout 10 "$bin" --socket "$work/file" 2>"$work/second"; then
	fail "a regular file at the socket's path is refused" "it ran"
elif [ "$(cat "$work/file" 2>/dev/null)" = keep ] && grep -q "not a socket" "$work/second"; then
	pass "a regular file at the socket's path is refused and kept"
else
	fail "a regular file at the socket's path is refused and kept" "$(cat "$work/second")"
fi
# A directory others may write to is refused: they could swap the socket.
mkdir -p "$work/open" && chmod 0777 "$work/open"
if timeout 10 "$bin" --socket "$work/open/lbridge.sock" 2>"$work/second"; then
	fail "a world-writable directory is refused" "it ran"
elif [ ! -e "$work/open/lbridge.sock" ] && grep -q "writable" "$work/second"; then
	pass "a world-writable directory is refused"
else
	fail "a world-writable directory is refused" "$(cat "$work/second")"
fi

if grep -q 'Sanitizer\|runtime error' "$work/log"; then
	fail "no sanitizer report" "$(grep -A20 'Sanitizer\|runtime error' "$work/log")"
else
	pass "no sanitizer report"
fi
[ "$failures" -eq 0 ]
