"""Field validation and the chip ID card QR payload (no OCR: fast).

Expected values are worked out by hand from DOMAIN.md: a 12-digit ID is
province (3) + century/sex (1: 0/1 male/female 1900s, 2/3 male/female 2000s)
+ birth year (2) + 6 digits.
"""

from __future__ import annotations

from datetime import date

import pytest

from hoso.classifiers.idcard_qr import parse_cccd_qr, read_cccd_qr
from hoso.classifiers.validate import (
    FieldWarning, check_date, check_enterprise_code, check_id_number,
    id_birth_year, id_sex,
)

TODAY = date(2025, 7, 15)


def codes(warnings: list[FieldWarning]) -> list[str]:
    return [w.code for w in warnings]


# ---------------------------------------------------------------- ID numbers

@pytest.mark.parametrize("number, year, sex", [
    ("027195000123", 1995, "Nữ"),   # Bắc Ninh, 1 = female 1900s, 95
    ("024095001234", 1995, "Nam"),  # Bắc Giang, 0 = male 1900s
    ("027205001234", 2005, "Nam"),  # 2 = male 2000s
    ("027305001234", 2005, "Nữ"),   # 3 = female 2000s
    ("001300000001", 2000, "Nữ"),
])
def test_id_decoding(number, year, sex):
    assert id_birth_year(number) == year
    assert id_sex(number) == sex


@pytest.mark.parametrize("number, dob, sex", [
    ("027195000123", "1995-07-15", "Nữ"),
    ("027195000123", None, None),
    ("024095001234", "1995-01-01", "Nam"),
    ("027205001234", "2005-03-01", "Nam"),
    ("027305001234", "2005-12-31", "Nữ"),
    ("027305001234", "2005-12-31", None),
    ("027195000123", "not a date", "?"),   # unusable hints are ignored
])
def test_id_number_agrees(number, dob, sex):
    assert check_id_number(number, dob, sex, today=TODAY) == []


@pytest.mark.parametrize("number, dob, sex", [
    ("027195000123", "1995-07-15", "Nam"),   # female digit, male card
    ("027195000123", "1996-07-15", "Nữ"),    # born 1995 per the ID
    ("024095001234", None, "Nữ"),
    ("027305001234", "1905-12-31", "Nữ"),    # digit 3 means 2000s
    ("027205001234", "2005-03-01", "Nữ"),
])
def test_id_number_mismatch(number, dob, sex):
    warnings = check_id_number(number, dob, sex, today=TODAY)
    assert warnings == [FieldWarning("id_number", "id_number_mismatch", number)]


@pytest.mark.parametrize("number", [
    "02719500012",     # 11 digits
    "0271950001234",   # 13 digits
    "02719500012a",
    "027495000123",    # century digit 4: born 2100s
    "027995000123",
    "127195000123",    # no province code above 099
    "000195000123",
    "027399000123",    # female born 2099: in the future
    "",
])
def test_invalid_id_number(number):
    assert codes(check_id_number(number, today=TODAY)) == ["invalid_id_number"]


def test_warning_json():
    warning = FieldWarning("id_number", "id_number_mismatch", "027195000123")
    assert warning.to_json() == {"field": "id_number", "code": "id_number_mismatch",
                                 "value": "027195000123"}


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("iso, field", [
    ("1995-07-15", "date_of_birth"),
    ("1900-01-01", "date_of_birth"),
    ("2025-07-15", "issue_date"),           # today
    ("2045-07-15", "expiry_date"),
    ("2020-01-01", "expiry_date"),          # an expired card still has its date
])
def test_date_ok(iso, field):
    assert check_date(iso, field=field, today=TODAY) == []


@pytest.mark.parametrize("iso, field", [
    ("2025-02-31", "issue_date"),           # no such day
    ("1899-12-31", "date_of_birth"),
    ("2025-07-16", "date_of_birth"),        # tomorrow
    ("2060-01-01", "expiry_date"),          # more than 30 years ahead
    ("15/07/2025", "issue_date"),           # not ISO
    ("", "issue_date"),
])
def test_date_invalid(iso, field):
    assert check_date(iso, field=field, today=TODAY) == [FieldWarning(field, "invalid_date", iso)]


def test_date_bounds_given():
    assert check_date("2030-01-01", field="issue_date", not_after=date(2031, 1, 1)) == []
    assert codes(check_date("1950-01-01", field="issue_date", not_before=date(1960, 1, 1))) == [
        "invalid_date"]


# ---------------------------------------------------------------- enterprise codes

@pytest.mark.parametrize("code", ["0100109106", "2304081037", "0100109106-001", "2300123456-999"])
def test_enterprise_code_ok(code):
    assert check_enterprise_code(code) == []


@pytest.mark.parametrize("code", [
    "0100109106001",     # the branch needs its dash
    "010010910",         # nine digits
    "01001091060",       # eleven
    "0100109106-01",     # a branch has three digits
    "O100109106",        # a letter O left by the OCR
    "",
])
def test_enterprise_code_invalid(code):
    assert check_enterprise_code(code) == [
        FieldWarning("enterprise_code", "invalid_enterprise_code", code)]
