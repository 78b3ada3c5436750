"""The Dortmund demo data, taken from the city's press release of 4 April 2017.

Pure data, no database access: the seed (``participation.demo.seed``) reads these names and
creates the organisations, the users and their memberships, the proposals with backdated
submission times, the comments and the votes. The masterplans with their phases and fields
of action are process templates in ``processes/`` (one JSON file each), imported as an
admin would import them; ``masterplan`` and ``field`` below name them by their slugs.

The press release ("Masterplan Digitales Dortmund – Das Projekt nimmt konkrete Formen an") names
the three masterplans, every field of action listed here and the partners: IHK, Handwerkskammer,
TU Dortmund, Fachhochschule, Fraunhofer, the Regionales Bildungsnetzwerk and the Dortmunder
Bildungskommission. Companies, associations, civil-society groups and all people are invented;
every e-mail address is on the reserved domain ``demo.invalid``.

Conventions:

- ``days_ago`` counts back from the day the seed runs.
- ``votes`` maps a stakeholder group to ``(supports, opposes)``. For every group other than
  citizens the total never exceeds the number of users whose organisation belongs to that group
  (planners count for the administration); citizen votes come from the named citizens and the
  ``CITIZEN_VOTER_COUNT`` extra voters the seed creates.
- ``reply_to`` is the index in ``COMMENTS`` of an earlier comment on the same proposal.
- Every decided proposal has a ``response``; planners, drafts and implementation projects
  are in ``participation.demo.planning_data``.
"""

from typing import NotRequired, TypedDict

from participation.accounts.models import OrganizationKind, Role, StakeholderGroup
from participation.proposals.models import ProposalStatus


class OrganizationData(TypedDict):
    slug: str
    name: str
    kind: OrganizationKind
    description: str
    verified: bool


class UserData(TypedDict):
    key: str
    email: str
    display_name: str
    role: Role
    organization: str | None  # an organisation slug; the membership is confirmed
    org_admin: bool  # may confirm the organisation's members


class ProposalData(TypedDict):
    key: str
    masterplan: str
    field: str
    author: str  # a user key
    on_behalf: bool  # the position of the author's organisation
    title: str
    body: str  # paragraphs separated by a blank line
    disclosure: str
    status: ProposalStatus
    # The official response to a decided proposal (in review, adopted, partially or not
    # adopted), written by the masterplan's planner; the seed publishes the proposal first
    # and then answers it, so its history shows both steps.
    response: NotRequired[str]
    days_ago: int
    votes: dict[StakeholderGroup, tuple[int, int]]  # group -> (supports, opposes)


class CommentData(TypedDict):
    proposal: str  # a proposal key
    author: str  # a user key
    body: str
    reply_to: int | None  # index in COMMENTS of an earlier comment on the same proposal
    days_ago: int


ORGANIZATIONS: list[OrganizationData] = [
    {
        "slug": "ihk-dortmund",
        "name": "IHK zu Dortmund",
        "kind": OrganizationKind.CHAMBER,
        "description": (
            "Die Industrie- und Handelskammer vertritt die gewerbliche Wirtschaft in Dortmund, "
            "Hamm und dem Kreis Unna."
        ),
        "verified": True,
    },
    {
        "slug": "hwk-dortmund",
        "name": "Handwerkskammer Dortmund",
        "kind": OrganizationKind.CHAMBER,
        "description": (
            "Die Handwerkskammer vertritt die Handwerksbetriebe der Region und organisiert "
            "ihre Aus- und Weiterbildung."
        ),
        "verified": True,
    },
    {
        "slug": "tu-dortmund",
        "name": "Technische Universität Dortmund",
        "kind": OrganizationKind.UNIVERSITY,
        "description": (
            "Die TU Dortmund forscht und lehrt unter anderem in Informatik, Logistik und "
            "Produktionstechnik und bildet Lehrkräfte aus."
        ),
        "verified": True,
    },
    {
        "slug": "fh-dortmund",
        "name": "Fachhochschule Dortmund",
        "kind": OrganizationKind.UNIVERSITY,
        "description": (
            "Die Fachhochschule Dortmund verbindet angewandte Forschung in Informatik, Technik "
            "und Wirtschaft mit einem eigenen Gründungsservice."
        ),
        "verified": True,
    },
    {
        "slug": "fraunhofer-isst",
        "name": "Fraunhofer-Institut für Software- und Systemtechnik ISST",
        "kind": OrganizationKind.RESEARCH_INSTITUTE,
        "description": (
            "Das Fraunhofer ISST im Technologiepark forscht zu Datenwirtschaft, "
            "Datensouveränität und digitaler Verwaltung."
        ),
        "verified": True,
    },
    {
        "slug": "fraunhofer-iml",
        "name": "Fraunhofer-Institut für Materialfluss und Logistik IML",
        "kind": OrganizationKind.RESEARCH_INSTITUTE,
        "description": (
            "Das Fraunhofer IML entwickelt Lösungen für Logistik, Intralogistik und vernetzte "
            "Produktion und erprobt sie mit Unternehmen."
        ),
        "verified": True,
    },
    {
        "slug": "bildungskommission",
        "name": "Dortmunder Bildungskommission",
        "kind": OrganizationKind.EDUCATION_NETWORK,
        "description": (
            "Die Bildungskommission berät die Stadt zu Bildungsfragen und bringt Schulen, "
            "Träger und Wissenschaft zusammen."
        ),
        "verified": True,
    },
    {
        "slug": "bildungsnetzwerk",
        "name": "Regionales Bildungsnetzwerk Dortmund",
        "kind": OrganizationKind.EDUCATION_NETWORK,
        "description": (
            "Das Regionale Bildungsnetzwerk koordiniert die Zusammenarbeit von Kitas, Schulen, "
            "Jugendhilfe und außerschulischen Lernorten."
        ),
        "verified": True,
    },
    {
        "slug": "wirtschaftsfoerderung",
        "name": "Wirtschaftsförderung Dortmund",
        "kind": OrganizationKind.CITY_DEPARTMENT,
        "description": (
            "Die Wirtschaftsförderung betreut Unternehmen, Gründungen und Ansiedlungen und "
            "leitet den Masterplan Digitale Wirtschaft."
        ),
        "verified": True,
    },
    {
        "slug": "dezernat-schule-jugend-familie",
        "name": "Dezernat für Schule, Jugend und Familie",
        "kind": OrganizationKind.CITY_DEPARTMENT,
        "description": (
            "Das Dezernat ist Schulträger der städtischen Schulen und leitet den Masterplan "
            "Digitale Bildung."
        ),
        "verified": True,
    },
    {
        "slug": "dosys",
        "name": "Dortmunder Systemhaus (dosys.)",
        "kind": OrganizationKind.CITY_DEPARTMENT,
        "description": (
            "Das Dortmunder Systemhaus ist der IT-Dienstleister der Stadtverwaltung und leitet "
            "den Masterplan Digitale Stadtverwaltung."
        ),
        "verified": True,
    },
    {
        "slug": "personal-und-organisationsamt",
        "name": "Personal- und Organisationsamt",
        "kind": OrganizationKind.CITY_DEPARTMENT,
        "description": (
            "Das Personal- und Organisationsamt verantwortet Personalentwicklung und "
            "Organisation der Stadtverwaltung."
        ),
        "verified": True,
    },
    {
        "slug": "hellweg-datenwerk",
        "name": "Hellweg Datenwerk GmbH",
        "kind": OrganizationKind.COMPANY,
        "description": (
            "Mittelständisches IT-Unternehmen aus dem Technologiepark Dortmund mit rund 180 "
            "Beschäftigten, spezialisiert auf Software für Handel und Logistik."
        ),
        "verified": True,
    },
    {
        "slug": "digitalverband-ruhr-westfalen",
        "name": "Digitalverband Ruhr-Westfalen e. V.",
        "kind": OrganizationKind.BUSINESS_ASSOCIATION,
        "description": (
            "Branchenverband von rund 140 IT- und Digitalunternehmen aus Dortmund und dem "
            "östlichen Ruhrgebiet."
        ),
        "verified": True,
    },
    {
        "slug": "digitale-nachbarschaft-60plus",
        "name": "Digitale Nachbarschaft 60plus e. V.",
        "kind": OrganizationKind.CIVIL_SOCIETY,
        "description": (
            "Ehrenamtlicher Verein, der ältere Menschen in Dortmunder Begegnungszentren beim "
            "Einstieg in Smartphone, Internet und Online-Dienste begleitet."
        ),
        "verified": True,
    },
    {
        "slug": "offenes-funknetz-dortmund",
        "name": "Offenes Funknetz Dortmund e. V.",
        "kind": OrganizationKind.CIVIL_SOCIETY,
        "description": (
            "Bürgerinitiative, die freie WLAN-Zugänge in Stadtteilen betreibt und sich für "
            "offene Daten und offene Software einsetzt."
        ),
        "verified": True,
    },
]


# Local demo only: every demo account signs in with this password (see the README).
DEMO_PASSWORD: str = "demo-passwort"  # noqa: S105


