#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Traffic for the stress run, from one process (each Python start costs
seconds under the debug kernel), one thread per kind, each in its own
network namespace.

    traffic.py STOP_FILE LOG FAILURES MOVER_NS X M SERVER_NS SERVER_IP CLIENT_NS [RATE]

Raw frames, from MOVER_NS (whose eth0 and eth1 are two ports of one bridge):
  to-learned       frames from M out of eth0 to X, which is kept learned
                   behind eth1's port by frames from X out of eth1: known
                   unicast forwarded while the bridge's address may be
                   flipped to X
  unknown-unicast  the frames from X go to random unicast MACs nobody has
  mac-move         every 64th frame from M leaves through eth1 instead: M
                   moves between the two ports and back
RATE, if given and not 0, caps the frames to X per second (and as many
to random MACs): under the debug kernel an uncapped sender leaves the
other loops little of the machine.
TCP: a server in SERVER_NS sends 16 KiB to every connection; a client in
CLIENT_NS connects, asks, and checks it got it all.

Every send may fail (ports are deleted, bridges go down): failures are
counted, never fatal. Runs until STOP_FILE exists, then writes the counts
to LOG as the stress driver's log lines ("frames/KIND 0 COUNT"), and a
line to FAILURES for a thread that did not stop.
"""
import ctypes
import os
import random
import socket
import sys
import threading
import time

CLONE_NEWNET = 0x40000000
ETH_P_ALL = 0x0003
ETH_P_EXPERIMENTAL = 0x88B5
REPLY = b'x' * 16384

libc = ctypes.CDLL(None, use_errno=True)
counts = {}
lock = threading.Lock()


def count(kind, n=1):
    with lock:
        counts[kind] = counts.get(kind, 0) + n


def enter(netns):
    """Move the calling thread (only it) into a named network namespace."""
    fd = os.open('/run/netns/' + netns, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, 'setns %s: %s' % (netns, os.strerror(err)))
    finally:
        os.close(fd)


def mac(text):
    return bytes.fromhex(text.replace(':', ''))


def frame(dst, src):
    return dst + src + ETH_P_EXPERIMENTAL.to_bytes(2, 'big') + bytes(46)


def random_unicast():
    # Locally administered, unicast, and in a range no test device uses.
    return bytes([0x06, 0x77]) + random.randbytes(4)


def stopping(stop):
    return os.path.exists(stop)


def raw_sockets():
    socks = []
    for ifname in ('eth0', 'eth1'):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        s.bind((ifname, 0))
        socks.append(s)
    return socks


def raw_traffic(stop, netns, x, m, rate):
    enter(netns)
    socks = None
    sent = 0
    start = time.monotonic()
    while not stopping(stop):
        try:
            if socks is None:
                socks = raw_sockets()
            for _ in range(64):
                socks[0].send(frame(x, m))
                count('to-learned')
                socks[1].send(frame(random_unicast(), x))
                count('unknown-unicast')
            socks[1].send(frame(random_unicast(), m))
            count('mac-move')
            sent += 64
            # Leave the other threads the interpreter now and then.
            pause = 0.001
            if rate:
                pause = max(pause, start + sent / rate - time.monotonic())
            time.sleep(pause)
        except OSError:
            # A port went down or its veth was deleted: try again shortly.
            count('raw-send-errors')
            if socks:
                for s in socks:
                    s.close()
            socks = None
            time.sleep(0.2)


def tcp_server(stop, netns):
    enter(netns)
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(('0.0.0.0', 8000))
    srv.listen(16)
    srv.settimeout(0.5)
    while not stopping(stop):
        try:
            conn, _ = srv.accept()
        except OSError:
            continue
        try:
            conn.settimeout(5)
            conn.recv(64)
            conn.sendall(REPLY)
        except OSError:
            pass
        finally:
            conn.close()


def tcp_client(stop, netns, server_ip):
    enter(netns)
    while not stopping(stop):
        got = 0
        try:
            with socket.create_connection((server_ip, 8000), timeout=3) as c:
                c.sendall(b'GET\n')
                while True:
                    data = c.recv(65536)
                    if not data:
                        break
                    got += len(data)
        except OSError:
            pass
        if got == len(REPLY):
            count('ok')
        else:
            count('failed')
            time.sleep(0.5)


def main():
    if len(sys.argv) not in (10, 11):
        sys.exit(__doc__)
    stop, out, failures, mover, x, m, server, server_ip, client = sys.argv[1:10]
    rate = int(sys.argv[10]) if len(sys.argv) > 10 else 0
    threads = [
        threading.Thread(target=raw_traffic, name='raw', args=(stop, mover, mac(x), mac(m), rate)),
        threading.Thread(target=tcp_server, name='tcp-server', args=(stop, server)),
        threading.Thread(target=tcp_client, name='tcp-client', args=(stop, client, server_ip)),
    ]
    for t in threads:
        t.daemon = True
        t.start()
    while not stopping(stop):
        time.sleep(0.2)
    for t in threads:
        t.join(30)
    stuck = [t.name for t in threads if t.is_alive()]
    if stuck:
        with open(failures, 'a') as f:
            f.write('traffic.py: %s did not stop (stuck in a send or receive)\n' % ', '.join(stuck))
    with lock:
        result = dict(counts)
    with open(out + '.tmp', 'w') as f:
        for kind, n in sorted(result.items()):
            group = 'tcp' if kind in ('ok', 'failed') else 'frames'
            f.write('%s/%s 0 %d\n' % (group, kind, n))
    os.replace(out + '.tmp', out)


if __name__ == '__main__':
    main()
