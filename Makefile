# SPDX-License-Identifier: GPL-2.0
#
#   make             build lbridge.ko (here) and tools/lbrctl
#   make check       install test dependencies, run KUnit and the netns scenarios
#   make demo        boot Debian's kernel and show the bridge at work
#   make bench       lbridge beside the Linux bridge: forwarding rate, flush latency
#   make stress      DURATION=600: everything changed at once under traffic, debug kernel
#   make fuzz        fuzz the netlink family in the debug kernel (COUNT= per phase)
#   make faults      fail every allocation of every bridge operation in turn (debug kernel)
#   make style       checkpatch --strict over the kernel sources
#   make C=1 / W=1   sparse / extra warnings, passed through to Kbuild

# The running kernel's headers when present, else the newest Debian ones.
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1))

all: module tools

module:
	@test -d "$(KDIR)" || { echo "no kernel headers found: make deps, or make KDIR=..." >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools

deps:
	tests/deps

check: deps
	tests/check

demo: deps
	tests/demo

bench: deps
	tests/bench/run

stress: deps
	tests/stress/run $(DURATION)

fuzz: deps
	tests/fuzz/run $(COUNT)

faults: deps
	tests/faults/run

style:
	tests/style

clean:
	$(MAKE) -C tools clean
	-test -d "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	rm -rf .build

.PHONY: all module tools deps check demo bench stress fuzz faults style clean
