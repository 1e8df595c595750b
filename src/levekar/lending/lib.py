"""Small pure helpers of the equipment library: phone numbers, search text, photo checks."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHOTO_EXTENSIONS = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
                    "webp": "image/webp"}
PHOTO_MAX_BYTES = 5 * 1024 * 1024


class InvalidPhone(ValueError):
    pass


def normalize_phone(raw: str) -> str:
    """A phone number as stored and searched: 8 digits for a Norwegian number (with or
    without +47 / 0047), ``+<digits>`` for a foreign one. Raises ``InvalidPhone``.

    >>> normalize_phone("+47 912 34 567")
    '91234567'
    >>> normalize_phone("0046 70 123 45 67")
    '+46701234567'
    """
    text = (raw or "").strip()
    if not text:
        return ""
    if re.search(r"[^\d\s+().-]", text):
        raise InvalidPhone("Telefonnummeret kan bare inneholde sifre, mellomrom og +.")
    digits = re.sub(r"\D", "", text)
    international = text.startswith("+") or digits.startswith("00")
    if digits.startswith("00"):
        digits = digits[2:]
    if international and digits.startswith("47") and len(digits) == 10:
        digits = digits[2:]
        international = False
    if not international:
        if len(digits) != 8:
            raise InvalidPhone("Et norsk telefonnummer har 8 sifre.")
        return digits
    if not 7 <= len(digits) <= 15:
        raise InvalidPhone("Et utenlandsk telefonnummer har 7 til 15 sifre etter landskoden.")
    return f"+{digits}"


def phone_for_sending(stored: str) -> str:
    """The number an SMS gateway wants: +47 in front of a Norwegian number."""
    return stored if stored.startswith("+") else f"+47{stored}"


def phone_display(stored: str) -> str:
    """91234567 → «912 34 567»; foreign numbers as stored."""
    if len(stored) == 8 and stored.isdigit():
        return f"{stored[:3]} {stored[3:5]} {stored[5:]}"
    return stored


def fold(text: str) -> str:
    """Lower case, single spaces, NFC: what search text and search terms are compared as."""
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def search_terms(query: str, limit: int = 6) -> list[str]:
    """The words of a search, folded; «cm» after a number is dropped so that «ski 130 cm»
    and «ski 130» find the same, and sizes written «130cm» still match «130 cm»."""
    words = re.findall(r"\w+", fold(query))
    terms: list[str] = []
    for word in words:
        m = re.fullmatch(r"(\d+)(cm|l)", word)
        if m:
            word = m.group(1)
        elif word in {"cm", "str", "størrelse", "size"}:
            continue
        if word not in terms:
            terms.append(word)
    return terms[:limit]


def size_key(size: str) -> str:
    """A size as words between spaces (« 130 », « 52 56 », « m »), so a size filter can
    match whole words: «M» finds M and not XM, «130» finds 130 cm and not 1300."""
    terms = search_terms(size, limit=10)
    return f" {' '.join(terms)} " if terms else ""


def first_number(text: str) -> int | None:
    """The first whole number in a size («130 cm» → 130, «52–56» → 52), to sort sizes."""
    m = re.search(r"\d+", text or "")
    return int(m.group()) if m else None


def sniff_image(head: bytes) -> str | None:
    """The image type the first bytes announce: 'jpeg', 'png', 'webp' or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def validate_photo(upload) -> None:
    """Only JPEG, PNG and WebP, by the file name *and* by the bytes, at most 5 MB.

    Pillow is not installed, so the image is not decoded; sniffing the first bytes stops a
    renamed document or script from being served as a picture.
    """
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in PHOTO_EXTENSIONS:
        raise ValidationError(_("The photo must be a JPEG, PNG or WebP file."))
    size = getattr(upload, "size", None)
    if size is not None and size > PHOTO_MAX_BYTES:
        raise ValidationError(_("The photo can be at most 5 MB."))
    position = upload.tell() if hasattr(upload, "tell") else None
    upload.seek(0)
    head = upload.read(16)
    if position is not None:
        upload.seek(position)
    kind = sniff_image(head)
    expected = "jpeg" if ext in {"jpg", "jpeg"} else ext
    if kind != expected:
        raise ValidationError(_("The file is not a real JPEG, PNG or WebP picture."))
