"""Fields of action as admins and planners keep them: texts, order, archive, bulk moves."""
