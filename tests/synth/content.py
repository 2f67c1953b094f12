"""Vietnamese wording for synthetic pages: people, places, issuing bodies,
dates, numbers and administrative sentences.

Everything is drawn from a ``random.Random`` passed in, so a seed fixes the
wording. All strings are NFC. Place names are those of the merged Bắc Ninh
province (old Bắc Giang and Bắc Ninh); the communes and wards are names in
Resolution 1658/NQ-UBTVQH15.
"""

from __future__ import annotations

import datetime as dt
import functools
import glob
import os
import random
import re
import unicodedata
from pathlib import Path
from dataclasses import dataclass

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ",
            "Ngô", "Dương", "Lý", "Đào", "Thân", "Giáp", "Hà", "Lương", "Trịnh"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Đình", "Công", "Tuấn"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Diệu", "Minh", "Hồng", "Thùy"]
GIVEN_M = ["Thắng", "Hùng", "Dũng", "Cường", "Quý", "Toản", "Khải", "Lực", "Vĩnh",
           "Hiếu", "Thịnh", "Tiến", "Nghĩa", "Trường", "Đạt", "Bảo", "Khoa"]
GIVEN_F = ["Hương", "Lan", "Huyền", "Thủy", "Ngọc", "Hạnh", "Nguyệt", "Yến",
           "Phượng", "Thảo", "Quỳnh", "Liễu", "Dung", "Ánh", "Trâm"]

# (prefix, name, place printed before ", ngày")
COMMUNES = [("xã", "Kép"), ("xã", "Lục Nam"), ("xã", "Lục Ngạn"), ("xã", "Sơn Động"),
            ("xã", "Yên Thế"), ("xã", "Bố Hạ"), ("xã", "Hiệp Hòa"), ("xã", "Tiên Du"),
            ("xã", "Phật Tích"), ("xã", "Chi Lăng"), ("xã", "Văn Môn"), ("xã", "Tam Giang"),
            ("xã", "Yên Phong"), ("xã", "Gia Bình"), ("xã", "Xuân Cẩm"), ("xã", "Đông Cứu"),
            ("phường", "Từ Sơn"), ("phường", "Bồng Lai"), ("phường", "Quế Võ"),
            ("phường", "Yên Dũng"), ("phường", "Kinh Bắc"), ("phường", "Việt Yên"),
            ("phường", "Bắc Giang"), ("phường", "Thuận Thành"), ("phường", "Vũ Ninh")]
OLD_DISTRICTS = ["Lạng Giang", "Yên Dũng", "Lục Nam", "Tân Yên", "Việt Yên", "Hiệp Hòa",
                 "Quế Võ", "Tiên Du", "Từ Sơn", "Gia Bình", "Lương Tài", "Yên Phong"]
VILLAGES = ["thôn Đồng Lạc", "thôn Tân Mỹ", "thôn Phố Kép", "thôn Bãi Ban", "thôn Hòa Sơn",
            "khu phố Đông Xuyên", "khu phố Tiêu Sơn", "thôn Ngọc Thiện", "thôn Yên Lư",
            "khu phố Đa Hội", "thôn Song Khê", "thôn Quả Cảm"]

# (name in running text, symbol abbreviation); the header prints it in capitals
DEPARTMENTS = [("Sở Nội vụ", "SNV"), ("Sở Tài chính", "STC"), ("Sở Y tế", "SYT"),
               ("Sở Giáo dục và Đào tạo", "SGDĐT"), ("Sở Xây dựng", "SXD"),
               ("Sở Nông nghiệp và Môi trường", "SNNMT"), ("Sở Tư pháp", "STP"),
               ("Sở Khoa học và Công nghệ", "SKHCN")]
UNIT_CODES = ["VX", "KT", "NC", "TH", "VP", "TNMT", "VHXH", "HCC"]


@dataclass(frozen=True)
class Issuer:
    """An issuing body as its header prints it (Decree 30/2020 appendix)."""

    name: str                  # its own name as printed (the issuing_authority field)
    name_lines: tuple[str, ...]
    abbr: str                  # in the document symbol: 123/QĐ-UBND
    place: str                 # printed before ", ngày"
    phrase: str                # how it names itself in running text
    parent: str | None = None  # the superior body's line above, not bold
    collective: str | None = None  # "TM. ỦY BAN NHÂN DÂN" when signing for a collective
    head: str = "CHỦ TỊCH"
    deputy: str = "PHÓ CHỦ TỊCH"
    council: bool = False


