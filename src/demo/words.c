/*
 * words.c - the word lists names and companies are built from, and the
 * weighted classifications inquiries are drawn from.
 *
 * The weights are the demo's picture of the regions' work: topics weighted
 * toward recognition, visa and the pathways of the Skilled Immigration Act
 * (FEG); sectors toward health and care (WZ Q), manufacturing (C), building
 * (F), transport (H), hospitality (I) and business services (N); mostly micro,
 * small and medium companies; target countries led by India, Turkey, the
 * Philippines and Viet Nam. Plausible, not statistics.
 */
#include "demo_internal.h"

#include <stdio.h>
#include <string.h>

const char *const demo_first_names[] = {
    /* German */
    "Anna", "Lena", "Julia", "Sarah", "Laura", "Katharina", "Maria", "Sabine", "Petra", "Claudia",
    "Monika", "Birgit", "Andrea", "Stefanie", "Nicole", "Jana", "Lea", "Sophie", "Hannah", "Marie",
    "Thomas", "Michael", "Andreas", "Stefan", "Christian", "Markus", "Frank", "Jürgen", "Klaus",
    "Peter", "Jan", "Tobias", "Daniel", "Sebastian", "Jörg", "Uwe", "Lukas", "Jonas", "Felix",
    "Matthias",
    /* Turkish, Arabic, Balkan */
    "Ayşe", "Elif", "Zeynep", "Fatma", "Emine", "Mehmet", "Mustafa", "Ahmet", "Emre", "Burak",
    "Yusuf", "Fatima", "Amira", "Layla", "Omar", "Karim", "Hamza", "Youssef", "Nour", "Samira",
    "Amela", "Emina", "Adnan", "Dragan", "Milica", "Besa", "Arben", "Drita", "Luan", "Jelena",
    /* South and South-East Asian */
    "Priya", "Ananya", "Deepa", "Rahul", "Arjun", "Vikram", "Sanjay", "Lakshmi", "Ravi", "Sunita",
    "Thi Lan", "Minh", "Huong", "Duc", "Thanh", "Maricel", "Jocelyn", "Rodel", "Mark Anthony",
    "Kristine",
    /* Latin American, Ukrainian, African */
    "Camila", "Valentina", "Mariana", "João", "Lucas", "Santiago", "Olena", "Iryna", "Oksana",
    "Dmytro", "Andriy", "Wanjiru", "Achieng", "Kwame", "Chinedu", "Amina"};
const size_t demo_n_first_names = DEMO_N(demo_first_names);

const char *const demo_last_names_de[] = {
    "Müller",    "Schmidt",  "Schneider", "Fischer",  "Weber",   "Meyer",      "Wagner",
    "Becker",    "Schulz",   "Hoffmann",  "Schäfer",  "Koch",    "Bauer",      "Richter",
    "Klein",     "Wolf",     "Schröder",  "Neumann",  "Schwarz", "Zimmermann", "Braun",
    "Krüger",    "Hofmann",  "Hartmann",  "Lange",    "Schmitt", "Werner",     "Schmitz",
    "Krause",    "Meier",    "Lehmann",   "Schmid",   "Schulze", "Maier",      "Köhler",
    "Herrmann",  "König",    "Walter",    "Mayer",    "Huber",   "Kaiser",     "Fuchs",
    "Peters",    "Lang",     "Scholz",    "Möller",   "Weiß",    "Jung",       "Hahn",
    "Schubert",  "Vogel",    "Friedrich", "Keller",   "Günther", "Frank",      "Berger",
    "Winkler",   "Roth",     "Beck",      "Lorenz",   "Baumann", "Franke",     "Albrecht",
    "Brinkmann", "Terhorst", "Kemper",    "Overbeck", "Hüsken",  "Wessels",    "Bröker"};
const size_t demo_n_last_names_de = DEMO_N(demo_last_names_de);

