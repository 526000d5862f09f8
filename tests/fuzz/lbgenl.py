# SPDX-License-Identifier: GPL-2.0
"""Raw generic netlink for the lbridge tests: no libraries, no lbrctl.

The lbridge numbers (commands, attributes, limits) come from parsing
uapi/linux/lbridge.h at run time, so the tests follow the header; only the
netlink core's own ABI (nlmsghdr, NLMSG_*, nlctrl, rtnetlink) is spelled
out here.
"""

import ast
import errno
import os
import re
import select
import socket
import struct
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_UAPI = os.path.join(HERE, "..", "..", "uapi", "linux", "lbridge.h")

NETLINK_ROUTE = 0
NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11

NLM_F_REQUEST = 0x01
NLM_F_MULTI = 0x02
NLM_F_ACK = 0x04
NLM_F_ECHO = 0x08
NLM_F_DUMP_INTR = 0x10
NLM_F_ROOT = 0x100
NLM_F_MATCH = 0x200
NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH
NLM_F_EXCL = 0x200
NLM_F_CREATE = 0x400
# In NLMSG_ERROR / NLMSG_DONE answers.
NLM_F_CAPPED = 0x100
NLM_F_ACK_TLVS = 0x200

NLMSG_NOOP = 1
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLMSG_OVERRUN = 4
NLMSG_MIN_TYPE = 0x10

NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2
NLMSGERR_ATTR_MISS_TYPE = 5

NLA_F_NESTED = 0x8000
NLA_F_NET_BYTEORDER = 0x4000
NLA_TYPE_MASK = 0x3FFF

GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_VERSION = 3
CTRL_ATTR_MAXATTR = 5
CTRL_ATTR_OPS = 6
CTRL_ATTR_OP_ID = 1
CTRL_ATTR_OP_FLAGS = 2
GENL_ADMIN_PERM = 0x01
GENL_CMD_CAP_DO = 0x02
GENL_CMD_CAP_DUMP = 0x04
GENL_UNS_ADMIN_PERM = 0x10

RTM_NEWLINK = 16
RTM_DELLINK = 17
IFLA_IFNAME = 3
IFLA_MASTER = 10
IFLA_LINKINFO = 18
IFLA_INFO_KIND = 1
IFLA_INFO_DATA = 2
VETH_INFO_PEER = 1
IFF_UP = 0x1


def align4(n):
    return (n + 3) & ~3


class Error(Exception):
    pass


# ---------------------------------------------------------------------------
# The uapi header.

