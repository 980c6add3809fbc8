/*
 * api.h - the route table and the handlers behind it.
 *
 * Each resource module (src/api/<resource>.c) exposes its handlers here;
 * src/api/routes.c lists them with the access each needs. Handlers follow
 * router.h: they fill the response and return its status; on a database
 * failure they return lt_api_db_problem(...).
 */
#ifndef LOTSE_API_H
#define LOTSE_API_H

#include "lotse/db.h"
#include "lotse/router.h"

#include <stddef.h>

extern const lt_route lt_api_routes[];
extern const size_t lt_api_nroutes;

/* Maps a failed database call to 503 (unavailable, with Retry-After) or 500
 * (logged with its SQLSTATE; the client sees no SQL). Returns the status. */
int lt_api_db_problem(lt_req *req, lt_resp *resp, lt_db_status st);

/* src/api/health.c */
int lt_api_healthz(lt_req *req, lt_resp *resp);
int lt_api_readyz(lt_req *req, lt_resp *resp);
int lt_api_metrics(lt_req *req, lt_resp *resp);

/* src/api/signing_key.c: the public half of the key that signs best-practice packages */
int lt_api_signing_key_get(lt_req *req, lt_resp *resp);
/* src/api/code_lists.c: the code lists the API validates against (public) */
int lt_api_code_lists_get(lt_req *req, lt_resp *resp);
struct lt_signing_key;
/* The thread's signing key (config signing_key), loaded on first use; NULL when
 * it cannot be loaded (the reason is logged; answer LT_E_INTERNAL). */
const struct lt_signing_key *lt_api_signing_key(lt_req *req);

/* src/api/regions.c */
int lt_api_regions_list(lt_req *req, lt_resp *resp);
int lt_api_region_get(lt_req *req, lt_resp *resp);
int lt_api_regions_lookup(lt_req *req, lt_resp *resp);

/* src/api/session.c: signing in and out, and the caller themselves */
int lt_api_session_create(lt_req *req, lt_resp *resp);
int lt_api_session_delete(lt_req *req, lt_resp *resp);
int lt_api_me(lt_req *req, lt_resp *resp);
int lt_api_me_password(lt_req *req, lt_resp *resp);

/* src/api/users.c: accounts, roles and memberships (admin) */
int lt_api_users_list(lt_req *req, lt_resp *resp);
int lt_api_users_create(lt_req *req, lt_resp *resp);
int lt_api_user_get(lt_req *req, lt_resp *resp);
int lt_api_user_update(lt_req *req, lt_resp *resp);
int lt_api_user_grant(lt_req *req, lt_resp *resp);
int lt_api_user_revoke(lt_req *req, lt_resp *resp);

/* src/api/measures.c: the region's plan of measures (agreement §3) */
int lt_api_measures_list(lt_req *req, lt_resp *resp);
int lt_api_measures_create(lt_req *req, lt_resp *resp);
int lt_api_measure_get(lt_req *req, lt_resp *resp);
int lt_api_measure_update(lt_req *req, lt_resp *resp);
int lt_api_measure_delete(lt_req *req, lt_resp *resp);
int lt_api_measure_progress_add(lt_req *req, lt_resp *resp);

/* src/api/profile.c: the region's profile and support needs (agreement §2.1, §3) */
int lt_api_profile_get(lt_req *req, lt_resp *resp);
int lt_api_profile_replace(lt_req *req, lt_resp *resp);

/* src/api/bulletins.c: the FAI's bulletins to every region (agreement §3) */
int lt_api_bulletins_list(lt_req *req, lt_resp *resp);
int lt_api_bulletins_publish(lt_req *req, lt_resp *resp);
int lt_api_bulletin_get(lt_req *req, lt_resp *resp);
int lt_api_bulletin_update(lt_req *req, lt_resp *resp);
int lt_api_bulletin_mark_read(lt_req *req, lt_resp *resp);

/* src/api/activities.c, notices.c: the region's activities (agreement §4.1) and the
 * notices of its high-profile ones to the partner (§4) */
