"""The planning side of the Dortmund demo: who plans which masterplan, the drafts with their
versions and the input each section took up, and the implementation projects.

Pure data, no database access, like ``participation.demo.data``; the seed reads it after the
proposals and votes. Proposals are named by their key in ``data.PROPOSALS``, fields of action
by their slug, people by their key in ``data.USERS``.

The drafts follow the press release: each masterplan's sections answer its fields of action,
and the text takes up the demo proposals. Every masterplan has a published version 1; Digitale
Wirtschaft has a published version 2 (one section rewritten, one added) for the comparison,
and Digitale Bildung has a published version 2 and a working version 3 with one edited
section, for the planners' workspace. Milestone dates are absolute, as are the phase dates.
"""

from datetime import date
from typing import TypedDict

from participation.planning.models import Disposition, ProjectStatus

# The planners of each masterplan (Masterplan.planners); the first one answers proposals,
# writes the draft and manages the projects in the demo.
PLANNERS: dict[str, list[str]] = {
    "digitale-wirtschaft": ["planung-wirtschaft"],
    "digitale-bildung": ["planung-bildung"],
    "digitale-stadtverwaltung": ["planung-verwaltung"],
}


class LinkData(TypedDict):
    proposal: str  # a proposal key
    disposition: Disposition
    note: str  # the planner's note, public next to the link


class SectionData(TypedDict):
    key: str  # names the section in this module, so later versions can edit it
    field: str  # the field of action the section answers
    title: str
    body: str  # Markdown, paragraphs separated by a blank line
    links: list[LinkData]


class EditData(TypedDict):
    section: str  # a section key of an earlier version
    body: str  # the new text; the title stays
    links: list[LinkData]  # new links, or an existing link with another disposition and note


class RevisionData(TypedDict):
    """A later version, made from the latest published one."""

    changes: str  # what changed, shown with the version
    edits: list[EditData]
    added: list[SectionData]
    publish: bool  # False leaves it as the working version


class DraftData(TypedDict):
    masterplan: str
    changes: str  # what version 1 is
    sections: list[SectionData]
    revisions: list[RevisionData]


class MilestoneData(TypedDict):
    title: str
    due_on: date
    done_on: date | None


class ProjectData(TypedDict):
    masterplan: str
    code: str
    field: str
    title: str
    description: str
    status: ProjectStatus
    progress: int  # percent
    milestones: list[MilestoneData]
    proposals: list[str]  # proposal keys


_GRUENDUNG_PILOT = (
    "Für ein digitales Gründerzentrum auf Phoenix West gibt die Stadt gemeinsam mit der TU "
    "Dortmund und dem TechnologieZentrumDortmund eine Machbarkeitsstudie in Auftrag. Sie "
    "klärt Flächenbedarf, Betreibermodell und Fördermöglichkeiten aus EFRE-Mitteln; über den "
    "Bau entscheidet der Rat nach ihrem Ergebnis."
)
_GRUENDUNG_INTRO = (
    "Die Themenplattformen brauchen physische Orte. Aufbauend auf dem "
    "TechnologieZentrumDortmund entstehen neue Kompetenz-, Gründungs- und "
    "Serviceeinrichtungen mit lokalen bis internationalen Partnern aus Wissenschaft und "
    "Wirtschaft. Sie sollen Ausgründungen aus TU Dortmund, Fachhochschule und "
    "Fraunhofer-Instituten in der Stadt halten."
)
_MEDIENKOMPETENZ = (
    "Kinder und Jugendliche sollen vermittelte Inhalte kritisch beurteilen, analysieren und "
    "in soziale Zusammenhänge einordnen können. Nur so nutzen sie die Chancen einer "
    "digitalisierten Welt, statt Falschmeldungen, manipulierten Bildern und KI-generierten "
    "Videos ausgeliefert zu sein.\n\n"
    "Ab dem Schuljahr 2027/28 bilden zunächst 20 weiterführende Schulen Medienscouts aus: je "
    "Schule vier bis sechs Schülerinnen und Schüler der Klassen 8 und 9, begleitet von einer "
    "Lehrkraft und ausgebildet vom städtischen Medienzentrum. Sie geben ihr Wissen in "
    "Workshops an jüngere Klassen und bei Elternabenden weiter. Bis 2030 sollen alle "
    "weiterführenden Schulen dabei sein."
)
_AUSSTATTUNG_GERAETE = (
    "Damit kein Kind zurückbleibt, leiht die Stadt Schülerinnen und Schülern ab Klasse 7 aus "
    "Familien mit Dortmund-Pass ein Tablet mit Tastatur, einschließlich Versicherung und "
    "Reparatur. Eine Ausweitung auf alle Schülerinnen und Schüler hängt von den Mitteln des "
    "DigitalPakts 2.0 ab."
)


