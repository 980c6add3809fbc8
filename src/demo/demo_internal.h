/*
 * demo_internal.h - what the files of src/demo share: the COPY text writer,
 * dates, demo ids, the word lists, and the per-region plan.
 *
 * Private to src/demo (and its unit test): every name here starts with demo_.
 *
 * Reproducibility rests on two rules kept everywhere here: every random
 * choice comes from an lt_rand seeded from (seed, region slug, stream, index),
 * never from a stream shared with an unrelated choice, so adding a column to
 * one table does not move any other table's values; and only integer
 * arithmetic or exact doubles decide what is written.
 */
#ifndef LOTSE_DEMO_INTERNAL_H
#define LOTSE_DEMO_INTERNAL_H

#include "lotse/arena.h"
#include "lotse/demo.h"
#include "lotse/rand.h"

#include <jansson.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEMO_N(array) (sizeof(array) / sizeof((array)[0]))

/* ------------------------------------------------------------ out.c: COPY rows */

typedef struct demo_out {
    char *buf;
    size_t len, cap;
    lt_demo_emit emit;
    void *ctx;
    long pending;     /* complete rows in buf */
    long long rows;   /* rows written in all */
    bool failed;      /* emit said stop */
    bool first_field; /* the next field starts a row */
} demo_out;

void demo_out_init(demo_out *o, lt_demo_emit emit, void *ctx);
/* Hands the remaining rows to emit and frees the buffer; false if emit failed. */
bool demo_out_finish(demo_out *o);
void demo_out_text(demo_out *o, const char *s); /* escaped for COPY text */
void demo_out_null(demo_out *o);
void demo_out_int(demo_out *o, long long v);
void demo_out_bool(demo_out *o, bool v);
void demo_out_date(demo_out *o, int32_t day);
void demo_out_date_or_null(demo_out *o, int32_t day); /* DEMO_NO_DATE: NULL */
/* A timestamptz in UTC: the day plus seconds since midnight. */
void demo_out_ts(demo_out *o, int32_t day, int32_t seconds);
/* A text[] of simple words (letters, digits, '_', spaces, '§', '.'). */
void demo_out_array(demo_out *o, const char *const *items, size_t n);
void demo_out_row_end(demo_out *o);

/* ------------------------------------------------------------ dates */

#define DEMO_NO_DATE INT32_MIN
int32_t demo_days_from_civil(int y, int m, int d);
void demo_civil_from_days(int32_t days, int *y, int *m, int *d);
int demo_weekday(int32_t days); /* 0 Monday .. 6 Sunday */
/* A public holiday in North Rhine-Westphalia (New Year, Good Friday, Easter
 * Monday, 1 May, Ascension, Whit Monday, Corpus Christi, 3 October,
 * All Saints, Christmas). */
bool demo_holiday(int32_t days);

/* ------------------------------------------------------------ ids and streams */

/* What an id is of: the fourth byte of every demo id. */
enum demo_kind {
    DK_BULLETIN = 1,
    DK_CONTACT,
    DK_OFFER,
    DK_COMPANY,
    DK_OBSTACLE,
    DK_INQUIRY,
    DK_ACTIVITY,
    DK_NOTICE,
    DK_PARTICIPANT,
    DK_MEASURE,
    DK_PROGRESS,
    DK_PROCESS, /* the created_by of a demo process and its versions */
    DK_ADOPTION,
    DK_FEEDBACK, /* the updated_by of a region's demo feedback */
    DK_REVIEW,
};

/* The streams a region's choices come from (mixed into the region's key). */
enum demo_stream {
    ST_SIZES = 100,
    ST_PLACES,
    ST_CONTACT,
    ST_OFFER,
    ST_COMPANY,
    ST_COMPANY_NAME,
    ST_OBSTACLE,
    ST_DAYS,
    ST_INQUIRY,
    ST_ACTIVITY_DAYS,
    ST_ACTIVITY,
    ST_PERSON,
    ST_PARTICIPANTS,
    ST_BULLETIN,
    ST_READ,
    ST_MEASURE,
    ST_FAI_STAFF,
    ST_NOTICE,
    ST_COST_SPLIT,
    ST_LIBRARY, /* how much a region contributes and adopts, which themes */
    ST_PROCESS, /* a process's lifecycle and quality */
    ST_PROCESS_TEXT,
    ST_PROCESS_AUTHOR,
    ST_ADOPTION,
    ST_FEEDBACK,
    ST_REVIEW,
};

typedef struct demo_id {
    char s[37];
} demo_id;

