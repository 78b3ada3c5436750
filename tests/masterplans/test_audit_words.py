"""Every masterplan and field action lands in the audit log as a sentence with names, in
both languages, never as a key or a bare id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from participation.accounts.models import Role
from participation.i18n import language
from participation.masterplans import services
from participation.masterplans.fields import moving
from participation.masterplans.fields import services as fields
from participation.masterplans.models import Masterplan
from participation.masterplans.processes.reading import read_file
from participation.masterplans.processes.services import import_process
from participation.moderation import audit
from participation.moderation.audit_names import names_of
from participation.moderation.audit_words import ACTION_LABELS, ACTION_SENTENCES
from participation.moderation.models import AuditEntry
from tests.auth import make_person
from tests.factories import make_proposal

pytestmark = pytest.mark.usefixtures("db")

DEMO = Path(__file__).resolve().parents[2] / "participation" / "demo" / "processes"


async def _every_action() -> None:
    admin = await make_person(role=Role.ADMIN, display_name="Ada Admin")
    texts = services.Texts("Masterplan Gesundheit", "Worum es geht.", "Gesundheitsamt")
    health = await services.create_masterplan(texts=texts, slug="gesundheit", place=None, by=admin)
    texts = services.Texts("Masterplan Digitale Gesundheit", "Neu.", "Gesundheitsamt Dortmund")
    await services.edit_masterplan(
        masterplan=health, texts=texts, slug="digitale-gesundheit", place=None, by=admin
    )
    document = json.loads((DEMO / "digitale-bildung.json").read_text())
    other = await import_process(
        template=read_file(json.dumps(document).encode()), by=admin, slug="bildung-zwei"
    )
    await services.edit_masterplan(
        masterplan=other, texts=services.Texts.of(other), slug=other.slug, place=1, by=admin
    )
    tele = await fields.create_field(masterplan=health, title="Tele", description="", by=admin)
    care = await fields.create_field(masterplan=health, title="Pflege", description="", by=admin)
    await fields.edit_field(
        field=tele, masterplan=health, title="Telemedizin", description="Neu", by=admin
    )
    await fields.move_field(field=care, masterplan=health, offset=-1, by=admin)
    await make_proposal(tele, title="Videosprechstunde")
    await moving.move_proposals(
        source=tele, masterplan=health, target_id=care.id, proposal_ids=None, by=admin
    )
    await fields.archive_field(field=tele, masterplan=health, by=admin)
    await fields.restore_field(field=tele, masterplan=health, by=admin)
    await fields.delete_field(field=tele, masterplan=health, by=admin, confirmed=True)
    await services.archive_masterplan(masterplan=other, by=admin)
    await services.restore_masterplan(masterplan=other, by=admin)
    await services.archive_masterplan(masterplan=other, by=admin)
    await services.delete_masterplan(masterplan=other, by=admin, confirmed=True)
    assert not await Masterplan.exists(id=other.id)


MINE = (
    *("masterplan.create", "masterplan.import", "masterplan.rename", "masterplan.edit_summary"),
    *("masterplan.edit_lead_department", "masterplan.change_slug", "masterplan.reorder"),
    *("masterplan.archive", "masterplan.restore", "masterplan.delete", "field.create"),
    *("field.rename", "field.edit_description", "field.reorder", "field.archive"),
    *("field.restore", "field.delete", "proposal.move"),
)


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_each_masterplan_and_field_action_is_told_as_a_sentence_with_its_names(
    lang: str,
) -> None:
    await _every_action()
    entries = await AuditEntry.all()
    assert {e.action for e in entries} == set(MINE)
    names = await names_of(entries)
    with language(lang):
        for entry in entries:
            assert entry.action in ACTION_LABELS and entry.action in ACTION_SENTENCES
            told = audit.tell(entry, names)
            label = audit.action_label(entry.action)
            assert told.sentence != audit._labelled(label, told.name), entry.action
            assert "%(" not in told.sentence and "masterplan." not in told.sentence
    rename = next(e for e in entries if e.action == "masterplan.rename")
    with language("de"):
        sentence = audit.tell(rename, names).sentence
    assert "„Masterplan Gesundheit“" in sentence and "„Masterplan Digitale Gesundheit“" in sentence
