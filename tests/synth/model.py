"""The two value types of the generator: a rendered page and its scan."""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

Box = tuple[int, int, int, int]  # left, top, right, bottom in pixels


@dataclass(frozen=True)
class Rendered:
    """A clean, upright page with its exact ground truth.

    ``text`` is what is drawn, in reading order: lines joined by "\\n",
    blocks (layout zones: a header column, the title, the body, ...) by
    "\\n\\n"; NFC, no trailing newline. ``lines`` are the same lines in the
    same order, ``line_boxes`` their ink boxes in ``image`` pixels.
    ``fields`` holds the document's key fields as DOMAIN.md writes them
    (e.g. ``document_number``, ``issue_date``); ``seal_xy`` is where a seal
    would be pressed (over the signature), if the page has one.
    ``qr_payload`` is the text of a content QR code on the page (a chip ID
    card's), ``qr_fields`` the key fields that payload gives (they agree
    with ``fields``, names compared ignoring case).
    """

    image: Image.Image
    dpi: int
    text: str
    lines: list[str]
    kind: str
    line_boxes: list[Box] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    font: str = ""
    seal_xy: tuple[int, int] | None = None
    issuer: str = ""  # the issuing body's name, for the seal's ring text
    qr_payload: str = ""  # what the page's QR code reads ("" when it has none)
    qr_fields: dict[str, str] = field(default_factory=dict)  # key fields the QR code gives
    layout: int = 0  # which layout variant of its kind drew the page

    @property
    def size_mm(self) -> tuple[float, float]:
        w, h = self.image.size
        return w * 25.4 / self.dpi, h * 25.4 / self.dpi


@dataclass(frozen=True)
class Scan:
    """A degraded scan of a :class:`Rendered` page.

    ``rotation + skew_degrees`` is the counter-clockwise angle the content
    was turned away from upright (DOMAIN.md "Angles"): ``rotation`` in
    {0, 90, 180, 270} (90: text lines run bottom to top), ``skew_degrees``
    positive when lines rise to the right. ``jpeg_bytes`` is the encoded
    file when the scan went through a JPEG round trip (``image`` is its
    decode).
    """

    image: Image.Image
    dpi: int
    rotation: int
    skew_degrees: float
    truth: Rendered
    jpeg_bytes: bytes | None = None

    @property
    def upright_size_px(self) -> tuple[int, int]:
        """The unskewed, upright page's size in pixels at the scan's dpi."""
        w, h = self.truth.image.size
        scale = self.dpi / self.truth.dpi
        return round(w * scale), round(h * scale)