void demo_id_make(demo_id *out, uint64_t key, unsigned kind, uint64_t index);
static inline void demo_out_id(demo_out *o, const demo_id *id)
{
    demo_out_text(o, id->s);
}
/* A generator for one thing: the key, a stream and an index. */
void demo_rand(lt_rand *r, uint64_t key, unsigned stream, uint64_t index);

/* ------------------------------------------------------------ words.c, texts.c */

typedef struct demo_weighted {
    const char *value;
    unsigned weight;
} demo_weighted;
const char *demo_pick(lt_rand *r, const demo_weighted *list, size_t n);
#define DEMO_PICK(r, list) demo_pick((r), (list), DEMO_N(list))
/* Picks from a plain list of strings. */
const char *demo_any(lt_rand *r, const char *const *list, size_t n);
#define DEMO_ANY(r, list) demo_any((r), (list), DEMO_N(list))

/* Lower-case ASCII for an email address: "Gül Öztürk" -> "guel", "oeztuerk". */
void demo_ascii(char *out, size_t cap, const char *name);

extern const char *const demo_first_names[];
extern const size_t demo_n_first_names;
extern const char *const demo_last_names_de[];
extern const size_t demo_n_last_names_de;
extern const char *const demo_last_names_intl[];
extern const size_t demo_n_last_names_intl;
extern const char *const demo_company_words[];
extern const size_t demo_n_company_words;

/* A first and a last name from the lists; German last names twice as often. */
void demo_person_name(lt_rand *r, const char **first, const char **last);

/* The inquiry topics (sql/0012 inquiries.topics), in the order the CHECK lists them. */
#define DEMO_N_TOPICS 10
extern const char *const demo_topics[DEMO_N_TOPICS];
extern const unsigned demo_topic_weights[DEMO_N_TOPICS];

extern const demo_weighted demo_sectors[];
extern const size_t demo_n_sectors;
extern const demo_weighted demo_size_classes[];
extern const size_t demo_n_size_classes;
extern const demo_weighted demo_countries[];
extern const size_t demo_n_countries;

/* A company name for the sector ("Q") and size class, with place as "{P}". */
void demo_company_name(lt_rand *r, char sector, const char *size_class, const char *place,
                       char *out, size_t cap);
/* An occupation typical of the sector, or "" sometimes. */
const char *demo_occupation(lt_rand *r, char sector);

/* The catalogue of obstacles; a region has a subset. */
typedef struct demo_obstacle_text {
    const char *title, *category, *description, *proposal, *level, *severity;
    unsigned weight;
    int trend; /* -1 fading, 0 steady, +1 growing over the years */
} demo_obstacle_text;
extern const demo_obstacle_text demo_obstacle_texts[];
extern const size_t demo_n_obstacle_texts;
/* The obstacle categories an inquiry with this topic (index) may meet. */
unsigned demo_topic_obstacle_categories(size_t topic);
/* The bit of an obstacle category in that mask. */
unsigned demo_obstacle_category_bit(const char *category);

typedef struct demo_activity_text {
    const char *kind, *title, *description;
    const char *topics[3];
} demo_activity_text;
extern const demo_activity_text demo_activity_texts[];
extern const size_t demo_n_activity_texts;

typedef struct demo_bulletin_text {
    const char *topic, *title, *body;
    const char *refs[3];
    bool effective; /* a law change with a date it takes effect */
} demo_bulletin_text;
extern const demo_bulletin_text demo_bulletin_texts[];
extern const size_t demo_n_bulletin_texts;

typedef struct demo_offer_text {
    const char *provider, *title, *provider_name, *path;
    const char *topics[4];
    const char *contact_function;
} demo_offer_text;
extern const demo_offer_text demo_offer_texts[];
extern const size_t demo_n_offer_texts;

typedef struct demo_measure_text {
    const char *category, *title, *description;
} demo_measure_text;
extern const demo_measure_text demo_measure_texts[];
extern const size_t demo_n_measure_texts;
/* A progress note for a measure of the category; last: the note that closes it. */
const char *demo_progress_note(lt_rand *r, const char *category, const char *status, bool last);

extern const char *const demo_inquiry_notes[];
extern const size_t demo_n_inquiry_notes;
extern const char *const demo_late_reasons[];
extern const size_t demo_n_late_reasons;
extern const char *const demo_institutions[]; /* "Agentur für Arbeit %s" etc. */
extern const size_t demo_n_institutions;

/* The model processes (process_texts.c). */
/* Lists of texts are written "a|b|c" ("" none), which keeps the tables
 * below one entry to a few lines. */