class Uapi:
    """#defines and enum members of a uapi header, by name.

    Values are evaluated lazily so a #define may name an enum member that
    comes later, as LBRIDGE_CMD_MAX does.
    """

    def __init__(self, path=None):
        self.path = path or DEFAULT_UAPI
        with open(self.path) as f:
            text = f.read()
        self.kinds, self.nests = self._kinds(text)
        text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
        text = re.sub(r"//[^\n]*", " ", text)
        self.raw = {}
        self.enums = {}
        pattern = re.compile(
            r"^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+([^\n]+?)[ \t]*$"
            r"|enum\s+(\w+)\s*\{(.*?)\}\s*;", re.M | re.S)
        for m in pattern.finditer(text):
            if m.group(1):
                self.raw[m.group(1)] = m.group(2)
                continue
            members = []
            prev = None
            for item in m.group(4).split(","):
                item = item.strip()
                if not item:
                    continue
                name, _, expr = item.partition("=")
                name = name.strip()
                expr = expr.strip()
                if not expr:
                    expr = "0" if prev is None else "(%s) + 1" % prev
                self.raw[name] = expr
                members.append(name)
                prev = name
            self.enums[m.group(3)] = members
        self.values = {}
        self._spaces = {}

    @staticmethod
    def _kinds(text):
        """Each attribute's kind (u8, u16, u32, s32, u64, string, binary,
        nested or flag) and each nested one's enum, from the comment that follows
        its enumerator: "LBRIDGE_X_A_Y,  /* u32: ... */"."""
        kinds, nests = {}, {}
        for m in re.finditer(r"^[ \t]*(\w+)[ \t]*(?:=[^,\n]*)?,[ \t]*/\*[ \t]*"
                             r"(u8|u16|u32|s32|u64|string|binary|nested|flag)\b([^\n]*)", text, re.M):
            kinds[m.group(1)] = m.group(2)
            if m.group(2) == "nested":
                e = re.search(r"enum\s+(\w+)", m.group(3))
                if e:
                    nests[m.group(1)] = e.group(1)
        return kinds, nests

    def __getitem__(self, name):
        if name not in self.values:
            if name not in self.raw:
                raise KeyError("%s: no %s" % (self.path, name))
            expr = self.raw[name].strip()
            if expr.startswith('"'):
                self.values[name] = ast.literal_eval(expr)
            else:
                self.values[name] = self.eval(expr)
        return self.values[name]

    def __contains__(self, name):
        return name in self.raw

    def eval(self, expr):
        """A C integer expression of literals and the header's names."""
        expr = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", expr)
        return self._eval(ast.parse(expr.strip(), mode="eval").body)

    def _eval(self, node):
        ops = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b,
               ast.Mult: lambda a, b: a * b, ast.LShift: lambda a, b: a << b,
               ast.RShift: lambda a, b: a >> b, ast.BitOr: lambda a, b: a | b,
               ast.BitAnd: lambda a, b: a & b}
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name):
            return self[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in ops:
            return ops[type(node.op)](self._eval(node.left), self._eval(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self._eval(node.operand)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
            return ~self._eval(node.operand)
        raise Error("cannot evaluate %s" % ast.dump(node))

    def members(self, enum):
        """(name, value) of each member of an enum, in order."""
        return [(n, self[n]) for n in self.enums[enum]]

    def space(self, enum="lbridge_attr"):
        """The attribute space of an enum (the top level by default)."""
        if enum not in self._spaces:
            self._spaces[enum] = Space(self, enum)
        return self._spaces[enum]

    @property
    def top(self):
        return self.space()

    def encode(self, items, space=None):
        """Attributes from {short name: value} (or pairs): an int for a
        number, str for a string, bytes for binary, a dict (or pairs) for a
        nest, whose attributes are then of the nest's own space."""
        space = space or self.top
        if isinstance(items, dict):
            items = items.items()
        out = b""
        for name, value in items:
            atype = space[name]
            kind = space.kind(name)
            if kind == "nested" or isinstance(value, (dict, list, tuple)):
                child = space.child(name)
                if child is None:
                    raise Error("%s%s is not a nest" % (space.prefix, name))
                out += nla(atype, self.encode(value, child), NLA_F_NESTED)
            elif isinstance(value, bytes):
                out += nla(atype, value)
            elif isinstance(value, str):
                out += nla_str(atype, value)
            elif kind == "flag":
                out += nla(atype)
            elif kind == "u8":
                out += nla_u8(atype, value)
            elif kind == "u16":
                out += nla_u16(atype, value)
            elif kind == "u64":
                out += nla_u64(atype, value)
            elif kind == "s32":
                out += nla(atype, struct.pack("=i", value))
            else:
                out += nla_u32(atype, value)
        return out

    def decode(self, buf, space=None):
        """{short name: payload} of a run of attributes; nests (the ones the
        header says are nested) as dicts of their own space, recursively.
        Unknown types are named by their number."""
        space = space or self.top
        out = {}
        for t, p in parse_attrs(buf):
            name = space.name(t)
            child = space.child(name)
            out[name] = self.decode(p, child) if child is not None else p
        return out

    # The lbridge names, short.
    def cmd(self, name):
        return self["LBRIDGE_CMD_" + name]

    def attr(self, name):
        return self["LBRIDGE_A_" + name]

    def cmd_name(self, value):
        for n, v in self.members("lbridge_cmd"):
            if v == value and not n.startswith("__"):
                return n[len("LBRIDGE_CMD_"):]
        return str(value)


class Space:
    """The attributes of one enum: the top level (enum lbridge_attr), or
    what one nest holds (enum lbridge_bridge_attr, ..., lbridge_port_stat).
    Short names are the enumerators without the enum's common prefix."""

    def __init__(self, u, enum):
        self.u = u
        self.enum = enum
        members = [n for n in u.enums[enum] if not n.startswith("__")]
        first = members[0]
        self.prefix = first[:-len("UNSPEC")] if first.endswith("UNSPEC") else \
            os.path.commonprefix(members)
        self.values = {n[len(self.prefix):]: u[n] for n in members}
        self.names = {v: n for n, v in self.values.items()}
        last = [n for n in u.enums[enum] if n.startswith("__")]
        self.max = u[last[-1]] - 1 if last else max(self.values.values())

    def __getitem__(self, short):
        return self.values[short]

    def __contains__(self, short):
        return short in self.values

    def __iter__(self):
        return iter(self.values)

    def name(self, value):
        return self.names.get(value, str(value))

    def full(self, short):
        return self.prefix + short

    def kind(self, short):
        """u8, u16, u32, s32, u64, string, binary, nested, or None (unknown);
        the counters of a nest whose header says nothing are u64."""
        k = self.u.kinds.get(self.prefix + short)
        if k is None and self.enum == "lbridge_port_stat" and short not in ("UNSPEC", "PAD"):
            return "u64"
        return k

    def child(self, short):
        """The Space a nested attribute holds, or None."""
        enum = self.u.nests.get(self.prefix + short)
        return self.u.space(enum) if enum else None


# ---------------------------------------------------------------------------
# Building and reading messages.

def nla(atype, payload=b"", flags=0, length=None):
    """One attribute; @length overrides nla_len (a lie about the payload)."""
    if length is None:
        length = 4 + len(payload)
    pad = align4(4 + len(payload)) - 4 - len(payload)
    return struct.pack("=HH", length & 0xFFFF, (atype | flags) & 0xFFFF) + payload + b"\0" * pad


def nla_u8(atype, v):
    return nla(atype, struct.pack("=B", v & 0xFF))


def nla_u16(atype, v):
    return nla(atype, struct.pack("=H", v & 0xFFFF))


def nla_u32(atype, v):
    return nla(atype, struct.pack("=I", v & 0xFFFFFFFF))


def nla_u64(atype, v):
    return nla(atype, struct.pack("=Q", v & 0xFFFFFFFFFFFFFFFF))


def nla_str(atype, s):
    if isinstance(s, str):
        s = s.encode()
    return nla(atype, s + b"\0")


def nlmsg(mtype, flags, seq, payload, pid=0, length=None):
    if length is None:
        length = 16 + len(payload)
    return struct.pack("=IHHII", length & 0xFFFFFFFF, mtype & 0xFFFF,
                       flags & 0xFFFF, seq & 0xFFFFFFFF, pid & 0xFFFFFFFF) + payload


def genlhdr(cmd, version=1, reserved=0):
    return struct.pack("=BBH", cmd & 0xFF, version & 0xFF, reserved & 0xFFFF)


def parse_msgs(data):
    """(type, flags, seq, payload) of each message in a datagram."""
    out = []
    off = 0
    while off + 16 <= len(data):
        length, mtype, flags, seq, _pid = struct.unpack_from("=IHHII", data, off)
        if length < 16 or off + length > len(data):
            raise Error("malformed answer from the kernel at offset %d: nlmsg_len %d of %d bytes"
                        % (off, length, len(data)))
        out.append((mtype, flags, seq, data[off + 16:off + length]))
        off += align4(length)
    return out


def parse_attrs(buf):
    """[(type, payload)] of a run of attributes; flags stripped."""
    out = []
    off = 0
    while off + 4 <= len(buf):
        length, atype = struct.unpack_from("=HH", buf, off)
        if length < 4 or off + length > len(buf):
            break
        out.append((atype & NLA_TYPE_MASK, buf[off + 4:off + length]))
        off += align4(length)
    return out


def attrs_dict(buf):
    return {t: p for t, p in parse_attrs(buf)}


def u32(p):
    return struct.unpack("=I", p[:4])[0]


def cstr(p):
    return p.split(b"\0", 1)[0].decode(errors="replace")


class Answer:
    """What the kernel said to one request (one sequence number)."""

    def __init__(self):
        self.messages = []      # data messages: (type, flags, payload)
        self.end = None         # 'ack', 'error' or 'done'
        self.errno = None       # 0 for success
        self.extack = None      # the extack message, if any
        self.miss_type = None   # NLMSGERR_ATTR_MISS_TYPE, if any
        self.intr = False       # some part carried NLM_F_DUMP_INTR

    @property
    def done(self):
        return self.end is not None

    def errname(self):
        if self.errno is None:
            return "none"
        if self.errno == errno.EOPNOTSUPP:
            return "EOPNOTSUPP"
        return errno.errorcode.get(self.errno, str(self.errno)) if self.errno else "OK"

    def describe(self):
        s = self.errname()
        if self.extack:
            s += " (%s)" % self.extack
        elif self.miss_type is not None:
            s += " (missing attribute %d)" % self.miss_type
        return s


def _ext_tlvs(answer, buf):
    for t, p in parse_attrs(buf):
        if t == NLMSGERR_ATTR_MSG:
            answer.extack = cstr(p)
        elif t == NLMSGERR_ATTR_MISS_TYPE and len(p) >= 4:
            answer.miss_type = u32(p)


def absorb(answer, mtype, flags, payload):
    """Add one message of the kernel's to what it said for that request."""
    if mtype == NLMSG_ERROR:
        err = -struct.unpack_from("=i", payload)[0]
        answer.end = "ack" if err == 0 else "error"
        answer.errno = err
        if flags & NLM_F_ACK_TLVS:
            if flags & NLM_F_CAPPED:
                off = 4 + 16
            else:
                off = 4 + align4(struct.unpack_from("=I", payload, 4)[0])
            _ext_tlvs(answer, payload[off:])
    elif mtype == NLMSG_DONE:
        answer.end = "done"
        answer.errno = -struct.unpack_from("=i", payload)[0] if len(payload) >= 4 else 0
        if flags & NLM_F_ACK_TLVS:
            _ext_tlvs(answer, payload[4:])
    else:
        answer.messages.append((mtype, flags, payload))
    if flags & NLM_F_DUMP_INTR:
        answer.intr = True


# ---------------------------------------------------------------------------
# Sockets.

class NlSocket:
    def __init__(self, proto=NETLINK_GENERIC, ext_ack=True, cap_ack=False, rcvbuf=None):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW | socket.SOCK_CLOEXEC, proto)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.bind((0, 0))
        if ext_ack:
            self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        if cap_ack:
            self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.seq = int.from_bytes(os.urandom(3), "little") + 1
        self.overruns = 0

    def fileno(self):
        return self.sock.fileno()

    def close(self):
        self.sock.close()

    def next_seq(self):
        self.seq = (self.seq + 1) & 0xFFFFFFFF or 1
        return self.seq

    def send(self, data):
        """sendmsg; an errno for a datagram the kernel refused whole."""
        try:
            self.sock.send(data)
            return 0
        except OSError as e:
            return e.errno

    def recv_some(self, timeout):
        """One datagram's messages, [] on timeout. A full receive queue
        (ENOBUFS) is counted: answers were lost."""
        r, _, _ = select.select([self.sock], [], [], max(0.0, timeout))
        if not r:
            return []
        try:
            data = self.sock.recv(1 << 18)
        except OSError as e:
            if e.errno == errno.ENOBUFS:
                self.overruns += 1
                return []
            raise
        return parse_msgs(data)

    def wait(self, answers, seqs, deadline, on_stray=None):
        """Read until every seq in @seqs has ended, or @deadline (time.monotonic).
        Messages for other seqs in @answers are absorbed too; others go to
        @on_stray. Returns the seqs still open."""
        pending = {s for s in seqs if not answers[s].done}
        while pending:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            for mtype, flags, seq, payload in self.recv_some(left):
                if seq in answers:
                    absorb(answers[seq], mtype, flags, payload)
                    if answers[seq].done:
                        pending.discard(seq)
                elif on_stray:
                    on_stray(mtype, flags, seq, payload)
        return pending

    def transact(self, mtype, flags, payload, timeout=30.0):
        """Send one request and read its whole answer."""
        seq = self.next_seq()
        answers = {seq: Answer()}
        err = self.send(nlmsg(mtype, flags, seq, payload))
        if err:
            answers[seq].end = "error"
            answers[seq].errno = err
            answers[seq].extack = "sendmsg failed"
            return answers[seq]
        if self.wait(answers, [seq], time.monotonic() + timeout):
            raise Error("no answer within %g s to a request of type %d" % (timeout, mtype))
        return answers[seq]


class Family:
    """A generic netlink family as the kernel describes it."""

    def __init__(self, name, fid, version, maxattr, ops):
        self.name = name
        self.id = fid
        self.version = version
        self.maxattr = maxattr
        self.ops = ops  # cmd -> flags (GENL_CMD_CAP_*, GENL_*ADMIN_PERM)

    def has_do(self, cmd):
        return bool(self.ops.get(cmd, 0) & GENL_CMD_CAP_DO)

    def has_dump(self, cmd):
        return bool(self.ops.get(cmd, 0) & GENL_CMD_CAP_DUMP)

    def admin(self, cmd):
        return bool(self.ops.get(cmd, 0) & (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM))


def get_family(sock, name):
    """CTRL_CMD_GETFAMILY by name; None if the kernel knows no such family."""
    a = sock.transact(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK,
                      genlhdr(CTRL_CMD_GETFAMILY, 1) + nla_str(CTRL_ATTR_FAMILY_NAME, name))
    if a.errno == errno.ENOENT:
        return None
    if a.errno or not a.messages:
        raise Error("resolving family %s: %s" % (name, a.describe()))
    attrs = attrs_dict(a.messages[0][2][4:])
    ops = {}
    for _, op in parse_attrs(attrs.get(CTRL_ATTR_OPS, b"")):
        o = attrs_dict(op)
        ops[u32(o[CTRL_ATTR_OP_ID])] = u32(o.get(CTRL_ATTR_OP_FLAGS, b"\0\0\0\0"))
    return Family(name, struct.unpack("=H", attrs[CTRL_ATTR_FAMILY_ID][:2])[0],
                  u32(attrs.get(CTRL_ATTR_VERSION, b"\1\0\0\0")),
                  u32(attrs.get(CTRL_ATTR_MAXATTR, b"\0\0\0\0")), ops)


def family_ids(sock):
    """Every generic netlink family id the kernel has now."""
    a = sock.transact(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_DUMP,
                      genlhdr(CTRL_CMD_GETFAMILY, 1))
    ids = set()
    for _, _, payload in a.messages:
        attrs = attrs_dict(payload[4:])
        if CTRL_ATTR_FAMILY_ID in attrs:
            ids.add(struct.unpack("=H", attrs[CTRL_ATTR_FAMILY_ID][:2])[0])
    return ids


class Lbridge:
    """The lbridge family over one socket, for well-formed requests."""

    def __init__(self, uapi=None, sock=None):
        self.u = uapi or Uapi()
        self.sock = sock or NlSocket()
        self.family = get_family(self.sock, self.u["LBRIDGE_GENL_NAME"])
        if self.family is None:
            raise Error("the lbridge family is not registered (module not loaded?)")

    def request(self, cmd, attrs=b"", dump=False, ack=True, timeout=30.0):
        flags = NLM_F_REQUEST | (NLM_F_ACK if ack else 0) | (NLM_F_DUMP if dump else 0)
        if isinstance(cmd, str):
            cmd = self.u.cmd(cmd)
        if not isinstance(attrs, bytes):
            attrs = self.u.encode(attrs)
        return self.sock.transact(self.family.id, flags,
                                  genlhdr(cmd, self.family.version) + attrs, timeout)

    def a(self, name):
        return self.u.attr(name)

    def records(self, answer):
        """Each data message of an answer as {attr name: payload}, nests as
        dicts: rec["BRIDGE"]["IFNAME"]."""
        return [self.u.decode(payload[4:]) for _, _, payload in answer.messages]

    def bridges(self):
        a = self.request("GET_BRIDGE", dump=True)
        if a.errno:
            raise Error("GET_BRIDGE dump: %s" % a.describe())
        return self.records(a)

    def fill_fdb(self, port_ifindex, count, first=0, prefix=0x02F0, batch=64):
        """Add @count static entries 02:f0:xx:xx:xx:xx on a port, in batches
        of requests per datagram. Returns how many were added."""
        added = 0
        i = first
        cmd = self.u.cmd("NEW_FDB")
        while added < count:
            n = min(batch, count - added)
            answers = {}
            data = b""
            for _ in range(n):
                seq = self.sock.next_seq()
                mac = struct.pack(">HI", prefix, i)
                i += 1
                answers[seq] = Answer()
                data += nlmsg(self.family.id, NLM_F_REQUEST | NLM_F_ACK, seq,
                              genlhdr(cmd, self.family.version) +
                              self.u.encode({"PORT": {"IFINDEX": port_ifindex},
                                             "FDB": {"MAC": mac}}))
            err = self.sock.send(data)
            if err:
                raise Error("NEW_FDB batch: %s" % os.strerror(err))
            if self.sock.wait(answers, list(answers), time.monotonic() + 60):
                raise Error("NEW_FDB batch: no answer")
            for a in answers.values():
                if a.errno == 0:
                    added += 1
                elif a.errno == errno.ENOSPC:
                    return added
                elif a.errno != errno.EEXIST:
                    raise Error("NEW_FDB: %s" % a.describe())
        return added


# ---------------------------------------------------------------------------
# rtnetlink, enough to create and delete test devices without exec'ing ip
# (which costs half a second under the debug kernel).

def _ifinfo(index=0, flags=0, change=0):
    return struct.pack("=BxHiII", 0, 0, index, flags, change)


class Rtnl:
    def __init__(self):
        self.sock = NlSocket(NETLINK_ROUTE)

    def _do(self, mtype, flags, payload):
        a = self.sock.transact(mtype, NLM_F_REQUEST | NLM_F_ACK | flags, payload)
        if a.errno:
            raise Error("rtnetlink %d: %s" % (mtype, a.describe()))

    def add_link(self, name, kind, index=0, data=b""):
        info = nla_str(IFLA_INFO_KIND, kind)
        if data:
            info += nla(IFLA_INFO_DATA, data, NLA_F_NESTED)
        self._do(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL,
                 _ifinfo(index) + nla_str(IFLA_IFNAME, name) +
                 nla(IFLA_LINKINFO, info, NLA_F_NESTED))
        return socket.if_nametoindex(name)

    def add_veth(self, name, peer, index=0):
        peer_info = _ifinfo() + nla_str(IFLA_IFNAME, peer)
        return self.add_link(name, "veth", index, nla(VETH_INFO_PEER, peer_info))

    def set_master(self, ifindex, master):
        self._do(RTM_NEWLINK, 0, _ifinfo(ifindex) + nla_u32(IFLA_MASTER, master))

    def set_up(self, ifindex):
        self._do(RTM_NEWLINK, 0, _ifinfo(ifindex, IFF_UP, IFF_UP))

    def del_link(self, ifindex):
        self._do(RTM_DELLINK, 0, _ifinfo(ifindex))


def ifindex(name):
    try:
        return socket.if_nametoindex(name)
    except OSError:
        return None


# ---------------------------------------------------------------------------
# What each command takes, as the header documents it: {top-level
# attribute: the attributes of its nest it takes, or None for one that is
# not a nest}. Anything else in a request is refused.

_REF = frozenset(("IFINDEX", "IFNAME"))
TAKES = {
    "GET_BRIDGE": {"BRIDGE": _REF},
    "SET_BRIDGE": {"BRIDGE": _REF | {"AGEING_TIME", "LEARNING", "MAX_LEARNED",
                                     "PORT_MAX_LEARNED", "MAX_STATIC", "NEIGH_SUPPRESS",
                                     "ANNOUNCE", "MAX_NEIGH", "PORT_MAX_NEIGH",
                                     "GUARD", "RA_GUARD", "DHCP_GUARD"}},
    "GET_PORT": {"BRIDGE": _REF, "PORT": _REF},
    # GUARD_MAC and ALLOWED are the kernel's to report: not settings.
    "SET_PORT": {"PORT": _REF | {"LEARNING", "FLOOD", "MCAST_FLOOD", "BCAST_FLOOD",
                                 "HAIRPIN", "ISOLATED", "NEIGH_SUPPRESS", "LABEL",
                                 "GUARD", "RA_GUARD", "DHCP_GUARD"}},
    # FDB_RECORD_SIZE and FDB_RECORDS are the kernel's, in replies.
    "GET_FDB": {"BRIDGE": _REF, "PORT": _REF, "FDB_COMPACT": None},
    "NEW_FDB": {"PORT": _REF, "FDB": frozenset(("MAC",))},
    "DEL_FDB": {"PORT": _REF, "FDB": frozenset(("MAC",))},
    "FLUSH_FDB": {"BRIDGE": _REF, "PORT": _REF, "FLUSH_FLAGS": None},
    "GET_NEIGH": {"BRIDGE": _REF, "PORT": _REF, "NEIGH": frozenset(("ADDR",))},
    "NEW_ALLOWED": {"PORT": _REF, "ALLOWED": frozenset(("MAC", "IPV4", "IPV6"))},
    "DEL_ALLOWED": {"PORT": _REF, "ALLOWED": frozenset(("MAC", "IPV4", "IPV6"))},
}
# FDB_EVENT, NEIGH_EVENT and GUARD_EVENT are sent by the kernel, never
# requested: they take nothing, and the family has no operation for them.
EVENTS = ("FDB_EVENT", "NEIGH_EVENT", "GUARD_EVENT")
# The settings each change sets (the rest of its nest names the object).
SETTINGS = {"SET_BRIDGE": ("BRIDGE", TAKES["SET_BRIDGE"]["BRIDGE"] - _REF),
            "SET_PORT": ("PORT", TAKES["SET_PORT"]["PORT"] - _REF)}


def self_test(uapi=None):
    """Check this module against the header without a kernel: every
    attribute has a kind, every nest an enum, every attribute of every
    space survives encode and decode, every command's documented request
    builds and reads back. Returns a list of problems."""
    u = Uapi(uapi)
    bad = []
    samples = {"u8": 1, "u16": 0x1234, "u32": 0x12345678, "s32": -2, "u64": 0x123456789ABCDEF0,
               "string": "lbx0", "binary": b"\x02\x00\x00\x00\x00\x01", "flag": True}

    def walk(space, seen):
        if space.enum in seen:
            return
        seen.add(space.enum)
        for short in space:
            if short in ("UNSPEC", "PAD"):
                continue
            kind = space.kind(short)
            if kind is None:
                bad.append("%s: no kind in its comment" % space.full(short))
                continue
            if kind == "nested":
                child = space.child(short)
                if child is None:
                    bad.append("%s: nested, but no enum named" % space.full(short))
                    continue
                walk(child, seen)
                continue
            value = samples[kind]
            got = u.decode(u.encode({short: value}, space), space)
            want = value.encode() + b"\0" if kind == "string" else value if kind == "binary" \
                else b"" if kind == "flag" \
                else struct.pack({"u8": "=B", "u16": "=H", "u32": "=I", "s32": "=i",
                                  "u64": "=Q"}[kind], value)
            if got != {short: want}:
                bad.append("%s: %r read back as %r" % (space.full(short), value, got))
            if space[short] > space.max:
                bad.append("%s past its enum's max" % space.full(short))
    walk(u.top, set())

    for n, _ in u.members("lbridge_cmd"):
        short = n[len("LBRIDGE_CMD_"):]
        if not n.startswith("__") and short != "UNSPEC" and short not in TAKES \
                and short not in EVENTS:
            bad.append("TAKES: nothing said of %s" % n)
    for cmd, takes in TAKES.items():
        try:
            u.cmd(cmd)
        except KeyError:
            bad.append("TAKES: no command %s" % cmd)
            continue
        req = {}
        for top, inner in takes.items():
            if top not in u.top:
                bad.append("TAKES[%s]: no attribute %s" % (cmd, top))
                continue
            if inner is None:
                req[top] = 1
                continue
            child = u.top.child(top)
            if child is None:
                bad.append("TAKES[%s]: %s is not a nest" % (cmd, top))
                continue
            missing = [n for n in inner if n not in child]
            if missing:
                bad.append("TAKES[%s]: %s has no %s" % (cmd, top, ", ".join(missing)))
                continue
            req[top] = {n: samples.get(child.kind(n), 0) for n in sorted(inner)}
        back = u.decode(u.encode(req))
        if sorted(back) != sorted(req) or any(
                isinstance(v, dict) and sorted(back[k]) != sorted(v) for k, v in req.items()):
            bad.append("%s: request %r read back as %r" % (cmd, req, back))
    # A reply as the module builds one: nests with the nested flag set.
    try:
        reply = u.encode({"BRIDGE": {"IFINDEX": 7, "IFNAME": "lb0"},
                          "PORT": {"IFINDEX": 8, "STATS": {"RX_PACKETS": 5}},
                          "FDB": {"MAC": b"\x02\0\0\0\0\x09", "STATE": 2}, "EVENT": 0})
        rec = u.decode(reply)
        if (u32(rec["BRIDGE"]["IFINDEX"]) != 7 or cstr(rec["BRIDGE"]["IFNAME"]) != "lb0" or
                struct.unpack("=Q", rec["PORT"]["STATS"]["RX_PACKETS"])[0] != 5 or
                rec["FDB"]["MAC"] != b"\x02\0\0\0\0\x09" or rec["EVENT"] != b"\0"):
            bad.append("a reply read back as %r" % rec)
        if not struct.unpack_from("=H", reply, 2)[0] & NLA_F_NESTED:
            bad.append("a nest was built without NLA_F_NESTED")
    except (KeyError, Error) as e:
        bad.append("a reply cannot be built or read: %r" % e)
    return bad


if __name__ == "__main__":
    import sys
    problems = self_test(sys.argv[1] if len(sys.argv) > 1 else None)
    for p in problems:
        print("lbgenl self-test: %s" % p)
    if not problems:
        print("lbgenl self-test: ok")
    sys.exit(1 if problems else 0)
