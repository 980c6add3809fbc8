/* test_classification.c - size classes, WZ sections, country codes (src/core/classification.c). */
#include "lotse/classification.h"
#include "lotse/codes.h"
#include "lotse/schema.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void holds_the_249_assigned_codes(void **state)
{
    (void)state;
    assert_int_equal(lt_country_count(), 249);
    /* the first, the last, and the countries inquiries name most */
    const char *known[] = {"AD", "ZW", "DE", "IN", "PH", "VN", "TR", "BR",
                           "GB", "AL", "BA", "ME", "MK", "RS", "XK"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        assert_true(lt_country_is_code(known[i]));
}

static void refuses_unassigned_reserved_and_malformed_codes(void **state)
{
    (void)state;
    /* XX user-assigned, UK exceptionally reserved (the code is GB), EU and EZ reserved,
     * AN and YU withdrawn */
    const char *bad[] = {"XX", "UK", "EU", "EZ",  "AN", "YU", "ZZ",
                         "AA", "de", "D",  "DEU", "",   "D1", "Dé"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(lt_country_is_code(bad[i]));
    assert_false(lt_country_is_code(NULL));
}

static void wz_sections_are_a_to_u_and_size_classes_the_eu_four(void **state)
{
    (void)state;
    assert_true(lt_is_choice(lt_wz_sections, "A"));
    assert_true(lt_is_choice(lt_wz_sections, "U"));
    assert_false(lt_is_choice(lt_wz_sections, "V"));
    assert_false(lt_is_choice(lt_wz_sections, "a"));
    size_t n = 0;
    while (lt_wz_sections[n])
        n++;
    assert_int_equal(n, 21);
    assert_true(lt_is_choice(lt_size_classes, "micro"));
    assert_false(lt_is_choice(lt_size_classes, "sme"));
}

/* Each code table holds exactly its count of codes, then NULL, and no code twice. */
static void check_table(const char *const *t, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        assert_non_null(t[i]);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(t[i], t[j]);
    }
    assert_null(t[count]);
}

static void the_record_code_tables_hold_their_counts(void **state)
{
    (void)state;
    check_table(lt_obstacle_categories, LT_OBSTACLE_CATEGORY_COUNT);
    check_table(lt_measure_categories, LT_MEASURE_CATEGORY_COUNT);
    check_table(lt_measure_statuses, LT_MEASURE_STATUS_COUNT);
    assert_true(lt_is_choice(lt_obstacle_categories, "housing"));
    assert_true(lt_is_choice(lt_measure_statuses, "in_progress"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(holds_the_249_assigned_codes),
        cmocka_unit_test(refuses_unassigned_reserved_and_malformed_codes),
        cmocka_unit_test(wz_sections_are_a_to_u_and_size_classes_the_eu_four),
        cmocka_unit_test(the_record_code_tables_hold_their_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
