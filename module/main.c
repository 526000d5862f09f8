// SPDX-License-Identifier: GPL-2.0
/*
 * lbridge: a learning Ethernet bridge.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "device.h"
#include "fdb.h"
#include "neigh.h"
#include "netlink.h"
#include "port.h"

static int __init lbridge_init(void)
{
	int err;

	err = lbridge_fdb_init();
	if (err)
		goto err_fdb;
	err = lbridge_neigh_init();
	if (err)
		goto err_neigh;
	err = lbridge_port_init();
	if (err)
		goto err_port;
	/* The family first: no bridge exists that netlink cannot show. */
	err = lbridge_netlink_init();
	if (err)
		goto err_netlink;
	err = lbridge_device_init();
	if (err)
		goto err_device;

	pr_info("version " LBRIDGE_VERSION " loaded\n");
	return 0;

err_device:
	lbridge_netlink_uninit();
err_netlink:
	lbridge_port_uninit();
err_port:
	lbridge_neigh_uninit();
err_neigh:
	lbridge_fdb_uninit();
err_fdb:
	return err;
}

static void __exit lbridge_exit(void)
{
	lbridge_device_uninit();
	lbridge_netlink_uninit();
	lbridge_port_uninit();
	lbridge_neigh_uninit();
	lbridge_fdb_uninit();
	pr_info("unloaded\n");
}

module_init(lbridge_init);
module_exit(lbridge_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Learning Ethernet bridge");
MODULE_VERSION(LBRIDGE_VERSION);
MODULE_ALIAS_RTNL_LINK(KBUILD_MODNAME);
MODULE_ALIAS_GENL_FAMILY(LBRIDGE_GENL_NAME);
