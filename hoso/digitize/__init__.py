"""Page images in, clean upright page images out (and the searchable PDF)."""
