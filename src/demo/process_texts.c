/*
 * process_texts.c - the German texts of the demo model processes: a catalogue
 * of steps (what a step of skilled immigration is, who takes it, how long it
 * typically lasts), the process themes that string steps into a flow with
 * branches and joins, and what regions and the FAI write about them
 * (feedback, review comments).
 *
 * The steps describe typical paths as the public sources do (Residence Act as
 * amended by the Skilled Immigration Act of 2023, make-it-in-germany.com,
 * anerkennung-in-deutschland.de); like the FAI's seeded processes they are no
 * legal advice and name the authority whose answer binds. No text names a
 * person or a company.
 */
#include "demo_internal.h"

#define MIG "https://www.make-it-in-germany.com/"
#define ANE "https://www.anerkennung-in-deutschland.de/"
#define BA  "https://www.arbeitsagentur.de/"
#define AA  "https://www.auswaertiges-amt.de/de/"

const demo_step_text demo_step_texts[] = {
    /* ---- orientation */
    {"bedarf", "orientation", "employer", 14, "Personalbedarf und Stellenprofil klären",
     "Welche Stellen sind offen, welche Qualifikation wird gebraucht, welche Vergütung nach Tarif "
     "ist möglich und ab wann? Früh festlegen, wer im Betrieb die neue Fachkraft begleitet.",
     "Stellenbeschreibung", "Tarif und Eingruppierung geklärt|Ansprechperson im Betrieb benannt",
     NULL, NULL},
    {"erstberatung", "orientation", "welcome_office", 7, "Erstberatung im Welcome Center",
     "Das Welcome Center der Region berät Arbeitgeber kostenfrei zu Zuwanderungswegen, "
     "Zuständigkeiten und Förderprogrammen und vermittelt an die passenden Stellen.",
     "", "Zuwanderungsweg besprochen|Zuständige Ausländerbehörde bekannt", "Make it in Germany",
     MIG},
    {"fai-beratung", "orientation", "fai", 7, "Beratung durch die FAI NRW",
     "Die NRW Fachkräfteagentur International klärt mit dem Betrieb, welcher Aufenthaltstitel "
     "passt (§§ 16d, 18a, 18b, 18g AufenthG) und ob sich das beschleunigte Fachkräfteverfahren "
     "lohnt.",
     "", "Aufenthaltstitel geklärt", NULL, NULL},
    {"arbeitgeberservice", "orientation", "employment_agency", 14,
     "Beratung durch den Arbeitgeber-Service",
     "Der Arbeitgeber-Service der Agentur für Arbeit prüft den Bedarf, informiert über die "
     "Programme der Zentralen Auslands- und Fachvermittlung (ZAV) und über Förderungen.",
     "Stellenmeldung", "Stelle bei der Agentur gemeldet", "Bundesagentur für Arbeit", BA},
    {"kammer-beratung", "orientation", "ihk", 14, "Beratung durch die IHK",
     "Die Ausbildungsberatung der IHK klärt, welche Berufe in Frage kommen, welche "
     "Deutschkenntnisse "
     "die Berufsschule erwartet und wie andere Betriebe internationale Auszubildende gewinnen.",
     "", "Ausbildungsberuf festgelegt", NULL, NULL},
    {"hwk-beratung", "orientation", "hwk", 14, "Beratung durch die Handwerkskammer",
     "Die Handwerkskammer berät zur Anerkennung ausländischer Abschlüsse im Handwerk, zu "
     "Anerkennungspartnerschaften und zu Qualifizierungen, die bis zur vollen Gleichwertigkeit "
     "führen.",
     "", "Referenzberuf bestimmt", "Anerkennung in Deutschland", ANE},
    /* ---- recruitment */
    {"ausschreibung", "recruitment", "employer", 30, "Stelle international ausschreiben",
     "Stellenanzeige auf Deutsch und Englisch, veröffentlicht in der Jobbörse von Make it in "
     "Germany und über EURES; Anforderungen an Sprache und Abschluss klar benennen.",
     "Stellenanzeige (deutsch und englisch)", "Anforderungen an den Sprachstand benannt",
     "Make it in Germany: Jobbörse", MIG},
    {"zav-vermittlung", "recruitment", "federal_employment_agency", 90, "Vermittlung über die ZAV",
     "Die Zentrale Auslands- und Fachvermittlung schlägt vorausgewählte Bewerberinnen und Bewerber "
     "aus Partnerländern vor, in der Pflege etwa im Programm Triple Win.",
     "Vermittlungsauftrag", "", "Bundesagentur für Arbeit", BA},
    {"agentur", "recruitment", "other", 90, "Personalvermittlung mit Gütesiegel beauftragen",
     "Eine Vermittlungsagentur mit dem Gütesiegel „Faire Anwerbung Pflege Deutschland“ oder "
     "vergleichbaren Standards beauftragen; die Fachkräfte zahlen keine Vermittlungsgebühren.",
     "Vermittlungsvertrag", "Gütesiegel geprüft|Keine Gebühren für Bewerberinnen und Bewerber",
     "Faire Anwerbung Pflege Deutschland", "https://www.faire-anwerbung-pflege-deutschland.de/"},
    {"partnerschulen", "recruitment", "employer", 60, "Auszubildende über Partnerschulen gewinnen",
     "Über Sprach- und Berufsschulen in Partnerländern und die Auslandshandelskammern geeignete "
     "Bewerberinnen und Bewerber finden; ein Praktikum per Video oder vor Ort hilft bei der Wahl.",
     "", "Partnerschule kontaktiert", NULL, NULL},
    {"karriereservice", "recruitment", "other", 60,
     "Absolventinnen und Absolventen über die Hochschulen gewinnen",
     "Career Services und International Offices der Hochschulen in der Region vermitteln "
     "internationale Studierende in Praktika, Abschlussarbeiten und erste Stellen.",
     "", "Kontakt zum Career Service|Praktikum oder Abschlussarbeit angeboten", NULL, NULL},
    {"auswahl", "recruitment", "employer", 21, "Auswahlgespräche per Video",
     "Gespräche per Video mit einem festen Leitfaden; Sprachstand und fachliche Erfahrung "
     "einschätzen, offene Fragen zu Wohnung, Familie und Zeitplan gleich mit besprechen.",
     "Lebenslauf|Abschlusszeugnis", "Gesprächsleitfaden|Sprachstand eingeschätzt", NULL, NULL},
    {"vertrag", "recruitment", "employer", 14, "Arbeitsvertrag abschließen",
     "Arbeitsvertrag oder verbindliches Arbeitsplatzangebot mit Tätigkeit, Gehalt und "
     "Arbeitszeit; die Angaben gehen in die Erklärung zum Beschäftigungsverhältnis ein.",
     "Arbeitsvertrag|Erklärung zum Beschäftigungsverhältnis",
     "Gehalt mit der Gehaltsschwelle abgeglichen", NULL, NULL},
    {"ausbildungsvertrag", "recruitment", "employer", 14, "Ausbildungsvertrag abschließen",
     "Ausbildungsvertrag mit Vergütung; für das Visum zur Berufsausbildung (§ 16a AufenthG) "
     "braucht es in der Regel Deutschkenntnisse auf Niveau B1 und einen gesicherten "
     "Lebensunterhalt.",
     "Ausbildungsvertrag", "Lebensunterhalt gesichert", NULL, NULL},
    {"eintragung", "recruitment", "ihk", 14, "Eintragung des Ausbildungsvertrags",
     "Die Kammer trägt den Ausbildungsvertrag in das Verzeichnis der Berufsausbildungsverhältnisse "
     "ein; die Bestätigung braucht die Ausländerbehörde.",
     "Eintragungsbestätigung", "", NULL, NULL},
    {"sprachkurs-herkunft", "recruitment", "skilled_worker", 180, "Deutschkurs im Herkunftsland",
     "Die Fachkraft lernt bis B1 (in der Pflege meist B2) im Herkunftsland; der Betrieb beteiligt "
     "sich an den Kosten und hält regelmäßig Kontakt.",
     "Sprachzertifikat", "Kostenübernahme geklärt|Monatlicher Kontakt vereinbart", NULL, NULL},
    /* ---- recognition */
    {"anerkennungsberatung", "recognition", "other", 14, "Anerkennungsberatung",
     "Die Beratung des IQ Netzwerks NRW oder der Anerkennungs-Finder zeigen, welche Stelle "
     "zuständig ist und welche Unterlagen sie verlangt.",
     "", "Zuständige Stelle bekannt", "Anerkennung in Deutschland", ANE},
    {"anerkennung-ihk", "recognition", "ihk", 90, "Anerkennung bei der IHK FOSA",
     "Für Berufe aus Industrie, Handel und Dienstleistung prüft die IHK FOSA die Gleichwertigkeit "
     "des Abschlusses; die Frist beginnt mit den vollständigen Unterlagen.",
     "Zeugnisse mit Übersetzung|Nachweise der Berufserfahrung", "", "Anerkennung in Deutschland",
     ANE},
    {"anerkennung-hwk", "recognition", "hwk", 90, "Anerkennung bei der Handwerkskammer",
     "Die Handwerkskammer stellt fest, ob der ausländische Abschluss dem deutschen Referenzberuf "
     "gleichwertig ist, und benennt im Bescheid, was gegebenenfalls fehlt.",
     "Zeugnisse mit Übersetzung|Nachweise der Berufserfahrung", "", "Anerkennung in Deutschland",
     ANE},
    {"anerkennung-pflege", "recognition", "recognition_body", 120,
     "Berufserlaubnis Pflege beantragen",
     "Antrag auf Erlaubnis zum Führen der Berufsbezeichnung bei der zuständigen Stelle; zeigt die "
     "Prüfung wesentliche Unterschiede, folgt ein Defizitbescheid mit Anpassungslehrgang oder "
     "Kenntnisprüfung.",
     "Ausbildungsnachweise mit Übersetzung|Sprachzertifikat|Ärztliche Bescheinigung",
     "Unterlagen vollständig eingereicht", "Anerkennung in Deutschland", ANE},
    {"zab", "recognition", "recognition_body", 60, "Zeugnisbewertung der ZAB",
     "Für Hochschulabschlüsse in nicht reglementierten Berufen bestätigt die Zeugnisbewertung der "
     "Zentralstelle für ausländisches Bildungswesen den Abschluss; steht er in anabin als "
     "vergleichbar, genügt oft der Ausdruck.",
     "Hochschulabschluss mit Übersetzung", "Eintrag in anabin geprüft", "anabin",
     "https://anabin.kmk.org/"},
    {"anerkennungspartnerschaft", "recognition", "employer", 14,
     "Anerkennungspartnerschaft vereinbaren",
     "Statt die Anerkennung vor der Einreise abzuschließen, vereinbaren Betrieb und Fachkraft, sie "
     "in Deutschland nachzuholen (§ 16d Abs. 3 AufenthG); der Antrag wird nach der Einreise "
     "gestellt.",
     "Vereinbarung zur Anerkennungspartnerschaft",
     "Berufsabschluss staatlich anerkannt im Herkunftsland|Deutschkenntnisse A2", NULL, NULL},
    {"anpassungslehrgang", "recognition", "employer", 180, "Anpassungslehrgang im Betrieb",
     "Mit Defizitbescheid besucht die Fachkraft einen Anpassungslehrgang an einer Pflegeschule "
     "oder "
     "bereitet sich auf die Kenntnisprüfung vor; im Betrieb arbeitet sie in der Zeit als "
     "Pflegehilfskraft.",
     "Defizitbescheid", "Praxisanleitung benannt|Lehrgangsplatz gesichert", NULL, NULL},
    {"kenntnispruefung", "recognition", "recognition_body", 30, "Prüfung und Berufsurkunde",
     "Nach bestandener Kenntnisprüfung oder abgeschlossenem Lehrgang erteilt die zuständige Stelle "
     "die Erlaubnis zum Führen der Berufsbezeichnung; der Aufenthaltstitel wird angepasst.",
     "Berufsurkunde", "", NULL, NULL},
    {"qualifizierung", "recognition", "hwk", 180, "Qualifizierung bis zur vollen Gleichwertigkeit",
     "Was der Bescheid als fehlend benennt, wird im Betrieb und in Kursen nachgeholt; danach "
     "stellt "
     "die Kammer die volle Gleichwertigkeit fest.",
     "Qualifizierungsplan|Bescheid über die volle Gleichwertigkeit",
     "Qualifizierungsplan mit der Kammer abgestimmt", NULL, NULL},
    {"fuehrerschein", "recognition", "municipality", 60, "Fahrerlaubnis umschreiben",
     "Die Fahrerlaubnisbehörde schreibt die ausländische Fahrerlaubnis um; für Fahrerlaubnisse aus "
     "den meisten Drittstaaten sind eine theoretische und eine praktische Prüfung nötig.",
     "Ausländische Fahrerlaubnis mit Übersetzung|Sehtest", "", NULL, NULL},
    {"bkf-qualifikation", "recognition", "ihk", 90, "Berufskraftfahrerqualifikation",
     "Beschleunigte Grundqualifikation mit Prüfung bei der IHK; danach wird die Schlüsselzahl 95 "
     "in "
     "den Führerschein eingetragen.",
     "Prüfungsbescheinigung", "Schulungsplatz gebucht", NULL, NULL},
    /* ---- visa and entry */
    {"vollmacht", "visa_and_entry", "employer", 7, "Beschleunigtes Fachkräfteverfahren vereinbaren",
     "Mit einer Vollmacht der Fachkraft schließt der Arbeitgeber mit der zuständigen "
     "Ausländerbehörde die Vereinbarung nach § 81a AufenthG; das Verfahren ist gebührenpflichtig.",
     "Vollmacht|Vereinbarung nach § 81a AufenthG", "Gebühr überwiesen", NULL, NULL},
    {"zustimmung-ba", "visa_and_entry", "federal_employment_agency", 7,
     "Zustimmung der Bundesagentur für Arbeit",
     "Die Bundesagentur für Arbeit prüft, soweit nötig, ob die Arbeitsbedingungen denen "
     "vergleichbarer inländischer Beschäftigter entsprechen (§ 39 AufenthG).",
     "Erklärung zum Beschäftigungsverhältnis", "", "Bundesagentur für Arbeit", BA},
    {"vorabzustimmung", "visa_and_entry", "immigration_office", 14, "Vorabzustimmung erteilen",
     "Liegen Anerkennung (soweit nötig) und Zustimmung vor, erteilt die Ausländerbehörde die "
     "Vorabzustimmung; der Arbeitgeber leitet sie an die Fachkraft weiter.",
     "Vorabzustimmung", "", NULL, NULL},
    {"visumtermin", "visa_and_entry", "skilled_worker", 30, "Visumtermin buchen",
     "Die Fachkraft bucht einen Termin bei der deutschen Auslandsvertretung; Wartezeiten früh "
     "einplanen und das Auslandsportal nutzen, wo es angeboten wird.",
     "Reisepass|Terminbestätigung", "", "Auswärtiges Amt: Visa", AA},
    {"visum", "visa_and_entry", "foreign_mission", 21, "Visum zur Beschäftigung erteilen",
     "Die Auslandsvertretung entscheidet über den vollständigen Antrag und erteilt das nationale "
     "Visum zur Beschäftigung.",
     "Nationales Visum", "", "Auswärtiges Amt: Visa", AA},
    {"visum-ausbildung", "visa_and_entry", "foreign_mission", 30, "Visum zur Berufsausbildung",
     "Die Auslandsvertretung erteilt das Visum zur Berufsausbildung (§ 16a AufenthG), wenn "
     "Ausbildungsvertrag, Zustimmung und Sprachnachweis vorliegen; Ausbildungsbeginn im August "
     "früh bedenken.",
     "Ausbildungsvertrag|Sprachzertifikat B1", "", "Auswärtiges Amt: Visa", AA},
    {"blaue-karte", "visa_and_entry", "foreign_mission", 21, "Visum für die Blaue Karte EU",
     "Mit Hochschulabschluss und einem Gehalt über der Schwelle des § 18g AufenthG erteilt die "
     "Auslandsvertretung das Visum; für Engpassberufe und Berufsanfänger gilt eine niedrigere "
     "Schwelle.",
     "Arbeitsvertrag|Nachweis des Hochschulabschlusses",
     "Gehaltsschwelle des laufenden Jahres geprüft", "Make it in Germany: Blaue Karte EU", MIG},
    {"westbalkan", "visa_and_entry", "federal_employment_agency", 14,
     "Zustimmung nach der Westbalkanregelung",
     "Nach § 26 Abs. 2 BeschV stimmt die Bundesagentur für Arbeit einer Beschäftigung unabhängig "
     "von "
     "der Qualifikation zu, solange das jährliche Kontingent reicht; früh beantragen.",
     "Arbeitsplatzbeschreibung", "Kontingent des Jahres erfragt", "Bundesagentur für Arbeit", BA},
    {"titelwechsel", "visa_and_entry", "immigration_office", 30,
     "Aufenthaltstitel zur Beschäftigung",
     "Nach dem Abschluss wechselt die Absolventin oder der Absolvent vom Aufenthalt zum Studium in "
     "einen Titel zur Beschäftigung (§ 18b AufenthG oder Blaue Karte EU); ein Visumverfahren ist "
     "nicht nötig.",
     "Abschlusszeugnis|Arbeitsvertrag",
     "Termin bei der Ausländerbehörde vor Ablauf des bisherigen Titels", NULL, NULL},
    {"familiennachzug", "visa_and_entry", "immigration_office", 90, "Familiennachzug vorbereiten",
     "Voraussetzungen mit der Ausländerbehörde klären: Aufenthaltstitel, gesicherter "
     "Lebensunterhalt und Wohnraum; Urkunden mit Übersetzung beschaffen. Ehegatte und Kinder "
     "beantragen das Visum bei der Auslandsvertretung.",
     "Heiratsurkunde|Geburtsurkunden der Kinder|Übersetzungen",
     "Voraussetzungen mit der Ausländerbehörde geklärt", NULL, NULL},
    /* ---- arrival */
    {"wohnung", "arrival", "employer", 30, "Wohnung und Ankunft vorbereiten",
     "Eine vorübergehende oder dauerhafte Wohnung sichern; der Wohnungsgeber stellt die "
     "Wohnungsgeberbestätigung aus, ohne die die Anmeldung nicht möglich ist.",
     "Mietvertrag|Wohnungsgeberbestätigung", "Erste Woche geplant", NULL, NULL},
    {"abholung", "arrival", "employer", 1, "Abholung und erste Tage",
     "Abholung am Flughafen oder Bahnhof, Schlüsselübergabe, Einkauf und ein erster Rundgang; eine "
     "Person aus dem Betrieb ist in den ersten Tagen erreichbar.",
     "", "Abholung geplant|Notfallnummer übergeben", NULL, NULL},
    {"anmeldung", "arrival", "municipality", 14, "Wohnsitz anmelden",
     "Anmeldung beim Bürgeramt innerhalb von zwei Wochen nach dem Einzug; danach kommt die "
     "steuerliche Identifikationsnummer per Post.",
     "Reisepass mit Visum|Wohnungsgeberbestätigung", "Meldebescheinigung erhalten", NULL, NULL},
    {"konto-krankenkasse", "arrival", "skilled_worker", 14, "Konto und Krankenkasse",
     "Girokonto eröffnen und eine Krankenkasse wählen; die Mitgliedsbescheinigung geht an den "
     "Arbeitgeber, der die Fachkraft zur Sozialversicherung meldet.",
     "Meldebescheinigung|Mitgliedsbescheinigung der Krankenkasse", "", NULL, NULL},
    {"aufenthaltstitel", "arrival", "immigration_office", 30, "Aufenthaltstitel beantragen",
     "Vor Ablauf des Visums den elektronischen Aufenthaltstitel bei der Ausländerbehörde "
     "beantragen; Termin früh buchen.",
     "Meldebescheinigung|Arbeitsvertrag|Biometrisches Passfoto", "Termin gebucht", NULL, NULL},
    /* ---- onboarding */
    {"erster-tag", "onboarding", "employer", 30, "Erster Arbeitstag und Einarbeitungsplan",
     "Einarbeitungsplan mit Zielen für die ersten Wochen, feste Ansprechperson, Einführung in "
     "Abläufe und Teamkultur.",
     "Einarbeitungsplan", "Ansprechperson benannt|Arbeitsmittel bereit", NULL, NULL},
    {"pate", "onboarding", "employer", 90, "Patenschaft im Team",
     "Eine Patin oder ein Pate aus dem Team begleitet die ersten Monate; Fachbegriffe und "
     "ungeschriebene Regeln werden im Alltag geübt.",
     "", "Patin oder Pate benannt|Feedbackgespräche terminiert", NULL, NULL},
    {"arbeitsschutz", "onboarding", "employer", 5, "Unterweisung im Arbeitsschutz",
     "Unterweisung in Arbeitsschutz und Unfallverhütung, wo nötig mit Übersetzung oder Bildern; "
     "Schutzausrüstung und Baustellenregeln erklären.",
     "Unterweisungsnachweis", "Unterweisung dokumentiert", NULL, NULL},
    {"berufssprachkurs", "onboarding", "employment_agency", 180, "Berufssprachkurs",
     "Berufsbezogene Deutschsprachförderung des BAMF neben der Arbeit; die Agentur für Arbeit oder "
     "das Jobcenter berät zur Zulassung. Kurszeiten mit dem Dienstplan abstimmen.",
     "Zulassung zum Kurs", "Kurszeiten mit dem Dienstplan abgestimmt",
     "Bundesamt für Migration und Flüchtlinge", "https://www.bamf.de/"},
    {"berufsschule", "onboarding", "other", 365, "Berufsschule und Ausbildungsbegleitung",
     "Die Berufsschule wird früh über Sprachstand und Förderbedarf informiert; Ausbildende und "
     "Lehrkräfte stimmen sich regelmäßig ab.",
     "", "Berufsschule informiert", NULL, NULL},
    {"asa-flex", "onboarding", "employment_agency", 365, "Assistierte Ausbildung",
     "Die Agentur für Arbeit fördert mit der Assistierten Ausbildung Nachhilfe, Sprachförderung "
     "und "
     "sozialpädagogische Begleitung während der Ausbildung.",
     "", "Förderung beantragt", "Bundesagentur für Arbeit", BA},
    {"fahrzeugeinweisung", "onboarding", "employer", 14, "Einweisung auf Fahrzeug und Touren",
     "Begleitfahrten auf den ersten Touren, Einweisung in Fahrzeug, Ladungssicherung und "
     "Lenkzeiten.",
     "", "Begleitfahrten geplant", NULL, NULL},
    /* ---- social integration */
    {"willkommenstag", "social_integration", "welcome_office", 1, "Willkommenstag der Region",
     "Das Welcome Center lädt neu angekommene Fachkräfte ein: Stadtrundgang, Beratung in mehreren "
     "Sprachen und Kontakte zu anderen, die neu in der Region sind.",
     "", "Einladung weitergegeben", NULL, NULL},
    {"vereine", "social_integration", "municipality", 60, "Kontakte in Vereine und Nachbarschaft",
     "Sport, Musik, Ehrenamt und Migrantenorganisationen: die Kommune und das Welcome Center "
     "vermitteln Kontakte, die über den Betrieb hinaus tragen.",
     "", "", NULL, NULL},
    {"integrationszentrum", "social_integration", "municipality", 30,
     "Beratung im Kommunalen Integrationszentrum",
     "Das Kommunale Integrationszentrum berät zu Sprachkursen, Schule und Angeboten für Familien.",
     "", "", NULL, NULL},
    {"kita-schule", "social_integration", "municipality", 60, "Kita- und Schulplatz organisieren",
     "Ab dem ersten Geburtstag besteht ein Anspruch auf Förderung in einer Kita oder in der "
     "Kindertagespflege (§ 24 SGB VIII); den Bedarf früh melden. Schulpflichtige Kinder meldet die "
     "Familie beim Schulamt an.",
     "Geburtsurkunden|Impfnachweise", "Kita-Bedarf gemeldet|Schulanmeldung vorbereitet", NULL,
     NULL},
    {"partnerjob", "social_integration", "employment_agency", 90,
     "Arbeit für Partnerin oder Partner",
     "Ehegatten dürfen in Deutschland arbeiten; die Agentur für Arbeit berät zu Stellen, "
     "Sprachkursen und zur Anerkennung der eigenen Qualifikation.",
     "", "Beratungstermin vereinbart", NULL, NULL},
    /* ---- retention */
    {"feedback", "retention", "employer", 180, "Gespräch nach sechs Monaten",
     "Ein strukturiertes Gespräch über Arbeit, Team, Wohnen und Familie; was nicht passt, wird "
     "früh geändert.",
     "", "Gespräch geführt", NULL, NULL},
    {"weiterbildung", "retention", "employer", 365, "Weiterbildung und Aufstieg",
     "Entwicklungsgespräche, Weiterbildung und Aufstiegswege anbieten; wer eine Perspektive sieht, "
     "bleibt.",
     "", "Entwicklungsgespräch geführt", NULL, NULL},
    {"niederlassung", "retention", "immigration_office", 365, "Perspektive Niederlassungserlaubnis",
     "Die Voraussetzungen einer Niederlassungserlaubnis (§ 18c AufenthG) früh ansprechen und bei "
     "der "
     "Ausländerbehörde erfragen.",
     "", "Voraussetzungen erfragt", NULL, NULL},
    {"uebernahme", "retention", "employer", 30, "Übernahme nach der Ausbildung",
     "Nach bestandener Prüfung die Übernahme als Fachkraft vereinbaren; die Ausländerbehörde "
     "erteilt den Aufenthaltstitel zur Beschäftigung (§ 18a AufenthG).",
     "Arbeitsvertrag|Prüfungszeugnis", "Übernahme vereinbart", NULL, NULL},
    {"rueckmeldung", "retention", "fai", 30, "Erfahrungen zurückmelden",
     "Was gut lief und wo es hakte, geht an die Region und die FAI NRW; so wird der Musterprozess "
     "besser und Hemmnisse werden bekannt.",
     "", "Rückmeldung gegeben", NULL, NULL},
};
const size_t demo_n_step_texts = DEMO_N(demo_step_texts);

