"""Small pure helpers of the equipment library: phone numbers, search text, photo checks."""

import datetime as dt
import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHOTO_EXTENSIONS = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
                    "webp": "image/webp"}
PHOTO_MAX_BYTES = 5 * 1024 * 1024


class InvalidPhone(ValueError):
    pass


def _parse(raw: str) -> phonenumbers.PhoneNumber:
    text = (raw or "").strip()
    if re.search(r"[^\d\s+().-]", text):
        raise InvalidPhone("Telefonnummeret kan bare inneholde sifre, mellomrom og +.")
    try:
        number = phonenumbers.parse(text, "NO")
    except phonenumbers.NumberParseException:
        raise InvalidPhone(f"«{text}» er ikke et telefonnummer.") from None
    if not phonenumbers.is_valid_number(number):
        if number.country_code == 47:
            raise InvalidPhone(f"«{text}» er ikke et gyldig norsk telefonnummer (8 sifre; "
                               "mobilnumre begynner på 4 eller 9).")
        raise InvalidPhone(f"«{text}» er ikke et gyldig telefonnummer i landet med "
                           f"landskode +{number.country_code}.")
    return number


def _stored(number: phonenumbers.PhoneNumber) -> str:
    if number.country_code == 47:
        return phonenumbers.national_significant_number(number)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_phone(raw: str) -> str:
    """A phone number as stored and searched: 8 digits for a Norwegian number (written
    with or without +47 / 0047 and spaces), ``+<digits>`` for a foreign one; checked with
    Google's numbering plan (``phonenumbers``). Raises ``InvalidPhone`` in Norwegian.

    >>> normalize_phone("+47 912 34 567")
    '91234567'
    >>> normalize_phone("0046 70 123 45 67")
    '+46701234567'
    """
    if not (raw or "").strip():
        return ""
    return _stored(_parse(raw))


def normalize_mobile(raw: str) -> str:
    """As ``normalize_phone``, but only a number that can receive SMS: a landline is
    refused, since reminders sent there go nowhere."""
    if not (raw or "").strip():
        return ""
    number = _parse(raw)
    kind = phonenumbers.number_type(number)
    if kind not in (phonenumbers.PhoneNumberType.MOBILE,
                    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
        raise InvalidPhone(f"«{raw.strip()}» er et fasttelefonnummer og kan ikke få SMS. "
                           "Oppgi et mobilnummer, eller bare e-post.")
    return _stored(number)


def is_mobile(stored: str) -> bool:
    """Whether a stored number can receive SMS (numbers stored before the check was made
    may be landlines)."""
    if not stored:
        return False
    try:
        number = phonenumbers.parse(phone_for_sending(stored))
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


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


def public_holidays(years):
    """Norwegian public holidays (helligdager) of the given years, Sundays not included."""
    import holidays

    return holidays.country_holidays("NO", years=sorted(set(years)))


def due_date(start: dt.date, days: int, *,
             open_weekdays: set[int] | frozenset[int] = frozenset()) -> dt.date:
    """The day a loan falls due: ``days`` after ``start``, moved on to the next day that is
    no Norwegian public holiday (2. juledag, 17. mai, Easter …) and on which the lending
    point is open (``open_weekdays``, Monday = 0; empty = every day). At most four weeks
    on, so a point with no opening hours still gets a date."""
    day = start + dt.timedelta(days=days)
    closed = public_holidays({day.year, day.year + 1})
    for _step in range(28):
        if day not in closed and (not open_weekdays or day.weekday() in open_weekdays):
            return day
        day += dt.timedelta(days=1)
    return start + dt.timedelta(days=days)
