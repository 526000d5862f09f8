#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Fuzz the lbridge generic netlink family; every request must be answered.

  genl-fuzz.py [--count N] [--seed S] [--phases root,nobody,userns] [--tap NAME]

Run as root with the module loaded. It builds its own targets in network
namespaces of its own:

  lbt-fz   lb-fz0 (ports vfz0, vfz1), lb-fz2 (port vfz9) and lb-fzb, whose
           port vfzb holds --fdb-entries static entries (dumped in many
           parts, never changed by the fuzz messages)
  lbt-fzo  lb-fzo and vfzo0: devices of another namespace, with ifindexes
           (9001, 9002) that exist nowhere else
  initial  lbt-fzh and its port lbt-fzhp (9011, 9012), the same in the
           namespace the fuzzer starts in

and sends N messages in each of three phases: as root in lbt-fz; as the
unprivileged user (uid 65534) in lbt-fz; as root of a user namespace with
a network namespace of its own (unshare -Urn), where it builds the same
targets again (lb-fu*). The messages: known and unknown commands, sensible
and random attribute sets, attributes of every type with right and wrong
lengths, type 0 and types past the maximum, at the top level and inside
each nest (BRIDGE, PORT, FDB); nests holding another object's attributes,
nests inside nests, nests without NLA_F_NESTED, empty and repeated nests,
a nest's attributes loose at the top level, one command's attributes sent
to another, the kernel's own (EVENT, read-only counters) in requests;
nested garbage, truncated and
oversized attributes, bogus nlmsg_len, bogus generic netlink headers, dump
flags on doit-only commands and their absence on dumps, ifindexes and names
of real devices, of other namespaces' devices and of devices just deleted.
Mixed in: dumps started and never read, sockets closed in the middle of a
multi-part dump, dozens of sockets at once, veths and bridges created and
deleted under the fuzz, and a bridge deleted while a dump of it is unread.