typedef struct demo_step_text {
    const char *id, *phase, *actor;
    short duration; /* typical days */
    const char *title, *description;
    const char *documents, *checklist; /* "a|b" */
    const char *link_title, *link_url; /* or NULL */
} demo_step_text;
extern const demo_step_text demo_step_texts[];
extern const size_t demo_n_step_texts;

typedef struct demo_process_theme {
    const char *slug;  /* part of the key */
    const char *name;  /* "{F}": one of focus */
    const char *focus; /* three, "a|b|c" */
    const char *description;
    const char *target_groups, *legal_basis, *tags; /* "a|b" */
    /* the steps, each after its predecessors: "id: pred pred; ..."; "?id" a
     * step some regions leave out */
    const char *flow;
} demo_process_theme;
extern const demo_process_theme demo_process_themes[];
extern const size_t demo_n_process_themes;

typedef struct demo_feedback_text {
    unsigned rating;
    const char *comment;
} demo_feedback_text;
extern const demo_feedback_text demo_feedback_texts[];
extern const size_t demo_n_feedback_texts;

/* "{R}" the region's name, "{P}" its first place. */
extern const char *const demo_process_region_notes[];
extern const size_t demo_n_process_region_notes;
extern const char *const demo_process_adaptation_notes[];
extern const size_t demo_n_process_adaptation_notes;
extern const char *const demo_process_version_notes[];
extern const size_t demo_n_process_version_notes;
extern const char *const demo_review_comments[];
extern const size_t demo_n_review_comments;
extern const char *const demo_review_returns[];
extern const size_t demo_n_review_returns;
extern const char *const demo_review_approvals[];
extern const size_t demo_n_review_approvals;
extern const char *const demo_review_deactivations[];
extern const size_t demo_n_review_deactivations;

/* ------------------------------------------------------------ the plan (demo.c) */

typedef struct demo_offer {
    int text;        /* index into demo_offer_texts */
    int contact;     /* index into the region's contacts, or -1 */
    unsigned topics; /* bit i: demo_topics[i] */
    bool published;
} demo_offer;

typedef struct demo_contact {
    int32_t created;
    int32_t consent_on;   /* DEMO_NO_DATE: none */
    int32_t withdrawn_on; /* DEMO_NO_DATE: not withdrawn */
    int offer;            /* the offer it is the contact of, or -1 */
    const char *role;
} demo_contact;

typedef struct demo_obstacle {
    int text;
    int32_t created;
} demo_obstacle;

typedef struct demo_activity {
    int32_t starts, ends, created; /* ends: DEMO_NO_DATE for one day */
    int32_t notice_sent;           /* DEMO_NO_DATE: no notice */
    int32_t created_seconds;
    short text;
    short participants; /* how many took part (joint events that are over) */
    bool joint, high_profile, statewide, speaker;
} demo_activity;

typedef struct demo_region_plan {
    const lt_demo_region *region;
    uint64_t key;
    long n_inquiries, n_companies, n_companies_known, n_people;
    double volume;             /* the scale times the region's share: 1 is 2,000 inquiries */
    const char *locations[16]; /* the areas, without remarks in brackets */
    int n_locations;
    const char *places[16]; /* the areas that are towns: usable in a company name */
    int n_places;
    const char *location_place[16]; /* the place of each location, or NULL */
    demo_offer *offers;
    int n_offers;
    demo_contact *contacts;
    int n_contacts;
    demo_obstacle *obstacles;
    int n_obstacles;
    demo_activity *activities;
    long n_activities;
    int measure_texts[4]; /* the region's own demo measures */
    int n_measures;
    int n_library, n_adopted, n_rated; /* its processes, adoptions, feedback so far: ids */
} demo_region_plan;

typedef struct demo_bulletin {
    int32_t day;
    int text;
} demo_bulletin;

/* ------------------------------------------------------------ the library (library.c) */

/* Points in time are seconds since 1970-01-01 UTC, whole seconds as the
 * library writes them; 0 is "never". */
typedef struct demo_process_version {
    int64_t created, submitted, returned, resubmitted, approved, published, deactivated, updated;
    const char *status; /* as the record says: draft, in_progress, approved, inactive */
    char *record;       /* process.json, compact */
    int number;         /* the version's number */
} demo_process_version;

