/*
 * test_access_matrix.c - every route x every kind of caller.
 *
 * The matrix below states, for each route of the API, the status each kind of
 * caller must get, written out by hand (not derived from the policy code it
 * checks). A route of lt_api_routes without a row here fails the test: a new
 * route is added to the matrix in the same commit, in this one place.
 *
 * Region A is where the region-bound requests go; "own" callers are members of
 * A, "other" callers are members of region B only. Every answer is also searched
 * for the marker of an audit entry the caller must not see: a coordinator of A
 * never sees B's marker, a member of B never sees A's, and only the
 * administrator sees both.
 */
#include "harness.h"
#include "lotse/api.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define REGION_A "bonn-rhein-sieg"
#define REGION_B "aachen"

enum caller {
    ANON,
    COORD_OWN,
    COORD_OTHER,
    VIEWER_OWN,
    VIEWER_OTHER,
    FAI_STAFF,
    FAI_ESF,
    FAI_LEAD,
    ADMIN,
    NCALLERS
};

static const char *const caller_names[NCALLERS] = {
    "anonymous", "coordinator of A", "coordinator of B", "viewer of A", "viewer of B",
    "fai_staff", "fai_esf",          "fai_lead",         "admin",
};

/* A valid process record with the given key (library routes). */
#define LIBRARY_RECORD(key)                                                                        \
    "{\"key\": \"" key "\", \"name\": \"Matrix\", \"target_groups\": [\"other\"],"                 \
    " \"level\": \"local\", \"authors\": [{\"name\": \"Matrix\"}], \"steps\": [{\"id\": \"a\","    \
    " \"phase\": \"arrival\", \"title\": \"Matrix\", \"actor\": \"other\"}]}"