Each answer is checked against what the generic netlink core must say:
a message the kernel can parse is answered (ACK, error, or a dump's DONE)
within --answer-timeout; one it cannot parse is not; unknown commands get
EOPNOTSUPP, mutating commands of the unprivileged user EPERM; no request
that names only absent devices (other namespaces', deleted ones) succeeds,
nor any holding an attribute its command does not take (lbgenl.TAKES, the
header's documentation).

  genl-fuzz.py --self-test [--count N] [--seed S]
      No kernel: generate N messages from the header and check them.
Prints TAP lines and counts: messages sent, answered, by errno.
"""

import argparse
import errno
import json
import os
import random
import select
import socket
import struct
import subprocess
import sys
import threading
import time

# No __pycache__ in the checkout, which the test VM writes to.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lbgenl as nl  # noqa: E402

PY = "/usr/bin/python3"
NS = "lbt-fz"
NS_OTHER = "lbt-fzo"
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
# Devices of lbt-fzo and of the initial namespace (where the driver runs):
# explicit ifindexes that no other namespace uses.
OTHER_DEVS = [(9001, "lb-fzo"), (9002, "vfzo0")]
HOST_DEVS = [(9011, "lbt-fzh"), (9012, "lbt-fzhp")]
# Phase: (how to run the worker, device name infix, ifindex base, privileged)
PHASES = {
    "root": (["ip", "netns", "exec", NS], "fz", 8000, True),
    "nobody": (["ip", "netns", "exec", NS] + NOBODY, "fz", 8000, False),
    "userns": (["ip", "netns", "exec", NS] + NOBODY + ["unshare", "-Urn"], "fu", 7000, True),
}


def errname(e):
    if e is None:
        return "none"
    if e == errno.EOPNOTSUPP:
        return "EOPNOTSUPP"
    return errno.errorcode.get(e, str(e)) if e else "OK"


# ---------------------------------------------------------------------------
# The worker: one phase, in the namespace and with the credentials it was
# started with.

class Targets:
    """What the messages name: this namespace's devices, others' and the dead."""

    def __init__(self, lb, infix, foreign, vanished):
        self.lb = lb
        self.infix = infix
        self.foreign = [tuple(x) for x in foreign]
        self.vanished = [tuple(x) for x in vanished]
        self.refresh()

    def refresh(self):
        lb = self.lb
        self.local = {name: idx for idx, name in socket.if_nameindex()}
        self.local_idx = set(self.local.values())
        self.big = None
        self.bridges = []
        self.ports = []
        for rec in lb.bridges():
            br = rec["BRIDGE"]
            idx, name = nl.u32(br["IFINDEX"]), nl.cstr(br["IFNAME"])
            a = lb.request("GET_PORT", {"BRIDGE": {"IFINDEX": idx}}, dump=True)
            ports = [(nl.u32(p["PORT"]["IFINDEX"]), nl.cstr(p["PORT"]["IFNAME"]), idx)
                     for p in lb.records(a)] if a.errno == 0 else []
            if name == "lb-%sb" % self.infix:
                self.big = (idx, name, ports[0][0] if ports else 0, ports[0][1] if ports else "")
            else:
                self.bridges.append((idx, name))
                self.ports.extend(ports)
        known = {i for i, _ in self.bridges} | {p[0] for p in self.ports}
        if self.big:
            known |= {self.big[0], self.big[2]}
        self.others = [(i, n) for n, i in self.local.items() if i not in known]


class Gen:
    """Random messages for the family, and what the kernel must answer."""

    def __init__(self, r, u, fam, targets, phase, absent_id):
        self.r = r
        self.u = u
        self.fam = fam
        self.t = targets
        self.phase = phase
        self.absent_id = absent_id
        self.top = u.top
        # The nests a request may hold, each with its own attribute space.
        self.nests = {n: u.top.child(n) for n in u.top if u.top.child(n) is not None}
        self.amax = u.top.max
        self.cmax = u["LBRIDGE_CMD_MAX"]
        self.C = {n[len("LBRIDGE_CMD_"):]: v for n, v in u.members("lbridge_cmd")
                  if not n.startswith("__")}
        # What each command takes (the header's documentation, as lbgenl
        # spells it): anything else must be refused.
        self.takes = {self.C[n]: t for n, t in nl.TAKES.items() if n in self.C}
        # The commands that change state: the header's, and whatever else
        # the kernel flags as needing CAP_NET_ADMIN.
        self.mutating = {self.C[n] for n in ("SET_BRIDGE", "SET_PORT", "NEW_FDB", "DEL_FDB",
                                             "FLUSH_FDB", "NEW_ALLOWED", "DEL_ALLOWED")
                         if n in self.C}
        self.mutating |= {c for c in fam.ops if fam.admin(c)}
        # Commands whose success needs a device the request names.
        self.need_dev = {self.C[n] for n in ("GET_BRIDGE", "SET_BRIDGE", "GET_PORT", "SET_PORT",
                                             "GET_FDB", "NEW_FDB", "DEL_FDB", "FLUSH_FDB",
                                             "NEW_ALLOWED", "DEL_ALLOWED")
                         if n in self.C}
        self.max_age = u["LBRIDGE_MAX_AGEING_TIME"]

    # --- values --------------------------------------------------------

    def dev(self, kind, mutating):
        """(ifindex, name) of something to name as a bridge or a port."""
        r, t = self.r, self.t
        bridges, ports = t.bridges, [(p[0], p[1]) for p in t.ports]
        mine, theirs = (bridges, ports) if kind == "bridge" else (ports, bridges)
        x = r.random()
        pool = None
        if x < 0.45:
            pool = mine
        elif x < 0.53:
            pool = theirs
        elif x < 0.60:
            pool = t.others
        elif x < 0.70:
            pool = t.foreign
        elif x < 0.80:
            pool = t.vanished
        elif x < 0.82 and t.big and not mutating:
            return (t.big[0], t.big[1]) if kind == "bridge" else (t.big[2], t.big[3])
        if pool:
            return r.choice(pool)
        idx = r.choice([0, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, r.randrange(1, 64),
                        r.getrandbits(32)])
        if t.big and idx in (t.big[0], t.big[2]) and mutating:
            idx = 0
        return idx, None

    def name_bytes(self, name):
        r = self.r
        x = r.random()
        if name is not None and x < 0.8:
            return name.encode() + b"\0"
        return r.choice([b"\0", b"x" * 15 + b"\0", b"y" * 16 + b"\0", b"z" * 300 + b"\0",
                         (name or "lb-fz0").encode(), b"lb-fz0\0tail",
                         r.randbytes(r.randrange(1, 20)),
                         b"\xff\xfe\0", b"lo\0"])

    def mac(self):
        r = self.r
        x = r.random()
        if x < 0.05:
            return r.randbytes(r.choice([0, 1, 5, 7, 8, 12]))
        if x < 0.65:
            return bytes([0x02, 0x42] + [r.getrandbits(8) for _ in range(4)])
        if x < 0.75:
            return bytes([0x01, 0x00, 0x5E, 0, 0, r.getrandbits(8)])
        if x < 0.80:
            return b"\0" * 6
        if x < 0.85:
            return b"\xff" * 6
        # Entries the targets hold (fill_fdb's prefix), so deletes may hit.
        return struct.pack(">HI", 0x02F0, r.randrange(64))

    def u32v(self, special=()):
        r = self.r
        return r.choice([0, 1, 2, 16, 300, 16384, 0xFFFFFFFF, 0x7FFFFFFF,
                         r.getrandbits(32), r.randrange(1000)] + list(special))

    def garbage(self, depth=0, amax=None):
        """An attribute of any type (numbered for a space whose last is
        @amax), any length, maybe nested garbage."""
        r = self.r
        amax = self.amax if amax is None else amax
        x = r.random()
        if x < 0.15:
            atype = 0
        elif x < 0.35:
            atype = amax + 1 + r.randrange(8)
        elif x < 0.40:
            atype = r.randrange(1 << 14)
        else:
            atype = r.randrange(1, amax + 1)
        flags = 0
        if r.random() < 0.15:
            flags |= nl.NLA_F_NESTED
        if r.random() < 0.05:
            flags |= nl.NLA_F_NET_BYTEORDER
        if depth < 2 and r.random() < 0.2:
            payload = b"".join(self.garbage(depth + 1, amax) for _ in range(r.randrange(1, 4)))
            flags |= nl.NLA_F_NESTED if r.random() < 0.8 else 0
        else:
            payload = r.randbytes(r.choice([0, 1, 2, 3, 4, 5, 6, 8, 16, 40]))
        if r.random() < 0.1:
            # nla_len shorter than a header, or longer than what follows.
            return nl.nla(atype, payload, flags, length=r.choice([0, 1, 3, len(payload) + 9]))
        return nl.nla(atype, payload, flags)

    def typed(self, nest, name, mutating):
        """A well-formed-looking attribute @name of the space of @nest (a
        top-level nest's name, or None for the top level)."""
        r = self.r
        space = self.nests[nest] if nest else self.top
        a = space[name]
        kind = space.kind(name)
        if nest in ("BRIDGE", "PORT") and name in ("IFINDEX", "IFNAME"):
            idx, n = self.dev(nest.lower(), mutating)
            return nl.nla_u32(a, idx) if name == "IFINDEX" else nl.nla(a, self.name_bytes(n))
        if name == "AGEING_TIME":
            return nl.nla_u32(a, self.u32v([self.max_age, self.max_age + 1, 1, 60]))
        if name == "FLUSH_FLAGS":
            return nl.nla_u32(a, r.choice([0, 1, 2, 3, 0x80000000, 0xFFFFFFFF]))
        if kind == "u8":
            return nl.nla_u8(a, r.choice([0, 1, 1, 0, 2, 255]))
        if kind == "flag":
            return nl.nla(a)
        if nest == "ALLOWED" and name in ("IPV4", "IPV6"):
            size = 4 if name == "IPV4" else 16
            x = r.random()
            if x < 0.1:
                return nl.nla(a, r.randbytes(r.choice([0, 1, 3, 5, 6, 15, 17])))
            if x < 0.2:
                return nl.nla(a, b"\0" * size)
            if x < 0.3:
                return nl.nla(a, (b"\xe0" if size == 4 else b"\xff\x02") +
                              r.randbytes(size - (1 if size == 4 else 2)))
            if size == 4:
                return nl.nla(a, bytes([10, 42, r.getrandbits(8), r.randrange(1, 255)]))
            return nl.nla(a, bytes.fromhex("fd00000000000042") + r.randbytes(8))
        if kind == "binary":
            return nl.nla(a, self.mac())
        if kind == "string":
            return nl.nla(a, self.name_bytes(None))
        if kind == "u64":
            return nl.nla_u64(a, r.getrandbits(64))
        if kind == "nested":
            child = space.child(name)
            return nl.nla(a, b"".join(nl.nla_u64(r.randrange(child.max + 3), r.getrandbits(64))
                                      for _ in range(r.randrange(4))), nl.NLA_F_NESTED)
        if kind is None:
            return nl.nla(a, b"")
        return nl.nla_u32(a, self.u32v())

    def wrong_length(self, nest, name):
        r = self.r
        space = self.nests[nest] if nest else self.top
        payload = r.randbytes(r.choice([0, 1, 2, 3, 5, 6, 8, 17]))
        return nl.nla(space[name], payload)

    def some_attr(self, nest, mutating):
        """Anything of a space: a known attribute right or of the wrong
        length, or garbage of its numbers."""
        r = self.r
        space = self.nests[nest] if nest else self.top
        known = r.choice([n for n in space if n != "UNSPEC"])
        x = r.random()
        if x < 0.5:
            return self.typed(nest, known, mutating)
        if x < 0.7:
            return self.wrong_length(nest, known)
        return self.garbage(amax=space.max)

    def attrs(self, cmd, mutating):
        r, C = self.r, self.C
        takes = self.takes.get(cmd, {})
        nests = {}     # top-level nest name -> [attribute, ...], in order
        extra = []     # top-level attributes besides the nests

        def into(nest, item):
            nests.setdefault(nest, []).append(item)

        def ref(nest):
            x = r.random()
            if x < 0.6:
                into(nest, self.typed(nest, "IFINDEX", mutating))
            elif x < 0.9:
                into(nest, self.typed(nest, "IFNAME", mutating))
            else:
                into(nest, self.typed(nest, "IFINDEX", mutating))
                into(nest, self.typed(nest, "IFNAME", mutating))

        # What the command takes, mostly.
        if "BRIDGE" in takes and r.random() < 0.9:
            ref("BRIDGE")
        if "PORT" in takes and r.random() < (0.9 if "BRIDGE" not in takes else 0.3):
            ref("PORT")
        if "FDB" in takes and r.random() < 0.9:
            into("FDB", self.typed("FDB", "MAC", mutating))
        if "ALLOWED" in takes and r.random() < 0.9:
            # Exactly one address, mostly; none or two now and then.
            for _ in range(r.choice([1, 1, 1, 1, 1, 1, 1, 0, 2])):
                into("ALLOWED", self.typed("ALLOWED", r.choice(sorted(takes["ALLOWED"])),
                                           mutating))
        for n in ("SET_BRIDGE", "SET_PORT"):
            if n in C and cmd == C[n]:
                nest, settings = nl.SETTINGS[n]
                for name in sorted(settings):
                    if name in self.nests[nest] and r.random() < (0.35 if len(settings) > 1 else 0.8):
                        into(nest, self.typed(nest, name, mutating))
        if "FLUSH_FLAGS" in takes and r.random() < 0.5:
            extra.append(self.typed(None, "FLUSH_FLAGS", mutating))
        if "FDB_COMPACT" in takes and r.random() < 0.5:
            extra.append(self.typed(None, "FDB_COMPACT", mutating))

        # And what it does not, or not like that.
        flat = set()
        while r.random() < 0.3:
            x = r.random()
            nest = r.choice(list(self.nests))
            if x < 0.30:
                # Anything of a nest's own space inside it: read-only
                # attributes, other commands' settings, garbage.
                into(nest, self.some_attr(nest, mutating))
            elif x < 0.40:
                # Another command's attributes, as that command takes them.
                other = r.choice(list(self.takes.values()))
                top = r.choice(list(other))
                if other[top] is None:
                    extra.append(self.typed(None, top, mutating))
                else:
                    into(top, self.typed(top, r.choice(sorted(other[top])), mutating))
            elif x < 0.50:
                # Nested wrongly: one object's attributes in another's nest.
                wrong = r.choice([n for n in self.nests if n != nest] or [nest])
                space = self.nests[wrong]
                into(nest, self.typed(wrong, r.choice([n for n in space if n != "UNSPEC"]),
                                      mutating))
            elif x < 0.58:
                # A nest inside a nest.
                inner = r.choice(list(self.nests))
                body = b"".join(self.some_attr(inner, mutating) for _ in range(r.randrange(1, 3)))
                into(nest, nl.nla(r.randrange(1, self.nests[nest].max + 2), body,
                                  nl.NLA_F_NESTED if r.random() < 0.8 else 0))
            elif x < 0.64:
                # A nest's attributes loose at the top level.
                extra.append(self.some_attr(nest, mutating))
            elif x < 0.70:
                # A nest without NLA_F_NESTED, or one that is empty.
                if r.random() < 0.5:
                    flat.add(nest)
                else:
                    nests.setdefault(nest, [])
            elif x < 0.74:
                # The same nest twice.
                extra.append(nl.nla(self.top[nest], self.some_attr(nest, mutating),
                                    nl.NLA_F_NESTED))
            elif x < 0.80:
                # The kernel's own top-level attributes, or others.
                extra.append(self.typed(None, r.choice([n for n in self.top
                                                        if n != "UNSPEC" and n not in self.nests]),
                                        mutating))
            elif x < 0.98:
                extra.append(self.garbage())
            else:
                extra.append(nl.nla(r.randrange(self.amax + 4),
                                    bytes(r.getrandbits(8) for _ in range(8)) * r.randrange(100, 8000)))
        items = []
        for nest, inner in nests.items():
            if r.random() < 0.2:
                r.shuffle(inner)
            items.append(nl.nla(self.top[nest], b"".join(inner),
                                0 if nest in flat else nl.NLA_F_NESTED))
        items += extra
        if r.random() < 0.3:
            r.shuffle(items)
        return b"".join(items)

    # --- messages -------------------------------------------------------

    def message(self, seq, alone):
        """One message; @alone: it is a datagram by itself, so its length
        may lie (a batch needs honest lengths to stay framed)."""
        r, fam = self.r, self.fam
        x = r.random()
        if x < 0.93:
            mtype = fam.id
        elif x < 0.96:
            mtype = r.randrange(0, nl.NLMSG_MIN_TYPE)
        else:
            mtype = self.absent_id
        x = r.random()
        if x < 0.92:
            cmd = r.randrange(1, self.cmax + 1)
        elif x < 0.95:
            cmd = 0
        elif x < 0.98:
            cmd = self.cmax + 1 + r.randrange(8)
        else:
            cmd = r.randrange(256)
        flags = nl.NLM_F_REQUEST | nl.NLM_F_ACK
        dumpable, doable = fam.has_dump(cmd), fam.has_do(cmd)
        p_dump = 0.9 if dumpable and not doable else 0.5 if dumpable else 0.05
        if r.random() < p_dump:
            flags |= nl.NLM_F_DUMP
        elif r.random() < 0.015:
            flags |= r.choice([nl.NLM_F_ROOT, nl.NLM_F_MATCH])
        if r.random() < 0.04:
            flags &= ~nl.NLM_F_ACK
        if r.random() < 0.02:
            flags &= ~nl.NLM_F_REQUEST
        if r.random() < 0.02:
            flags |= r.getrandbits(16) & ~(nl.NLM_F_REQUEST | nl.NLM_F_ACK | nl.NLM_F_DUMP)
        elif r.random() < 0.02:
            flags |= nl.NLM_F_ECHO
        version = fam.version if r.random() < 0.9 else r.randrange(256)
        reserved = 0 if r.random() < 0.98 else r.getrandbits(16)
        mutating = cmd in self.mutating
        body = nl.genlhdr(cmd, version, reserved) + self.attrs(cmd, mutating)
        length = 16 + len(body)
        x = r.random()
        if alone and x < 0.03:
            length = r.randrange(0, 16)
        elif alone and x < 0.06:
            length += r.randrange(1, 64)
        elif alone and x < 0.08 and len(body) > 8:
            length = 16 + r.randrange(4, len(body))
        elif x < 0.11:
            body = body[:r.randrange(0, 4)]
            length = 16 + len(body)
        elif x < 0.14 and len(body) > 8:
            body = body[:r.randrange(4, len(body))]
            length = 16 + len(body)
        elif x < 0.18 and len(body) > 4:
            b = bytearray(body)
            for _ in range(r.randrange(1, 4)):
                b[r.randrange(4, len(b))] = r.getrandbits(8)
            body = bytes(b)
        elif x < 0.20:
            body += r.randbytes(r.randrange(1, 4))
            length = 16 + len(body)
        pid = 0 if r.random() < 0.8 else r.getrandbits(32)
        return nl.nlmsg(mtype, flags, seq, body, pid=pid, length=length)

    def predict(self, mtype, flags, body):
        """(must, errno): whether the kernel must answer this message (as it
        sees it), and the errno it must give, when the netlink and generic
        netlink cores decide it (None when the module does)."""
        ack = bool(flags & nl.NLM_F_ACK)
        if not flags & nl.NLM_F_REQUEST or mtype < nl.NLMSG_MIN_TYPE:
            return ("must" if ack else "never"), (0 if ack else None)
        if mtype == self.absent_id:
            return "must", errno.ENOENT
        if len(body) < 4:
            return "must", errno.EINVAL
        cmd = body[0]
        # genl_header_check(), for commands from the family's resv_start_op
        # (the first, 1) on: no reserved bits, no flags but the core's.
        if cmd >= 1:
            if body[2:4] != b"\0\0":
                return "must", errno.EINVAL
            loose = flags & ~nl.NLM_F_DUMP if flags & nl.NLM_F_DUMP == nl.NLM_F_DUMP else flags
            if loose & ~(nl.NLM_F_REQUEST | nl.NLM_F_ACK | nl.NLM_F_ECHO):
                return "must", errno.EINVAL
        fam = self.fam
        if cmd not in fam.ops:
            return "must", errno.EOPNOTSUPP
        if cmd in self.mutating and self.phase == "nobody":
            return "must", errno.EPERM
        dump = flags & nl.NLM_F_DUMP == nl.NLM_F_DUMP
        if dump and not fam.has_dump(cmd) or not dump and not fam.has_do(cmd):
            return "must", errno.EOPNOTSUPP
        if dump:
            return "must", None
        return ("must" if ack else "maybe"), None

    def names_nothing_here(self, mtype, flags, body):
        """The message is a request that needs a device, names one or more,
        and none of them (however the kernel may read it) is here."""
        if (mtype != self.fam.id or not flags & nl.NLM_F_REQUEST or len(body) < 4 or
                body[0] not in self.need_dev):
            return False
        dump = flags & nl.NLM_F_DUMP == nl.NLM_F_DUMP
        if body[0] == self.C["GET_BRIDGE"] and dump:
            return False
        named = False
        for atype, payload in nl.parse_attrs(body[4:]):
            nest = self.top.name(atype)
            if nest not in ("BRIDGE", "PORT"):
                continue
            space = self.nests[nest]
            for t, p in nl.parse_attrs(payload):
                if t == space["IFINDEX"]:
                    named = True
                    if len(p) >= 4 and nl.u32(p) in self.t.local_idx:
                        return False
                elif t == space["IFNAME"]:
                    named = True
                    if nl.cstr(p) in self.t.local:
                        return False
        return named

    def not_taken(self, mtype, flags, body):
        """What the request holds that its command does not take (the
        first such attribute, by name), or None. Such a request must be
        refused."""
        if mtype != self.fam.id or not flags & nl.NLM_F_REQUEST or len(body) < 4:
            return None
        takes = self.takes.get(body[0])
        if takes is None:
            return None
        for atype, payload in nl.parse_attrs(body[4:]):
            name = self.top.name(atype)
            if name not in takes:
                return "LBRIDGE_A_%s" % name
            inner = takes[name]
            if inner is None:
                continue
            space = self.nests[name]
            for t, _ in nl.parse_attrs(payload):
                if space.name(t) not in inner:
                    return "%s { %s }" % (name, space.name(t))
        return None


def kernel_view(data):
    """(offset, nlmsg_len) of each message netlink_rcv_skb() will handle."""
    out = []
    off = 0
    while len(data) - off >= 16:
        length = struct.unpack_from("=I", data, off)[0]
        if length < 16 or len(data) - off < length:
            break
        out.append((off, length))
        off += min(nl.align4(length), len(data) - off)
    return out


def frame(data, intended):
    """Make the kernel see only the messages we meant (the ones at the
    offsets in @intended): bytes past a short nlmsg_len must not parse as
    another message, whose type could be anything."""
    data = bytearray(data)
    while True:
        extra = [off for off, _ in kernel_view(bytes(data)) if off not in intended]
        if not extra:
            return bytes(data)
        data[extra[0]:extra[0] + 4] = b"\0\0\0\0"


class Exchange:
    """One datagram sent on one socket, and the answers it must get."""

    def __init__(self, w, sock, data, offsets):
        self.w = w
        self.sock = sock
        self.data = frame(data, set(offsets))
        self.expect = {}   # seq -> (must, errno, names nothing here, not taken, header)
        self.answers = {}
        self.sent_count = len(offsets)
        visible = dict(kernel_view(self.data))
        for off in offsets:
            _, mtype, flags, seq, _ = struct.unpack_from("=IHHII", self.data, off)
            body = self.data[off + 16:off + visible.get(off, 16)]
            if off in visible:
                must, err = w.gen.predict(mtype, flags, body)
                nothing = w.gen.names_nothing_here(mtype, flags, body)
                stray = w.gen.not_taken(mtype, flags, body)
            else:
                must, err, nothing, stray = "never", None, False, None
            self.expect[seq] = (must, err, nothing, stray, (mtype, flags, body[:4].hex()))
            self.answers[seq] = nl.Answer()
        self.deadline = None

    def send(self):
        w = self.w
        w.sent += self.sent_count
        err = self.sock.send(self.data)
        self.deadline = time.monotonic() + w.args.answer_timeout
        if err:
            # Refused whole by sendmsg: an answer too.
            for seq in self.answers:
                self.answers[seq].end = "error"
                self.answers[seq].errno = err
            w.count_errno("sendmsg " + errname(err), self.sent_count)

    def pending(self):
        return [s for s, e in self.expect.items() if e[0] == "must" and not self.answers[s].done]

    def absorb(self, msgs):
        for mtype, flags, seq, payload in msgs:
            a = self.answers.get(seq)
            if a is None:
                self.w.fail("an answer with a sequence number never sent (%d, type %d)" % (seq, mtype))
            elif a.done:
                self.w.fail("an answer after the end of the answer to seq %d (type %d)" % (seq, mtype))
            else:
                nl.absorb(a, mtype, flags, payload)

    def drain(self):
        """What is already queued: answers the kernel gave synchronously."""
        while True:
            msgs = self.sock.recv_some(0)
            if not msgs:
                return
            self.absorb(msgs)

    def finish(self):
        """Judge the answers; True if the socket is still usable."""
        w = self.w
        usable = True
        for seq, (must, err, nothing, stray, hdr) in self.expect.items():
            a = self.answers[seq]
            what = "type %d flags %#x genl %s" % hdr
            if must == "must":
                w.must += 1
                if not a.done:
                    w.unanswered += 1
                    w.fail("no answer within %g s to %s" % (w.args.answer_timeout, what), self.data)
                    usable = False
                    continue
                w.answered += 1
            elif must == "never":
                if a.done or a.messages:
                    w.fail("an answer to a message the kernel cannot parse: %s: %s"
                           % (what, a.describe()), self.data)
                continue
            elif not a.done:
                continue
            if a.errno is not None and self.sock.overruns == 0:
                w.count_errno(errname(a.errno))
            if err is not None and a.errno != err:
                w.mispredicted += 1
                w.fail("%s: expected %s, got %s" % (what, errname(err), a.describe()), self.data)
            if nothing and a.errno == 0:
                w.absent_success += 1
                w.fail("%s names no device of this namespace, yet succeeded" % what, self.data)
            if stray and a.errno == 0:
                w.stray_success += 1
                w.fail("%s holds %s, which its command does not take, yet succeeded"
                       % (what, stray), self.data)
            if a.intr:
                w.intr += 1
        if self.sock.overruns:
            w.overruns += self.sock.overruns
            w.fail("the receive queue overflowed: answers were lost")
            self.sock.overruns = 0
            usable = False
        return usable


class Worker:
    def __init__(self, args):
        self.args = args
        self.phase = args.worker
        self.r = random.Random(args.seed)
        self.u = nl.Uapi(args.uapi)
        self.sent = self.must = self.answered = self.unanswered = 0
        self.mispredicted = self.absent_success = self.stray_success = 0
        self.overruns = self.intr = 0
        self.failures = []
        self.nfail = 0
        self.errnos = {}
        self.actions = {"abandoned": 0, "closed mid-dump": 0, "socket bursts": 0,
                        "devices churned": 0, "bridges deleted under a dump": 0}
        self.held = []

    def fail(self, why, data=None):
        self.nfail += 1
        if len(self.failures) < 20:
            self.failures.append(why + (" [%s]" % data[:160].hex() if data else ""))

    def count_errno(self, name, n=1):
        self.errnos[name] = self.errnos.get(name, 0) + n

    def socket(self):
        r = self.r
        return nl.NlSocket(ext_ack=r.random() < 0.85, cap_ack=r.random() < 0.5)

    # --- setup ------------------------------------------------------------

    def setup(self):
        """This namespace's targets: lb-X0 (ports vX0, vX1), lb-X2 (port vX9),
        lb-Xb (port vXb, --fdb-entries static entries)."""
        x, base = self.args.infix, self.args.index_base
        rt = nl.Rtnl()
        self.rt = rt
        lb = self.lb
        for i, (br, ports) in enumerate([("0", "01"), ("2", "9"), ("b", "b")]):
            bidx = rt.add_link("lb-%s%s" % (x, br), "lbridge", base + 10 * i)
            for j, p in enumerate(ports):
                pidx = rt.add_veth("v%s%s" % (x, p), "w%s%s" % (x, p), base + 10 * i + 1 + j)
                rt.set_master(pidx, bidx)
            lb.request("SET_BRIDGE", {"BRIDGE": {"IFINDEX": bidx, "MAX_STATIC": 0}})
        lb.fill_fdb(nl.ifindex("v%s0" % x), 32)
        n = lb.fill_fdb(nl.ifindex("v%sb" % x), self.args.fdb_entries, first=1000)
        if n != self.args.fdb_entries:
            raise nl.Error("only %d static entries could be added" % n)

    # --- actions ------------------------------------------------------------

    def single(self, sock):
        seq = sock.next_seq()
        ex = Exchange(self, sock, self.gen.message(seq, alone=True), [0])
        return self.run([ex])

    def batch(self, sock):
        data = b""
        offsets = []
        for _ in range(self.r.randrange(2, 6)):
            m = self.gen.message(sock.next_seq(), alone=False)
            offsets.append(len(data))
            data += m + b"\0" * (nl.align4(len(m)) - len(m))
        return self.run([Exchange(self, sock, data, offsets)])

    def run(self, exchanges):
        """Send each exchange, then read every socket until all have their
        answers or their deadline passed. True if all sockets are usable."""
        for ex in exchanges:
            ex.send()
        by_sock = {ex.sock: ex for ex in exchanges}
        while True:
            waiting = [ex for ex in exchanges if ex.pending() and time.monotonic() < ex.deadline]
            if not waiting:
                break
            left = min(ex.deadline for ex in waiting) - time.monotonic()
            ready, _, _ = select.select([ex.sock for ex in waiting], [], [], max(0, left))
            for s in ready:
                by_sock[s].absorb(s.recv_some(0))
        ok = True
        for ex in exchanges:
            ex.drain()
            ok = ex.finish() and ok
        return ok

    def dump_request(self, sock, cmd, ifindex, compact=False):
        seq = sock.next_seq()
        req = {"BRIDGE": {"IFINDEX": ifindex}}
        # Records packed: a few hundred entries may fit in one part.
        if compact:
            req["FDB_COMPACT"] = True
        data = nl.nlmsg(self.fam.id, nl.NLM_F_REQUEST | nl.NLM_F_ACK | nl.NLM_F_DUMP, seq,
                        nl.genlhdr(self.u.cmd(cmd), self.fam.version) +
                        self.u.encode(req))
        self.sent += 1
        return seq, sock.send(data)

    def abandon(self):
        """A dump started and left unread (or read once), socket kept open."""
        t = self.targets
        sock = self.socket()
        cmd, idx = self.r.choice([("GET_FDB", t.big[0]), ("GET_FDB", t.big[0]),
                                  ("GET_PORT", t.big[0])])
        # An FDB dump in either form: entry by entry, or records packed.
        self.dump_request(sock, cmd, idx, cmd == "GET_FDB" and "FDB_COMPACT" in self.u.top
                          and self.r.random() < 0.5)
        if self.r.random() < 0.5:
            sock.recv_some(self.args.answer_timeout)
        self.held.append(sock)
        if len(self.held) > 24:
            self.held.pop(self.r.randrange(len(self.held))).close()
        self.actions["abandoned"] += 1

    def close_mid_dump(self):
        """A multi-part FDB dump: one part read, then the socket closed."""
        sock = self.socket()
        seq, err = self.dump_request(sock, "GET_FDB", self.targets.big[0])
        a = nl.Answer()
        self.must += 1
        for mtype, flags, s, payload in sock.recv_some(self.args.answer_timeout):
            if s == seq:
                nl.absorb(a, mtype, flags, payload)
        if err or not (a.messages or a.done):
            self.unanswered += 1
            self.fail("FDB dump of %s: no first part within %g s"
                      % (self.targets.big[1], self.args.answer_timeout))
        else:
            self.answered += 1
            self.count_errno("dump closed after one part")
            if a.done:
                self.fail("FDB dump of %s ended at once: %s" % (self.targets.big[1], a.describe()))
        sock.close()
        self.actions["closed mid-dump"] += 1

    def burst(self):
        """Dozens of sockets at once, a message (or a big dump) on each."""
        exchanges = []
        socks = []
        for _ in range(self.r.randrange(16, 65)):
            sock = self.socket()
            socks.append(sock)
            if self.r.random() < 0.25:
                seq = sock.next_seq()
                m = nl.nlmsg(self.fam.id, nl.NLM_F_REQUEST | nl.NLM_F_ACK | nl.NLM_F_DUMP, seq,
                             nl.genlhdr(self.u.cmd("GET_FDB"), self.fam.version) +
                             self.u.encode({"BRIDGE": {"IFINDEX": self.targets.big[0]}}))
            else:
                m = self.gen.message(sock.next_seq(), alone=True)
            exchanges.append(Exchange(self, sock, m, [0]))
        self.run(exchanges)
        for s in socks:
            s.close()
        self.actions["socket bursts"] += 1

    def churn(self):
        """A veth (maybe a port) or a whole bridge, created and deleted; its
        ifindex and name join the vanished ones."""
        rt, x = self.rt, self.args.infix
        n = self.churned = getattr(self, "churned", 0) + 1
        made = []
        if self.r.random() < 0.3:
            made.append(("lb-%sc%d" % (x, n), rt.add_link("lb-%sc%d" % (x, n), "lbridge")))
            master = made[0][1]
        else:
            master = self.r.choice(self.targets.bridges)[0] if self.r.random() < 0.6 else None
        made.append(("v%sc%d" % (x, n), rt.add_veth("v%sc%d" % (x, n), "w%sc%d" % (x, n))))
        if master:
            rt.set_master(made[-1][1], master)
            self.lb.fill_fdb(made[-1][1], 2, first=5000 + 2 * n)
        self.targets.refresh()
        # A few messages while it exists, naming it among the rest.
        for _ in range(3):
            self.single(self.main)
        for name, idx in reversed(made):
            rt.del_link(idx)
            self.targets.vanished.append((idx, name))
        self.targets.refresh()
        self.actions["devices churned"] += len(made)

    def delete_under_dump(self):
        """A bridge whose FDB needs several dump parts, a dump of it with
        one part read, the bridge deleted: the deletion must not wait for
        the reader, and the dump must then end."""
        rt, x = self.rt, self.args.infix
        name = "lb-%sd" % x
        bidx = rt.add_link(name, "lbridge")
        pidx = rt.add_veth("v%sd" % x, "w%sd" % x)
        rt.set_master(pidx, bidx)
        self.lb.request("SET_BRIDGE", {"BRIDGE": {"IFINDEX": bidx, "MAX_STATIC": 0}})
        self.lb.fill_fdb(pidx, 200, first=20000)
        sock = self.socket()
        seq, _ = self.dump_request(sock, "GET_FDB", bidx)
        a = nl.Answer()
        for mtype, flags, s, payload in sock.recv_some(self.args.answer_timeout):
            if s == seq:
                nl.absorb(a, mtype, flags, payload)
        done = threading.Event()
        errs = []

        def delete():
            try:
                nl.Rtnl().del_link(bidx)
            except Exception as e:  # noqa: BLE001 (reported below)
                errs.append(e)
            done.set()
        th = threading.Thread(target=delete, daemon=True)
        start = time.monotonic()
        th.start()
        if not done.wait(self.args.del_timeout):
            self.fail("deleting %s with a dump of it unread took more than %g s"
                      % (name, self.args.del_timeout))
        self.must += 1
        if sock.wait({seq: a}, [seq], time.monotonic() + self.args.answer_timeout):
            self.unanswered += 1
            self.fail("the dump of the deleted %s did not end within %g s"
                      % (name, self.args.answer_timeout))
        else:
            self.answered += 1
            self.count_errno("dump of a deleted bridge: " + errname(a.errno))
        sock.close()
        if not done.wait(120):
            self.fail("deleting %s did not end even after its dump was closed" % name)
            return False
        if errs:
            self.fail("deleting %s: %s" % (name, errs[0]))
        rt.del_link(pidx)
        self.targets.vanished += [(bidx, name), (pidx, "v%sd" % x)]
        self.targets.refresh()
        self.actions["bridges deleted under a dump"] += 1
        self.del_seconds = time.monotonic() - start
        return True

    def renew_main_unless(self, usable):
        """A socket with an answer still missing is useless: a new one."""
        if not usable:
            self.main.close()
            self.main = self.socket()

    # --- the phase ----------------------------------------------------------

    def main_loop(self):
        args = self.args
        t0 = time.monotonic()
        self.lb = nl.Lbridge(self.u)
        self.fam = self.lb.family
        if args.setup:
            self.setup()
        setup_seconds = time.monotonic() - t0
        ids = nl.family_ids(self.lb.sock)
        absent = next(i for i in range(0xFFF0, 0x1000, -1) if i not in ids)
        self.targets = Targets(self.lb, args.infix, json.loads(args.foreign),
                               json.loads(args.vanished))
        if not self.targets.big:
            raise nl.Error("no lb-%sb here to dump" % args.infix)
        self.gen = Gen(self.r, self.u, self.fam, self.targets, self.phase, absent)
        privileged = PHASES[self.phase][3]
        self.main = self.socket()
        start = time.monotonic()
        deadline = start + args.deadline
        count = args.count
        # Each special action at least once, spread over the run.
        due = [("abandon", 0.1), ("close", 0.2), ("burst", 0.35), ("abandon", 0.5),
               ("close", 0.65), ("burst", 0.8)]
        if privileged:
            due += [("churn", 0.15), ("churn", 0.55), ("delete", 0.45)]
        due = sorted((int(count * f), a) for a, f in due)
        actions = {"abandon": self.abandon, "close": self.close_mid_dump,
                   "burst": self.burst, "churn": self.churn,
                   "delete": self.delete_under_dump}
        while self.sent < count:
            if time.monotonic() > deadline:
                break
            if due and self.sent >= due[0][0]:
                actions[due.pop(0)[1]]()
                continue
            x = self.r.random()
            if x < 0.001:
                self.abandon()
            elif x < 0.002:
                self.close_mid_dump()
            elif x < 0.0025:
                self.burst()
            elif x < 0.0045 and privileged:
                self.churn()
            elif x < 0.10:
                self.renew_main_unless(self.batch(self.main))
            elif x < 0.90:
                self.renew_main_unless(self.single(self.main))
            else:
                sock = self.socket()
                self.single(sock)
                sock.close()
        for s in self.held:
            s.close()
        # Still answering, with everything closed.
        a = nl.Lbridge(self.u).request("GET_BRIDGE",
                                       {"BRIDGE": {"IFINDEX": self.targets.big[0]}})
        if a.errno:
            self.fail("after the fuzz, GET_BRIDGE of %s: %s" % (self.targets.big[1], a.describe()))
        return {
            "phase": self.phase, "sent": self.sent, "must": self.must,
            "answered": self.answered, "unanswered": self.unanswered,
            "mispredicted": self.mispredicted, "absent_success": self.absent_success,
            "stray_success": self.stray_success,
            "overruns": self.overruns, "intr": self.intr, "failures": self.failures,
            "nfail": self.nfail, "errnos": self.errnos, "actions": self.actions,
            "complete": self.sent >= count, "seconds": round(time.monotonic() - start, 1),
            "setup_seconds": round(setup_seconds, 1),
            "vanished": self.targets.vanished,
            "local": [[i, n] for i, n in self.targets.bridges] +
                     [[p[0], p[1]] for p in self.targets.ports] +
                     [[self.targets.big[0], self.targets.big[1]],
                      [self.targets.big[2], self.targets.big[3]]],
        }


def self_test(args):
    """No kernel: generate --count messages against a family and targets
    made up from the header, and check that the generator speaks the
    header (nests of the right spaces), covers each command both as it
    should be sent and with what it does not take, and that the judges
    (not_taken, names_nothing_here) read the messages as meant."""
    u = nl.Uapi(args.uapi)
    r = random.Random(args.seed or 1)
    cmds = {v for n, v in u.members("lbridge_cmd") if not n.startswith("__") and v}
    ops = {c: nl.GENL_CMD_CAP_DO | nl.GENL_CMD_CAP_DUMP for c in cmds}
    for n in ("SET_BRIDGE", "SET_PORT", "NEW_FDB", "DEL_FDB", "FLUSH_FDB"):
        ops[u.cmd(n)] |= nl.GENL_ADMIN_PERM
    fam = nl.Family("lbridge", 0x20, u["LBRIDGE_GENL_VERSION"], u.top.max, ops)
    t = Targets.__new__(Targets)
    t.infix, t.big = "fz", (8020, "lb-fzb", 8021, "vfzb")
    t.bridges, t.ports = [(8000, "lb-fz0"), (8010, "lb-fz2")], [(8001, "vfz0", 8000),
                                                                 (8002, "vfz1", 8000),
                                                                 (8011, "vfz9", 8010)]
    t.local = {"lb-fz0": 8000, "vfz0": 8001, "vfz1": 8002, "lb-fz2": 8010, "vfz9": 8011,
               "lb-fzb": 8020, "vfzb": 8021, "lo": 1}
    t.local_idx = set(t.local.values())
    t.others = [(1, "lo")]
    t.foreign = [tuple(x) for x in OTHER_DEVS]
    t.vanished = [(8100, "vfzc1")]
    gen = Gen(r, u, fam, t, "root", 0xFFF0)
    problems = []
    seen = {}      # (command, clean or not) -> count
    shapes = {"nested wrongly": 0, "flat nest": 0, "unknown type in a nest": 0}
    for n in range(args.count):
        cmd = r.choice(sorted(gen.takes))
        body = nl.genlhdr(cmd, fam.version) + gen.attrs(cmd, cmd in gen.mutating)
        stray = gen.not_taken(fam.id, nl.NLM_F_REQUEST, body)
        seen[(cmd, stray is None)] = seen.get((cmd, stray is None), 0) + 1
        for atype, payload in nl.parse_attrs(body[4:]):
            name = u.top.name(atype)
            if name not in gen.nests:
                continue
            flags = struct.unpack_from("=H", body, 4 + body[4:].find(payload) - 2)[0] \
                if payload else 0
            if payload and not flags & nl.NLA_F_NESTED:
                shapes["flat nest"] += 1
            space = gen.nests[name]
            for t2, p2 in nl.parse_attrs(payload):
                if t2 == 0 or t2 > space.max:
                    shapes["unknown type in a nest"] += 1
                elif any(space.name(t2) in other and space.name(t2) not in ("IFINDEX", "IFNAME")
                         for o, other in gen.nests.items() if o != name) and \
                        space.name(t2) not in nl.TAKES.get(u.cmd_name(cmd), {}).get(name, ()):
                    shapes["nested wrongly"] += 1
        if stray is None:
            # A clean request names its objects as the header says.
            rec = u.decode(body[4:])
            for top, inner in rec.items():
                if isinstance(inner, dict) and not set(inner) <= gen.takes[cmd][top]:
                    problems.append("%s: clean, yet %s holds %s" % (u.cmd_name(cmd), top, inner))
    for cmd in sorted(gen.takes):
        for clean in (True, False):
            if not seen.get((cmd, clean)):
                problems.append("%s: no request %s" % (
                    u.cmd_name(cmd), "as it should be" if clean else "with what it does not take"))
    for shape, k in shapes.items():
        if not k:
            problems.append("no request with a %s" % shape)
    # The judges, on requests made by hand.
    foreign = u.encode({"BRIDGE": {"IFINDEX": OTHER_DEVS[0][0]}})
    here = u.encode({"BRIDGE": {"IFNAME": "lb-fz0"}})
    get = nl.genlhdr(u.cmd("GET_BRIDGE"), 2)
    if not gen.names_nothing_here(fam.id, nl.NLM_F_REQUEST, get + foreign):
        problems.append("names_nothing_here misses a foreign bridge in a BRIDGE nest")
    if gen.names_nothing_here(fam.id, nl.NLM_F_REQUEST, get + here):
        problems.append("names_nothing_here misses a local bridge named in a BRIDGE nest")
    if gen.not_taken(fam.id, nl.NLM_F_REQUEST, get + here) is not None:
        problems.append("not_taken refuses GET_BRIDGE { BRIDGE { IFNAME } }")
    for extra in ({"FDB": {"MAC": b"\2\0\0\0\0\1"}}, {"BRIDGE": {"AGEING_TIME": 1}},
                  {"EVENT": 0}):
        if gen.not_taken(fam.id, nl.NLM_F_REQUEST, get + here + u.encode(extra)) is None:
            problems.append("not_taken lets %r through in GET_BRIDGE" % extra)
    print("genl-fuzz self-test: %d messages; clean/not per command: %s; %s" % (
        args.count, ", ".join("%s %d/%d" % (u.cmd_name(c), seen.get((c, True), 0),
                                            seen.get((c, False), 0)) for c in sorted(gen.takes)),
        ", ".join("%s %d" % kv for kv in shapes.items())))
    for p in problems[:20]:
        print("genl-fuzz self-test: %s" % p)
    return 1 if problems else 0


def worker_main(args):
    try:
        result = Worker(args).main_loop()
    except Exception as e:  # noqa: BLE001 (the driver reports it)
        import traceback
        traceback.print_exc()
        result = {"phase": args.worker, "crashed": "%s: %s" % (type(e).__name__, e)}
    print("RESULT " + json.dumps(result))
    sys.stdout.flush()
    return 0


# ---------------------------------------------------------------------------
# The driver: namespaces, the three phases, the verdict.

class Tap:
    def __init__(self, name):
        self.name = name
        self.failed = 0

    def check(self, ok, desc, *why):
        print("%s - %s: %s" % ("ok" if ok else "not ok", self.name, desc))
        if not ok:
            self.failed += 1
            for w in why:
                print("#   %s" % w)
        sys.stdout.flush()

    def say(self, text):
        print("# %s" % text)
        sys.stdout.flush()


def sh(*cmd, check=True, timeout=120, input=None):
    p = subprocess.run(cmd, input=input, capture_output=True, text=True, timeout=timeout)
    if check and p.returncode:
        raise nl.Error("%s: %s" % (" ".join(cmd), p.stderr.strip()))
    return p


def driver(args):
    tap = Tap(args.tap)
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "little")
    phases = [p for p in args.phases.split(",") if p]
    tap.say("genl-fuzz: seed %d, %d messages per phase (%s); to repeat: --seed %d --count %d"
            % (seed, args.count, ", ".join(phases), seed, args.count))
    if os.geteuid() != 0:
        tap.check(False, "fuzz runs as root", "it sets up namespaces; run it as root")
        return 1
    try:
        lb = nl.Lbridge(nl.Uapi(args.uapi))
    except nl.Error as e:
        tap.check(False, "the lbridge family is registered", str(e))
        return 1
    del lb
    for ns in (NS, NS_OTHER):
        sh("ip", "netns", "del", ns, check=False)
        sh("ip", "netns", "add", ns)
    for _, dev in HOST_DEVS:
        sh("ip", "link", "del", dev, check=False)
    for ns, devs in ((NS_OTHER, OTHER_DEVS), (None, HOST_DEVS)):
        (br_idx, br), (port_idx, port) = devs
        sh(*(["ip"] + (["-n", ns] if ns else []) + ["-batch", "-"]), input="".join([
            "link add %s index %d type lbridge\n" % (br, br_idx),
            "link add %s index %d type veth peer name %sq\n" % (port, port_idx, port[:-1]),
            "link set %s master %s\n" % (port, br)]))
    results = {}
    state = {"vanished": [], "fz_local": [], "root_ran": False}

    def run_worker(i, phase, count, setup):
        prefix, infix, base, _ = PHASES[phase]
        foreign = [list(d) for d in OTHER_DEVS + HOST_DEVS]
        if phase == "userns":
            foreign += state["fz_local"] + state["vanished"]
        cmd = prefix + [PY, os.path.abspath(__file__), "--worker", phase,
                        "--seed", str(seed * 3 + i), "--count", str(count),
                        "--infix", infix, "--index-base", str(base),
                        "--fdb-entries", str(args.fdb_entries),
                        "--answer-timeout", str(args.answer_timeout),
                        "--del-timeout", str(args.del_timeout),
                        "--deadline", str(args.deadline),
                        "--foreign", json.dumps(foreign),
                        "--vanished", json.dumps(state["vanished"] if phase == "nobody" else [])]
        if args.uapi:
            cmd += ["--uapi", os.path.abspath(args.uapi)]
        if setup:
            cmd += ["--setup"]
        tap.say("phase %s: %s" % (phase, " ".join(cmd[:cmd.index(PY) + 1])))
        t0 = time.monotonic()
        limit = args.deadline + 2 * args.answer_timeout + args.del_timeout + 180
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=limit)
            out, err = p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
            err = "killed after %d s" % limit
        res = None
        for line in out.splitlines():
            if line.startswith("RESULT "):
                res = json.loads(line[len("RESULT "):])
        if res is None or "crashed" in res:
            tap.check(False, "fuzz as %s: the phase ran to its end" % phase,
                      (res or {}).get("crashed", "no result"), *err.strip().splitlines()[-15:])
            return None
        tap.say("phase %s: %.1f s in all" % (phase, time.monotonic() - t0))
        if phase == "root":
            state["root_ran"] = True
            state["fz_local"] = res["local"]
            state["vanished"] = res["vanished"]
        return res

    start = time.monotonic()
    for i, phase in enumerate(phases):
        if phase == "nobody" and not state["root_ran"]:
            # Its targets are root's: make them without fuzzing.
            run_worker(9, "root", 0, True)
            state["root_ran"] = True
        setup = phase == "userns" or phase == "root" and not state["root_ran"]
        if phase == "root":
            state["root_ran"] = True
        res = run_worker(i, phase, args.count, setup)
        if res:
            results[phase] = res
            report(tap, phase, res, args.count)
    # Deleting the bridges must not wait for anyone.
    t0 = time.monotonic()
    leftovers = []
    for dev in ("lb-fz0", "lb-fz2", "lb-fzb"):
        try:
            p = sh("ip", "-n", NS, "link", "del", dev, check=False, timeout=args.del_timeout)
            if p.returncode and "Cannot find device" not in p.stderr:
                leftovers.append("%s: %s" % (dev, p.stderr.strip()))
        except subprocess.TimeoutExpired:
            leftovers.append("ip link del %s took more than %g s" % (dev, args.del_timeout))
    tap.check(not leftovers, "the fuzzed bridges are deleted without waiting (%.1f s)"
              % (time.monotonic() - t0), *leftovers)
    for ns in (NS, NS_OTHER):
        sh("ip", "netns", "del", ns, check=False)
    for _, dev in HOST_DEVS:
        sh("ip", "link", "del", dev, check=False)
    total = sum(r["sent"] for r in results.values())
    tap.say("genl-fuzz: %d messages in %d phases in %.0f s, seed %d"
            % (total, len(results), time.monotonic() - start, seed))
    return 1 if tap.failed else 0


def report(tap, phase, res, count):
    fails = res["failures"]
    more = ["... and %d more" % (res["nfail"] - len(fails))] if res["nfail"] > len(fails) else []
    tap.say("%s: %d sent, %d needed an answer, %d answered, in %.1f s (setup %.1f s)"
            % (phase, res["sent"], res["must"], res["answered"], res["seconds"],
               res["setup_seconds"]))
    tap.say("%s: answers: %s" % (phase, ", ".join(
        "%s %d" % kv for kv in sorted(res["errnos"].items(), key=lambda kv: -kv[1]))))
    tap.say("%s: %s, %d dumps flagged as torn" % (phase, ", ".join(
        "%s %d" % kv for kv in res["actions"].items()), res["intr"]))
    tap.check(res["complete"], "fuzz as %s: all %d messages sent before the deadline" % (phase, count),
              "only %d sent" % res["sent"])
    tap.check(res["unanswered"] == 0 and res["overruns"] == 0,
              "fuzz as %s: every message the kernel can parse is answered" % phase,
              *[f for f in fails if "no answer" in f or "did not end" in f or "overflow" in f][:8])
    tap.check(res["mispredicted"] == 0,
              "fuzz as %s: errors are those of the netlink rules%s"
              % (phase, " (every change refused with EPERM)" if phase == "nobody" else ""),
              *[f for f in fails if "expected" in f][:8])
    tap.check(res["absent_success"] == 0,
              "fuzz as %s: no request naming only devices absent here succeeds" % phase,
              *[f for f in fails if "names no device" in f][:8])
    tap.check(res["stray_success"] == 0,
              "fuzz as %s: no request holding an attribute its command does not take succeeds"
              % phase, *[f for f in fails if "does not take" in f][:8])
    rest = [f for f in fails if not any(k in f for k in ("no answer", "did not end", "overflow",
                                                         "expected", "names no device",
                                                         "does not take"))]
    tap.check(not rest,
              "fuzz as %s: no other misbehaviour (stray answers, slow deletions)" % phase,
              *rest[:8])
    for m in more:
        tap.say("%s: %s" % (phase, m))


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--count", type=int, default=100000, help="messages per phase")
    p.add_argument("--seed", type=int)
    p.add_argument("--phases", default="root,nobody,userns")
    p.add_argument("--tap", default="genl-fuzz", help="name in the TAP lines")
    p.add_argument("--fdb-entries", type=int, default=3000)
    p.add_argument("--answer-timeout", type=float, default=30.0,
                   help="seconds a request may wait for its answer")
    p.add_argument("--del-timeout", type=float, default=20.0,
                   help="seconds a bridge deletion may take")
    p.add_argument("--deadline", type=float, default=None,
                   help="seconds a phase may take (default: 600 + 0.05 per message)")
    p.add_argument("--uapi", help="uapi/linux/lbridge.h (default: the checkout's)")
    # The worker's own options.
    p.add_argument("--worker", choices=list(PHASES), help=argparse.SUPPRESS)
    p.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--infix", default="fz", help=argparse.SUPPRESS)
    p.add_argument("--index-base", type=int, default=8000, help=argparse.SUPPRESS)
    p.add_argument("--foreign", default="[]", help=argparse.SUPPRESS)
    p.add_argument("--vanished", default="[]", help=argparse.SUPPRESS)
    p.add_argument("--self-test", action="store_true",
                   help="no kernel: check --count generated messages against the header")
    args = p.parse_args()
    if args.self_test:
        return self_test(args)
    if args.deadline is None:
        args.deadline = 600 + 0.05 * args.count
    if args.worker:
        return worker_main(args)
    return driver(args)


if __name__ == "__main__":
    sys.exit(main())
