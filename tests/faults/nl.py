# SPDX-License-Identifier: GPL-2.0
"""Just enough rtnetlink and generic netlink for the fault-injection tests.

A request is built once, then sent by exchange(), which touches no memory
it has not prepared beforehand: between arming /proc/thread-self/fail-nth
and reading it back, the only allocations the kernel makes for this task
are the ones the request itself causes. Constants of the lbridge family
come from uapi/linux/lbridge.h, parsed, so the tests follow the contract.
"""
import errno
import os
import re
import socket
import struct

NETLINK_ROUTE = 0
NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11

NLM_F_REQUEST = 0x1
NLM_F_MULTI = 0x2
NLM_F_ACK = 0x4
NLM_F_DUMP_INTR = 0x10
NLM_F_EXCL = 0x200
NLM_F_ACK_TLVS = 0x200
NLM_F_CREATE = 0x400
NLM_F_DUMP = 0x300
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLMSGERR_ATTR_MSG = 1
NLA_F_NESTED = 0x8000
NLA_TYPE_MASK = 0x3fff

RTM_NEWLINK = 16
RTM_DELLINK = 17
RTM_GETLINK = 18
RTM_SETLINK = 19
IFLA_ADDRESS = 1
IFLA_IFNAME = 3
IFLA_MTU = 4
IFLA_MASTER = 10
IFLA_LINKINFO = 18
IFLA_PROMISCUITY = 30
IFLA_INFO_KIND = 1
IFF_UP = 0x1
IFF_PROMISC = 0x100

GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_VERSION = 3
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_MCAST_GRP_ID = 2

HDR = struct.Struct('=IHHII')
IFINFO = struct.Struct('=BxHiII')
GENL = struct.Struct('=BBH')


def uapi(path):
    """The enumerators of a uapi header, as a dict of name -> value."""
    text = open(path).read()
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    values = {}
    for body in re.findall(r'enum\s+\w+\s*{(.*?)}', text, flags=re.S):
        value = -1
        for item in body.split(','):
            item = item.strip()
            if not item:
                continue
            name, _, expr = item.partition('=')
            name = name.strip()
            if expr.strip():
                value = eval(expr, {'__builtins__': {}}, dict(values))
            else:
                value += 1
            values[name] = value
    for name, expr in re.findall(r'#define[ \t]+(\w+)[ \t]+([^\n]+)', text):
        try:
            values[name] = eval(expr, {'__builtins__': {}}, dict(values))
        except Exception:
            pass
    return values


# Attributes ----------------------------------------------------------

def attr(kind, data):
    head = struct.pack('=HH', 4 + len(data), kind)
    return head + data + b'\0' * (-len(data) % 4)


def attr_u8(kind, value):
    return attr(kind, struct.pack('=B', value))


def attr_u32(kind, value):
    return attr(kind, struct.pack('=I', value))


def attr_str(kind, value):
    return attr(kind, value.encode() + b'\0')


def attr_nest(kind, *attrs):
    return attr(kind | NLA_F_NESTED, b''.join(attrs))


def attr_list(data, offset=0):
    """(type, payload) of each attribute in @data from @offset."""
    out = []
    while offset + 4 <= len(data):
        length, kind = struct.unpack_from('=HH', data, offset)
        if length < 4 or offset + length > len(data):
            raise ValueError('malformed attribute at offset %d' % offset)
        out.append((kind & NLA_TYPE_MASK, bytes(data[offset + 4:offset + length])))
        offset += (length + 3) & ~3
    return out


def attrs(data, offset=0):
    return dict(attr_list(data, offset))


def get_u8(a, kind):
    return a[kind][0] if kind in a else None


def get_u32(a, kind):
    return struct.unpack('=I', a[kind][:4])[0] if kind in a else None


def get_u64(a, kind):
    return struct.unpack('=Q', a[kind][:8])[0] if kind in a else None


def get_str(a, kind):
    return a[kind].split(b'\0', 1)[0].decode() if kind in a else None


def mac_str(raw):
    return ':'.join('%02x' % b for b in raw)


def mac_bytes(text):
    return bytes.fromhex(text.replace(':', ''))


# Exchanges -------------------------------------------------------------

