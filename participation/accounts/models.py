from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from participation.i18n import N_, gettext


class StakeholderGroup(StrEnum):
    """Every vote and proposal is counted in exactly one group, fixed when it is cast."""

    CHAMBERS = "chambers"
    SCIENCE = "science"
    BUSINESS = "business"
    EDUCATION = "education"
    ADMINISTRATION = "administration"
    CIVIL_SOCIETY = "civil_society"
    CITIZENS = "citizens"  # everyone without a confirmed organisation

    @property
    def label(self) -> str:
        return gettext(_GROUP_LABELS[self])


_GROUP_LABELS = {
    StakeholderGroup.CHAMBERS: N_("Chambers"),
    StakeholderGroup.SCIENCE: N_("Universities and research"),
    StakeholderGroup.BUSINESS: N_("Companies and associations"),
    StakeholderGroup.EDUCATION: N_("Education network and schools"),
    StakeholderGroup.ADMINISTRATION: N_("City departments"),
    StakeholderGroup.CIVIL_SOCIETY: N_("Associations and initiatives"),
    StakeholderGroup.CITIZENS: N_("Citizens"),
}


class OrganizationKind(StrEnum):
    CHAMBER = "chamber"
    UNIVERSITY = "university"
    RESEARCH_INSTITUTE = "research_institute"
    COMPANY = "company"
    BUSINESS_ASSOCIATION = "business_association"
    EDUCATION_NETWORK = "education_network"
    SCHOOL = "school"
    CITY_DEPARTMENT = "city_department"
    CIVIL_SOCIETY = "civil_society"

    @property
    def label(self) -> str:
        return gettext(_KIND_LABELS[self])


_KIND_LABELS = {
    OrganizationKind.CHAMBER: N_("Chamber"),
    OrganizationKind.UNIVERSITY: N_("University"),
    OrganizationKind.RESEARCH_INSTITUTE: N_("Research institute"),
    OrganizationKind.COMPANY: N_("Company"),
    OrganizationKind.BUSINESS_ASSOCIATION: N_("Business association"),
    OrganizationKind.EDUCATION_NETWORK: N_("Education network"),
    OrganizationKind.SCHOOL: N_("School"),
    OrganizationKind.CITY_DEPARTMENT: N_("City department"),
    OrganizationKind.CIVIL_SOCIETY: N_("Association or initiative"),
}

GROUP_OF_KIND: dict[OrganizationKind, StakeholderGroup] = {
    OrganizationKind.CHAMBER: StakeholderGroup.CHAMBERS,
    OrganizationKind.UNIVERSITY: StakeholderGroup.SCIENCE,
    OrganizationKind.RESEARCH_INSTITUTE: StakeholderGroup.SCIENCE,
    OrganizationKind.COMPANY: StakeholderGroup.BUSINESS,
    OrganizationKind.BUSINESS_ASSOCIATION: StakeholderGroup.BUSINESS,
    OrganizationKind.EDUCATION_NETWORK: StakeholderGroup.EDUCATION,
    OrganizationKind.SCHOOL: StakeholderGroup.EDUCATION,
    OrganizationKind.CITY_DEPARTMENT: StakeholderGroup.ADMINISTRATION,
    OrganizationKind.CIVIL_SOCIETY: StakeholderGroup.CIVIL_SOCIETY,
}


class Role(StrEnum):
    CITIZEN = "citizen"
    PARTNER = "partner"
    MODERATOR = "moderator"
    PLANNER = "planner"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return gettext(_ROLE_LABELS[self])


_ROLE_LABELS = {
    Role.CITIZEN: N_("Citizen"),
    Role.PARTNER: N_("Partner"),
    Role.MODERATOR: N_("Moderator"),
    Role.PLANNER: N_("Planner"),
    Role.ADMIN: N_("Administrator"),
}


class NotificationMode(StrEnum):
    INSTANT = "instant"  # one e-mail per event
    DAILY_DIGEST = "daily_digest"  # one e-mail a day with everything new
    IN_APP_ONLY = "in_app_only"  # no e-mail, only the notification list

    @property
    def label(self) -> str:
        return gettext(_NOTIFICATION_LABELS[self])


