"""Outgoing e-mail: an outbox table drained by a console or SMTP sender, with retries."""
