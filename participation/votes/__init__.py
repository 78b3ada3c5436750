"""Votes, the per-group counters they keep current, and the ranking functions."""
