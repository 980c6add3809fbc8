/*
 * classification.c - size classes, WZ 2008 sections and country codes; see
 * classification.h.
 *
 * The 249 country codes ISO 3166-1 assigns (as of its 2024 edition; the Debian package
 * iso-codes, /usr/share/iso-codes/json/iso_3166-1.json, lists the same), sorted
 * for a binary search. A code ISO withdraws or adds is changed here, in this one
 * list; tests/unit/test_classification.c counts it.
 */
#include "lotse/classification.h"

#include <stdlib.h>
#include <string.h>

const char *const lt_size_classes[] = {"micro", "small", "medium", "large", NULL};
const char *const lt_wz_sections[] = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K",
                                      "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", NULL};

static const char codes[][3] = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
};

/* Kosovo has no ISO code; XK is the user-assigned code the European Commission and
 * the German authorities use for it, and the Western Balkans regulation (section 26(2)
 * of the Employment Ordinance) names Kosovo, so inquiries must be able to as well. */
static const char kosovo[] = "XK";

static int compare(const void *key, const void *element)
{
    return strcmp(key, element);
}

bool lt_country_is_code(const char *code)
{
    if (!code || strlen(code) != 2)
        return false;
    if (strcmp(code, kosovo) == 0)
        return true;
    return bsearch(code, codes, sizeof codes / sizeof codes[0], sizeof codes[0], compare) != NULL;
}

size_t lt_country_count(void)
{
    return sizeof codes / sizeof codes[0];
}

const char *lt_country_code(size_t i)
{
    size_t n = sizeof codes / sizeof codes[0];
    if (i < n)
        return codes[i];
    return i == n ? kosovo : NULL;
}
