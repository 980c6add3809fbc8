/*
 * texts.c - the German texts of the demo records: obstacles with their policy
 * proposals, activities, bulletins, offers, measures and the notes written on
 * them. Written as a region's staff would write them; no text names a person
 * or a company, so none of it could identify one (the names come from
 * words.c and go only into the fields meant for names).
 */
#include "demo_internal.h"
#include "lotse/codes.h"

#include <string.h>

/* ------------------------------------------------------------ obstacles */

const demo_obstacle_text demo_obstacle_texts[] = {
    {"Lange Wartezeiten auf Visatermine in Indien", "visa_appointment_wait",
     "Arbeitgeber berichten von Wartezeiten von vier bis acht Monaten auf einen Termin an den "
     "Auslandsvertretungen in Neu-Delhi, Mumbai und Bengaluru. Zusagen an Fachkräfte verfallen, "
     "weil der Arbeitsbeginn nicht planbar ist.",
     "Terminkapazitäten für Erwerbsvisa ausbauen und das Auslandsportal für alle Visakategorien "
     "öffnen; Termine für Verfahren nach § 81a AufenthG vorrangig vergeben.",
     "federal", "high", 18, 1},
    {"Bearbeitungsdauer der Anerkennung von Pflegeabschlüssen", "recognition_duration",
     "Anerkennungsverfahren für Pflegefachkräfte dauern bei vollständigen Unterlagen oft länger "
     "als die gesetzlichen drei bzw. vier Monate. Betriebe halten Stellen monatelang frei.",
     "Personal der Anerkennungsstellen aufstocken, Verfahren digitalisieren und den Stand des "
     "Verfahrens für Antragstellende online einsehbar machen.",
     "state", "high", 16, 0},
    {"Ausländerbehörde schwer erreichbar", "authority_communication",
     "Telefonisch und per E-Mail ist die Ausländerbehörde kaum erreichbar; Arbeitgeber erfahren "
     "nicht, welche Unterlagen fehlen, und Termine zur Erteilung des Aufenthaltstitels nach der "
     "Einreise liegen Wochen in der Zukunft.",
     "Feste Ansprechpersonen für Arbeitgeber (Business-Service) in jeder Ausländerbehörde, "
     "verbindliche Antwortfristen und ein digitaler Posteingang.",
     "state", "medium", 14, 0},
    {"Bezahlbarer Wohnraum für neu eingereiste Fachkräfte fehlt", "housing",
     "Neu eingereiste Fachkräfte finden ohne Schufa-Auskunft und Gehaltsnachweise keine Wohnung. "
     "Betriebe mieten Übergangswohnungen an, die sich kleine Unternehmen nicht leisten können.",
     "Landesprogramm für Werkswohnungen und Übergangswohnraum für Beschäftigte; kommunale "
     "Wohnungsgesellschaften in die Willkommensstrukturen einbinden.",
     "state", "high", 12, 1},
    {"Termine an den Auslandsvertretungen in Vietnam und auf den Philippinen",
     "visa_appointment_wait",
     "Für Auszubildende und Pflegekräfte aus Vietnam und von den Philippinen sind Visatermine "
     "nur über Wartelisten zu bekommen; Ausbildungsbeginn im August wird regelmäßig verpasst.",
     "Saisonale Sonderkontingente für Ausbildungsvisa vor dem 1. August; Bündelung von "
     "Anträgen eines Arbeitgebers.",
     "federal", "high", 9, 0},
    {"Zu wenige Termine für die Kenntnisprüfung", "recognition_duration",
     "Pflegekräfte mit Defizitbescheid warten bis zu einem Jahr auf die Kenntnisprüfung und "
     "arbeiten in der Zwischenzeit als Hilfskräfte.",
     "Mehr Prüfungstermine an den Pflegeschulen, Prüfungen auch in Blockform; Anerkennungs"
     "partnerschaften nach § 16d Abs. 3 AufenthG stärker bekannt machen.",
     "state", "medium", 8, -1},
    {"Unklare Zuständigkeit zwischen Ausländerbehörde und Agentur für Arbeit",
     "authority_communication",
     "Bei der Zustimmung der Bundesagentur für Arbeit und der Vorabzustimmung ist für "
     "Arbeitgeber nicht erkennbar, wer welchen Schritt verantwortet; Anfragen laufen im Kreis.",
     "Ein gemeinsamer Leitfaden von Ausländerbehörden und Arbeitsagenturen in NRW mit einem "
     "Ablaufplan für Arbeitgeber.",
     "state", "medium", 7, 0},
    {"Wartelisten für Berufssprachkurse", "language_courses",
     "Berufssprachkurse nach der DeuFöV (B2, C1 Pflege) sind in der Region ausgebucht; "
     "Beschäftigte warten mehrere Monate auf einen Platz.",
     "Mittel für Berufssprachkurse verstetigen und berufsbegleitende Abend- und Onlinekurse "
     "ausbauen.",
     "federal", "medium", 8, 1},
    {"Kaum Deutschkurse im Herkunftsland", "language_courses",
     "In mehreren Herkunftsländern gibt es zu wenige Kurse bis B1/B2; Fachkräfte reisen mit "
     "geringen Deutschkenntnissen ein.",
     "Sprachkursangebote der Goethe-Institute und Partnerorganisationen in den Hauptherkunfts"
     "ländern ausweiten; digitale Kurse fördern.",
     "federal", "medium", 5, 0},
    {"Kosten für Anerkennung, Übersetzungen und Beglaubigungen", "costs",
     "Gebühren, beglaubigte Übersetzungen und Zeugnisbewertungen kosten je Fachkraft schnell "
     "mehr als 1.500 Euro; kleine Betriebe schrecken davor zurück.",
     "Anerkennungszuschuss des Bundes bekannter machen und auf Arbeitgeber von KMU ausweiten; "
     "Gebühren der Landesstellen vereinheitlichen.",
     "state", "medium", 9, 0},
    {"Intransparente Gebühren privater Vermittlungsagenturen", "costs",
     "Agenturen verlangen Pauschalen, deren Leistungen unklar sind; Fachkräfte berichten "
     "von Gebühren, die sie selbst im Herkunftsland zahlen mussten.",
     "Gütesiegel \"Faire Anwerbung Pflege Deutschland\" auf weitere Branchen übertragen; "
     "Arbeitgeber über das Verbot von Vermittlungsgebühren für Beschäftigte informieren.",
     "federal", "high", 6, 1},
    {"Keine Kita-Plätze für nachziehende Kinder", "childcare",
     "Familien von Fachkräften finden nach dem Nachzug keinen Betreuungsplatz; ein Elternteil "
     "kann die angebotene Stelle nicht antreten.",
     "Nachziehende Kinder von Fachkräften bei der Platzvergabe berücksichtigen und "
     "Brückenangebote in den Kommunen fördern.",
     "state", "medium", 6, 0},
    {"Familiennachzug: Nachweis ausreichenden Wohnraums", "housing",
     "Der Nachzug scheitert am Nachweis ausreichenden Wohnraums, obwohl Einkommen und "
     "Arbeitsvertrag vorliegen.",
     "Die Wohnraumanforderung beim Nachzug zu Fachkräften befristet aussetzen, wie es für "
     "Inhaber der Blauen Karte bereits gilt.",
     "federal", "medium", 4, 0},
    {"Abbrüche bei der digitalen Antragstellung im Auslandsportal", "other",
     "Das Auslandsportal bricht beim Hochladen großer Dokumente ab; Antragstellende müssen "
     "neu beginnen und verlieren ihren Platz in der Warteschlange.",
     "Upload-Grenzen anheben, Zwischenspeichern ermöglichen und eine Hotline für "
     "Arbeitgeber einrichten.",
     "federal", "low", 4, -1},
    {"Kontingent der Westbalkanregelung früh ausgeschöpft", "visa_appointment_wait",
     "Das jährliche Kontingent nach § 26 Abs. 2 BeschV ist nach wenigen Monaten erschöpft; "
     "Betriebe im Bau und in der Gastronomie planen ohne Sicherheit.",
     "Kontingent an den Bedarf koppeln und Zustimmungen über das Jahr gleichmäßig verteilen.",
     "federal", "medium", 6, 0},
    {"Anerkennung im Handwerk ohne deutschen Referenzberuf", "recognition_duration",
     "Für einige Berufe aus Herkunftsländern gibt es keinen passenden Referenzberuf; die "
     "Kammern prüfen lange und ergebnislos.",
     "Teilanerkennungen mit Anpassungsqualifizierung im Betrieb ermöglichen und die "
     "Erfahrungssäule (§ 6 BeschV) stärker nutzen.",
     "federal", "low", 4, 0},
    {"Umschreibung ausländischer Führerscheine für Berufskraftfahrer", "other",
     "Berufskraftfahrer aus Drittstaaten müssen Führerschein und Grundqualifikation fast "
     "vollständig neu erwerben; die Fahrschulen haben Wartezeiten.",
     "Anerkennung der Fahrpraxis und Prüfungen in weiteren Sprachen; Förderung der "
     "Nachqualifizierung durch die Arbeitsagentur.",
     "state", "medium", 5, 1},
    {"Einreisekosten überfordern Kleinstbetriebe", "costs",
     "Flug, Unterkunft der ersten Wochen und Vorleistungen für Sprachkurse übersteigen, was "
     "ein Betrieb mit wenigen Beschäftigten vorstrecken kann.",
     "Ein Landesprogramm für Zuschüsse zu Einreise- und Integrationskosten von KMU, "
     "gekoppelt an eine Beratung.",
     "state", "low", 4, 0},
    {"Gehaltsschwellen der Blauen Karte für Berufseinsteiger unklar", "authority_communication",
     "Arbeitgeber wissen nicht, welche Gehaltsschwelle für Berufsanfänger und Engpassberufe "
     "gilt, und erhalten widersprüchliche Auskünfte.",
     "Die jährlichen Schwellenwerte früh und an einer Stelle veröffentlichen; Beispiele für "
     "Engpassberufe ergänzen.",
     "federal", "low", 3, -1},
    {"Lange Wege zu Integrations- und Sprachangeboten im ländlichen Raum", "language_courses",
     "Im ländlichen Raum erreichen Beschäftigte ohne Auto die Kursorte nicht; Kurse am Abend "
     "fehlen.",
     "Mobile und digitale Kursformate fördern und den ÖPNV-Zuschuss für Kursteilnehmende "
     "ermöglichen.",
     "state", "low", 3, 0},
    {"Fehlende Rückmeldung zum Stand des beschleunigten Fachkräfteverfahrens",
     "authority_communication",
     "Nach Abschluss der Vereinbarung nach § 81a AufenthG erhalten Arbeitgeber wochenlang "
     "keine Rückmeldung; die Gebühr ist gezahlt, der Zeitplan unklar.",
     "Statusmeldungen der Zentralen Ausländerbehörden automatisch versenden und eine "
     "Bearbeitungsfrist veröffentlichen.",
     "state", "medium", 7, 1},
};
const size_t demo_n_obstacle_texts = DEMO_N(demo_obstacle_texts);