class Error(Exception):
    """A request the kernel refused: errno and its extack message."""

    def __init__(self, err, message=''):
        super().__init__(err, message)
        self.errno = err
        self.message = message

    def __str__(self):
        text = '%s (%s)' % (errno.errorcode.get(self.errno, self.errno),
                            os.strerror(self.errno))
        return text + (': ' + self.message if self.message else '')


class Outcome:
    """What one exchange came to.

    kind is one of
      'ok'     the kernel acknowledged (or completed the dump),
      'error'  the kernel answered with an errno (NLMSG_ERROR, or the
               request never left: send() failed),
      'lost'   the answer itself was lost (recv() failed: the socket's
               error was set, typically ENOBUFS when the kernel could not
               allocate the acknowledgement; the request may have been
               carried out or not).
    """

    def __init__(self):
        self.kind = None
        self.errno = 0
        self.message = ''
        self.messages = []      # (type, flags, payload) before the end
        self.intr = False

    def __repr__(self):
        if self.kind == 'ok':
            return 'ok'
        name = errno.errorcode.get(self.errno, str(self.errno))
        return '%s %s%s' % (self.kind, name,
                            (' "%s"' % self.message) if self.message else '')


class Socket:
    """One netlink socket. Requests carry increasing sequence numbers."""

    CHUNK = 4096        # small reads: dumps come in several messages
    CHUNKS = 512

    def __init__(self, proto, timeout=120, groups=()):
        self.sock = socket.socket(socket.AF_NETLINK,
                                  socket.SOCK_RAW | socket.SOCK_CLOEXEC, proto)
        self.sock.bind((0, 0))
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        # A blocking socket with a receive timeout: no poll() in between.
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO,
                             struct.pack('=qq', timeout, 0))
        for group in groups:
            self.sock.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group)
        self.seq = 0

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def message(self, kind, flags, payload):
        """A request, built now, to hand to exchange() later."""
        self.seq += 1
        data = HDR.pack(HDR.size + len(payload), kind, flags | NLM_F_REQUEST,
                        self.seq, 0) + payload
        return self.seq, data

    # Receive buffers, shared by every socket, written once so that no
    # page fault is left in them.
    bufs = views = None

    def prepare(self):
        cls = Socket
        if cls.bufs is None:
            cls.bufs = [bytearray(b'\xa5' * cls.CHUNK) for _ in range(cls.CHUNKS)]
            cls.views = [memoryview(b) for b in cls.bufs]
            cls.lens = [0] * cls.CHUNKS

    def exchange(self, request, arm=None, disarm=None):
        """Send @request (from message()) and read until it is answered.

        @arm and @disarm, if given, are called right before the send and
        right after the last read: nothing in between allocates more
        than Python's small-object pools hold.
        """
        seq, data = request
        self.prepare()
        bufs, views, lens, chunk = self.bufs, self.views, self.lens, self.CHUNK
        unpack = HDR.unpack_from
        used = 0
        failure = None
        kind = None
        if arm:
            arm()
        try:
            self.sock.send(data)
        except OSError as e:
            failure = ('error', e.errno)
        while failure is None and kind is None:
            if used == self.CHUNKS:
                failure = ('overflow', 0)
                break
            try:
                n = self.sock.recv_into(views[used], chunk)
            except OSError as e:
                failure = ('lost', e.errno)
                break
            lens[used] = n
            buf = bufs[used]
            used += 1
            off = 0
            while off + 16 <= n:
                length, mtype, _, mseq, _ = unpack(buf, off)
                if mseq == seq and mtype in (NLMSG_ERROR, NLMSG_DONE):
                    kind = mtype
                if length < 16:
                    break
                off += (length + 3) & ~3
        if disarm:
            disarm()
        if failure and failure[0] == 'overflow':
            raise RuntimeError('reply larger than %d bytes' % (chunk * self.CHUNKS))
        return self._parse(seq, used, failure)

    def _parse(self, seq, used, failure):
        out = Outcome()
        for i in range(used):
            buf, n, off = self.bufs[i], self.lens[i], 0
            while off + 16 <= n:
                length, mtype, flags, mseq, _ = HDR.unpack_from(buf, off)
                if length < 16:
                    break
                payload = bytes(buf[off + 16:off + length])
                off += (length + 3) & ~3
                if mseq != seq:
                    continue
                if flags & NLM_F_DUMP_INTR:
                    out.intr = True
                if mtype == NLMSG_ERROR:
                    err = -struct.unpack_from('=i', payload)[0]
                    # With NETLINK_CAP_ACK: the request's header, no body.
                    if flags & NLM_F_ACK_TLVS:
                        a = attrs(payload, 4 + HDR.size)
                        out.message = get_str(a, NLMSGERR_ATTR_MSG) or ''
                    out.kind, out.errno = ('error', err) if err else ('ok', 0)
                elif mtype == NLMSG_DONE:
                    err = -struct.unpack_from('=i', payload)[0] if len(payload) >= 4 else 0
                    out.kind, out.errno = ('error', err) if err else ('ok', 0)
                else:
                    out.messages.append((mtype, flags, payload))
        if failure:
            out.kind, out.errno = failure
        return out

    def request(self, kind, flags, payload):
        """A request outside any fault injection; raises Error on refusal."""
        if (flags & NLM_F_DUMP) != NLM_F_DUMP:
            flags |= NLM_F_ACK
        out = self.exchange(self.message(kind, flags, payload))
        if out.kind != 'ok':
            raise Error(out.errno, out.message)
        return out.messages

    def drain(self):
        """Discard whatever is queued (multicast listeners)."""
        self.sock.setblocking(False)
        try:
            while True:
                try:
                    self.sock.recv(65536)
                except BlockingIOError:
                    break
                except OSError as e:
                    if e.errno != errno.ENOBUFS:
                        raise
        finally:
            self.sock.setblocking(True)