const char *const demo_last_names_intl[] = {
    "Yılmaz",    "Kaya",      "Demir",    "Şahin",     "Çelik",     "Öztürk",     "Aydın",
    "Arslan",    "Doğan",     "Kılıç",    "Haddad",    "Khalil",    "Mansour",    "Benali",
    "El Amrani", "Trabelsi",  "Hadžić",   "Kovačević", "Petrović",  "Krasniqi",   "Berisha",
    "Hoxha",     "Sharma",    "Patel",    "Singh",     "Kumar",     "Reddy",      "Nair",
    "Iyer",      "Nguyen",    "Tran",     "Pham",      "Le",        "Hoang",      "Santos",
    "Reyes",     "Cruz",      "Bautista", "Garcia",    "Mendoza",   "Silva",      "Oliveira",
    "Souza",     "Rodríguez", "Gómez",    "Martínez",  "Kovalenko", "Shevchenko", "Bondarenko",
    "Melnyk",    "Ochieng",   "Mwangi",   "Mensah",    "Okafor",    "Hassan",     "Mahmoud",
    "Wijaya",    "Santoso"};
const size_t demo_n_last_names_intl = DEMO_N(demo_last_names_intl);

/* What a care service or a hotel calls itself. */
const char *const demo_company_words[] = {
    "Sonnenschein", "Lebensfreude",      "Regenbogen",     "Lindenhof",  "Am Park",
    "Vital",        "Herzenswärme",      "Rosengarten",    "Lichtblick", "Kompass",
    "Horizont",     "Eichenhof",         "Sonnenhof",      "Zur Linde",  "Mühlenhof",
    "Morgenstern",  "Vier Jahreszeiten", "Am Stadtgarten", "Rheinblick", "Ruhrtal",
    "Zum Anker",    "Goldene Gans"};
const size_t demo_n_company_words = DEMO_N(demo_company_words);

void demo_person_name(lt_rand *r, const char **first, const char **last)
{
    *first = demo_any(r, demo_first_names, demo_n_first_names);
    *last = lt_rand_below(r, 3) < 2 ? demo_any(r, demo_last_names_de, demo_n_last_names_de)
                                    : demo_any(r, demo_last_names_intl, demo_n_last_names_intl);
}

const char *const demo_topics[DEMO_N_TOPICS] = {
    "recognition", "visa_and_entry", "feg_pathways", "onboarding",           "family_reunification",
    "housing",     "language",       "funding",      "recruitment_agencies", "other"};
const unsigned demo_topic_weights[DEMO_N_TOPICS] = {26, 22, 20, 8, 6, 5, 6, 3, 3, 1};

const demo_weighted demo_sectors[] = {{"Q", 24}, {"C", 18}, {"F", 13}, {"H", 10},
                                      {"I", 10}, {"N", 8},  {"G", 7},  {"M", 3},
                                      {"J", 2},  {"A", 2},  {"P", 2},  {"S", 1}};
const size_t demo_n_sectors = DEMO_N(demo_sectors);

const demo_weighted demo_size_classes[] = {
    {"micro", 38}, {"small", 36}, {"medium", 20}, {"large", 6}};
const size_t demo_n_size_classes = DEMO_N(demo_size_classes);

/* ISO 3166-1 alpha-2 (and XK), each one lt_country_is_code accepts. */
const demo_weighted demo_countries[] = {
    {"IN", 160}, {"TR", 90}, {"PH", 80}, {"VN", 70}, {"MA", 55}, {"TN", 45}, {"BR", 45}, {"CO", 40},
    {"UA", 45},  {"BA", 40}, {"RS", 38}, {"XK", 36}, {"AL", 30}, {"SY", 28}, {"EG", 30}, {"ID", 28},
    {"KE", 26},  {"MX", 18}, {"GH", 14}, {"NG", 14}, {"PK", 14}, {"UZ", 12}, {"GE", 12}, {"KG", 8},
    {"JO", 8},   {"LK", 10}, {"NP", 10}, {"BD", 8},  {"PE", 8},  {"AR", 6},  {"CM", 8},  {"DZ", 8},
    {"MD", 8},   {"MK", 10}, {"ME", 6},  {"TH", 6},  {"CN", 6},  {"IR", 6},  {"ET", 4},  {"SN", 4}};