unsigned demo_obstacle_category_bit(const char *category)
{
    for (unsigned i = 0; i < LT_OBSTACLE_CATEGORY_COUNT; i++)
        if (strcmp(category, lt_obstacle_categories[i]) == 0)
            return 1u << i;
    return 0;
}

/* Bits of lt_obstacle_categories for each of demo_topics. */
unsigned demo_topic_obstacle_categories(size_t topic)
{
    enum {
        VISA = 1,
        RECOG = 2,
        AUTH = 4,
        HOUSING = 8,
        CHILD = 16,
        LANG = 32,
        COSTS = 64,
        OTHER = 128
    };
    static const unsigned by_topic[DEMO_N_TOPICS] = {
        RECOG | COSTS | AUTH,       /* recognition */
        VISA | AUTH | OTHER,        /* visa_and_entry */
        AUTH | VISA | LANG | COSTS, /* feg_pathways */
        HOUSING | LANG | OTHER,     /* onboarding */
        HOUSING | CHILD | VISA,     /* family_reunification */
        HOUSING,                    /* housing */
        LANG,                       /* language */
        COSTS,                      /* funding */
        COSTS | OTHER,              /* recruitment_agencies */
        OTHER | AUTH,               /* other */
    };
    return topic < DEMO_N_TOPICS ? by_topic[topic] : 0;
}

