#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Fail each allocation of an lbridge operation in turn.

    faults.py [--full] [--budget N] [--frames N] [--tap NAME] [--only PREFIX]...
              NETNS CONTAINER_NETNS

The caller has built, with IPv6 off in both namespaces:

    NETNS             lbf0 (lbridge, up): ports vf1, vf2 (up); vf3 (a spare veth,
                      up, MTU 1400)
    CONTAINER_NETNS   cf1, cf2, cf3: the peers of vf1, vf2, vf3 (up)

This runs in the initial namespaces, where /sys/kernel/debug is, and talks
netlink from NETNS. For each operation (creating a bridge, enslaving a
port, every command of the lbridge family) it first counts the fault
sites the operation passes (the slab and page allocations fail-nth can
fail), then for N = 1, 2, ... writes N to /proc/thread-self/fail-nth and
runs the operation once more from this very thread, so that its N-th
allocation fails. Every attempt must succeed or fail with an errno, and
leave the system exactly as it was (an error) or exactly as the
operation leaves it (a success, which is then undone). An attempt whose
fault was not reached must succeed: that is how the sweep ends, and how a
failure that left something behind (a port still claimed, a name still
taken) shows up even when nothing looks wrong right after it.

The short form (the default) tries at most --budget sites (50) of each
operation: all of them when there are no more; for a bridge's creation
the first 30 (the device, the bridge's own ndo_init, the first sysfs
entries) and 5 more spread over the first half, never IPv4's sysctl
registration near the end (see CreateBridge.plan); --full tries every
site. The summary counts, per operation, its sites, the faults
injected, and what they came to: an error, a lost answer, a success.

Then learning: failslab fails half of the atomic allocations of every
context (softirq included) while a container sends frames from fresh
source MACs; each must be learned or counted as dropped for lack of
memory, the counters must agree with the table, and once injection stops
learning must work again.

Prints TAP lines ("ok - NAME: ...") and a summary as comments; exits 1 if
any check failed.
"""
import collections
import ctypes
import errno
import gc
import os
import re
import socket
import struct
import sys
import time

# The checkout is shared with the VM: leave no __pycache__ in it.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nl  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
U = nl.uapi(os.path.join(TOP, 'uapi', 'linux', 'lbridge.h'))


def names(prefix, into=''):
    """{value: name} of an attribute enum: the enumerators without their
    prefix, lower case, after @into."""
    return {v: into + k[len(prefix):].lower() for k, v in U.items()
            if k.startswith(prefix) and not k.endswith('_MAX') and not k.startswith('__')}


# Replies nest each object's attributes; read flat, they are named as
# before the nests: a bridge's plainly, a port's port_*, an entry's fdb_*.
NESTS = {U['LBRIDGE_A_BRIDGE']: names('LBRIDGE_BRIDGE_A_'),
         U['LBRIDGE_A_PORT']: names('LBRIDGE_PORT_A_', 'port_'),
         U['LBRIDGE_A_FDB']: names('LBRIDGE_FDB_A_', 'fdb_')}
A = {U['LBRIDGE_A_EVENT']: 'fdb_event', U['LBRIDGE_A_EVENTS_LOST']: 'fdb_events_lost',
     U['LBRIDGE_A_FLUSH_FLAGS']: 'flush_flags'}
STAT = {v: k[len('LBRIDGE_PORT_STAT_'):].lower() for k, v in U.items()
        if k.startswith('LBRIDGE_PORT_STAT_') and k != 'LBRIDGE_PORT_STAT_MAX'}
STATE = {U['LBRIDGE_FDB_STATE_LOCAL']: 'local', U['LBRIDGE_FDB_STATE_STATIC']: 'static',
         U['LBRIDGE_FDB_STATE_LEARNED']: 'learned'}
CMD = {k[len('LBRIDGE_CMD_'):]: v for k, v in U.items() if k.startswith('LBRIDGE_CMD_')}

BRIDGE, NEW_BRIDGE, SPARE = 'lbf0', 'lbf1', 'vf3'
# NEW_FDB, DEL_FDB and FLUSH_FDB work on vf2; the dumps read vf1's statics.
MAC_NEW = '02:fa:00:00:00:01'
MAC_FLUSH = ['02:fa:00:00:01:%02x' % i for i in range(3)]
STATICS = 100
# fail-nth armed this far away never fires: counts the sites passed.
FAR = 1000000
# The fault attributes' budget: what is left of it says how many fired.
TIMES = 1000000000

ok_count = fail_count = 0
tap_name = 'faults'


def tap(good, what, details=()):
    global ok_count, fail_count
    if good:
        ok_count += 1
        print('ok - %s: %s' % (tap_name, what), flush=True)
    else:
        fail_count += 1
        print('not ok - %s: %s' % (tap_name, what), flush=True)
        for line in details:
            print('#   ' + str(line), flush=True)


def say(text):
    print('# ' + text, flush=True)


# Namespaces --------------------------------------------------------------

libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000


def setns(path):
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, 'setns %s: %s' % (path, os.strerror(err)))
    finally:
        os.close(fd)


def netns_path(name):
    return name if name.startswith('/') else '/run/netns/' + name


# Fault injection -----------------------------------------------------------

DEBUGFS = '/sys/kernel/debug'


class Faults:
    """/sys/kernel/debug/failslab and fail_page_alloc, put back as found."""

    ATTRS = ('failslab', 'fail_page_alloc')

    def __init__(self):
        self.saved = {}

    @staticmethod
    def available():
        return all(os.path.isdir(os.path.join(DEBUGFS, a)) for a in Faults.ATTRS) and \
            os.path.exists('/proc/thread-self/fail-nth')

    def path(self, attr, knob):
        return os.path.join(DEBUGFS, attr, knob)

    def set(self, attr, knob, value):
        path = self.path(attr, knob)
        if path not in self.saved:
            with open(path) as f:
                self.saved[path] = f.read().strip()
        with open(path, 'w') as f:
            f.write(str(value))

    def get(self, attr, knob):
        with open(self.path(attr, knob)) as f:
            return f.read().strip()

    def restore(self):
        for path, value in self.saved.items():
            with open(path, 'w') as f:
                f.write(value)

    def for_fail_nth(self):
        """Quiet, every allocation a candidate, nothing failing by chance."""
        for a in self.ATTRS:
            self.set(a, 'probability', 0)
            self.set(a, 'interval', 1)
            self.set(a, 'space', 0)
            self.set(a, 'task-filter', 'N')
            # A report per fault would put "Call Trace:" in the kernel log.
            self.set(a, 'verbose', 0)
            # GFP_KERNEL allocations fail too, not only atomic ones.
            self.set(a, 'ignore-gfp-wait', 'N')
            self.set(a, 'times', TIMES)
        self.set('fail_page_alloc', 'min-order', 0)
        # __GFP_HIGHMEM marks user pages (and vmalloc's backing pages, only
        # reached once kmalloc has failed): failing them would fail this
        # process's own page faults, not the kernel paths under test.
        self.set('fail_page_alloc', 'ignore-gfp-highmem', 'Y')

    def fired(self):
        """Faults injected since for_fail_nth(), per attribute."""
        return {a: TIMES - int(self.get(a, 'times')) for a in self.ATTRS}

    def reset_count(self):
        for a in self.ATTRS:
            self.set(a, 'times', TIMES)


class FailNth:
    """This thread's /proc/thread-self/fail-nth."""

    def __init__(self):
        self.fd = os.open('/proc/thread-self/fail-nth', os.O_RDWR | os.O_CLOEXEC)
        self.value = b'0'
        self.remaining = 0

    def set(self, n):
        self.value = b'%d' % n

    def arm(self):
        os.write(self.fd, self.value)

    def disarm(self):
        self.remaining = int(os.pread(self.fd, 32, 0))
        os.write(self.fd, b'0')


