"""The audit log in people's words: what each recorded action is called, what its target
is, and the sentence that tells an entry (filled from the entry's ``details``).

Every feature that records an action adds its key here; tests/moderation/test_audit.py
checks that every key the code records has a label.
"""

from __future__ import annotations

from participation.i18n import N_

# What each recorded action is called where people read the log (the page, its CSV).
ACTION_LABELS: dict[str, str] = {
    "proposal.hide": N_("Proposal hidden"),
    "proposal.restore": N_("Proposal restored"),
    "proposal.dismiss_reports": N_("Reports on a proposal dismissed"),
    "proposal.publish": N_("Proposal approved"),
    "proposal.reject": N_("Proposal rejected in pre-moderation"),
    "proposal.merge": N_("Proposals merged"),
    "proposal.merge_undo": N_("Merge undone"),
    "proposal.status": N_("Status of a proposal changed"),
    "proposal.move": N_("Proposal moved to another field of action"),
    "proposal.retitle": N_("Title of a proposal changed"),
    "comment.hide": N_("Comment hidden"),
    "comment.restore": N_("Comment restored"),
    "comment.dismiss_reports": N_("Reports on a comment dismissed"),
    "comment.publish": N_("Comment approved"),
    "comment.reject": N_("Comment rejected in pre-moderation"),
    "section_comment.hide": N_("Comment on the draft hidden"),
    "draft.start_version": N_("New draft version started"),
    "draft.add_section": N_("Draft section added"),
    "draft.edit_section": N_("Draft section edited"),
    "draft.remove_section": N_("Draft section removed"),
    "draft.move_section": N_("Draft section moved"),
    "draft.publish": N_("Draft version published"),
    "draft.link": N_("Proposal linked to a draft section"),
    "draft.unlink": N_("Proposal unlinked from a draft section"),
    "masterplan.set_phase": N_("Phase changed"),
    "masterplan.set_phase_periods": N_("Phase dates changed"),
    "masterplan.set_ranking_weights": N_("Weights of the stakeholder groups changed"),
    "masterplan.moderation_settings": N_("Moderation settings changed"),
    "masterplan.set_phases": N_("Phases of a masterplan chosen"),
    "masterplan.switch_phase": N_("Phase switched automatically"),
    "masterplan.switch_phase_skipped": N_("Automatic phase switch skipped"),
    "masterplan.add_planner": N_("Planner added"),
    "masterplan.remove_planner": N_("Planner removed"),
    "project.create": N_("Project created"),
    "project.update": N_("Project changed"),
    "project.import": N_("Project progress imported"),
    "project.add_milestone": N_("Milestone added"),
    "project.mark_milestone": N_("Milestone marked as reached or open"),
    "project.link_proposals": N_("Proposals linked to a project"),
    "user.suspend": N_("Person suspended"),
    "user.lift_suspension": N_("Suspension lifted"),
    "user.change_role": N_("Role changed"),
    "user.assign_masterplans": N_("Masterplans assigned"),
    "organization.create": N_("Organisation created"),
    "organization.update": N_("Organisation changed"),
    "organization.verify": N_("Organisation verified"),
    "organization.unverify": N_("Verification of an organisation withdrawn"),
    "organization.invite": N_("Invited to an organisation"),
    "organization.confirm_member": N_("Member confirmed"),
    "organization.decline_member": N_("Membership declined"),
    "organization.make_admin": N_("Made an organisation's admin"),
    "mail.retry": N_("E-mail sent again"),
    # Masterplans and fields of action (issue 14)
    "masterplan.create": N_("Masterplan created"),
    "masterplan.import": N_("Masterplan created from a process template"),
    "masterplan.rename": N_("Masterplan renamed"),
    "masterplan.edit_summary": N_("Summary of a masterplan changed"),
    "masterplan.edit_lead_department": N_("Lead department of a masterplan changed"),
    "masterplan.change_slug": N_("Address of a masterplan changed"),
    "masterplan.reorder": N_("Masterplan moved on the home page"),
    "masterplan.archive": N_("Masterplan archived"),
    "masterplan.restore": N_("Masterplan restored from the archive"),
    "masterplan.delete": N_("Masterplan deleted"),
    "field.create": N_("Field of action created"),
    "field.rename": N_("Field of action renamed"),
    "field.edit_description": N_("Description of a field of action changed"),
    "field.reorder": N_("Field of action moved in the order"),
    "field.archive": N_("Field of action archived"),
    "field.restore": N_("Field of action restored"),
    "field.delete": N_("Field of action deleted"),
    "site.update_settings": N_("Website settings changed"),
    # People and organisations (issue 14)
    "user.create": N_("Account created"),
    "user.rename": N_("Name of a person corrected"),
    "user.change_email": N_("E-mail address of a person changed"),
    "user.send_set_up_link": N_("New link to set the password sent"),
    "organization.revoke_admin": N_("Organisation admin role taken back"),
    "organization.remove_member": N_("Member removed from an organisation"),
    "organization.leave": N_("Left an organisation"),
    "organization.withdraw_invitation": N_("Invitation withdrawn"),
}
TARGET_LABELS: dict[str, str] = {
    "proposal": N_("Proposal"),
    "comment": N_("Comment"),
    "section_comment": N_("Comment on the draft"),
    "draft_section": N_("Draft section"),
    "draft_version": N_("Draft version"),
    "masterplan": N_("Masterplan"),
    "project": N_("Project"),
    "user": N_("Person"),
    "organization": N_("Organisation"),
    "outbox_message": N_("E-mail"),
    "field_of_action": N_("Field of action"),
    "site_settings": N_("Website settings"),
}