/* ------------------------------------------------------------ activities */

const demo_activity_text demo_activity_texts[] = {
    {"event",
     "Informationsveranstaltung: Fachkräfteeinwanderung für kleine und mittlere Unternehmen",
     "Überblick über die Wege nach dem Fachkräfteeinwanderungsgesetz, mit Fragen aus der Praxis.",
     {"feg", "recruitment", NULL}},
    {"event",
     "Arbeitgeberforum Internationale Fachkräfte",
     "Betriebe berichten von ihren Erfahrungen mit Anwerbung und Einarbeitung.",
     {"recruitment", "onboarding", NULL}},
    {"event",
     "Fachtag Pflege international",
     "Anerkennung, Kenntnisprüfung und Anpassungslehrgänge in der Pflege.",
     {"recognition", "recruitment", NULL}},
    {"event",
     "Unternehmerfrühstück: Anerkennung ausländischer Berufsabschlüsse",
     "",
     {"recognition", NULL, NULL}},
    {"event",
     "Aktionstag Vielfalt im Betrieb",
     "Beitrag zum Deutschen Diversity-Tag.",
     {"diversity", NULL, NULL}},
    {"event",
     "Jobmesse für internationale Fachkräfte und Auszubildende",
     "",
     {"recruitment", "diversity", NULL}},
    {"workshop",
     "Workshop: Onboarding internationaler Beschäftigter",
     "Checklisten für die ersten hundert Tage, Patenschaften, Sprache am Arbeitsplatz.",
     {"onboarding", NULL, NULL}},
    {"workshop",
     "Workshop: Das beschleunigte Fachkräfteverfahren in der Praxis",
     "Von der Vollmacht bis zur Vorabzustimmung: Schritt für Schritt durch § 81a AufenthG.",
     {"feg", NULL, NULL}},
    {"workshop",
     "Workshop: Interkulturelle Kompetenz für Ausbildende",
     "",
     {"diversity", "onboarding", NULL}},
    {"workshop",
     "Workshop: Familiennachzug - was Arbeitgeber wissen sollten",
     "",
     {"family_reunification", "onboarding", NULL}},
    {"workshop",
     "Praxisworkshop Anerkennungsverfahren",
     "Unterlagen, Übersetzungen, Kosten und Fristen der Anerkennung.",
     {"recognition", NULL, NULL}},
    {"network_meeting",
     "Netzwerktreffen Fachkräftesicherung",
     "Austausch der regionalen Akteure zu aktuellen Anfragen und Hürden.",
     {"recruitment", "other", NULL}},
    {"network_meeting", "Runder Tisch Willkommenskultur", "", {"onboarding", "diversity", NULL}},
    {"network_meeting",
     "Austausch mit Ausländerbehörde und Kammern",
     "Abstimmung von Abläufen zwischen Behörden, Kammern und Beratung.",
     {"feg", "recognition", NULL}},
    {"network_meeting",
     "Arbeitstreffen Netzwerk Pflege international",
     "",
     {"recognition", "recruitment", NULL}},
    {"press_release",
     "Pressemitteilung: Neue Beratungsangebote für Arbeitgeber",
     "",
     {"recruitment", NULL, NULL}},
    {"press_release",
     "Pressemitteilung: Bilanz des Arbeitgeberforums",
     "",
     {"recruitment", NULL, NULL}},
    {"press_release",
     "Pressemitteilung: Erste Erfahrungen mit der Chancenkarte in der Region",
     "",
     {"feg", NULL, NULL}},
    {"press_release",
     "Pressemitteilung: Familiennachzug erleichtert",
     "",
     {"family_reunification", NULL, NULL}},
    {"social_media",
     "Social-Media-Reihe: Gesichter der Einwanderung",
     "",
     {"diversity", "onboarding", NULL}},
    {"social_media", "Kampagne: Anerkennung lohnt sich", "", {"recognition", NULL, NULL}},
    {"social_media", "Beitragsserie: Willkommen im Betrieb", "", {"onboarding", NULL, NULL}},
};
const size_t demo_n_activity_texts = DEMO_N(demo_activity_texts);

