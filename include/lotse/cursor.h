/*
 * cursor.h - opaque paging cursors.
 *
 * A list answers `next`, a cursor the client passes back as `?after=`. The
 * cursor is the base64url encoding (no padding) of "<kind>:<key>", so clients
 * cannot mistake it for a key they could construct, and a cursor of one list
 * is refused by another. Strings live in the given arena.
 */
#ifndef LOTSE_CURSOR_H
#define LOTSE_CURSOR_H

#include "lotse/arena.h"

/* Encodes kind and key (both NUL-terminated) into a cursor. */
char *lt_cursor_encode(lt_arena *a, const char *kind, const char *key);
/* Decodes a cursor of this kind into its key; NULL when it is malformed, of
 * another kind, or not valid UTF-8. */
char *lt_cursor_decode(lt_arena *a, const char *kind, const char *cursor);

#endif