/* {region} -> REGION_A, {id} -> the target user's id, {n} -> a fresh number. */
static const struct row {
    const char *method, *pattern, *uri, *body;
    int expect[NCALLERS];
} matrix[] = {
    /* anon  cA   cB   vA   vB   staff esf  lead admin */
    {"GET", "/healthz", "/healthz", NULL, {200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET", "/readyz", "/readyz", NULL, {200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET", "/metrics", "/metrics", NULL, {200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",
     "/api/v1/code-lists",
     "/api/v1/code-lists",
     NULL,
     {200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",
     "/api/v1/library/signing-key",
     "/api/v1/library/signing-key",
     NULL,
     {200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",
     "/api/v1/regions",
     "/api/v1/regions",
     NULL,
     {200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET",
     "/api/v1/regions/{slug}",
     "/api/v1/regions/{region}",
     NULL,
     {200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"POST",
     "/api/v1/regions/lookup",
     "/api/v1/regions/lookup",
     "{\"places\": [\"Bonn\"]}",
     {200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"POST",
     "/api/v1/session",
     "/api/v1/session",
     "{}",
     {400, 400, 400, 400, 400, 400, 400, 400, 400}},
    {"GET", "/api/v1/me", "/api/v1/me", NULL, {401, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"PUT",
     "/api/v1/me/password",
     "/api/v1/me/password",
     "{\"current_password\": \"not-the-password-{n}\", \"new_password\": \"a-new-password-{n}\"}",
     {401, 400, 400, 400, 400, 400, 400, 400, 400}},
    {"GET", "/api/v1/users", "/api/v1/users", NULL, {401, 403, 403, 403, 403, 403, 403, 403, 200}},
    {"POST",
     "/api/v1/users",
     "/api/v1/users",
     "{\"email\": \"created-{n}@test.example\", \"display_name\": \"Matrix {n}\","
     " \"password\": \"matrix-password-{n}\"}",
     {401, 403, 403, 403, 403, 403, 403, 403, 201}},
    {"GET",
     "/api/v1/users/{id}",
     "/api/v1/users/{id}",
     NULL,
     {401, 403, 403, 403, 403, 403, 403, 403, 200}},
    {"PATCH",
     "/api/v1/users/{id}",
     "/api/v1/users/{id}",
     "{\"display_name\": \"Matrix {n}\"}",
     {401, 403, 403, 403, 403, 403, 403, 403, 200}},
    {"POST",
     "/api/v1/users/{id}/grants",
     "/api/v1/users/{id}/grants",
     "{\"role\": \"region_viewer\", \"region\": \"{region}\"}",
     {401, 403, 403, 403, 403, 403, 403, 403, 200}},
    /* after the row above: the admin's grant exists, so the admin's revoke finds it */
    {"DELETE",
     "/api/v1/users/{id}/grants",
     "/api/v1/users/{id}/grants?role=region_viewer&region={region}",
     NULL,
     {401, 403, 403, 403, 403, 403, 403, 403, 200}},
    {"GET", "/api/v1/audit", "/api/v1/audit", NULL, {401, 403, 403, 403, 403, 403, 403, 403, 200}},
    /* clang-format off */
    {"GET", "/api/v1/regions/{region}/audit", "/api/v1/regions/{region}/audit", NULL,
     {401, 200, 404, 403, 404, 404, 404, 404, 200}},
    {"GET", "/api/v1/regions/{region}/measures", "/api/v1/regions/{region}/measures", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/measures", "/api/v1/regions/{region}/measures",
     "{\"title\": \"Matrix {n}\", \"category\": \"other\"}",
     {401, 201, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/measures/{id}", "/api/v1/regions/{region}/measures/{measure}",
     NULL, {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    /* without If-Match: those who may change it are told to send one (428) */
    {"PATCH", "/api/v1/regions/{region}/measures/{id}",
     "/api/v1/regions/{region}/measures/{measure}", "{\"status\": \"done\"}",
     {401, 428, 404, 403, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/measures/{id}/progress",
     "/api/v1/regions/{region}/measures/{measure}/progress",
     "{\"noted_on\": \"2026-01-15\", \"note\": \"Matrix {n}\"}",
     {401, 201, 404, 403, 404, 404, 404, 404, 404}},
    /* last of the measure rows: the coordinator's delete removes it */
    {"DELETE", "/api/v1/regions/{region}/measures/{id}",
     "/api/v1/regions/{region}/measures/{measure}", NULL,
     {401, 204, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/profile", "/api/v1/regions/{region}/profile", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    /* without If-Match: the coordinator is told to send one (428) */
    {"PUT", "/api/v1/regions/{region}/profile", "/api/v1/regions/{region}/profile",
     "{\"strengths\": [\"Matrix {n}\"], \"challenges\": [], \"challenges_note\": \"\","
     " \"existing_structures\": [], \"support_needs\": []}",
     {401, 428, 404, 403, 404, 404, 404, 404, 404}},
    /* bulletins: global; FAI staff and lead publish, every region member marks read */
    {"GET", "/api/v1/bulletins", "/api/v1/bulletins", NULL,
     {401, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"POST", "/api/v1/bulletins", "/api/v1/bulletins",
     "{\"title\": \"Matrix {n}\", \"topic\": \"news\", \"body\": \"Matrix {n}\"}",
     {401, 403, 403, 403, 403, 201, 403, 201, 403}},
    {"GET", "/api/v1/bulletins/{id}", "/api/v1/bulletins/{bulletin}", NULL,
     {401, 200, 200, 200, 200, 200, 200, 200, 200}},
    /* without If-Match: those who may correct it are told to send one (428) */
    {"PATCH", "/api/v1/bulletins/{id}", "/api/v1/bulletins/{bulletin}",
     "{\"title\": \"Matrix {n}\"}",
     {401, 403, 403, 403, 403, 428, 403, 428, 403}},
    {"PUT", "/api/v1/regions/{region}/bulletins/{id}/read",
     "/api/v1/regions/{region}/bulletins/{bulletin}/read", NULL,
     {401, 204, 404, 204, 404, 404, 404, 404, 404}},
    /* activities (agreement §4.1) and the notices of high-profile ones (§4) */
    {"GET", "/api/v1/regions/{region}/activities", "/api/v1/regions/{region}/activities", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/activities", "/api/v1/regions/{region}/activities",
     "{\"title\": \"Matrix {n}\", \"kind\": \"event\", \"starts_on\": \"2026-06-01\","
     " \"high_profile\": true}",
     {401, 201, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/activities/{id}",
     "/api/v1/regions/{region}/activities/{activity}", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    /* without If-Match: the coordinator is told to send one (428) */
    {"PATCH", "/api/v1/regions/{region}/activities/{id}",
     "/api/v1/regions/{region}/activities/{activity}", "{\"title\": \"Matrix {n}\"}",
     {401, 428, 404, 403, 404, 404, 404, 404, 404}},
    /* a joint event's cost split (§6) and participants (§5); {joint_event} took place on
     * {day}, has a split and the participant {participant}. fai_esf reads participants of
     * every region; fai_lead and fai_staff get what a non-member gets (404), audited */
    {"GET", "/api/v1/regions/{region}/activities/{id}/cost-split",
     "/api/v1/regions/{region}/activities/{joint_event}/cost-split", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    /* a split exists: without If-Match the coordinator is told to send one (428) */
    {"PUT", "/api/v1/regions/{region}/activities/{id}/cost-split",
     "/api/v1/regions/{region}/activities/{joint_event}/cost-split",
     "{\"estimated_cost_cents\": 100000, \"region_share_basis_points\": 5000,"
     " \"fai_share_basis_points\": 5000, \"agreed_on\": \"{day}\"}",
     {401, 428, 404, 403, 404, 404, 404, 404, 404}},
    {"DELETE", "/api/v1/regions/{region}/activities/{id}/cost-split",
     "/api/v1/regions/{region}/activities/{joint_event}/cost-split", NULL,
     {401, 204, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/activities/{id}/participants",
     "/api/v1/regions/{region}/activities/{joint_event}/participants", NULL,
     {401, 200, 404, 200, 404, 404, 200, 404, 404}},
    {"POST", "/api/v1/regions/{region}/activities/{id}/participants",
     "/api/v1/regions/{region}/activities/{joint_event}/participants",
     "{\"name\": \"Matrix {n}\", \"email\": \"p-{n}@test.example\", \"participated_on\":"
     " \"{day}\", \"attendance_confirmed_by\": \"signature\", \"information_given_on\":"
     " \"{day}\", \"information_how\": \"email\", \"esf_reporting_consent\": true}",
     {401, 201, 404, 403, 404, 404, 403, 404, 404}},
    /* CSV imports: the matrix sends JSON, which an import refuses with 415 once the
     * caller is let through; test_imports.c imports real files */
    {"POST", "/api/v1/regions/{region}/imports/participants",
     "/api/v1/regions/{region}/imports/participants?activity={joint_event}", "{}",
     {401, 415, 404, 403, 404, 404, 403, 404, 404}},
    {"POST", "/api/v1/regions/{region}/imports/inquiries",
     "/api/v1/regions/{region}/imports/inquiries", "{}",
     {401, 415, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/activities/{id}/participants/{pid}",
     "/api/v1/regions/{region}/activities/{joint_event}/participants/{participant}", NULL,
     {401, 200, 404, 200, 404, 404, 200, 404, 404}},
    /* without If-Match: the coordinator is told to send one (428) */
    {"PATCH", "/api/v1/regions/{region}/activities/{id}/participants/{pid}",
     "/api/v1/regions/{region}/activities/{joint_event}/participants/{participant}",
     "{\"organisation\": \"Matrix {n}\"}", {401, 428, 404, 403, 404, 404, 403, 404, 404}},
    /* last of the participant rows: the coordinator's delete removes it */
    {"DELETE", "/api/v1/regions/{region}/activities/{id}/participants/{pid}",
     "/api/v1/regions/{region}/activities/{joint_event}/participants/{participant}", NULL,
     {401, 204, 404, 403, 404, 404, 403, 404, 404}},
    {"GET", "/api/v1/regions/{region}/notices", "/api/v1/regions/{region}/notices", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/notices", "/api/v1/notices", NULL,
     {401, 403, 403, 403, 403, 200, 403, 200, 403}},
    {"PUT", "/api/v1/regions/{region}/notices/{id}/acknowledgement",
     "/api/v1/regions/{region}/notices/{notice}/acknowledgement",
     "{\"acknowledged_by_name\": \"Matrix {n}\"}",
     {401, 200, 404, 403, 404, 200, 404, 200, 404}},
    /* last of the activity rows: the coordinator's delete removes it and its notice */
    {"DELETE", "/api/v1/regions/{region}/activities/{id}",
     "/api/v1/regions/{region}/activities/{activity}", NULL,
     {401, 204, 404, 403, 404, 404, 404, 404, 404}},
    /* the agreement (§4, §4.3) and its amendments; {amendment} is a proposed one of A */
    {"GET", "/api/v1/regions/{region}/agreement", "/api/v1/regions/{region}/agreement", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/agreement/history",
     "/api/v1/regions/{region}/agreement/history", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    /* without If-Match: the coordinator is told to send one (428); nothing changes */
    {"PUT", "/api/v1/regions/{region}/agreement/signatures/{party}",
     "/api/v1/regions/{region}/agreement/signatures/mags",
     "{\"signatory_name\": \"Matrix {n}\", \"signatory_function\": \"Matrix\","
     " \"signed_on\": \"2025-10-15\"}",
     {401, 428, 404, 403, 404, 404, 404, 404, 404}},
    {"PUT", "/api/v1/regions/{region}/agreement/termination",
     "/api/v1/regions/{region}/agreement/termination",
     "{\"document_ref\": \"Matrix {n}\", \"signed_on\": \"2026-06-30\"}",
     {401, 428, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/agreement/amendments",
     "/api/v1/regions/{region}/agreement/amendments", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/agreement/amendments",
     "/api/v1/regions/{region}/agreement/amendments",
     "{\"section\": \"finances\", \"proposed_text\": \"Matrix {n}\", \"reason\": \"Matrix\"}",
     {401, 201, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/agreement/amendments/{id}",
     "/api/v1/regions/{region}/agreement/amendments/{amendment}", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/agreement/amendments/{id}/decision",
     "/api/v1/regions/{region}/agreement/amendments/{amendment}/decision",
     "{\"decision\": \"agree\"}",
     {401, 428, 404, 403, 404, 404, 404, 404, 404}},
    /* offers and contacts with consent (agreement §4.1, §4.2); {contact} has consented
     * and {offer} names it */
    {"GET", "/api/v1/regions/{region}/contacts", "/api/v1/regions/{region}/contacts", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/contacts", "/api/v1/regions/{region}/contacts",
     "{\"name\": \"Matrix {n}\", \"role\": \"offer_contact\"}",
     {401, 201, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/contacts/{id}",
     "/api/v1/regions/{region}/contacts/{contact}", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    /* without If-Match: the coordinator is told to send one (428) */
    {"PATCH", "/api/v1/regions/{region}/contacts/{id}",
     "/api/v1/regions/{region}/contacts/{contact}", "{\"name\": \"Matrix {n}\"}",
     {401, 428, 404, 403, 404, 404, 404, 404, 404}},
    {"PUT", "/api/v1/regions/{region}/contacts/{id}/consent",
     "/api/v1/regions/{region}/contacts/{contact}/consent",
     "{\"given_by\": \"Matrix {n}\", \"how\": \"written\"}",
     {401, 200, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/offers", "/api/v1/regions/{region}/offers", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/offers", "/api/v1/regions/{region}/offers",
     "{\"title\": \"Matrix {n}\", \"provider\": \"ihk\","
     " \"url\": \"https://example.org/{n}\"}",
     {401, 201, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/offers/{id}", "/api/v1/regions/{region}/offers/{offer}",
     NULL, {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    /* without If-Match: the coordinator is told to send one (428) */
    {"PATCH", "/api/v1/regions/{region}/offers/{id}", "/api/v1/regions/{region}/offers/{offer}",
     "{\"title\": \"Matrix {n}\"}", {401, 428, 404, 403, 404, 404, 404, 404, 404}},
    {"PUT", "/api/v1/regions/{region}/offers/{id}/publication",
     "/api/v1/regions/{region}/offers/{offer}/publication", NULL,
     {401, 200, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/public/offers", "/api/v1/public/offers", NULL,
     {200, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"DELETE", "/api/v1/regions/{region}/offers/{id}/publication",
     "/api/v1/regions/{region}/offers/{offer}/publication", NULL,
     {401, 200, 404, 403, 404, 404, 404, 404, 404}},
    {"DELETE", "/api/v1/regions/{region}/contacts/{id}/consent",
     "/api/v1/regions/{region}/contacts/{contact}/consent", NULL,
     {401, 200, 404, 403, 404, 404, 404, 404, 404}},
    /* last of the offer and contact rows: the coordinator's deletes remove them */
    {"DELETE", "/api/v1/regions/{region}/offers/{id}", "/api/v1/regions/{region}/offers/{offer}",
     NULL, {401, 204, 404, 403, 404, 404, 404, 404, 404}},
    {"DELETE", "/api/v1/regions/{region}/contacts/{id}",
     "/api/v1/regions/{region}/contacts/{contact}", NULL,
     {401, 204, 404, 403, 404, 404, 404, 404, 404}},
    /* employer inquiries (agreement §4), their companies (confidential, §5) and obstacles:
     * never FAI leadership; FAI staff log inquiries and reach those the FAI received
     * ({inquiry} is one, naming {company} and meeting {obstacle}) */
    {"GET", "/api/v1/regions/{region}/companies", "/api/v1/regions/{region}/companies", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/companies", "/api/v1/regions/{region}/companies",
     "{\"name\": \"Matrix {n}\", \"size_class\": \"small\", \"sector\": \"C\"}",
     {401, 201, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/companies/{id}",
     "/api/v1/regions/{region}/companies/{company}", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    /* without If-Match: the coordinator is told to send one (428) */
    {"PATCH", "/api/v1/regions/{region}/companies/{id}",
     "/api/v1/regions/{region}/companies/{company}", "{\"name\": \"Matrix {n}\"}",
     {401, 428, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/obstacles", "/api/v1/regions/{region}/obstacles", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/obstacles", "/api/v1/regions/{region}/obstacles",
     "{\"title\": \"Matrix {n}\", \"category\": \"costs\", \"description\": \"Matrix\","
     " \"severity\": \"low\"}",
     {401, 201, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/obstacles/{id}",
     "/api/v1/regions/{region}/obstacles/{obstacle}", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    {"PATCH", "/api/v1/regions/{region}/obstacles/{id}",
     "/api/v1/regions/{region}/obstacles/{obstacle}", "{\"severity\": \"high\"}",
     {401, 428, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/inquiries", "/api/v1/regions/{region}/inquiries", NULL,
     {401, 200, 404, 200, 404, 200, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/inquiries", "/api/v1/regions/{region}/inquiries",
     "{\"received_on\": \"2026-01-15\", \"channel\": \"email\", \"occupation\": \"Matrix {n}\"}",
     {401, 201, 404, 403, 404, 201, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/inquiries/{id}",
     "/api/v1/regions/{region}/inquiries/{inquiry}", NULL,
     {401, 200, 404, 200, 404, 200, 404, 404, 404}},
    /* without If-Match: those who may change it are told to send one (428) */
    {"PATCH", "/api/v1/regions/{region}/inquiries/{id}",
     "/api/v1/regions/{region}/inquiries/{inquiry}", "{\"outcome\": \"advised\"}",
     {401, 428, 404, 403, 404, 428, 404, 404, 404}},
    /* last of these rows: the coordinator's deletes remove them */
    {"DELETE", "/api/v1/regions/{region}/inquiries/{id}",
     "/api/v1/regions/{region}/inquiries/{inquiry}", NULL,
     {401, 204, 404, 403, 404, 404, 404, 404, 404}},
    {"DELETE", "/api/v1/regions/{region}/obstacles/{id}",
     "/api/v1/regions/{region}/obstacles/{obstacle}", NULL,
     {401, 204, 404, 403, 404, 404, 404, 404, 404}},
    {"DELETE", "/api/v1/regions/{region}/companies/{id}",
     "/api/v1/regions/{region}/companies/{company}", NULL,
     {401, 204, 404, 403, 404, 404, 404, 404, 404}},
    /* data-subject requests (admin): {subject} is the email of a contact of A, whom the
     * administrator's erasure removes */
    {"GET", "/api/v1/data-subjects/{email}", "/api/v1/data-subjects/{subject}", NULL,
     {401, 403, 403, 403, 403, 403, 403, 403, 200}},
    {"DELETE", "/api/v1/data-subjects/{email}", "/api/v1/data-subjects/{subject}", NULL,
     {401, 403, 403, 403, 403, 403, 403, 403, 200}},
    /* the library of model processes (agreement §4): {lkey} is a published process of the
     * FAI, {fdraft} a draft of the FAI, {review} a version of A in review, {approve} one of
     * the FAI in review, {approved} one approved, {retire} one published, {adraft} a draft
     * of A and {apub} a published process of A */
    {"GET", "/api/v1/library/processes", "/api/v1/library/processes", NULL,
     {401, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"POST", "/api/v1/library/processes", "/api/v1/library/processes", LIBRARY_RECORD("matrix-{n}"),
     {401, 403, 403, 403, 403, 201, 403, 403, 403}},
    {"GET", "/api/v1/library/processes/{key}", "/api/v1/library/processes/{lkey}", NULL,
     {401, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"POST", "/api/v1/library/processes/{key}/versions",
     "/api/v1/library/processes/{lkey}/versions", NULL,
     {401, 403, 403, 403, 403, 201, 403, 403, 403}},
    {"GET", "/api/v1/library/processes/{key}/versions/{n}",
     "/api/v1/library/processes/{lkey}/versions/1", NULL,
     {401, 200, 200, 200, 200, 200, 200, 200, 200}},
    /* without If-Match: FAI staff, who may change the FAI's draft, are told to send one */
    {"PUT", "/api/v1/library/processes/{key}/versions/{n}",
     "/api/v1/library/processes/{fdraft}/versions/1", LIBRARY_RECORD("{fdraft}"),
     {401, 403, 403, 403, 403, 428, 403, 403, 403}},
    {"POST", "/api/v1/library/processes/{key}/versions/{n}/submit",
     "/api/v1/library/processes/{fdraft}/versions/1/submit", NULL,
     {401, 403, 403, 403, 403, 200, 403, 403, 403}},
    /* review comments: between the owner region and the FAI */
    {"GET", "/api/v1/library/processes/{key}/versions/{n}/comments",
     "/api/v1/library/processes/{review}/versions/1/comments", NULL,
     {401, 200, 404, 200, 404, 200, 404, 200, 404}},
    {"POST", "/api/v1/library/processes/{key}/versions/{n}/return",
     "/api/v1/library/processes/{review}/versions/1/return", "{\"comment\": \"Matrix {n}\"}",
     {401, 403, 403, 403, 403, 200, 403, 403, 403}},
    {"POST", "/api/v1/library/processes/{key}/versions/{n}/approve",
     "/api/v1/library/processes/{approve}/versions/1/approve", NULL,
     {401, 403, 403, 403, 403, 200, 403, 403, 403}},
    {"POST", "/api/v1/library/processes/{key}/versions/{n}/publish",
     "/api/v1/library/processes/{approved}/versions/1/publish", NULL,
     {401, 403, 403, 403, 403, 403, 403, 200, 403}},
    {"POST", "/api/v1/library/processes/{key}/versions/{n}/deactivate",
     "/api/v1/library/processes/{retire}/versions/1/deactivate", NULL,
     {401, 403, 403, 403, 403, 403, 403, 200, 403}},
    {"POST", "/api/v1/library/processes/{key}/versions/{n}/comments",
     "/api/v1/library/processes/{lkey}/versions/1/comments", "{\"comment\": \"Matrix {n}\"}",
     {401, 403, 403, 403, 403, 201, 403, 201, 403}},
    {"GET", "/api/v1/library/processes/{key}/versions/{n}/feedback",
     "/api/v1/library/processes/{lkey}/versions/1/feedback", NULL,
     {401, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET", "/api/v1/library/fai-processes", "/api/v1/library/fai-processes", NULL,
     {401, 403, 403, 403, 403, 200, 403, 200, 403}},
    {"GET", "/api/v1/library/reviews", "/api/v1/library/reviews", NULL,
     {401, 403, 403, 403, 403, 200, 403, 200, 403}},
    {"GET", "/api/v1/library/adoptions", "/api/v1/library/adoptions", NULL,
     {401, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET", "/api/v1/regions/{region}/library/processes",
     "/api/v1/regions/{region}/library/processes", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/library/processes",
     "/api/v1/regions/{region}/library/processes", LIBRARY_RECORD("matrix-a-{n}"),
     {401, 201, 404, 403, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/library/processes/{key}/versions",
     "/api/v1/regions/{region}/library/processes/{apub}/versions", NULL,
     {401, 201, 404, 403, 404, 404, 404, 404, 404}},
    /* without If-Match: the coordinator is told to send one (428) */
    {"PUT", "/api/v1/regions/{region}/library/processes/{key}/versions/{n}",
     "/api/v1/regions/{region}/library/processes/{adraft}/versions/1",
     LIBRARY_RECORD("{adraft}"), {401, 428, 404, 403, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/library/processes/{key}/versions/{n}/submit",
     "/api/v1/regions/{region}/library/processes/{adraft}/versions/1/submit", NULL,
     {401, 200, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/library/adoptions",
     "/api/v1/regions/{region}/library/adoptions", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/library/adoptions",
     "/api/v1/regions/{region}/library/adoptions",
     "{\"process\": \"{lkey}\", \"version\": 1, \"mode\": \"as_is\"}",
     {401, 201, 404, 403, 404, 404, 404, 404, 404}},
    {"PUT", "/api/v1/regions/{region}/library/feedback/{key}/versions/{n}",
     "/api/v1/regions/{region}/library/feedback/{lkey}/versions/1",
     "{\"rating\": 4, \"comment\": \"Matrix {n}\"}",
     {401, 201, 404, 403, 404, 404, 404, 404, 404}},
    {"GET", "/api/v1/regions/{region}/library/feedback/{key}/versions/{n}",
     "/api/v1/regions/{region}/library/feedback/{lkey}/versions/1", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    /* best-practice packages (docs/packages.md): {tkey} is a key A trusts; the matrix sends
     * JSON, which a package import refuses with 415 once the caller is let through */
    {"GET", "/api/v1/library/processes/{key}/versions/{n}/package",
     "/api/v1/library/processes/{lkey}/versions/1/package", NULL,
     {401, 200, 200, 200, 200, 200, 200, 200, 200}},
    {"GET", "/api/v1/regions/{region}/library/trusted-keys",
     "/api/v1/regions/{region}/library/trusted-keys", NULL,
     {401, 200, 404, 200, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/library/trusted-keys",
     "/api/v1/regions/{region}/library/trusted-keys",
     "{\"name\": \"Matrix {n}\", \"public_key\": \"not a key\"}",
     {401, 400, 404, 403, 404, 404, 404, 404, 404}},
    {"DELETE", "/api/v1/regions/{region}/library/trusted-keys/{fingerprint}",
     "/api/v1/regions/{region}/library/trusted-keys/{tkey}", NULL,
     {401, 204, 404, 403, 404, 404, 404, 404, 404}},
    {"POST", "/api/v1/regions/{region}/library/imports",
     "/api/v1/regions/{region}/library/imports", "{}",
     {401, 415, 404, 403, 404, 404, 404, 404, 404}},
    /* dashboards across regions: the FAI's staff and leadership see every region, a
     * member their own beside the state; the report to the ministry is the FAI's */
    {"GET", "/api/v1/dashboards/inquiries", "/api/v1/dashboards/inquiries", NULL,
     {401, 200, 200, 200, 200, 200, 403, 200, 403}},
    {"GET", "/api/v1/dashboards/activities", "/api/v1/dashboards/activities", NULL,
     {401, 200, 200, 200, 200, 200, 403, 200, 403}},
    {"GET", "/api/v1/dashboards/measures", "/api/v1/dashboards/measures", NULL,
     {401, 200, 200, 200, 200, 200, 403, 200, 403}},
    {"GET", "/api/v1/dashboards/obstacles", "/api/v1/dashboards/obstacles", NULL,
     {401, 200, 200, 200, 200, 200, 403, 200, 403}},
    {"GET", "/api/v1/dashboards/bulletins", "/api/v1/dashboards/bulletins", NULL,
     {401, 200, 200, 200, 200, 200, 403, 200, 403}},
    {"GET", "/api/v1/dashboards/agreements", "/api/v1/dashboards/agreements", NULL,
     {401, 200, 200, 200, 200, 200, 403, 200, 403}},
    {"GET", "/api/v1/dashboards/library", "/api/v1/dashboards/library", NULL,
     {401, 200, 200, 200, 200, 200, 403, 200, 403}},
    {"GET", "/api/v1/dashboards/policy-report", "/api/v1/dashboards/policy-report", NULL,
     {401, 403, 403, 403, 403, 200, 403, 200, 403}},
    /* clang-format on */
    /* logging out last: it ends the caller's session */
    {"DELETE",
     "/api/v1/session",
     "/api/v1/session",
     NULL,
     {401, 204, 204, 204, 204, 204, 204, 204, 204}},
};

static PGconn *owner;
/* the fingerprint of a key region A trusts (the table checks its shape only) */
#define TRUSTED_KEY "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"
static char target_id[TH_UUID_SIZE];
static char measure_id[TH_UUID_SIZE];     /* a measure of region A */
static char bulletin_id[TH_UUID_SIZE];    /* a bulletin, global */
static char activity_id[TH_UUID_SIZE];    /* a high-profile activity of region A */
static char notice_id[TH_UUID_SIZE];      /* its notice */
static char amendment_id[TH_UUID_SIZE];   /* a proposed amendment of A's agreement */
static char contact_id[TH_UUID_SIZE];     /* a consented contact of region A */
static char offer_id[TH_UUID_SIZE];       /* an offer of region A naming it */
static char company_id[TH_UUID_SIZE];     /* a company of region A */
static char obstacle_id[TH_UUID_SIZE];    /* an obstacle of region A */
static char inquiry_id[TH_UUID_SIZE];     /* an inquiry of A received by the FAI, naming both */
static char joint_event_id[TH_UUID_SIZE]; /* a joint event of A, yesterday, with a cost split */
static char participant_id[TH_UUID_SIZE]; /* a participant of it */
static char day[16];                      /* the day of the joint event */
static char subject[64];                  /* the email of a contact of A */
static char marker_a[64], marker_b[64];
/* the library's processes (see the rows), keys made in setup */
static char lkey[64], fdraft[64], review[64], approve[64], approved[64], retire[64], adraft[64],
    apub[64];
static int counter;

/* A request as the caller from an address of its own, so that the failed
 * password checks the matrix provokes are not counted against one address. */
static int request(lt_resp *resp, const char *method, const char *uri, const char *body,
                   const char *token, const char *csrf)
{
    char addr[32];
    snprintf(addr, sizeof addr, "192.0.2.%d", counter % 250 + 1);
    return th_request_from(th_group_app, th_group_arena, resp, method, uri, body, addr, token,
                           csrf);
}

/* The placeholders of the matrix's paths and bodies, and what each stands for. */
static const struct {
    const char *name;
    const char *value;
} placeholders[] = {
    {"{region}", REGION_A},
    {"{measure}", measure_id},
    {"{bulletin}", bulletin_id},
    {"{activity}", activity_id},
    {"{notice}", notice_id},
    {"{amendment}", amendment_id},
    {"{contact}", contact_id},
    {"{offer}", offer_id},
    {"{company}", company_id},
    {"{obstacle}", obstacle_id},
    {"{inquiry}", inquiry_id},
    {"{id}", target_id},
    {"{joint_event}", joint_event_id},
    {"{participant}", participant_id},
    {"{day}", day},
    {"{subject}", subject},
    {"{id}", target_id},
    {"{lkey}", lkey},
    {"{tkey}", TRUSTED_KEY},
    {"{fdraft}", fdraft},
    {"{review}", review},
    {"{approve}", approve},
    {"{approved}", approved},
    {"{retire}", retire},
    {"{adraft}", adraft},
    {"{apub}", apub},
};

/*
 * Replaces the placeholders of a row's uri or body: each with its value, or -
 * when attack is not NULL - every one of them with the attack string. {n}
 * becomes a number fresh for this request.
 */
static char *substitute(lt_arena *a, const char *text, const char *attack)
{
    if (!text)
        return NULL;
    lt_buf b;
    lt_buf_init(&b, a);
    for (const char *p = text; *p;) {
        size_t i = 0, n = sizeof placeholders / sizeof placeholders[0];
        while (i < n && strncmp(p, placeholders[i].name, strlen(placeholders[i].name)) != 0)
            i++;
        if (i < n) {
            lt_buf_puts(&b, attack ? attack : placeholders[i].value);
            p += strlen(placeholders[i].name);
        } else if (strncmp(p, "{n}", 3) == 0) {
            lt_buf_printf(&b, "%d-%d", (int)getpid(), counter);
            p += 3;
        } else {
            lt_buf_append(&b, p++, 1);
        }
    }
    return b.data;
}

static char *expand(lt_arena *a, const char *text)
{
    return substitute(a, text, NULL);
}

/* A fresh signed-in caller of the given kind (every cell gets its own session). */
static void sign_in(enum caller c, char *token, char *csrf)
{
    static const struct {
        const char *role, *region, *member;
    } kinds[NCALLERS] = {
        [COORD_OWN] = {NULL, REGION_A, "coordinator"},
        [COORD_OTHER] = {NULL, REGION_B, "coordinator"},
        [VIEWER_OWN] = {NULL, REGION_A, "region_viewer"},
        [VIEWER_OTHER] = {NULL, REGION_B, "region_viewer"},
        [FAI_STAFF] = {"fai_staff", NULL, NULL},
        [FAI_ESF] = {"fai_esf", NULL, NULL},
        [FAI_LEAD] = {"fai_lead", NULL, NULL},
        [ADMIN] = {"admin", NULL, NULL},
    };
    th_sign_in(owner, "matrix", kinds[c].role, kinds[c].region, kinds[c].member, token, csrf, NULL);
}

/* The audit marker this caller must never see in any answer (NULL: none). */
static bool must_not_see(enum caller c, const char *body)
{
    bool sees_a = strstr(body, marker_a) != NULL, sees_b = strstr(body, marker_b) != NULL;
    switch (c) {
    case ADMIN:
        return false;
    case COORD_OWN:
    case VIEWER_OWN:
        return sees_b;
    case COORD_OTHER:
    case VIEWER_OTHER:
        return sees_a;
    default:
        return sees_a || sees_b;
    }
}

/*
 * Makes process key owned by region_slug (NULL: the FAI) as the owner, and takes it
 * through the lifecycle up to stage: 0 draft, 1 in review, 2 approved, 3 published.
 */
static void make_process(char *key, size_t size, const char *prefix, const char *region_slug,
                         int stage)
{
    snprintf(key, size, "matrix-%s-%d", prefix, (int)getpid());
    const char *record = "{\"name\": \"Matrix\", \"target_groups\": [\"other\"],"
                         " \"level\": \"local\", \"authors\": [{\"name\": \"Matrix\"}],"
                         " \"steps\": [{\"id\": \"a\", \"phase\": \"arrival\","
                         " \"title\": \"Matrix\", \"actor\": \"other\"}]}";
    const char *params[] = {key, region_slug, record};
    PGresult *r = PQexecParams(owner,
                               "SELECT lotse.process_create($1, (SELECT id FROM lotse.regions"
                               " WHERE slug = $2), $3::jsonb, NULL)",
                               3, NULL, params, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    PQclear(r);
    static const char *const moves[] = {
        "UPDATE lotse.process_versions SET status = 'in_progress', submitted_at = now()"
        " WHERE key = $1",
        "UPDATE lotse.process_versions SET status = 'approved' WHERE key = $1",
        "UPDATE lotse.process_versions SET published_at = now() WHERE key = $1",
    };
    for (int i = 0; i < stage; i++) {
        r = PQexecParams(owner, moves[i], 1, NULL, params, NULL, NULL, 0);
        assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
        PQclear(r);
    }
}

static int setup(void **state)
{
    th_setup(state);
    ((lt_config *)th_group_app->cfg)->scrypt_log2_n = 10;
    owner = th_owner();
    /* audit_log's RLS is forced, so it binds the owner too: read it as an administrator */
    assert_string_equal(th_scalar(owner, "SELECT set_config('lotse.roles', 'admin', false)"),
                        "admin");
    char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];
    th_sign_in(owner, "matrix-target", NULL, NULL, NULL, token, csrf, target_id);
    th_scalar(owner, "SELECT set_config('lotse.region_ids', (SELECT '{' || id || '}'"
                     " FROM lotse.regions WHERE slug = '" REGION_A "'), false)");
    snprintf(measure_id, sizeof measure_id, "%s",
             th_scalar(owner, "SELECT id FROM lotse.measures ORDER BY created_at LIMIT 1"));
    th_scalar(owner, "SELECT set_config('lotse.write_region_ids', (SELECT '{' || id || '}'"
                     " FROM lotse.regions WHERE slug = '" REGION_A "'), false)");
    snprintf(activity_id, sizeof activity_id, "%s",
             th_scalar(owner, "INSERT INTO lotse.activities (region_id, title, kind, starts_on,"
                              " high_profile) SELECT id, 'Matrix', 'event', DATE '2026-06-01', true"
                              " FROM lotse.regions WHERE slug = '" REGION_A "' RETURNING id"));
    char notice_sql[256];
    snprintf(notice_sql, sizeof notice_sql,
             "INSERT INTO lotse.activity_notices (region_id, activity_id, lead_time_days)"
             " SELECT region_id, id, 30 FROM lotse.activities WHERE id = '%s' RETURNING id",
             activity_id);
    snprintf(notice_id, sizeof notice_id, "%s", th_scalar(owner, notice_sql));
    snprintf(amendment_id, sizeof amendment_id, "%s",
             th_scalar(owner, "INSERT INTO lotse.agreement_amendments (region_id, agreement_id,"
                              " section, proposed_text, reason) SELECT region_id, id, 'goals',"
                              " 'Matrix', 'Matrix' FROM lotse.agreements WHERE region_id ="
                              " (SELECT id FROM lotse.regions WHERE slug = '" REGION_A "')"
                              " RETURNING id"));
    snprintf(contact_id, sizeof contact_id, "%s",
             th_scalar(owner, "INSERT INTO lotse.contacts (region_id, name, role, consent_given_at,"
                              " consent_given_by, consent_how) SELECT id, 'Matrix',"
                              " 'offer_contact', now(), 'Matrix', 'written' FROM lotse.regions"
                              " WHERE slug = '" REGION_A "' RETURNING id"));
    char offer_sql[256];
    snprintf(offer_sql, sizeof offer_sql,
             "INSERT INTO lotse.offers (region_id, title, provider, url, contact_id)"
             " SELECT region_id, 'Matrix', 'ihk', 'https://example.org', id"
             " FROM lotse.contacts WHERE id = '%s' RETURNING id",
             contact_id);
    snprintf(offer_id, sizeof offer_id, "%s", th_scalar(owner, offer_sql));
    snprintf(company_id, sizeof company_id, "%s",
             th_scalar(owner, "INSERT INTO lotse.companies (region_id, name) SELECT id, 'Matrix'"
                              " FROM lotse.regions WHERE slug = '" REGION_A "' RETURNING id"));
    snprintf(obstacle_id, sizeof obstacle_id, "%s",
             th_scalar(owner,
                       "INSERT INTO lotse.obstacles (region_id, title, category,"
                       " description, severity) SELECT id, 'Matrix', 'costs', 'Matrix',"
                       " 'low' FROM lotse.regions WHERE slug = '" REGION_A "' RETURNING id"));
    char inquiry_sql[512];
    snprintf(inquiry_sql, sizeof inquiry_sql,
             "WITH i AS (INSERT INTO lotse.inquiries (region_id, received_on, channel,"
             " received_by, company_id) SELECT region_id, DATE '2026-01-15', 'email', 'fai', id"
             " FROM lotse.companies WHERE id = '%s' RETURNING region_id, id),"
             " l AS (INSERT INTO lotse.inquiry_obstacles SELECT region_id, id, '%s' FROM i)"
             " SELECT id FROM i",
             company_id, obstacle_id);
    snprintf(inquiry_id, sizeof inquiry_id, "%s", th_scalar(owner, inquiry_sql));
    snprintf(day, sizeof day, "%s", th_scalar(owner, "SELECT (current_date - 1)::text"));
    snprintf(joint_event_id, sizeof joint_event_id, "%s",
             th_scalar(owner, "INSERT INTO lotse.activities (region_id, title, kind, starts_on,"
                              " joint) SELECT id, 'Matrix', 'event', current_date - 1, true"
                              " FROM lotse.regions WHERE slug = '" REGION_A "' RETURNING id"));
    char joint_sql[512];
    snprintf(joint_sql, sizeof joint_sql,
             "INSERT INTO lotse.activity_cost_splits (region_id, activity_id,"
             " estimated_cost_cents, region_share_basis_points, fai_share_basis_points, agreed_on)"
             " SELECT region_id, id, 1000, 5000, 5000, starts_on - 7 FROM lotse.activities"
             " WHERE id = '%s' RETURNING 1",
             joint_event_id);
    th_scalar(owner, joint_sql);
    snprintf(joint_sql, sizeof joint_sql,
             "INSERT INTO lotse.participants (region_id, activity_id, name, participated_on,"
             " attendance_confirmed_by, information_given_on, information_how,"
             " esf_reporting_consent) SELECT region_id, id, 'Matrix', starts_on, 'signature',"
             " starts_on, 'email', true FROM lotse.activities WHERE id = '%s' RETURNING id",
             joint_event_id);
    snprintf(participant_id, sizeof participant_id, "%s", th_scalar(owner, joint_sql));
    snprintf(subject, sizeof subject, "matrix-subject-%d@test.example", (int)getpid());
    snprintf(joint_sql, sizeof joint_sql,
             "INSERT INTO lotse.contacts (region_id, name, email, role) SELECT id, 'Matrix', '%s',"
             " 'offer_contact' FROM lotse.regions WHERE slug = '" REGION_A "' RETURNING 1",
             subject);
    th_scalar(owner, joint_sql);
    th_scalar(owner, "INSERT INTO lotse.library_trusted_keys (region_id, fingerprint, name,"
                     " public_key) SELECT id, '" TRUSTED_KEY "', 'Matrix', 'x'"
                     " FROM lotse.regions WHERE slug = '" REGION_A "' RETURNING 1");
    th_scalar(owner, "SELECT set_config('lotse.write_region_ids', '', false)");
    th_scalar(owner, "SELECT set_config('lotse.region_ids', '', false)");
    /* the library's processes, made as FAI staff and leadership and as A's coordinator */
    th_scalar(owner, "SELECT set_config('lotse.roles', 'fai_staff,fai_lead', false)");
    th_scalar(owner, "SELECT set_config('lotse.write_region_ids', (SELECT '{' || id || '}'"
                     " FROM lotse.regions WHERE slug = '" REGION_A "'), false)");
    th_scalar(owner, "SELECT set_config('lotse.region_ids', (SELECT '{' || id || '}'"
                     " FROM lotse.regions WHERE slug = '" REGION_A "'), false)");
    make_process(lkey, sizeof lkey, "lib", NULL, 3);
    make_process(fdraft, sizeof fdraft, "fdraft", NULL, 0);
    make_process(review, sizeof review, "review", REGION_A, 1);
    make_process(approve, sizeof approve, "approve", NULL, 1);
    make_process(approved, sizeof approved, "approved", NULL, 2);
    make_process(retire, sizeof retire, "retire", NULL, 3);
    make_process(adraft, sizeof adraft, "adraft", REGION_A, 0);
    make_process(apub, sizeof apub, "apub", REGION_A, 3);
    th_scalar(owner, "SELECT set_config('lotse.write_region_ids', '', false)");
    th_scalar(owner, "SELECT set_config('lotse.region_ids', '', false)");
    th_scalar(owner, "SELECT set_config('lotse.roles', 'admin', false)");
    snprintf(bulletin_id, sizeof bulletin_id, "%s",
             th_scalar(owner, "INSERT INTO lotse.bulletins (title, body, topic)"
                              " VALUES ('Matrix', 'Matrix', 'news') RETURNING id"));
    snprintf(marker_a, sizeof marker_a, "matrix_marker_a_%d", (int)getpid());
    snprintf(marker_b, sizeof marker_b, "matrix_marker_b_%d", (int)getpid());
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO lotse.audit_log (region_id, action, entity) SELECT id, CASE slug"
             " WHEN '" REGION_A "' THEN '%s' ELSE '%s' END, 'test' FROM lotse.regions"
             " WHERE slug IN ('" REGION_A "', '" REGION_B "') RETURNING 1",
             marker_a, marker_b);
    assert_string_equal(th_scalar(owner, sql), "1");
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

static void every_route_is_in_the_matrix(void **state)
{
    (void)state;
    int missing = 0;
    for (size_t i = 0; i < lt_api_nroutes; i++) {
        bool found = false;
        for (size_t j = 0; j < sizeof matrix / sizeof matrix[0]; j++)
            found |= strcmp(matrix[j].method, lt_api_routes[i].method) == 0 &&
                     strcmp(matrix[j].pattern, lt_api_routes[i].pattern) == 0;
        if (!found) {
            print_error("route %s %s has no row in the access matrix\n", lt_api_routes[i].method,
                        lt_api_routes[i].pattern);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
}

static void every_caller_gets_what_the_matrix_says_and_nothing_of_others(void **state)
{
    (void)state;
    int wrong = 0;
    for (size_t r = 0; r < sizeof matrix / sizeof matrix[0]; r++) {
        const struct row *row = &matrix[r];
        for (int c = 0; c < NCALLERS; c++) {
            char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];
            if (c != ANON)
                sign_in(c, token, csrf);
            counter++;
            lt_resp resp;
            int status = request(&resp, row->method, expand(th_group_arena, row->uri),
                                 expand(th_group_arena, row->body), c == ANON ? NULL : token,
                                 c == ANON ? NULL : csrf);
            if (status != row->expect[c]) {
                print_error("%s %s as %s: %d, want %d: %.200s\n", row->method, row->uri,
                            caller_names[c], status, row->expect[c], resp.body.data);
                wrong++;
            }
            if (must_not_see(c, resp.body.data)) {
                print_error("%s %s as %s: the answer shows another region's data\n", row->method,
                            row->uri, caller_names[c]);
                wrong++;
            }
            lt_arena_reset(th_group_arena);
        }
    }
    assert_int_equal(wrong, 0);
}

static bool is_unsafe(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

static const struct row *row_of(const lt_route *route)
{
    for (size_t j = 0; j < sizeof matrix / sizeof matrix[0]; j++)
        if (strcmp(matrix[j].method, route->method) == 0 &&
            strcmp(matrix[j].pattern, route->pattern) == 0)
            return &matrix[j];
    return NULL;
}

static void unsafe_routes_refuse_a_missing_or_wrong_csrf_token(void **state)
{
    (void)state;
    int wrong = 0, attempts = 0;
    static const char created[] = "SELECT count(*) FROM lotse.users WHERE email LIKE 'created-%'";
    static const char refusals[] =
        "SELECT count(*) FROM lotse.audit_log WHERE action = 'csrf_refused'";
    int users_before = atoi(th_scalar(owner, created));
    int refusals_before = atoi(th_scalar(owner, refusals));
    for (size_t i = 0; i < lt_api_nroutes; i++) {
        const lt_route *route = &lt_api_routes[i];
        const struct row *row = row_of(route);
        if (!row || !is_unsafe(route->method) || route->action == LT_ACT_PUBLIC)
            continue;
        const char *forged[] = {NULL, "", "not-the-token", "x"};
        for (size_t f = 0; f < sizeof forged / sizeof forged[0]; f++) {
            char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];
            sign_in(ADMIN, token, csrf);
            counter++;
            lt_resp resp;
            int status = request(&resp, row->method, expand(th_group_arena, row->uri),
                                 expand(th_group_arena, row->body), token, forged[f]);
            attempts++;
            if (status != 403) {
                print_error("%s %s with CSRF token '%s': %d, want 403\n", row->method, row->uri,
                            forged[f] ? forged[f] : "(none)", status);
                wrong++;
            }
        }
    }
    assert_int_equal(wrong, 0);
    assert_true(attempts > 0);
    /* the refused requests created nothing, and each left its refusal in the audit log */
    assert_int_equal(atoi(th_scalar(owner, created)), users_before);
    assert_int_equal(atoi(th_scalar(owner, refusals)), refusals_before + attempts);
}

/* SQL-injection strings in every path parameter and every JSON string. */
static void injection_strings_change_nothing_and_break_nothing(void **state)
{
    (void)state;
    static const char *const attacks[] = {"%27%20OR%20%271%27%3D%271",
                                          "%27%3B%20DROP%20TABLE%20lotse.users%3B%20--",
                                          "1%20OR%201%3D1", "%5C%27%29%3B--"};
    static const char *const json_attacks[] = {"' OR '1'='1", "'; DROP TABLE lotse.users; --",
                                               "\\'); DELETE FROM lotse.regions; --"};
    int wrong = 0;
    for (size_t r = 0; r < sizeof matrix / sizeof matrix[0]; r++) {
        const struct row *row = &matrix[r];
        for (size_t k = 0; k < sizeof attacks / sizeof attacks[0]; k++) {
            char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];
            sign_in(ADMIN, token, csrf);
            counter++;
            /* the attack in place of every placeholder of the path */
            const char *uri = substitute(th_group_arena, row->uri, attacks[k]);
            char *body = expand(th_group_arena, row->body);
            if (body && k < sizeof json_attacks / sizeof json_attacks[0]) {
                /* and in every JSON string value that came from a {n} */
                lt_buf b;
                lt_buf_init(&b, th_group_arena);
                char n[32];
                snprintf(n, sizeof n, "%d-%d", (int)getpid(), counter);
                for (const char *p = body; *p;) {
                    if (strncmp(p, n, strlen(n)) == 0) {
                        lt_buf_puts(&b, json_attacks[k]);
                        p += strlen(n);
                    } else {
                        lt_buf_append(&b, p++, 1);
                    }
                }
                body = b.data;
            }
            lt_resp resp;
            int status = request(&resp, row->method, uri, body, token, csrf);
            if (status >= 500) {
                print_error("%s %s with an injection string: %d: %.200s\n", row->method, uri,
                            status, resp.body.data);
                wrong++;
            }
            lt_arena_reset(th_group_arena);
        }
    }
    assert_int_equal(wrong, 0);
    assert_string_equal(th_scalar(owner, "SELECT count(*) FROM lotse.regions"), "16");
    assert_string_equal(th_scalar(owner, "SELECT to_regclass('lotse.users') IS NOT NULL"), "t");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_route_is_in_the_matrix),
        cmocka_unit_test(every_caller_gets_what_the_matrix_says_and_nothing_of_others),
        cmocka_unit_test(unsafe_routes_refuse_a_missing_or_wrong_csrf_token),
        cmocka_unit_test(injection_strings_change_nothing_and_break_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