/* ------------------------------------------------------------ bulletins */

const demo_bulletin_text demo_bulletin_texts[] = {
    {"law_change",
     "Chancenkarte: Punktesystem und Nachweise",
     "Die Chancenkarte erlaubt die Einreise zur Arbeitsuche. Punkte gibt es für Anerkennung, "
     "Sprachkenntnisse, Berufserfahrung, Alter und Voraufenthalte. Arbeitgeber können "
     "Probebeschäftigungen anbieten.",
     {"§ 20a AufenthG", NULL, NULL},
     true},
    {"law_change",
     "Blaue Karte EU: Gehaltsschwellen des neuen Jahres",
     "Die Mindestgehälter für die Blaue Karte EU werden jährlich angepasst. Für Engpassberufe und "
     "Berufsanfänger gilt die niedrigere Schwelle.",
     {"§ 18g AufenthG", NULL, NULL},
     true},
    {"law_change",
     "Westbalkanregelung: Kontingent und Antragsweg",
     "Die Beschäftigung nach der Westbalkanregelung ist an ein jährliches Kontingent gebunden. "
     "Die Vorabzustimmung beantragt der Arbeitgeber bei der Bundesagentur für Arbeit.",
     {"§ 26 Abs. 2 BeschV", NULL, NULL},
     true},
    {"law_change",
     "Beschleunigtes Fachkräfteverfahren: Ablauf und Gebühren",
     "Mit einer Vollmacht der Fachkraft schließt der Arbeitgeber eine Vereinbarung mit der "
     "zuständigen Ausländerbehörde. Die Gebühr beträgt 411 Euro.",
     {"§ 81a AufenthG", NULL, NULL},
     false},
    {"law_change",
     "Anerkennungspartnerschaft: Einreise vor der Anerkennung",
     "Die Anerkennung kann nach der Einreise im Betrieb nachgeholt werden, wenn Arbeitgeber und "
     "Fachkraft sich dazu verpflichten.",
     {"§ 16d Abs. 3 AufenthG", NULL, NULL},
     true},
    {"law_change",
     "Erfahrungssäule: Beschäftigung mit ausländischem Abschluss",
     "Mit zwei Jahren Berufserfahrung und einem im Herkunftsland staatlich anerkannten Abschluss "
     "ist eine Beschäftigung ohne deutsche Anerkennung möglich.",
     {"§ 6 BeschV", "§ 18a AufenthG", NULL},
     true},
    {"law_change",
     "Familiennachzug zu Fachkräften erleichtert",
     "Der Nachweis ausreichenden Wohnraums entfällt für den Nachzug zu Fachkräften, die ihren "
     "Aufenthaltstitel nach dem Stichtag erhalten haben.",
     {"§ 29 AufenthG", "§ 30 AufenthG", NULL},
     true},
    {"law_change",
     "Pflegehilfskräfte: Arbeitsmarktzulassung",
     "Pflegehilfskräfte mit einer in Deutschland anerkannten Ausbildung können eine "
     "Aufenthaltserlaubnis erhalten.",
     {"§ 22a BeschV", NULL, NULL},
     true},
    {"news",
     "Neue Broschüre: Onboarding internationaler Fachkräfte",
     "Die FAI NRW stellt eine Broschüre mit Checklisten für die ersten Monate bereit; gedruckte "
     "Exemplare können die Regionen bestellen.",
     {NULL, NULL, NULL},
     false},
    {"news",
     "Auslandsportal: Visaanträge jetzt digital",
     "Weitere Visakategorien können über das Auslandsportal des Auswärtigen Amts beantragt "
     "werden. Unterlagen werden digital eingereicht.",
     {NULL, NULL, NULL},
     false},
    {"news",
     "Berufssprachkurse: neue Kursformate",
     "Das BAMF fördert zusätzliche berufsbegleitende und digitale Berufssprachkurse.",
     {"DeuFöV", NULL, NULL},
     false},
    {"event_notice",
     "Landesweite Fachtagung Fachkräfteeinwanderung",
     "Die FAI NRW lädt die Regionen zur landesweiten Fachtagung ein; Anmeldung über die "
     "Koordinierungsstellen.",
     {NULL, NULL, NULL},
     false},
    {"event_notice",
     "Online-Sprechstunde für Koordinierungsstellen",
     "Monatliche Sprechstunde zu Rechtsfragen aus der Beratung; Fragen vorab per E-Mail.",
     {NULL, NULL, NULL},
     false},
    {"other",
     "Statistik: Anerkennungsverfahren in NRW",
     "Die Zahl der Anerkennungsverfahren ist weiter gestiegen; Pflege bleibt der größte Bereich.",
     {NULL, NULL, NULL},
     false},
};
const size_t demo_n_bulletin_texts = DEMO_N(demo_bulletin_texts);

