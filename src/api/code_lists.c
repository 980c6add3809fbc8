/*
 * code_lists.c - GET /api/v1/code-lists: the code lists the API validates
 * against, from the very tables that validate (classification.h,
 * process_record.h), so a form offers exactly what the API takes and no copy
 * of a list can drift from it (the web loads this once; names come from the
 * browser's Intl.DisplayNames or the web's label tables).
 *
 * Public and without the database: the lists are reference data, the same for
 * everyone, and change only with a release. The ETag is the SHA-256 of the
 * body, so a client revalidates with If-None-Match and gets a 304.
 */
#include "lotse/api.h"
#include "lotse/classification.h"
#include "lotse/process_record.h"

/* A NULL-terminated table as a JSON array of strings. */
static json_t *list_of(const char *const *table)
{
    json_t *a = json_array();
    for (size_t i = 0; table[i]; i++)
        json_array_append_new(a, json_string(table[i]));
    return a;
}

int lt_api_code_lists_get(lt_req *req, lt_resp *resp)
{
    json_t *countries = json_array();
    const char *code;
    for (size_t i = 0; (code = lt_country_code(i)); i++)
        json_array_append_new(countries, json_string(code));
    json_t *lists =
        json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "countries", countries, "size_classes",
                  list_of(lt_size_classes), "wz_sections", list_of(lt_wz_sections),
                  "process_phases", list_of(lt_process_phases), "process_actors",
                  list_of(lt_process_actors), "process_target_groups",
                  list_of(lt_process_target_groups), "process_levels", list_of(lt_process_levels));
    if (lt_resp_json(resp, 200, lists) != 200)
        return resp->status;
    return lt_resp_cacheable(req, resp, "public, max-age=3600");
}