const size_t demo_n_countries = DEMO_N(demo_countries);

/* ------------------------------------------------------------ companies */

/* {L} a last name, {M} another, {P} a place of the region, {W} a word. */
typedef struct company_pattern {
    char sector;
    const char *pattern;
    bool bare; /* a small firm often carries no legal form ("Bäckerei Schmitz") */
    bool big;  /* never micro or small ("Klinikum") */
} company_pattern;

static const company_pattern patterns[] = {
    {'Q', "Pflegedienst {W}", false, false},
    {'Q', "Ambulanter Pflegedienst {L}", false, false},
    {'Q', "Seniorenzentrum {P}", false, true},
    {'Q', "Seniorenresidenz {W}", false, false},
    {'Q', "Praxis Dr. {L}", true, false},
    {'Q', "Zahnarztpraxis Dr. {L}", true, false},
    {'Q', "Klinikum {P}", false, true},
    {'Q', "Tagespflege {W}", false, false},
    {'Q', "Intensivpflege {P}", false, false},
    {'Q', "Physiotherapie {L}", true, false},
    {'C', "Stahlbau {P}", false, true},
    {'C', "{L} Metallbau", false, false},
    {'C', "Maschinenbau {L}", false, false},
    {'C', "Bäckerei {L}", true, false},
    {'C', "Fleischerei {L}", true, false},
    {'C', "{L} Kunststofftechnik", false, false},
    {'C', "Präzisionsteile {P}", false, false},
    {'C', "{L} & {M} Werkzeugbau", false, false},
    {'C', "Gießerei {P}", false, true},
    {'C', "Druckerei {L}", true, false},
    {'F', "Bauunternehmung {L}", false, false},
    {'F', "Elektro {L}", true, false},
    {'F', "Dachdeckerei {L}", true, false},
    {'F', "{L} Haustechnik", false, false},
    {'F', "Tiefbau {P}", false, false},
    {'F', "Malerbetrieb {L}", true, false},
    {'F', "{L} Sanitär und Heizung", false, false},
    {'F', "Gerüstbau {L}", false, false},
    {'H', "Spedition {L}", false, false},
    {'H', "{L} Logistik", false, false},
    {'H', "Transporte {L}", true, false},
    {'H', "{P} Logistik", false, false},
    {'H', "Kurierdienst {L}", false, false},
    {'I', "Hotel {W}", false, false},
    {'I', "Restaurant {W}", true, false},
    {'I', "Landgasthof {L}", true, false},
    {'I', "{P} Gastronomie", false, false},
    {'I', "Café {W}", true, false},
    {'N', "{L} Gebäudereinigung", false, false},
    {'N', "Personalservice {P}", false, false},
    {'N', "Sicherheitsdienst {P}", false, false},
    {'N', "Garten- und Landschaftsbau {L}", false, false},
    {'G', "Autohaus {L}", false, false},
    {'G', "{L} Großhandel", false, false},
    {'G', "Baustoffhandel {P}", false, false},
    {'M', "Ingenieurbüro {L}", true, false},
    {'M', "Steuerberatung {L}", true, false},
    {'M', "Architekturbüro {L} + {M}", true, false},
    {'J', "{L} IT-Solutions", false, false},
    {'J', "Softwarehaus {P}", false, false},
    {'A', "Gärtnerei {L}", true, false},
    {'A', "Hof {L}", true, false},
    {'P', "Fahrschule {L}", true, false},
    {'P', "Bildungszentrum {P}", false, false},
    {'S', "Friseursalon {W}", true, false},
    {'S', "Textilreinigung {L}", true, false},
};

static const demo_weighted forms_micro[] = {{"", 35}, {" e.K.", 20}, {" GmbH", 35}, {" GbR", 10}};
static const demo_weighted forms_small[] = {
    {" GmbH", 65}, {" GmbH & Co. KG", 20}, {" KG", 8}, {" e.K.", 7}};
