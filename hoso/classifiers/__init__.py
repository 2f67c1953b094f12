"""Document type and key fields (filled by a later issue)."""