USERS: list[UserData] = [
    {
        "key": "admin",
        "email": "admin@demo.invalid",
        "display_name": "Dirk Wegener",
        "role": Role.ADMIN,
        "organization": None,
        "org_admin": False,
    },
    {
        "key": "moderation",
        "email": "moderation@demo.invalid",
        "display_name": "Lena Markowski",
        "role": Role.MODERATOR,
        "organization": None,
        "org_admin": False,
    },
    {
        "key": "planung-wirtschaft",
        "email": "planung.wirtschaft@demo.invalid",
        "display_name": "Katrin Overbeck",
        "role": Role.PLANNER,
        "organization": "wirtschaftsfoerderung",
        "org_admin": True,
    },
    {
        "key": "planung-bildung",
        "email": "planung.bildung@demo.invalid",
        "display_name": "Stefan Hülsmann",
        "role": Role.PLANNER,
        "organization": "dezernat-schule-jugend-familie",
        "org_admin": True,
    },
    {
        "key": "planung-verwaltung",
        "email": "planung.verwaltung@demo.invalid",
        "display_name": "Anja Rehberg",
        "role": Role.PLANNER,
        "organization": "dosys",
        "org_admin": True,
    },
    {
        "key": "ihk-partnerin",
        "email": "partnerin.ihk@demo.invalid",
        "display_name": "Claudia Rensing",
        "role": Role.PARTNER,
        "organization": "ihk-dortmund",
        "org_admin": False,
    },
    {
        "key": "ihk-admin",
        "email": "ihk.luetkehaus@demo.invalid",
        "display_name": "Jörg Lütkehaus",
        "role": Role.PARTNER,
        "organization": "ihk-dortmund",
        "org_admin": True,
    },
    {
        "key": "hwk",
        "email": "hwk.schuettler@demo.invalid",
        "display_name": "Frank Schüttler",
        "role": Role.PARTNER,
        "organization": "hwk-dortmund",
        "org_admin": True,
    },
    {
        "key": "tu",
        "email": "tu.albers@demo.invalid",
        "display_name": "Prof. Dr. Miriam Albers",
        "role": Role.PARTNER,
        "organization": "tu-dortmund",
        "org_admin": True,
    },
    {
        "key": "fh",
        "email": "fh.wessel@demo.invalid",
        "display_name": "Prof. Dr. Christian Weßel",
        "role": Role.PARTNER,
        "organization": "fh-dortmund",
        "org_admin": True,
    },
    {
        "key": "isst",
        "email": "isst.falkenberg@demo.invalid",
        "display_name": "Dr. Nina Falkenberg",
        "role": Role.PARTNER,
        "organization": "fraunhofer-isst",
        "org_admin": True,
    },
    {
        "key": "iml",
        "email": "iml.kordes@demo.invalid",
        "display_name": "Dr. Sebastian Kordes",
        "role": Role.PARTNER,
        "organization": "fraunhofer-iml",
        "org_admin": True,
    },
    {
        "key": "bildungskommission",
        "email": "bildungskommission.nowak@demo.invalid",
        "display_name": "Ulrike Nowak",
        "role": Role.PARTNER,
        "organization": "bildungskommission",
        "org_admin": True,
    },
    {
        "key": "bildungsnetzwerk",
        "email": "bildungsnetzwerk.kaya@demo.invalid",
        "display_name": "Aylin Kaya",
        "role": Role.PARTNER,
        "organization": "bildungsnetzwerk",
        "org_admin": True,
    },
    {
        "key": "wifoe",
        "email": "wifoe.brauckmann@demo.invalid",
        "display_name": "Michael Brauckmann",
        "role": Role.PARTNER,
        "organization": "wirtschaftsfoerderung",
        "org_admin": False,
    },
    {
        "key": "schule",
        "email": "schule.vosskuehler@demo.invalid",
        "display_name": "Birgit Voßkühler",
        "role": Role.PARTNER,
        "organization": "dezernat-schule-jugend-familie",
        "org_admin": False,
    },
    {
        "key": "dosys",
        "email": "dosys.hoppe@demo.invalid",
        "display_name": "Daniel Hoppe",
        "role": Role.PARTNER,
        "organization": "dosys",
        "org_admin": False,
    },
    {
        "key": "personalamt",
        "email": "personalamt.lindemann@demo.invalid",
        "display_name": "Petra Lindemann",
        "role": Role.PARTNER,
        "organization": "personal-und-organisationsamt",
        "org_admin": True,
    },
    {
        "key": "datenwerk",
        "email": "datenwerk.otterbach@demo.invalid",
        "display_name": "Sven Otterbach",
        "role": Role.PARTNER,
        "organization": "hellweg-datenwerk",
        "org_admin": True,
    },
    {
        "key": "digitalverband",
        "email": "digitalverband.ahlers@demo.invalid",
        "display_name": "Kerstin Ahlers",
        "role": Role.PARTNER,
        "organization": "digitalverband-ruhr-westfalen",
        "org_admin": True,
    },
    {
        "key": "senioren",
        "email": "60plus.broemmelhaus@demo.invalid",
        "display_name": "Gisela Brömmelhaus",
        "role": Role.PARTNER,
        "organization": "digitale-nachbarschaft-60plus",
        "org_admin": True,
    },
    {
        "key": "funknetz",
        "email": "funknetz.terhorst@demo.invalid",
        "display_name": "Jonas Terhorst",
        "role": Role.PARTNER,
        "organization": "offenes-funknetz-dortmund",
        "org_admin": True,
    },
    {
        "key": "buergerin",
        "email": "buergerin@demo.invalid",
        "display_name": "Sabine Kötter",
        "role": Role.CITIZEN,
        "organization": None,
        "org_admin": False,
    },
    {
        "key": "murat",
        "email": "murat.demirci@demo.invalid",
        "display_name": "Murat Demirci",
        "role": Role.CITIZEN,
        "organization": None,
        "org_admin": False,
    },
    {
        "key": "jana",
        "email": "jana.brosowski@demo.invalid",
        "display_name": "Jana Brosowski",
        "role": Role.CITIZEN,
        "organization": None,
        "org_admin": False,
    },
    {
        "key": "tobias",
        "email": "tobias.wendland@demo.invalid",
        "display_name": "Tobias Wendland",
        "role": Role.CITIZEN,
        "organization": None,
        "org_admin": False,
    },
]


# Extra citizen voters the seed creates for the citizens' votes below.
CITIZEN_VOTER_COUNT: int = 60


