/*
 * policy_report_words.c - the policy report's words in German and English
 * (policy_report_words.h). The words for the codes are the web interface's
 * (web/src/i18n-de.js, i18n-en.js), so that the report and the screens the
 * regions fill in name a category alike.
 */
#include "policy_report_words.h"

#include <stdio.h>
#include <string.h>

/* [text][language]: German first, as in lt_report_lang. */
static const char *const texts[LT_RT_COUNT][2] = {
    [LT_RT_TITLE] = {"Anfragen von Arbeitgebern und Hürden in den Regionen, %s bis %s",
                     "Employer inquiries and obstacles in the regions, %s to %s"},
    [LT_RT_PREPARED] = {"Erstellt vom FAI NRW aus den Daten aller %s Regionen, Stand: %s. %s",
                        "Prepared by the FAI NRW from the records of all %s regions as of %s. %s"},
    [LT_RT_PROTECTED] = {"Anzahlen von 1 bis %ld Unternehmen sind unterdrückt, ebenso die Zahlen,"
                         " aus denen sie sich errechnen ließen.",
                         "Counts of companies from 1 to %ld are suppressed, and so are the figures"
                         " they could be worked out from."},
    [LT_RT_UNPROTECTED] = {"Es ist keine Zahl unterdrückt.", "No count is suppressed."},
    [LT_RT_SUPPRESSED] = {"unterdrückt", "suppressed"},
    [LT_RT_TOP_OBSTACLES] = {"Die größten Hürden", "Top obstacles"},
    [LT_RT_TOP_OBSTACLES_ABOUT] =
        {"Die Kategorien von Hürden, geordnet nach der Zahl der im Zeitraum eingegangenen"
         " Anfragen von Arbeitgebern, die auf sie stießen, mit der Zahl der Regionen, in denen"
         " das geschah, und dem Trend zwischen den beiden Hälften des Zeitraums.",
         "Obstacle categories ranked by the employer inquiries received in the range that met"
         " them, with the number of regions where they did and the trend between the two halves"
         " of the range."},
    [LT_RT_RANK] = {"Rang", "Rank"},
    [LT_RT_CATEGORY] = {"Kategorie", "Category"},
    [LT_RT_REGIONS] = {"Regionen", "Regions"},
    [LT_RT_INQUIRIES] = {"Anfragen", "Inquiries"},
    [LT_RT_FIRST_HALF] = {"Erste Hälfte", "First half"},
    [LT_RT_SECOND_HALF] = {"Zweite Hälfte", "Second half"},
    [LT_RT_TREND] = {"Trend", "Trend"},
    [LT_RT_PROPOSALS] = {"Die Vorschläge der Regionen", "The regions' proposals"},
    [LT_RT_PROPOSALS_ABOUT] = {"Was die Regionen zu den Hürden vorschlagen, auf die ihre"
                               " Arbeitgeber stießen, in ihren eigenen Worten, nach Kategorien"
                               " in der Reihenfolge oben.",
                               "What the regions propose on the obstacles their employers met,"
                               " in their own words, by category in the order above."},
    [LT_RT_NO_PROPOSAL] = {"Keine Region hat einen Vorschlag zu den Hürden dieses Zeitraums"
                           " erfasst.",
                           "No region has recorded a proposal for the obstacles of this range."},
    [LT_RT_PROPOSED_BY] = {"%s, Schwere: %s", "%s, severity %s"},
    [LT_RT_ADDRESSED_TO] = {", politische Ebene: %s", ", addressed to the %s level"},
    [LT_RT_TOPICS] = {"Anfragen nach Thema", "Inquiries by topic"},
    [LT_RT_TOPICS_PER_YEAR] = {"Nennungen der Themen in den eingegangenen Anfragen, landesweit,"
                               " je Jahr.",
                               "Mentions of each topic by the inquiries received, state-wide, per"
                               " year."},
    [LT_RT_TOPICS_PER_QUARTER] = {"Nennungen der Themen in den eingegangenen Anfragen,"
                                  " landesweit, je Quartal.",
                                  "Mentions of each topic by the inquiries received, state-wide,"
                                  " per quarter."},
    [LT_RT_TOPIC] = {"Thema", "Topic"},
    [LT_RT_QUARTER] = {"%2$d. Quartal %1$d", "%d Q%d"},
    [LT_RT_MEASURES] = {"Stand der Maßnahmen", "State of the measures"},
    [LT_RT_MEASURES_ABOUT] =
        {"Die Maßnahmen der Zweijahrespläne der Regionen nach heutigem Stand. Erledigt (Anteil"
         " der nicht verworfenen Maßnahmen): %s. Geplant oder in Arbeit und über das geplante"
         " Ende hinaus: %s. Vergangen (Anteil der Laufzeit der unterzeichneten"
         " Kooperationsvereinbarungen): %s.",
         "The measures of the regions' two-year plans as they stand today. Done: %s of the"
         " measures not dropped; %s planned or in progress are past their planned end; %s of"
         " the signed agreements' terms has passed."},
    [LT_RT_NO_SHARE] = {"keine Angabe", "none"},
    [LT_RT_PLANNED] = {"Geplant", "Planned"},
    [LT_RT_IN_PROGRESS] = {"In Arbeit", "In progress"},
    [LT_RT_DONE] = {"Erledigt", "Done"},
    [LT_RT_DROPPED] = {"Verworfen", "Dropped"},
    [LT_RT_ALL] = {"Insgesamt", "All"},
    [LT_RT_ALL_CATEGORIES] = {"Alle Kategorien", "All categories"},
};

