#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A crowd of containers resolving each other, as raw ARP on veth far ends.

    arp-crowd.py PREFIX COUNT

Interfaces PREFIX0 .. PREFIX{COUNT-1} (in the namespace this runs in) are
the containers: container i has MAC 02:c0:00:00:HH:LL and IP 10.200.HH.LL
(HH:LL = i + 1). Each announces itself (gratuitous ARP), then asks for its
next neighbour's MAC. Prints, as "key value" lines:

    announced N     gratuitous ARPs sent
    answered N      requests answered with the neighbour's right MAC
    requests_seen N ARP requests (other than announcements) that reached a
                    container they were not from

and exits once every request is answered or after the deadline (60 s).
"""
import select
import socket
import struct
import sys
import time

ETH_P_ARP = 0x0806
BROADCAST = b"\xff" * 6


def mac(i):
    return bytes([0x02, 0xC0, 0, 0, (i + 1) >> 8, (i + 1) & 0xFF])


def ip(i):
    return bytes([10, 200, (i + 1) >> 8, (i + 1) & 0xFF])


def arp(op, sha, sip, tha, tip, dest):
    eth = dest + sha + struct.pack("!H", ETH_P_ARP)
    body = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, op, sha, sip, tha, tip)
    return (eth + body).ljust(60, b"\0")


def parse(frame):
    if len(frame) < 42 or struct.unpack("!H", frame[12:14])[0] != ETH_P_ARP:
        return None
    _, _, _, _, op, sha, sip, tha, tip = struct.unpack("!HHBBH6s4s6s4s", frame[14:42])
    return op, sha, sip, tha, tip


def main():
    prefix, count = sys.argv[1], int(sys.argv[2])
    socks = []
    for i in range(count):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ARP))
        s.bind((prefix + str(i), 0))
        s.setblocking(False)
        socks.append(s)
    by_fd = {s.fileno(): i for i, s in enumerate(socks)}
    poll = select.poll()
    for s in socks:
        poll.register(s, select.POLLIN)

    answered = set()
    requests_seen = 0

    def drain(deadline):
        nonlocal requests_seen
        while time.monotonic() < deadline:
            events = poll.poll(200)
            if not events:
                return
            for fd, _ in events:
                i = by_fd[fd]
                while True:
                    try:
                        frame = socks[i].recv(2048)
                    except BlockingIOError:
                        break
                    got = parse(frame)
                    if not got:
                        continue
                    op, sha, sip, _, tip = got
                    if op == 1 and sip != tip and sha != mac(i):
                        requests_seen += 1
                    want = (i + 1) % count
                    if op == 2 and tip == ip(i) and sip == ip(want) and sha == mac(want):
                        answered.add(i)

    for i, s in enumerate(socks):
        s.send(arp(1, mac(i), ip(i), b"\0" * 6, ip(i), BROADCAST))
        if i % 16 == 15:
            drain(time.monotonic() + 0.05)
    # The announcements flood: let them drain before anyone asks.
    drain(time.monotonic() + 60)
    requests_seen = 0
    for i, s in enumerate(socks):
        want = (i + 1) % count
        s.send(arp(1, mac(i), ip(i), b"\0" * 6, ip(want), BROADCAST))
    deadline = time.monotonic() + 60
    while len(answered) < count and time.monotonic() < deadline:
        drain(deadline)
    print("announced", count)
    print("answered", len(answered))
    print("requests_seen", requests_seen)


main()