static const demo_weighted forms_medium[] = {
    {" GmbH", 50}, {" GmbH & Co. KG", 40}, {" AG", 5}, {" KG", 5}};
static const demo_weighted forms_large[] = {
    {" GmbH & Co. KG", 40}, {" AG", 30}, {" GmbH", 20}, {" SE", 10}};

/* A pattern of the sector, and one naming a place only when there is one. */
static bool pattern_fits(const company_pattern *p, char sector, const char *size_class,
                         const char *place)
{
    bool big = strcmp(size_class, "medium") == 0 || strcmp(size_class, "large") == 0;
    return p->sector == sector && (place || !strstr(p->pattern, "{P}")) && (big || !p->big);
}

void demo_company_name(lt_rand *r, char sector, const char *size_class, const char *place,
                       char *out, size_t cap)
{
    size_t n = 0;
    for (int pass = 0; pass < 2 && n == 0; pass++) {
        if (pass == 1)
            sector = 'N'; /* a section without patterns: business services */
        for (size_t i = 0; i < DEMO_N(patterns); i++)
            n += pattern_fits(&patterns[i], sector, size_class, place);
    }
    size_t pick = lt_rand_below(r, n);
    const company_pattern *pat = &patterns[0];
    for (size_t i = 0; i < DEMO_N(patterns); i++) {
        if (pattern_fits(&patterns[i], sector, size_class, place) && pick-- == 0) {
            pat = &patterns[i];
            break;
        }
    }

    const char *last = demo_any(r, demo_last_names_de, demo_n_last_names_de);
    const char *other = demo_any(r, demo_last_names_de, demo_n_last_names_de);
    const char *word = demo_any(r, demo_company_words, demo_n_company_words);
    size_t len = 0;
    for (const char *p = pat->pattern; *p && len + 1 < cap;) {
        const char *ins = NULL;
        if (p[0] == '{' && p[1] && p[2] == '}') {
            ins = p[1] == 'L' ? last : p[1] == 'M' ? other : p[1] == 'P' ? place : word;
            p += 3;
        }
        if (ins) {
            int w = snprintf(out + len, cap - len, "%s", ins);
            len = w < 0 ? len : len + (size_t)w < cap ? len + (size_t)w : cap - 1;
        } else {
            out[len++] = *p++;
        }
    }
    out[len] = '\0';

    const char *form;
    if (strcmp(size_class, "micro") == 0)
        form = pat->bare ? "" : DEMO_PICK(r, forms_micro);
    else if (strcmp(size_class, "small") == 0)
        form = pat->bare && lt_rand_percent(r, 50) ? "" : DEMO_PICK(r, forms_small);
    else if (strcmp(size_class, "medium") == 0)
        form = sector == 'Q' && lt_rand_percent(r, 40) ? " gGmbH" : DEMO_PICK(r, forms_medium);
    else
        form = sector == 'Q' && lt_rand_percent(r, 40) ? " gGmbH" : DEMO_PICK(r, forms_large);
    snprintf(out + len, cap - len, "%s", form);
}

/* ------------------------------------------------------------ occupations */

