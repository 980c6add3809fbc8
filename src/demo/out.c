/*
 * out.c - rows in PostgreSQL's COPY text format, dates, and demo ids.
 *
 * COPY text: fields separated by a tab, rows ended by a newline, NULL as \N,
 * and a backslash, tab, newline or carriage return inside a value escaped with
 * a backslash. Rows are gathered into a buffer and handed on whole.
 */
#include "demo_internal.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUT_CAP      (1u << 20)
#define OUT_FLUSH_AT (OUT_CAP / 2) /* a row is far below the other half */

void demo_out_init(demo_out *o, lt_demo_emit emit, void *ctx)
{
    memset(o, 0, sizeof *o);
    o->buf = malloc(OUT_CAP);
    if (!o->buf)
        abort();
    o->cap = OUT_CAP;
    o->emit = emit;
    o->ctx = ctx;
    o->first_field = true;
}

static void flush(demo_out *o)
{
    if (o->len > 0 && !o->failed && !o->emit(o->ctx, o->buf, o->len, o->pending))
        o->failed = true;
    o->len = 0;
    o->pending = 0;
}

bool demo_out_finish(demo_out *o)
{
    assert(o->first_field); /* no row left open */
    flush(o);
    free(o->buf);
    o->buf = NULL;
    return !o->failed;
}

static void put(demo_out *o, const char *s, size_t n)
{
    /* a row longer than half the buffer is a bug in a word list */
    if (o->len + n > o->cap)
        abort();
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void field(demo_out *o)
{
    if (!o->first_field)
        put(o, "\t", 1);
    o->first_field = false;
}

void demo_out_text(demo_out *o, const char *s)
{
    field(o);
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '\\':
            put(o, "\\\\", 2);
            break;
        case '\t':
            put(o, "\\t", 2);
            break;
        case '\n':
            put(o, "\\n", 2);
            break;
        case '\r':
            put(o, "\\r", 2);
            break;
        default:
            put(o, p, 1);
        }
    }
}

void demo_out_null(demo_out *o)
{
    field(o);
    put(o, "\\N", 2);
}

void demo_out_int(demo_out *o, long long v)
{
    char b[32];
    int n = snprintf(b, sizeof b, "%lld", v);
    field(o);
    put(o, b, (size_t)n);
}

void demo_out_bool(demo_out *o, bool v)
{
    field(o);
    put(o, v ? "t" : "f", 1);
}

static int format_date(char *b, size_t cap, int32_t day)
{
    int y, m, d;
    demo_civil_from_days(day, &y, &m, &d);
    return snprintf(b, cap, "%04d-%02d-%02d", y, m, d);
}

void demo_out_date(demo_out *o, int32_t day)
{
    char b[32];
    int n = format_date(b, sizeof b, day);
    field(o);
    put(o, b, (size_t)n);
}

void demo_out_date_or_null(demo_out *o, int32_t day)
{
    if (day == DEMO_NO_DATE)
        demo_out_null(o);
    else
        demo_out_date(o, day);
}

void demo_out_ts(demo_out *o, int32_t day, int32_t seconds)
{
    char b[48];
    day += seconds / 86400;
    seconds %= 86400;
    int n = format_date(b, sizeof b, day);
    n += snprintf(b + n, sizeof b - (size_t)n, " %02d:%02d:%02d+00", seconds / 3600,
                  seconds / 60 % 60, seconds % 60);
    field(o);
    put(o, b, (size_t)n);
}

void demo_out_array(demo_out *o, const char *const *items, size_t n)
{
    field(o);
    put(o, "{", 1);
    for (size_t i = 0; i < n; i++) {
        if (i)
            put(o, ",", 1);
        /* quoted: a reference such as "§ 18a AufenthG" holds spaces */
        put(o, "\"", 1);
        put(o, items[i], strlen(items[i]));
        put(o, "\"", 1);
    }
    put(o, "}", 1);
}

void demo_out_row_end(demo_out *o)
{
    put(o, "\n", 1);
    o->first_field = true;
    o->pending++;
    o->rows++;
    if (o->len >= OUT_FLUSH_AT)
        flush(o);
}

/* ------------------------------------------------------------ dates */

/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar. */
int32_t demo_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void demo_civil_from_days(int32_t days, int *y, int *m, int *d)
{
    int z = days + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

int demo_weekday(int32_t days)
{
    /* 1970-01-01 was a Thursday (3) */
    int w = (int)((days % 7 + 7) % 7);
    return (w + 3) % 7;
}

/* Easter Sunday of year y (the anonymous Gregorian algorithm). */
static int32_t easter(int y)
{
    int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25;
    int g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return demo_days_from_civil(y, month, day);
}

bool demo_holiday(int32_t days)
{
    int y, m, d;
    demo_civil_from_days(days, &y, &m, &d);
    if ((m == 1 && d == 1) || (m == 5 && d == 1) || (m == 10 && d == 3) || (m == 11 && d == 1) ||
        (m == 12 && (d == 25 || d == 26)))
        return true;
    static const int after_easter[] = {-2, 1, 39, 50, 60};
    int32_t e = easter(y);
    for (size_t i = 0; i < sizeof after_easter / sizeof after_easter[0]; i++)
        if (days == e + after_easter[i])
            return true;
    return false;
}

bool lt_demo_parse_date(const char *text, int32_t *days)
{
    int y, m, d, n = 0;
    if (!text || strlen(text) != 10 || sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
        n != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
            return false;
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    int32_t z = demo_days_from_civil(y, m, d);
    int yy, mm, dd;
    demo_civil_from_days(z, &yy, &mm, &dd);
    if (yy != y || mm != m || dd != d) /* 2026-02-30 */
        return false;
    *days = z;
    return true;
}

/* ------------------------------------------------------------ ids */

void demo_rand(lt_rand *r, uint64_t key, unsigned stream, uint64_t index)
{
    lt_rand_seed(r, lt_rand_mix(lt_rand_mix(key, stream), index));
}

void demo_id_make(demo_id *out, uint64_t key, unsigned kind, uint64_t index)
{
    uint64_t a = lt_rand_mix(lt_rand_mix(key, 0x1d00 + kind), index);
    uint64_t b = lt_rand_mix(a, index);
    unsigned char u[16] = {0xde, 0xda, 0x7a, (unsigned char)kind};
    for (int i = 0; i < 4; i++)
        u[4 + i] = (unsigned char)(a >> (8 * i));
    for (int i = 0; i < 8; i++)
        u[8 + i] = (unsigned char)(b >> (8 * i));
    u[6] = (unsigned char)(0x80 | (u[6] & 0x0f)); /* version 8: custom */
    u[8] = (unsigned char)(0x80 | (u[8] & 0x3f)); /* variant of RFC 9562 */
    static const char hex[] = "0123456789abcdef";
    char *p = out->s;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *p++ = '-';
        *p++ = hex[u[i] >> 4];
        *p++ = hex[u[i] & 15];
    }
    *p = '\0';
}

bool lt_demo_id_is_demo(const char *uuid)
{
    return uuid && strlen(uuid) == 36 && strncmp(uuid, "deda7a", 6) == 0 && uuid[14] == '8';
}

void lt_demo_id_sql(char *out, const char *column)
{
    snprintf(out, LT_DEMO_ID_SQL_MAX,
             "(%s BETWEEN 'deda7a00-0000-0000-0000-000000000000'"
             " AND 'deda7aff-ffff-ffff-ffff-ffffffffffff'"
             " AND substr(%s::text, 15, 1) = '8')",
             column, column);
}