def issuer(rng: random.Random, *, council: bool = False) -> Issuer:
    if council:
        return Issuer("HỘI ĐỒNG NHÂN DÂN TỈNH BẮC NINH", ("HỘI ĐỒNG NHÂN DÂN", "TỈNH BẮC NINH"),
                      "HĐND", "Bắc Ninh", "Hội đồng nhân dân tỉnh Bắc Ninh",
                      collective="TM. HỘI ĐỒNG NHÂN DÂN", council=True)
    r = rng.random()
    if r < 0.45:
        prefix, name = rng.choice(COMMUNES)
        unit = f"{prefix.upper()} {name.upper()}"
        return Issuer(f"ỦY BAN NHÂN DÂN {unit}", ("ỦY BAN NHÂN DÂN", unit), "UBND", name,
                      f"Ủy ban nhân dân {prefix} {name}", collective="TM. ỦY BAN NHÂN DÂN")
    if r < 0.65:
        return Issuer("ỦY BAN NHÂN DÂN TỈNH BẮC NINH", ("ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH"),
                      "UBND", "Bắc Ninh", "Ủy ban nhân dân tỉnh Bắc Ninh",
                      collective="TM. ỦY BAN NHÂN DÂN")
    dept, abbr = rng.choice(DEPARTMENTS)
    return Issuer(dept.upper(), (dept.upper(),), abbr, "Bắc Ninh", dept,
                  parent="UBND TỈNH BẮC NINH", head="GIÁM ĐỐC", deputy="PHÓ GIÁM ĐỐC")


def person(rng: random.Random, female: bool | None = None) -> str:
    if female is None:
        female = rng.random() < 0.5
    mid = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    return f"{rng.choice(SURNAMES)} {mid} {given}"


def date(rng: random.Random, start=dt.date(2025, 7, 1), end=dt.date(2026, 6, 30)) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def date_words(d: dt.date, style: str = "decree") -> str:
    """'ngày 05 tháng 3 năm 2025': day below 10 and months 1-2 get a zero
    (Decree 30). ``style="padded"`` pads both ('ngày 05 tháng 07 năm 2025'),
    ``style="plain"`` neither ('ngày 5 tháng 7 năm 2025')."""
    if style == "padded":
        return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"
    if style == "plain":
        return f"ngày {d.day} tháng {d.month} năm {d.year}"
    if style != "decree":
        raise ValueError(f"unknown date style {style!r}: 'decree', 'padded' or 'plain'")
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def money(rng: random.Random) -> str:
    """An amount in đồng with dot thousands separators: '125.400.000 đồng'."""
    v = rng.randrange(5, 9000) * 100_000
    return f"{v:,}".replace(",", ".") + " đồng"


def unit_name(rng: random.Random) -> str:
    prefix, name = rng.choice(COMMUNES)
    return f"{prefix} {name}"


# Subjects (trích yếu), without their "Về việc"/"V/v" lead.
TOPICS = [
    "phê duyệt Kế hoạch số hóa hồ sơ, tài liệu lưu trữ năm {year}",
    "thành lập Tổ công tác chuyển đổi số {unit}",
    "kiện toàn Ban Chỉ đạo cải cách hành chính {unit}",
    "giao chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm {year1}",
    "phê duyệt danh sách hộ nghèo, hộ cận nghèo năm {year} trên địa bàn {unit}",
    "hỗ trợ kinh phí khắc phục hậu quả mưa lũ tại {village}",
    "tăng cường phòng, chống dịch bệnh trên đàn gia súc, gia cầm",
    "tiếp nhận và giải quyết thủ tục hành chính trên môi trường điện tử",
    "bàn giao hồ sơ, tài liệu sau sắp xếp đơn vị hành chính cấp xã",
    "điều chỉnh quy hoạch sử dụng đất đến năm 2030 của {unit}",
    "cấp giấy chứng nhận quyền sử dụng đất cho hộ gia đình, cá nhân tại {village}",
    "tổ chức các hoạt động kỷ niệm 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9",
    "bảo đảm an toàn giao thông trong dịp nghỉ Lễ Quốc khánh năm {year}",
    "công nhận kết quả xét tuyển viên chức sự nghiệp giáo dục năm {year}",
    "đôn đốc thu, nộp thuế sử dụng đất phi nông nghiệp năm {year}",
    "triển khai thực hiện Đề án 06 về ứng dụng dữ liệu dân cư, định danh điện tử",
    "chấn chỉnh công tác văn thư, lưu trữ tại các cơ quan, đơn vị",
    "thu hồi đất để thực hiện dự án cải tạo đường giao thông {village}",
]