static const struct {
    char sector;
    const char *occupation;
} occupations[] = {
    {'Q', "Pflegefachfrau/Pflegefachmann"},
    {'Q', "Pflegehilfskraft"},
    {'Q', "Medizinische/r Fachangestellte/r"},
    {'Q', "Physiotherapeut/in"},
    {'Q', "Ärztin/Arzt"},
    {'Q', "Altenpfleger/in"},
    {'C', "Industriemechaniker/in"},
    {'C', "Schweißer/in"},
    {'C', "Elektroniker/in für Betriebstechnik"},
    {'C', "Zerspanungsmechaniker/in"},
    {'C', "Bäcker/in"},
    {'C', "Fleischer/in"},
    {'C', "Verfahrensmechaniker/in Kunststofftechnik"},
    {'F', "Maurer/in"},
    {'F', "Elektroniker/in für Energie- und Gebäudetechnik"},
    {'F', "Anlagenmechaniker/in SHK"},
    {'F', "Dachdecker/in"},
    {'F', "Tiefbaufacharbeiter/in"},
    {'H', "Berufskraftfahrer/in"},
    {'H', "Fachkraft für Lagerlogistik"},
    {'H', "Busfahrer/in"},
    {'I', "Koch/Köchin"},
    {'I', "Hotelfachfrau/Hotelfachmann"},
    {'I', "Servicekraft"},
    {'N', "Reinigungskraft"},
    {'N', "Sicherheitsmitarbeiter/in"},
    {'N', "Gärtner/in Garten- und Landschaftsbau"},
    {'G', "Kfz-Mechatroniker/in"},
    {'G', "Kaufmann/Kauffrau im Einzelhandel"},
    {'M', "Bauingenieur/in"},
    {'M', "Steuerfachangestellte/r"},
    {'J', "Softwareentwickler/in"},
    {'J', "Fachinformatiker/in Systemintegration"},
    {'A', "Gärtner/in"},
    {'A', "Landwirt/in"},
    {'P', "Berufskraftfahrlehrer/in"},
    {'P', "Lehrkraft Deutsch als Fremdsprache"},
    {'S', "Friseur/in"},
};

const char *demo_occupation(lt_rand *r, char sector)
{
    if (lt_rand_percent(r, 18))
        return "";
    size_t n = 0;
    for (size_t i = 0; i < DEMO_N(occupations); i++)
        n += occupations[i].sector == sector;
    if (n == 0)
        return "";
    size_t pick = lt_rand_below(r, n);
    for (size_t i = 0; i < DEMO_N(occupations); i++)
        if (occupations[i].sector == sector && pick-- == 0)
            return occupations[i].occupation;
    return "";
}

/* ------------------------------------------------------------ helpers */

const char *demo_pick(lt_rand *r, const demo_weighted *list, size_t n)
{
    unsigned total = 0;
    for (size_t i = 0; i < n; i++)
        total += list[i].weight;
    unsigned x = (unsigned)lt_rand_below(r, total);
    for (size_t i = 0; i < n; i++) {
        if (x < list[i].weight)
            return list[i].value;
        x -= list[i].weight;
    }
    return list[n - 1].value;
}

const char *demo_any(lt_rand *r, const char *const *list, size_t n)
{
    return list[lt_rand_below(r, n)];
}

/* The letters outside ASCII that the name lists use, and their spelling. */
static const struct {
    const char *utf8, *ascii;
} translit[] = {{"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"}, {"Ä", "ae"}, {"Ö", "oe"}, {"Ü", "ue"},
                {"ß", "ss"}, {"ş", "s"},  {"Ş", "s"},  {"ç", "c"},  {"Ç", "c"},  {"ğ", "g"},
                {"ı", "i"},  {"İ", "i"},  {"é", "e"},  {"í", "i"},  {"ó", "o"},  {"á", "a"},
                {"ã", "a"},  {"č", "c"},  {"ć", "c"},  {"ž", "z"},  {"š", "s"},  {"đ", "d"},
                {"Ž", "z"},  {"Š", "s"}};

void demo_ascii(char *out, size_t cap, const char *name)
{
    size_t len = 0;
    for (const char *p = name; *p && len + 3 < cap;) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                out[len++] = (char)c;
            else if (c >= 'A' && c <= 'Z')
                out[len++] = (char)(c - 'A' + 'a');
            else if (c == '-')
                out[len++] = '-';
            p++;
            continue;
        }
        size_t k = 0;
        while (k < DEMO_N(translit) && strncmp(p, translit[k].utf8, strlen(translit[k].utf8)))
            k++;
        if (k < DEMO_N(translit)) {
            for (const char *a = translit[k].ascii; *a && len + 1 < cap; a++)
                out[len++] = *a;
            p += strlen(translit[k].utf8);
        } else { /* an unknown letter: left out */
            p++;
            while ((*p & 0xc0) == 0x80)
                p++;
        }
    }
    out[len] = '\0';
}
