# SPDX-License-Identifier: GPL-2.0
"""An lbridge's link data over raw rtnetlink, as a netlink library sends it
(iproute2 has no parser for kind lbridge).

  linkdata.py create NAME [SETTING=VALUE...]   RTM_NEWLINK, NLM_F_CREATE
  linkdata.py change NAME [SETTING=VALUE...]   RTM_NEWLINK on NAME
  linkdata.py show NAME                        RTM_GETLINK: JSON of the link's
                                               kind, data, slave kind and data

SETTING is an IFLA_LBRIDGE_* name without its prefix, in any case
(ageing_time=60), sized as the header's comment says; #N=VALUE sends
attribute N as a u32, known or not. A refusal is printed on stderr as
"linkdata: ERRNO (extack)" and exits 1.
"""

import json
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz"))
import lbgenl as nl  # noqa: E402

RTM_GETLINK = 18
IFLA_INFO_SLAVE_KIND = 4
IFLA_INFO_SLAVE_DATA = 5


def encode(u, settings):
    out = b""
    for item in settings:
        key, _, value = item.partition("=")
        if key.startswith("#"):
            out += nl.nla_u32(int(key[1:]), int(value, 0))
            continue
        name = "IFLA_LBRIDGE_" + key.upper()
        kind = u.kinds.get(name)
        if kind == "u8":
            out += nl.nla_u8(u[name], int(value, 0))
        elif kind == "u32":
            out += nl.nla_u32(u[name], int(value, 0))
        else:
            raise SystemExit("linkdata: no setting %s in the header" % name)
    return out


def linkinfo(data):
    return nl.nla(nl.IFLA_LINKINFO, nl.nla_str(nl.IFLA_INFO_KIND, "lbridge") +
                  nl.nla(nl.IFLA_INFO_DATA, data, nl.NLA_F_NESTED), nl.NLA_F_NESTED)


def decode(u, enum, buf):
    names = {u[n]: n for n in u.enums[enum]}
    out = {}
    for t, p in nl.parse_attrs(buf):
        name = names.get(t, "#%d" % t)
        kind = u.kinds.get(name)
        short = name.split("_", 2 if enum == "lbridge_link_attr" else 3)[-1].lower()
        if kind == "u8" and len(p) == 1:
            out[short] = p[0]
        elif kind == "u32" and len(p) == 4:
            out[short] = nl.u32(p)
        else:
            out[short] = p.hex()
    return out


def main(argv):
    if len(argv) < 2 or argv[0] not in ("create", "change", "show"):
        raise SystemExit(__doc__)
    u = nl.Uapi()
    op, name, settings = argv[0], argv[1], argv[2:]
    sock = nl.NlSocket(nl.NETLINK_ROUTE)
    flags = nl.NLM_F_REQUEST | nl.NLM_F_ACK
    if op == "create":
        payload = nl._ifinfo() + nl.nla_str(nl.IFLA_IFNAME, name) + linkinfo(encode(u, settings))
        answer = sock.transact(nl.RTM_NEWLINK, flags | nl.NLM_F_CREATE | nl.NLM_F_EXCL, payload)
    elif op == "change":
        payload = nl._ifinfo(nl.ifindex(name) or 0) + linkinfo(encode(u, settings))
        answer = sock.transact(nl.RTM_NEWLINK, flags, payload)
    else:
        payload = nl._ifinfo() + nl.nla_str(nl.IFLA_IFNAME, name)
        answer = sock.transact(RTM_GETLINK, flags, payload)
    if answer.errno:
        print("linkdata: %s" % answer.describe(), file=sys.stderr)
        return 1
    if op != "show":
        return 0
    if len(answer.messages) != 1:
        print("linkdata: %d answers to RTM_GETLINK" % len(answer.messages), file=sys.stderr)
        return 1
    attrs = nl.attrs_dict(answer.messages[0][2][16:])
    info = nl.attrs_dict(attrs.get(nl.IFLA_LINKINFO, b""))
    out = {}
    if nl.IFLA_INFO_KIND in info:
        out["kind"] = nl.cstr(info[nl.IFLA_INFO_KIND])
    if nl.IFLA_INFO_DATA in info:
        out["data"] = decode(u, "lbridge_link_attr", info[nl.IFLA_INFO_DATA])
    if IFLA_INFO_SLAVE_KIND in info:
        out["slave_kind"] = nl.cstr(info[IFLA_INFO_SLAVE_KIND])
    if IFLA_INFO_SLAVE_DATA in info:
        out["slave_data"] = decode(u, "lbridge_link_port_attr", info[IFLA_INFO_SLAVE_DATA])
    print(json.dumps(out, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
