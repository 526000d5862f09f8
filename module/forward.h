/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The datapath: frames in from ports and from the host, out to ports and
 * up to the host.
 */
#ifndef _LBRIDGE_FORWARD_H
#define _LBRIDGE_FORWARD_H

#include <linux/netdevice.h>

struct lbridge;
struct lbridge_port;

rx_handler_result_t lbridge_handle_frame(struct sk_buff **pskb);
void lbridge_xmit_from_host_rcu(struct lbridge *br, struct sk_buff *skb);
int lbridge_flood_poll(struct napi_struct *napi, int budget);
void lbridge_flood_for_port_rcu(struct lbridge *br, struct lbridge_port *from,
				struct sk_buff *skb);

#endif /* _LBRIDGE_FORWARD_H */
