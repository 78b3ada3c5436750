"""Proposals: the input participants put into a masterplan."""
