#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 19-cni's podman part: Debian 12's podman (CNI backend) runs two
# containers from an imported busybox image on a conflist of type lbridge.
# Run in a mount namespace of its own (unshare -m): what it mounts to make
# podman's state writable goes away with it. Prints TAP lines; exits 1 if
# any failed.
. "$(dirname "$0")/lib.sh"
scenario=19-cni

lbrctl=$PWD/tools/lbrctl
plugin=$PWD/tools/cni/lbridge
p=/run/lbt-cni/podman
ipam_dir=$p/ipam
image=localhost/lbtest:1

podman_cleanup() {
	podman rm -f -t 0 lbt-p1 Lbt_P2 >/dev/null 2>&1
	# What podman keeps in /run outside its configured roots.
	rm -rf "$p" /run/libpod /run/containers /run/runc /run/crun /run/cni
}
trap podman_cleanup EXIT

# The guest's / is read-only: podman's roots go to tmpfs. The CNI cache
# (/var/lib/cni) has no setting in podman 4.3, hence /var/lib itself.
mkdir -p "$p"/{net,plugins,storage,run,tmp,rootfs/bin}
mount -t tmpfs tmpfs /var/lib
[ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] || mount -t cgroup2 none /sys/fs/cgroup
ln -s /usr/lib/cni/* "$p/plugins/"
ln -s "$plugin" "$p/plugins/lbridge"
cat >"$p/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$p/storage"
runroot = "$p/run"
EOF
# No systemd in the VM: cgroupfs, events to a file.
cat >"$p/containers.conf" <<EOF
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$p/events.log"
runtime = "runc"
tmp_dir = "$p/tmp"
[network]
network_backend = "cni"
cni_plugin_dirs = ["$p/plugins"]
network_config_dir = "$p/net"
EOF
cat >"$p/net/lbnet.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "lbnet",
  "plugins": [
    {
      "type": "lbridge",
      "bridge": "lb1",
      "isDefaultGateway": true,
      "ipam": {"type": "host-local", "subnet": "10.88.8.0/24", "dataDir": "$ipam_dir"}
    }
  ]
}
EOF
export CONTAINERS_STORAGE_CONF=$p/storage.conf CONTAINERS_CONF=$p/containers.conf

cp /bin/busybox "$p/rootfs/bin/"
for applet in sh ping sleep ip; do ln -s busybox "$p/rootfs/bin/$applet"; done
tar -C "$p/rootfs" -cf "$p/image.tar" .

start=$SECONDS
check "podman imports a busybox image" podman import -q "$p/image.tar" $image
# Podman sends the name as K8S_POD_NAME: capitals and '_' must not fail the ADD.
for c in lbt-p1 Lbt_P2; do
	check "podman runs $c on lbnet" podman run -d --name $c --network lbnet $image sleep 1000
done
say "podman import and two runs took $((SECONDS - start)) s"
id1=$(podman inspect -f '{{.Id}}' lbt-p1)
ip2=$(podman inspect -f '{{(index .NetworkSettings.Networks "lbnet").IPAddress}}' Lbt_P2)
check "podman shows Lbt_P2's address from host-local" grep -qE '^10\.88\.8\.[0-9]+$' <<<"$ip2"
check "lb1 has two ports" test "$(ip -j link show master lb1 | jq length)" -eq 2
check "lbt-p1's port is labelled with its container ID" \
	sh -c "'$lbrctl' -j show lb1 | jq -e --arg l 'cni:${id1:0:12}' '[.[0].ports[].label] | index(\$l)'"
wait_for "lbt-p1 pings Lbt_P2 through lb1" 60 podman exec lbt-p1 ping -c 1 -W 1 "$ip2"
check "podman rm -f removes both" podman rm -f -t 0 lbt-p1 Lbt_P2
expect_eq "podman rm leaves no port on lb1" "" "$(ports_of lb1)"
expect_eq "podman rm leaves no lease" "" \
	"$(find "$ipam_dir" -type f -regex '.*/[0-9.]+$' 2>/dev/null)"
say "podman part took $((SECONDS - start)) s"
[ "$failures" -eq 0 ]