PROPOSALS: list[ProposalData] = [
    # --- Masterplan Digitale Wirtschaft ---
    {
        "key": "gigabit-gewerbegebiete",
        "masterplan": "digitale-wirtschaft",
        "field": "glasfaserstrategie",
        "author": "ihk-partnerin",
        "on_behalf": True,
        "title": "Gigabit-Anschluss für alle Gewerbegebiete",
        "body": (
            "Viele Betriebe in Dortmunder Gewerbegebieten arbeiten noch mit Kupferleitungen "
            "und 50 bis 100 Mbit/s. Das reicht für Cloud-Anwendungen, Videokonferenzen und "
            "vernetzte Produktion nicht mehr aus. Besonders betroffen sind ältere Gebiete wie "
            "Ellinghausen, Teile des Induparks in Oespel/Kley und die gewerblichen Flächen "
            "rund um den Hafen.\n\n"
            "Die IHK zu Dortmund schlägt vor, die Glasfaserstrategie der Stadt um ein "
            "verbindliches Ziel zu ergänzen: Bis Ende 2028 soll in jedem Gewerbegebiet des "
            "Stadtgebiets ein symmetrischer Gigabit-Anschluss (FTTB/FTTH) verfügbar sein. "
            "Grundlage ist die Breitbanduntersuchung der Stadt, die nach Gebieten priorisiert "
            "fortgeschrieben wird.\n\n"
            "Als ersten Schritt regen wir ein Markterkundungsverfahren für die unterversorgten "
            "Gebiete an, verbunden mit einem Antrag auf Gigabitförderung des Bundes. Den "
            "Eigenanteil der Stadt schätzen wir auf 4 bis 6 Millionen Euro über drei Jahre. "
            "Eine Gewerbegebietskoordination bei der Wirtschaftsförderung sollte die Bedarfe "
            "der Betriebe bündeln, damit Netzbetreiber Anschlüsse gesammelt ausbauen."
        ),
        "disclosure": (
            "Die IHK zu Dortmund vertritt die Interessen ihrer Mitgliedsunternehmen, von denen "
            "viele in den genannten Gewerbegebieten ansässig sind und von einem geförderten "
            "Ausbau unmittelbar profitieren würden."
        ),
        "status": ProposalStatus.PUBLISHED,
        "days_ago": 150,
        "votes": {
            StakeholderGroup.CITIZENS: (22, 4),
            StakeholderGroup.CHAMBERS: (3, 0),
            StakeholderGroup.SCIENCE: (3, 0),
            StakeholderGroup.BUSINESS: (2, 0),
            StakeholderGroup.ADMINISTRATION: (3, 1),
            StakeholderGroup.CIVIL_SOCIETY: (1, 1),
        },
    },
    {
        "key": "glasfaser-wohnquartiere",
        "masterplan": "digitale-wirtschaft",
        "field": "glasfaserstrategie",
        "author": "murat",
        "on_behalf": False,
        "title": "Glasfaser auch für Wohnquartiere in der Nordstadt und in Dorstfeld",
        "body": (
            "Beim Glasfaserausbau dürfen die dicht bebauten Wohnviertel nicht hinten anstehen. "
            "In der Nordstadt und in Dorstfeld gibt es viele Altbauten, in denen Familien mit "
            "16 Mbit/s auskommen müssen. Für Homeschooling, Homeoffice und Behördengänge im "
            "Netz ist das zu wenig.\n\n"
            "Ich schlage vor, dass die Glasfaserstrategie neben den Gewerbegebieten "
            "ausdrücklich auch schlecht versorgte Wohnquartiere mit vielen Mietwohnungen "
            "priorisiert. Die Stadt könnte mit DOGEWO21 und den anderen großen "
            "Wohnungsgesellschaften Sammelverträge für die Hausanschlüsse anstoßen, damit "
            "nicht jeder Eigentümer einzeln verhandeln muss.\n\n"
            "Erster Schritt: auf Basis der Breitbanduntersuchung eine Karte veröffentlichen, "
            "welche Straßenzüge unterversorgt sind, und mit den Netzbetreibern einen Zeitplan "
            "vereinbaren. Kosten entstehen der Stadt vor allem für die Koordination; der "
            "Ausbau selbst sollte über Förderprogramme und die Betreiber laufen."
        ),
        "disclosure": "",
        "status": ProposalStatus.PUBLISHED,
        "days_ago": 141,
        "votes": {
            StakeholderGroup.CITIZENS: (44, 3),
            StakeholderGroup.CHAMBERS: (0, 2),
            StakeholderGroup.BUSINESS: (0, 2),
            StakeholderGroup.ADMINISTRATION: (2, 2),
            StakeholderGroup.CIVIL_SOCIETY: (2, 0),
        },
    },
    {
        "key": "gruenderzentrum-phoenix-west",
        "masterplan": "digitale-wirtschaft",
        "field": "kompetenz-gruendungs-und-serviceeinrichtungen",
        "author": "tu",
        "on_behalf": True,
        "title": "Digitales Gründerzentrum auf Phoenix West",
        "body": (
            "Aus der TU Dortmund, der Fachhochschule und den Fraunhofer-Instituten entstehen "
            "jedes Jahr Ausgründungen in Software, Logistik und Produktionstechnik. Viele "
            "verlassen Dortmund nach der ersten Förderphase, weil bezahlbare Flächen mit guter "
            "Betreuung fehlen.\n\n"
            "Wir schlagen ein digitales Gründerzentrum auf Phoenix West vor, in direkter "
            "Nachbarschaft zu den dort angesiedelten Technologieunternehmen. Es soll rund "
            "3.000 m² flexible Büro- und Werkstattflächen bieten, dazu einen "
            "Prototypenbereich, Beratung zu Finanzierung und Schutzrechten sowie feste "
            "Sprechstunden der Hochschulen.\n\n"
            "Als ersten Schritt schlägt die TU Dortmund eine gemeinsame Machbarkeitsstudie mit "
            "der Wirtschaftsförderung und dem TechnologieZentrumDortmund vor (rund 80.000 "
            "Euro). Sie soll Flächenbedarf, Betreibermodell und Fördermöglichkeiten aus "
            "EFRE-Mitteln klären. Profitieren würden Gründerinnen und Gründer aus der "
            "Wissenschaft ebenso wie der Stadtbezirk Hörde."
        ),
        "disclosure": "",
        "status": ProposalStatus.IN_REVIEW,
        "response": (
            "Die Wirtschaftsförderung prüft den Vorschlag gemeinsam mit der TU Dortmund und dem "
            "TechnologieZentrumDortmund. Die vorgeschlagene Machbarkeitsstudie ist beauftragt und "
            "soll im Frühjahr 2027 vorliegen; sie klärt Flächenbedarf, Betreibermodell und "
            "EFRE-Förderung. Über den Bau des Gründerzentrums entscheidet der Rat auf dieser "
            "Grundlage."
        ),
        "days_ago": 176,
        "votes": {
            StakeholderGroup.CITIZENS: (19, 5),
            StakeholderGroup.CHAMBERS: (2, 0),
            StakeholderGroup.SCIENCE: (4, 0),
            StakeholderGroup.BUSINESS: (2, 0),
            StakeholderGroup.ADMINISTRATION: (4, 0),
        },
    },
    {
        "key": "co-creation-centre-dortmunder-u",
        "masterplan": "digitale-wirtschaft",
        "field": "co-creation-centre-und-lernfabrik",
        "author": "datenwerk",
        "on_behalf": True,
        "title": (
            "Co-Creation Centre im Dortmunder U: Mittelstand und Start-ups entwickeln gemeinsam"
        ),
        "body": (
            "Kleine und mittlere Unternehmen wissen oft, welches Problem sie digital lösen "
            "wollen, aber nicht, wie. Start-ups und Forschung haben Lösungen, finden aber "
            "keinen Zugang zu den Betrieben. Ein Digitales Co-Creation Centre kann beide "
            "zusammenbringen.\n\n"
            "Wir schlagen vor, eine Etage im Dortmunder U oder eine vergleichbar zentrale "
            "Fläche als offenes Co-Creation Centre einzurichten. Dort arbeiten Teams aus "
            "Unternehmen, Start-ups und Studierenden in zwölfwöchigen Sprints an konkreten "
            "Aufgaben, etwa an der digitalen Auftragsabwicklung eines Handwerksbetriebs oder "
            "an den Sensordaten einer Produktionslinie. Methodentrainings machen die "
            "Beschäftigten zu Multiplikatoren im eigenen Haus.\n\n"
            "Die Betriebskosten schätzen wir auf 400.000 Euro pro Jahr, getragen von Stadt, "
            "Land und den teilnehmenden Unternehmen. Ein Pilot mit fünf Sprints im Jahr 2027 "
            "wäre ein realistischer Einstieg."
        ),
        "disclosure": (
            "Die Hellweg Datenwerk GmbH ist ein Dortmunder IT-Dienstleister und könnte sich "
            "als Partnerunternehmen oder Auftragnehmerin am Co-Creation Centre beteiligen."
        ),
        "status": ProposalStatus.PUBLISHED,
        "days_ago": 98,
        "votes": {
            StakeholderGroup.CITIZENS: (9, 6),
            StakeholderGroup.CHAMBERS: (2, 0),
            StakeholderGroup.SCIENCE: (2, 1),
            StakeholderGroup.BUSINESS: (2, 0),
            StakeholderGroup.ADMINISTRATION: (2, 1),
        },
    },
    {
        "key": "lernfabrik-handwerk-mittelstand",
        "masterplan": "digitale-wirtschaft",
        "field": "co-creation-centre-und-lernfabrik",
        "author": "hwk",
        "on_behalf": True,
        "title": "Lernfabrik 4.0 für Handwerk und Mittelstand im Technologiepark",
        "body": (
            "Digitalisierung im Handwerk scheitert selten an der Technik, sondern an Zeit und "
            "praktischer Erfahrung. Meisterinnen, Gesellen und Auszubildende müssen digitale "
            "Auftragsplanung, vernetzte Maschinen oder das 3D-Aufmaß einmal selbst ausprobiert "
            "haben, bevor ihr Betrieb investiert.\n\n"
            "Die Handwerkskammer Dortmund schlägt eine Lernfabrik vor, in der eine kleine, "
            "realistische Fertigungs- und Montageumgebung digital vernetzt ist. Standort "
            "könnte der Technologiepark nahe der TU sein, in Zusammenarbeit mit dem Fraunhofer "
            "IML und dem Bildungszentrum der Kammer. Angeboten werden eintägige Praxiskurse, "
            "Lehrgänge für betriebliche Multiplikatoren und Ausbildungsmodule für "
            "Berufsschulklassen.\n\n"
            "Für Ausstattung und Umbau rechnen wir mit 1,2 Millionen Euro, die teilweise über "
            "Landesmittel förderfähig sind. Ein erster Schritt ist ein gemeinsames Konzept der "
            "Partner bis Mitte 2027."
        ),
        "disclosure": (
            "Die Handwerkskammer Dortmund würde die Lernfabrik gemeinsam mit Partnern "
            "betreiben und ihre Kurse über das eigene Bildungszentrum anbieten."
        ),
        "status": ProposalStatus.PARTIALLY_ADOPTED,
        "response": (
            "Der Masterplan nimmt die Lernfabrik 4.0 auf: Die Stadt erarbeitet mit der "
            "Handwerkskammer, dem Fraunhofer IML und der TU Dortmund bis Mitte 2027 ein "
            "gemeinsames Konzept und beteiligt sich an der Erstausstattung. Den laufenden Betrieb "
            "und das Kursangebot tragen die Partner; eine dauerhafte städtische Finanzierung ist "
            "nicht vorgesehen."
        ),
        "days_ago": 190,
        "votes": {
            StakeholderGroup.CITIZENS: (11, 3),
            StakeholderGroup.CHAMBERS: (3, 0),
            StakeholderGroup.SCIENCE: (3, 0),
            StakeholderGroup.BUSINESS: (1, 0),
            StakeholderGroup.ADMINISTRATION: (3, 0),
            StakeholderGroup.EDUCATION: (1, 0),
        },
    },
    {
        "key": "plattform-digitale-logistik-hafen",
        "masterplan": "digitale-wirtschaft",
        "field": "digitale-standortstrategie",
        "author": "iml",
        "on_behalf": True,
        "title": "Themenplattform „Digitale Logistik“ mit Reallabor am Dortmunder Hafen",
        "body": (
            "Dortmund ist einer der großen Logistikstandorte Deutschlands, und mit dem "
            "Fraunhofer IML und der TU gibt es international sichtbare Forschung. Diese Stärke "
            "sollte ein Schwerpunkt der Digitalen Standortstrategie werden.\n\n"
            "Wir schlagen eine Themenplattform „Digitale Logistik“ vor, die Unternehmen, "
            "Forschung und Stadt zusammenführt: regelmäßige Anwendertreffen, gemeinsame "
            "Förderanträge und ein Reallabor am Dortmunder Hafen. Dort könnten autonome "
            "Transportfahrzeuge, digitale Frachtpapiere und die Vernetzung von Terminal, "
            "Schiene und Straße im laufenden Betrieb erprobt werden, gemeinsam mit der "
            "Dortmunder Hafen AG und ansässigen Speditionen.\n\n"
            "Der Aufbau der Plattform kostet vor allem Personal: eine Koordinationsstelle bei "
            "der Wirtschaftsförderung und eine wissenschaftliche Begleitung, zusammen rund "
            "250.000 Euro pro Jahr. Das Reallabor sollte über Bundes- und EU-Programme "
            "finanziert werden."
        ),
        "disclosure": "",
        "status": ProposalStatus.PUBLISHED,
        "days_ago": 122,
        "votes": {
            StakeholderGroup.CITIZENS: (7, 4),
            StakeholderGroup.CHAMBERS: (2, 0),
            StakeholderGroup.SCIENCE: (4, 0),
            StakeholderGroup.BUSINESS: (1, 0),
            StakeholderGroup.ADMINISTRATION: (2, 0),
        },
    },
    {
        "key": "standortkampagne-digitales-dortmund",
        "masterplan": "digitale-wirtschaft",
        "field": "innen-und-aussenkommunikation",
        "author": "digitalverband",
        "on_behalf": True,
        "title": "Standortkampagne „Digitales Dortmund“ auf Fachmessen und in Fachmedien",
        "body": (
            "Dortmund hat mit TU, Fachhochschule, Fraunhofer-Instituten und vielen "
            "IT-Unternehmen eine starke Digitalszene. Außerhalb des Ruhrgebiets ist das kaum "
            "bekannt: Bei Fachkräften und Investoren gilt Dortmund noch zu oft als Stadt von "
            "Kohle, Stahl und Bier.\n\n"
            "Der Digitalverband Ruhr-Westfalen schlägt eine gemeinsame Standortkampagne vor: "
            "einen Gemeinschaftsstand „Digitales Dortmund“ auf zwei bis drei Fachmessen im "
            "Jahr, eine Anzeigen- und Social-Media-Kampagne in Fachmedien sowie ein "
            "Botschafterprogramm mit Beschäftigten aus Dortmunder Digitalunternehmen, die in "
            "Hochschulen und auf Konferenzen von ihrer Arbeit erzählen.\n\n"
            "Das Budget schätzen wir auf 600.000 Euro pro Jahr, davon die Hälfte aus dem "
            "städtischen Haushalt. Die übrigen Mittel sollten Unternehmen als Sponsoren "
            "beisteuern."
        ),
        "disclosure": (
            "Der Digitalverband Ruhr-Westfalen e. V. vertritt rund 140 IT- und "
            "Digitalunternehmen aus der Region, die sich auf den Gemeinschaftsständen "
            "präsentieren würden."
        ),
        "status": ProposalStatus.PUBLISHED,
        "days_ago": 77,
        "votes": {
            StakeholderGroup.CITIZENS: (6, 21),
            StakeholderGroup.CHAMBERS: (3, 0),
            StakeholderGroup.BUSINESS: (2, 0),
            StakeholderGroup.ADMINISTRATION: (2, 1),
            StakeholderGroup.SCIENCE: (1, 0),
        },
    },
    {
        "key": "digital-lotsen-einzelhandel",
        "masterplan": "digitale-wirtschaft",
        "field": "kompetenz-gruendungs-und-serviceeinrichtungen",
        "author": "murat",
        "on_behalf": False,
        "title": "Digital-Lotsen für den Einzelhandel in Hörde, der Nordstadt und Aplerbeck",
        "body": (
            "Ich betreibe ein kleines Geschäft an der Münsterstraße. Wie viele Händlerinnen "
            "und Händler in den Stadtteilzentren habe ich weder Zeit noch Geld für eine "
            "Agentur, wenn es um Online-Shop, Einträge in Kartendiensten, ein neues "
            "Kassensystem oder elektronische Rechnungen geht.\n\n"
            "Mein Vorschlag: Die Stadt richtet Digital-Lotsen ein, die Geschäfte vor Ort "
            "besuchen, zuerst in Hörde, der Nordstadt und Aplerbeck. Sie beraten kostenlos und "
            "neutral, helfen bei Förderanträgen und vermitteln passende Dienstleister. Einmal "
            "im Monat gibt es zusätzlich eine offene Sprechstunde in der "
            "Bezirksverwaltungsstelle.\n\n"
            "Drei Lotsenstellen kosten etwa 210.000 Euro im Jahr. Das ist wenig im Vergleich "
            "zu leerstehenden Ladenlokalen. Davon profitieren die Geschäfte, aber auch die "
            "Menschen im Stadtteil, die ihre Nahversorgung behalten."
        ),
        "disclosure": "",
        "status": ProposalStatus.PUBLISHED,
        "days_ago": 63,
        "votes": {
            StakeholderGroup.CITIZENS: (36, 2),
            StakeholderGroup.CHAMBERS: (1, 1),
            StakeholderGroup.BUSINESS: (0, 1),
            StakeholderGroup.ADMINISTRATION: (2, 1),
            StakeholderGroup.CIVIL_SOCIETY: (1, 0),
        },
    },
    {
        "key": "staedtischer-digitalbonus",
        "masterplan": "digitale-wirtschaft",
        "field": "digitale-standortstrategie",
        "author": "digitalverband",
        "on_behalf": True,
        "title": "Städtischer Digitalbonus: 5.000 Euro Zuschuss für jedes kleine Unternehmen",
        "body": (
            "Viele kleine Unternehmen schieben Investitionen in Software, IT-Sicherheit und "
            "digitale Geschäftsprozesse auf, weil die Förderprogramme von Bund und Land "
            "kompliziert sind und lange Bearbeitungszeiten haben.\n\n"
            "Wir schlagen einen städtischen Digitalbonus vor: Betriebe mit bis zu 50 "
            "Beschäftigten erhalten einmalig bis zu 5.000 Euro für ein "
            "Digitalisierungsprojekt, beantragt mit einem zweiseitigen Online-Formular und "
            "ausgezahlt innerhalb von sechs Wochen. Förderfähig wären zum Beispiel "
            "Warenwirtschaft, Online-Terminbuchung oder ein IT-Sicherheitscheck.\n\n"
            "Bei 1.000 geförderten Betrieben pro Jahr entstehen Kosten von bis zu 5 Millionen "
            "Euro. Die Abwicklung könnte die Wirtschaftsförderung übernehmen, die ohnehin mit "
            "vielen Betrieben in Kontakt ist."
        ),
        "disclosure": (
            "Mitgliedsunternehmen des Digitalverbands Ruhr-Westfalen e. V. könnten als "
            "Dienstleister für geförderte Projekte beauftragt werden."
        ),
        "status": ProposalStatus.NOT_ADOPTED,
        "response": (
            "Wir haben den Vorschlag sorgfältig geprüft und nehmen ihn nicht in den Masterplan "
            "auf. Ein eigener städtischer Zuschuss würde die Digitalisierungsförderung von Bund "
            "und Land doppeln und wäre mit bis zu 5 Millionen Euro im Jahr im Haushalt nicht "
            "darstellbar; auch in der Abstimmung überwog die Ablehnung deutlich. Stattdessen "
            "berät die Wirtschaftsförderung kleine Unternehmen zu den bestehenden Programmen und "
            "hilft bei der Antragstellung."
        ),
        "days_ago": 165,
        "votes": {
            StakeholderGroup.CITIZENS: (8, 24),
            StakeholderGroup.CHAMBERS: (2, 1),
            StakeholderGroup.BUSINESS: (2, 0),
            StakeholderGroup.ADMINISTRATION: (0, 5),
            StakeholderGroup.SCIENCE: (0, 1),
        },
    },
    # --- Masterplan Digitale Bildung ---
    {
        "key": "wlan-in-allen-schulen",
        "masterplan": "digitale-bildung",
        "field": "digitale-kompetenzen-in-allen-schulstufen",
        "author": "jana",
        "on_behalf": False,
        "title": "WLAN in allen Schulen – in jedem Klassenraum, nicht nur im Lehrerzimmer",
        "body": (
            "An meiner Gesamtschule in Scharnhorst gibt es WLAN im Lehrerzimmer und in zwei "
            "Computerräumen. In den Klassenräumen bricht die Verbindung ab, sobald eine Klasse "
            "gleichzeitig mit Tablets arbeitet. So geht es vielen Dortmunder Schulen, von der "
            "Grundschule bis zum Berufskolleg.\n\n"
            "Ich schlage vor, dass bis Ende 2028 alle städtischen Schulen flächendeckend "
            "leistungsfähiges WLAN erhalten, ausgelegt auf eine ganze Klasse mit eigenen "
            "Geräten. Dazu gehören ein Glasfaseranschluss für jedes Schulgebäude, die zentrale "
            "Verwaltung der Netze durch die Stadt und ein Jugendschutzfilter, der den "
            "Unterricht nicht behindert.\n\n"
            "Finanzieren lässt sich das aus dem DigitalPakt 2.0 und Landesprogrammen, ergänzt "
            "durch den städtischen Haushalt. Erster Schritt wäre eine öffentliche Liste, "
            "welche Schulen wann ausgebaut werden, damit Eltern und Kollegien planen können."
        ),
        "disclosure": "",
        "status": ProposalStatus.PUBLISHED,
        "days_ago": 158,
        "votes": {
            StakeholderGroup.CITIZENS: (48, 3),
            StakeholderGroup.EDUCATION: (2, 0),
            StakeholderGroup.ADMINISTRATION: (3, 2),
            StakeholderGroup.CHAMBERS: (1, 0),
            StakeholderGroup.CIVIL_SOCIETY: (2, 0),
            StakeholderGroup.SCIENCE: (1, 0),
        },
    },
    {
        "key": "medienscouts-weiterfuehrende-schulen",
        "masterplan": "digitale-bildung",
        "field": "medienkompetenz",
        "author": "bildungskommission",
        "on_behalf": True,
        "title": "Medienscouts an allen weiterführenden Schulen: Desinformation erkennen lernen",
        "body": (
            "Kinder und Jugendliche begegnen Falschmeldungen, manipulierten Bildern und "
            "KI-generierten Videos täglich in sozialen Netzwerken. Medienkompetenz heißt, "
            "solche Inhalte kritisch zu prüfen und einzuordnen, und das lernt man am besten "
            "von Gleichaltrigen.\n\n"
            "Die Dortmunder Bildungskommission empfiehlt, an allen weiterführenden Schulen "
            "Medienscouts auszubilden: je Schule vier bis sechs Schülerinnen und Schüler der "
            "Klassen 8 und 9, begleitet von einer Lehrkraft. Sie bieten Workshops für jüngere "
            "Klassen und Elternabende an. Die Ausbildung übernehmen Medienpädagoginnen und "
            "Medienpädagogen gemeinsam mit dem städtischen Medienzentrum.\n\n"
            "Die Kosten liegen bei rund 1.500 Euro pro Schule und Jahr für Ausbildung, "
            "Material und Freistellung. Ein Start mit 20 Schulen zum Schuljahr 2027/28 ist "
            "realistisch."
        ),
        "disclosure": "",
        "status": ProposalStatus.ADOPTED,
        "response": (
            "Der Vorschlag wird vollständig umgesetzt. Zum Schuljahr 2027/28 starten 20 "
            "weiterführende Schulen mit der Ausbildung von Medienscouts; das städtische "
            "Medienzentrum übernimmt sie gemeinsam mit Medienpädagoginnen und Medienpädagogen. "
            "Bis 2030 sollen alle weiterführenden Schulen dabei sein."
        ),
        "days_ago": 149,
        "votes": {
            StakeholderGroup.CITIZENS: (27, 2),
            StakeholderGroup.EDUCATION: (2, 0),
            StakeholderGroup.ADMINISTRATION: (4, 0),
            StakeholderGroup.CIVIL_SOCIETY: (2, 0),
            StakeholderGroup.SCIENCE: (1, 0),
        },
    },
    {
        "key": "informatik-in-der-grundschule",
        "masterplan": "digitale-bildung",
        "field": "informatische-grundkenntnisse",
        "author": "tu",
        "on_behalf": True,
        "title": "Informatik in der Grundschule: Algorithmen und Programmieren ab Klasse 3",
        "body": (
            "Informatische Grundkenntnisse beginnen nicht mit einer Programmiersprache, "
            "sondern mit dem Verständnis, wie man Abläufe in eindeutige Schritte zerlegt. "
            "Grundschulkinder lernen das spielerisch, mit Lernrobotern, Bildkarten oder "
            "einfachen Blockprogrammen.\n\n"
            "Die TU Dortmund schlägt vor, gemeinsam mit der Stadt ein Programm „Informatik "
            "entdecken“ für die Dortmunder Grundschulen aufzubauen. Lehramtsstudierende der "
            "Informatik begleiten Lehrkräfte der Klassen 3 und 4 ein Halbjahr lang im "
            "Unterricht; Klassensätze von Lernrobotern werden über das Medienzentrum "
            "ausgeliehen. Die Fortbildung der Lehrkräfte wird mit der Lehrerfortbildung des "
            "Landes abgestimmt.\n\n"
            "Kosten: etwa 300.000 Euro für Geräte und 150.000 Euro pro Jahr für die "
            "Begleitung. Ein Pilot mit 15 Grundschulen, zuerst in der Nordstadt und in Eving, "
            "könnte im Februar 2027 starten."
        ),
        "disclosure": "",
        "status": ProposalStatus.IN_REVIEW,
        "response": (
            "Das Dezernat prüft den Vorschlag mit der TU Dortmund und der Lehrerfortbildung des "
            "Landes. Ein Pilot mit 15 Grundschulen in der Nordstadt und in Eving ist im Entwurf "
            "des Masterplans vorgesehen; offen sind noch die Finanzierung der Lernroboter und die "
            "Freistellung der Lehrkräfte für die Fortbildung."
        ),
        "days_ago": 133,
        "votes": {
            StakeholderGroup.CITIZENS: (21, 8),
            StakeholderGroup.SCIENCE: (4, 0),
            StakeholderGroup.EDUCATION: (1, 1),
            StakeholderGroup.CHAMBERS: (2, 0),
            StakeholderGroup.BUSINESS: (1, 0),
            StakeholderGroup.ADMINISTRATION: (2, 1),
        },
    },
    {
        "key": "medienpass-kita-bis-berufskolleg",
        "masterplan": "digitale-bildung",
        "field": "alle-bildungsbereiche",
        "author": "bildungsnetzwerk",
        "on_behalf": True,
        "title": "Ein Dortmunder Medienpass von der Kita bis zum Berufskolleg",
        "body": (
            "Digitale Bildung reißt heute oft an den Übergängen ab: Was in der Kita begonnen "
            "wurde, weiß die Grundschule nicht, und das Berufskolleg fängt wieder bei null an. "
            "Entlang der Bildungsbiografie fehlt ein roter Faden.\n\n"
            "Das Regionale Bildungsnetzwerk Dortmund schlägt einen gemeinsamen Medienpass vor, "
            "der Kompetenzstufen für Kita, Grundschule, Sekundarstufe I und Berufskolleg "
            "beschreibt und an den Medienkompetenzrahmen NRW anschließt. Kinder und "
            "Jugendliche sammeln Nachweise, Fachkräfte erhalten abgestimmte Materialien. Auch "
            "außerschulische Lernorte wie die Stadtteilbibliotheken, das Dortmunder U und die "
            "Jugendfreizeitstätten sollen Nachweise vergeben können.\n\n"
            "Als ersten Schritt schlagen wir eine Arbeitsgruppe mit Kitaträgern, Schulformen "
            "und Jugendhilfe vor, die bis Sommer 2027 ein Stufenmodell entwickelt. Die Kosten "
            "für Druck, Online-Plattform und Fortbildungen schätzen wir auf 120.000 Euro."
        ),
        "disclosure": "",
        "status": ProposalStatus.PUBLISHED,
        "days_ago": 112,
        "votes": {
            StakeholderGroup.CITIZENS: (10, 5),
            StakeholderGroup.EDUCATION: (2, 0),
            StakeholderGroup.ADMINISTRATION: (3, 0),
            StakeholderGroup.SCIENCE: (1, 1),
        },
    },
    {
        "key": "basiskurs-anwendungswissen-klasse-5",
        "masterplan": "digitale-bildung",
        "field": "anwendungswissen",
        "author": "tobias",
        "on_behalf": False,
        "title": "Basiskurs Anwendungswissen in Klasse 5: Tastatur, Dateien, sichere Passwörter",
        "body": (
            "Viele Jugendliche bedienen ihr Smartphone souverän, können aber keine Datei "
            "sinnvoll ablegen, keine E-Mail mit Anhang schreiben und nutzen überall dasselbe "
            "Passwort. Ausbildungsbetriebe und Hochschulen beklagen genau diese Lücken.\n\n"
            "Ich schlage einen verbindlichen Basiskurs in Klasse 5 an allen weiterführenden "
            "Schulen vor: zehn Doppelstunden zu Zehnfingerschreiben, Dateiverwaltung, "
            "Textverarbeitung, Tabellen, sicheren Passwörtern und Zwei-Faktor-Anmeldung. Der "
            "Kurs kann in den Ergänzungsstunden laufen und endet mit einem kleinen Zertifikat.\n\n"
            "Das Material kann die Stadt mit dem Regionalen Bildungsnetzwerk einmal zentral "
            "erstellen, Kosten rund 40.000 Euro. Dazu kommt eine kurze Fortbildung für die "
            "unterrichtenden Lehrkräfte."
        ),
        "disclosure": "",
        "status": ProposalStatus.PUBLISHED,
        "days_ago": 90,
        "votes": {
            StakeholderGroup.CITIZENS: (12, 11),
            StakeholderGroup.CHAMBERS: (3, 0),
            StakeholderGroup.BUSINESS: (2, 0),
            StakeholderGroup.EDUCATION: (1, 1),
            StakeholderGroup.ADMINISTRATION: (1, 1),
        },
    },
    {
        "key": "gemeinsame-lernplattform-schulen",
        "masterplan": "digitale-bildung",
        "field": "kooperations-und-arbeitsformen",
        "author": "jana",
        "on_behalf": False,
        "title": "Eine gemeinsame, datenschutzkonforme Lernplattform für alle Dortmunder Schulen",
        "body": (
            "Derzeit nutzt jede Schule eigene Werkzeuge: die eine LOGINEO NRW, die andere "
            "Moodle auf einem eigenen Server, die dritte einen US-Dienst, bei dem niemand "
            "genau weiß, wo die Daten liegen. Für die Zusammenarbeit zwischen Schulen, etwa "
            "bei gemeinsamen Oberstufenkursen, ist das ein Hindernis.\n\n"
            "Ich schlage vor, dass die Stadt als Schulträger eine gemeinsame Lernplattform mit "
            "Videokonferenz, Aufgabenverwaltung und Dateiablage bereitstellt, betrieben in "
            "einem Rechenzentrum in Deutschland. Lehrkräfte sollen schulübergreifend Kurse und "
            "Materialien teilen können, Schülerinnen und Schüler behalten beim Schulwechsel "
            "ihr Konto.\n\n"
            "Erster Schritt: eine Bestandsaufnahme, welche Plattformen die Schulen heute "
            "nutzen, und ein Pilot mit zehn Schulen. Der Betrieb durch das Dortmunder "
            "Systemhaus kostet nach meiner Schätzung rund 5 Euro pro Schülerin und Schüler im "
            "Jahr."
        ),
        "disclosure": "",
        "status": ProposalStatus.PUBLISHED,
        "days_ago": 71,
        "votes": {
            StakeholderGroup.CITIZENS: (25, 3),
            StakeholderGroup.EDUCATION: (1, 0),
            StakeholderGroup.ADMINISTRATION: (2, 2),
            StakeholderGroup.CIVIL_SOCIETY: (1, 0),
            StakeholderGroup.SCIENCE: (1, 0),
        },
    },
    {
        "key": "leihgeraete-mit-sozialstaffel",
        "masterplan": "digitale-bildung",
        "field": "digitale-kompetenzen-in-allen-schulstufen",
        "author": "buergerin",
        "on_behalf": False,
        "title": "Leihgeräte für alle Schülerinnen und Schüler ab Klasse 7 – mit Sozialstaffel",
        "body": (
            "Meine Kinder gehen in Hörde zur Schule. In ihren Klassen gibt es Kinder mit "
            "eigenem Tablet und Kinder, die ihre Hausaufgaben auf dem Handy der Mutter machen. "
            "Digitale Kompetenzen in allen Schulstufen setzen voraus, dass alle ein Gerät "
            "haben.\n\n"
            "Ich schlage vor, dass die Stadt allen Schülerinnen und Schülern ab Klasse 7 ein "
            "Tablet mit Tastatur leiht, verwaltet über die Schule. Familien mit Dortmund-Pass "
            "zahlen nichts, alle anderen eine Nutzungsgebühr von höchstens 5 Euro im Monat. "
            "Reparatur und Versicherung sind inklusive, damit niemand Angst vor Schäden haben "
            "muss.\n\n"
            "Bei rund 35.000 Schülerinnen und Schülern ab Klasse 7 rechne ich mit etwa 8 "
            "Millionen Euro für die Anschaffung, verteilt über drei Jahrgänge und zum Teil "
            "über Landes- und Bundesmittel gedeckt."
        ),
        "disclosure": "",
        "status": ProposalStatus.PARTIALLY_ADOPTED,
        "response": (
            "Der Masterplan nimmt Leihgeräte ab Klasse 7 auf, zunächst für Schülerinnen und "
            "Schüler aus Familien mit Dortmund-Pass: kostenlos, mit Versicherung und Reparatur. "
            "Geräte für alle rund 35.000 Schülerinnen und Schüler ab Klasse 7 sind ohne "
            "zusätzliche Mittel von Bund und Land nicht finanzierbar; wir prüfen die Ausweitung, "
            "sobald der DigitalPakt 2.0 bewilligt ist."
        ),
        "days_ago": 127,
        "votes": {
            StakeholderGroup.CITIZENS: (39, 7),
            StakeholderGroup.EDUCATION: (2, 0),
            StakeholderGroup.ADMINISTRATION: (2, 3),
            StakeholderGroup.CIVIL_SOCIETY: (2, 0),
            StakeholderGroup.CHAMBERS: (0, 1),
        },
    },
    {
        "key": "generationen-tandems",
        "masterplan": "digitale-bildung",
        "field": "medienkompetenz",
        "author": "senioren",
        "on_behalf": True,
        "title": "Generationen-Tandems: Jugendliche erklären Älteren Smartphone und Online-Dienste",
        "body": (
            "Viele ältere Dortmunderinnen und Dortmunder möchten online einen Termin im "
            "Bürgerbüro buchen, mit den Enkeln videotelefonieren oder betrügerische "
            "Nachrichten erkennen und wissen nicht, wen sie fragen sollen. Gleichzeitig suchen "
            "Schulen Projekte, in denen Jugendliche Verantwortung übernehmen.\n\n"
            "Der Verein Digitale Nachbarschaft 60plus schlägt Generationen-Tandems vor: "
            "Schülerinnen und Schüler ab Klasse 9 treffen sich einmal pro Woche mit älteren "
            "Menschen in Begegnungszentren, Stadtteilbibliotheken oder Seniorenheimen, zum "
            "Beispiel in Huckarde, Mengede und Brackel. Die Jugendlichen lernen dabei, Wissen "
            "verständlich weiterzugeben und über Betrugsmaschen und Datenschutz aufzuklären; "
            "die Schule kann das als Sozialpraktikum anerkennen.\n\n"
            "Unser Verein stellt Ehrenamtliche zur Begleitung. Benötigt werden Leihtablets und "
            "eine Koordinationsstelle, zusammen etwa 60.000 Euro pro Jahr."
        ),
        "disclosure": "",
        "status": ProposalStatus.PUBLISHED,
        "days_ago": 34,
        "votes": {
            StakeholderGroup.CITIZENS: (30, 1),
            StakeholderGroup.CIVIL_SOCIETY: (2, 0),
            StakeholderGroup.EDUCATION: (1, 0),
            StakeholderGroup.ADMINISTRATION: (3, 0),
        },
    },
    # --- Masterplan Digitale Stadtverwaltung ---
    {
        "key": "buergerapp-alle-dienste",
        "masterplan": "digitale-stadtverwaltung",
        "field": "services-und-egovernment",
        "author": "buergerin",
        "on_behalf": False,
        "title": "Eine BürgerApp für alle städtischen Dienste",
        "body": (
            "Wer heute einen Termin im Bürgerbüro braucht, einen Schaden auf der Straße melden "
            "oder den Bewohnerparkausweis verlängern will, landet auf verschiedenen Webseiten "
            "mit jeweils eigener Anmeldung. Das ist umständlich, gerade auf dem Smartphone.\n\n"
            "Ich wünsche mir eine BürgerApp der Stadt Dortmund, in der alles zusammenkommt: "
            "Terminbuchung für die Bürgerdienste, Online-Anträge mit dem Servicekonto, ein "
            "Mängelmelder mit Foto und Standort, der Abfuhrkalender der EDG und Hinweise auf "
            "Straßensperrungen im eigenen Stadtteil. Die App sollte barrierefrei sein und auch "
            "auf Englisch und Türkisch funktionieren.\n\n"
            "Als ersten Schritt könnte die Stadt die vorhandenen Online-Dienste in einer "
            "Web-App bündeln, die man auf dem Handy installieren kann. Das ist günstiger als "
            "zwei native Apps und schneller fertig."
        ),
        "disclosure": "",
        "status": ProposalStatus.PUBLISHED,
        "days_ago": 181,
        "votes": {
            StakeholderGroup.CITIZENS: (42, 2),
            StakeholderGroup.ADMINISTRATION: (4, 1),
            StakeholderGroup.CIVIL_SOCIETY: (1, 0),
            StakeholderGroup.BUSINESS: (1, 0),
        },
    },
    {
        "key": "buergerapp-termine-antraege",
        "masterplan": "digitale-stadtverwaltung",
        "field": "services-und-egovernment",
        "author": "tobias",
        "on_behalf": False,
        "title": "BürgerApp für Dortmund: Termine, Anträge und Mängelmeldungen in einer App",
        "body": (
            "Dortmund braucht eine zentrale App für Bürgerinnen und Bürger. Andere Großstädte "
            "haben längst eine, in der man Termine bucht, Anträge stellt und Probleme meldet. "
            "In Dortmund muss man sich alles auf dortmund.de zusammensuchen.\n\n"
            "Vorschlag: eine BürgerApp, in der man sich einmal mit der BundID oder dem "
            "Servicekonto anmeldet und dann Termine im Bürgerbüro bucht, Anträge online stellt "
            "und deren Bearbeitungsstand sieht. Dazu gehört ein Mängelmelder für Schlaglöcher, "
            "defekte Laternen oder wilden Müll, zum Beispiel am Dorstfelder Hellweg.\n\n"
            "Die App sollte als Open Source entwickelt werden, damit andere Kommunen sie "
            "nachnutzen können. Studierende der TU und der Fachhochschule könnten in "
            "Projektseminaren mitentwickeln, das senkt die Kosten und bringt Nachwuchs in die "
            "Stadtverwaltung."
        ),
        "disclosure": "",
        "status": ProposalStatus.PUBLISHED,
        "days_ago": 96,
        "votes": {
            StakeholderGroup.CITIZENS: (17, 3),
            StakeholderGroup.ADMINISTRATION: (2, 0),
            StakeholderGroup.SCIENCE: (1, 0),
            StakeholderGroup.BUSINESS: (1, 0),
        },
    },
    {
        "key": "open-data-open-by-default",
        "masterplan": "digitale-stadtverwaltung",
        "field": "open-government-und-open-data",
        "author": "funknetz",
        "on_behalf": True,
        "title": "Open Data: Haushalt, Ratsinformationen und Verkehrszählungen als offene Daten",
        "body": (
            "Die Stadt veröffentlicht bereits einige Datensätze auf ihrem Open-Data-Portal. "
            "Viele Daten, die für Bürgerinnen und Bürger, Journalistinnen und Entwickler "
            "besonders interessant sind, fehlen aber noch oder liegen nur als PDF vor.\n\n"
            "Offenes Funknetz Dortmund schlägt vor, bis Ende 2027 mindestens folgende Daten "
            "maschinenlesbar und unter offener Lizenz bereitzustellen: den Haushaltsplan mit "
            "allen Produktgruppen, Beschlüsse und Vorlagen aus dem Ratsinformationssystem, "
            "Verkehrs- und Radzählungen, die Standorte von Ladesäulen, Spielplätzen und "
            "öffentlichen Toiletten sowie die Belegung der Parkhäuser in der City.\n\n"
            "Wichtig ist eine verbindliche Regel: Was die Stadt ohnehin erhebt und was nicht "
            "personenbezogen ist, wird offen veröffentlicht („open by default“). Unsere "
            "Initiative bietet an, mit Ehrenamtlichen Anwendungen auf Basis der Daten zu bauen "
            "und Fehler in den Daten zurückzumelden."
        ),
        "disclosure": "",
        "status": ProposalStatus.ADOPTED,
        "response": (
            "Der Vorschlag wird vollständig umgesetzt. Die Stadt veröffentlicht Daten ohne "
            "Personenbezug künftig grundsätzlich als offene Daten („open by default“). "
            "Haushaltsplan, Ratsinformationen, Verkehrs- und Radzählungen, die genannten "
            "Standorte und die Parkhausbelegung folgen bis Ende 2027 auf dem Open-Data-Portal. "
            "Das Angebot der Initiative, Fehler in den Daten zurückzumelden, nehmen wir gern an."
        ),
        "days_ago": 200,
        "votes": {
            StakeholderGroup.CITIZENS: (33, 2),
            StakeholderGroup.CIVIL_SOCIETY: (2, 0),
            StakeholderGroup.SCIENCE: (3, 0),
            StakeholderGroup.ADMINISTRATION: (3, 2),
            StakeholderGroup.BUSINESS: (1, 0),
        },
    },
    {
        "key": "epayment-alle-gebuehren",
        "masterplan": "digitale-stadtverwaltung",
        "field": "services-und-egovernment",
        "author": "murat",
        "on_behalf": False,
        "title": (
            "ePayment für alle städtischen Gebühren – vom Bewohnerparkausweis bis zur "
            "Gewerbeanmeldung"
        ),
        "body": (
            "Bei meiner Gewerbeummeldung konnte ich den Antrag online stellen, musste dann "
            "aber auf einen Gebührenbescheid warten und überweisen. Erst nach dem "
            "Zahlungseingang ging es weiter: zwei Wochen Verzögerung für eine Gebühr von "
            "wenigen Euro.\n\n"
            "Ich schlage vor, dass jede gebührenpflichtige Leistung der Stadt, die online "
            "beantragt werden kann, auch sofort online bezahlt werden kann, mit Girocard, "
            "Kreditkarte, Lastschrift oder gängigen Bezahldiensten. Das betrifft zum Beispiel "
            "Bewohnerparkausweise, Meldebescheinigungen, Gewerbeanmeldungen und Gebühren der "
            "Stadtbibliothek.\n\n"
            "Technisch kann die Stadt eine zentrale ePayment-Komponente einmal anbinden und "
            "für alle Fachverfahren nutzen. Das spart Mahnläufe und manuelle Buchungen in der "
            "Stadtkasse. Erster Schritt: eine Liste der zehn häufigsten Gebühren, die bis "
            "Mitte 2027 online bezahlbar werden."
        ),
        "disclosure": "",
        "status": ProposalStatus.IN_REVIEW,
        "response": (
            "Das Dortmunder Systemhaus prüft mit der Stadtkasse die Anbindung einer zentralen "
            "ePayment-Komponente an die Fachverfahren. Ein Zahlungsdienstleister ist ausgewählt; "
            "welche zehn Gebühren zuerst online bezahlbar werden, stimmen wir bis März 2027 mit "
            "den Fachbereichen ab."
        ),
        "days_ago": 162,
        "votes": {
            StakeholderGroup.CITIZENS: (29, 1),
            StakeholderGroup.CHAMBERS: (2, 0),
            StakeholderGroup.BUSINESS: (2, 0),
            StakeholderGroup.ADMINISTRATION: (4, 0),
        },
    },
    {
        "key": "eakte-digitaler-bauantrag",
        "masterplan": "digitale-stadtverwaltung",
        "field": "services-und-egovernment",
        "author": "hwk",
        "on_behalf": True,
        "title": "eAkte und digitaler Bauantrag: Genehmigungen ohne Papier und Postweg",
        "body": (
            "Handwerksbetriebe und Bauherren warten in Dortmund oft viele Wochen auf "
            "Genehmigungen, weil Unterlagen in Papierform zwischen Bauordnungsamt, Tiefbauamt "
            "und weiteren Stellen hin- und hergehen. Selbst für eine Sondernutzung, etwa ein "
            "Gerüst auf dem Gehweg, sind noch Papieranträge üblich.\n\n"
            "Die Handwerkskammer Dortmund schlägt vor, die eAkte vorrangig in den Ämtern "
            "einzuführen, die Bau- und Gewerbegenehmigungen erteilen. Anträge sollen "
            "vollständig digital eingereicht und parallel von allen beteiligten Stellen "
            "geprüft werden; der Bearbeitungsstand soll online einsehbar sein. Für Gerüste und "
            "Container sollte eine Genehmigung innerhalb von fünf Werktagen das Ziel sein.\n\n"
            "Als ersten Schritt regen wir an, das Bauportal des Landes NRW vollständig "
            "anzubinden und die Gerüstgenehmigung als Pilot zu digitalisieren."
        ),
        "disclosure": (
            "Die Handwerkskammer Dortmund vertritt Bau- und Ausbaubetriebe, die von "
            "schnelleren Genehmigungsverfahren wirtschaftlich profitieren würden."
        ),
        "status": ProposalStatus.PARTIALLY_ADOPTED,
        "response": (
            "Die eAkte wird vorrangig in den Genehmigungsämtern eingeführt, und die "
            "Gerüstgenehmigung ist als Pilot bereits digital: Anträge gehen über das Bauportal "
            "NRW ein und werden parallel geprüft. Ein festes Ziel von fünf Werktagen für alle "
            "Genehmigungen nehmen wir nicht auf; Bearbeitungsziele legen wir nach der Auswertung "
            "des Pilots je Verfahren fest."
        ),
        "days_ago": 138,
        "votes": {
            StakeholderGroup.CITIZENS: (14, 3),
            StakeholderGroup.CHAMBERS: (3, 0),
            StakeholderGroup.BUSINESS: (2, 0),
            StakeholderGroup.ADMINISTRATION: (3, 2),
        },
    },
    {
        "key": "it-sicherheit-notfallbetrieb",
        "masterplan": "digitale-stadtverwaltung",
        "field": "it-sicherheit",
        "author": "isst",
        "on_behalf": True,
        "title": "IT-Sicherheit: Notfallübungen und Offline-Notbetrieb für wichtige Bürgerdienste",
        "body": (
            "Cyberangriffe auf Kommunalverwaltungen haben in den letzten Jahren gezeigt, dass "
            "ein einziger Vorfall Bürgerdienste über Monate lahmlegen kann. Verwaltungen, die "
            "ihren Notbetrieb geübt hatten, waren deutlich schneller wieder arbeitsfähig.\n\n"
            "Das Fraunhofer ISST schlägt vor, die IT-Sicherheitsstrategie der Stadt um drei "
            "Bausteine zu ergänzen: eine jährliche Notfallübung mit Dortmunder Systemhaus, "
            "Bürgerdiensten, Feuerwehr und Krisenstab; einen dokumentierten Offline-Notbetrieb "
            "für Leistungen wie Geburtsbeurkundungen, Sterbefälle und Kfz-Zulassungen; und "
            "regelmäßige Phishing-Trainings für alle Beschäftigten mit Bildschirmarbeitsplatz.\n\n"
            "Wir bieten an, die erste Übung wissenschaftlich zu begleiten und die Ergebnisse "
            "anonymisiert für andere Kommunen in NRW aufzubereiten. Den Aufwand schätzen wir "
            "auf 150.000 Euro im ersten Jahr."
        ),
        "disclosure": "",
        "status": ProposalStatus.PUBLISHED,
        "days_ago": 117,
        "votes": {
            StakeholderGroup.CITIZENS: (12, 2),
            StakeholderGroup.SCIENCE: (3, 0),
            StakeholderGroup.ADMINISTRATION: (5, 0),
            StakeholderGroup.CIVIL_SOCIETY: (1, 0),
        },
    },
    {
        "key": "digitalakademie-beschaeftigte",
        "masterplan": "digitale-stadtverwaltung",
        "field": "personal-und-organisation",
        "author": "personalamt",
        "on_behalf": True,
        "title": "Digitalakademie für städtische Beschäftigte mit festen Lernzeiten",
        "body": (
            "Eine digitale Verwaltung gelingt nur mit Beschäftigten, die neue Verfahren sicher "
            "beherrschen und ihre Arbeitsabläufe mitgestalten. Viele Kolleginnen und Kollegen "
            "im Stadthaus und in den Bürgerdiensten berichten, dass Schulungen zu neuen "
            "Fachverfahren zu spät kommen und neben dem Tagesgeschäft kaum Zeit zum Üben "
            "bleibt.\n\n"
            "Das Personal- und Organisationsamt schlägt eine Digitalakademie vor: kurze "
            "Lernmodule zu eAkte, Videoberatung, Datenschutz und Prozessgestaltung, dazu ein "
            "Netz von Digitallotsinnen und Digitallotsen in jedem Fachbereich. Alle "
            "Beschäftigten erhalten zwei Stunden Lernzeit pro Monat, die im Dienstplan fest "
            "eingeplant wird.\n\n"
            "Der Aufbau kostet etwa 350.000 Euro im ersten Jahr, vor allem für Lernplattform, "
            "Inhalte und die Freistellung der Lotsen. Beginnen sollten die Ämter, die 2027 auf "
            "die eAkte umstellen."
        ),
        "disclosure": "",
        "status": ProposalStatus.PUBLISHED,
        "days_ago": 59,
        "votes": {
            StakeholderGroup.CITIZENS: (6, 8),
            StakeholderGroup.ADMINISTRATION: (6, 0),
            StakeholderGroup.SCIENCE: (1, 0),
        },
    },
]


