"""Masterplans, their fields of action and their participation phases."""
