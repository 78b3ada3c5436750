"""Moderation: the queue, reports, hiding, merging duplicates, official responses, audit."""
