// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <net/if.h>

#include <json-c/json.h>
#include <json-c/json_c_version.h>

#include "print.h"

void pr_init(struct printer *p, FILE *out, bool json, bool pretty)
{
	*p = (struct printer){ .out = out, .json = json || pretty, .pretty = pretty };
}

/*
 * json-c gained unsigned 64-bit numbers in 0.14; before, the largest
 * signed one stands in for what no counter reaches in practice.
 */
static struct json_object *new_u64(uint64_t v)
{
#if JSON_C_VERSION_NUM >= ((0 << 16) | (14 << 8) | 0)
	return json_object_new_uint64(v);
#else
	return json_object_new_int64(v > INT64_MAX ? INT64_MAX : (int64_t)v);
#endif
}

/* A CLI tool has nothing better to do when malloc() fails. */
static struct json_object *must(struct json_object *o)
{
	if (!o) {
		fputs("lbrctl: out of memory\n", stderr);
		abort();
	}
	return o;
}

static int flags(const struct printer *p)
{
	return JSON_C_TO_STRING_NOSLASHESCAPE |
	       (p->pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
			  : JSON_C_TO_STRING_PLAIN);
}

/*
 * An element of the streamed outermost array, laid out as json-c lays
 * out an array: "[e1,e2]", or pretty "[\n  e1,\n  e2\n]" with every line
 * of an element indented. Strings cannot hold a raw newline: JSON
 * escapes it, so indenting after each '\n' touches only the layout.
 */
static void stream_element(struct printer *p, struct json_object *val)
{
	const char *s = json_object_to_json_string_ext(val, flags(p));

	if (!p->pretty) {
		fprintf(p->out, "%s%s", p->streamed++ ? "," : "", s);
		return;
	}
	fputs(p->streamed++ ? ",\n  " : "\n  ", p->out);
	for (; *s; s++) {
		fputc(*s, p->out);
		if (*s == '\n')
			fputs("  ", p->out);
	}
}

/* Hands val over to the innermost open container. */
static void add(struct printer *p, const char *key, struct json_object *val)
{
	struct json_object *parent;

	if (!p->depth) {
		/* A value outside any container is a caller bug; drop it. */
		json_object_put(val);
		return;
	}
	parent = p->stack[p->depth - 1];
	if (!parent) {
		stream_element(p, val);
		json_object_put(val);
	} else if (json_object_is_type(parent, json_type_array))
		json_object_array_add(parent, val);
	else
		json_object_object_add(parent, key ? key : "", val);
}

static void open_container(struct printer *p, const char *key, struct json_object *c)
{
	if (p->depth == PR_MAX_DEPTH) {
		fputs("lbrctl: JSON nested too deep\n", stderr);
		abort();
	}
	/* The elements of a streamed array are roots of their own. */
	if (p->depth && p->stack[p->depth - 1])
		add(p, key, json_object_get(c));
	p->stack[p->depth++] = c;
}

static void close_container(struct printer *p)
{
	struct json_object *c;

	if (!p->depth)
		return;
	c = p->stack[--p->depth];
	if (!c) {
		fputs(p->pretty ? "\n]\n" : "]\n", p->out);
		p->stream = false;
		return;
	}
	if (!p->depth)
		fprintf(p->out, "%s\n", json_object_to_json_string_ext(c, flags(p)));
	else if (p->depth == 1 && p->stream)
		stream_element(p, c);
	/* Drops the parent's reference, or frees the tree at a root. */
	json_object_put(c);
}

void pr_open_object(struct printer *p, const char *key)
{
	if (p->json)
		open_container(p, key, must(json_object_new_object()));
}

void pr_close_object(struct printer *p)
{
	if (p->json)
		close_container(p);
}

void pr_open_array(struct printer *p, const char *key)
{
	if (!p->json)
		return;
	if (!p->depth) {
		p->stream = true;
		p->streamed = 0;
		fputc('[', p->out);
		p->stack[p->depth++] = NULL;
		return;
	}
	open_container(p, key, must(json_object_new_array()));
}

void pr_close_array(struct printer *p)
{
	if (p->json)
		close_container(p);
}

