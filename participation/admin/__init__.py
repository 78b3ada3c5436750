"""Platform administration: people and roles, organisations, invitations, the mail outbox."""
