/*
 * codes.h - code lists of the regions' records that more than one module reads:
 * the resource validates against them, the dashboards count by them, the demo
 * data draws from them. One table each (src/core/codes.c), in the order the
 * dashboards show them; the database's CHECK constraints (sql/0005, sql/0012)
 * list the same codes.
 *
 * Each table is NULL-terminated (for lt_field choices) and holds exactly its
 * _COUNT codes before the NULL (tests/unit/test_classification.c).
 */
#ifndef LOTSE_CODES_H
#define LOTSE_CODES_H

/* An obstacle's category (agreement §3: what employers meet). */
#define LT_OBSTACLE_CATEGORY_COUNT 8
extern const char *const lt_obstacle_categories[LT_OBSTACLE_CATEGORY_COUNT + 1];

/* A measure's category in the two-year plan, and its status. */
#define LT_MEASURE_CATEGORY_COUNT 7
extern const char *const lt_measure_categories[LT_MEASURE_CATEGORY_COUNT + 1];
#define LT_MEASURE_STATUS_COUNT 4
extern const char *const lt_measure_statuses[LT_MEASURE_STATUS_COUNT + 1];

#endif