void pr_string(struct printer *p, const char *key, const char *fmt, const char *val)
{
	if (p->json) {
		if (key)
			add(p, key, must(json_object_new_string(val)));
	} else if (fmt) {
		fprintf(p->out, fmt, val);
	}
}

void pr_u64(struct printer *p, const char *key, const char *fmt, uint64_t val)
{
	if (p->json) {
		if (key)
			add(p, key, must(new_u64(val)));
	} else if (fmt) {
		fprintf(p->out, fmt, val);
	}
}

void pr_on_off(struct printer *p, const char *key, const char *fmt, bool val)
{
	if (p->json) {
		if (key)
			add(p, key, must(json_object_new_boolean(val)));
	} else if (fmt) {
		fprintf(p->out, fmt, val ? "on" : "off");
	}
}

void pr_flag(struct printer *p, const char *key, const char *fmt, bool val)
{
	if (p->json) {
		if (key)
			add(p, key, must(json_object_new_boolean(val)));
	} else if (fmt && val) {
		fputs(fmt, p->out);
	}
}

void pr_ms_as_seconds(struct printer *p, const char *key, const char *fmt, uint64_t ms)
{
	char s[32];

	/* Truncated, not rounded: an entry 999 ms old is not yet 1.00 s old. */
	snprintf(s, sizeof(s), "%" PRIu64 ".%02" PRIu64, ms / 1000, ms % 1000 / 10);
	if (p->json) {
		/* _s: serialise exactly s, not %.17g noise like 0.10000000000000001. */
		if (key)
			add(p, key, must(json_object_new_double_s(ms / 1000.0, s)));
	} else if (fmt) {
		fprintf(p->out, fmt, s);
	}
}

void pr_null(struct printer *p, const char *key)
{
	if (p->json && key)
		add(p, key, NULL);
}

