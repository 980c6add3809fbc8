/*
 * codes.c - the code lists of codes.h.
 */
#include "lotse/codes.h"

#include <stddef.h>

const char *const lt_obstacle_categories[LT_OBSTACLE_CATEGORY_COUNT + 1] = {
    "visa_appointment_wait",
    "recognition_duration",
    "authority_communication",
    "housing",
    "childcare",
    "language_courses",
    "costs",
    "other",
    NULL};

const char *const lt_measure_categories[LT_MEASURE_CATEGORY_COUNT + 1] = {"law_change_information",
                                                                          "exchange_formats",
                                                                          "information_material",
                                                                          "events",
                                                                          "speaker_referrals",
                                                                          "lighthouse_projects",
                                                                          "other",
                                                                          NULL};

const char *const lt_measure_statuses[LT_MEASURE_STATUS_COUNT + 1] = {"planned", "in_progress",
                                                                      "done", "dropped", NULL};
