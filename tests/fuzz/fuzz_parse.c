/*
 * fuzz_parse.c - libFuzzer target for what a client controls: the URI, the
 * query, a JSON body and the Content-Type.
 *
 * Why beyond "does not crash": the parsers promise properties the rest of the
 * code relies on (a parsed path begins with '/' and is valid UTF-8, every query
 * name is allowed and appears once, every detail is valid UTF-8 safe to put in
 * a problem body). The target checks them and aborts when one does not hold.
 *
 * Built by CMake with -DLOTSE_FUZZ=ON and CC=clang (tests/fuzz/CMakeLists.txt),
 * and run briefly by tools/test. By hand, from the repository root:
 *   clang -std=c17 -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Iinclude \
 *     tests/fuzz/fuzz_parse.c src/http/uri.c src/http/utf8.c src/http/json.c \
 *     src/core/arena.c -ljansson -o /tmp/fuzz_parse
 */
#include "lotse/parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const allowed[] = {"limit", "after", "q", NULL};

static void check(bool ok)
{
    if (!ok)
        abort();
}

static void check_detail(int rc, const char *detail)
{
    if (rc != 0)
        check(detail && lt_utf8_valid(detail, strlen(detail)));
}

static void fuzz_uri(lt_arena *a, const char *text)
{
    char *path;
    lt_pair *query;
    size_t nquery;
    lt_error err;
    const char *detail;
    int rc = lt_uri_parse(a, text, allowed, &path, &query, &nquery, &err, &detail);
    check_detail(rc, detail);
    if (rc != 0)
        return;
    check(path[0] == '/' && lt_utf8_valid(path, strlen(path)));
    check(!strstr(path, "/../") && !strstr(path, "/./"));
    for (size_t i = 0; i < nquery; i++) {
        bool known = false;
        for (const char *const *n = allowed; *n; n++)
            known |= strcmp(*n, query[i].name) == 0;
        check(known);
        for (size_t j = 0; j < i; j++)
            check(strcmp(query[i].name, query[j].name) != 0);
    }
}

static void fuzz_json(lt_arena *a, const char *bytes, size_t len)
{
    json_t *v;
    lt_error err;
    const char *detail;
    int rc = lt_json_parse(a, bytes, len, 16, &v, &err, &detail);
    check_detail(rc, detail);
    if (rc == 0)
        check(json_is_object(v) || json_is_array(v));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lt_arena *a = lt_arena_create(4096);
    /* lt_uri_parse and lt_content_type_is_json take C strings. */
    char *text = lt_arena_strndup(a, (const char *)data, size);

    fuzz_uri(a, text);
    fuzz_json(a, (const char *)data, size);
    (void)lt_content_type_is_json(text);

    char *decoded;
    lt_error err;
    if (lt_percent_decode(a, (const char *)data, size, true, &decoded, &err) == 0)
        check(lt_utf8_valid(decoded, strlen(decoded)));
    check(lt_utf8_prefix((const char *)data, size, 200) <= 200);
    if (lt_utf8_valid((const char *)data, size))
        check(lt_utf8_prefix((const char *)data, size, size) == size);

    lt_arena_destroy(a);
    return 0;
}
