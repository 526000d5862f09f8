# SPDX-License-Identifier: GPL-2.0
# pktgen for the bench scripts, sourced: how a bench drives it, once.
# Bash, inside the test VM, as root, with the pktgen module loaded.

pg() { echo "$2" >"/proc/net/pktgen/$1"; }
# pg_clear: pktgen's thread 0 has no device. The thread removes its
# devices when it next runs, not when asked, and a removal still pending
# when it is told to start removes the device it was to run: ask only
# when there is a device to remove, and wait (at most 60 s) for it to be
# gone.
pg_devices() { ls /proc/net/pktgen | grep -vE '^(kpktgend_[0-9]+|pgctrl)$' || :; }
pg_clear() {
	local deadline=$((SECONDS + 60))
	[ -n "$(pg_devices)" ] || return 0
	pg kpktgend_0 "rem_device_all"
	while [ -n "$(pg_devices)" ]; do
		if [ $SECONDS -ge $deadline ]; then
			echo "void: pktgen kept its devices: $(pg_devices)" >&2
			return 1
		fi
		sleep 0.05
	done
}
# pg_use DEV: thread 0 sends from DEV alone, as set before if it already
# did (every setting of the last run stays unless set again).
pg_use() {
	[ "$(pg_devices)" = "$1" ] && return 0
	pg_clear || return 1
	pg kpktgend_0 "add_device $1"
}
# pg_fresh DEV: thread 0 sends from DEV alone, every setting at pktgen's
# default.
pg_fresh() {
	pg_clear || return 1
	pg kpktgend_0 "add_device $1"
}