int lt_api_activities_list(lt_req *req, lt_resp *resp);
int lt_api_activities_create(lt_req *req, lt_resp *resp);
int lt_api_activity_get(lt_req *req, lt_resp *resp);
int lt_api_activity_update(lt_req *req, lt_resp *resp);
int lt_api_activity_delete(lt_req *req, lt_resp *resp);
int lt_api_notices_list(lt_req *req, lt_resp *resp);
int lt_api_notice_acknowledge(lt_req *req, lt_resp *resp);

/* src/api/cost_split.c, participants.c: a joint event's cost split (agreement §6) and
 * its participants, the ESF+ evidence (§5) */
int lt_api_cost_split_get(lt_req *req, lt_resp *resp);
int lt_api_cost_split_put(lt_req *req, lt_resp *resp);
int lt_api_cost_split_delete(lt_req *req, lt_resp *resp);
int lt_api_participants_list(lt_req *req, lt_resp *resp);
int lt_api_participants_add(lt_req *req, lt_resp *resp);
int lt_api_participant_get(lt_req *req, lt_resp *resp);
int lt_api_participant_update(lt_req *req, lt_resp *resp);
int lt_api_participant_delete(lt_req *req, lt_resp *resp);

/* src/api/data_subjects.c: what is stored about one person, exported or erased (admin) */
int lt_api_data_subject_export(lt_req *req, lt_resp *resp);
int lt_api_data_subject_erase(lt_req *req, lt_resp *resp);

/* src/api/contacts.c, offers.c, public_offers.c: the region's offers and contacts the
 * FAI links to with everyone's consent (agreement §3, §4.1, §4.2), and the public feed */
int lt_api_contacts_list(lt_req *req, lt_resp *resp);
int lt_api_contacts_create(lt_req *req, lt_resp *resp);
int lt_api_contact_get(lt_req *req, lt_resp *resp);
int lt_api_contact_update(lt_req *req, lt_resp *resp);
int lt_api_contact_delete(lt_req *req, lt_resp *resp);
int lt_api_contact_consent_give(lt_req *req, lt_resp *resp);
int lt_api_contact_consent_withdraw(lt_req *req, lt_resp *resp);
int lt_api_offers_list(lt_req *req, lt_resp *resp);
int lt_api_offers_create(lt_req *req, lt_resp *resp);
int lt_api_offer_get(lt_req *req, lt_resp *resp);
int lt_api_offer_update(lt_req *req, lt_resp *resp);
int lt_api_offer_delete(lt_req *req, lt_resp *resp);
int lt_api_offer_publish(lt_req *req, lt_resp *resp);
int lt_api_offer_unpublish(lt_req *req, lt_resp *resp);
int lt_api_public_offers_list(lt_req *req, lt_resp *resp);

/* src/api/agreement.c, amendments.c: the region's agreement, its signatures and
 * termination in writing (agreement §4, §4.3), and its amendments (§4) */
int lt_api_agreement_get(lt_req *req, lt_resp *resp);
int lt_api_agreement_sign(lt_req *req, lt_resp *resp);
int lt_api_agreement_history(lt_req *req, lt_resp *resp);
int lt_api_agreement_terminate(lt_req *req, lt_resp *resp);
int lt_api_amendments_list(lt_req *req, lt_resp *resp);
int lt_api_amendments_propose(lt_req *req, lt_resp *resp);
int lt_api_amendment_get(lt_req *req, lt_resp *resp);
int lt_api_amendment_decide(lt_req *req, lt_resp *resp);

/* src/api/companies.c, inquiries.c, obstacles.c: employer inquiries handled where they
 * arrive (agreement §4), the companies they come from (confidential, §5), and the
 * obstacles they meet (§3, §4) */
