#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""lbridge-docker's answers to requests that must fail, or succeed without
touching anything, sent straight at its socket as dockerd would send them:
each gets the right HTTP status and a Docker-style {"Err": "..."}, and no
link or address changes. Needs no lbridge module, so it also runs on the
build host against a build with AddressSanitizer (docker-asan.sh).
One process for every request: under emulation, a process each is slow.

    docker-protocol.py SOCKET

Prints TAP lines; exits 1 if any check failed.
"""
import http.client
import json
import socket
import subprocess
import sys

NID = "0123456789abcdef" * 4
EID = "fedcba9876543210" * 4
failures = 0


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("plugin", timeout=20)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(20)
        self.sock.connect(self.path)


def report(ok, desc, *why):
    global failures
    print(("ok - " if ok else "not ok - ") + "docker-protocol: " + desc)
    if not ok:
        failures += 1
        for line in why:
            print("#   " + str(line))


def request(method, body=b"", verb="POST"):
    conn = UnixConnection(sys.argv[1])
    if isinstance(body, str):
        body = body.encode()
    conn.request(verb, "/" + method, body=body,
                 headers={"Content-Type": "application/vnd.docker.plugins.v1.2+json"})
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    try:
        decoded = json.loads(data)
    except ValueError:
        decoded = None
    return resp.status, resp.getheader("Content-Type"), decoded, data


def answer(desc, status, test, method, body=b"", verb="POST"):
    got, _, decoded, raw = request(method, body, verb)
    try:
        good = got == status and test(decoded)
    except (TypeError, KeyError, AttributeError):
        good = False
    report(good, desc, f"request: {method} {body[:200]!r}",
           f"expected HTTP {status}; got {got}: {raw[:300]!r}")


def is_err(d):
    return list(d) == ["Err"] and isinstance(d["Err"], str) and d["Err"] != ""


def refused(desc, status, method, body):
    answer(desc, status, is_err, method, body)


def create_network(**extra):
    return json.dumps({"NetworkID": NID, **extra})


def generic(options):
    return {"com.docker.network.generic": options}


def endpoint(**extra):
    return json.dumps({"NetworkID": NID, "EndpointID": EID, **extra})


def state():
    # -br: no address lifetimes, which count down between the two looks.
    return [subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()
            for cmd in (["ip", "-o", "link", "show"], ["ip", "-br", "addr", "show"])]


def raw(data, shut=False):
    """data sent as is on one connection: all the answer, until closed."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(20)
    sock.connect(sys.argv[1])
    sock.sendall(data)
    if shut:
        sock.shutdown(socket.SHUT_WR)
    got = b""
    try:
        while True:
            more = sock.recv(65536)
            if not more:
                break
            got += more
    except socket.timeout:
        pass
    sock.close()
    return got


def post(method, body, extra=b"", close=False):
    head = (f"POST /{method} HTTP/1.1\r\nHost: plugin\r\n"
            f"Content-Length: {len(body)}\r\n").encode()
    return head + extra + (b"Connection: close\r\n" if close else b"") + b"\r\n" + body


def chunked(method, body, size):
    out = f"POST /{method} HTTP/1.1\r\nHost: plugin\r\n".encode()
    out += b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += f"{len(part):x}\r\n".encode() + part + b"\r\n"
    return out + b"0\r\n\r\n"


def raw_checks():
    """What http.client does not send: torn, pipelined and chunked requests."""
    gone = json.dumps({"NetworkID": NID}).encode()
    # A body cut short, the client gone: the plugin drops it and goes on.
    raw(post("NetworkDriver.DeleteNetwork", gone)[:-10], shut=True)
    answer("answering after a client left a body half-sent", 200,
           lambda d: d == {"Implements": ["NetworkDriver"]}, "Plugin.Activate")
    # Two requests in one write on a kept-alive connection: two answers, in order.
    got = raw(post("Plugin.Activate", b"") +
              post("NetworkDriver.GetCapabilities", b"", close=True))
    report(got.count(b"HTTP/1.1 200") == 2 and got.find(b"NetworkDriver") <
           got.find(b"ConnectivityScope") and got.find(b"NetworkDriver") > 0,
           "pipelined requests on one connection get their answers in order",
           f"got: {got[:600]!r}")
    got = raw(chunked("NetworkDriver.DeleteNetwork", gone, 7))
    report(got.startswith(b"HTTP/1.1 200") and got.endswith(b"{}"),
           "a chunked body is read whole", f"got: {got[:400]!r}")
    got = raw(chunked("NetworkDriver.CreateNetwork",
                      json.dumps({"NetworkID": NID, "x": "a" * 70000}).encode(), 4096))
    report(got.startswith(b"HTTP/1.1 413") and b'"Err"' in got,
           "a chunked body over 64 KiB is refused (413)", f"got: {got[:400]!r}")