typedef struct demo_process {
    int owner;        /* index into plans; -1: a published process that is not demo data */
    int serial;       /* the owner's count of its processes: ids */
    int theme;        /* index into demo_process_themes; -1 when adapted or not demo */
    int source;       /* adapted: the index of the process it came from, else -1 */
    unsigned quality; /* 1 to 5: how well it serves others (adoptions, ratings) */
    int n_versions;   /* 1 or 2 */
    demo_process_version v[2];
    char key[65];
    demo_id creator;
    const lt_demo_library *external; /* owner -1: what the caller said of it */
} demo_process;

typedef struct demo_adoption {
    int region, process, version; /* version: 1-based */
    int adapted;                  /* the process made by adapting it, or -1 */
    int serial;
    int64_t at;
} demo_adoption;

typedef struct demo_feedback {
    int region, process, version;
    unsigned rating, revision;
    const char *comment;
    int serial;
    int64_t created, updated;
} demo_feedback;

struct lt_demo {
    lt_demo_params p;
    int32_t first; /* first day of the data */
    long n_days;   /* until - first + 1 */
    int years;
    uint64_t key; /* the seed's key for what belongs to no region */
    demo_region_plan *plans;
    size_t n_plans;
    demo_bulletin *bulletins;
    long n_bulletins;
    demo_process *processes; /* the demo processes, then those adopted that are not */
    int n_processes;
    demo_adoption *adoptions;
    int n_adoptions;
    demo_feedback *feedback;
    int n_feedback;
    lt_arena *arena; /* the plans */
};

/* The company of a region: its size class and sector (cheap), and the rest. */
typedef struct demo_company {
    demo_id id;
    int32_t intro; /* the day it came into the records */
    const char *size_class;
    char sector;
    const char *location;
    int location_index;
    char name[160];
} demo_company;
void demo_company_traits(const lt_demo *d, const demo_region_plan *g, long i, demo_company *c);
void demo_company_full(const lt_demo *d, const demo_region_plan *g, long i, demo_company *c);
/* How many companies came into the records on or before day (the companies
 * come in index order). */
long demo_companies_known_by(const lt_demo *d, const demo_region_plan *g, int32_t day);

/* A person of the region's pool (participants, contacts): the same index, the
 * same person, with an address unique in the region. */
typedef struct demo_person {
    char name[120];
    char email[160]; /* "" for the few without an address */
} demo_person;
void demo_person_make(const demo_region_plan *g, unsigned stream, long i, demo_person *p);
/* A fixed FAI staff member (who acknowledges notices). */
void demo_fai_staff(const lt_demo *d, int i, char *name, size_t cap);

/* The writers (employers.c, activities.c, network.c). */
void demo_write_companies(lt_demo *d, demo_out *o);
void demo_write_obstacles(lt_demo *d, demo_out *o);
void demo_write_inquiries(lt_demo *d, demo_out *o, bool links);
void demo_write_activities(lt_demo *d, demo_out *o);
void demo_write_notices(lt_demo *d, demo_out *o);
void demo_write_cost_splits(lt_demo *d, demo_out *o);
void demo_write_participants(lt_demo *d, demo_out *o);
void demo_write_bulletins(lt_demo *d, demo_out *o);
void demo_write_bulletin_reads(lt_demo *d, demo_out *o);
void demo_write_contacts(lt_demo *d, demo_out *o);
void demo_write_offers(lt_demo *d, demo_out *o);
void demo_write_measures(lt_demo *d, demo_out *o, lt_demo_table t);
void demo_write_library(lt_demo *d, demo_out *o, lt_demo_table t);

/* The processes, adoptions and feedback (library.c), called by lt_demo_create
 * after the regions' plans. */
void demo_plan_library(lt_demo *d);

/* The records (process_records.c), new references: version 1 of the region's
 * own process p (repeat: how many of its theme the region made before), its
 * version 2 revised from first, and the copy p region g makes of from (of
 * from_region's). The dates and status come from p's versions, which must be
 * planned. */
json_t *demo_record_own(const demo_region_plan *g, const demo_process *p, int repeat);
json_t *demo_record_next(const demo_region_plan *g, const demo_process *p, json_t *first);
json_t *demo_record_adapted(const demo_region_plan *g, const demo_process *p, json_t *from,
                            const demo_region_plan *from_region); /* NULL: not demo data */
/* "2026-03-02T10:15:00Z" (lotse.utc) as seconds since 1970-01-01. */
bool demo_utc_parse(const char *text, int64_t *t);

/* Plans of activities (activities.c), called by lt_demo_create. */
void demo_plan_activities(lt_demo *d, demo_region_plan *g);
/* Contacts and offers (network.c), called by lt_demo_create. */
void demo_plan_network(lt_demo *d, demo_region_plan *g);

#endif
