/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LBRIDGE_VERSION_H
#define _LBRIDGE_VERSION_H

#define LBRIDGE_VERSION "0.1.0"

#endif /* _LBRIDGE_VERSION_H */
