"""Drafts, the links from input to the draft, implementation projects (DESIGN.md §5)."""
