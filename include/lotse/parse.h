/*
 * parse.h - strict parsing of what a client sends: the URI, the query string
 * and a JSON body. Every function either succeeds completely or names the
 * typed error (problem.h) and leaves a short detail sentence; nothing is
 * silently repaired or resolved (duplicates are refused, not "last wins").
 */
#ifndef LOTSE_PARSE_H
#define LOTSE_PARSE_H

#include "lotse/http.h"
#include "lotse/problem.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* True when the n bytes are well-formed UTF-8 (no overlongs, no surrogates, no NUL). */
bool lt_utf8_valid(const char *s, size_t n);

/*
 * The length of the longest prefix of the n bytes that is well-formed UTF-8 (as
 * lt_utf8_valid), ends on a character boundary and is at most max bytes long.
 * For echoing client text: s[0..result) is always safe to put into JSON.
 */
size_t lt_utf8_prefix(const char *s, size_t n, size_t max);

/*
 * Percent-decodes n bytes of s into arena memory. `plus_is_space` for query
 * components. Fails on a '%' not followed by two hex digits, on a decoded NUL
 * and on invalid UTF-8 after decoding. Returns 0 and sets *out, or -1 and sets
 * *err (LT_E_MALFORMED_URI or LT_E_INVALID_UTF8).
 */
int lt_percent_decode(lt_arena *a, const char *s, size_t n, bool plus_is_space, char **out,
                      lt_error *err);

/*
 * Splits raw_uri into its decoded path and its query parameters. The path must
 * start with '/'. Each parameter name may appear once; a name outside `allowed`
 * (NULL-terminated, NULL: none allowed) is refused. Returns 0, or -1 with *err
 * and *detail (arena string naming the parameter where there is one).
 */
int lt_uri_parse(lt_arena *a, const char *raw_uri, const char *const *allowed, char **path,
                 lt_pair **query, size_t *nquery, lt_error *err, const char **detail);

/*
 * Parses a JSON body: refuses nesting deeper than max_depth (checked before
 * jansson sees the text, so a 10,000-deep body costs nothing), duplicate object
 * keys, invalid UTF-8 and trailing garbage. The value is decref'd when the arena
 * resets. Returns 0 and sets *out, or -1 with *err and *detail.
 */
int lt_json_parse(lt_arena *a, const char *body, size_t len, int max_depth, json_t **out,
                  lt_error *err, const char **detail);

/* True when a Content-Type header denotes JSON: application/json, optionally with
 * a "; charset=utf-8" parameter (any case). */
bool lt_content_type_is_json(const char *content_type);
/* True when content_type names exactly the media type media (any case), with
 * well-formed parameters (any charset) or none. */
bool lt_media_type_is(const char *content_type, const char *media);

#endif
