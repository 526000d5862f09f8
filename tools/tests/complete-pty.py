#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Drives bash's own completion: an interactive bash on a pseudo-terminal,
the completion loaded, each line of stdin typed and followed by a TAB.

Readline splits the line into COMP_WORDS by COMP_WORDBREAKS as it does for
a user (a MAC address is several words), calls the completion function,
and a probe wrapped around it prints COMPREPLY. One output line per input
line: the replies, space-separated. Usage: complete-pty.py SETUP_FILE
(sourced first: stubs, and the completion under test)."""
import os
import pty
import re
import select
import sys
import time

DEADLINE = 30  # seconds for bash to answer one line, however slow the host

PROBE = r'''
_lbrctl_probe() {
	_lbrctl "$@"
	local IFS=' '
	printf '\n@@%s@@\n' "${COMPREPLY[*]}" >/dev/tty
	COMPREPLY=()
}
complete -F _lbrctl_probe lbrctl
PS1='@rea''dy@ '
'''


def read_until(fd, pattern, buf):
    """Reads the terminal until pattern matches; returns (match, rest)."""
    end = time.monotonic() + DEADLINE
    while True:
        m = re.search(pattern, buf)
        if m:
            return m, buf[m.end():]
        left = end - time.monotonic()
        if left <= 0:
            sys.exit("complete-pty: bash did not answer: %r" % buf[-300:])
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b''
            if not data:
                sys.exit("complete-pty: bash exited: %r" % buf[-300:])
            buf += data.decode(errors='replace')


def main():
    setup = sys.argv[1]
    lines = sys.stdin.read().splitlines()
    env = dict(os.environ, TERM='dumb', HISTFILE='/dev/null', INPUTRC='/dev/null')
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe('bash', ['bash', '--norc', '--noprofile', '-i'], env)
    os.write(fd, ('. %s\n%s\n' % (setup, PROBE)).encode())
    _, buf = read_until(fd, r'@ready@ ', '')
    for line in lines:
        os.write(fd, (line + '\t').encode())
        m, buf = read_until(fd, r'@@(.*?)@@', buf)
        print(m.group(1), flush=True)
        # Ctrl-U: the line is dropped, and a new prompt comes once bash is ready.
        os.write(fd, b'\x15\n')
        _, buf = read_until(fd, r'@ready@ ', buf)
    os.write(fd, b'exit\n')
    os.waitpid(pid, 0)


main()
