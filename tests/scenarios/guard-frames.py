#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Frames a spoofing container would send, and a counter of them.

    guard-frames.py send IFACE KIND [KEY=VALUE...] [+ KIND [KEY=VALUE...]]...
        send each frame count= times (1), in order
    guard-frames.py serve IFACE
        the same for each line read from stdin (KIND [KEY=VALUE...] [+ ...]),
        printing "sent N" (frames) after each: one interpreter started for
        a whole scenario, not one per send
    guard-frames.py hex KIND [KEY=VALUE...]          print the frame, hex, send nothing
    guard-frames.py count IFACE FILE src=MAC
        count the frames from MAC that IFACE receives, by kind, until
        killed: FILE holds "ready" once listening, then a line "KIND N"
        for each kind seen ("udp:PORT N" for UDP, by destination port)
    guard-frames.py self-test                        check the builders (no network)

KINDs and their keys (MACs aa:bb:.., addresses as ip(8) writes them):
    arp     ARP reply: src (Ethernet and sender MAC), dst (Ethernet and
            target MAC), sip (sender address), tip (target address,
            default sip); with dst ff:ff:ff:ff:ff:ff (the default) and no
            tip, a gratuitous one: target = sender, address and MAC, which
            a Linux receiver takes over whatever it cached (arp_is_garp)
    udp     IPv4/UDP: src, dst, sip, dip, sport, dport, data
    ra      IPv6 Router Advertisement from src's link-local address to all
            nodes, with src as its source link-layer address and a prefix
            option (prefix=fd99::/64), router lifetime (lifetime=, s)
    na      unsolicited Neighbour Advertisement for target from src to all
            nodes, with src as target link-layer address (override set)
    offer   DHCPOFFER from a server: src, sip (its address), yiaddr, chaddr
            (the client's MAC), xid, broadcast to ff:ff:ff:ff:ff:ff

Only the standard library: packet sockets (AF_PACKET), so the kernel's own
ARP and ND state play no part in what is sent.
"""
import os
import socket
import struct
import sys

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
ETH_P_ARP = 0x0806
ETH_P_IPV6 = 0x86DD
BROADCAST = "ff:ff:ff:ff:ff:ff"


def mac(text):
    b = bytes.fromhex(text.replace(":", ""))
    if len(b) != 6:
        raise ValueError("not a MAC: %r" % text)
    return b


def ip4(text):
    return socket.inet_pton(socket.AF_INET, text)


def ip6(text):
    return socket.inet_pton(socket.AF_INET6, text)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def eth(dst, src, ethertype, payload):
    frame = mac(dst) + mac(src) + struct.pack("!H", ethertype) + payload
    return frame + b"\0" * max(0, 60 - len(frame))


def link_local(m):
    """fe80:: with the EUI-64 of MAC m."""
    b = bytearray(mac(m))
    b[0] ^= 0x02
    return b"\xfe\x80" + b"\0" * 6 + bytes(b[:3]) + b"\xff\xfe" + bytes(b[3:])


def ipv4(src, dst, proto, payload, ttl=64):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0x1234, 0x4000, ttl,
                      proto, 0, src, dst)
    hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return hdr + payload


def udp4(src, dst, sport, dport, data):
    length = 8 + len(data)
    pseudo = src + dst + struct.pack("!BBH", 0, 17, length)
    hdr = struct.pack("!HHHH", sport, dport, length, 0)
    c = checksum(pseudo + hdr + data) or 0xFFFF
    return ipv4(src, dst, 17, hdr[:6] + struct.pack("!H", c) + data)


def icmp6(src, dst, body):
    """IPv6 (hop limit 255, as ND needs) carrying ICMPv6 @body, its
    checksum field zero, filled in here."""
    pseudo = src + dst + struct.pack("!IxxxB", len(body), 58)
    c = checksum(pseudo + body)
    body = body[:2] + struct.pack("!H", c) + body[4:]
    return struct.pack("!IHBB", 0x60000000, len(body), 58, 255) + src + dst + body


ALL_NODES = "ff02::1"
ALL_NODES_MAC = "33:33:00:00:00:01"


def build(kind, kv):
    src = kv.get("src")
    if kind == "arp":
        dst = kv.get("dst", BROADCAST)
        sip = kv["sip"]
        tip = kv.get("tip", sip)
        tha = mac(dst) if dst != BROADCAST else mac(src)
        payload = struct.pack("!HHBBH6s4s6s4s", 1, ETH_P_IP, 6, 4, 2, mac(src), ip4(sip),
                              tha, ip4(tip))
        return eth(dst, src, ETH_P_ARP, payload)
    if kind == "udp":
        data = kv.get("data", "lbridge-guard").encode()
        return eth(kv["dst"], src, ETH_P_IP,
                   udp4(ip4(kv["sip"]), ip4(kv["dip"]), int(kv.get("sport", 40000)),
                        int(kv.get("dport", 9999)), data))
    if kind == "ra":
        prefix, _, plen = kv.get("prefix", "fd99::/64").partition("/")
        body = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, int(kv.get("lifetime", 0)), 0, 0)
        body += struct.pack("!BB6s", 1, 1, mac(src))
        body += struct.pack("!BBBBIII16s", 3, 4, int(plen or 64), 0xC0, 3600, 1800, 0,
                            ip6(prefix))
        return eth(ALL_NODES_MAC, src, ETH_P_IPV6, icmp6(link_local(src), ip6(ALL_NODES), body))
    if kind == "na":
        body = struct.pack("!BBHI16s", 136, 0, 0, 0x20000000, ip6(kv["target"]))
        body += struct.pack("!BB6s", 2, 1, mac(src))
        sip = ip6(kv["sip"]) if "sip" in kv else link_local(src)
        return eth(ALL_NODES_MAC, src, ETH_P_IPV6, icmp6(sip, ip6(ALL_NODES), body))
    if kind == "offer":
        chaddr = mac(kv["chaddr"])
        server = ip4(kv["sip"])
        bootp = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 2, 1, 6, 0,
                            int(kv.get("xid", "0x4c42"), 0), 0, 0x8000, b"\0" * 4,
                            ip4(kv["yiaddr"]), server, b"\0" * 4, chaddr + b"\0" * 10,
                            b"", b"")
        opts = b"\x63\x82\x53\x63"
        opts += b"\x35\x01\x02"                        # DHCPOFFER
        opts += b"\x36\x04" + server                   # server identifier
        opts += b"\x01\x04" + ip4(kv.get("mask", "255.255.255.0"))
        opts += b"\x03\x04" + server                   # router
        opts += b"\x33\x04" + struct.pack("!I", 600)   # lease time
        opts += b"\xff"
        return eth(BROADCAST, src, ETH_P_IP,
                   udp4(server, ip4("255.255.255.255"), 67, 68, bootp + opts))
    raise SystemExit("guard-frames: unknown kind %r" % kind)


def classify(frame):
    """(kind, details) of a frame, kinds as build() names them, or None."""
    if len(frame) < 14:
        return None
    et = struct.unpack_from("!H", frame, 12)[0]
    p = frame[14:]
    if et == ETH_P_ARP and len(p) >= 28:
        op = struct.unpack_from("!H", p, 6)[0]
        return ("arp", {"op": op, "sha": p[8:14], "spa": p[14:18], "tpa": p[24:28]})
    if et == ETH_P_IP and len(p) >= 20 and p[0] >> 4 == 4:
        ihl = (p[0] & 15) * 4
        if p[9] == 17 and len(p) >= ihl + 8:
            sport, dport = struct.unpack_from("!HH", p, ihl)
            if sport == 67 and dport == 68 and len(p) >= ihl + 8 + 240:
                return ("offer", {"yiaddr": p[ihl + 8 + 16:ihl + 8 + 20]})
            return ("udp", {"sport": sport, "dport": dport, "src": p[12:16]})
        return None
    if et == ETH_P_IPV6 and len(p) >= 41 and p[6] == 58:
        t = p[40]
        if t == 134:
            return ("ra", {})
        if t == 136:
            return ("na", {"target": p[48:64]})
    return None


def report(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text + "\n")
    # Atomic, so a reader never sees a half-written file.
    os.replace(path + ".tmp", path)


def count(iface, path, kv):
    src = mac(kv["src"])
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.bind((iface, 0))
    seen = {}
    report(path, "ready")
    while True:
        frame, addr = sock.recvfrom(65535)
        # Only what arrived from the wire, not what this host sent.
        if addr[2] == socket.PACKET_OUTGOING or frame[6:12] != src:
            continue
        c = classify(frame)
        if c is None:
            continue
        kind = c[0] if c[0] != "udp" else "udp:%d" % c[1]["dport"]
        seen[kind] = seen.get(kind, 0) + 1
        report(path, "ready\n" + "\n".join("%s %d" % kv for kv in sorted(seen.items())))


def parse_kv(words):
    kv = {}
    for w in words:
        k, sep, v = w.partition("=")
        if not sep:
            raise SystemExit("guard-frames: %r is not KEY=VALUE" % w)
        kv[k] = v
    return kv


def self_test():
    bad = []
    a = build("arp", {"src": "02:12:00:00:00:03", "dst": "02:12:00:00:00:01",
                      "sip": "10.12.0.2", "tip": "10.12.0.1"})
    c = classify(a)
    if len(a) != 60 or c[0] != "arp" or c[1]["op"] != 2 or c[1]["spa"] != ip4("10.12.0.2") \
            or c[1]["sha"] != mac("02:12:00:00:00:03") or a[:6] != mac("02:12:00:00:00:01"):
        bad.append("arp: %s" % a.hex())
    g = build("arp", {"src": "02:12:00:00:00:03", "sip": "10.12.0.2"})
    if g[:6] != b"\xff" * 6 or classify(g)[1]["tpa"] != ip4("10.12.0.2") or \
            g[14 + 18:14 + 24] != mac("02:12:00:00:00:03"):
        bad.append("gratuitous arp: %s" % g.hex())
    u = build("udp", {"src": "02:12:00:00:00:03", "dst": "02:12:00:00:00:01",
                      "sip": "10.12.0.2", "dip": "10.12.0.1", "dport": "9999"})
    ip = u[14:]
    if checksum(ip[:20]) != 0:
        bad.append("udp: IPv4 header checksum")
    length = struct.unpack_from("!H", ip, 24)[0]
    if checksum(ip[12:20] + struct.pack("!BBH", 0, 17, length) + ip[20:20 + length]) != 0:
        bad.append("udp: UDP checksum")
    if classify(u) != ("udp", {"sport": 40000, "dport": 9999, "src": ip4("10.12.0.2")}):
        bad.append("udp: %r" % (classify(u),))
    for kind, kv in (("ra", {"src": "02:12:00:00:00:03"}),
                     ("na", {"src": "02:12:00:00:00:03", "target": "fd12::2"})):
        f = build(kind, kv)
        p = f[14:]
        plen = struct.unpack_from("!H", p, 4)[0]
        pseudo = p[8:24] + p[24:40] + struct.pack("!IxxxB", plen, 58)
        if checksum(pseudo + p[40:40 + plen]) != 0 or p[7] != 255 or len(p) != 40 + plen:
            bad.append("%s: ICMPv6 checksum, hop limit or length: %s" % (kind, f.hex()))
        if classify(f)[0] != kind or f[:6] != mac(ALL_NODES_MAC):
            bad.append("%s: %s" % (kind, f.hex()))
    ll = link_local("02:12:00:00:00:03")
    if socket.inet_ntop(socket.AF_INET6, ll) != "fe80::12:ff:fe00:3":
        bad.append("link-local of 02:12:00:00:00:03 is %s" % socket.inet_ntop(socket.AF_INET6, ll))
    o = build("offer", {"src": "02:12:00:00:00:03", "sip": "10.12.0.3",
                        "yiaddr": "10.12.0.200", "chaddr": "02:12:00:00:00:01"})
    c = classify(o)
    if c != ("offer", {"yiaddr": ip4("10.12.0.200")}) or o[14 + 20 + 8 + 28:14 + 20 + 8 + 34] \
            != mac("02:12:00:00:00:01") or checksum(o[14:34]) != 0:
        bad.append("offer: %r %s" % (c, o.hex()))
    for b in bad:
        print("guard-frames self-test: %s" % b)
    if not bad:
        print("guard-frames self-test: ok")
    return 1 if bad else 0


def send(sock, words):
    """Send the frames of "KIND [KEY=VALUE...] [+ KIND ...]", in order."""
    frames = []
    for spec in " ".join(words).split(" + "):
        spec = spec.split()
        kv = parse_kv(spec[1:])
        n = int(kv.pop("count", "1"))
        frames += [build(spec[0], kv)] * n
    for frame in frames:
        sock.send(frame)
    return len(frames)


def main(argv):
    if len(argv) >= 1 and argv[0] == "self-test":
        return self_test()
    if len(argv) >= 2 and argv[0] == "hex":
        print(build(argv[1], parse_kv(argv[2:])).hex())
        return 0
    if len(argv) >= 3 and argv[0] == "send":
        sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        sock.bind((argv[1], 0))
        send(sock, argv[2:])
        return 0
    if len(argv) == 2 and argv[0] == "serve":
        sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        sock.bind((argv[1], 0))
        for line in sys.stdin:
            if line.strip():
                print("sent %d" % send(sock, line.split()), flush=True)
        return 0
    if len(argv) >= 3 and argv[0] == "count":
        count(argv[1], argv[2], parse_kv(argv[3:]))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
