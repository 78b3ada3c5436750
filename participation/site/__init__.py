"""Site-wide pages: home, language switch, imprint, privacy, health check, error pages."""
