// SPDX-License-Identifier: GPL-2.0
/*
 * lbridge: a learning Ethernet bridge.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/rtnetlink.h>

#include "device.h"
#include "version.h"

static int __init lbridge_init(void)
{
	int err;

	err = lbridge_device_init();
	if (err)
		goto err_device;

	pr_info("version " LBRIDGE_VERSION " loaded\n");
	return 0;

err_device:
	return err;
}

static void __exit lbridge_exit(void)
{
	lbridge_device_uninit();
	pr_info("unloaded\n");
}

module_init(lbridge_init);
module_exit(lbridge_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Learning Ethernet bridge");
MODULE_VERSION(LBRIDGE_VERSION);
MODULE_ALIAS_RTNL_LINK(KBUILD_MODNAME);
