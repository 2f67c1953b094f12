"""Dossier records, files and search (the service issue)."""