PREAMBLE = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025;",
    "Căn cứ Luật Lưu trữ ngày 21 tháng 6 năm 2024;",
    "Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024;",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
    "Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ về thực hiện "
    "thủ tục hành chính trên môi trường điện tử;",
    "Căn cứ Nghị quyết số 1658/NQ-UBTVQH15 ngày 16 tháng 6 năm 2025 của Ủy ban Thường vụ Quốc hội "
    "về việc sắp xếp các đơn vị hành chính cấp xã của tỉnh Bắc Ninh năm 2025;",
]

SENTENCES = [
    "Giao {dept} chủ trì, phối hợp với các cơ quan, đơn vị liên quan tổ chức triển khai thực hiện, "
    "báo cáo kết quả về {unit_full} trước {date}.",
    "Tổng kinh phí thực hiện là {money}, từ nguồn ngân sách {level} năm {year}.",
    "Thời gian thực hiện từ {date} đến hết năm {year}.",
    "Các thôn, khu phố rà soát, lập danh sách và gửi về bộ phận một cửa trước {date}.",
    "Đến nay, {n} hồ sơ đã được tiếp nhận, trong đó {k} hồ sơ giải quyết đúng hạn, đạt {pct}%.",
    "Đồng chí {person} chịu trách nhiệm theo dõi, đôn đốc và tổng hợp kết quả thực hiện.",
    "Hồ sơ, tài liệu của các đơn vị hành chính cũ được bàn giao đầy đủ, có biên bản ký xác nhận.",
    "Trên địa bàn {village} có {n} hộ gia đình được hỗ trợ, với tổng số tiền {money}.",
    "Tăng cường kiểm tra, giám sát việc thực hiện; kịp thời phát hiện, xử lý nghiêm các vi phạm.",
    "Công khai kết quả tại trụ sở {unit_full} và trên Cổng thông tin điện tử của tỉnh.",
    "Quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị kịp thời báo cáo để xem xét, "
    "giải quyết theo thẩm quyền.",
    "Việc số hóa phải bảo đảm đúng quy trình, dữ liệu được kiểm tra, ký số trước khi lưu trữ.",
    "Năm {year}, toàn {level_noun} đã số hóa {n} trang tài liệu, tương đương {pct}% kế hoạch.",
    "Người dân tại {village} ({old} cũ) được hướng dẫn nộp hồ sơ trực tuyến qua Cổng Dịch vụ công.",
    "Bố trí cán bộ trực, tiếp nhận phản ánh, kiến nghị của người dân theo số điện thoại {phone}.",
    "Các phòng chuyên môn rà soát thủ tục hành chính, đề xuất cắt giảm thời gian giải quyết.",
    "Kinh phí bảo đảm cho hoạt động của Tổ công tác do ngân sách {level} cấp theo quy định.",
    "Sau khi sắp xếp, {unit_full} tiếp nhận {n} hồ sơ địa chính của {old} cũ để quản lý, "
    "khai thác.",
    "Công dân {person}, sinh năm 19{yy}, thường trú tại {village}, đã nộp đủ hồ sơ theo quy định.",
    "Thẩm định, trình cấp có thẩm quyền phê duyệt trước {date}; không để tồn đọng hồ sơ.",
    "Tỷ lệ hồ sơ được tiếp nhận, giải quyết trực tuyến toàn trình đạt {pct}%, vượt chỉ tiêu đề ra.",
    "Diện tích đất thu hồi là {area} m², thuộc thửa đất số {parcel}, tờ bản đồ số {sheet}.",
    "Ủy ban Mặt trận Tổ quốc Việt Nam {level_noun} phối hợp tuyên truyền, vận động nhân dân "
    "đồng thuận thực hiện.",
    "Công chức địa chính - xây dựng hướng dẫn các hộ gia đình hoàn thiện thủ tục đăng ký đất đai.",
    "Nghiêm cấm việc lợi dụng sắp xếp đơn vị hành chính để gây phiền hà, sách nhiễu người dân.",
    "Hằng tháng, các đơn vị gửi báo cáo tiến độ qua Hệ thống quản lý văn bản và điều hành.",
    "Giao Trung tâm Phục vụ hành chính công bố trí đủ máy quét, máy tính phục vụ số hóa.",
    "Chỉ tiêu năm {year1}: phấn đấu 100% hồ sơ thủ tục hành chính được số hóa khi tiếp nhận.",
    "Phòng Kinh tế tổng hợp, tham mưu điều chỉnh dự toán ngân sách trong tháng {month}.",
    "Các trường hợp đặc biệt, Chủ tịch {unit_full} xem xét, quyết định cụ thể.",
]

