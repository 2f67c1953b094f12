"""QR codes on page images (zxing-cpp): separator sheets, and ID cards later."""

from __future__ import annotations

from PIL import Image

import zxingcpp

from hoso.errors import ToolError
from hoso.ocr.text import nfc

SEPARATOR_PREFIX = "HOSO:SEPARATOR"
_MAX_SIDE = 2400  # QR modules stay several pixels wide at this size


def read_qr_codes(image: Image.Image, *, name: str = "") -> tuple[str, ...]:
    """Text payloads of the QR codes found on ``image`` (any rotation)."""
    scan = image if image.mode in ("L", "RGB") else image.convert("L")
    longest = max(scan.size)
    if longest > _MAX_SIDE:
        factor = _MAX_SIDE / longest
        scan = scan.resize((max(1, round(scan.width * factor)), max(1, round(scan.height * factor))),
                           Image.Resampling.BOX)
    try:
        found = zxingcpp.read_barcodes(scan, formats=zxingcpp.BarcodeFormat.QRCode)
    except Exception as e:  # zxing-cpp raises plain RuntimeError/ValueError
        raise ToolError("zxing-cpp", name, str(e)) from e
    return tuple(nfc(code.text) for code in found if code.valid and code.text)


def separator_code(payloads: tuple[str, ...]) -> str | None:
    """The dossier code of a separator sheet ("" when none), or None if not a separator."""
    for payload in payloads:
        text = payload.strip()
        if text == SEPARATOR_PREFIX:
            return ""
        if text.startswith(SEPARATOR_PREFIX + ":"):
            return text[len(SEPARATOR_PREFIX) + 1:].strip()
    return None
