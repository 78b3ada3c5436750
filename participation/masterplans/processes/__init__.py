"""Process templates: a masterplan's structure as a JSON file, and new masterplans made from
such files (the Dortmund demo's three among them)."""