/*
 * A flow lists steps after their predecessors: "id: pred pred; ...", "?id"
 * for a step some regions leave out. A step left out hands its predecessors
 * to the steps that had only it before them.
 */
const demo_process_theme demo_process_themes[] = {
    {"pflege", "Pflegefachkräfte aus Drittstaaten für {F}",
     "Krankenhäuser|die stationäre Langzeitpflege|ambulante Pflegedienste",
     "Wie Einrichtungen der Region Pflegefachkräfte aus Staaten außerhalb der EU gewinnen: "
     "Vermittlung über die ZAV oder eine Agentur mit Gütesiegel, Sprachkurs und Anerkennung "
     "parallel, beschleunigtes Fachkräfteverfahren und Anpassungslehrgang nach der Einreise.",
     "nurses", "§ 16d AufenthG|§ 18a AufenthG|§ 81a AufenthG|Pflegeberufegesetz (PflBG)",
     "Pflege|Anerkennung|Drittstaaten",
     "bedarf; ?fai-beratung: bedarf; zav-vermittlung: fai-beratung; ?agentur: fai-beratung;"
     " auswahl: zav-vermittlung agentur; vertrag: auswahl; sprachkurs-herkunft: vertrag;"
     " anerkennung-pflege: vertrag; vollmacht: vertrag; zustimmung-ba: vollmacht;"
     " vorabzustimmung: zustimmung-ba anerkennung-pflege sprachkurs-herkunft;"
     " visumtermin: vorabzustimmung; visum: visumtermin; wohnung: vorabzustimmung;"
     " anmeldung: visum wohnung; aufenthaltstitel: anmeldung; anpassungslehrgang: anmeldung;"
     " kenntnispruefung: anpassungslehrgang; erster-tag: anmeldung; ?willkommenstag: anmeldung;"
     " feedback: kenntnispruefung aufenthaltstitel erster-tag willkommenstag;"
     " ?rueckmeldung: feedback"},
    {"handwerk", "Fachkräfte für {F} mit Anerkennungspartnerschaft",
     "das Handwerk|Elektro- und Sanitärbetriebe|Kfz-Werkstätten",
     "Der Weg für Handwerksbetriebe, die eine Fachkraft mit ausländischem Berufsabschluss "
     "einstellen, bevor die Anerkennung abgeschlossen ist: Anerkennungspartnerschaft, "
     "beschleunigtes Verfahren und Qualifizierung im Betrieb bis zur vollen Gleichwertigkeit.",
     "skilled_workers",
     "§ 16d Abs. 3 AufenthG|§ 81a AufenthG|Berufsqualifikationsfeststellungsgesetz "
     "(BQFG)|Handwerksordnung (HwO)",
     "Handwerk|Anerkennungspartnerschaft|Qualifizierung",
     "bedarf; hwk-beratung: bedarf; ausschreibung: hwk-beratung; auswahl: ausschreibung;"
     " vertrag: auswahl; ?anerkennungsberatung: vertrag;"
     " anerkennungspartnerschaft: anerkennungsberatung; ?sprachkurs-herkunft: vertrag;"
     " vollmacht: anerkennungspartnerschaft; zustimmung-ba: vollmacht;"
     " vorabzustimmung: zustimmung-ba sprachkurs-herkunft; visum: vorabzustimmung;"
     " wohnung: vorabzustimmung; anmeldung: visum wohnung; aufenthaltstitel: anmeldung;"
     " anerkennung-hwk: anmeldung; qualifizierung: anerkennung-hwk; erster-tag: anmeldung;"
     " ?berufssprachkurs: erster-tag;"
     " weiterbildung: qualifizierung aufenthaltstitel berufssprachkurs; ?rueckmeldung: "
     "weiterbildung"},
    {"it", "IT-Fachkräfte mit der Blauen Karte EU für {F}",
     "Softwarehäuser|den Mittelstand|IT-Dienstleister",
     "Von der Stellenanzeige bis zur Niederlassungserlaubnis: wie Unternehmen der Region "
     "IT-Fachkräfte mit Hochschulabschluss gewinnen, mit Zeugnisbewertung, beschleunigtem "
     "Verfahren, Blauer Karte EU und dem Nachzug der Familie.",
     "it_specialists|academics", "§ 18g AufenthG|§ 18b AufenthG|§ 81a AufenthG|§ 18c AufenthG",
     "IT|Blaue Karte EU|Familie",
     "bedarf; ?erstberatung: bedarf; ausschreibung: erstberatung; auswahl: ausschreibung;"
     " vertrag: auswahl; zab: vertrag; vollmacht: vertrag; vorabzustimmung: vollmacht zab;"
     " visumtermin: vorabzustimmung; blaue-karte: visumtermin; wohnung: vorabzustimmung;"
     " anmeldung: blaue-karte wohnung; konto-krankenkasse: anmeldung;"
     " aufenthaltstitel: anmeldung; erster-tag: konto-krankenkasse;"
     " familiennachzug: aufenthaltstitel; kita-schule: familiennachzug;"
     " ?partnerjob: familiennachzug; niederlassung: erster-tag kita-schule partnerjob"},
    {"azubis", "Internationale Auszubildende für {F}",
     "Industrie und Handel|Hotellerie und Gastronomie|Logistik",
     "Wie Betriebe der Region Auszubildende aus Drittstaaten gewinnen und halten: Partnerschulen, "
     "Ausbildungsvertrag und Eintragung bei der Kammer, Visum zur Berufsausbildung, Begleitung "
     "in Betrieb und Berufsschule bis zur Übernahme.",
     "trainees", "§ 16a AufenthG|Berufsbildungsgesetz (BBiG)|§ 39 AufenthG",
     "Ausbildung|Azubis|Berufsschule",
     "bedarf; kammer-beratung: bedarf; partnerschulen: kammer-beratung; auswahl: partnerschulen;"
     " ausbildungsvertrag: auswahl; eintragung: ausbildungsvertrag;"
     " sprachkurs-herkunft: ausbildungsvertrag; zustimmung-ba: eintragung;"
     " visum-ausbildung: zustimmung-ba sprachkurs-herkunft; wohnung: zustimmung-ba;"
     " anmeldung: visum-ausbildung wohnung; aufenthaltstitel: anmeldung; berufsschule: anmeldung;"
     " pate: anmeldung; ?asa-flex: berufsschule; ?vereine: pate;"
     " uebernahme: berufsschule asa-flex pate aufenthaltstitel vereine; ?rueckmeldung: uebernahme"},
    {"westbalkan", "Beschäftigung über die Westbalkanregelung in {F}",
     "der Bauwirtschaft|der Logistik|der Gebäudereinigung",
     "Für Tätigkeiten ohne anerkannten Abschluss: Zustimmung der Bundesagentur nach § 26 Abs. 2 "
     "BeschV im Rahmen des Kontingents, lange Wartezeiten auf Visatermine einplanen, "
     "Unterweisung und Sprachförderung nach der Ankunft.",
     "skilled_workers|other", "§ 26 Abs. 2 BeschV|§ 19c AufenthG|§ 39 AufenthG",
     "Westbalkan|Bau|Kontingent",
     "bedarf; arbeitgeberservice: bedarf; auswahl: arbeitgeberservice; vertrag: auswahl;"
     " westbalkan: vertrag; visumtermin: westbalkan; visum: visumtermin;"
     " ?sprachkurs-herkunft: vertrag; wohnung: westbalkan; abholung: visum wohnung;"
     " anmeldung: abholung; konto-krankenkasse: anmeldung; aufenthaltstitel: anmeldung;"
     " arbeitsschutz: anmeldung; pate: arbeitsschutz; berufssprachkurs: pate sprachkurs-herkunft;"
     " feedback: berufssprachkurs aufenthaltstitel konto-krankenkasse"},
    {"berufskraftfahrer", "Berufskraftfahrerinnen und -fahrer aus Drittstaaten für {F}",
     "Speditionen|den Busverkehr|Entsorgungsbetriebe",
     "Fahrerinnen und Fahrer aus Drittstaaten einstellen: Zustimmung der Bundesagentur, "
     "Umschreibung der Fahrerlaubnis und Grundqualifikation laufen nach der Einreise parallel "
     "und kommen bei der Einweisung zusammen.",
     "skilled_workers",
     "§ 24a BeschV|§ 39 AufenthG|Fahrerlaubnis-Verordnung "
     "(FeV)|Berufskraftfahrerqualifikationsgesetz (BKrFQG)",
     "Logistik|Berufskraftfahrer|Führerschein",
     "bedarf; arbeitgeberservice: bedarf; auswahl: arbeitgeberservice; vertrag: auswahl;"
     " zustimmung-ba: vertrag; visum: zustimmung-ba; wohnung: vertrag; abholung: visum wohnung;"
     " anmeldung: abholung; aufenthaltstitel: anmeldung; fuehrerschein: anmeldung;"
     " bkf-qualifikation: anmeldung; fahrzeugeinweisung: fuehrerschein bkf-qualifikation;"
     " ?berufssprachkurs: anmeldung;"
     " feedback: fahrzeugeinweisung aufenthaltstitel berufssprachkurs; ?rueckmeldung: feedback"},
    {"willkommen", "Ankommen und Bleiben in {F}",
     "der Region|kleinen und mittleren Unternehmen|Kommunen",
     "Die ersten Monate nach der Einreise, gemeinsam getragen von Arbeitgeber, Kommune und "
     "Welcome Center: Anmeldung, Aufenthaltstitel, Einarbeitung, Sprache, Familie und Kontakte, "
     "damit Fachkräfte mit ihren Familien in der Region bleiben.",
     "skilled_workers|nurses|it_specialists",
     "§ 18c AufenthG|§§ 27 ff. AufenthG|§ 24 SGB VIII|Bundesmeldegesetz (BMG)",
     "Onboarding|Welcome Center|Familie",
     "wohnung; abholung: wohnung; anmeldung: abholung; konto-krankenkasse: anmeldung;"
     " aufenthaltstitel: anmeldung; erster-tag: konto-krankenkasse; pate: erster-tag;"
     " berufssprachkurs: aufenthaltstitel; willkommenstag: anmeldung;"
     " ?integrationszentrum: willkommenstag; vereine: willkommenstag;"
     " familiennachzug: aufenthaltstitel; kita-schule: familiennachzug; feedback: pate "
     "berufssprachkurs;"
     " niederlassung: feedback vereine integrationszentrum kita-schule"},
    {"absolventen", "Internationale Absolventinnen und Absolventen für {F} gewinnen",
     "den Mittelstand|Ingenieurbüros|Forschung und Entwicklung",
     "Internationale Studierende der Hochschulen in der Region als Fachkräfte halten: Kontakt über "
     "Career Services, Arbeitsvertrag, Wechsel des Aufenthaltstitels ohne Visumverfahren, "
     "Einarbeitung und Perspektive für die Familie.",
     "academics", "§ 16b AufenthG|§ 18b AufenthG|§ 18g AufenthG|§ 20 AufenthG",
     "Hochschule|Absolventen|Bleibeperspektive",
     "karriereservice; ?erstberatung: karriereservice; auswahl: erstberatung; vertrag: auswahl;"
     " titelwechsel: vertrag; erster-tag: titelwechsel; pate: erster-tag;"
     " berufssprachkurs: erster-tag; ?vereine: erster-tag; familiennachzug: titelwechsel;"
     " kita-schule: familiennachzug; weiterbildung: pate berufssprachkurs;"
     " niederlassung: weiterbildung vereine kita-schule; ?rueckmeldung: niederlassung"},
};
const size_t demo_n_process_themes = DEMO_N(demo_process_themes);