CLOSING = {
    "quyet_dinh": "Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị và các cá nhân có liên quan "
                  "chịu trách nhiệm thi hành Quyết định này./.",
    "nghi_quyet": "Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này. Nghị quyết có hiệu "
                  "lực kể từ ngày ký./.",
    "default": "Trên đây là nội dung {what}, đề nghị các cơ quan, đơn vị nghiêm túc thực hiện./.",
}


# Wording of the other administrative layouts (admin.py layouts 1 and 2).

# "Kính gửi:" addressees of a công văn that writes to several bodies at once
ADDRESSEES = ["Ủy ban nhân dân các xã, phường", "Các sở, ban, ngành tỉnh",
              "Các phòng, ban chuyên môn", "Công an tỉnh Bắc Ninh",
              "Bảo hiểm xã hội tỉnh Bắc Ninh", "Trung tâm Phục vụ hành chính công tỉnh",
              "Văn phòng đăng ký đất đai tỉnh Bắc Ninh", "Các đơn vị sự nghiệp trực thuộc"]

# "Nơi nhận:" lines between "- Như trên;" and the archive line "- Lưu: …"
RECIPIENTS = ["- Thường trực HĐND, UBND;", "- Chủ tịch, các Phó Chủ tịch UBND;",
              "- Các phòng, ban, đơn vị;", "- Cổng thông tin điện tử;",
              "- Ủy ban MTTQ Việt Nam;", "- Văn phòng HĐND và UBND;", "- Sở Nội vụ (để b/c);",
              "- Các thành viên Tổ công tác;", "- Trung tâm Phục vụ hành chính công;"]
ARCHIVE = ["- Lưu: VT, VP.", "- Lưu: VT.", "- Lưu: VT, TH.", "- Lưu: VT, VX (02b)."]

# The closing paragraph of each administrative kind in layouts 1 and 2
CLOSING_VARIANTS = {
    "quyet_dinh": ("Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng các "
                   "cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.",
                   "Quyết định có hiệu lực thi hành kể từ ngày ký ban hành. Các cơ quan, đơn vị "
                   "và cá nhân có liên quan chịu trách nhiệm thi hành./."),
    "nghi_quyet": ("Nghị quyết này đã được Hội đồng nhân dân tỉnh Bắc Ninh thông qua tại kỳ họp "
                   "chuyên đề và có hiệu lực kể từ ngày thông qua./.",
                   "Thường trực Hội đồng nhân dân, các Ban và đại biểu Hội đồng nhân dân tỉnh "
                   "giám sát việc thực hiện Nghị quyết này./."),
    "cong_van": ("Đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./.",
                 "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị liên hệ {unit_full} để "
                 "phối hợp giải quyết./."),
    "thong_bao": ("{unit_full} thông báo để các cơ quan, đơn vị biết, thực hiện./.",
                  "Thông báo này được gửi tới các cơ quan, đơn vị để biết và tổ chức thực "
                  "hiện./."),
    "ke_hoach": ("Trong quá trình tổ chức thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo "
                 "cáo về {unit_full} để chỉ đạo, giải quyết./.",
                 "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện Kế "
                 "hoạch này./."),
    "bao_cao": ("Trên đây là báo cáo kết quả thực hiện nhiệm vụ của {unit_full}./.",
                "{unit_full} trân trọng báo cáo./."),
    "to_trinh": ("Kính trình xem xét, quyết định./.",
                 "{unit_full} kính trình cấp có thẩm quyền xem xét, phê duyệt./."),
    "bien_ban": ("Cuộc họp kết thúc cùng ngày. Biên bản được lập thành 03 bản có giá trị pháp "
                 "lý như nhau./.",
                 "Biên bản đã được đọc lại cho các thành viên dự họp cùng nghe, nhất trí và ký "
                 "tên./."),
    "giay_moi": ("Đề nghị đại biểu dự họp mang theo tài liệu liên quan và đến đúng giờ./.",
                 "Rất mong các đồng chí tham dự đầy đủ, đúng thời gian./."),
}