_NOTIFICATION_LABELS = {
    NotificationMode.INSTANT: N_("An e-mail for every event"),
    NotificationMode.DAILY_DIGEST: N_("One e-mail a day (digest)"),
    NotificationMode.IN_APP_ONLY: N_("No e-mail, only in the platform"),
}


class MembershipStatus(StrEnum):
    PENDING = "pending"  # asked to join; counts as a citizen until confirmed
    CONFIRMED = "confirmed"  # confirmed by the organisation's admin or a platform admin


class Organization(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=80, unique=True)
    name = fields.CharField(max_length=200)
    kind = fields.CharEnumField(OrganizationKind, max_length=30)
    description = fields.TextField(default="")
    verified = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    memberships: fields.ReverseRelation[Membership]

    class Meta:
        table = "organization"
        ordering = ["name"]

    @property
    def stakeholder_group(self) -> StakeholderGroup:
        return GROUP_OF_KIND[self.kind]

    def __str__(self) -> str:
        return self.name


class User(Model):
    id = fields.IntField(primary_key=True)
    # Null once the account is deleted: public contributions stay, the person does not.
    email = fields.CharField(max_length=254, unique=True, null=True)
    display_name = fields.CharField(max_length=100)
    password_hash = fields.CharField(max_length=255, null=True)
    role = fields.CharEnumField(Role, max_length=20, default=Role.CITIZEN)
    language = fields.CharField(max_length=5, default="de")
    is_active = fields.BooleanField(default=True)
    email_verified_at = fields.DatetimeField(null=True)
    privacy_consent_at = fields.DatetimeField(null=True)
    notification_mode = fields.CharEnumField(
        NotificationMode, max_length=20, default=NotificationMode.INSTANT
    )
    # A suspended person can read but not post or vote until the date passes.
    suspended_until = fields.DatetimeField(null=True)
    suspension_reason = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)

    memberships: fields.ReverseRelation[Membership]
    sessions: fields.ReverseRelation[Session]

    class Meta:
        table = "account"  # "user" is reserved in PostgreSQL

    def __str__(self) -> str:
        return self.display_name


class Membership(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "participation.User", related_name="memberships", on_delete=fields.CASCADE
    )
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "participation.Organization", related_name="memberships", on_delete=fields.CASCADE
    )
    status = fields.CharEnumField(MembershipStatus, max_length=20, default=MembershipStatus.PENDING)
    is_admin = fields.BooleanField(default=False)  # may confirm the organisation's members
    created_at = fields.DatetimeField(auto_now_add=True)
    confirmed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "membership"
        unique_together = (("user", "organization"),)


class Session(Model):
    """A signed-in browser. The cookie holds a random token and only its SHA-256 is stored,
    so a copy of the database cannot be used to take over sessions."""

    # No semicolons in model docstrings: Tortoise writes them into the SQL as table comments
    # and its SQLite script runner splits statements at every semicolon.

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "participation.User", related_name="sessions", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_seen_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "session"


class Throttle(Model):
    """How many password checks or mails were asked for, per hashed address or client
    (accounts/throttle.py); times are seconds since the epoch, so one statement can add
    delays on both databases."""

    key = fields.CharField(max_length=80, primary_key=True)
    attempts = fields.IntField(default=0)
    next_at = fields.FloatField()  # the next attempt is allowed from then
    last_at = fields.FloatField(db_index=True)

    class Meta:
        table = "throttle"


class Invitation(Model):
    """An invitation link for a partner of an organisation: single use, expiring."""

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "participation.Organization", related_name="invitations", on_delete=fields.CASCADE
    )
    email = fields.CharField(max_length=254)
    make_admin = fields.BooleanField(default=False)  # becomes the organisation's admin
    token_hash = fields.CharField(max_length=64, unique=True)
    invited_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "participation.User",
        related_name="invitations_sent",
        null=True,
        on_delete=fields.SET_NULL,
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    accepted_at = fields.DatetimeField(null=True)

    class Meta:
        table = "invitation"
