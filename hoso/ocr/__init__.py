"""The OCR engine: Tesseract through pytesseract, and Vietnamese text helpers."""
