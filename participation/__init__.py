"""Participation platform for city masterplans."""

from participation import convertors

# Before any module of the package makes a route: ids in paths stay in the database's range.
convertors.register()
