/*
 * classification.h - the public classifications an employer inquiry is described
 * with, each in one table (src/core/classification.c):
 *   - the EU size classes of enterprises (Commission Recommendation 2003/361/EC):
 *     micro (< 10 persons employed), small (< 50), medium (< 250), large;
 *   - the sections of the German classification of economic activities, WZ 2008
 *     (Destatis), A (agriculture) to U (extraterritorial organisations);
 *   - the country codes of ISO 3166-1 alpha-2, plus XK for Kosovo (see there why).
 *
 * Static data and pure lookups: no allocation, safe from any thread.
 */
#ifndef LOTSE_CLASSIFICATION_H
#define LOTSE_CLASSIFICATION_H

#include <stdbool.h>
#include <stddef.h>

/* NULL-terminated, for lt_field choices: "micro", "small", "medium", "large". */
extern const char *const lt_size_classes[];
/* NULL-terminated: "A" to "U". */
extern const char *const lt_wz_sections[];

/* True when code is an assigned ISO 3166-1 alpha-2 code (two upper-case letters,
 * e.g. "DE", "IN"), or XK. "XX", "UK" (the United Kingdom is GB), "de" and NULL
 * are not. */
bool lt_country_is_code(const char *code);

/* How many ISO codes the table holds (249; XK not counted). */
size_t lt_country_count(void);

/* The i-th code lt_country_is_code takes: the ISO codes in alphabetical order
 * for i < lt_country_count(), then XK; NULL after that. The one list of country
 * codes: the web's forms read it through GET /api/v1/code-lists. */
const char *lt_country_code(size_t i);

#endif
