# SPDX-License-Identifier: GPL-2.0
#
#   make             build lbridge.ko (here) and tools/lbrctl
#   make install     lbridge.ko under /lib/modules/KVER/updates, depmod; lbrctl,
#                    its man page and completion, and the Docker network plugin
#                    lbridge-docker under PREFIX (/usr/local); the CNI plugin in
#                    CNI_DIR (/usr/lib/cni); DESTDIR= stages it all elsewhere.
#                    make uninstall undoes it.
#   make dkms-check  dkms add/build/install into scratch trees, for KVER
#   make install-check  make install in Debian's kernel: ip link add autoloads it
#   make check       install test dependencies, run KUnit and the netns scenarios
#   make demo        boot Debian's kernel and show the bridge at work
#   make bench       lbridge beside the Linux bridge, Open vSwitch and a no-logic floor,
#                    in one boot of Debian's kernel: forwarding, TCP, flooding, two CPUs,
#                    learning, FDB memory, dumps; log in .build/logs/bench.log, results
#                    in bench/ (results.json, results.md, ratios.svg)
#   make stress      DURATION=600: everything changed at once under traffic, debug kernel
#   make fuzz        fuzz the netlink family in the debug kernel (COUNT= per phase)
#   make faults      fail every allocation of every bridge operation in turn (debug kernel)
#   make style       checkpatch --strict over the kernel sources
#   make C=1 / W=1   sparse / extra warnings, passed through to Kbuild

# The running kernel's headers when present, else the newest Debian ones.
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(shell ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1))

# The kernel KDIR is for, as `uname -r` names it (the module's vermagic;
# Debian's include/config/kernel.release holds the upstream version instead).
KVER ?= $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"$$/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
# KO=FILE installs that lbridge.ko (built elsewhere, as by tests/build-module)
# instead of building one here.
KO ?=
MODDIR = /lib/modules/$(KVER)/updates
PREFIX ?= /usr/local
DEPMOD ?= depmod

all: module tools

module:
	@test -d "$(KDIR)" || { echo "no kernel headers found: make deps, or make KDIR=..." >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

tools:
	$(MAKE) -C tools

# depmod indexes the module (modules.dep, modules.alias) so that modprobe,
# and the kernel's request_module() for `ip link add ... type lbridge` or
# the genetlink family, find it. -b: the tree staged under DESTDIR.
install: $(if $(KO),tools,all)
	@test -n "$(KVER)" || { echo "no kernel release in $(KDIR): make KVER=..." >&2; exit 1; }
	install -D -m 0644 $(or $(KO),lbridge.ko) $(DESTDIR)$(MODDIR)/lbridge.ko
	$(DEPMOD) $(if $(DESTDIR),-b $(DESTDIR)) $(KVER)
	$(MAKE) -C tools install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

uninstall:
	@test -n "$(KVER)" || { echo "no kernel release in $(KDIR): make KVER=..." >&2; exit 1; }
	rm -f $(DESTDIR)$(MODDIR)/lbridge.ko
	-rmdir $(DESTDIR)$(MODDIR) 2>/dev/null
	$(DEPMOD) $(if $(DESTDIR),-b $(DESTDIR)) $(KVER)
	$(MAKE) -C tools uninstall PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

install-check: deps
	tests/qemu/run --kernel stock --timeout 1800 -- env LBRIDGE_INSTALL_CHECK=1 \
		tests/scenarios/run-all "$$(tests/build-module stock)" tests/scenarios/15-install.sh

dkms-check:
	tests/dkms-check $(KVER)

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

.PHONY: all module tools install uninstall install-check dkms-check deps check demo bench stress fuzz faults style clean