class Kmsg:
    """Records the kernel logs from now on, one message per record."""

    def __init__(self):
        self.fd = os.open('/dev/kmsg', os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        os.lseek(self.fd, 0, os.SEEK_END)

    def read(self):
        out = []
        while True:
            try:
                record = os.read(self.fd, 8192)
            except BlockingIOError:
                return out
            except BrokenPipeError:
                # Overwritten before we read it: go on with what is left.
                continue
            text = record.decode(errors='replace')
            out.append(text.partition(';')[2].split('\n', 1)[0])


# What tests/qemu/run counts as a kernel report.
REPORT = re.compile(
    r'BUG:|WARNING:|KASAN|UBSAN|possible recursive locking|possible circular locking'
    r'|inconsistent lock state|suspicious RCU usage|lockdep|refcount_t:'
    r'|unreferenced object|kmemleak: .*suspected|Oops|Kernel panic'
    r'|general protection fault|sleeping function called from invalid context'
    r'|unregister_netdevice: waiting for|Call Trace:')
HARMLESS = re.compile(r'rcu:\s+RCU lockdep checking is enabled\.$')
# The core's own reaction to a failed allocation, not a report about the
# bridge: __register_sysctl_table dumps the stack when it cannot make a
# directory (a new device's net/ipv4/conf/NAME, say). Only the long form
# reaches these sites; tests/faults/run lets these stacks through.
CORE_DUMP = re.compile(r'^sysctl could not get directory: ')


# Reading the system, outside any injection -----------------------------------

def bridge_attrs(name, *attrs):
    """LBRIDGE_A_BRIDGE { IFNAME, attrs (LBRIDGE_BRIDGE_A_*) }."""
    return nl.attr_nest(U['LBRIDGE_A_BRIDGE'], nl.attr_str(U['LBRIDGE_BRIDGE_A_IFNAME'], name),
                        *attrs)


def port_attrs(name, *attrs):
    return nl.attr_nest(U['LBRIDGE_A_PORT'], nl.attr_str(U['LBRIDGE_PORT_A_IFNAME'], name),
                        *attrs)


def fdb_attrs(mac):
    return nl.attr_nest(U['LBRIDGE_A_FDB'], nl.attr(U['LBRIDGE_FDB_A_MAC'], nl.mac_bytes(mac)))


def flatten(a):
    """{name: payload} of a message's attributes, nests opened."""
    out = {}
    for k, v in a.items():
        if k in NESTS:
            for t, p in nl.attrs(v).items():
                out[NESTS[k].get(t, '%d.%d' % (k, t))] = p
        else:
            out[A.get(k, str(k))] = v
    return out


def decode(a):
    out = {}
    for name, v in flatten(a).items():
        if name in ('ifname', 'port_ifname'):
            out[name] = v.split(b'\0', 1)[0].decode()
        elif name in ('address', 'fdb_mac'):
            out[name] = nl.mac_str(v)
        elif name == 'port_stats':
            out[name] = {STAT.get(t, str(t)): struct.unpack('=Q', p[:8])[0]
                         for t, p in nl.attr_list(v) if len(p) == 8}
        elif len(v) == 1:
            out[name] = v[0]
        elif len(v) == 4:
            out[name] = struct.unpack('=I', v)[0]
        elif len(v) == 8:
            out[name] = struct.unpack('=Q', v)[0]
        else:
            out[name] = v.hex()
    return out


def fdb_key(e):
    return (e.get('fdb_mac'), STATE.get(e.get('fdb_state'), e.get('fdb_state')),
            e.get('port_ifname'))


def port_key(p):
    return (p.get('ifname'), p.get('port_ifname'), p.get('port_ifindex'))


class Env:
    def __init__(self, args):
        self.args = args
        setns(netns_path(args.netns))
        self.container = netns_path(args.container)
        self.rt = nl.Socket(nl.NETLINK_ROUTE)
        self.fam = nl.Family(U['LBRIDGE_GENL_NAME'])
        self.genl = nl.Socket(nl.NETLINK_GENERIC)
        # Events are allocated only when someone listens: listen.
        self.events = nl.Socket(nl.NETLINK_GENERIC,
                                groups=[self.fam.groups[U['LBRIDGE_GENL_MCGRP_FDB']]])
        self.nth = FailNth()
        self.faults = Faults()
        self.kmsg = Kmsg()

    def link(self, name):
        return nl.get_link(self.rt, name)

    def ifindex(self, name):
        return self.link(name)['ifindex']

    def gcmd(self, cmd, *attrs, dump=False):
        return [decode(a) for a in self.fam.request(self.genl, CMD[cmd], *attrs, dump=dump)]

    def bridge(self, name=BRIDGE):
        return self.gcmd('GET_BRIDGE', bridge_attrs(name))[0]

    def bridges(self):
        return sorted(b['ifname'] for b in self.gcmd('GET_BRIDGE', dump=True))

    def ports(self, name=BRIDGE):
        return self.gcmd('GET_PORT', bridge_attrs(name), dump=True)

    def port_stats(self, port, name=BRIDGE):
        for p in self.ports(name):
            if p['port_ifname'] == port:
                return p['port_stats']
        raise RuntimeError('%s is not a port of %s' % (port, name))

    def fdb(self, name=BRIDGE, port=None):
        attrs = [bridge_attrs(name)]
        if port:
            attrs.append(port_attrs(port))
        return sorted(fdb_key(e) for e in self.gcmd('GET_FDB', *attrs, dump=True))

    def fdb_add(self, mac, port):
        self.gcmd('NEW_FDB', port_attrs(port), fdb_attrs(mac))

    def fdb_del(self, mac, port):
        self.gcmd('DEL_FDB', port_attrs(port), fdb_attrs(mac))

    def set_bridge(self, *attrs):
        """SET_BRIDGE of BRIDGE; @attrs are LBRIDGE_BRIDGE_A_* settings."""
        self.gcmd('SET_BRIDGE', bridge_attrs(BRIDGE, *attrs))

    def set_master(self, port, master_ifindex):
        self.rt.request(nl.RTM_SETLINK, nl.NLM_F_ACK,
                        nl.ifinfo(self.ifindex(port)) + nl.attr_u32(nl.IFLA_MASTER, master_ifindex))


def guarded(fn):
    """A reading of the state that cannot raise: errors become part of it."""
    try:
        return fn()
    except nl.Error as e:
        return 'error: %s' % e


# The operations ------------------------------------------------------------

class Op:
    """One request under test. Subclasses say how to build it, what the
    system looks like (state), and what a success turns it into (done)."""

    name = ''
    reads = False       # a read: the reply is checked, the state never changes

    def __init__(self, env):
        self.env = env

    def setup(self):
        """Once per sweep, before anything is measured."""

    def prepare(self):
        """Before every attempt: the precondition, outside injection."""

    def socket(self):
        return nl.Socket(nl.NETLINK_GENERIC)

    def message(self, sock):
        raise NotImplementedError

    def state(self):
        raise NotImplementedError

    def done(self, before):
        return before

    def undo(self):
        """Put back what a success changed."""

    def teardown(self):
        """After the sweep: leave nothing for the next operation."""

    def check_reply(self, out):
        """For a success: what is wrong with the reply, or None."""
        return None

    def plan(self, sites, budget):
        """Which of the sites 1..@sites the short form tries."""
        return sample(sites, budget)


class CreateBridge(Op):
    name = 'create bridge (RTM_NEWLINK type lbridge)'

    def socket(self):
        return nl.Socket(nl.NETLINK_ROUTE)

    def message(self, sock):
        # Below IPv6's minimum MTU, so IPv6 does not attach to it: its
        # sysctl registration dumps a stack when an allocation fails there,
        # a report the VM runner would count against the bridge.
        payload = nl.ifinfo() + nl.attr_str(nl.IFLA_IFNAME, NEW_BRIDGE) + \
            nl.attr_u32(nl.IFLA_MTU, 1000) + \
            nl.attr_nest(nl.IFLA_LINKINFO, nl.attr_str(nl.IFLA_INFO_KIND, 'lbridge'))
        return sock.message(nl.RTM_NEWLINK, nl.NLM_F_ACK | nl.NLM_F_CREATE | nl.NLM_F_EXCL, payload)

    def state(self):
        env = self.env
        link = env.link(NEW_BRIDGE)
        bridges = guarded(env.bridges)
        if link is None:
            return {'link': None, 'bridges': bridges}

        def inside():
            br = env.bridge(NEW_BRIDGE)
            fdb = [('own' if mac == link['address'] else mac, st, port)
                   for mac, st, port in env.fdb(NEW_BRIDGE)]
            return {'ports': br.get('port_count'), 'fdb_count': br.get('fdb_count'),
                    'learned': br.get('learned_count'), 'fdb': fdb}
        return {'link': {'kind': link['kind'], 'bridge': guarded(inside)}, 'bridges': bridges}

    def done(self, before):
        bridges = before['bridges']
        if isinstance(bridges, list):
            bridges = sorted(bridges + [NEW_BRIDGE])
        return {'link': {'kind': 'lbridge',
                         'bridge': {'ports': 0, 'fdb_count': 1, 'learned': 0,
                                    'fdb': [('own', 'local', None)]}},
                'bridges': bridges}

    def undo(self):
        self.env.rt.request(nl.RTM_DELLINK, nl.NLM_F_ACK,
                            nl.ifinfo() + nl.attr_str(nl.IFLA_IFNAME, NEW_BRIDGE))

    def teardown(self):
        if self.env.link(NEW_BRIDGE):
            self.undo()

    def plan(self, sites, budget):
        """The first sites (the device's allocation, the bridge's own
        ndo_init, the first sysfs entries), then a few spread over the
        first half (sysfs). Near the end lie the sites of IPv4's sysctl
        registration, whose failure dumps a stack, a core diagnostic the VM
        runner counts as a report; only the long form goes there, and
        tests/faults/run lets those stacks through."""
        if not budget:
            return list(range(1, sites + 1))
        # Each attempt registers and unregisters a device: the dearest.
        head, spread = 30, 5
        return list(range(1, min(head, sites) + 1)) + sorted(
            {head + 1 + round(i * (sites // 2 - head - 1) / (spread - 1))
             for i in range(spread) if sites // 2 > head + spread})


class Enslave(Op):
    name = 'enslave a veth (RTM_SETLINK IFLA_MASTER)'

    def setup(self):
        env = self.env
        self.port = env.link(SPARE)
        self.master = env.ifindex(BRIDGE)

    def socket(self):
        return nl.Socket(nl.NETLINK_ROUTE)

    def message(self, sock):
        payload = nl.ifinfo(self.port['ifindex']) + nl.attr_u32(nl.IFLA_MASTER, self.master)
        return sock.message(nl.RTM_SETLINK, nl.NLM_F_ACK, payload)

    def state(self):
        env = self.env
        link = env.link(SPARE)
        br = guarded(env.bridge)
        return {
            'master': {0: None, self.master: BRIDGE}.get(link['master'], link['master']),
            'promiscuity': link['promiscuity'],
            'bridge_mtu': env.link(BRIDGE)['mtu'],
            'ports': guarded(lambda: sorted(p['port_ifname'] for p in env.ports())),
            'port_count': br.get('port_count') if isinstance(br, dict) else br,
            'fdb_count': br.get('fdb_count') if isinstance(br, dict) else br,
            # Refused (not a port) unless it is one: then its local entry.
            'own_entries': guarded(lambda: env.fdb(port=SPARE)),
        }

    def done(self, before):
        return {
            'master': BRIDGE,
            'promiscuity': before['promiscuity'] + 1,
            # vf3's MTU is the smallest: the bridge follows it, and back.
            'bridge_mtu': min(before['bridge_mtu'], self.port['mtu']),
            'ports': sorted(before['ports'] + [SPARE]),
            'port_count': before['port_count'] + 1,
            'fdb_count': before['fdb_count'] + 1,
            'own_entries': [(self.port['address'], 'local', SPARE)],
        }

    def undo(self):
        self.env.set_master(SPARE, 0)

    def teardown(self):
        if self.env.link(SPARE)['master']:
            self.undo()


class GenlRead(Op):
    """A read of the lbridge family: its reply must equal the reference."""

    reads = True

    def __init__(self, env, name, cmd, attrs, dump, key):
        super().__init__(env)
        self.name = name
        self.cmd, self.attrs, self.dump, self.key = cmd, attrs, dump, key

    def message(self, sock):
        return self.env.fam.message(sock, CMD[self.cmd], *self.attrs, dump=self.dump)

    def setup(self):
        with self.socket() as s:
            out = s.exchange(self.message(s))
        if out.kind != 'ok':
            raise RuntimeError('%s: reference read failed: %r' % (self.name, out))
        self.reference = self.canon(out)

    def canon(self, out):
        return sorted(self.key(decode(nl.attrs(p, nl.GENL.size))) for _, _, p in out.messages)

    def state(self):
        return guarded(self.env.bridge)

    def check_reply(self, out):
        got = self.canon(out)
        if got != self.reference:
            missing = [x for x in self.reference if x not in got]
            extra = [x for x in got if x not in self.reference]
            return 'reply differs from the reference: %d missing %s, %d extra %s%s' % (
                len(missing), missing[:3], len(extra), extra[:3],
                ' (flagged NLM_F_DUMP_INTR)' if out.intr else '')
        return None


def bridge_reply_key(b):
    return tuple(sorted(b.items()))


class SetBridge(Op):
    name = 'SET_BRIDGE'

    def setup(self):
        br = self.env.bridge()
        self.old = (br['ageing_time'], br['max_learned'])
        self.new = (self.old[0] + 1, 12345)

    def message(self, sock):
        return self.env.fam.message(
            sock, CMD['SET_BRIDGE'], bridge_attrs(
                BRIDGE, nl.attr_u32(U['LBRIDGE_BRIDGE_A_AGEING_TIME'], self.new[0]),
                nl.attr_u32(U['LBRIDGE_BRIDGE_A_MAX_LEARNED'], self.new[1])))

    def state(self):
        br = guarded(self.env.bridge)
        if not isinstance(br, dict):
            return br
        return (br['ageing_time'], br['max_learned'])

    def done(self, before):
        return self.new

    def undo(self):
        self.env.set_bridge(nl.attr_u32(U['LBRIDGE_BRIDGE_A_AGEING_TIME'], self.old[0]),
                            nl.attr_u32(U['LBRIDGE_BRIDGE_A_MAX_LEARNED'], self.old[1]))


class FdbChange(Op):
    """NEW_FDB, DEL_FDB, FLUSH_FDB on vf2: the state is vf2's entries."""

    port = 'vf2'
    present = ()        # static MACs there before each attempt
    absent = ()         # MACs not there before each attempt

    def ensure(self, present, absent):
        have = {mac for mac, _, _ in self.env.fdb(port=self.port)}
        for mac in present:
            if mac not in have:
                self.env.fdb_add(mac, self.port)
        for mac in absent:
            if mac in have:
                self.env.fdb_del(mac, self.port)

    def prepare(self):
        self.ensure(self.present, self.absent)

    def undo(self):
        self.prepare()

    def teardown(self):
        self.ensure((), self.present + self.absent)

    def state(self):
        br = guarded(self.env.bridge)
        return {'fdb_count': br['fdb_count'] if isinstance(br, dict) else br,
                'static_count': br.get('static_count') if isinstance(br, dict) else br,
                'entries': guarded(lambda: self.env.fdb(port=self.port))}

    def after(self, entries):
        """vf2's entries after a success."""
        raise NotImplementedError

    def done(self, before):
        entries = sorted(self.after(before['entries']))
        delta = len(entries) - len(before['entries'])
        static = before['static_count']
        return {'fdb_count': before['fdb_count'] + delta,
                'static_count': None if static is None else static + delta,
                'entries': entries}

    def mac_attrs(self, mac):
        return (port_attrs(self.port), fdb_attrs(mac))


class NewFdb(FdbChange):
    name = 'NEW_FDB'
    absent = (MAC_NEW,)

    def message(self, sock):
        return self.env.fam.message(sock, CMD['NEW_FDB'], *self.mac_attrs(MAC_NEW))

    def after(self, entries):
        return entries + [(MAC_NEW, 'static', self.port)]


class DelFdb(FdbChange):
    name = 'DEL_FDB'
    present = (MAC_NEW,)

    def message(self, sock):
        return self.env.fam.message(sock, CMD['DEL_FDB'], *self.mac_attrs(MAC_NEW))

    def after(self, entries):
        return [e for e in entries if e[0] != MAC_NEW]


class FlushFdb(FdbChange):
    name = 'FLUSH_FDB (one port, static and learned)'
    present = tuple(MAC_FLUSH)

    def message(self, sock):
        return self.env.fam.message(sock, CMD['FLUSH_FDB'],
                                    bridge_attrs(BRIDGE), port_attrs(self.port))

    def after(self, entries):
        return [e for e in entries if e[1] == 'local']


def operations(env):
    name = bridge_attrs(BRIDGE)
    vf1 = port_attrs('vf1')

    def port_reply_key(p):
        return port_key(p)
    return [
        CreateBridge(env),
        Enslave(env),
        GenlRead(env, 'GET_BRIDGE (doit)', 'GET_BRIDGE', [name], False, bridge_reply_key),
        GenlRead(env, 'GET_BRIDGE (dump)', 'GET_BRIDGE', [], True, bridge_reply_key),
        SetBridge(env),
        GenlRead(env, 'GET_PORT (dump)', 'GET_PORT', [name], True, port_reply_key),
        GenlRead(env, 'GET_FDB (dump, %d+ entries)' % STATICS, 'GET_FDB', [name], True, fdb_key),
        GenlRead(env, 'GET_FDB (dump of one port)', 'GET_FDB', [name, vf1], True, fdb_key),
        NewFdb(env),
        DelFdb(env),
        FlushFdb(env),
    ]


# The sweep -----------------------------------------------------------------

# An errno that says an earlier attempt left something behind.
LEFTOVER = {errno.EBUSY, errno.EEXIST, errno.ELOOP}


def differ(got, want, word='expected'):
    """How state @got differs from @want, key by key."""
    if isinstance(got, dict) and isinstance(want, dict):
        return ', '.join('%s %s, %s %s' % (k, got.get(k), word, want.get(k))
                         for k in sorted(set(got) | set(want)) if got.get(k) != want.get(k))
    return '%s, %s %s' % (got, word, want)


def sample(sites, budget):
    """Which of 1..sites to try: all, or the first budget/2 and the rest
    of the budget spread evenly over what follows, the last included."""
    if not budget or sites <= budget:
        return list(range(1, sites + 1))
    head = budget // 2
    rest, left = budget - head, sites - head
    return list(range(1, head + 1)) + sorted({sites - round(i * (left - 1) / (rest - 1))
                                              for i in range(rest)})


class Sweep:
    def __init__(self, env, op):
        self.env, self.op = env, op
        self.problems = []
        self.sites = self.reached = 0
        self.tried = self.injected = self.errors = self.lost = self.successes = 0
        self.errnos = collections.Counter()
        self.seconds = 0
        self.full = False
        self.core = []          # expected core diagnostics (long form)

    def problem(self, where, text):
        self.problems.append('%s: %s' % (where, text))

    def kernel_said(self, where):
        """What the kernel logged that the VM runner would call a report,
        tied to the attempt that made it say so."""
        lines = self.env.kmsg.read()
        for i, line in enumerate(lines):
            if REPORT.search(line) and not HARMLESS.search(line):
                said = ' | '.join(lines[max(0, i - 2):i + 1])
                core = [x for x in lines[max(0, i - 4):i] if CORE_DUMP.search(x)]
                if self.full and core:
                    self.core.append('%s: %s' % (where, core[-1]))
                else:
                    self.problem(where, 'kernel: ' + said)
                break

    def attempt(self, n):
        """Run the operation with its n-th fault site failing: its outcome,
        and whether the fault fired."""
        env, op = self.env, self.op
        self.kernel_said('before N=%d (setting up, or undoing the attempt before)' % n)
        sock = op.socket()
        try:
            request = op.message(sock)
            sock.prepare()
            env.nth.set(n)
            out = sock.exchange(request, env.nth.arm, env.nth.disarm)
        finally:
            sock.close()
        env.events.drain()
        self.kernel_said('N=%d' % n)
        return out, env.nth.remaining == 0

    def judge(self, where, out, fired, before):
        """After an error the state is as before; after a success it is
        what success leaves, and is then undone; when the answer was lost,
        either."""
        op = self.op
        after = op.state()
        done = op.done(before)
        if out.kind == 'ok':
            why = op.check_reply(out)
            if why:
                self.problem(where, why)
            if after != done:
                self.problem(where, 'succeeded, but the state is not what success leaves: %s'
                             % differ(after, done))
        elif out.kind == 'error':
            if after != before:
                self.problem(where, 'failed (%r), but the state changed: %s'
                             % (out, differ(after, before, 'was')))
            if out.errno in LEFTOVER:
                self.problem(where, 'failed with %r: something earlier was left behind?' % out)
        elif after != before and after != done:
            self.problem(where, 'answer lost (%r), and the state is neither as before (%s) '
                         'nor done (%s)' % (out, differ(after, before, 'was'), differ(after, done)))
        if not fired and out.kind != 'ok':
            self.problem(where, 'no fault was injected, yet it failed: %r' % out)
        if done != before and (out.kind == 'ok' or (out.kind == 'lost' and after != before)):
            try:
                op.undo()
            except nl.Error as e:
                self.problem(where, 'undoing the success failed: %s' % e)
            again = op.state()
            if again != before:
                self.problem(where, 'undoing the success left %s' % differ(again, before, 'was'))

    def run(self, budget):
        start = time.monotonic()
        try:
            self.sweep(budget)
        finally:
            self.seconds = time.monotonic() - start
            self.op.teardown()

    def sweep(self, budget):
        op = self.op
        self.full = not budget
        op.setup()
        op.prepare()
        before = op.state()
        # Armed out of reach, fail-nth counts the sites the operation passes.
        out, _ = self.attempt(FAR)
        self.sites = FAR - self.env.nth.remaining
        self.judge('with no fault', out, True, before)
        if out.kind != 'ok':
            self.problem('with no fault', 'it fails: %r' % out)
            return
        plan = op.plan(self.sites, budget) + [self.sites + 1]
        i = 0
        while i < len(plan):
            n = plan[i]
            op.prepare()
            out, fired = self.attempt(n)
            self.tried += 1
            self.judge('N=%d' % n, out, fired, before)
            if not fired:
                # Not reached: the operation has fewer than n sites.
                break
            self.injected += 1
            self.reached = max(self.reached, n)
            self.sites = max(self.sites, n)
            if out.kind == 'ok':
                self.successes += 1
            else:
                self.errors += out.kind == 'error'
                self.lost += out.kind == 'lost'
                self.errnos[errno.errorcode.get(out.errno, str(out.errno))] += 1
            # The count may move with the allocators' caches: go on until
            # a fault is not reached.
            if i == len(plan) - 1 and not budget:
                plan.append(n + 1)
            if len(self.problems) > 20:
                self.problems.append('(stopping this operation after 20 problems)')
                break
            i += 1
        if self.full:
            # What the sweep reached, not what the counting run passed.
            self.sites = self.reached
        if self.errors + self.lost == 0:
            self.problems.append('no injected fault made it fail: is injection working?')


# Learning under failing atomic allocations -------------------------------

ETH_TYPE = 0x88b5       # IEEE 802 local experimental
DEST = nl.mac_bytes('02:fd:00:00:00:01')    # unknown: floods to vf2, no clone


def frames(prefix, count):
    return [DEST + nl.mac_bytes('%s:%02x:%02x' % (prefix, i >> 8, i & 255)) +
            struct.pack('!H', ETH_TYPE) + b'lbridge fault injection'.ljust(46, b'.')
            for i in range(count)]


def wait_until(what, seconds, fn):
    deadline = time.monotonic() + seconds
    while True:
        value = fn()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.1)


def learning(env, count):
    faults = env.faults
    say('learning with failslab failing half of all atomic allocations')
    try:
        # A cap could refuse what the test sends; older modules lack the
        # per-port one.
        env.set_bridge(nl.attr_u8(U['LBRIDGE_BRIDGE_A_LEARNING'], 1),
                       nl.attr_u32(U['LBRIDGE_BRIDGE_A_MAX_LEARNED'], 0),
                       nl.attr_u32(U['LBRIDGE_BRIDGE_A_PORT_MAX_LEARNED'], 0))
        env.gcmd('FLUSH_FDB', bridge_attrs(BRIDGE),
                 nl.attr_u32(U['LBRIDGE_A_FLUSH_FLAGS'], U['LBRIDGE_FLUSH_F_DYNAMIC']))
    except nl.Error as e:
        tap(False, 'learning: the bridge is set up for the burst', [str(e)])
        return 0, 0

    ports = sorted(p['port_ifname'] for p in env.ports())
    if ports != ['vf1', 'vf2']:
        # A third port would take a clone of each flood, whose failures
        # are counted as drop_nomem: each frame must fail to learn at most.
        tap(False, 'learning: %s has exactly the ports vf1 and vf2' % BRIDGE, ['ports: %s' % ports])
        return 0, 0

    home = os.open('/proc/thread-self/ns/net', os.O_RDONLY | os.O_CLOEXEC)
    setns(env.container)
    try:
        tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
        tx.bind(('cf1', 0))
    finally:
        if libc.setns(home, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), 'setns back')
        os.close(home)

    def received(since, n):
        """vf1's counters once it has received @n frames more than
        @since, or after a minute."""
        try:
            return wait_until('%d frames' % n, 60, lambda: (
                lambda s: s if s['rx_packets'] - since['rx_packets'] >= n else None)(
                    env.port_stats('vf1')))
        except TimeoutError:
            return env.port_stats('vf1')

    def refused(s):
        return sum(s.get(k, 0) for k in ('learn_nomem', 'learn_cap', 'learn_port_cap'))

    burst, after = frames('02:fb:00:00', count), frames('02:fc:00:00', 32)
    s0 = env.port_stats('vf1')
    env.events.drain()
    faults.for_fail_nth()
    # Atomic allocations only, in every context: the softirq that learns
    # is nobody's task.
    faults.set('failslab', 'ignore-gfp-wait', 'Y')
    faults.set('failslab', 'probability', 50)
    try:
        for f in burst:
            tx.send(f)
    finally:
        faults.set('failslab', 'probability', 0)
    fired = faults.fired()['failslab']
    faults.set('failslab', 'ignore-gfp-wait', 'N')

    s1 = received(s0, count)
    rx = s1['rx_packets'] - s0['rx_packets']
    learned = s1['learned'] - s0['learned']
    nomem = s1['learn_nomem'] - s0['learn_nomem']
    tap(rx == count, 'learning: vf1 received the %d frames sent under injection' % count,
        ['received %d' % rx])
    tap(nomem > 0, 'learning: failed allocations were counted as learn_nomem (%d)' % nomem,
        ['learn_nomem rose by %d, learned by %d, %d faults fired' % (nomem, learned, fired)])
    tap(learned > 0, 'learning: some sources were learned meanwhile (%d)' % learned)
    tap(learned + refused(s1) - refused(s0) == rx,
        'learning: every fresh source was learned or counted as refused',
        ['rx %d, learned %d, refused %d' % (rx, learned, refused(s1) - refused(s0))])
    table = env.fdb(port='vf1')
    in_table = sum(1 for mac, st, _ in table if mac.startswith('02:fb:') and st == 'learned')
    tap(in_table == learned, 'learning: the table holds exactly the sources counted as learned',
        ['%d in the table, %d counted' % (in_table, learned)])
    br = env.bridge()
    learned_entries = sum(1 for _, st, _ in env.fdb() if st == 'learned')
    tap(br['learned_count'] == learned_entries,
        "learning: the bridge's learned count matches its table",
        ['learned_count %d, %d learned entries' % (br['learned_count'], learned_entries)])

    say('injection off: learning works again')
    env.events.drain()
    for f in after:
        tx.send(f)
    tx.close()
    s2 = received(s1, len(after))
    tap(s2['learned'] - s1['learned'] == len(after) and s2['learn_nomem'] == s1['learn_nomem'],
        'learning: all %d fresh sources learned, none dropped, once injection stops' % len(after),
        ['learned %d, learn_nomem +%d, rx +%d' % (s2['learned'] - s1['learned'],
                                                 s2['learn_nomem'] - s1['learn_nomem'],
                                                s2['rx_packets'] - s1['rx_packets'])])
    seen = set()

    def events():
        env.events.sock.setblocking(False)
        try:
            while True:
                try:
                    data = env.events.sock.recv(65536)
                except BlockingIOError:
                    break
                off = 0
                while off + 16 <= len(data):
                    length = struct.unpack_from('=I', data, off)[0]
                    e = decode(nl.attrs(data[off + 16 + nl.GENL.size:off + length]))
                    if e.get('fdb_event') == U['LBRIDGE_FDB_EVENT_LEARN'] and \
                            e.get('fdb_mac', '').startswith('02:fc:'):
                        seen.add(e['fdb_mac'])
                    off += (length + 3) & ~3
        finally:
            env.events.sock.setblocking(True)
        return len(seen) >= len(after)
    try:
        wait_until('events', 30, events)
    except TimeoutError:
        pass
    tap(len(seen) == len(after), 'learning: and announces each of them to listeners',
        ['%d learn events of %d' % (len(seen), len(after))])
    env.gcmd('FLUSH_FDB', bridge_attrs(BRIDGE),
             nl.attr_u32(U['LBRIDGE_A_FLUSH_FLAGS'], U['LBRIDGE_FLUSH_F_DYNAMIC']))
    return fired, nomem


# Main --------------------------------------------------------------------

class Args:
    full = False
    budget = 50
    frames = 64
    tap = 'faults'
    only = None


def parse_args(argv):
    """By hand: argparse costs seconds to import under the debug kernel."""
    args = Args()
    rest = []
    while argv:
        a = argv.pop(0)
        if a == '--full':
            args.full = True
        elif a in ('--budget', '--frames') and argv:
            setattr(args, a[2:], int(argv.pop(0)))
        elif a == '--tap' and argv:
            args.tap = argv.pop(0)
        elif a == '--only' and argv:
            args.only = (args.only or []) + [argv.pop(0)]
        elif a.startswith('-') or len(rest) == 2:
            sys.exit(__doc__.split('\n\n')[1])
        else:
            rest.append(a)
    if len(rest) != 2:
        sys.exit(__doc__.split('\n\n')[1])
    args.netns, args.container = rest
    return args


def main():
    global tap_name
    args = parse_args(sys.argv[1:])
    tap_name = args.tap

    if not Faults.available():
        say('skipped: no fault injection in this kernel')
        return 0

    start = time.monotonic()
    env = Env(args)
    try:
        return run(env, args, start)
    finally:
        env.faults.restore()


def run(env, args, start):
    faults = env.faults
    # The dumps must take several messages: 100 statics on vf1.
    for i in range(STATICS):
        env.fdb_add('02:f9:00:00:%02x:%02x' % (i >> 8, i & 255), 'vf1')
    say('%d static entries on vf1 (%.0f s in)' % (STATICS, time.monotonic() - start))
    faults.for_fail_nth()
    # No collection in the middle of an exchange.
    gc.disable()
    sweeps = []
    for op in operations(env):
        if args.only and not any(op.name.startswith(o) for o in args.only):
            continue
        sweep = Sweep(env, op)
        try:
            sweep.run(None if args.full else args.budget)
        except Exception:
            import traceback
            sweep.problems.append('the sweep died:')
            sweep.problems.extend(traceback.format_exc().splitlines())
        sweeps.append(sweep)
        how = 'each' if sweep.injected >= sweep.sites else '%d' % sweep.injected
        tap(not sweep.problems,
            '%s: %s of its %d fault sites failed in turn: clean errors or successes, '
            'nothing left half-done' % (op.name, how, sweep.sites), sweep.problems[:25])
    gc.enable()
    fired = faults.fired()
    injected = sum(s.injected for s in sweeps)
    tap(sum(fired.values()) == injected,
        'the kernel fired exactly the faults the attempts consumed (%d)' % injected,
        ['failslab %(failslab)d + fail_page_alloc %(fail_page_alloc)d' % fired,
         'attempts whose fault fired: %d' % injected])

    learn_fired = learn_nomem = 0
    if not args.only or any('learning'.startswith(o) for o in args.only):
        learn_fired, learn_nomem = learning(env, args.frames * (10 if args.full else 1))

    say('summary (%s form, %.0f s):' % ('full' if args.full else 'short', time.monotonic() - start))
    say('  %-48s %6s %6s %6s %6s %6s %5s' % ('operation', 'sites', 'failed', 'error',
                                             'lost', 'ok', 's'))
    for s in sweeps:
        say('  %-48s %6d %6d %6d %6d %6d %5.0f' % (s.op.name, s.sites, s.injected, s.errors,
                                                   s.lost, s.successes, s.seconds))
        if s.errnos:
            say('  %-48s errnos: %s' % ('', ', '.join('%s %d' % kv for kv in sorted(s.errnos.items()))))
        for line in s.core:
            say('  %-48s core diagnostic at %s' % ('', line))

    say('  fail-nth faults injected: %d (failslab %d, fail_page_alloc %d)'
        % (injected, fired['failslab'], fired['fail_page_alloc']))
    say('  learning: %d failslab faults fired during the burst, %d counted as learn_nomem'
        % (learn_fired, learn_nomem))
    say('  total injected failures: %d' % (injected + learn_fired))
    return 1 if fail_count else 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Exception:
        import traceback
        print('not ok - %s: the fault-injection driver ran to its end' % tap_name)
        for line in traceback.format_exc().splitlines():
            print('#   ' + line)
        sys.exit(2)