/* What a region adds to a theme's description ("{R}": the region, "{P}": its first place). */
const char *const demo_process_region_notes[] = {
    "Beschrieben von der Koordinierungsstelle {R} nach den Verfahren der ersten Betriebe; die "
    "Dauern sind Erfahrungswerte aus der Region.",
    "In {R} mit Ausländerbehörden, Kammern und Arbeitsagenturen abgestimmt; die Ansprechpersonen "
    "stehen im Welcome Center {P}.",
    "Entstanden im Arbeitskreis Fachkräftesicherung {R}; Betriebe aus {P} haben den Ablauf "
    "erprobt und kommentiert.",
    "Gedacht für kleine und mittlere Unternehmen in {R}, die zum ersten Mal international "
    "einstellen.",
};
const size_t demo_n_process_region_notes = DEMO_N(demo_process_region_notes);

/* What a region says of its adapted copy ("{R}", "{P}"). */
const char *const demo_process_adaptation_notes[] = {
    "Für {R} angepasst: Zuständigkeiten der Ausländerbehörden vor Ort und ein Willkommenstag in "
    "{P} ergänzt.",
    "Übernommen und für {R} angepasst; die Dauern sind an die Erfahrungen der Betriebe in {P} "
    "angeglichen.",
    "Angepasst an die Abläufe in {R}, mit den Angeboten des Welcome Centers {P}.",
};
const size_t demo_n_process_adaptation_notes = DEMO_N(demo_process_adaptation_notes);