DRAFTS: list[DraftData] = [
    {
        "masterplan": "digitale-wirtschaft",
        "changes": (
            "Erster Arbeitsstand des Masterplans auf Grundlage der bisher eingegangenen "
            "Vorschläge und der Arbeitsgruppe Wirtschaft."
        ),
        "sections": [
            {
                "key": "glasfaser",
                "field": "glasfaserstrategie",
                "title": "Glasfaser für Gewerbegebiete und Wohnquartiere",
                "body": (
                    "Die Glasfaserstrategie der Stadt Dortmund wird auf Basis der "
                    "Breitbanduntersuchung fortgeschrieben. Ziel ist, dass bis Ende 2028 jedes "
                    "Gewerbegebiet im Stadtgebiet über symmetrische Gigabit-Anschlüsse "
                    "(FTTB/FTTH) verfügt. Vorrang haben ältere Gebiete mit hoher "
                    "Betriebsdichte, darunter Ellinghausen, Teile des Induparks und die "
                    "gewerblichen Flächen am Hafen.\n\n"
                    "Für die unterversorgten Gebiete führt die Stadt ein "
                    "Markterkundungsverfahren durch und beantragt Mittel aus der "
                    "Gigabitförderung des Bundes. Eine Gewerbegebietskoordination bei der "
                    "Wirtschaftsförderung bündelt die Bedarfe der Betriebe, damit "
                    "Netzbetreiber Anschlüsse gesammelt ausbauen können.\n\n"
                    "In einem zweiten Schritt bezieht die Strategie dicht bebaute "
                    "Wohnquartiere mit schlechter Versorgung ein, zuerst in der Nordstadt und "
                    "in Dorstfeld. Die Stadt veröffentlicht dazu eine Karte der "
                    "unterversorgten Straßenzüge und spricht die großen "
                    "Wohnungsgesellschaften auf gebündelte Hausanschlüsse an."
                ),
                "links": [
                    {
                        "proposal": "gigabit-gewerbegebiete",
                        "disposition": Disposition.ADOPTED,
                        "note": (
                            "Ziel, Zeitrahmen und Gewerbegebietskoordination sind übernommen; "
                            "den städtischen Eigenanteil beantragt die Wirtschaftsförderung "
                            "im Haushalt 2027/28."
                        ),
                    },
                    {
                        "proposal": "glasfaser-wohnquartiere",
                        "disposition": Disposition.PARTIALLY_ADOPTED,
                        "note": (
                            "Aufgenommen als zweiter Ausbauschritt mit einer Versorgungskarte; "
                            "Sammelverträge mit den Wohnungsgesellschaften prüft die Stadt "
                            "noch."
                        ),
                    },
                ],
            },
            {
                "key": "standortstrategie",
                "field": "digitale-standortstrategie",
                "title": "Themenplattformen der Digitalen Standortstrategie",
                "body": (
                    "Dortmund bündelt die oft parallel betriebenen Anstrengungen von "
                    "Wissenschaft und Wirtschaft in themenorientierten Plattformen. Jede "
                    "Plattform hat eine feste Ansprechperson bei der Wirtschaftsförderung, "
                    "einen Kreis von Partnern aus Kammern, Hochschulen, Forschungsinstituten "
                    "und Unternehmen sowie ein jährliches Arbeitsprogramm.\n\n"
                    "Die erste Plattform ist „Digitale Logistik“: Der Logistikstandort "
                    "Dortmund verbindet sich mit der Forschung von Fraunhofer IML und TU "
                    "Dortmund. Ein Reallabor am Dortmunder Hafen erprobt autonome "
                    "Transportfahrzeuge, digitale Frachtpapiere und die Vernetzung von "
                    "Terminal, Schiene und Straße im laufenden Betrieb. Weitere Plattformen, "
                    "etwa zu Datenwirtschaft und vernetzter Produktion, folgen ab 2028.\n\n"
                    "Direkte Zuschüsse an einzelne Unternehmen sind nicht Teil der "
                    "Standortstrategie. Die Wirtschaftsförderung berät stattdessen zu den "
                    "Förderprogrammen von Bund und Land und hilft bei der Antragstellung."
                ),
                "links": [
                    {
                        "proposal": "plattform-digitale-logistik-hafen",
                        "disposition": Disposition.ADOPTED,
                        "note": (
                            "„Digitale Logistik“ wird die erste Themenplattform; das Reallabor "
                            "wird über Bundes- und EU-Programme finanziert."
                        ),
                    },
                    {
                        "proposal": "staedtischer-digitalbonus",
                        "disposition": Disposition.CONSIDERED,
                        "note": (
                            "Geprüft und nicht aufgenommen: Ein eigenes Förderprogramm würde "
                            "die Programme von Bund und Land doppeln. Stattdessen berät die "
                            "Wirtschaftsförderung bei der Antragstellung."
                        ),
                    },
                ],
            },
            {
                "key": "gruendung",
                "field": "kompetenz-gruendungs-und-serviceeinrichtungen",
                "title": "Gründen und beraten: Kompetenz-, Gründungs- und Serviceeinrichtungen",
                "body": f"{_GRUENDUNG_INTRO}\n\n{_GRUENDUNG_PILOT}",
                "links": [
                    {
                        "proposal": "gruenderzentrum-phoenix-west",
                        "disposition": Disposition.PARTIALLY_ADOPTED,
                        "note": (
                            "Die Machbarkeitsstudie ist aufgenommen; ob das Zentrum gebaut "
                            "wird, entscheidet der Rat nach ihrem Ergebnis."
                        ),
                    },
                ],
            },
            {
                "key": "lernfabrik",
                "field": "co-creation-centre-und-lernfabrik",
                "title": "Digitales Co-Creation Centre und Lernfabrik",
                "body": (
                    "Entscheiderinnen, Entscheider und Beschäftigte sollen die "
                    "Digitalisierung in ihren Unternehmen als Multiplikatoren voranbringen. "
                    "Dafür baut die Stadt mit ihren Partnern zwei Angebote auf, die sich "
                    "ergänzen.\n\n"
                    "Im Digitalen Co-Creation Centre arbeiten Teams aus mittelständischen "
                    "Unternehmen, Start-ups und Studierenden in kurzen Sprints an konkreten "
                    "Aufgaben der Betriebe. Ein Pilot mit fünf Sprints startet 2027; der "
                    "Standort wird zwischen Dortmunder U und Technologiepark noch "
                    "abgestimmt.\n\n"
                    "Die Lernfabrik 4.0 im Technologiepark gibt Handwerk und Mittelstand eine "
                    "vernetzte Fertigungs- und Montageumgebung zum Ausprobieren. "
                    "Handwerkskammer, Fraunhofer IML und TU Dortmund erarbeiten bis Mitte 2027 "
                    "ein gemeinsames Konzept; die Stadt beteiligt sich an der Ausstattung, "
                    "nicht am laufenden Betrieb."
                ),
                "links": [
                    {
                        "proposal": "lernfabrik-handwerk-mittelstand",
                        "disposition": Disposition.PARTIALLY_ADOPTED,
                        "note": (
                            "Konzept und Anschubfinanzierung der Ausstattung sind "
                            "aufgenommen; den Betrieb tragen die Partner."
                        ),
                    },
                    {
                        "proposal": "co-creation-centre-dortmunder-u",
                        "disposition": Disposition.PARTIALLY_ADOPTED,
                        "note": (
                            "Der Pilot mit fünf Sprints ist aufgenommen; Standort und "
                            "dauerhafte Finanzierung sind noch offen."
                        ),
                    },
                ],
            },
        ],
        "revisions": [
            {
                "changes": (
                    "Digital-Lotsen für den Handel in den Stadtteilzentren aufgenommen; neuer "
                    "Abschnitt zur Innen- und Außenkommunikation."
                ),
                "edits": [
                    {
                        "section": "gruendung",
                        "body": (
                            f"{_GRUENDUNG_INTRO}\n\n{_GRUENDUNG_PILOT} Die Studie liegt im "
                            "Frühjahr 2027 vor.\n\n"
                            "Kleine Betriebe in den Stadtteilzentren erreicht die "
                            "Wirtschaftsförderung mit Digital-Lotsen: Ab 2027 beraten "
                            "zunächst drei Lotsinnen und Lotsen in Hörde, der Nordstadt und "
                            "Aplerbeck Geschäfte vor Ort, kostenlos und anbieterneutral, zu "
                            "Online-Sichtbarkeit, Kassensystemen und elektronischen "
                            "Rechnungen. Einmal im Monat gibt es eine offene Sprechstunde in "
                            "der Bezirksverwaltungsstelle."
                        ),
                        "links": [
                            {
                                "proposal": "digital-lotsen-einzelhandel",
                                "disposition": Disposition.ADOPTED,
                                "note": (
                                    "Aufgenommen mit den drei vorgeschlagenen Stadtbezirken; die "
                                    "Stellen werden im Haushalt 2027 beantragt."
                                ),
                            },
                        ],
                    },
                ],
                "added": [
                    {
                        "key": "kommunikation",
                        "field": "innen-und-aussenkommunikation",
                        "title": "Innen- und Außenkommunikation",
                        "body": (
                            "Dortmund ist ein starker Digitalstandort, außerhalb des "
                            "Ruhrgebiets ist das aber noch wenig bekannt. Die Stadt will die "
                            "Digitalisierung positiv vermitteln und Dortmund weiter als "
                            "Spitzenstandort in Deutschland positionieren, nach innen wie "
                            "nach außen.\n\n"
                            "Kern ist ein gemeinsamer Auftritt „Digitales Dortmund“ der "
                            "Wirtschaftsförderung mit Kammern, Hochschulen und Unternehmen auf "
                            "ausgewählten Fachmessen. Ein Botschafterprogramm lädt "
                            "Beschäftigte Dortmunder Digitalunternehmen ein, an Hochschulen "
                            "und auf Konferenzen von ihrer Arbeit zu berichten.\n\n"
                            "Eine bezahlte Anzeigenkampagne plant die Stadt nicht. Viele "
                            "Beiträge haben gefordert, das Geld lieber in Vorhaben zu stecken, "
                            "die den Betrieben und den Menschen im Stadtteil direkt nützen."
                        ),
                        "links": [
                            {
                                "proposal": "standortkampagne-digitales-dortmund",
                                "disposition": Disposition.PARTIALLY_ADOPTED,
                                "note": (
                                    "Gemeinschaftsstand und Botschafterprogramm sind "
                                    "aufgenommen, die Anzeigenkampagne nicht: Sie fand bei "
                                    "Bürgerinnen und Bürgern deutlich mehr Ablehnung als "
                                    "Zustimmung."
                                ),
                            },
                        ],
                    },
                ],
                "publish": True,
            },
        ],
    },
    {
        "masterplan": "digitale-bildung",
        "changes": (
            "Erster Arbeitsstand „Bildung 4.0“, erarbeitet mit dem Regionalen "
            "Bildungsnetzwerk und der Dortmunder Bildungskommission."
        ),
        "sections": [
            {
                "key": "medienkompetenz",
                "field": "medienkompetenz",
                "title": "Medienkompetenz: Inhalte prüfen und einordnen",
                "body": (
                    f"{_MEDIENKOMPETENZ}\n\n"
                    "Medienkompetenz endet nicht mit der Schulzeit. Angebote, in denen "
                    "Jugendliche älteren Menschen den sicheren Umgang mit Smartphone und "
                    "Online-Diensten zeigen, prüft die Stadt mit den Begegnungszentren und "
                    "Stadtteilbibliotheken."
                ),
                "links": [
                    {
                        "proposal": "medienscouts-weiterfuehrende-schulen",
                        "disposition": Disposition.ADOPTED,
                        "note": (
                            "Vollständig übernommen; Start mit 20 Schulen zum Schuljahr 2027/28."
                        ),
                    },
                    {
                        "proposal": "generationen-tandems",
                        "disposition": Disposition.CONSIDERED,
                        "note": (
                            "Die Stadt prüft die Idee mit Begegnungszentren und "
                            "Stadtteilbibliotheken, bevor sie aufgenommen wird."
                        ),
                    },
                ],
            },
            {
                "key": "grundkenntnisse",
                "field": "informatische-grundkenntnisse",
                "title": "Anwendungswissen und informatische Grundkenntnisse",
                "body": (
                    "Ein selbstständiger und sicherer Umgang mit digitalen Medien setzt "
                    "Anwendungswissen voraus: Dateien ablegen, Texte und Tabellen bearbeiten, "
                    "sichere Passwörter und eine Zwei-Faktor-Anmeldung nutzen. Die Stadt "
                    "stellt den weiterführenden Schulen dafür ab 2027 gemeinsam mit dem "
                    "Regionalen Bildungsnetzwerk Unterrichtsmaterial für die Klasse 5 bereit; "
                    "ob es als verbindlicher Kurs eingesetzt wird, entscheidet jede Schule "
                    "selbst.\n\n"
                    "Informatische Grundkenntnisse beginnen mit dem Verständnis von "
                    "Algorithmen, nicht mit einer Programmiersprache. Im Pilotprogramm "
                    "„Informatik entdecken“ begleiten Lehramtsstudierende der TU Dortmund "
                    "Lehrkräfte der Klassen 3 und 4 an 15 Grundschulen in der Nordstadt und in "
                    "Eving. Klassensätze von Lernrobotern leiht das Medienzentrum aus."
                ),
                "links": [
                    {
                        "proposal": "informatik-in-der-grundschule",
                        "disposition": Disposition.PARTIALLY_ADOPTED,
                        "note": (
                            "Der Pilot mit 15 Grundschulen ist aufgenommen; über eine "
                            "Ausweitung wird nach seiner Auswertung entschieden."
                        ),
                    },
                    {
                        "proposal": "basiskurs-anwendungswissen-klasse-5",
                        "disposition": Disposition.PARTIALLY_ADOPTED,
                        "note": (
                            "Das Material für Klasse 5 ist aufgenommen, ein verbindlicher Kurs "
                            "nicht: Über den Unterricht entscheiden die Schulen."
                        ),
                    },
                ],
            },
            {
                "key": "kooperation",
                "field": "kooperations-und-arbeitsformen",
                "title": "Zusammenarbeiten in vernetzten Lernräumen",
                "body": (
                    "Neue Kooperations- und Arbeitsformen brauchen gemeinsame Werkzeuge. Heute "
                    "nutzt fast jede Schule eigene Plattformen; schulübergreifende Kurse und "
                    "der Wechsel zwischen Schulen scheitern oft an getrennten Konten und "
                    "Ablagen.\n\n"
                    "Die Stadt als Schulträger erhebt 2027 mit dem Dortmunder Systemhaus, "
                    "welche Lernplattformen die Schulen nutzen, und erprobt mit zehn Schulen "
                    "eine gemeinsame, datenschutzkonforme Lernplattform, betrieben in einem "
                    "Rechenzentrum in Deutschland. Schülerinnen und Schüler behalten beim "
                    "Schulwechsel ihr Konto.\n\n"
                    "Individuelle Lehrpläne und neue Formen der Evaluation erarbeitet die "
                    "Bildungskommission mit den Schulen; der Masterplan schafft dafür die "
                    "technischen Voraussetzungen."
                ),
                "links": [
                    {
                        "proposal": "gemeinsame-lernplattform-schulen",
                        "disposition": Disposition.PARTIALLY_ADOPTED,
                        "note": (
                            "Bestandsaufnahme und Pilot mit zehn Schulen sind aufgenommen; "
                            "eine verpflichtende Plattform für alle Schulen ist nicht "
                            "vorgesehen."
                        ),
                    },
                ],
            },
            {
                "key": "ausstattung",
                "field": "digitale-kompetenzen-in-allen-schulstufen",
                "title": "WLAN und Endgeräte für alle Schulstufen",
                "body": (
                    "Digitale Kompetenzen lassen sich in allen Schulstufen und Bildungsgängen "
                    "nur vermitteln, wenn die Ausstattung stimmt. Bis Ende 2028 erhalten alle "
                    "städtischen Schulen einen Glasfaseranschluss und flächendeckendes WLAN in "
                    "jedem Klassenraum, ausgelegt auf eine ganze Klasse mit eigenen Geräten. "
                    "Die Stadt veröffentlicht, welche Schule wann ausgebaut wird.\n\n"
                    f"{_AUSSTATTUNG_GERAETE}"
                ),
                "links": [
                    {
                        "proposal": "wlan-in-allen-schulen",
                        "disposition": Disposition.ADOPTED,
                        "note": (
                            "Übernommen einschließlich der öffentlichen Ausbauliste; "
                            "finanziert aus dem DigitalPakt 2.0 und dem städtischen Haushalt."
                        ),
                    },
                    {
                        "proposal": "leihgeraete-mit-sozialstaffel",
                        "disposition": Disposition.PARTIALLY_ADOPTED,
                        "note": (
                            "Aufgenommen für Familien mit Dortmund-Pass; Geräte für alle ab "
                            "Klasse 7 sind derzeit nicht finanzierbar."
                        ),
                    },
                ],
            },
            {
                "key": "bildungsbiografie",
                "field": "alle-bildungsbereiche",
                "title": "Ein roter Faden von der Kita bis zum Berufskolleg",
                "body": (
                    "Digitale Bildung soll entlang der gesamten Bildungsbiografie von Kindern "
                    "und Jugendlichen wirken und nicht an den Übergängen abreißen. Ein "
                    "Dortmunder Medienpass beschreibt Kompetenzstufen für Kita, Grundschule, "
                    "Sekundarstufe I und Berufskolleg und schließt an den "
                    "Medienkompetenzrahmen NRW an.\n\n"
                    "Eine Arbeitsgruppe aus Kitaträgern, Schulformen und Jugendhilfe "
                    "entwickelt das Stufenmodell bis Sommer 2027. Auch außerschulische "
                    "Lernorte wie die Stadtteilbibliotheken, das Dortmunder U und die "
                    "Jugendfreizeitstätten können Nachweise vergeben."
                ),
                "links": [
                    {
                        "proposal": "medienpass-kita-bis-berufskolleg",
                        "disposition": Disposition.ADOPTED,
                        "note": (
                            "Vollständig übernommen; das Regionale Bildungsnetzwerk leitet die "
                            "Arbeitsgruppe."
                        ),
                    },
                ],
            },
        ],
        "revisions": [
            {
                "changes": (
                    "Generationen-Tandems als Pilot in Huckarde, Mengede und Brackel aufgenommen."
                ),
                "edits": [
                    {
                        "section": "medienkompetenz",
                        "body": (
                            f"{_MEDIENKOMPETENZ}\n\n"
                            "Medienkompetenz endet nicht mit der Schulzeit. In Huckarde, "
                            "Mengede und Brackel starten 2027 Generationen-Tandems: "
                            "Schülerinnen und Schüler ab Klasse 9 treffen sich wöchentlich mit "
                            "älteren Menschen in Begegnungszentren und Stadtteilbibliotheken "
                            "und zeigen ihnen den sicheren Umgang mit Smartphone und "
                            "Online-Diensten. Die Schulen erkennen das Engagement als "
                            "Sozialpraktikum an."
                        ),
                        "links": [
                            {
                                "proposal": "generationen-tandems",
                                "disposition": Disposition.ADOPTED,
                                "note": (
                                    "Als Pilot in drei Stadtbezirken aufgenommen; der Verein "
                                    "Digitale Nachbarschaft 60plus stellt die Begleitung."
                                ),
                            },
                        ],
                    },
                ],
                "added": [],
                "publish": True,
            },
            {
                "changes": "",
                "edits": [
                    {
                        "section": "ausstattung",
                        "body": (
                            "Digitale Kompetenzen lassen sich in allen Schulstufen und "
                            "Bildungsgängen nur vermitteln, wenn die Ausstattung stimmt. Bis "
                            "Ende 2028 erhalten alle städtischen Schulen einen "
                            "Glasfaseranschluss und flächendeckendes WLAN in jedem "
                            "Klassenraum, ausgelegt auf eine ganze Klasse mit eigenen Geräten. "
                            "Der erste Bauabschnitt mit 42 Schulen ist beauftragt; die Liste "
                            "aller Schulen mit ihrem Ausbautermin steht ab Januar 2027 auf "
                            "dortmund.de.\n\n"
                            f"{_AUSSTATTUNG_GERAETE}"
                        ),
                        "links": [],
                    },
                ],
                "added": [],
                "publish": False,
            },
        ],
    },
    {
        "masterplan": "digitale-stadtverwaltung",
        "changes": (
            "Erster Arbeitsstand der digitalen Standards für die Leistungen der Stadtverwaltung."
        ),
        "sections": [
            {
                "key": "services",
                "field": "services-und-egovernment",
                "title": "Services und eGovernment: Leistungen online und aus einer Hand",
                "body": (
                    "Die Stadtverwaltung bietet eine breite Palette von freiwilligen bis zu "
                    "pflichtigen Leistungen. Für sie gelten künftig gemeinsame digitale "
                    "Standards: Jede Leistung, die online beantragt werden kann, soll auch "
                    "online bezahlt werden können, und ihr Bearbeitungsstand soll für die "
                    "Antragstellenden sichtbar sein.\n\n"
                    "Bis Mitte 2027 werden die zehn häufigsten Gebühren über eine zentrale "
                    "ePayment-Komponente online bezahlbar, darunter Bewohnerparkausweise, "
                    "Meldebescheinigungen und Gewerbeanmeldungen. Die Komponente wird einmal "
                    "angebunden und von allen Fachverfahren genutzt.\n\n"
                    "Die vorhandenen Online-Dienste werden in einer BürgerApp gebündelt, "
                    "zunächst als installierbare Web-App: Terminbuchung, Online-Anträge mit "
                    "dem Servicekonto und ein Mängelmelder mit Foto und Standort. Die App ist "
                    "barrierefrei und wird auf Deutsch, Englisch und Türkisch angeboten."
                ),
                "links": [
                    {
                        "proposal": "buergerapp-alle-dienste",
                        "disposition": Disposition.ADOPTED,
                        "note": "Aufgenommen, zunächst als Web-App, wie vorgeschlagen.",
                    },
                    {
                        "proposal": "epayment-alle-gebuehren",
                        "disposition": Disposition.PARTIALLY_ADOPTED,
                        "note": (
                            "Die zehn häufigsten Gebühren bis Mitte 2027 sind übernommen; die "
                            "übrigen folgen mit der Umstellung der Fachverfahren."
                        ),
                    },
                ],
            },
            {
                "key": "eakte",
                "field": "services-und-egovernment",
                "title": "eAkte und digitale Genehmigungsverfahren",
                "body": (
                    "Die eAkte wird vorrangig in den Ämtern eingeführt, die Bau- und "
                    "Gewerbegenehmigungen erteilen. Anträge gehen dort vollständig digital "
                    "ein und werden von allen beteiligten Stellen parallel geprüft, statt in "
                    "Papierform zwischen Bauordnungsamt, Tiefbauamt und weiteren Stellen zu "
                    "wandern.\n\n"
                    "Als Pilot ist die Genehmigung von Gerüsten und Containern im öffentlichen "
                    "Straßenraum digitalisiert, angebunden an das Bauportal des Landes NRW. "
                    "Für die anderen Genehmigungsarten legt die Stadt Bearbeitungsziele nach "
                    "der Auswertung des Pilots fest."
                ),
                "links": [
                    {
                        "proposal": "eakte-digitaler-bauantrag",
                        "disposition": Disposition.PARTIALLY_ADOPTED,
                        "note": (
                            "Vorrang der Genehmigungsämter und der Pilot zur "
                            "Gerüstgenehmigung sind übernommen; ein festes Fünf-Tage-Ziel für "
                            "alle Verfahren nicht."
                        ),
                    },
                ],
            },
            {
                "key": "opendata",
                "field": "open-government-und-open-data",
                "title": "Open Government: offene Daten als Regel",
                "body": (
                    "Die Stadt veröffentlicht Daten, die sie ohnehin erhebt und die keinen "
                    "Personenbezug haben, als offene Daten: maschinenlesbar, unter offener "
                    "Lizenz und auf dem Open-Data-Portal der Stadt („open by default“). "
                    "Ausnahmen werden begründet.\n\n"
                    "Bis Ende 2027 kommen der Haushaltsplan mit allen Produktgruppen, "
                    "Beschlüsse und Vorlagen aus dem Ratsinformationssystem, Verkehrs- und "
                    "Radzählungen, die Standorte von Ladesäulen, Spielplätzen und "
                    "öffentlichen Toiletten sowie die Belegung der Parkhäuser in der City "
                    "hinzu. Hinweise auf Fehler in den Daten nimmt die Stadt über das Portal "
                    "entgegen."
                ),
                "links": [
                    {
                        "proposal": "open-data-open-by-default",
                        "disposition": Disposition.ADOPTED,
                        "note": (
                            "Vollständig übernommen, einschließlich der Regel „open by default“."
                        ),
                    },
                ],
            },
            {
                "key": "sicherheit",
                "field": "it-sicherheit",
                "title": "IT-Sicherheit und Notbetrieb",
                "body": (
                    "Ein einziger Cyberangriff kann Bürgerdienste über Monate lahmlegen. Die "
                    "IT-Sicherheitsstrategie der Stadt wird deshalb um den geübten Ernstfall "
                    "ergänzt.\n\n"
                    "Das Dortmunder Systemhaus übt einmal im Jahr mit den Bürgerdiensten, der "
                    "Feuerwehr und dem Krisenstab den Ausfall zentraler Systeme. Für "
                    "unaufschiebbare Leistungen wie Geburtsbeurkundungen, Sterbefälle und "
                    "Kfz-Zulassungen wird ein Offline-Notbetrieb dokumentiert. Alle "
                    "Beschäftigten mit Bildschirmarbeitsplatz nehmen regelmäßig an "
                    "Phishing-Trainings teil."
                ),
                "links": [
                    {
                        "proposal": "it-sicherheit-notfallbetrieb",
                        "disposition": Disposition.ADOPTED,
                        "note": (
                            "Alle drei Bausteine sind übernommen; das Fraunhofer ISST begleitet "
                            "die erste Übung wissenschaftlich."
                        ),
                    },
                ],
            },
            {
                "key": "personal",
                "field": "personal-und-organisation",
                "title": "Personal und Organisation: Lernen im Dienst",
                "body": (
                    "Eine digitale Verwaltung gelingt nur mit Beschäftigten, die neue "
                    "Verfahren sicher beherrschen und ihre Arbeitsabläufe mitgestalten. Die "
                    "Stadt baut eine Digitalakademie auf: kurze Lernmodule zu eAkte, "
                    "Videoberatung, Datenschutz und Prozessgestaltung sowie ein Netz von "
                    "Digitallotsinnen und Digitallotsen in jedem Fachbereich.\n\n"
                    "Den Anfang machen 2027 die Ämter, die auf die eAkte umstellen. Ihre "
                    "Beschäftigten erhalten feste Lernzeiten im Dienstplan; über eine "
                    "Ausweitung auf die ganze Verwaltung wird nach dem ersten Jahr entschieden."
                ),
                "links": [
                    {
                        "proposal": "digitalakademie-beschaeftigte",
                        "disposition": Disposition.PARTIALLY_ADOPTED,
                        "note": (
                            "Die Digitalakademie ist übernommen; feste Lernzeiten gibt es "
                            "zunächst in den Ämtern, die 2027 auf die eAkte umstellen."
                        ),
                    },
                ],
            },
        ],
        "revisions": [],
    },
]


