# SPDX-License-Identifier: GPL-2.0
# pktgen for the bench scripts, sourced: how a bench drives it, once.
# Bash, inside the test VM, as root, with the pktgen module loaded.

pg() { echo "$2" >"/proc/net/pktgen/$1"; }
# pg_use DEV: pktgen's thread 0 sends from DEV alone. The thread removes
# its devices when it next runs, not when asked, and a removal still
# pending when it is told to start removes the device it was to run: ask
# only when there is a device to remove, and wait (at most 60 s) for it to
# be gone.
pg_devices() { ls /proc/net/pktgen | grep -vE '^(kpktgend_[0-9]+|pgctrl)$' || :; }
pg_use() {
	local deadline=$((SECONDS + 60))
	[ "$(pg_devices)" = "$1" ] && return 0
	if [ -n "$(pg_devices)" ]; then
		pg kpktgend_0 "rem_device_all"
		while [ -n "$(pg_devices)" ]; do
			if [ $SECONDS -ge $deadline ]; then
				echo "void: pktgen kept its devices: $(pg_devices)" >&2
				return 1
			fi
			sleep 0.05
		done
	fi
	pg kpktgend_0 "add_device $1"
}
