"""Synthetic Vietnamese document pages with known ground truth, and scans of them.

    from tests.synth import render_admin_page, degrade, save_scan, cer

    page = render_admin_page(7, kind="quyet_dinh")      # clean, upright, exact text
    scan = degrade(page, seed=7, skew=4.0, rotation=90, dpi=200, jpeg_quality=80)
    save_scan(scan, "out.jpg", "jpeg")                   # dpi written into the file
    cer(page.text, ocr_text)                             # character error rate
    card = render_document("can_cuoc", 3, layout=0)      # any DOMAIN.md type, with fields

``python -m tests.synth samples OUTDIR`` writes a few example files.
"""

from tests.synth.admin import KINDS as ADMIN_KINDS
from tests.synth.admin import render_admin_page
from tests.synth.citizen import id_agrees
from tests.synth.degrade import degrade, random_scan
from tests.synth.documents import (DOCUMENT_KINDS, FIELD_KEYS, LAYOUTS, random_document,
                                   render_document)
from tests.synth.fonts import FAMILIES, available as available_fonts
from tests.synth.metrics import angle_error, cer, normalize_text, page_angle, word_bag_error
from tests.synth.model import Rendered, Scan
from tests.synth.output import FORMATS, SUFFIX, save_scan, save_scans
from tests.synth.pages import (SEPARATOR_PAYLOAD, render_blank, render_prose_page,
                               render_separator, separator_payload)

__all__ = [
    "ADMIN_KINDS", "DOCUMENT_KINDS", "FAMILIES", "FIELD_KEYS", "FORMATS", "LAYOUTS",
    "SEPARATOR_PAYLOAD", "SUFFIX", "Rendered", "Scan", "angle_error", "available_fonts", "cer",
    "degrade", "id_agrees", "normalize_text", "page_angle", "random_document", "random_scan",
    "render_admin_page", "render_blank", "render_document", "render_prose_page",
    "render_separator", "save_scan", "save_scans", "separator_payload", "word_bag_error",
]