def main():
    before = state()

    answer("Plugin.Activate names NetworkDriver", 200,
           lambda d: d == {"Implements": ["NetworkDriver"]}, "Plugin.Activate")
    answer("GetCapabilities: local scope", 200,
           lambda d: d["Scope"] == "local" and d["ConnectivityScope"] == "local",
           "NetworkDriver.GetCapabilities", "null")
    answer("an unknown method is 404 with Err (Docker: not implemented)", 404, is_err,
           "NetworkDriver.Teleport", "{}")
    answer("GET is refused with 405", 405, is_err, "Plugin.Activate", verb="GET")
    _, ctype, _, _ = request("Plugin.Activate")
    report(ctype == "application/vnd.docker.plugins.v1+json",
           "answers are application/vnd.docker.plugins.v1+json", f"got: {ctype}")

    refused("invalid JSON", 400, "NetworkDriver.CreateNetwork", '{"NetworkID": ')
    refused("JSON with trailing garbage", 400, "NetworkDriver.CreateNetwork",
            create_network() + " {}")
    refused("JSON that is not an object", 400, "NetworkDriver.CreateNetwork", f'["{NID}"]')
    refused("an empty body where an object is due", 400, "NetworkDriver.CreateEndpoint", "")
    refused("a NUL byte in the body", 400, "NetworkDriver.DeleteNetwork",
            f'{{"NetworkID":"{NID}\0"}}')
    refused("invalid UTF-8 in a string", 400, "NetworkDriver.CreateNetwork",
            b'{"NetworkID":"' + NID.encode() + b'","Options":{"x":"\xff\xfe"}}')
    refused("a body over 64 KiB (413)", 413, "NetworkDriver.CreateNetwork",
            create_network(Options={"x": "a" * 70000}))
    refused("missing NetworkID", 400, "NetworkDriver.CreateNetwork", '{"IPv4Data":[]}')
    refused("NetworkID not a string", 400, "NetworkDriver.CreateNetwork", '{"NetworkID":12}')
    for bad, why in (("../../0123456789abcdef", "with a path in it"),
                     ("0123", "too short to name a bridge"),
                     (NID[:12], "of 12 digits (Docker sends 64)"),
                     (NID + "0", "over 64 digits"),
                     (NID.upper(), "in upper case")):
        refused(f"NetworkID {why}", 400, "NetworkDriver.CreateNetwork",
                json.dumps({"NetworkID": bad}))
    for bad in ("lb/0", "lbridge-name-too-long", "", ".", "a b", "lb0;reboot", "lb0\n"):
        refused(f"lbridge.name {bad!r} is refused", 400, "NetworkDriver.CreateNetwork",
                create_network(Options=generic({"lbridge.name": bad})))
    refused("lbridge.name not a string", 400, "NetworkDriver.CreateNetwork",
            create_network(Options=generic({"lbridge.name": 7})))
    for bad in ("yes", "ON", "", "on ", 1, True):
        refused(f"lbridge.guard {bad!r} is refused", 400, "NetworkDriver.CreateNetwork",
                create_network(Options=generic({"lbridge.guard": bad})))
    refused("an unknown lbridge.* option", 400, "NetworkDriver.CreateNetwork",
            create_network(Options=generic({"lbridge.nmae": "x"})))
    refused("Options not an object", 400, "NetworkDriver.CreateNetwork",
            create_network(Options=["lbridge.name"]))
    refused("a gateway outside its pool", 400, "NetworkDriver.CreateNetwork",
            create_network(IPv4Data=[{"Pool": "172.18.0.0/16", "Gateway": "10.0.0.1/16"}]))
    refused("a pool that is no prefix", 400, "NetworkDriver.CreateNetwork",
            create_network(IPv4Data=[{"Pool": "172.18.0.0/33"}]))
    refused("an IPv6 pool in IPv4Data", 400, "NetworkDriver.CreateNetwork",
            create_network(IPv4Data=[{"Pool": "fd00::/64"}]))
    refused("IPv4Data not an array", 400, "NetworkDriver.CreateNetwork",
            create_network(IPv4Data={"Pool": "172.18.0.0/16"}))
    refused("more pools than a bridge takes", 400, "NetworkDriver.CreateNetwork",
            create_network(IPv4Data=[{"Pool": f"10.{i}.0.0/16", "Gateway": f"10.{i}.0.1/16"}
                                     for i in range(40)]))
    for bad in ("abc", "10", "70000", "", 1500):
        refused(f"MTU {bad!r} is refused", 400, "NetworkDriver.CreateNetwork",
                create_network(Options=generic({"com.docker.network.driver.mtu": bad})))
    refused("EndpointID of 63 digits", 400, "NetworkDriver.CreateEndpoint",
            json.dumps({"NetworkID": NID, "EndpointID": EID[:63]}))
    for bad in ("172.18.0.9", "fd00::9/64", "172.18.0.300/16", 7):
        refused(f"Interface.Address {bad!r} is refused", 400, "NetworkDriver.CreateEndpoint",
                endpoint(Interface={"Address": bad}))
    refused("Interface.AddressIPv6 that is IPv4", 400, "NetworkDriver.CreateEndpoint",
            endpoint(Interface={"AddressIPv6": "172.18.0.9/16"}))
    answer("published ports (-p) are refused, saying why", 500,
           lambda d: is_err(d) and "publish" in d["Err"], "NetworkDriver.CreateEndpoint",
           endpoint(Interface={"Address": "172.18.0.9/16"},
                    Options={"com.docker.network.portmap": [
                        {"Proto": 6, "IP": "", "Port": 80, "HostIP": "", "HostPort": 8080,
                         "HostPortEnd": 8080}]}))
    answer("ProgramExternalConnectivity refuses published ports too", 500,
           lambda d: is_err(d) and "publish" in d["Err"],
           "NetworkDriver.ProgramExternalConnectivity",
           endpoint(Options={"com.docker.network.portmap": [
               {"Proto": 6, "IP": "", "Port": 80, "HostIP": "", "HostPort": 8080,
                "HostPortEnd": 8080}], "com.docker.network.endpoint.exposedports": []}))
    _, _, decoded, _ = request("NetworkDriver.Tele%01port%7f", "{}")
    report(decoded is not None and is_err(decoded) and
           all(0x20 <= ord(c) < 0x7f for c in decoded["Err"]),
           "a method name's control characters are not echoed", f"got: {decoded!r}")
    raw_checks()
    refused("missing EndpointID", 400, "NetworkDriver.CreateEndpoint",
            json.dumps({"NetworkID": NID}))
    refused("a multicast MAC", 400, "NetworkDriver.CreateEndpoint",
            endpoint(Interface={"MacAddress": "01:00:5e:00:00:01"}))
    refused("a MAC that does not parse", 400, "NetworkDriver.CreateEndpoint",
            endpoint(Interface={"MacAddress": "02:42:ac:11:00"}))
    refused("an endpoint on an unknown network", 500, "NetworkDriver.CreateEndpoint",
            endpoint(Interface={"Address": "172.18.0.9/16"}))
    refused("Join on an unknown network", 500, "NetworkDriver.Join",
            endpoint(SandboxKey="/x", Options={}))
    refused("AllocateNetwork (global scope only)", 500, "NetworkDriver.AllocateNetwork",
            json.dumps({"NetworkID": NID}))

    empty = lambda d: d == {}  # noqa: E731
    answer("DeleteEndpoint of an endpoint that is gone is done", 200, empty,
           "NetworkDriver.DeleteEndpoint", endpoint())
    answer("DeleteNetwork of a network that is gone is done", 200, empty,
           "NetworkDriver.DeleteNetwork", json.dumps({"NetworkID": NID}))
    answer("EndpointOperInfo: an empty Value", 200, lambda d: d == {"Value": {}},
           "NetworkDriver.EndpointOperInfo", endpoint())
    for method, body in (("Leave", endpoint()),
                         ("DiscoverNew", '{"DiscoveryType":1,"DiscoveryData":{}}'),
                         ("DiscoverDelete", '{"DiscoveryType":1,"DiscoveryData":{}}'),
                         ("ProgramExternalConnectivity", endpoint(Options={})),
                         ("RevokeExternalConnectivity", endpoint()),
                         ("FreeNetwork", json.dumps({"NetworkID": NID}))):
        answer(f"{method}: {{}}", 200, empty, "NetworkDriver." + method, body)
    answer("still answering after all that", 200,
           lambda d: d == {"Implements": ["NetworkDriver"]}, "Plugin.Activate")

    after = state()
    report(before == after, "no link or address changed",
           *[f"- {x}" for x in before[0] + before[1] if x not in after[0] + after[1]],
           *[f"+ {x}" for x in after[0] + after[1] if x not in before[0] + before[1]])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
