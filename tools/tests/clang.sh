#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every source compiles with clang too, with the same warnings as errors
# (clang warns about more, -Wmissing-field-initializers on positional
# initialisers among them). Syntax only: the build stays gcc's. Skipped
# where clang is not installed. From tools/, after `make`; LBR_CFLAGS
# from the Makefile.
set -uo pipefail
cd "$(dirname "$0")/.."

CLANG=${CLANG:-clang}
if ! command -v "$CLANG" >/dev/null; then
	echo "# clang: not installed, not checked"
	exit 0
fi
# shellcheck disable=SC2086
flags=${LBR_CFLAGS:-"-std=gnu11 -Wall -Wextra -Werror -I../uapi $(pkg-config --cflags libmnl json-c)"}
for f in *.c tests/*.c docker/*.c cni/*.c; do
	[ -e "$f" ] || continue
	# -I. first for the tests, as the Makefile does.
	# shellcheck disable=SC2086
	if out=$("$CLANG" -I. $flags -fsyntax-only "$f" 2>&1); then
		echo "ok - clang: $f"
	else
		printf '%s\n' "$out" | head -20 | sed 's/^/#   /'
		echo "not ok - clang: $f"
	fi
done