def slots(rng: random.Random, iss: Issuer, when: dt.date) -> dict[str, str]:
    """Values for the {placeholders} of TOPICS and SENTENCES."""
    n = rng.randrange(120, 9000)
    province = iss.place == "Bắc Ninh"
    if province:
        unit = unit_name(rng)
    else:
        unit = ("phường " if "PHƯỜNG" in iss.name else "xã ") + iss.place
    level = "tỉnh" if province else "xã"
    return {
        "year": str(when.year), "year1": str(when.year + 1), "unit": unit,
        "unit_full": iss.phrase, "village": rng.choice(VILLAGES),
        "old": "huyện " + rng.choice(OLD_DISTRICTS),
        "dept": rng.choice(["Văn phòng", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội",
                            "Sở Nội vụ", "Sở Tài chính", "Trung tâm Phục vụ hành chính công"]),
        "date": date_words(when + dt.timedelta(days=rng.randrange(10, 90))),
        "money": money(rng), "n": f"{n:,}".replace(",", "."),
        "k": f"{n * rng.randrange(90, 100) // 100:,}".replace(",", "."),
        "pct": f"{rng.randrange(80, 100)},{rng.randrange(10)}", "person": person(rng),
        "level": level, "level_noun": level, "yy": str(rng.randrange(55, 99)),
        "area": f"{rng.randrange(40, 2000)},{rng.randrange(10)}", "parcel": str(rng.randrange(1, 900)),
        "sheet": str(rng.randrange(1, 60)), "month": str(rng.randrange(1, 13)),
        "phone": "0" + rng.choice(["204", "222", "912", "975", "868"])
        + "".join(str(rng.randrange(10)) for _ in range(6)),
    }


def fill(template: str, values: dict[str, str]) -> str:
    return unicodedata.normalize("NFC", template.format(**values))


# ---------------------------------------------------------------- corpus
# ../shared beside the project root, wherever the checkout lies (CI clones elsewhere)
CORPUS_DIR = os.environ.get(
    "HOSO_SYNTH_CORPUS",
    str(Path(__file__).resolve().parents[3] / "shared/corpus/real/dvhcvn-2025-official-docs"))

_ESCAPE = re.compile(r"\\(.)")
_EMPH = re.compile(r"\*\*|\*|__|(?<!\w)_|_(?!\w)")


@functools.cache
def corpus_paragraphs(folder: str = CORPUS_DIR) -> tuple[str, ...]:
    """Prose paragraphs of the real documents in ``folder`` (read at run
    time, never copied): NFC, markdown stripped, tables and headers
    skipped. Empty when the folder is missing."""
    out: list[str] = []
    for path in sorted(glob.glob(os.path.join(folder, "*.md"))):
        with open(path, encoding="utf-8") as f:
            raw = unicodedata.normalize("NFC", f.read())
        for chunk in re.split(r"\n\s*\n", raw):
            rows = chunk.split("\n")
            if any(r.startswith("  ") or "|" in r or "---" in r or r.startswith("#")
                   for r in rows):
                continue
            text = " ".join(r.strip() for r in rows)
            text = _EMPH.sub("", _ESCAPE.sub(r"\1", text.replace("<br>", " ")))
            text = " ".join(text.split())
            letters = sum(c.isalpha() for c in text)
            if len(text) >= 60 and letters >= 0.7 * len(text.replace(" ", "")):
                out.append(text)
    return tuple(out)