/* ------------------------------------------------------------ offers */

const demo_offer_text demo_offer_texts[] = {
    {"welcome_office",
     "Welcome Office: Ankommen in der Region",
     "Welcome Office",
     "welcome-office",
     {"onboarding", "housing", "family_reunification", "language"},
     "Leitung Welcome Office"},
    {"ihk",
     "IHK-Beratung zur Anerkennung ausländischer Berufsqualifikationen",
     "IHK",
     "ihk-anerkennung",
     {"recognition", NULL, NULL, NULL},
     "Anerkennungsberatung"},
    {"hwk",
     "Anerkennungsberatung im Handwerk",
     "Handwerkskammer",
     "hwk-anerkennung",
     {"recognition", NULL, NULL, NULL},
     "Anerkennungsberatung"},
    {"employment_agency",
     "Arbeitgeber-Service: internationale Fachkräfte",
     "Agentur für Arbeit",
     "arbeitgeber-service",
     {"feg_pathways", "recruitment_agencies", "funding", NULL},
     "Arbeitgeber-Service"},
    {"municipal_integration_centre",
     "Integrationsbegleitung für Beschäftigte",
     "Kommunales Integrationszentrum",
     "integrationsbegleitung",
     {"onboarding", "language", "family_reunification", NULL},
     "Integrationsbegleitung"},
    {"other",
     "Beschleunigtes Fachkräfteverfahren: Beratung der Ausländerbehörde",
     "Zentrale Ausländerbehörde",
     "fachkraefteverfahren",
     {"visa_and_entry", "feg_pathways", NULL, NULL},
     "Business-Service"},
    {"other",
     "Anerkennungs- und Qualifizierungsberatung",
     "IQ Netzwerk NRW",
     "iq-beratung",
     {"recognition", "funding", NULL, NULL},
     "Beratung"},
    {"other",
     "Wohnraum für internationale Beschäftigte",
     "Kommunale Wohnungsgesellschaft",
     "wohnraum",
     {"housing", NULL, NULL, NULL},
     "Wohnungsvermittlung"},
    {"other",
     "Berufssprachkurse: Beratung und Vermittlung",
     "Volkshochschule",
     "sprachkurse",
     {"language", NULL, NULL, NULL},
     "Fachbereich Deutsch"},
    {"other",
     "Fördermittelberatung Fachkräftesicherung",
     "Wirtschaftsförderung",
     "foerdermittel",
     {"funding", NULL, NULL, NULL},
     "Fördermittelberatung"},
    {"welcome_office",
     "Familiennachzug: Beratung für Familien",
     "Welcome Center",
     "familiennachzug",
     {"family_reunification", "housing", NULL, NULL},
     "Familienservice"},
    {"other",
     "Faire Anwerbung und seriöse Vermittlungsagenturen",
     "Faire Integration",
     "faire-anwerbung",
     {"recruitment_agencies", "other", NULL, NULL},
     "Beratung"},
};
const size_t demo_n_offer_texts = DEMO_N(demo_offer_texts);

