"""People, places and numbers for citizen and business papers.

A :class:`Citizen` carries one consistent identity: the 12-digit ID number
agrees with the date of birth and sex (DOMAIN.md: 3 digits of the province
of birth registration, Bắc Giang ``024`` / Bắc Ninh ``027``; one digit of
century and sex, 0/1 male/female born 1900-1999, 2/3 born 2000-2099; two
digits of the birth year; six more digits). Places are old communes of
Bắc Giang and Bắc Ninh with the commune or ward of the merged province that
took them over, so an address can be written the old way or the new one.
Everything is drawn from a ``random.Random``; all strings are NFC.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

from tests.synth import content as C

PROVINCE_CODES = {"Bắc Giang": "024", "Bắc Ninh": "027"}
MERGED = dt.date(2025, 7, 1)

# old district -> (its kind, old province, old communes (kind, name), new units (kind, name))
DISTRICTS: dict[str, tuple[str, str, list[tuple[str, str]], list[tuple[str, str]]]] = {
    "Lạng Giang": ("huyện", "Bắc Giang",
                   [("thị trấn", "Kép"), ("thị trấn", "Vôi"), ("xã", "Tân Dĩnh"),
                    ("xã", "Thái Đào"), ("xã", "Quang Thịnh"), ("xã", "Nghĩa Hòa")],
                   [("xã", "Kép"), ("xã", "Lạng Giang"), ("xã", "Tân Dĩnh"), ("xã", "Tiên Lục")]),
    "Yên Dũng": ("huyện", "Bắc Giang",
                 [("thị trấn", "Nham Biền"), ("xã", "Lãng Sơn"), ("xã", "Trí Yên"),
                  ("xã", "Đồng Phúc"), ("xã", "Tư Mại")],
                 [("phường", "Yên Dũng"), ("phường", "Tân An"), ("phường", "Cảnh Thụy")]),
    "Việt Yên": ("thị xã", "Bắc Giang",
                 [("phường", "Bích Động"), ("phường", "Nếnh"), ("xã", "Tăng Tiến"),
                  ("xã", "Vân Trung"), ("xã", "Quang Châu")],
                 [("phường", "Việt Yên"), ("phường", "Nếnh"), ("phường", "Vân Hà")]),
    "Hiệp Hòa": ("huyện", "Bắc Giang",
                 [("thị trấn", "Thắng"), ("xã", "Đức Thắng"), ("xã", "Mai Đình"),
                  ("xã", "Hoàng Vân"), ("xã", "Lương Phong")],
                 [("xã", "Hiệp Hòa"), ("xã", "Hoàng Vân"), ("xã", "Xuân Cẩm")]),
    "Tân Yên": ("huyện", "Bắc Giang",
                [("thị trấn", "Cao Thượng"), ("xã", "Ngọc Thiện"), ("xã", "Liên Chung")],
                [("xã", "Tân Yên"), ("xã", "Ngọc Thiện"), ("xã", "Nhã Nam")]),
    "Lục Nam": ("huyện", "Bắc Giang",
                [("thị trấn", "Đồi Ngô"), ("xã", "Bảo Đài"), ("xã", "Cẩm Lý")],
                [("xã", "Lục Nam"), ("xã", "Bảo Đài"), ("xã", "Đông Phú")]),
    "Từ Sơn": ("thành phố", "Bắc Ninh",
               [("phường", "Đồng Kỵ"), ("phường", "Đình Bảng"), ("phường", "Tương Giang"),
                ("phường", "Phù Khê")],
               [("phường", "Từ Sơn"), ("phường", "Tam Sơn"), ("phường", "Đồng Nguyên")]),
    "Quế Võ": ("thị xã", "Bắc Ninh",
               [("phường", "Phố Mới"), ("phường", "Bồng Lai"), ("phường", "Phượng Mao"),
                ("xã", "Việt Hùng")],
               [("phường", "Quế Võ"), ("phường", "Bồng Lai"), ("phường", "Nhân Hòa")]),
    "Tiên Du": ("huyện", "Bắc Ninh",
                [("thị trấn", "Lim"), ("xã", "Phật Tích"), ("xã", "Liên Bão"), ("xã", "Hiên Vân")],
                [("xã", "Tiên Du"), ("xã", "Phật Tích"), ("xã", "Liên Bão")]),
    "Yên Phong": ("huyện", "Bắc Ninh",
                  [("thị trấn", "Chờ"), ("xã", "Đông Thọ"), ("xã", "Văn Môn"), ("xã", "Tam Giang")],
                  [("xã", "Yên Phong"), ("xã", "Văn Môn"), ("xã", "Tam Giang")]),
    "Gia Bình": ("huyện", "Bắc Ninh",
                 [("thị trấn", "Gia Bình"), ("xã", "Đông Cứu"), ("xã", "Xuân Lai")],
                 [("xã", "Gia Bình"), ("xã", "Đông Cứu")]),
}

VILLAGES = ["thôn Đồng Lạc", "thôn Tân Mỹ", "thôn Phố Kép", "thôn Bãi Ban", "thôn Hòa Sơn",
            "thôn Ngọc Thiện", "thôn Yên Lư", "thôn Song Khê", "thôn Quả Cảm", "thôn Đông Sơn",
            "thôn Trung", "thôn Hạ", "khu phố Đông Xuyên", "khu phố Tiêu Sơn", "khu phố Đa Hội",
            "tổ dân phố số 3", "tổ dân phố Nguyễn Du", "xóm Chùa", "xóm Mới"]
STREETS = ["Lê Lợi", "Nguyễn Văn Cừ", "Trần Hưng Đạo", "Ngô Gia Tự", "Hoàng Hoa Thám",
           "Lý Thái Tổ", "Xương Giang", "Nguyễn Thị Minh Khai", "Hùng Vương", "Thân Nhân Trung"]


@dataclass(frozen=True)
class Place:
    """A place of residence: a village in an old commune, and the new unit."""

    village: str
    commune: tuple[str, str]   # old (kind, name)
    district: str
    district_kind: str
    province: str
    unit: tuple[str, str]      # the merged province's commune or ward

    def short(self, village: bool = True) -> str:
        """As chip ID cards print it: 'Thôn Đồng Lạc, Tân Dĩnh, Lạng Giang, Bắc Giang'."""
        parts = ([cap(self.village)] if village else []) + \
            [self.commune[1], self.district, self.province]
        return ", ".join(parts)

    def full(self, village: bool = True) -> str:
        """'thôn Đồng Lạc, xã Tân Dĩnh, huyện Lạng Giang, tỉnh Bắc Giang'."""
        parts = ([self.village] if village else []) + \
            [" ".join(self.commune), f"{self.district_kind} {self.district}",
             f"tỉnh {self.province}"]
        return ", ".join(parts)

    def new(self, village: bool = True) -> str:
        """After 1 July 2025: 'thôn Đồng Lạc, xã Kép, tỉnh Bắc Ninh'."""
        parts = ([self.village] if village else []) + [" ".join(self.unit), "tỉnh Bắc Ninh"]
        return ", ".join(parts)

    def written(self, style: str, village: bool = True) -> str:
        return {"short": self.short, "full": self.full, "new": self.new}[style](village)

    def authority(self, when: dt.date) -> str:
        """The commune people's committee that registered something on ``when``."""
        kind, name = self.unit if when >= MERGED else self.commune
        return f"Ủy ban nhân dân {kind} {name}"

    def seat(self, when: dt.date) -> str:
        """The place name printed before ', ngày' on its papers."""
        return (self.unit if when >= MERGED else self.commune)[1]


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def place(rng: random.Random, province: str | None = None) -> Place:
    names = [d for d, v in DISTRICTS.items() if province in (None, v[1])]
    d = rng.choice(names)
    kind, prov, communes, units = DISTRICTS[d]
    return Place(rng.choice(VILLAGES), rng.choice(communes), d, kind, prov, rng.choice(units))


