"""People, organisations, memberships and the stakeholder group each vote is counted in."""