/* What a second version changed. */
const char *const demo_process_version_notes[] = {
    "Überarbeitet nach den Rückmeldungen der Betriebe: realistischere Dauern und eine Checkliste "
    "für den Visumtermin.",
    "Aktualisiert nach der Änderung des Aufenthaltsgesetzes; die Schritte zur Zustimmung der "
    "Bundesagentur sind genauer beschrieben.",
    "Ergänzt um die Erfahrungen aus der Prüfung durch die FAI NRW und um eine Rückmeldung an die "
    "Region.",
};
const size_t demo_n_process_version_notes = DEMO_N(demo_process_version_notes);

const demo_feedback_text demo_feedback_texts[] = {
    {5, "Sehr hilfreich: Wir haben den Ablauf fast unverändert übernommen."},
    {5, "Die parallelen Schritte bei Anerkennung und Sprachkurs haben uns Monate gespart."},
    {5, "Klar beschrieben, die Checklisten nutzen unsere Betriebe direkt."},
    {4, "Gut übertragbar; die Dauern bei der Ausländerbehörde sind bei uns länger."},
    {4, "Hilfreich, wir haben die Schritte zur Wohnungssuche ergänzt."},
    {4, "Guter Einstieg für Betriebe ohne Erfahrung mit internationaler Einstellung."},
    {3, "Im Grundsatz passend, die Zuständigkeiten sind bei uns anders verteilt."},
    {3, "Brauchbar, aber für kleine Betriebe zu viele Schritte auf einmal."},
    {3, "Die Rechtsgrundlagen sind gut, die Dauern passen nicht zu unserer Erfahrung."},
    {2, "Bei uns läuft die Vorabzustimmung über eine zentrale Stelle; schwer übertragbar."},
    {2, "Zu allgemein für unsere Branche."},
    {1, "Passt nicht zu den Verfahren in unserer Region."},
};
const size_t demo_n_feedback_texts = DEMO_N(demo_feedback_texts);

