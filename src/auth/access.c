/*
 * access.c - the access policy: one function decides, everything else asks.
 *
 * Keep the rules here and nowhere else; the route table says which action a
 * route needs, and the access matrix test walks every route with every role.
 */
#include "lotse/access.h"
#include "lotse/buf.h"

#include <string.h>

static const struct {
    const char *name;
    unsigned bit;
} global_roles[] = {
    {"fai_staff", LT_ROLE_FAI_STAFF},
    {"fai_esf", LT_ROLE_FAI_ESF},
    {"fai_lead", LT_ROLE_FAI_LEAD},
    {"admin", LT_ROLE_ADMIN},
};

static const struct {
    const char *name;
    unsigned bit;
} member_roles[] = {
    {"coordinator", LT_MEMBER_COORDINATOR},
    {"region_viewer", LT_MEMBER_VIEWER},
};

unsigned lt_role_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof global_roles / sizeof global_roles[0]; i++)
        if (strcmp(global_roles[i].name, name) == 0)
            return global_roles[i].bit;
    return 0;
}

unsigned lt_member_role_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof member_roles / sizeof member_roles[0]; i++)
        if (strcmp(member_roles[i].name, name) == 0)
            return member_roles[i].bit;
    return 0;
}

bool lt_action_is_regional(lt_action action)
{
    return action == LT_ACT_REGION_READ || action == LT_ACT_REGION_WRITE ||
           action == LT_ACT_REGION_AUDIT || action == LT_ACT_NOTICE_ACKNOWLEDGE ||
           action == LT_ACT_EMPLOYER_READ || action == LT_ACT_EMPLOYER_WRITE ||
           action == LT_ACT_INQUIRY_READ || action == LT_ACT_INQUIRY_LOG ||
           action == LT_ACT_INQUIRY_CHANGE || action == LT_ACT_PARTICIPANTS_READ ||
           action == LT_ACT_PARTICIPANTS_WRITE;
}

bool lt_action_guards_personal_data(lt_action action)
{
    return action == LT_ACT_PARTICIPANTS_READ || action == LT_ACT_PARTICIPANTS_WRITE ||
           action == LT_ACT_DATA_SUBJECTS;
}

bool lt_action_needs_session(lt_action action)
{
    return action != LT_ACT_PUBLIC && action != LT_ACT_NONE;
}

/* The caller's roles in one region (0: not a member). */
static unsigned member_roles_in(const lt_identity *who, int region_id)
{
    unsigned roles = 0;
    for (size_t i = 0; i < who->nmemberships; i++)
        if (who->memberships[i].region_id == region_id)
            roles |= who->memberships[i].roles;
    return roles;
}

/* True when the caller is a coordinator or viewer of some region. */
static bool member_of_any(const lt_identity *who)
{
    for (size_t i = 0; i < who->nmemberships; i++)
        if (who->memberships[i].roles & (LT_MEMBER_COORDINATOR | LT_MEMBER_VIEWER))
            return true;
    return false;
}