PROJECTS: list[ProjectData] = [
    # --- Masterplan Digitale Wirtschaft ---
    {
        "masterplan": "digitale-wirtschaft",
        "code": "DW-01",
        "field": "glasfaserstrategie",
        "title": "Markterkundung und Gigabitförderung für Gewerbegebiete",
        "description": (
            "Die Wirtschaftsförderung erkundet, welche Gewerbegebiete ohne Förderung keinen "
            "Gigabit-Anschluss erhalten, und beantragt für sie Mittel aus der "
            "Gigabitförderung des Bundes."
        ),
        "status": ProjectStatus.RUNNING,
        "progress": 35,
        "milestones": [
            {
                "title": "Markterkundungsverfahren abgeschlossen",
                "due_on": date(2026, 9, 30),
                "done_on": date(2026, 10, 14),
            },
            {
                "title": "Förderantrag beim Bund gestellt",
                "due_on": date(2027, 1, 31),
                "done_on": None,
            },
            {
                "title": "Ausbaubeginn in Ellinghausen",
                "due_on": date(2027, 9, 30),
                "done_on": None,
            },
        ],
        "proposals": ["gigabit-gewerbegebiete"],
    },
    {
        "masterplan": "digitale-wirtschaft",
        "code": "DW-02",
        "field": "kompetenz-gruendungs-und-serviceeinrichtungen",
        "title": "Machbarkeitsstudie Digitales Gründerzentrum Phoenix West",
        "description": (
            "Eine Studie mit TU Dortmund und TechnologieZentrumDortmund klärt Flächenbedarf, "
            "Betreibermodell und EFRE-Förderung eines Gründerzentrums auf Phoenix West."
        ),
        "status": ProjectStatus.RUNNING,
        "progress": 60,
        "milestones": [
            {
                "title": "Studie beauftragt",
                "due_on": date(2026, 7, 1),
                "done_on": date(2026, 7, 15),
            },
            {
                "title": "Zwischenbericht im Lenkungskreis",
                "due_on": date(2026, 11, 15),
                "done_on": date(2026, 11, 19),
            },
            {
                "title": "Abschlussbericht an den Rat",
                "due_on": date(2027, 3, 31),
                "done_on": None,
            },
        ],
        "proposals": ["gruenderzentrum-phoenix-west"],
    },
    {
        "masterplan": "digitale-wirtschaft",
        "code": "DW-03",
        "field": "co-creation-centre-und-lernfabrik",
        "title": "Konzept Lernfabrik 4.0 und Co-Creation-Pilot",
        "description": (
            "Handwerkskammer, Fraunhofer IML, TU Dortmund und Wirtschaftsförderung erarbeiten "
            "das Konzept der Lernfabrik und bereiten die ersten Co-Creation-Sprints vor."
        ),
        "status": ProjectStatus.PLANNED,
        "progress": 10,
        "milestones": [
            {
                "title": "Partnervereinbarung unterzeichnet",
                "due_on": date(2027, 2, 28),
                "done_on": None,
            },
            {
                "title": "Konzept und Förderantrag beim Land",
                "due_on": date(2027, 6, 30),
                "done_on": None,
            },
        ],
        "proposals": ["lernfabrik-handwerk-mittelstand", "co-creation-centre-dortmunder-u"],
    },
    # --- Masterplan Digitale Bildung ---
    {
        "masterplan": "digitale-bildung",
        "code": "DB-01",
        "field": "digitale-kompetenzen-in-allen-schulstufen",
        "title": "WLAN in allen Klassenräumen – erster Bauabschnitt",
        "description": (
            "Glasfaseranschluss und flächendeckendes WLAN für die ersten 42 städtischen "
            "Schulen, finanziert aus dem DigitalPakt und dem städtischen Haushalt."
        ),
        "status": ProjectStatus.RUNNING,
        "progress": 40,
        "milestones": [
            {
                "title": "Ausschreibung des ersten Bauabschnitts",
                "due_on": date(2026, 6, 30),
                "done_on": date(2026, 6, 26),
            },
            {
                "title": "Ausbauliste aller Schulen veröffentlicht",
                "due_on": date(2027, 1, 31),
                "done_on": None,
            },
            {
                "title": "Erster Bauabschnitt fertig",
                "due_on": date(2027, 12, 31),
                "done_on": None,
            },
        ],
        "proposals": ["wlan-in-allen-schulen"],
    },
    {
        "masterplan": "digitale-bildung",
        "code": "DB-02",
        "field": "medienkompetenz",
        "title": "Medienscouts an 20 weiterführenden Schulen",
        "description": (
            "Das Medienzentrum bildet an 20 weiterführenden Schulen Medienscouts aus, die "
            "Workshops für jüngere Klassen und Elternabende anbieten."
        ),
        "status": ProjectStatus.PLANNED,
        "progress": 15,
        "milestones": [
            {
                "title": "Teilnehmende Schulen ausgewählt",
                "due_on": date(2026, 12, 15),
                "done_on": None,
            },
            {
                "title": "Erste Ausbildungsrunde im Medienzentrum",
                "due_on": date(2027, 9, 30),
                "done_on": None,
            },
        ],
        "proposals": ["medienscouts-weiterfuehrende-schulen"],
    },
    {
        "masterplan": "digitale-bildung",
        "code": "DB-03",
        "field": "digitale-kompetenzen-in-allen-schulstufen",
        "title": "Leihtablets für Familien mit Dortmund-Pass",
        "description": (
            "Schülerinnen und Schüler ab Klasse 7 aus Familien mit Dortmund-Pass leihen ein "
            "Tablet mit Tastatur, Versicherung und Reparatur inklusive."
        ),
        "status": ProjectStatus.RUNNING,
        "progress": 70,
        "milestones": [
            {
                "title": "Erste 3.000 Geräte ausgegeben",
                "due_on": date(2026, 9, 30),
                "done_on": date(2026, 10, 2),
            },
            {
                "title": "Zweite Ausgaberunde",
                "due_on": date(2027, 2, 28),
                "done_on": None,
            },
        ],
        "proposals": ["leihgeraete-mit-sozialstaffel"],
    },
    # --- Masterplan Digitale Stadtverwaltung ---
    {
        "masterplan": "digitale-stadtverwaltung",
        "code": "DSV-01",
        "field": "open-government-und-open-data",
        "title": "Open-Data-Portal: Haushalt, Ratsinformationen, Mobilität",
        "description": (
            "Haushaltsplan, Ratsinformationen, Verkehrszählungen und Parkhausbelegung kommen "
            "als offene Daten auf das Open-Data-Portal der Stadt."
        ),
        "status": ProjectStatus.RUNNING,
        "progress": 55,
        "milestones": [
            {
                "title": "Haushaltsplan 2026 als offene Daten",
                "due_on": date(2026, 6, 30),
                "done_on": date(2026, 6, 30),
            },
            {
                "title": "Ratsinformationen über eine offene Schnittstelle",
                "due_on": date(2027, 3, 31),
                "done_on": None,
            },
            {
                "title": "Parkhausbelegung in Echtzeit",
                "due_on": date(2027, 9, 30),
                "done_on": None,
            },
        ],
        "proposals": ["open-data-open-by-default"],
    },
    {
        "masterplan": "digitale-stadtverwaltung",
        "code": "DSV-02",
        "field": "services-und-egovernment",
        "title": "Zentrale ePayment-Komponente",
        "description": (
            "Das Dortmunder Systemhaus bindet eine zentrale Bezahlkomponente an, die alle "
            "Fachverfahren für Online-Gebühren nutzen."
        ),
        "status": ProjectStatus.RUNNING,
        "progress": 30,
        "milestones": [
            {
                "title": "Zahlungsdienstleister ausgewählt",
                "due_on": date(2026, 9, 30),
                "done_on": date(2026, 10, 20),
            },
            {
                "title": "Erste fünf Gebühren online bezahlbar",
                "due_on": date(2027, 3, 31),
                "done_on": None,
            },
            {
                "title": "Die zehn häufigsten Gebühren online bezahlbar",
                "due_on": date(2027, 6, 30),
                "done_on": None,
            },
        ],
        "proposals": ["epayment-alle-gebuehren"],
    },
    {
        "masterplan": "digitale-stadtverwaltung",
        "code": "DSV-03",
        "field": "services-und-egovernment",
        "title": "Digitale Gerüstgenehmigung (Pilot eAkte)",
        "description": (
            "Gerüste und Container im Straßenraum werden vollständig digital über das "
            "Bauportal NRW beantragt und von allen Stellen parallel geprüft."
        ),
        "status": ProjectStatus.DONE,
        "progress": 100,
        "milestones": [
            {
                "title": "Anbindung an das Bauportal NRW",
                "due_on": date(2026, 4, 30),
                "done_on": date(2026, 5, 12),
            },
            {
                "title": "Pilot im Echtbetrieb",
                "due_on": date(2026, 9, 1),
                "done_on": date(2026, 9, 1),
            },
        ],
        "proposals": ["eakte-digitaler-bauantrag"],
    },
]
