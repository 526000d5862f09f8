# SPDX-License-Identifier: GPL-2.0
# Open vSwitch's kernel datapath as a bench path, for scripts that run in
# the test VM (the host's / read-only, the VM's own /tmp). Source it, then:
#   ovs_start          load openvswitch, run ovsdb-server and ovs-vswitchd
#                      with their database, sockets and logs in a fresh
#                      directory under /tmp; returns non-zero with the
#                      reason in $ovs_why if OVS cannot run here
#   ovs_bridge BR DEV...  a bridge, fail-mode standalone (the NORMAL action:
#                      a learning switch), with DEV... as its ports, up
#   ovs_bridge_del BR  delete it (its ports are free again)
#   ovs_stop           stop both daemons, delete every datapath, unload
#                      openvswitch, remove the directory
# ovs_start sets an EXIT trap only if none is set; a script with its own
# trap calls ovs_stop from it.
ovs_dir= ovs_why=

ovs_start() {
	local schema=/usr/share/openvswitch/vswitch.ovsschema
	ovs_why=
	if ! command -v ovs-vswitchd >/dev/null || ! command -v ovsdb-server >/dev/null ||
		[ ! -f "$schema" ]; then
		ovs_why="Open vSwitch is not installed (apt-get install openvswitch-switch)"
		return 1
	fi
	if ! modprobe openvswitch 2>/dev/null; then
		ovs_why="modprobe openvswitch failed"
		return 1
	fi
	ovs_dir=$(mktemp -d /tmp/lbridge-ovs.XXXXXX)
	# Where every OVS program looks for its database, sockets and logs.
	export OVS_RUNDIR=$ovs_dir OVS_LOGDIR=$ovs_dir OVS_DBDIR=$ovs_dir OVS_SYSCONFDIR=$ovs_dir
	if ! ovsdb-tool create "$ovs_dir/conf.db" "$schema" ||
		! ovsdb-server "$ovs_dir/conf.db" --remote="punix:$ovs_dir/db.sock" \
			--pidfile="$ovs_dir/ovsdb-server.pid" --log-file="$ovs_dir/ovsdb-server.log" -vconsole:off \
			--detach --no-chdir ||
		! ovs-vsctl --db="unix:$ovs_dir/db.sock" --no-wait init ||
		! ovs-vswitchd "unix:$ovs_dir/db.sock" --pidfile="$ovs_dir/ovs-vswitchd.pid" \
			--log-file="$ovs_dir/ovs-vswitchd.log" -vconsole:off --detach --no-chdir; then
		ovs_why="the OVS daemons did not start; logs: $(tail -n 5 "$ovs_dir"/*.log 2>/dev/null | tr '\n' ' ')"
		ovs_stop
		return 1
	fi
	[ -n "$(trap -p EXIT)" ] || trap ovs_stop EXIT
}

ovs_vsctl() { ovs-vsctl --db="unix:$ovs_dir/db.sock" --timeout=120 "$@"; }

ovs_bridge() {
	local br=$1 dev args=()
	shift
	for dev; do args+=(-- add-port "$br" "$dev"); done
	# Without --no-wait, ovs-vsctl returns once ovs-vswitchd has put the
	# ports in the kernel datapath.
	ovs_vsctl add-br "$br" -- set-fail-mode "$br" standalone "${args[@]}"
	ip link set "$br" up
}

ovs_bridge_del() { ovs_vsctl --if-exists del-br "$1"; }

ovs_stop() {
	[ -n "$ovs_dir" ] || return 0
	local pid
	for pid in ovs-vswitchd ovsdb-server; do
		[ -f "$ovs_dir/$pid.pid" ] || continue
		kill "$(cat "$ovs_dir/$pid.pid")" 2>/dev/null || :
	done
	# Wait for them to go (pidfiles removed on exit), at most 30 s.
	local i
	for i in $(seq 300); do
		[ ! -f "$ovs_dir/ovs-vswitchd.pid" ] && [ ! -f "$ovs_dir/ovsdb-server.pid" ] && break
		sleep 0.1
	done
	# ovs-vswitchd leaves the datapath behind on a plain exit.
	local dp
	for dp in $(ovs-dpctl dump-dps 2>/dev/null); do ovs-dpctl del-dp "$dp" 2>/dev/null || :; done
	rmmod openvswitch 2>/dev/null || :
	rm -rf "$ovs_dir"
	ovs_dir=
}
