/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit fixtures: real, registered bridges and Ethernet devices to enslave
 * to them. The test device keeps every frame it is asked to send, so a
 * case can tell exactly which ports a frame went out of.
 */
#ifndef _LBRIDGE_TEST_FIXTURE_H
#define _LBRIDGE_TEST_FIXTURE_H

#include <kunit/test.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/lbridge.h>

struct lbridge;
struct lbridge_port;

#define LBRIDGE_TEST_MAX_DEVS 8

/*
 * Frames the tests inject carry this mark, which clones keep: the test
 * devices count those and ignore what the host's own stack sends on them
 * (IPv6 router solicitations and the like).
 */
#define LBRIDGE_TEST_FRAME_MARK 0x1b1d6e

struct lbridge_test_dev {
	struct sk_buff_head sent;
};

struct lbridge_test {
	struct lbridge *br;
	struct net_device *devs[LBRIDGE_TEST_MAX_DEVS];
	struct lbridge_port *ports[LBRIDGE_TEST_MAX_DEVS];
	unsigned int ndevs;
};

/* MAC of test device @i: 02:00:00:00:00:(i+1). */
void lbridge_test_mac(u8 *mac, unsigned int i);

/* Module-wide state the suites need: they run before the module's init. */
int lbridge_test_suite_init(struct kunit_suite *suite);
void lbridge_test_suite_exit(struct kunit_suite *suite);

/*
 * A registered bridge, down, as `ip link add type lbridge` makes it (@tb:
 * its IFLA_* attributes, or NULL); unregister_netdev() deletes it.
 */
struct net_device *lbridge_test_bridge_create(struct kunit *test,
					      struct nlattr *tb[]);

/* A bridge, up, with @nports up ports; in test->priv. */
int lbridge_test_init(struct kunit *test, unsigned int nports);
void lbridge_test_exit(struct kunit *test);

/* What the fixture holds: the bridge, port @i and its device. */
struct lbridge *lbridge_test_br(struct kunit *test);
struct lbridge_port *lbridge_test_port(struct kunit *test, unsigned int i);
struct net_device *lbridge_test_dev(struct kunit *test, unsigned int i);
u64 lbridge_test_counter(struct kunit *test, unsigned int i,
			 enum lbridge_port_stat stat);
u64 lbridge_test_port_counter(struct lbridge_port *port,
			      enum lbridge_port_stat stat);

/* Another test device, up, not a port; deleted with the test. */
struct net_device *lbridge_test_dev_add(struct kunit *test, const u8 *mac);
/* Deletes device @i now, as a container's veth goes with its container. */
void lbridge_test_dev_remove(struct kunit *test, unsigned int i);
unsigned int lbridge_test_sent(struct net_device *dev);
void lbridge_test_sent_purge(struct net_device *dev);

/*
 * @skb, its protocol set by eth_type_trans, through its port's rx_handler
 * as the core hands it over: what the rx_handler made of it. Consumed.
 */
rx_handler_result_t lbridge_test_rx(struct sk_buff *skb);
/* A frame from @src to @dst arriving on @dev: what the rx_handler made of it. */
rx_handler_result_t lbridge_test_receive(struct kunit *test,
					 struct net_device *dev,
					 const u8 *dst, const u8 *src,
					 unsigned int payload);
/*
 * A frame from @src to @dst arriving on @dev, carrying @len bytes of
 * @payload after an Ethernet header of type @proto, then cut to @keep of
 * them (the bytes past that left in place), as the driver hands it over:
 * eth_type_trans() done, no mark (the test devices keep none of its
 * copies). @paged: the payload in a page fragment, the head holding the
 * Ethernet header alone, as a NIC that splits headers hands it over.
 */
struct sk_buff *lbridge_test_frame(struct kunit *test, struct net_device *dev,
				   const u8 *dst, const u8 *src, u16 proto,
				   const void *payload, unsigned int len,
				   unsigned int keep, bool paged);
/* A frame the host sends through the bridge device. */
void lbridge_test_host_send(struct kunit *test, struct lbridge *br,
			    const u8 *dst, unsigned int payload);

/* The fixture's FDB by MAC address, in VLAN 0. */
struct lbridge_fdb_entry *lbridge_test_fdb_lookup_rcu(struct kunit *test,
						      const u8 *mac);
int lbridge_test_fdb_add_static(struct kunit *test, struct lbridge_port *port,
				const u8 *mac);
int lbridge_test_fdb_del(struct kunit *test, struct lbridge_port *port,
			 const u8 *mac);

#endif /* _LBRIDGE_TEST_FIXTURE_H */
