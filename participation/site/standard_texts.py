"""The standard wording of the site settings that have one: what the code does with
personal data (retention) and why it may (legal bases), written as a first draft for the
operator's data protection officer, and the home page's introduction.

Each text describes what the platform actually does; where it depends on the operator
(server logs, hosting) it says what a city usually decides, and the admin confirms or
changes it in Administration → Website. "%(days)s" is the session length (SESSION_DAYS).
"""

from __future__ import annotations

from participation.i18n import N_

PROCESSORS = N_(
    "The platform runs on servers that the operator runs itself or has a data centre run "
    "on its behalf; e-mails leave through the operator's mail server. Such providers "
    "process personal data only on the operator's instructions, under a contract according "
    "to Art. 28 GDPR."
)

# Retention: what the code keeps, and until when.
RETENTION_ACCOUNTS = N_(
    "Your account (e-mail address, display name, password hash, language, notification "
    "settings, memberships) is kept until you delete it yourself (“Delete account” in your "
    "account) or ask the operator to delete it. Deleting it erases these data at once, "
    "together with your sign-ins, notifications, follows, invitations and the e-mails to "
    "you."
)
RETENTION_CONTRIBUTIONS = N_(
    "Proposals, comments, attachments and co-signatures are public contributions to the "
    "masterplan and part of its record. When you delete your account they stay, shown as "
    "by “deleted account” and without any link to you; your votes stay in the counts, "
    "likewise without a link to you. They are kept as long as the operator keeps the "
    "records of the masterplan process."
)
RETENTION_LOGS = N_(
    "The web server records each request (IP address, time, requested address, browser "
    "identification) to find faults and fend off attacks. These records are deleted after "
    "seven days."
)
RETENTION_MAIL = N_(
    "E-mails the platform sends you (address confirmation, password reset, notifications) "
    "are kept in its outbox with the time they were sent, so that the operator can see "
    "whether a message reached the mail server, until you delete your account."
)
RETENTION_SESSIONS = N_(
    "A sign-in lasts until you sign out or have not visited for %(days)s days; signing out "
    "deletes it on the server, and a sign-in that has run out is deleted within an hour. "
    "Sign-in attempts and requests for mails (a new password, the "
    "confirmation link again) are counted only as hashes of the e-mail address and the IP "
    "address, to slow down password guessing and mail flooding; a successful sign-in removes "
    "the count of the account, and counts are deleted after a day at the latest."
)

# Legal bases, one per processing the privacy page describes. A public body may not rely
# on legitimate interests for its tasks (Art. 6 (1), second subparagraph, GDPR).
BASIS_ACCOUNT = N_(
    "Art. 6 (1) (e) GDPR in conjunction with § 3 DSG NRW: involving the public in the "
    "city's planning is a task in the public interest, and an account lets each person "
    "take part once and be reached about their contributions. Showing your display name "
    "with your contributions: Art. 6 (1) (a) GDPR, your consent at registration."
)
BASIS_PARTICIPATION = N_(
    "Art. 6 (1) (e) GDPR in conjunction with § 3 DSG NRW: collecting and discussing "
    "proposals for the masterplans is part of the city's planning task."
)
BASIS_VOTING = N_(
    "Art. 6 (1) (e) GDPR in conjunction with § 3 DSG NRW: weighing the input needs one "
    "vote per person and shows how each stakeholder group sees a proposal. The pages "
    "show only counts per group, never who voted how."
)
BASIS_ORGANISATIONS = N_(
    "Art. 6 (1) (a) GDPR: you choose to join an organisation and to disclose interests, "
    "and you can leave at any time. The organisation's admins see your display name and "
    "e-mail address to confirm your membership."
)
BASIS_MAIL = N_(
    "E-mails your account needs (confirming your address, resetting your password): "
    "Art. 6 (1) (e) GDPR in conjunction with § 3 DSG NRW. Notifications about proposals "
    "you follow and the daily digest: Art. 6 (1) (a) GDPR; you switch them off in your "
    "profile."
)
BASIS_MODERATION = N_(
    "Art. 6 (1) (e) GDPR in conjunction with § 3 DSG NRW: the operator keeps the "
    "participation lawful and fair. Moderators review reported and pre-moderated "
    "contributions, hide unlawful ones with a reason, and every decision is recorded in "
    "an audit log."
)
BASIS_LOGS = N_(
    "Art. 6 (1) (e) GDPR in conjunction with § 3 DSG NRW and Art. 32 GDPR: the secure "
    "operation of the platform."
)

INTRO = N_(
    "The City of Dortmund writes masterplans for its digital future. Chambers, "
    "universities, companies, schools, city departments and citizens contribute proposals, "
    "discuss them and vote. Planners turn the ranked input into each masterplan's draft and "
    "report to the city council."
)