def street_address(rng: random.Random, p: Place, style: str) -> str:
    """A house on a street, for companies: 'Số 12, đường Lê Lợi, ...'."""
    head = f"Số {rng.randrange(1, 300)}, đường {rng.choice(STREETS)}"
    if rng.random() < 0.3:
        head = f"Lô {rng.choice('ABCDE')}{rng.randrange(1, 30)}, Khu công nghiệp {p.district}"
    return f"{head}, {p.written(style, village=False)}"


# ------------------------------------------------------------------ people
@dataclass(frozen=True)
class Citizen:
    name: str          # 'Nguyễn Văn An', title case
    female: bool
    dob: dt.date
    id_number: str
    old_id: str        # the 9-digit ID of the old card, or ""
    origin: Place      # quê quán
    residence: Place   # nơi thường trú

    @property
    def sex(self) -> str:
        return "Nữ" if self.female else "Nam"

    @property
    def upper(self) -> str:
        return self.name.upper()


def make_id(rng: random.Random, dob: dt.date, female: bool, province: str) -> str:
    century = (dob.year - 1900) // 100 * 2 + int(female)
    tail = "".join(str(rng.randrange(10)) for _ in range(6))
    return f"{PROVINCE_CODES[province]}{century}{dob.year % 100:02d}{tail}"