COMMENTS: list[CommentData] = [
    # [0] on gigabit-gewerbegebiete
    {
        "proposal": "gigabit-gewerbegebiete",
        "author": "tu",
        "body": (
            "Die TU Dortmund unterstützt den Vorschlag ausdrücklich. Auch Ausgründungen im "
            "Technologiepark und auf Phoenix West brauchen symmetrische Bandbreiten, etwa für "
            "Simulationen und große Messdatensätze."
        ),
        "reply_to": None,
        "days_ago": 140,
    },
    # [1] on gigabit-gewerbegebiete
    {
        "proposal": "gigabit-gewerbegebiete",
        "author": "planung-wirtschaft",
        "body": (
            "Danke für den Vorschlag. Die Fortschreibung der Breitbanduntersuchung für die "
            "Gewerbegebiete läuft; wir prüfen, ob Ellinghausen und der Indupark in das nächste "
            "Markterkundungsverfahren aufgenommen werden können."
        ),
        "reply_to": None,
        "days_ago": 120,
    },
    # [2] on gigabit-gewerbegebiete
    {
        "proposal": "gigabit-gewerbegebiete",
        "author": "ihk-partnerin",
        "body": (
            "Gern stellen wir dafür die Ergebnisse unserer Mitgliederumfrage zur "
            "Breitbandversorgung bereit, aufgeschlüsselt nach Gewerbegebieten."
        ),
        "reply_to": 1,
        "days_ago": 118,
    },
    # [3] on gigabit-gewerbegebiete
    {
        "proposal": "gigabit-gewerbegebiete",
        "author": "planung-wirtschaft",
        "body": (
            "Das wäre sehr hilfreich. Bitte schicken Sie die Auswertung an die "
            "Wirtschaftsförderung, wir nehmen sie in die Priorisierung auf."
        ),
        "reply_to": 2,
        "days_ago": 115,
    },
    # [4] on glasfaser-wohnquartiere
    {
        "proposal": "glasfaser-wohnquartiere",
        "author": "ihk-admin",
        "body": (
            "Wir teilen das Ziel, sehen aber die Förderlogik: Wohnquartiere werden überwiegend "
            "eigenwirtschaftlich ausgebaut. Knappe Fördermittel und Planungskapazitäten "
            "sollten zuerst in die Gewerbegebiete fließen."
        ),
        "reply_to": None,
        "days_ago": 130,
    },
    # [5] on glasfaser-wohnquartiere
    {
        "proposal": "glasfaser-wohnquartiere",
        "author": "murat",
        "body": (
            "Eigenwirtschaftlich passiert in meiner Straße seit Jahren nichts. Wenn die Stadt "
            "nicht koordiniert, bleiben die Altbauquartiere dauerhaft abgehängt."
        ),
        "reply_to": 4,
        "days_ago": 128,
    },
    # [6] on glasfaser-wohnquartiere
    {
        "proposal": "glasfaser-wohnquartiere",
        "author": "funknetz",
        "body": (
            "Ein günstiger Zwischenschritt wären Leerrohre, die bei jeder Straßenbaustelle "
            "mitverlegt werden. Das kostet wenig und macht den späteren Ausbau in der "
            "Nordstadt deutlich billiger."
        ),
        "reply_to": 5,
        "days_ago": 125,
    },
    # [7] on gruenderzentrum-phoenix-west
    {
        "proposal": "gruenderzentrum-phoenix-west",
        "author": "fh",
        "body": (
            "Die Fachhochschule würde sich gern beteiligen, besonders mit ihrem "
            "Gründungsservice und mit Werkstattflächen für Hardware-Start-ups."
        ),
        "reply_to": None,
        "days_ago": 170,
    },
    # [8] on gruenderzentrum-phoenix-west
    {
        "proposal": "gruenderzentrum-phoenix-west",
        "author": "tobias",
        "body": (
            "Bitte auch an bezahlbare Flächen für Gründungen ohne Hochschulhintergrund denken. "
            "Und wie kommt man abends mit Bus und Bahn nach Phoenix West?"
        ),
        "reply_to": None,
        "days_ago": 160,
    },
    # [9] on gruenderzentrum-phoenix-west
    {
        "proposal": "gruenderzentrum-phoenix-west",
        "author": "planung-wirtschaft",
        "body": (
            "Die Machbarkeitsstudie soll ausdrücklich auch Angebote für Gründungen außerhalb "
            "der Hochschulen und die Anbindung an Bus und S-Bahn in Hörde untersuchen."
        ),
        "reply_to": 8,
        "days_ago": 150,
    },
    # [10] on co-creation-centre-dortmunder-u
    {
        "proposal": "co-creation-centre-dortmunder-u",
        "author": "iml",
        "body": (
            "Ein Co-Creation Centre sollte bestehende Transferangebote der Hochschulen und "
            "Institute ergänzen, nicht mit ihnen konkurrieren. Wir schlagen eine gemeinsame "
            "Trägerschaft vor."
        ),
        "reply_to": None,
        "days_ago": 90,
    },
    # [11] on co-creation-centre-dortmunder-u
    {
        "proposal": "co-creation-centre-dortmunder-u",
        "author": "datenwerk",
        "body": (
            "Einverstanden. Eine gemeinsame Trägerschaft mit Wissenschaft und "
            "Wirtschaftsförderung wäre uns lieber als der Betrieb durch ein einzelnes "
            "Unternehmen."
        ),
        "reply_to": 10,
        "days_ago": 88,
    },
    # [12] on lernfabrik-handwerk-mittelstand
    {
        "proposal": "lernfabrik-handwerk-mittelstand",
        "author": "iml",
        "body": (
            "Das Fraunhofer IML bringt gern seine Erfahrungen aus Lernumgebungen für die "
            "Intralogistik ein, gerade für kleine Betriebe."
        ),
        "reply_to": None,
        "days_ago": 185,
    },
    # [13] on lernfabrik-handwerk-mittelstand
    {
        "proposal": "lernfabrik-handwerk-mittelstand",
        "author": "planung-wirtschaft",
        "body": (
            "Die Lernfabrik wird in den Entwurf übernommen, zunächst aber als Modul im "
            "geplanten Co-Creation Centre statt als eigener Standort. Ein gemeinsames Konzept "
            "der Partner soll bis Juni 2027 vorliegen."
        ),
        "reply_to": None,
        "days_ago": 60,
    },
    # [14] on plattform-digitale-logistik-hafen
    {
        "proposal": "plattform-digitale-logistik-hafen",
        "author": "wifoe",
        "body": (
            "Die Plattform passt gut zu den bestehenden Logistiknetzwerken der Region. Wir "
            "klären gerade, wie die Koordinationsstelle finanziert werden kann."
        ),
        "reply_to": None,
        "days_ago": 110,
    },
    # [15] on standortkampagne-digitales-dortmund
    {
        "proposal": "standortkampagne-digitales-dortmund",
        "author": "buergerin",
        "body": (
            "Für Messestände sollte kein Geld aus dem Haushalt fließen, solange Schulen kein "
            "WLAN haben. Wenn die Unternehmen profitieren, sollen sie die Kampagne bezahlen."
        ),
        "reply_to": None,
        "days_ago": 70,
    },
    # [16] on standortkampagne-digitales-dortmund
    {
        "proposal": "standortkampagne-digitales-dortmund",
        "author": "digitalverband",
        "body": (
            "Ein verständlicher Einwand. Wir könnten uns einen Unternehmensanteil von zwei "
            "Dritteln vorstellen, wenn die Stadt die Kampagne unter ihrer Dachmarke führt."
        ),
        "reply_to": 15,
        "days_ago": 68,
    },
    # [17] on digital-lotsen-einzelhandel
    {
        "proposal": "digital-lotsen-einzelhandel",
        "author": "ihk-partnerin",
        "body": (
            "Die IHK bietet bereits Sprechstunden zur Digitalisierung an. Die Lotsen sollten "
            "mit uns zusammenarbeiten, damit keine Doppelstrukturen entstehen."
        ),
        "reply_to": None,
        "days_ago": 55,
    },
    # [18] on digital-lotsen-einzelhandel
    {
        "proposal": "digital-lotsen-einzelhandel",
        "author": "murat",
        "body": (
            "Gern, aber Ihre Sprechstunde ist in der Innenstadt. Entscheidend ist, dass jemand "
            "in den Laden kommt: Viele Händler können nicht einfach zwei Stunden zumachen."
        ),
        "reply_to": 17,
        "days_ago": 52,
    },
    # [19] on staedtischer-digitalbonus
    {
        "proposal": "staedtischer-digitalbonus",
        "author": "planung-wirtschaft",
        "body": (
            "Ein eigenes städtisches Förderprogramm in dieser Größenordnung ist im Haushalt "
            "nicht darstellbar. Stattdessen unterstützt die Wirtschaftsförderung Betriebe "
            "gezielt bei Anträgen für die Förderprogramme des Landes NRW."
        ),
        "reply_to": None,
        "days_ago": 40,
    },
    # [20] on staedtischer-digitalbonus
    {
        "proposal": "staedtischer-digitalbonus",
        "author": "digitalverband",
        "body": (
            "Schade. Dann sollte zumindest die Antragsberatung spürbar ausgebaut werden, sonst "
            "erreichen die Landesprogramme kleine Betriebe weiterhin kaum."
        ),
        "reply_to": 19,
        "days_ago": 38,
    },
    # [21] on wlan-in-allen-schulen
    {
        "proposal": "wlan-in-allen-schulen",
        "author": "buergerin",
        "body": (
            "Genau das Problem haben wir an der Grundschule meiner Tochter in Hörde. Gibt es "
            "schon eine Übersicht, welche Schulen wann an der Reihe sind?"
        ),
        "reply_to": None,
        "days_ago": 150,
    },
    # [22] on wlan-in-allen-schulen
    {
        "proposal": "wlan-in-allen-schulen",
        "author": "planung-bildung",
        "body": (
            "Eine Übersicht der Ausbaustufen nach Schulen erstellen wir gerade mit dem "
            "Dortmunder Systemhaus. Sie soll noch in dieser Beteiligungsphase veröffentlicht "
            "werden."
        ),
        "reply_to": 21,
        "days_ago": 140,
    },
    # [23] on wlan-in-allen-schulen
    {
        "proposal": "wlan-in-allen-schulen",
        "author": "jana",
        "body": (
            "Bitte dabei auch Nebengebäude und Container-Klassenräume mitdenken, dort ist der "
            "Empfang am schlechtesten."
        ),
        "reply_to": 22,
        "days_ago": 138,
    },
    # [24] on wlan-in-allen-schulen
    {
        "proposal": "wlan-in-allen-schulen",
        "author": "dosys",
        "body": (
            "Technischer Hinweis: Für stabiles Klassen-WLAN braucht es pro Raum einen Access "
            "Point und eine Glasfaseranbindung des Gebäudes. Beides sollte in der "
            "Kostenplanung von Anfang an berücksichtigt werden."
        ),
        "reply_to": None,
        "days_ago": 100,
    },
    # [25] on medienscouts-weiterfuehrende-schulen
    {
        "proposal": "medienscouts-weiterfuehrende-schulen",
        "author": "senioren",
        "body": (
            "Könnten Medienscouts auch bei unseren Nachmittagen für Ältere mitmachen? "
            "Falschmeldungen und Betrugsnachrichten betreffen beide Generationen."
        ),
        "reply_to": None,
        "days_ago": 120,
    },
    # [26] on informatik-in-der-grundschule
    {
        "proposal": "informatik-in-der-grundschule",
        "author": "jana",
        "body": (
            "Wichtig ist, dass die Lehrkräfte nicht allein gelassen werden. Eine Begleitung "
            "über ein ganzes Halbjahr hilft mehr als jede eintägige Fortbildung."
        ),
        "reply_to": None,
        "days_ago": 125,
    },
    # [27] on informatik-in-der-grundschule
    {
        "proposal": "informatik-in-der-grundschule",
        "author": "bildungskommission",
        "body": (
            "Die Bildungskommission unterstützt den Pilot und empfiehlt, Grundschulen in "
            "Stadtteilen mit schwacher Ausstattung ausdrücklich zu bevorzugen."
        ),
        "reply_to": None,
        "days_ago": 120,
    },
    # [28] on informatik-in-der-grundschule
    {
        "proposal": "informatik-in-der-grundschule",
        "author": "tu",
        "body": (
            "Deshalb haben wir die Nordstadt und Eving für den Start vorgeschlagen. Weitere "
            "Vorschläge für Pilotschulen nehmen wir gern auf."
        ),
        "reply_to": 27,
        "days_ago": 118,
    },
    # [29] on basiskurs-anwendungswissen-klasse-5
    {
        "proposal": "basiskurs-anwendungswissen-klasse-5",
        "author": "jana",
        "body": (
            "Inhaltlich richtig, aber die Ergänzungsstunden sind an vielen Schulen schon für "
            "Förderunterricht verplant. Das müsste der Stundenplan erst einmal hergeben."
        ),
        "reply_to": None,
        "days_ago": 85,
    },
    # [30] on basiskurs-anwendungswissen-klasse-5
    {
        "proposal": "basiskurs-anwendungswissen-klasse-5",
        "author": "hwk",
        "body": (
            "Aus Sicht der Ausbildungsbetriebe ist das genau die Grundlage, die fehlt. "
            "Vielleicht lässt sich der Kurs mit dem Pflichtfach Informatik in den Klassen 5 "
            "und 6 verbinden."
        ),
        "reply_to": 29,
        "days_ago": 80,
    },
    # [31] on gemeinsame-lernplattform-schulen
    {
        "proposal": "gemeinsame-lernplattform-schulen",
        "author": "fh",
        "body": (
            "Die Fachhochschule betreibt Moodle im eigenen Rechenzentrum und teilt gern ihre "
            "Betriebs- und Datenschutzkonzepte."
        ),
        "reply_to": None,
        "days_ago": 65,
    },
    # [32] on leihgeraete-mit-sozialstaffel
    {
        "proposal": "leihgeraete-mit-sozialstaffel",
        "author": "planung-bildung",
        "body": (
            "Die kostenlose Ausleihe für Familien mit Dortmund-Pass wird in den Entwurf "
            "übernommen. Eine Ausleihe für alle Jahrgänge ist derzeit nicht finanzierbar; wir "
            "beginnen mit den Jahrgängen 7 und 8."
        ),
        "reply_to": None,
        "days_ago": 30,
    },
    # [33] on leihgeraete-mit-sozialstaffel
    {
        "proposal": "leihgeraete-mit-sozialstaffel",
        "author": "buergerin",
        "body": (
            "Ein guter Anfang. Bitte halten Sie die Nutzungsgebühr für die übrigen Familien "
            "trotzdem niedrig."
        ),
        "reply_to": 32,
        "days_ago": 28,
    },
    # [34] on generationen-tandems
    {
        "proposal": "generationen-tandems",
        "author": "jana",
        "body": (
            "Unsere Schule würde gern mitmachen. Für die Klasse 9 passt das gut in unser "
            "Praktikum im sozialen Bereich."
        ),
        "reply_to": None,
        "days_ago": 30,
    },
    # [35] on buergerapp-alle-dienste
    {
        "proposal": "buergerapp-alle-dienste",
        "author": "tobias",
        "body": (
            "Guter Vorschlag. Bitte als Open Source umsetzen, damit andere Kommunen die App "
            "nachnutzen können."
        ),
        "reply_to": None,
        "days_ago": 170,
    },
    # [36] on buergerapp-alle-dienste
    {
        "proposal": "buergerapp-alle-dienste",
        "author": "moderation",
        "body": (
            "Hinweis der Moderation: Zum gleichen Thema gibt es den Vorschlag „BürgerApp für "
            "Dortmund: Termine, Anträge und Mängelmeldungen in einer App“. Wir prüfen, ob "
            "beide zusammengeführt werden."
        ),
        "reply_to": None,
        "days_ago": 90,
    },
    # [37] on buergerapp-termine-antraege
    {
        "proposal": "buergerapp-termine-antraege",
        "author": "buergerin",
        "body": (
            "Das ist fast derselbe Vorschlag wie meiner zur BürgerApp. Können wir die Stimmen "
            "bündeln?"
        ),
        "reply_to": None,
        "days_ago": 92,
    },
    # [38] on open-data-open-by-default
    {
        "proposal": "open-data-open-by-default",
        "author": "dosys",
        "body": (
            "Das Dortmunder Systemhaus unterstützt „open by default“. Haushalts- und "
            "Verkehrsdaten können wir kurzfristig bereitstellen; für Ratsdokumente braucht es "
            "eine Schnittstelle zum Ratsinformationssystem."
        ),
        "reply_to": None,
        "days_ago": 180,
    },
    # [39] on open-data-open-by-default
    {
        "proposal": "open-data-open-by-default",
        "author": "planung-verwaltung",
        "body": (
            "Der Vorschlag wird übernommen: Der Entwurf enthält einen Open-Data-Grundsatz und "
            "einen Zeitplan für die genannten Datensätze bis Ende 2027."
        ),
        "reply_to": None,
        "days_ago": 35,
    },
    # [40] on epayment-alle-gebuehren
    {
        "proposal": "epayment-alle-gebuehren",
        "author": "wifoe",
        "body": (
            "Gerade für Gewerbeanmeldungen wäre sofortiges Bezahlen ein echter "
            "Standortvorteil. Die Wirtschaftsförderung unterstützt den Vorschlag."
        ),
        "reply_to": None,
        "days_ago": 150,
    },
    # [41] on eakte-digitaler-bauantrag
    {
        "proposal": "eakte-digitaler-bauantrag",
        "author": "planung-verwaltung",
        "body": (
            "Die digitale Gerüstgenehmigung nehmen wir als Pilot in den Entwurf auf. Eine "
            "Frist von fünf Werktagen können wir für Sondernutzungen insgesamt nicht zusagen."
        ),
        "reply_to": None,
        "days_ago": 30,
    },
    # [42] on it-sicherheit-notfallbetrieb
    {
        "proposal": "it-sicherheit-notfallbetrieb",
        "author": "dosys",
        "body": (
            "Eine jährliche Notfallübung halten wir für sinnvoll. Die erste Übung würden wir "
            "gern mit dem Krisenstab und der Feuerwehr abstimmen."
        ),
        "reply_to": None,
        "days_ago": 100,
    },
    # [43] on it-sicherheit-notfallbetrieb
    {
        "proposal": "it-sicherheit-notfallbetrieb",
        "author": "isst",
        "body": (
            "Sehr gern. Wir schlagen zuerst ein Planspiel im ersten Quartal 2027 vor, danach "
            "eine Übung mit echtem Wiederanlauf ausgewählter Systeme."
        ),
        "reply_to": 42,
        "days_ago": 95,
    },
    # [44] on digitalakademie-beschaeftigte
    {
        "proposal": "digitalakademie-beschaeftigte",
        "author": "murat",
        "body": (
            "Zwei Stunden Lernzeit sind gut angelegt, wenn danach die Wartezeiten im "
            "Bürgerbüro kürzer werden. Bitte das messen und veröffentlichen."
        ),
        "reply_to": None,
        "days_ago": 50,
    },
]
