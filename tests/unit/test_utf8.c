/* test_utf8.c - strict UTF-8 validation (src/http/utf8.c). */
#include "lotse/parse.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define VALID(lit) lt_utf8_valid(lit, sizeof(lit) - 1)

static void accepts_ascii_and_every_sequence_length(void **state)
{
    (void)state;
    assert_true(VALID(""));
    assert_true(VALID("plain ascii, longer than eight bytes"));
    assert_true(VALID("M\xc3\xbcnster"));   /* ü, 2 bytes */
    assert_true(VALID("\xe2\x82\xac"));     /* €, 3 bytes */
    assert_true(VALID("\xf0\x9f\x98\x80")); /* U+1F600, 4 bytes */
    assert_true(VALID("\xf4\x8f\xbf\xbf")); /* U+10FFFF, the last code point */
    assert_true(VALID("\xed\x9f\xbf"));     /* U+D7FF, just below the surrogates */
    assert_true(VALID("\xee\x80\x80"));     /* U+E000, just above them */
}

static void refuses_overlong_encodings(void **state)
{
    (void)state;
    assert_false(VALID("\xc0\xaf")); /* '/' in two bytes */
    assert_false(VALID("\xc1\xbf"));
    assert_false(VALID("\xe0\x80\xaf")); /* '/' in three bytes */
    assert_false(VALID("\xe0\x9f\xbf"));
    assert_false(VALID("\xf0\x80\x80\xaf")); /* '/' in four bytes */
    assert_false(VALID("\xf0\x8f\xbf\xbf"));
}

static void refuses_lone_and_missing_continuation_bytes(void **state)
{
    (void)state;
    assert_false(VALID("\x80"));
    assert_false(VALID("abc\xbf"));
    assert_false(VALID("\xc3"));  /* truncated at the end */
    assert_false(VALID("\xc3(")); /* continuation replaced */
    assert_false(VALID("\xe2\x82"));
    assert_false(VALID("\xf0\x9f\x98"));
    assert_false(VALID("\xf0\x9f\x98(ascii after"));
}

static void refuses_surrogates(void **state)
{
    (void)state;
    assert_false(VALID("\xed\xa0\x80"));             /* U+D800 */
    assert_false(VALID("\xed\xbf\xbf"));             /* U+DFFF */
    assert_false(VALID("\xed\xa0\xbd\xed\xb8\x80")); /* a CESU-8 pair */
}

static void refuses_code_points_above_10ffff_and_f5_to_ff(void **state)
{
    (void)state;
    assert_false(VALID("\xf4\x90\x80\x80")); /* U+110000 */
    assert_false(VALID("\xf5\x80\x80\x80"));
    assert_false(VALID("\xf8\x88\x80\x80\x80"));
    assert_false(VALID("\xfe"));
    assert_false(VALID("\xff"));
}

static void refuses_nul_bytes_anywhere(void **state)
{
    (void)state;
    assert_false(lt_utf8_valid("\0", 1));
    assert_false(lt_utf8_valid("abcdefgh\0abcdefgh", 17)); /* inside the 8-byte fast path */
    assert_false(lt_utf8_valid("abc\0", 4));
}

static void prefix_stops_at_invalid_bytes_and_character_boundaries(void **state)
{
    (void)state;
    assert_int_equal(lt_utf8_prefix("abc", 3, 10), 3);
    assert_int_equal(lt_utf8_prefix("abc\xff"
                                    "def",
                                    7, 10),
                     3);
    /* "aü" is 3 bytes: a limit of 2 must not cut the ü in half. */
    assert_int_equal(lt_utf8_prefix("a\xc3\xbc", 3, 2), 1);
    assert_int_equal(lt_utf8_prefix("a\xc3\xbc", 3, 3), 3);
    assert_int_equal(lt_utf8_prefix("\xed\xa0\x80", 3, 10), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_ascii_and_every_sequence_length),
        cmocka_unit_test(refuses_overlong_encodings),
        cmocka_unit_test(refuses_lone_and_missing_continuation_bytes),
        cmocka_unit_test(refuses_surrogates),
        cmocka_unit_test(refuses_code_points_above_10ffff_and_f5_to_ff),
        cmocka_unit_test(refuses_nul_bytes_anywhere),
        cmocka_unit_test(prefix_stops_at_invalid_bytes_and_character_boundaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
