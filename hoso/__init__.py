"""hoso: dossier digitization and Vietnamese OCR for Bac Ninh province."""

__version__ = "0.1.0"