/* The length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	/* No overlong forms, no surrogates, nothing past U+10FFFF. */
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (len > n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* The code point of a valid UTF-8 sequence of len bytes. */
static uint32_t code_point(const unsigned char *s, size_t len)
{
	static const unsigned char lead_mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	uint32_t c = s[0] & lead_mask[len];

	for (size_t i = 1; i < len; i++)
		c = c << 6 | (s[i] & 0x3f);
	return c;
}

/*
 * What must not reach a terminal as itself: C0, DEL and C1 controls;
 * the bidirectional embeddings, overrides and isolates, and the
 * invisible direction marks (LRM, RLM, ALM); every blank but ' ' (they
 * pass for a space or for nothing); the line and paragraph separators;
 * and the byte order mark, which is invisible.
 */
static bool unprintable(const unsigned char *s, size_t len)
{
	uint32_t c = code_point(s, len);

	return c < 0x20 || (c >= 0x7f && c <= 0xa0) ||
	       c == 0x061c ||			/* ARABIC LETTER MARK */
	       c == 0x1680 ||			/* OGHAM SPACE MARK */
	       (c >= 0x2000 && c <= 0x200a) ||	/* EN QUAD .. HAIR SPACE */
	       c == 0x200e || c == 0x200f ||	/* LRM, RLM */
	       (c >= 0x2028 && c <= 0x202f) ||	/* LS, PS, LRE..RLO, NNBSP */
	       c == 0x205f ||			/* MEDIUM MATHEMATICAL SPACE */
	       (c >= 0x2066 && c <= 0x2069) ||	/* LRI, RLI, FSI, PDI */
	       c == 0x3000 ||			/* IDEOGRAPHIC SPACE */
	       c == 0xfeff;			/* BYTE ORDER MARK */
}

/* format_label() of the first n bytes of in. */
static void format_n(const char *in, size_t n, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0;
	bool quote = false;

	for (size_t i = 0, len; i < n; i += len ? len : 1) {
		len = utf8_len(s + i, n - i);
		if (s[i] == ' ' || s[i] == '"' || s[i] == '\\' || !len || unprintable(s + i, len))
			quote = true;
	}
	if (!quote) {
		snprintf(out, size, "%.*s", (int)n, in);
		return;
	}
#define PUT(...) (o += snprintf(out + o, o < size ? size - o : 0, __VA_ARGS__))
	PUT("\"");
	for (size_t i = 0; i < n;) {
		size_t len = utf8_len(s + i, n - i);

		if (s[i] == '"' || s[i] == '\\') {
			PUT("\\%c", s[i]);
		} else if (!len || unprintable(s + i, len)) {
			/* Every byte of it: a C1 or bidi character is two or three. */
			for (size_t j = 0; j < (len ? len : 1); j++)
				PUT("\\x%02x", s[i + j]);
		} else {
			PUT("%.*s", (int)len, (const char *)s + i);
		}
		i += len ? len : 1;
	}
	PUT("\"");
#undef PUT
}

void format_label(const char *in, char *out, size_t size)
{
	format_n(in, strlen(in), out, size);
}

void format_untrusted(const char *in, size_t max, char *out, size_t size)
{
	format_n(in, strnlen(in, max), out, size);
}

void format_name(const char *in, char *out, size_t size)
{
	format_untrusted(in, IF_NAMESIZE - 1, out, size);
}

/*
 * The first n bytes of val as a JSON string holds them: every invalid
 * UTF-8 byte a U+FFFD, three bytes (buf: 3 * n + 1).
 */
static void to_utf8(const char *val, size_t n, char *buf)
{
	const unsigned char *s = (const unsigned char *)val;
	size_t o = 0;

	for (size_t i = 0; i < n;) {
		size_t len = utf8_len(s + i, n - i);

		if (len) {
			memcpy(buf + o, s + i, len);
			o += len;
			i += len;
		} else {
			memcpy(buf + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	buf[o] = '\0';
}

void pr_untrusted(struct printer *p, const char *key, const char *fmt, const char *val,
		  size_t max)
{
	size_t n = strnlen(val, max);
	char *buf;

	if (p->json ? !key : !fmt)
		return;
	/*
	 * JSON: U+FFFD is three bytes, room for a string of invalid bytes
	 * only. Text: each byte as \xNN, and the quotes.
	 */
	buf = malloc(p->json ? 3 * n + 1 : 4 * n + 3);
	if (!buf) {
		fputs("lbrctl: out of memory\n", stderr);
		abort();
	}
	if (!p->json) {
		format_n(val, n, buf, 4 * n + 3);
		fprintf(p->out, fmt, buf);
		free(buf);
		return;
	}
	to_utf8(val, n, buf);
	add(p, key, must(json_object_new_string(buf)));
	free(buf);
}

size_t json_untrusted(const char *val, size_t max, char *out, size_t size)
{
	size_t n = strnlen(val, max), len;
	struct json_object *o;
	char *buf = malloc(3 * n + 1);

	if (!buf) {
		fputs("lbrctl: out of memory\n", stderr);
		abort();
	}
	to_utf8(val, n, buf);
	o = must(json_object_new_string(buf));
	free(buf);
	/* Exactly as a plain printer's value: the same flags. */
	len = strlen(json_object_to_json_string_ext(o, JSON_C_TO_STRING_NOSLASHESCAPE |
						   JSON_C_TO_STRING_PLAIN));
	if (len < size)
		memcpy(out, json_object_to_json_string_ext(o, JSON_C_TO_STRING_NOSLASHESCAPE |
							   JSON_C_TO_STRING_PLAIN), len + 1);
	else
		len = 0;
	json_object_put(o);
	return len;
}

bool pr_raw(struct printer *p, const char *s, size_t len, unsigned long elements)
{
	if (p->json) {
		/* Only elements of a plain streamed outermost array. */
		if (p->pretty || !p->stream || p->depth != 1 || p->stack[0])
			return false;
		if (elements && p->streamed)
			putc(',', p->out);
		p->streamed += elements;
	}
	if (elements)
		fwrite(s, 1, len, p->out);
	return true;
}

void pr_label(struct printer *p, const char *key, const char *fmt, const char *val)
{
	pr_untrusted(p, key, fmt, val, LABEL_MAX);
}

void pr_name(struct printer *p, const char *key, const char *fmt, const char *val)
{
	pr_untrusted(p, key, fmt, val, IF_NAMESIZE - 1);
}

void pr_text(struct printer *p, const char *fmt, ...)
{
	va_list ap;

	if (p->json)
		return;
	va_start(ap, fmt);
	vfprintf(p->out, fmt, ap);
	va_end(ap);
}
