#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The stress run of `make stress`, short: for LBRIDGE_STRESS_SECONDS (30 by
# default, 15 in the debug kernel) one loop of each kind changes bridges, ports, addresses, MTUs,
# FDB entries and namespaces while pings, broadcasts, unknown unicast, MAC
# moves and TCP flow; then everything is deleted and the module unloaded.
# The topology and the loops are described in tests/stress/stress.
export LBRIDGE_STRESS_NAME LBRIDGE_STRESS_COPIES=1 LBRIDGE_STRESS_CONTAINERS=4
# Uncapped, raw frames would take most of the debug kernel's time.
export LBRIDGE_STRESS_FRAME_RATE=0
seconds=${LBRIDGE_STRESS_SECONDS:-30}
# There every loop turns a few times in 15 s; `make stress` is the long form.
if [ "${LBRIDGE_KERNEL:-}" = debug ]; then
	LBRIDGE_STRESS_FRAME_RATE=300
	seconds=${LBRIDGE_STRESS_SECONDS:-15}
fi
LBRIDGE_STRESS_NAME=$(basename "$0" .sh)
exec "$(dirname "$0")/../stress/stress" "${LBRIDGE_KO:?}" "$seconds"
