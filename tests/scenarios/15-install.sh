#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installed like a Debian out-of-tree module: `make install` puts the
# module under /lib/modules/$(uname -r)/updates and runs depmod, so that
# `ip link add lb0 type lbridge` loads it (the kernel's request_module()
# for the alias rtnl-link-lbridge) and so does lbrctl (the genetlink
# family's alias), without insmod; `make uninstall` undoes it.
#
# The VM's root is the host's, read-only: /lib/modules/$(uname -r) gets a
# writable overlay for the run (tmpfs upper layer, gone with the VM), and
# lbrctl, its man page and completion go to PREFIX=/run/lbt-prefix. The
# module installed is $LBRIDGE_KO (make install KO=...): nothing is built
# in the VM. Debian's kernel only: the debug kernel has no /lib/modules.
. "$(dirname "$0")/lib.sh"

# depmod over Debian's whole module tree takes minutes under emulation: make
# check leaves this to `make install-check`, which sets LBRIDGE_INSTALL_CHECK.
if [ "${LBRIDGE_INSTALL_CHECK:-}" != 1 ]; then
	pass "install and autoload # SKIP make install-check runs it"
	exit 0
fi
if [ "${LBRIDGE_KERNEL:-}" != stock ] || [ ! -d "/lib/modules/$(uname -r)/kernel" ]; then
	pass "install and autoload # SKIP Debian's kernel only (no /lib/modules/$(uname -r) here)"
	exit 0
fi

kver=$(uname -r)
moddir=/lib/modules/$kver
scratch=/run/lbt-install
prefix=/run/lbt-prefix
top=$(cd "$(dirname "$0")/../.." && pwd)
lbrctl=$prefix/sbin/lbrctl
cni_dir=$prefix/lib/cni

install_cleanup() {
	ip link del lbt-auto 2>/dev/null
	ip netns del lbt-auto 2>/dev/null
	cleanup
	umount "$moddir" 2>/dev/null
	umount "$scratch" 2>/dev/null
	rm -rf "$prefix"
}
trap install_cleanup EXIT

# writable_modules: an overlay over /lib/modules/KVER whose changes vanish with the VM.
writable_modules() {
	mkdir -p "$scratch" &&
	mount -t tmpfs tmpfs "$scratch" &&
	mkdir "$scratch/upper" "$scratch/work" &&
	mount -t overlay overlay \
		-o "lowerdir=$moddir,upperdir=$scratch/upper,workdir=$scratch/work" "$moddir"
}
ko=$(realpath "$LBRIDGE_KO")
make_install() { make -s -C "$top" install KO="$ko" PREFIX="$prefix" CNI_DIR="$cni_dir"; }
make_uninstall() { make -s -C "$top" uninstall PREFIX="$prefix" CNI_DIR="$cni_dir"; }
# modprobe_finds ALIAS: modprobe resolves ALIAS to lbridge, from depmod's index.
modprobe_finds() { [ "$(modprobe -R "$1" 2>&1)" = lbridge ]; }
installed_as() { [ "$(modinfo -F filename lbridge 2>&1)" = "$1" ]; }
lbrctl_lists() { "$lbrctl" show | grep -q "^$1:"; }
link_add_refused() { ! ip link add lb0 type lbridge 2>/dev/null; }
modprobe_lacks() { ! modprobe -n -q lbridge; }
files_gone() {
	local f
	for f; do
		[ ! -e "$f" ] || { echo "$f is still there"; return 1; }
	done
}

check "the module is not loaded" module_gone
check "/lib/modules/$kver is made writable for the run" writable_modules
check "before install, ip link add lb0 type lbridge fails: nothing to load" link_add_refused
check "before install, modprobe does not know lbridge" modprobe_lacks

say "make install"
check "make install KO=$LBRIDGE_KO PREFIX=$prefix" make_install
check "the module is in /lib/modules/$kver/updates" test -f "$moddir/updates/lbridge.ko"
check "modinfo finds it there, by name" installed_as "$moddir/updates/lbridge.ko"
check "depmod indexed rtnl-link-lbridge" modprobe_finds rtnl-link-lbridge
check "depmod indexed the genetlink family's alias" \
	modprobe_finds net-pf-16-proto-16-family-lbridge
check "lbrctl is in PREFIX/sbin" test -x "$lbrctl"
check "the Docker network plugin is in PREFIX/sbin" test -x "$prefix/sbin/lbridge-docker"
check "its systemd unit runs it from there" \
	grep -qx "ExecStart=$prefix/sbin/lbridge-docker" "$prefix/lib/systemd/system/lbridge-docker.service"
check "the CNI plugin is in CNI_DIR" test -x "$cni_dir/lbridge"
check "its man page is in PREFIX/share/man/man8" test -f "$prefix/share/man/man8/lbrctl.8"
check "its completion is in PREFIX/share/bash-completion/completions" \
	test -f "$prefix/share/bash-completion/completions/lbrctl"

say "autoload: ip link add"
check "the module is still not loaded" module_gone
check "ip link add lb0 type lbridge succeeds without insmod" ip link add lb0 type lbridge
check "the kernel loaded the module" module_loaded
check "the installed lbrctl lists lb0" lbrctl_lists lb0
check "lb0 is deleted" ip link del lb0
check "the module is unloaded" unload_module

say "autoload: the genetlink family"
check "the module is not loaded" module_gone
check "the installed lbrctl show succeeds without insmod" "$lbrctl" show
check "the kernel loaded the module for lbrctl" module_loaded
check "the module is unloaded" unload_module

say "autoload: the CNI plugin's ADD, for a bridge that does not exist yet"
# cni_run COMMAND: the installed plugin as a runtime calls it, layer 2 only.
cni_run() {
	printf '{"cniVersion": "1.0.0", "name": "lbt-auto", "type": "lbridge", "bridge": "lbt-auto"}' |
		CNI_COMMAND=$1 CNI_CONTAINERID=lbt-autoload CNI_NETNS=/run/netns/lbt-auto \
			CNI_IFNAME=eth0 CNI_PATH="$cni_dir" "$cni_dir/lbridge" >/dev/null
}
lbt_auto_is_lbridge() { ip -d link show lbt-auto | grep -q lbridge; }
check "the module is not loaded" module_gone
check "a container's namespace" ip netns add lbt-auto
check "the installed CNI plugin's ADD succeeds without insmod" cni_run ADD
check "the kernel loaded the module for it" module_loaded
check "it made the bridge lbt-auto, an lbridge" lbt_auto_is_lbridge
check "its DEL succeeds" cni_run DEL
check "the bridge and the namespace are deleted" sh -c 'ip link del lbt-auto && ip netns del lbt-auto'
check "the module is unloaded" unload_module

say "make uninstall"
check "make uninstall PREFIX=$prefix" make_uninstall
check "the module and lbrctl's files are gone" files_gone "$moddir/updates/lbridge.ko" \
	"$lbrctl" "$prefix/share/man/man8/lbrctl.8" "$prefix/share/bash-completion/completions/lbrctl" \
	"$prefix/sbin/lbridge-docker" "$prefix/lib/systemd/system/lbridge-docker.service" \
	"$cni_dir/lbridge"
check "modprobe no longer knows lbridge" modprobe_lacks
check "ip link add lb0 type lbridge fails again" link_add_refused

finish