# rtnetlink -------------------------------------------------------------

def ifinfo(index=0, flags=0, change=0):
    return IFINFO.pack(socket.AF_UNSPEC, 0, index, flags, change)


def parse_link(payload):
    _, _, index, flags, _ = IFINFO.unpack_from(payload)
    a = attrs(payload, IFINFO.size)
    kind = None
    if IFLA_LINKINFO in a:
        kind = get_str(attrs(a[IFLA_LINKINFO]), IFLA_INFO_KIND)
    return {
        'ifindex': index,
        'ifname': get_str(a, IFLA_IFNAME),
        'flags': flags,
        'address': mac_str(a[IFLA_ADDRESS]) if IFLA_ADDRESS in a else None,
        'mtu': get_u32(a, IFLA_MTU),
        'master': get_u32(a, IFLA_MASTER) or 0,
        'promiscuity': get_u32(a, IFLA_PROMISCUITY),
        'kind': kind,
    }


def get_link(rt, name):
    """The link named @name, or None if there is none."""
    try:
        msgs = rt.request(RTM_GETLINK, 0, ifinfo() + attr_str(IFLA_IFNAME, name))
    except Error as e:
        if e.errno == errno.ENODEV:
            return None
        raise
    return parse_link(msgs[0][2])


# Generic netlink -----------------------------------------------------

class Family:
    """A generic netlink family, resolved by name."""

    def __init__(self, name):
        with Socket(NETLINK_GENERIC) as s:
            payload = GENL.pack(CTRL_CMD_GETFAMILY, 1, 0) + attr_str(CTRL_ATTR_FAMILY_NAME, name)
            msgs = s.request(GENL_ID_CTRL, 0, payload)
        a = attrs(msgs[0][2], GENL.size)
        self.name = name
        self.id = struct.unpack('=H', a[CTRL_ATTR_FAMILY_ID][:2])[0]
        # Requests say which version of the family they speak: its own.
        self.version = get_u32(a, CTRL_ATTR_VERSION)
        self.groups = {}
        for _, grp in attr_list(a.get(CTRL_ATTR_MCAST_GROUPS, b'')):
            g = attrs(grp)
            self.groups[get_str(g, CTRL_ATTR_MCAST_GRP_NAME)] = get_u32(g, CTRL_ATTR_MCAST_GRP_ID)

    def message(self, sock, cmd, *attrs_, dump=False, version=None):
        flags = NLM_F_DUMP if dump else NLM_F_ACK
        version = self.version if version is None else version
        return sock.message(self.id, flags, GENL.pack(cmd, version, 0) + b''.join(attrs_))

    def request(self, sock, cmd, *attrs_, dump=False):
        out = sock.exchange(self.message(sock, cmd, *attrs_, dump=dump))
        if out.kind != 'ok':
            raise Error(out.errno, out.message)
        return [attrs(p, GENL.size) for _, _, p in out.messages]
