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
    return [subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()
            for cmd in (["ip", "-o", "link", "show"], ["ip", "-o", "addr", "show"])]


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
                     (NID + "0", "over 64 digits"),
                     (NID.upper(), "in upper case")):
        refused(f"NetworkID {why}", 400, "NetworkDriver.CreateNetwork",
                json.dumps({"NetworkID": bad}))
    for bad in ("lb/0", "lbridge-name-too-long", "", ".", "a b", "lb0;reboot", "lb0\n"):
        refused(f"lbridge.name {bad!r} is refused", 400, "NetworkDriver.CreateNetwork",
                create_network(Options=generic({"lbridge.name": bad})))
    refused("lbridge.name not a string", 400, "NetworkDriver.CreateNetwork",
            create_network(Options=generic({"lbridge.name": 7})))
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