int lt_api_companies_list(lt_req *req, lt_resp *resp);
int lt_api_companies_create(lt_req *req, lt_resp *resp);
int lt_api_company_get(lt_req *req, lt_resp *resp);
int lt_api_company_update(lt_req *req, lt_resp *resp);
int lt_api_company_delete(lt_req *req, lt_resp *resp);
int lt_api_inquiries_list(lt_req *req, lt_resp *resp);
int lt_api_inquiries_create(lt_req *req, lt_resp *resp);
int lt_api_import_inquiries(lt_req *req, lt_resp *resp);
int lt_api_import_participants(lt_req *req, lt_resp *resp);
int lt_api_inquiry_get(lt_req *req, lt_resp *resp);
int lt_api_inquiry_update(lt_req *req, lt_resp *resp);
int lt_api_inquiry_delete(lt_req *req, lt_resp *resp);
int lt_api_obstacles_list(lt_req *req, lt_resp *resp);
int lt_api_obstacles_create(lt_req *req, lt_resp *resp);
int lt_api_obstacle_get(lt_req *req, lt_resp *resp);
int lt_api_obstacle_update(lt_req *req, lt_resp *resp);
int lt_api_obstacle_delete(lt_req *req, lt_resp *resp);
/* src/api/library_*.c: the shared library of model processes (agreement §4; library.h) */
int lt_api_library_search(lt_req *req, lt_resp *resp);
int lt_api_library_region_list(lt_req *req, lt_resp *resp); /* also the FAI's own */
int lt_api_library_process_get(lt_req *req, lt_resp *resp);
int lt_api_library_version_get(lt_req *req, lt_resp *resp);
int lt_api_library_create(lt_req *req, lt_resp *resp);
int lt_api_library_version_add(lt_req *req, lt_resp *resp);
int lt_api_library_version_update(lt_req *req, lt_resp *resp);
int lt_api_library_submit(lt_req *req, lt_resp *resp);
int lt_api_library_return(lt_req *req, lt_resp *resp);
int lt_api_library_approve(lt_req *req, lt_resp *resp);
int lt_api_library_publish(lt_req *req, lt_resp *resp);
int lt_api_library_deactivate(lt_req *req, lt_resp *resp);
int lt_api_library_comments_list(lt_req *req, lt_resp *resp);
int lt_api_library_comment_add(lt_req *req, lt_resp *resp);
int lt_api_library_reviews(lt_req *req, lt_resp *resp);
int lt_api_library_adopt(lt_req *req, lt_resp *resp);
int lt_api_library_region_adoptions(lt_req *req, lt_resp *resp);
int lt_api_library_network(lt_req *req, lt_resp *resp);
/* src/api/library_package.c, library_keys.c: packages out and in, and the keys trusted */
int lt_api_library_package(lt_req *req, lt_resp *resp);
int lt_api_library_import(lt_req *req, lt_resp *resp);
int lt_api_library_keys_list(lt_req *req, lt_resp *resp);
int lt_api_library_keys_add(lt_req *req, lt_resp *resp);
int lt_api_library_keys_delete(lt_req *req, lt_resp *resp);
int lt_api_library_feedback_get(lt_req *req, lt_resp *resp);
int lt_api_library_feedback_put(lt_req *req, lt_resp *resp);
int lt_api_library_feedback_list(lt_req *req, lt_resp *resp);

/* src/api/dashboard_*.c, policy_report.c: figures across the regions for FAI leadership
 * and staff, and for each region beside the state (agreement §3, §4; dashboard.h) */
int lt_api_dashboard_inquiries(lt_req *req, lt_resp *resp);
int lt_api_dashboard_activities(lt_req *req, lt_resp *resp);
int lt_api_dashboard_measures(lt_req *req, lt_resp *resp);
int lt_api_dashboard_obstacles(lt_req *req, lt_resp *resp);
int lt_api_dashboard_bulletins(lt_req *req, lt_resp *resp);
int lt_api_dashboard_agreements(lt_req *req, lt_resp *resp);
int lt_api_dashboard_library(lt_req *req, lt_resp *resp);
int lt_api_policy_report(lt_req *req, lt_resp *resp);

/* src/api/audit.c: the audit log */
int lt_api_audit_list(lt_req *req, lt_resp *resp);
int lt_api_region_audit_list(lt_req *req, lt_resp *resp);

#endif