def id_agrees(id_number: str, dob: dt.date | str, sex: str) -> bool:
    """Whether a 12-digit ID number agrees with a date of birth and sex."""
    if isinstance(dob, str):
        dob = dt.date.fromisoformat(dob)
    if len(id_number) != 12 or not id_number.isdigit() or not 1900 <= dob.year < 2100:
        return False
    century = (dob.year - 1900) // 100 * 2 + int(sex == "Nữ")
    return id_number[3] == str(century) and id_number[4:6] == f"{dob.year % 100:02d}"


def birth_date(rng: random.Random, first: int, last: int) -> dt.date:
    start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def citizen(rng: random.Random, born: tuple[int, int] = (1950, 2006),
            female: bool | None = None) -> Citizen:
    female = rng.random() < 0.5 if female is None else female
    dob = birth_date(rng, *born)
    origin = place(rng)
    residence = origin if rng.random() < 0.6 else place(rng)
    old = ""
    if dob.year < 2002 and rng.random() < 0.8:
        old = ("12" if origin.province == "Bắc Giang" else "125") + "".join(
            str(rng.randrange(10)) for _ in range(7 if origin.province == "Bắc Giang" else 6))
    return Citizen(C.person(rng, female), female, dob,
                   make_id(rng, dob, female, origin.province), old, origin, residence)


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def card_expiry(dob: dt.date, issued: dt.date) -> dt.date | None:
    """An ID card is valid until its holder turns 25, 40 or 60 (a card made
    in the two years before one of those ages runs to the next); from 58 on
    it never expires (``None``: 'Không thời hạn')."""
    for age in (25, 40, 60):
        if issued < add_years(dob, age - 2):
            return add_years(dob, age)
    return None


def day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


# ------------------------------------------------------------------ writing
def dmy(d: dt.date, sep: str = "/") -> str:
    return f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"


