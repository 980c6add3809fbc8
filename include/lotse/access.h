/*
 * access.h - who the caller is, and the one place that decides what they may do.
 *
 * Every route declares the action it needs (router.h); lt_access_allows is the
 * only function that turns (caller, action, region) into allow or deny. The
 * database enforces the same boundary again with row-level security, from the
 * settings lt_identity_settings produces, so either alone stops a cross-region
 * read.
 */
#ifndef LOTSE_ACCESS_H
#define LOTSE_ACCESS_H

#include "lotse/arena.h"

#include <stdbool.h>
#include <stddef.h>

/* Global roles (a bit each). */
enum {
    LT_ROLE_FAI_STAFF = 1u << 0,
    LT_ROLE_FAI_ESF = 1u << 1,
    LT_ROLE_FAI_LEAD = 1u << 2,
    LT_ROLE_ADMIN = 1u << 3,
};

/* Roles within one region. */
enum {
    LT_MEMBER_COORDINATOR = 1u << 0,
    LT_MEMBER_VIEWER = 1u << 1,
};

typedef struct lt_membership {
    int region_id;
    const char *slug;
    unsigned roles; /* LT_MEMBER_* */
} lt_membership;

/* The caller of one request; strings in the request arena. An anonymous caller
 * has user_id NULL and nothing else. */
typedef struct lt_identity {
    const char *user_id; /* uuid text */
    const char *email;
    const char *display_name;
    unsigned roles; /* LT_ROLE_* */
    lt_membership *memberships;
    size_t nmemberships;
    const char *csrf_token;
    const unsigned char *session_hash; /* 32 bytes: SHA-256 of the session token */
} lt_identity;

/*
 * What a route may need. LT_ACT_NONE is not an action: a route table that
 * contains it is refused at start (lt_access_check_routes).
 */
typedef enum lt_action {
    LT_ACT_NONE = 0,
    LT_ACT_PUBLIC,             /* anyone, no session looked up */
    LT_ACT_SIGNED_IN,          /* any signed-in user, about themselves */
    LT_ACT_USERS_MANAGE,       /* admin: accounts, roles, memberships */
    LT_ACT_AUDIT_READ_ALL,     /* admin: the whole audit log */
    LT_ACT_REGION_READ,        /* a member of the region (coordinator or viewer) */
    LT_ACT_REGION_WRITE,       /* a coordinator of the region */
    LT_ACT_REGION_AUDIT,       /* a coordinator of the region, or admin: its audit log */
    LT_ACT_BULLETINS_PUBLISH,  /* fai_staff or fai_lead: publish and correct bulletins */
    LT_ACT_BULLETINS_READ,     /* any signed-in user: read the FAI's bulletins */
    LT_ACT_NOTICE_ACKNOWLEDGE, /* the partner of a region's notice: fai_staff or fai_lead,
                                  or the region's coordinator recording it for them */
    LT_ACT_NOTICES_INBOX,      /* fai_staff or fai_lead: the notices of every region */
    /* The region's employer records (agreement §5: company data is confidential): never
     * anyone holding fai_lead, whatever else they hold (sql/0012_inquiries.sql). */
    LT_ACT_EMPLOYER_READ,      /* a member of the region: companies, obstacles */
    LT_ACT_EMPLOYER_WRITE,     /* a coordinator of the region: companies, obstacles, removing
                                  an inquiry */
    LT_ACT_INQUIRY_READ,       /* a member, or fai_staff (the handler and RLS narrow them to
                                  the inquiries received by the FAI) */
    LT_ACT_INQUIRY_LOG,        /* a coordinator, or fai_staff logging an inquiry that reached
                                  the FAI (received_by 'fai' is then forced) */
    LT_ACT_INQUIRY_CHANGE,     /* a coordinator, or fai_staff (inquiries received by the FAI) */
    LT_ACT_PARTICIPANTS_READ,  /* a member of the region, or fai_esf (the FAI's ESF+ evidence,
                                  agreement §5): a joint event's participants */
    LT_ACT_PARTICIPANTS_WRITE, /* a coordinator of the region: a joint event's participants */
    LT_ACT_DATA_SUBJECTS,      /* admin: export or erase what is stored about one person */
    LT_ACT_LIBRARY_READ,       /* any signed-in user: the library of model processes (row-level
                                  security shows published versions, and drafts to their own) */
    LT_ACT_LIBRARY_AUTHOR,     /* fai_staff: draft and submit the FAI's own model processes */
    LT_ACT_LIBRARY_REVIEW,     /* fai_staff: return a submitted version or approve it */
    LT_ACT_LIBRARY_COMMENT,    /* fai_staff or fai_lead: comment on versions under review */
    LT_ACT_LIBRARY_PUBLISH, /* fai_lead: publish an approved version, deactivate a published one */
    LT_ACT_DASHBOARDS,      /* fai_staff or fai_lead (every region), or a member of a region
                               (their own in full, the state protected): dashboards.h */
    LT_ACT_POLICY_REPORT,   /* fai_staff or fai_lead: the report to the ministry */
    LT_ACT__COUNT
} lt_action;

/* True when the action needs a region ({region} in the route pattern). */
bool lt_action_is_regional(lt_action action);
/* True when the action needs a signed-in caller (everything but PUBLIC). */
bool lt_action_needs_session(lt_action action);
/* True when the action reaches personal data whose every refused attempt is audited
 * (authorize.c keeps that audit entry with the refusal). */
bool lt_action_guards_personal_data(lt_action action);

/* The decision. region_id is the region the request addresses, or 0 for none. */
bool lt_access_allows(const lt_identity *who, lt_action action, int region_id);

/* Names as stored in the database ("admin", "coordinator"...) to bits; 0 when unknown. */
unsigned lt_role_from_name(const char *name);
unsigned lt_member_role_from_name(const char *name);

/*
 * The transaction-local settings row-level security reads: roles as
 * "fai_lead,admin", readable and writable regions as "{1,4}" literals.
 * Strings in arena a.
 */
void lt_identity_settings(lt_arena *a, const lt_identity *who, const char **roles,
                          const char **read_regions, const char **write_regions);

#endif