bool lt_access_allows(const lt_identity *who, lt_action action, int region_id)
{
    if (action == LT_ACT_PUBLIC)
        return true;
    if (!who || !who->user_id || action <= LT_ACT_NONE || action >= LT_ACT__COUNT)
        return false;
    if (lt_action_is_regional(action) && region_id <= 0)
        return false;
    unsigned member = lt_action_is_regional(action) ? member_roles_in(who, region_id) : 0;
    /* FAI leadership sees aggregates, never a company (agreement §5) */
    bool lead = who->roles & LT_ROLE_FAI_LEAD;
    bool staff = who->roles & LT_ROLE_FAI_STAFF;
    switch (action) {
    case LT_ACT_SIGNED_IN:
        return true;
    case LT_ACT_USERS_MANAGE:
    case LT_ACT_AUDIT_READ_ALL:
    case LT_ACT_DATA_SUBJECTS:
        return who->roles & LT_ROLE_ADMIN;
    case LT_ACT_REGION_READ:
        return member & (LT_MEMBER_COORDINATOR | LT_MEMBER_VIEWER);
    case LT_ACT_REGION_WRITE:
    case LT_ACT_PARTICIPANTS_WRITE:
        return member & LT_MEMBER_COORDINATOR;
    case LT_ACT_PARTICIPANTS_READ:
        /* fai_esf and not fai_lead or fai_staff: only the ESF+ evidence needs the names */
        return (member & (LT_MEMBER_COORDINATOR | LT_MEMBER_VIEWER)) ||
               (who->roles & LT_ROLE_FAI_ESF);
    case LT_ACT_REGION_AUDIT:
        return (member & LT_MEMBER_COORDINATOR) || (who->roles & LT_ROLE_ADMIN);
    case LT_ACT_BULLETINS_PUBLISH:
        return who->roles & (LT_ROLE_FAI_STAFF | LT_ROLE_FAI_LEAD);
    case LT_ACT_BULLETINS_READ:
        return true;
    case LT_ACT_NOTICES_INBOX:
        return who->roles & (LT_ROLE_FAI_STAFF | LT_ROLE_FAI_LEAD);
    case LT_ACT_LIBRARY_READ:
        return true;
    case LT_ACT_LIBRARY_AUTHOR:
    case LT_ACT_LIBRARY_REVIEW:
        return who->roles & LT_ROLE_FAI_STAFF;
    case LT_ACT_LIBRARY_COMMENT:
        return who->roles & (LT_ROLE_FAI_STAFF | LT_ROLE_FAI_LEAD);
    case LT_ACT_LIBRARY_PUBLISH:
        return who->roles & LT_ROLE_FAI_LEAD;
    case LT_ACT_NOTICE_ACKNOWLEDGE:
        return (member & LT_MEMBER_COORDINATOR) ||
               (who->roles & (LT_ROLE_FAI_STAFF | LT_ROLE_FAI_LEAD));
    case LT_ACT_EMPLOYER_READ:
        return !lead && (member & (LT_MEMBER_COORDINATOR | LT_MEMBER_VIEWER));
    case LT_ACT_EMPLOYER_WRITE:
        return !lead && (member & LT_MEMBER_COORDINATOR);
    case LT_ACT_INQUIRY_READ:
        return !lead && ((member & (LT_MEMBER_COORDINATOR | LT_MEMBER_VIEWER)) || staff);
    case LT_ACT_INQUIRY_LOG:
    case LT_ACT_INQUIRY_CHANGE:
        return !lead && ((member & LT_MEMBER_COORDINATOR) || staff);
    case LT_ACT_DASHBOARDS:
        return lead || staff || member_of_any(who);
    case LT_ACT_POLICY_REPORT:
        return lead || staff;
    default:
        return false;
    }
}

static const char *region_list(lt_arena *a, const lt_identity *who, unsigned wanted)
{
    lt_buf b;
    lt_buf_init(&b, a);
    lt_buf_puts(&b, "{");
    for (size_t i = 0, n = 0; i < who->nmemberships; i++)
        if (who->memberships[i].roles & wanted)
            lt_buf_printf(&b, "%s%d", n++ ? "," : "", who->memberships[i].region_id);
    lt_buf_puts(&b, "}");
    return b.data;
}

void lt_identity_settings(lt_arena *a, const lt_identity *who, const char **roles,
                          const char **read_regions, const char **write_regions)
{
    lt_buf b;
    lt_buf_init(&b, a);
    for (size_t i = 0, n = 0; i < sizeof global_roles / sizeof global_roles[0]; i++)
        if (who->roles & global_roles[i].bit)
            lt_buf_printf(&b, "%s%s", n++ ? "," : "", global_roles[i].name);
    *roles = b.data;
    *read_regions = region_list(a, who, LT_MEMBER_COORDINATOR | LT_MEMBER_VIEWER);
    *write_regions = region_list(a, who, LT_MEMBER_COORDINATOR);
}