def date_long(d: dt.date, zero: bool = True) -> str:
    """'ngày 05 tháng 3 năm 2025' (``zero``: the decree's zeros) or 'ngày 5 tháng 3 năm 2025'."""
    return C.date_words(d) if zero else f"ngày {d.day} tháng {d.month} năm {d.year}"


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def number_words(n: int) -> str:
    """Vietnamese words for 0 <= n < 10000 ('hai nghìn không trăm hai mươi lăm')."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "mười" + ("" if n == 10 else " " + ("lăm" if n == 15 else _DIGITS[n % 10]))
    if n < 100:
        t, u = divmod(n, 10)
        tail = {0: "", 1: " mốt", 4: " tư", 5: " lăm"}.get(u, " " + _DIGITS[u])
        return f"{_DIGITS[t]} mươi{tail}"
    if n < 1000:
        h, r = divmod(n, 100)
        if r == 0:
            return f"{_DIGITS[h]} trăm"
        return f"{_DIGITS[h]} trăm " + (f"linh {_DIGITS[r]}" if r < 10 else number_words(r))
    th, r = divmod(n, 1000)
    if r == 0:
        return f"{_DIGITS[th]} nghìn"
    if r < 100:
        return f"{_DIGITS[th]} nghìn không trăm " + (f"linh {_DIGITS[r]}" if r < 10
                                                    else number_words(r))
    return f"{_DIGITS[th]} nghìn {number_words(r)}"


def date_in_words(d: dt.date) -> str:
    """'Ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi lăm'."""
    month = "tư" if d.month == 4 else number_words(d.month)
    return f"Ngày {number_words(d.day)} tháng {month} năm {number_words(d.year)}"


def phone(rng: random.Random) -> str:
    """A mobile number, digits only, with its leading 0."""
    head = rng.choice(["096", "097", "098", "086", "091", "094", "088", "035", "038", "039",
                       "070", "077", "083", "085"])
    return head + "".join(str(rng.randrange(10)) for _ in range(7))


def phone_printed(rng: random.Random, digits: str, international: bool = False) -> str:
    """How people write it: '0975 567 636', '0975.567.636', '+84 975 567 636'."""
    if international:
        rest = digits[1:]
        return rng.choice([f"+84 {rest[:3]} {rest[3:6]} {rest[6:]}", f"+84{rest}",
                           f"(+84) {rest}"])
    return rng.choice([digits, f"{digits[:4]} {digits[4:7]} {digits[7:]}",
                       f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"])


def area(rng: random.Random) -> tuple[str, str]:
    """A parcel area as printed ('1.234,5') and as the field writes it ('1234.5')."""
    whole = rng.choice([rng.randrange(45, 400), rng.randrange(400, 3000), rng.randrange(60, 200)])
    tenth = rng.choice([0, 0, rng.randrange(1, 10)])
    printed = f"{whole:,}".replace(",", ".") + (f",{tenth}" if tenth else "")
    return printed, str(whole) + (f".{tenth}" if tenth else "")


# ------------------------------------------------------------------ companies
TRADES = ["THƯƠNG MẠI VÀ DỊCH VỤ", "XÂY DỰNG", "SẢN XUẤT VÀ THƯƠNG MẠI", "ĐẦU TƯ PHÁT TRIỂN",
          "VẬN TẢI", "CƠ KHÍ", "NÔNG SẢN", "MAY MẶC", "CÔNG NGHỆ", "XUẤT NHẬP KHẨU"]
BRANDS = ["AN PHÁT", "HƯNG THỊNH", "MINH ĐỨC", "ĐỒNG TIẾN", "KINH BẮC", "PHÚC LỘC",
          "THÀNH ĐẠT", "XƯƠNG GIANG", "QUANG MINH", "TÂN DĨNH", "VIỆT YÊN XANH", "HOÀNG LONG"]
FORMS = [("CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN", "CÔNG TY TNHH", "COMPANY LIMITED",
          "CO., LTD"),
         ("CÔNG TY TRÁCH NHIỆM HỮU HẠN HAI THÀNH VIÊN TRỞ LÊN", "CÔNG TY TNHH", "COMPANY LIMITED",
          "CO., LTD"),
         ("CÔNG TY CỔ PHẦN", "CÔNG TY CỔ PHẦN", "JOINT STOCK COMPANY", "JSC")]
TRADES_EN = {"THƯƠNG MẠI VÀ DỊCH VỤ": "TRADING AND SERVICES", "XÂY DỰNG": "CONSTRUCTION",
             "SẢN XUẤT VÀ THƯƠNG MẠI": "PRODUCTION AND TRADING",
             "ĐẦU TƯ PHÁT TRIỂN": "INVESTMENT DEVELOPMENT", "VẬN TẢI": "TRANSPORT",
             "CƠ KHÍ": "MECHANICAL", "NÔNG SẢN": "AGRICULTURAL PRODUCTS", "MAY MẶC": "GARMENT",
             "CÔNG NGHỆ": "TECHNOLOGY", "XUẤT NHẬP KHẨU": "IMPORT EXPORT"}


def ascii_upper(s: str) -> str:
    """Capitals without diacritics ('Đồng Tiến' -> 'DONG TIEN')."""
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s)
                   if not unicodedata.combining(c)).upper()


def company(rng: random.Random) -> tuple[str, str, str, str]:
    """(legal form line, name as the certificate prints it, foreign name, short name)."""
    form, prefix, en, abbr = rng.choice(FORMS)
    trade, brand = rng.choice(TRADES), rng.choice(BRANDS)
    foreign = f"{ascii_upper(brand)} {TRADES_EN[trade]} {en}"
    return form, f"{prefix} {trade} {brand}", foreign, f"{ascii_upper(brand)} {abbr}"


def enterprise_code(rng: random.Random, province: str) -> str:
    head = "24" if province == "Bắc Giang" else "23"
    return head + f"{rng.choice([0, 0, 0, 1])}" + "".join(str(rng.randrange(10)) for _ in range(7))