/* ------------------------------------------------------------ measures */

const demo_measure_text demo_measure_texts[] = {
    {"other", "Fachkräftefrühstück mit Pflegeeinrichtungen",
     "Vierteljährlicher Austausch mit Einrichtungen der Pflege zu Anwerbung und Anerkennung."},
    {"information_material", "Leitfaden Onboarding in einfacher Sprache",
     "Ein Leitfaden für Betriebe, übersetzt in die häufigsten Herkunftssprachen."},
    {"events", "Regionales Arbeitgeberforum", "Jährliches Forum mit Praxisberichten."},
    {"exchange_formats", "Quartalsaustausch mit der Ausländerbehörde",
     "Feste Termine zur Klärung wiederkehrender Fragen aus Arbeitgeberanfragen."},
    {"lighthouse_projects", "Ausbildungspartnerschaft Pflege",
     "Gemeinsam mit Pflegeschulen Auszubildende aus Drittstaaten gewinnen und begleiten."},
    {"speaker_referrals", "Referentenpool Anerkennung und Aufenthaltsrecht",
     "Fachleute, die für Veranstaltungen der Region angefragt werden können."},
    {"other", "Willkommenspaket für neue Fachkräfte",
     "Informationen zu Wohnen, Kinderbetreuung, Sprache und Vereinen."},
    {"exchange_formats", "Kollegiale Fallberatung der Beratungsstellen", ""},
};
const size_t demo_n_measure_texts = DEMO_N(demo_measure_texts);

