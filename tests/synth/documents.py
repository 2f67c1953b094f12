"""Every document type of DOMAIN.md behind one call.

    from tests.synth import DOCUMENT_KINDS, LAYOUTS, render_document

    page = render_document("can_cuoc", seed=7, layout=0)   # a chip ID card
    page.fields        # {"id_number": "024…", "full_name": "…", …}
    page.qr_payload    # "024…|…|…" (chip cards only)

``LAYOUTS[kind]`` is how many layouts a kind has (train on some, test on
others); the nine administrative kinds have three each (admin.py: Decree 30
columns, motto on top, letterhead). A given (kind, seed, layout) always
gives the same page; ``layout=None`` draws one from the seed.
"""

from __future__ import annotations

import random

from tests.synth.admin import KINDS as _ADMIN
from tests.synth.admin import LAYOUTS as _ADMIN_LAYOUTS
from tests.synth.admin import render_admin_page
from tests.synth.application import LAYOUTS as _APP
from tests.synth.application import render_don_de_nghi
from tests.synth.certs import LAYOUTS as _CERTS
from tests.synth.certs import render_giay_chung_nhan_dkdn, render_giay_chung_nhan_qsdd
from tests.synth.civil import LAYOUTS as _CIVIL
from tests.synth.civil import render_giay_chung_nhan_ket_hon, render_giay_khai_sinh
from tests.synth.idcard import LAYOUTS as _CARD
from tests.synth.idcard import render_can_cuoc
from tests.synth.model import Rendered
from tests.synth.other import LAYOUTS as _OTHER
from tests.synth.other import render_khac

ADMIN_FIELDS = ("issuing_authority", "document_number", "issue_place", "issue_date", "subject",
                "signer")
# DOMAIN.md "Key fields": the keys each type may carry
FIELD_KEYS: dict[str, tuple[str, ...]] = {k: ADMIN_FIELDS for k in _ADMIN} | {
    "can_cuoc": ("id_number", "full_name", "date_of_birth", "sex", "nationality",
                 "place_of_origin", "place_of_residence", "expiry_date"),
    "giay_khai_sinh": ("full_name", "date_of_birth", "sex", "place_of_birth", "father_name",
                       "mother_name", "document_number", "issue_date", "issuing_authority"),
    "giay_chung_nhan_ket_hon": ("husband_name", "wife_name", "document_number", "issue_date",
                                "issuing_authority"),
    "giay_chung_nhan_qsdd": ("holder_name", "parcel_number", "map_sheet_number", "area_m2",
                             "land_address", "issue_date"),
    "giay_chung_nhan_dkdn": ("enterprise_code", "company_name", "head_office_address",
                             "legal_representative", "issue_date"),
    "don_de_nghi": ("applicant_name", "id_number", "date_of_birth", "address", "phone",
                    "subject"),
    "khac": (),
}
DOCUMENT_KINDS: tuple[str, ...] = tuple(FIELD_KEYS)

_RENDER = {
    "can_cuoc": render_can_cuoc, "giay_khai_sinh": render_giay_khai_sinh,
    "giay_chung_nhan_ket_hon": render_giay_chung_nhan_ket_hon,
    "giay_chung_nhan_qsdd": render_giay_chung_nhan_qsdd,
    "giay_chung_nhan_dkdn": render_giay_chung_nhan_dkdn, "don_de_nghi": render_don_de_nghi,
    "khac": render_khac,
}
_COUNTS = {k: _ADMIN_LAYOUTS for k in _ADMIN} | {
    "can_cuoc": _CARD, "don_de_nghi": _APP, "khac": _OTHER} | _CIVIL | _CERTS
LAYOUTS: dict[str, int] = {k: _COUNTS[k] for k in DOCUMENT_KINDS}


def render_document(kind: str, seed: int, *, dpi: int = 300, layout: int | None = None,
                    font: str | None = None) -> Rendered:
    """A clean, upright page of ``kind`` (one of :data:`DOCUMENT_KINDS`) with
    its ground truth. ``layout`` picks a variant in ``range(LAYOUTS[kind])``
    (None: drawn by the seed); ``font`` a family name or a TTF path
    (default: drawn by the seed)."""
    if kind not in FIELD_KEYS:
        raise ValueError(f"unknown document kind {kind!r}; one of {', '.join(DOCUMENT_KINDS)}")
    if kind in _ADMIN:
        return render_admin_page(seed, dpi=dpi, kind=kind, font=font, layout=layout)
    return _RENDER[kind](seed, dpi=dpi, layout=layout, font=font)


def random_document(seed: int, *, dpi: int = 300) -> Rendered:
    """Any kind, any layout: the kind and the page both drawn from ``seed``."""
    rng = random.Random(seed)
    return render_document(rng.choice(DOCUMENT_KINDS), rng.randrange(2**31), dpi=dpi)
