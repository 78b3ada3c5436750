"""The site settings an admin fills in (Administration → Website), declared field by field:
what each is called, how long it may be, whether the legal pages need it, and the text
offered or shown while it is empty.

Two kinds of prefilled text:

- a *suggestion* (the supervisory authority for Dortmund, the city's address) is offered in
  the form until the settings are first saved, and then stands as the admin saved it;
- a *default* (retention periods, legal bases, the home page's introduction) is standard
  text in both languages: the pages show it in the reader's language while the field is
  empty, and saving it unchanged keeps it that way.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from participation.i18n import N_
from participation.site import standard_texts as texts


class Kind(StrEnum):
    LINE = "line"  # one line
    TEXT = "text"  # several lines, shown as they are written
    EMAIL = "email"
    PHONE = "phone"
    VAT = "vat"  # a VAT identification number
    MARKDOWN = "markdown"  # rendered as the app renders participants' Markdown


@dataclass(frozen=True)
class SettingField:
    key: str
    group: str  # the form's section: a key of GROUPS
    label: str  # marked text
    kind: Kind
    max_length: int
    hint: str = ""  # marked text
    required: bool = False  # the legal pages need it: admins are warned while it is empty
    suggestion: str = ""  # offered in the form until the first save (facts, in German)
    default: str = ""  # marked text the pages show while the field is empty


# The form's sections, in order: key → heading (marked text).
GROUPS: dict[str, str] = {
    "operator": N_("Operator and contact (imprint)"),
    "privacy": N_("Data protection"),
    "retention": N_("Retention periods"),
    "bases": N_("Legal bases"),
    "home": N_("Home page"),
}

LDI_NRW = (
    "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen\n"
    "Kavalleriestraße 2–4\n40213 Düsseldorf\nTelefon: 0211 38424-0\nE-Mail: poststelle@ldi.nrw.de"
)
KEEP_DEFAULT = N_(
    "As long as you leave the text unchanged, the pages show the standard wording in the "
    "reader's language."
)

_OPERATOR = (
    SettingField(
        "operator",
        "operator",
        N_("Operator"),
        Kind.LINE,
        200,
        N_("The city or body responsible for the platform."),
        required=True,
        suggestion="Stadt Dortmund",
    ),
    SettingField(
        "legal_form",
        "operator",
        N_("Legal form"),
        Kind.LINE,
        200,
        N_("For a city: a corporation under public law."),
        suggestion="Körperschaft des öffentlichen Rechts",
    ),
    SettingField(
        "address",
        "operator",
        N_("Postal address"),
        Kind.TEXT,
        500,
        required=True,
        suggestion="Friedensplatz 1\n44135 Dortmund",
    ),
    SettingField("email", "operator", N_("E-mail address"), Kind.EMAIL, 254, required=True),
    SettingField(
        "phone", "operator", N_("Telephone"), Kind.PHONE, 40, N_("For example +49 231 50-0.")
    ),
    SettingField(
        "representative",
        "operator",
        N_("Authorised representative"),
        Kind.LINE,
        300,
        N_("Who represents the operator by law, e.g. the Lord Mayor, with name."),
        required=True,
    ),
    SettingField(
        "content_responsible",
        "operator",
        N_("Responsible for the content (§ 18 (2) MStV)"),
        Kind.TEXT,
        500,
        N_("Name and postal address of the person responsible for the editorial content."),
        required=True,
    ),
    SettingField(
        "oversight",
        "operator",
        N_("Supervisory authority of the operator"),
        Kind.TEXT,
        500,
        N_(
            "The authority that supervises the operator; for a city in NRW its district government."
        ),
        suggestion="Bezirksregierung Arnsberg\nSeibertzstraße 1\n59821 Arnsberg",
    ),
    SettingField(
        "vat_id",
        "operator",
        N_("VAT identification number"),
        Kind.VAT,
        20,
        N_("Only if the operator has one, e.g. DE123456789."),
    ),
)

_PRIVACY = (
    SettingField(
        "dpo",
        "privacy",
        N_("Data protection officer"),
        Kind.TEXT,
        500,
        N_("Name or office, with postal address and e-mail address."),
        required=True,
    ),
    SettingField(
        "authority",
        "privacy",
        N_("Competent data protection supervisory authority"),
        Kind.TEXT,
        500,
        N_("Where people can complain (Art. 77 GDPR); for Dortmund the LDI NRW."),
        required=True,
        suggestion=LDI_NRW,
    ),
    SettingField(
        "processors",
        "privacy",
        N_("Hosting and e-mail providers"),
        Kind.TEXT,
        1000,
        N_(
            "Who runs the servers and the mail server for the operator (processors). As "
            "long as you leave the text unchanged, the pages show the standard wording in "
            "the reader's language."
        ),
        default=texts.PROCESSORS,
    ),
)


def _standard(key: str, group: str, label: str, default: str, hint: str = "") -> SettingField:
    return SettingField(key, group, label, Kind.TEXT, 1500, hint or KEEP_DEFAULT, default=default)


_RETENTION = (
    _standard("retention_accounts", "retention", N_("Accounts"), texts.RETENTION_ACCOUNTS),
    _standard(
        "retention_contributions",
        "retention",
        N_("Contributions after an account is deleted"),
        texts.RETENTION_CONTRIBUTIONS,
    ),
    _standard(
        "retention_logs",
        "retention",
        N_("Server logs"),
        texts.RETENTION_LOGS,
        N_("The platform writes no logs of its own: ask who runs the web server."),
    ),
    _standard("retention_mail", "retention", N_("E-mail outbox"), texts.RETENTION_MAIL),
    _standard("retention_sessions", "retention", N_("Sign-ins"), texts.RETENTION_SESSIONS),
)
_BASES = (
    _standard("basis_account", "bases", N_("Account"), texts.BASIS_ACCOUNT),
    _standard("basis_participation", "bases", N_("Participation"), texts.BASIS_PARTICIPATION),
    _standard("basis_voting", "bases", N_("Votes by stakeholder group"), texts.BASIS_VOTING),
    _standard("basis_organisations", "bases", N_("Organisations"), texts.BASIS_ORGANISATIONS),
    _standard("basis_mail", "bases", N_("E-mails"), texts.BASIS_MAIL),
    _standard("basis_moderation", "bases", N_("Moderation"), texts.BASIS_MODERATION),
    _standard("basis_logs", "bases", N_("Server logs"), texts.BASIS_LOGS),
)
_HOME = (
    SettingField(
        "intro",
        "home",
        N_("Introduction on the home page"),
        Kind.MARKDOWN,
        5000,
        N_(
            "You can use Markdown: *italic*, **bold**, lists with -, quotes with > and "
            "links. As long as you leave the text unchanged, the home page shows the "
            "standard introduction in the reader's language."
        ),
        default=texts.INTRO,
    ),
)

FIELDS: tuple[SettingField, ...] = (*_OPERATOR, *_PRIVACY, *_RETENTION, *_BASES, *_HOME)
BY_KEY: dict[str, SettingField] = {field.key: field for field in FIELDS}
REQUIRED: tuple[SettingField, ...] = tuple(field for field in FIELDS if field.required)