static const struct {
    const char *category;
    const char *notes[4];
} progress_notes[] = {
    {"law_change_information",
     {"Rundschreiben zu den Neuerungen an die Netzwerkpartner versandt.",
      "Änderungen der Beschäftigungsverordnung in der Sitzung des Beirats vorgestellt.",
      "FAQ zu den aktuellen Gesetzesänderungen auf der Website der Region ergänzt.",
      "Informationsstand der Beratungsstellen zu den neuen Regelungen abgefragt."}},
    {"exchange_formats",
     {"Erster Austauschtermin mit Kammern und Arbeitsagentur durchgeführt.",
      "Themenliste für die nächsten Termine abgestimmt.",
      "Austausch zu Beratungsprozessen mit der FAI NRW durchgeführt.",
      "Teilnehmerkreis um die Ausländerbehörde erweitert."}},
    {"information_material",
     {"Entwurf der Materialien mit der FAI NRW abgestimmt.",
      "Übersicht der Vermittlungsagenturen mit Gütesiegel aktualisiert.",
      "Druckfassung an Kammern und Wirtschaftsförderung verteilt.",
      "Rückmeldungen von Betrieben zur Verständlichkeit eingeholt."}},
    {"events",
     {"Termin und Räume für die Veranstaltung gesichert.",
      "Programm mit Referentinnen und Referenten abgestimmt.",
      "Einladung an Betriebe der Region versandt.",
      "Veranstaltung ausgewertet; Anmeldungen über den Erwartungen."}},
    {"speaker_referrals",
     {"Bedarf an Fachvorträgen bei den Netzwerkpartnern abgefragt.",
      "Zwei Fachvorträge über die FAI NRW vermittelt.",
      "Liste der Referentinnen und Referenten aktualisiert.",
      "Rückmeldung der Veranstalter zu den Vorträgen eingeholt."}},
    {"lighthouse_projects",
     {"Gespräch mit den Projektverantwortlichen geführt.",
      "Anknüpfungspunkte an die Beratung der FAI NRW festgehalten.",
      "Projekt im Netzwerktreffen vorgestellt.", "Gemeinsame Öffentlichkeitsarbeit vereinbart."}},
    {"other",
     {"Konzept abgestimmt.", "Erste Umsetzungsschritte begonnen.",
      "Zwischenstand im Beirat berichtet.", "Rückmeldungen der Betriebe ausgewertet."}},
};

