#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count the frames an interface receives for one destination MAC.

    count-frames.py IFACE DEST_MAC COUNT_FILE

Writes "ready" to COUNT_FILE once listening, then the running count after
every matching frame, until killed. Interface counters count everything
(ARP from anyone, say); this counts exactly the frames a test is about.
"""
import socket
import sys

ETH_P_ALL = 0x0003

iface, dest, path = sys.argv[1], bytes.fromhex(sys.argv[2].replace(':', '')), sys.argv[3]
sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
sock.bind((iface, 0))


def report(text):
    with open(path + '.tmp', 'w') as f:
        f.write(text + '\n')
    # Atomic, so a reader never sees a half-written file.
    import os
    os.replace(path + '.tmp', path)


report('ready')
count = 0
while True:
    frame, addr = sock.recvfrom(65535)
    # Only what arrived from the wire, not what this host sent.
    if addr[2] == socket.PACKET_OUTGOING:
        continue
    if frame[:6] == dest:
        count += 1
        report(str(count))
