"""DOMAIN.md's document types and the field keys of each ("Document types" and
"Key fields" tables): what the classifiers may return, and what the API
accepts when a person corrects a document (``PATCH /documents/<id>``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

ADMIN_FIELDS = ("issuing_authority", "document_number", "issue_place", "issue_date", "subject", "signer")
ADMINISTRATIVE = ("quyet_dinh", "nghi_quyet", "cong_van", "thong_bao", "ke_hoach", "bao_cao", "to_trinh",
                  "bien_ban", "giay_moi")

FIELD_KEYS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    **{kind: ADMIN_FIELDS for kind in ADMINISTRATIVE},
    "can_cuoc": ("id_number", "full_name", "date_of_birth", "sex", "nationality", "place_of_origin",
                 "place_of_residence", "expiry_date"),
    "giay_khai_sinh": ("full_name", "date_of_birth", "sex", "place_of_birth", "father_name", "mother_name",
                       "document_number", "issue_date", "issuing_authority"),
    "giay_chung_nhan_ket_hon": ("husband_name", "wife_name", "document_number", "issue_date", "issuing_authority"),
    "giay_chung_nhan_qsdd": ("holder_name", "parcel_number", "map_sheet_number", "area_m2", "land_address",
                             "issue_date"),
    "giay_chung_nhan_dkdn": ("enterprise_code", "company_name", "head_office_address", "legal_representative",
                             "issue_date"),
    "don_de_nghi": ("applicant_name", "id_number", "date_of_birth", "address", "phone", "subject"),
    "khac": (),
})

DOCUMENT_TYPES: tuple[str, ...] = tuple(FIELD_KEYS)