typedef struct word {
    const char *code, *de, *en;
} word;

static const word obstacle_categories[] = {
    {"visa_appointment_wait", "Wartezeit auf Visatermine", "Waiting for visa appointments"},
    {"recognition_duration", "Dauer der Anerkennung", "Duration of recognition procedures"},
    {"authority_communication", "Kommunikation mit Behörden", "Communication with authorities"},
    {"housing", "Wohnraum", "Housing"},
    {"childcare", "Kinderbetreuung", "Childcare"},
    {"language_courses", "Sprachkurse", "Language courses"},
    {"costs", "Kosten", "Costs"},
    {"other", "Sonstiges", "Other"},
    {NULL, NULL, NULL},
};

static const word topics[] = {
    {"recognition", "Anerkennung", "Recognition"},
    {"visa_and_entry", "Visum und Einreise", "Visa and entry"},
    {"feg_pathways", "Wege nach dem FEG", "Pathways of the Skilled Immigration Act"},
    {"onboarding", "Einarbeitung", "Onboarding"},
    {"family_reunification", "Familiennachzug", "Family reunification"},
    {"housing", "Wohnen", "Housing"},
    {"language", "Sprache", "Language"},
    {"funding", "Förderung", "Funding"},
    {"recruitment_agencies", "Personalvermittlung", "Recruitment agencies"},
    {"other", "Sonstiges", "Other"},
    {"none", "Kein Thema erfasst", "No topic recorded"},
    {NULL, NULL, NULL},
};

static const word measure_categories[] = {
    {"law_change_information", "Informationen zu Rechtsänderungen",
     "Information on changes in the law"},
    {"exchange_formats", "Austauschformate", "Exchange formats"},
    {"information_material", "Informationsmaterial", "Information material"},
    {"events", "Veranstaltungen", "Events"},
    {"speaker_referrals", "Vermittlung von Referierenden", "Speaker referrals"},
    {"lighthouse_projects", "Leuchtturmprojekte", "Lighthouse projects"},
    {"other", "Sonstiges", "Other"},
    {NULL, NULL, NULL},
};

static const word severities[] = {
    {"low", "gering", "low"}, {"medium", "mittel", "medium"},
    {"high", "hoch", "high"}, {"critical", "kritisch", "critical"},
    {NULL, NULL, NULL},
};

static const word policy_levels[] = {
    {"state", "Land", "state"},
    {"federal", "Bund", "federal"},
    {NULL, NULL, NULL},
};

/* The codes of the obstacles dashboard's trend (dashboard_obstacles.c). */
static const word trends[] = {
    {"rising", "steigend", "rising"},
    {"falling", "fallend", "falling"},
    {"steady", "gleichbleibend", "steady"},
    {NULL, NULL, NULL},
};

static const word *const kinds[] = {
    [LT_RK_OBSTACLE_CATEGORY] = obstacle_categories,
    [LT_RK_TOPIC] = topics,
    [LT_RK_MEASURE_CATEGORY] = measure_categories,
    [LT_RK_SEVERITY] = severities,
    [LT_RK_POLICY_LEVEL] = policy_levels,
    [LT_RK_TREND] = trends,
};

bool lt_report_lang_of(const char *s, lt_report_lang *lang)
{
    if (!s || strcmp(s, "de") == 0)
        *lang = LT_REPORT_DE;
    else if (strcmp(s, "en") == 0)
        *lang = LT_REPORT_EN;
    else
        return false;
    return true;
}

const char *lt_report_lang_code(lt_report_lang lang)
{
    return lang == LT_REPORT_DE ? "de" : "en";
}

const char *lt_report_text_of(lt_report_lang lang, lt_report_text t)
{
    return texts[t][lang];
}

const char *lt_report_label(lt_report_lang lang, lt_report_kind kind, const char *code)
{
    for (const word *w = kinds[kind]; w->code; w++)
        if (strcmp(w->code, code) == 0)
            return lang == LT_REPORT_DE ? w->de : w->en;
    return code;
}

const char *lt_report_number(lt_arena *a, lt_report_lang lang, long n)
{
    char digits[32], out[48];
    int len =
        snprintf(digits, sizeof digits, "%lu", n < 0 ? 0UL - (unsigned long)n : (unsigned long)n);
    size_t o = 0;
    if (n < 0)
        out[o++] = '-';
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = lang == LT_REPORT_DE ? '.' : ',';
        out[o++] = digits[i];
    }
    return lt_arena_strndup(a, out, o);
}

const char *lt_report_percent(lt_arena *a, lt_report_lang lang, double share)
{
    (void)lang; /* "45 %" in both: DIN 5008, and what the report always wrote */
    return lt_arena_printf(a, "%.0f %%", 100 * share);
}

const char *lt_report_date(lt_arena *a, lt_report_lang lang, const char *iso)
{
    if (lang != LT_REPORT_DE || strlen(iso) < 10)
        return iso;
    return lt_arena_printf(a, "%.2s.%.2s.%.4s", iso + 8, iso + 5, iso);
}

const char *lt_report_instant(lt_arena *a, lt_report_lang lang, const char *iso, const char *berlin)
{
    if (lang != LT_REPORT_DE || strlen(berlin) < 16)
        return iso;
    return lt_arena_printf(a, "%s, %.5s Uhr", lt_report_date(a, lang, berlin), berlin + 11);
}