const char *const demo_review_comments[] = {
    "Bitte die Rechtsgrundlage für die Zustimmung der Bundesagentur ergänzen.",
    "Die Dauer der Anerkennung erscheint kurz; bitte die Erfahrungswerte prüfen.",
    "Gut nachvollziehbar. Kann der Schritt zur Wohnung früher beginnen?",
    "Bitte die Links auf die offiziellen Seiten prüfen.",
    "Die parallelen Schritte sind gut dargestellt.",
    "Für die Veröffentlichung bitte die Zielgruppen enger fassen.",
};
const size_t demo_n_review_comments = DEMO_N(demo_review_comments);

const char *const demo_review_returns[] = {
    "Bitte die Reihenfolge von Zustimmung und Vorabzustimmung korrigieren und erneut einreichen.",
    "Die Beschreibung nennt eine Gebühr, die nicht mehr gilt; bitte anpassen.",
    "Es fehlt der Schritt zur Anmeldung des Wohnsitzes; bitte ergänzen.",
    "Bitte die Autorenangaben vervollständigen.",
};
const size_t demo_n_review_returns = DEMO_N(demo_review_returns);

const char *const demo_review_approvals[] = {
    "Fachlich geprüft und freigegeben.",
    "Geprüft; keine Einwände.",
    "Freigegeben nach Rücksprache mit der Region.",
};
const size_t demo_n_review_approvals = DEMO_N(demo_review_approvals);

const char *const demo_review_deactivations[] = {
    "Durch die Änderung der Rechtslage überholt.",
    "Die Region hat den Ablauf grundlegend geändert; ein neuer Prozess folgt.",
};
const size_t demo_n_review_deactivations = DEMO_N(demo_review_deactivations);
