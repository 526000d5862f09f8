/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One set of calls prints both text and JSON, as iproute2's print_*()
 * do, so the two outputs cannot drift apart. Every value call takes a
 * JSON key and a text format:
 *   key NULL   the value appears in text only (decoration, summaries);
 *   fmt NULL   the value appears in JSON only.
 * In JSON mode values go into a json-c tree whose root is printed, one
 * line (or pretty), when the outermost container is closed; in text mode
 * they are printed as they come. An outermost array is streamed: each
 * element is printed as soon as it is closed, so that a dump of 100,000
 * entries does not become a tree of 100,000 json-c objects first. The
 * bytes are the same as the whole tree's would be.
 */
#ifndef LBRCTL_PRINT_H
#define LBRCTL_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct json_object;

#define PR_MAX_DEPTH 8

struct printer {
	FILE *out;
	bool json;
	bool pretty;
	int depth;
	/* stack[0] is NULL when the outermost array is streamed. */
	struct json_object *stack[PR_MAX_DEPTH];
	bool stream;
	unsigned long streamed;
};

void pr_init(struct printer *p, FILE *out, bool json, bool pretty);

/* key: the member name in the enclosing object; NULL in an array or at the top. */
void pr_open_object(struct printer *p, const char *key);
void pr_close_object(struct printer *p);
void pr_open_array(struct printer *p, const char *key);
void pr_close_array(struct printer *p);

void pr_string(struct printer *p, const char *key, const char *fmt, const char *val);
void pr_u64(struct printer *p, const char *key, const char *fmt, uint64_t val);
/* Text: fmt gets "on" or "off". JSON: true or false. */
void pr_on_off(struct printer *p, const char *key, const char *fmt, bool val);
/* Text: fmt is printed as is, and only when val is true. JSON: a bool. */
void pr_flag(struct printer *p, const char *key, const char *fmt, bool val);
/* Milliseconds shown as seconds with two decimals: text fmt gets a string, JSON a number. */
void pr_ms_as_seconds(struct printer *p, const char *key, const char *fmt, uint64_t ms);
/* JSON only: null. */
void pr_null(struct printer *p, const char *key);

/*
 * A string someone else chose, such as a port's label, set by whoever is
 * root in the bridge's namespace: it must not reach a terminal as control
 * sequences, or lie about where a line's words end. format_label() writes
 * it for text: as is if it is printable UTF-8 without blanks; else between
 * double quotes, with '"' and '\' escaped and each byte of a control
 * character (C0, DEL, C1), bidirectional override, embedding, isolate or
 * mark (U+200E, U+200F, U+061C), blank other than ' ' (U+00A0, U+1680,
 * U+2000-U+200A, U+202F, U+205F, U+3000), line or paragraph separator
 * (U+2028, U+2029), byte order mark (U+FEFF) or invalid UTF-8 written as
 * \xNN. pr_label() prints that in text, and in JSON the string itself
 * with each byte of invalid UTF-8 replaced by U+FFFD.
 */
#define LABEL_MAX 64
#define LABEL_TEXT_MAX (4 * LABEL_MAX + 3)
void format_label(const char *in, char *out, size_t size);
void pr_label(struct printer *p, const char *key, const char *fmt, const char *val);

/*
 * An interface name is chosen by root of the namespace it lives in (a
 * container's, for a veth peer, or a user namespace's that owns a port),
 * and Linux lets it hold ESC, C1 controls and invalid UTF-8: every name
 * the kernel gives is printed as a label is, its first IF_NAMESIZE - 1
 * bytes. format_name() needs NAME_TEXT_MAX + 1 bytes.
 */
#define NAME_TEXT_MAX (4 * 15 + 2)
void format_name(const char *in, char *out, size_t size);
void pr_name(struct printer *p, const char *key, const char *fmt, const char *val);

/*
 * As format_label() and pr_label(), of the first max bytes: other strings
 * someone else chose (format_untrusted() needs 4 * max + 3 bytes).
 */
void format_untrusted(const char *in, size_t max, char *out, size_t size);
void pr_untrusted(struct printer *p, const char *key, const char *fmt, const char *val,
		  size_t max);

/* Text only. */
/*
 * json_untrusted: val (at most max bytes) as pr_untrusted() has a plain
 * printer write it in JSON, with its quotes, into out; its length, or 0
 * when it does not fit in size bytes.
 */
size_t json_untrusted(const char *val, size_t max, char *out, size_t size);

/*
 * Output made by the caller, len bytes of it: text as it is, or in JSON
 * that many whole elements of a plain (not pretty) streamed outermost
 * array, separated by commas, the comma before them added. False, and
 * nothing written, where it cannot go (pretty, nested): the caller prints
 * through the other functions. No elements: only whether it could.
 */
bool pr_raw(struct printer *p, const char *s, size_t len, unsigned long elements);

void pr_text(struct printer *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
