/*
 * policy_report_words.h - the words of the policy report (policy_report.c) in
 * German, the default, and English: one table of every text the report writes,
 * the words for the codes of the records, and numbers, shares, dates and
 * periods in each language's style. The report's code is written once; only
 * these words differ.
 *
 * Private to src/api. Every string returned lives in the arena given or is
 * static; codes without a word are returned as they are.
 */
#ifndef LOTSE_API_POLICY_REPORT_WORDS_H
#define LOTSE_API_POLICY_REPORT_WORDS_H

#include "lotse/arena.h"

#include <stdbool.h>

typedef enum lt_report_lang {
    LT_REPORT_DE, /* the default: the report goes to a German authority */
    LT_REPORT_EN,
} lt_report_lang;

/* The report's texts. Those with conversions take the arguments the comment
 * names, in the same order in both languages. */
typedef enum lt_report_text {
    LT_RT_TITLE,     /* from, to */
    LT_RT_PREPARED,  /* regions, as of, the protection sentence */
    LT_RT_PROTECTED, /* k - 1 */
    LT_RT_UNPROTECTED,
    LT_RT_SUPPRESSED,
    LT_RT_TOP_OBSTACLES,
    LT_RT_TOP_OBSTACLES_ABOUT,
    LT_RT_RANK,
    LT_RT_CATEGORY,
    LT_RT_REGIONS,
    LT_RT_INQUIRIES,
    LT_RT_FIRST_HALF,
    LT_RT_SECOND_HALF,
    LT_RT_TREND,
    LT_RT_PROPOSALS,
    LT_RT_PROPOSALS_ABOUT,
    LT_RT_NO_PROPOSAL,
    LT_RT_PROPOSED_BY,  /* region, severity */
    LT_RT_ADDRESSED_TO, /* policy level */
    LT_RT_TOPICS,
    LT_RT_TOPICS_PER_YEAR,
    LT_RT_TOPICS_PER_QUARTER,
    LT_RT_TOPIC,
    LT_RT_QUARTER, /* quarter, year (both int) */
    LT_RT_MEASURES,
    LT_RT_MEASURES_ABOUT, /* done share, overdue, term elapsed share */
    LT_RT_NO_SHARE,
    LT_RT_PLANNED,
    LT_RT_IN_PROGRESS,
    LT_RT_DONE,
    LT_RT_DROPPED,
    LT_RT_ALL,
    LT_RT_ALL_CATEGORIES,
    LT_RT_COUNT
} lt_report_text;

/* The kinds of codes the report names. */
typedef enum lt_report_kind {
    LT_RK_OBSTACLE_CATEGORY,
    LT_RK_TOPIC,
    LT_RK_MEASURE_CATEGORY,
    LT_RK_SEVERITY,
    LT_RK_POLICY_LEVEL,
    LT_RK_TREND,
} lt_report_kind;

/* "de" or "en" (NULL: German); false for anything else. */
bool lt_report_lang_of(const char *s, lt_report_lang *lang);
/* The "de" or "en" of lang, for <html lang>. */
const char *lt_report_lang_code(lt_report_lang lang);

/* A text of the report in lang (static). */
const char *lt_report_text_of(lt_report_lang lang, lt_report_text t);
/* The word for a code of a kind; the code itself when there is none. */
const char *lt_report_label(lt_report_lang lang, lt_report_kind kind, const char *code);

/* A count with the thousands grouped: "1.234" in German, "1,234" in English. */
const char *lt_report_number(lt_arena *a, lt_report_lang lang, long n);
/* A share (0..1) as a whole percentage: "45 %". */
const char *lt_report_percent(lt_arena *a, lt_report_lang lang, double share);
/* A date "YYYY-MM-DD" as the language writes it: "24.11.2026" in German; in
 * English as it is. */
const char *lt_report_date(lt_arena *a, lt_report_lang lang, const char *iso);
/* An instant: in German from berlin ("YYYY-MM-DDTHH:MM", German time) as
 * "25.11.2026, 00:45 Uhr"; in English iso ("YYYY-MM-DDTHH:MM:SSZ", UTC) as it is. */
const char *lt_report_instant(lt_arena *a, lt_report_lang lang, const char *iso,
                              const char *berlin);

#endif
