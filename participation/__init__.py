"""Participation platform for city masterplans."""