# The sentence that tells one entry, for actions whose details carry what it needs: each
# %(key)s is filled from the entry's details (the target's name at the time as "name",
# changed values as "before" and "after"); an entry without them is told by its label.
ACTION_SENTENCES: dict[str, str] = {
    # Moderation and curation: "name" is the proposal's title (or the commented proposal's).
    "proposal.hide": N_("Proposal “%(name)s” hidden"),
    "proposal.restore": N_("Proposal “%(name)s” restored"),
    "proposal.dismiss_reports": N_("Reports on the proposal “%(name)s” dismissed"),
    "proposal.publish": N_("Proposal “%(name)s” approved"),
    "proposal.reject": N_("Proposal “%(name)s” rejected in pre-moderation"),
    "proposal.merge": N_("Proposal “%(name)s” merged into “%(target_name)s”"),
    "proposal.merge_undo": N_("Merge of “%(name)s” into “%(target_name)s” undone"),
    "proposal.status": N_("Status of “%(name)s” changed from “%(from_status)s” to “%(to_status)s”"),
    "proposal.move": N_("Proposal “%(name)s” moved from “%(from_field)s” to “%(to_field)s”"),
    "proposal.retitle": N_("Title “%(old_title)s” changed to “%(new_title)s”"),
    "comment.hide": N_("Comment on “%(name)s” hidden"),
    "comment.restore": N_("Comment on “%(name)s” restored"),
    "comment.dismiss_reports": N_("Reports on a comment on “%(name)s” dismissed"),
    "comment.publish": N_("Comment on “%(name)s” approved"),
    "comment.reject": N_("Comment on “%(name)s” rejected in pre-moderation"),
    "section_comment.hide": N_("Comment on the draft section “%(name)s” hidden"),
    # The draft: "name" is the masterplan's title for versions, the section's for sections.
    "draft.start_version": N_("Version %(number)s of the draft of “%(name)s” started"),
    "draft.add_section": N_("Section “%(title)s” added to version %(version)s of the draft"),
    "draft.edit_section": N_("Section “%(title)s” of version %(version)s of the draft edited"),
    "draft.remove_section": N_("Section “%(title)s” removed from version %(version)s of the draft"),
    "draft.move_section": N_("Section “%(name)s” of version %(version)s of the draft moved"),
    "draft.publish": N_("Version %(number)s of the draft of “%(name)s” published"),
    "draft.link": N_(
        "“%(name)s” linked to the section “%(section)s” of version %(version)s of the "
        "draft: %(disposition)s"
    ),
    "draft.unlink": N_(
        "“%(name)s” unlinked from the section “%(section)s” of version %(version)s of the draft"
    ),
    "masterplan.set_phase": N_("Phase of “%(name)s” changed from “%(from)s” to “%(to)s”"),
    # Phases and settings: "before" and "after" are short texts of what changed.
    "masterplan.set_phase_periods": N_(
        "Phase dates of “%(name)s” changed to %(after)s (before: %(before)s)"
    ),
    "masterplan.set_phases": N_("Phases of “%(name)s” changed to %(after)s (before: %(before)s)"),
    "masterplan.switch_phase": N_(
        "Phase of “%(name)s” switched automatically from “%(from)s” to “%(to)s”"
    ),
    "masterplan.switch_phase_skipped": N_(
        "Automatic switch of “%(name)s” to “%(to)s” skipped (it was in the phase “%(from)s”)"
    ),
    "masterplan.set_ranking_weights": N_(
        "Weights of the stakeholder groups of “%(name)s” changed to %(after)s (before: %(before)s)"
    ),
    "masterplan.moderation_settings": N_(
        "Moderation settings of “%(name)s” changed to %(after)s (before: %(before)s)"
    ),
    "masterplan.add_planner": N_("“%(person)s” made a planner of “%(name)s”"),
    "masterplan.remove_planner": N_("“%(person)s” is no longer a planner of “%(name)s”"),
    "project.import": N_("Progress of %(rows)s projects of “%(name)s” imported"),
    "user.suspend": N_("“%(name)s” suspended until %(until)s"),
    "user.lift_suspension": N_("Suspension of “%(name)s” lifted"),
    "mail.retry": N_("E-mail “%(name)s” sent again"),
    # Masterplans ("name": its title, which names the masterplan already, e.g. "Masterplan
    # Digitale Wirtschaft") and fields of action ("name": the field's title);
    # "before" and "after" are the old and new title, address or place (1 = first).
    "masterplan.create": N_("“%(name)s” created"),
    "masterplan.import": N_("“%(name)s” created from a process template"),
    "masterplan.rename": N_("“%(before)s” renamed to “%(after)s”"),
    "masterplan.edit_summary": N_("Summary of “%(name)s” changed"),
    "masterplan.edit_lead_department": N_(
        "Lead department of “%(name)s” changed from “%(before)s” to “%(after)s”"
    ),
    "masterplan.change_slug": N_("Address of “%(name)s” changed from “%(before)s” to “%(after)s”"),
    "masterplan.reorder": N_(
        "“%(name)s” moved from place %(before)s to place %(after)s on the home page"
    ),
    "masterplan.archive": N_("“%(name)s” archived"),
    "masterplan.restore": N_("“%(name)s” restored from the archive"),
    "masterplan.delete": N_("“%(name)s” deleted"),
    "field.create": N_("Field of action “%(name)s” created in “%(masterplan)s”"),
    "field.rename": N_("Field of action “%(before)s” renamed to “%(after)s”"),
    "field.edit_description": N_("Description of the field of action “%(name)s” changed"),
    "field.reorder": N_(
        "Field of action “%(name)s” moved from place %(before)s to place %(after)s"
    ),
    "field.archive": N_("Field of action “%(name)s” archived"),
    "field.restore": N_("Field of action “%(name)s” restored"),
    "field.delete": N_("Field of action “%(name)s” deleted from “%(masterplan)s”"),
    # The website settings: "fields" names the settings that changed, in the admin's words.
    "site.update_settings": N_("Website settings changed: %(fields)s"),
    # People: "name" is the person's name at the time; organisations: the organisation's,
    # with "member" the person's.
    "user.create": N_("Account for “%(name)s” created"),
    "user.rename": N_("Name “%(before)s” corrected to “%(after)s”"),
    "user.change_email": N_("E-mail address of “%(name)s” changed from %(before)s to %(after)s"),
    "user.send_set_up_link": N_("New link to set the password sent to “%(name)s”"),
    "user.change_role": N_("Role of “%(name)s” changed from “%(from)s” to “%(to)s”"),
    "user.assign_masterplans": N_("Masterplans planned by “%(name)s” changed"),
    "organization.create": N_("Organisation “%(name)s” created"),
    "organization.update": N_("Details of the organisation “%(name)s” changed"),
    "organization.verify": N_("Organisation “%(name)s” verified"),
    "organization.unverify": N_("Verification of the organisation “%(name)s” withdrawn"),
    "organization.invite": N_("%(email)s invited to “%(name)s”"),
    "organization.withdraw_invitation": N_("Invitation of %(email)s to “%(name)s” withdrawn"),
    "organization.confirm_member": N_("“%(member)s” confirmed as a member of “%(name)s”"),
    "organization.decline_member": N_("Request of “%(member)s” to join “%(name)s” declined"),
    "organization.make_admin": N_("“%(member)s” made an admin of “%(name)s”"),
    "organization.revoke_admin": N_("“%(member)s” is no longer an admin of “%(name)s”"),
    "organization.remove_member": N_("“%(member)s” removed from “%(name)s”"),
    "organization.leave": N_("“%(member)s” left “%(name)s”"),
}