const char *demo_progress_note(lt_rand *r, const char *category, const char *status, bool last)
{
    if (last && strcmp(status, "done") == 0)
        return "Maßnahme abgeschlossen; Ergebnisse im Jahresbericht dokumentiert.";
    if (last && strcmp(status, "dropped") == 0)
        return "Maßnahme zurückgestellt: Ziel wird über ein anderes Format erreicht.";
    for (size_t i = 0; i < DEMO_N(progress_notes); i++)
        if (strcmp(progress_notes[i].category, category) == 0)
            return progress_notes[i].notes[lt_rand_below(r, 4)];
    return progress_notes[DEMO_N(progress_notes) - 1].notes[lt_rand_below(r, 4)];
}

/* ------------------------------------------------------------ short notes */

const char *const demo_inquiry_notes[] = {
    "Rückruf vereinbart.",
    "Unterlagen zur Anerkennung per E-Mail übersandt.",
    "Checkliste beschleunigtes Fachkräfteverfahren übersandt.",
    "Erstberatung telefonisch; Betrieb meldet sich nach interner Abstimmung.",
    "Hinweis auf Anerkennungszuschuss gegeben.",
    "Kontakt zur zuständigen Ausländerbehörde hergestellt.",
    "Betrieb plant Anwerbung über eine Agentur; Hinweise zu fairer Anwerbung gegeben.",
    "Fragen zur Blauen Karte geklärt.",
    "Termin im Welcome Office vereinbart.",
    "Informationen zu Berufssprachkursen übersandt.",
    "Betrieb sucht Wohnraum für zwei Beschäftigte.",
    "Mehrere Stellen in der Pflege zu besetzen.",
    "Anfrage nach Veranstaltung aufgenommen.",
    "Weiterleitung an die Kammer abgestimmt.",
};
const size_t demo_n_inquiry_notes = DEMO_N(demo_inquiry_notes);

const char *const demo_late_reasons[] = {
    "Die Kosten für Catering und Technik standen erst nach der Veranstaltung fest.",
    "Die Abstimmung im Haushaltsausschuss der Region lag nach dem Termin.",
    "Der Referent wurde kurzfristig ersetzt; die Kosten änderten sich.",
    "Kurzfristig angesetzte Veranstaltung; die Aufteilung wurde im Nachgang vereinbart.",
};
const size_t demo_n_late_reasons = DEMO_N(demo_late_reasons);

const char *const demo_institutions[] = {
    "Agentur für Arbeit %s",   "IHK %s",
    "Handwerkskammer %s",      "Kommunales Integrationszentrum %s",
    "Wirtschaftsförderung %s", "Jobcenter %s",
    "Volkshochschule %s",      "Stadt %s",
};
const size_t demo_n_institutions = DEMO_N(demo_institutions);
