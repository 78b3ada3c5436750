"""Organisations as participants: their admins confirm who speaks for them."""
