#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Raw requests to the lbridge generic netlink family, for the scenarios.

lbrctl validates its input before the kernel sees it; these requests are
built by hand so that the module's own policy and checks answer them.

  genl-probe.py cases [--tap NAME] [--snapshot BRIDGE] [FILE]
      One request per line (FILE or stdin), each answered with one TAP line:
        EXPECT CMD [dump] [noack] [ATTR=KIND:VALUE ...] -- description
      EXPECT is OK or an errno name, optionally ~TEXT: the extack message
      must contain TEXT (or one of TEXT|TEXT...). Every error but EPERM
      (which the generic netlink core gives without a message) must carry
      an extack message or a missing-attribute report. CMD is a command's
      name without LBRIDGE_CMD_ (or a number). ATTR is a path of segments
      joined by dots, each an attribute of the space the one before opened:
      BRIDGE.IFNAME is LBRIDGE_BRIDGE_A_IFNAME in an LBRIDGE_A_BRIDGE nest;
      PORT.STATS.RX_PACKETS goes one level deeper. A segment is a name
      without its enum's prefix, a number, or MAX+N (past that space's
      last attribute); "|NESTED" sets NLA_F_NESTED on the last segment,
      "|FLAT" leaves it off a nest (nests have it otherwise). Consecutive
      words that open the same nest share one; a word "," closes them, so
      that the next word opens new ones. KIND is
      u8, u16, u32, u64 (VALUE an expression of numbers and uapi names, or
      @DEV: that device's ifindex here), str (NUL added), raw (no NUL), mac
      (any number of hex bytes, colon-separated), hex, or empty. With
      --snapshot, the bridge's settings, ports and FDB must be the same
      after the requests as before (one more TAP line). With --every-admin
      ATTRS, one more case per command the family flags as needing
      CAP_NET_ADMIN (whatever the header holds): EPERM CMD ATTRS.
  genl-probe.py --dry-run cases [FILE]
      No kernel: build every case, print it decoded, and check that every
      attribute it names is one the header has (@DEV is then a made-up
      ifindex).
  genl-probe.py snapshot BRIDGE
      The bridge's settings, ports and FDB entries (without ages), sorted.
  genl-probe.py fill-fdb PORT COUNT
      COUNT static entries 02:f0:.. on PORT (a port's name).
  genl-probe.py hold-dump BRIDGE [--compact] --read N --ready FILE --go FILE --result FILE
      Start an FDB dump of BRIDGE (the compact form with --compact), read
      N datagrams of it, write FILE --ready, wait (while the socket stays
      open) until --go exists, then read the rest and write how it ended
      to --result.
  genl-probe.py fdb-forms BRIDGE
      Dump BRIDGE's FDB entry by entry and in the compact form: the same
      entries (MAC, state, port), each once, the compact form in fewer
      messages, its records of the size it says. Exit status 1 if not.
"""

import argparse
import errno
import json
import os
import shlex
import struct
import sys
import time

# No __pycache__ in the checkout, which the test VM writes to.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lbgenl as nl  # noqa: E402


def parse_segment(space, tok):
    """(type, flags, space of what it holds) of one segment of a path."""
    flags = 0
    nest_flag = None
    while "|" in tok:
        tok, _, flag = tok.rpartition("|")
        if flag == "NESTED":
            flags |= nl.NLA_F_NESTED
        elif flag == "FLAT":
            nest_flag = False
        else:
            raise nl.Error("unknown flag |%s" % flag)
    if space is not None and (tok == "MAX" or tok.startswith("MAX+")):
        return space.max + int(tok[4:] or "0"), flags, None, nest_flag
    if tok.isdigit():
        return int(tok), flags, None, nest_flag
    if space is None:
        raise nl.Error("%s: inside a number, types are numbers" % tok)
    if tok not in space:
        raise nl.Error("no %s%s in the header" % (space.prefix, tok))
    return space[tok], flags, space.child(tok), nest_flag


DRY_RUN = False


def parse_int(u, value):
    if value.startswith("@") and DRY_RUN:
        return 1000 + len(value)
    if value.startswith("@"):
        idx = nl.ifindex(value[1:])
        if idx is None:
            raise nl.Error("no device %s here" % value[1:])
        return idx
    return u.eval(value)


def leaf_payload(u, kind, value, spec):
    sizes = {"u8": "=B", "u16": "=H", "u32": "=I", "u64": "=Q"}
    if kind in sizes:
        bits = struct.calcsize(sizes[kind]) * 8
        return struct.pack(sizes[kind], parse_int(u, value) & ((1 << bits) - 1))
    if kind == "str":
        return value.encode() + b"\0"
    if kind == "raw":
        return value.encode()
    if kind == "mac":
        return bytes(int(x, 16) for x in value.split(":")) if value else b""
    if kind == "hex":
        return bytes.fromhex(value)
    if kind == "empty":
        return b""
    raise nl.Error("unknown attribute kind %r in %r" % (kind, spec))


def build_attrs(u, words):
    """The attributes of a case: each word PATH=KIND:VALUE, where PATH is
    segments joined by dots, each one an attribute of the space the one
    before opened (the top level first: BRIDGE.IFNAME is IFNAME inside a
    BRIDGE nest). Consecutive words that open the same nest share it; a
    word "," closes every open nest."""
    tree = []          # [type, flags, children list or payload bytes]
    fresh = True
    for w in words:
        if w == ",":
            fresh = True
            continue
        path, _, rest = w.partition("=")
        kind, _, value = rest.partition(":")
        segs = path.split(".")
        level, space = tree, u.top
        for n, seg in enumerate(segs):
            atype, flags, child, nest_flag = parse_segment(space, seg)
            if n == len(segs) - 1:
                level.append([atype, flags, leaf_payload(u, kind, value, w)])
                break
            flags |= 0 if nest_flag is False else nl.NLA_F_NESTED
            last = level[-1] if level else None
            if (fresh or last is None or last[0] != atype or last[1] != flags or
                    not isinstance(last[2], list)):
                last = [atype, flags, []]
                level.append(last)
            level, space = last[2], child
            fresh = False
        fresh = False

    def emit(nodes):
        return b"".join(nl.nla(t, emit(p) if isinstance(p, list) else p, f) for t, f, p in nodes)
    return emit(tree)


def parse_case(u, line):
    spec, sep, desc = line.partition(" -- ")
    if not sep:
        raise nl.Error("no ' -- description' in %r" % line)
    words = shlex.split(spec)
    expect, _, text = words[0].partition("~")
    if expect != "OK" and not hasattr(errno, expect):
        raise nl.Error("unknown errno %s" % expect)
    cmd = int(words[1]) if words[1].isdigit() else u.cmd(words[1])
    dump = "dump" in words[2:]
    ack = "noack" not in words[2:]
    attrs = build_attrs(u, [w for w in words[2:] if w not in ("dump", "noack")])
    return {"expect": expect, "text": text, "cmd": cmd, "dump": dump,
            "ack": ack, "attrs": attrs, "desc": desc.strip()}


def judge(case, a):
    """None if the answer is what the case expects, else why not."""
    want = 0 if case["expect"] == "OK" else getattr(errno, case["expect"])
    if a.errno != want:
        return "expected %s, got %s" % (case["expect"], a.describe())
    # Linux 6.1 hands a dump's start no extack to fill: a dump refused
    # there comes with its errno alone. A command the family does not have
    # is the generic netlink core's EOPNOTSUPP, without a message.
    if (want and want not in (errno.EPERM, errno.EOPNOTSUPP) and not a.extack
            and a.miss_type is None and not case["dump"]):
        return "%s came without an extack message" % a.errname()
    if case["text"] and not any(t in (a.extack or "") for t in case["text"].split("|")):
        return "expected a message with %r, got %s" % (case["text"], a.describe())
    return None


def snapshot(lb, bridge):
    """The bridge's state as sorted lines; counters of traffic left out."""
    br_attr = {"BRIDGE": {"IFNAME": bridge}}
    a = lb.request("GET_BRIDGE", br_attr)
    if a.errno:
        raise nl.Error("GET_BRIDGE %s: %s" % (bridge, a.describe()))
    lines = []
    for rec in lb.records(a):
        lines.append("bridge " + " ".join(
            "%s=%s" % (k, v.hex()) for k, v in sorted(rec.get("BRIDGE", {}).items())))
    pspace = lb.u.space("lbridge_port_attr")
    a = lb.request("GET_PORT", br_attr, dump=True)
    if a.errno:
        raise nl.Error("GET_PORT %s: %s" % (bridge, a.describe()))
    for rec in lb.records(a):
        port = rec.get("PORT", {})
        lines.append("port %s %s learning=%s" % (
            nl.cstr(port["IFNAME"]), nl.u32(port["IFINDEX"]),
            port["LEARNING"].hex() if "LEARNING" in port else "-") + "".join(
            " %s=%s" % (k.lower(), port[k].hex() if k in port else "-")
            for k in ("GUARD", "RA_GUARD", "DHCP_GUARD") if k in pspace))
    # Each port's allowed set: its PORT nest repeats ALLOWED, one address each.
    if "ALLOWED" in pspace:
        for _, _, payload in a.messages:
            top = nl.attrs_dict(payload[4:])
            inner = nl.parse_attrs(top.get(lb.u.attr("PORT"), b""))
            name = [nl.cstr(p) for t, p in inner if t == pspace["IFNAME"]]
            for t, p in inner:
                if t == pspace["ALLOWED"]:
                    lines.append("allowed %s %s" % (name[0] if name else "?", p.hex()))
    # A dump torn by a concurrent change is retried, as lbrctl does.
    for _ in range(5):
        a = lb.request("GET_FDB", br_attr, dump=True)
        if a.errno:
            raise nl.Error("GET_FDB %s: %s" % (bridge, a.describe()))
        if not a.intr:
            break
    for rec in lb.records(a):
        fdb = rec.get("FDB", {})
        lines.append("fdb %s %s %s" % (fdb["MAC"].hex(":"), fdb["STATE"].hex(),
                                       nl.cstr(rec.get("PORT", {}).get("IFNAME", b"-"))))
    lines.sort()
    return lines


def show(u, buf, space, indent="  "):
    """A run of attributes, decoded as the header reads them."""
    out = []
    for t, p in nl.parse_attrs(buf):
        name = space.name(t) if space else str(t)
        child = space.child(name) if space and name in space else None
        if child is not None:
            out.append("%s%s {" % (indent, name))
            out.extend(show(u, p, child, indent + "  "))
            out.append("%s}" % indent)
        else:
            out.append("%s%s %s" % (indent, name, p.hex()))
    return out


def dry_run(args, lines):
    """Build and print every case; the attributes must all be the header's."""
    global DRY_RUN
    DRY_RUN = True
    u = nl.Uapi(args.uapi)
    failed = 0
    for ln in lines:
        try:
            c = parse_case(u, ln)
            print("ok - %s: %s" % (args.tap, c["desc"]))
            print("#   %s %s%s" % (c["expect"], u.cmd_name(c["cmd"]), " dump" if c["dump"] else ""))
            for out in show(u, c["attrs"], u.top):
                print("#   " + out)
        except (nl.Error, KeyError, ValueError) as e:
            failed += 1
            print("not ok - %s: %s" % (args.tap, ln))
            print("#   %s" % e)
    return 1 if failed else 0


def cmd_cases(args):
    text = open(args.file).read() if args.file != "-" else sys.stdin.read()
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if args.dry_run:
        return dry_run(args, lines)
    lb = nl.Lbridge(nl.Uapi(args.uapi))
    if args.every_admin is not None:
        for cmd, flags in sorted(lb.family.ops.items()):
            if lb.family.admin(cmd):
                lines.append("EPERM %d %s -- %s, a command that needs CAP_NET_ADMIN, is refused"
                             % (cmd, args.every_admin, lb.u.cmd_name(cmd)))
    cases = [parse_case(lb.u, ln) for ln in lines]
    before = snapshot(lb, args.snapshot) if args.snapshot else None
    failed = 0
    for c in cases:
        try:
            a = lb.request(c["cmd"], c["attrs"], dump=c["dump"], ack=c["ack"],
                           timeout=args.timeout)
            why = judge(c, a)
        except nl.Error as e:
            why = str(e)
            # Whatever comes late must not pass for the next case's answer.
            lb = nl.Lbridge(lb.u)
        if why:
            failed += 1
            print("not ok - %s: %s" % (args.tap, c["desc"]))
            print("#   %s" % why)
        else:
            print("ok - %s: %s" % (args.tap, c["desc"]))
        sys.stdout.flush()
    if before is not None:
        after = snapshot(lb, args.snapshot)
        if after == before:
            print("ok - %s: %s is unchanged by those requests" % (args.tap, args.snapshot))
        else:
            failed += 1
            print("not ok - %s: %s is unchanged by those requests" % (args.tap, args.snapshot))
            for ln in sorted(set(before) - set(after))[:10]:
                print("#   gone:  %s" % ln)
            for ln in sorted(set(after) - set(before))[:10]:
                print("#   added: %s" % ln)
    return 1 if failed else 0


def cmd_snapshot(args):
    lb = nl.Lbridge(nl.Uapi(args.uapi))
    for ln in snapshot(lb, args.bridge):
        print(ln)
    return 0


def cmd_fill(args):
    lb = nl.Lbridge(nl.Uapi(args.uapi))
    port = nl.ifindex(args.port)
    if port is None:
        raise nl.Error("no device %s" % args.port)
    # No cap on static entries for this bridge (a module without caps
    # refuses the attribute: nothing to lift then).
    lb.request("SET_BRIDGE", {"BRIDGE": {"IFINDEX": master_of(args.port), "MAX_STATIC": 0}})
    added = lb.fill_fdb(port, args.count)
    print(added)
    return 0 if added == args.count else 1


def master_of(dev):
    try:
        return int(open("/sys/class/net/%s/master/ifindex" % dev).read())
    except OSError:
        return 0


def fdb_dump(lb, bridge, compact):
    """An FDB dump of a bridge, retried while torn as lbrctl does: its
    entries as (MAC, state, port ifindex), and how many messages."""
    req = {"BRIDGE": {"IFNAME": bridge}}
    if compact:
        req["FDB_COMPACT"] = True
    for _ in range(5):
        a = lb.request("GET_FDB", req, dump=True)
        if a.errno:
            raise nl.Error("GET_FDB %s: %s" % (bridge, a.describe()))
        if not a.intr:
            break
    entries = []
    for rec in lb.records(a):
        if not compact:
            fdb = rec["FDB"]
            port = rec.get("PORT", {}).get("IFINDEX")
            entries.append((fdb["MAC"].hex(":"), fdb["STATE"][0], nl.u32(port) if port else 0))
            continue
        size = nl.u32(rec["FDB_RECORD_SIZE"])
        data = rec["FDB_RECORDS"]
        if size < 16 or not data or len(data) % size or "FDB" in rec or "PORT" in rec:
            raise nl.Error("a compact message of %d bytes of records of %d: %s"
                           % (len(data), size, sorted(rec)))
        for off in range(0, len(data), size):
            mac, state, pad, port, _ = struct.unpack_from("=6sBBII", data, off)
            if pad:
                raise nl.Error("a record's pad is %d" % pad)
            entries.append((mac.hex(":"), state, port))
    return entries, len(a.messages)


def cmd_fdb_forms(args):
    lb = nl.Lbridge(nl.Uapi(args.uapi))
    one, n1 = fdb_dump(lb, args.bridge, False)
    packed, n2 = fdb_dump(lb, args.bridge, True)
    print("# entry by entry: %d entries in %d messages; compact: %d in %d"
          % (len(one), n1, len(packed), n2))
    bad = []
    if sorted(one) != sorted(packed):
        bad += ["only entry by entry: %s" % (e,) for e in sorted(set(one) - set(packed))[:5]]
        bad += ["only compact: %s" % (e,) for e in sorted(set(packed) - set(one))[:5]]
        bad.append("not the same entries")
    if len(set(packed)) != len(packed):
        bad.append("the compact form lists an entry twice")
    if len(one) > 1 and n2 >= n1:
        bad.append("the compact form takes as many messages")
    for b in bad:
        print("# " + b)
    return 1 if bad or not one else 0


def cmd_hold(args):
    lb = nl.Lbridge(nl.Uapi(args.uapi))
    s = lb.sock
    seq = s.next_seq()
    answer = nl.Answer()
    req = {"BRIDGE": {"IFNAME": args.bridge}}
    if args.compact:
        req["FDB_COMPACT"] = True
    s.send(nl.nlmsg(lb.family.id, nl.NLM_F_REQUEST | nl.NLM_F_DUMP | nl.NLM_F_ACK, seq,
                    nl.genlhdr(lb.u.cmd("GET_FDB"), lb.family.version) +
                    lb.u.encode(req)))
    for _ in range(args.read):
        for mtype, flags, mseq, payload in s.recv_some(args.timeout):
            if mseq == seq:
                nl.absorb(answer, mtype, flags, payload)
    write_atomic(args.ready, "read %d entries%s\n" % (
        len(answer.messages), ", ended: " + answer.describe() if answer.done else ""))
    deadline = time.monotonic() + args.timeout
    while not os.path.exists(args.go) and time.monotonic() < deadline:
        time.sleep(0.05)
    start = time.monotonic()
    s.wait({seq: answer}, [seq], time.monotonic() + args.timeout)
    if not answer.done:
        result = "no end within %d s after %d entries" % (args.timeout, len(answer.messages))
    elif answer.end == "done" and answer.errno == 0:
        result = "done after %d entries" % len(answer.messages)
    else:
        result = "error %s after %d entries" % (answer.describe(), len(answer.messages))
    write_atomic(args.result, "%s (%.1f s)\n" % (result, time.monotonic() - start))
    return 0


def write_atomic(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.rename(path + ".tmp", path)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--uapi", default=None, help="path of uapi/linux/lbridge.h")
    p.add_argument("--dry-run", action="store_true", help="cases: build them, send nothing")
    sub = p.add_subparsers(dest="mode", required=True)
    c = sub.add_parser("cases")
    c.add_argument("--tap", default="genl-probe")
    c.add_argument("--snapshot", metavar="BRIDGE")
    c.add_argument("--every-admin", metavar="ATTRS")
    c.add_argument("--timeout", type=float, default=30, help="seconds an answer may take")
    c.add_argument("file", nargs="?", default="-")
    c.set_defaults(func=cmd_cases)
    c = sub.add_parser("snapshot")
    c.add_argument("bridge")
    c.set_defaults(func=cmd_snapshot)
    c = sub.add_parser("fill-fdb")
    c.add_argument("port")
    c.add_argument("count", type=int)
    c.set_defaults(func=cmd_fill)
    c = sub.add_parser("fdb-forms")
    c.add_argument("bridge")
    c.set_defaults(func=cmd_fdb_forms)
    c = sub.add_parser("hold-dump")
    c.add_argument("bridge")
    c.add_argument("--compact", action="store_true")
    c.add_argument("--read", type=int, default=1)
    c.add_argument("--ready", required=True)
    c.add_argument("--go", required=True)
    c.add_argument("--result", required=True)
    c.add_argument("--timeout", type=float, default=60)
    c.set_defaults(func=cmd_hold)
    args = p.parse_args()
    try:
        return args.func(args)
    except (nl.Error, OSError, KeyError) as e:
        print("genl-probe: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
