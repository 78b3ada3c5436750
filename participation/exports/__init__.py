"""The ranked input of a masterplan taken out: CSV, XLSX, JSON and Markdown, streamed."""
