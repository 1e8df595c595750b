"""The small pure helpers, as tables."""

import io

import pytest
from django.core.exceptions import ValidationError

from levekar.lending.lib import (
    InvalidPhone,
    is_mobile,
    normalize_mobile,
    normalize_phone,
    search_terms,
    size_key,
    sniff_image,
    validate_photo,
)


@pytest.mark.parametrize(("raw", "stored"), [
    ("91234567", "91234567"), ("912 34 567", "91234567"), ("+47 912 34 567", "91234567"),
    ("0047 91234567", "91234567"), ("0047 912 34 567", "91234567"),
    ("+47 (912) 34-567", "91234567"), ("+46 70 123 45 67", "+46701234567"),
    ("0046 70 123 45 67", "+46701234567"), ("22 22 22 22", "22222222"), ("", ""),
])
def test_phone_numbers_are_stored_one_way(raw, stored):
    assert normalize_phone(raw) == stored


@pytest.mark.parametrize(("raw", "message"), [
    ("1234", "«1234» er ikke et gyldig norsk telefonnummer"),
    ("912 34 56", "ikke et gyldig norsk telefonnummer"),
    ("59 00 00 00", "ikke et gyldig norsk telefonnummer"),
    ("91234567x", "Telefonnummeret kan bare inneholde sifre, mellomrom og +."),
    ("+1 23", "ikke et gyldig telefonnummer i landet med landskode \\+1"),
    ("+", "er ikke et telefonnummer"),
])
def test_bad_phone_numbers_are_refused_in_norwegian(raw, message):
    with pytest.raises(InvalidPhone, match=message):
        normalize_phone(raw)


@pytest.mark.parametrize(("raw", "mobile"), [
    ("912 34 567", True), ("+47 412 34 567", True), ("0047 912 34 567", True),
    ("+46 70 123 45 67", True), ("22 22 22 22", False), ("64 00 00 00", False),
    ("+46 8 123 456 78", False),
])
def test_only_a_mobile_number_is_taken_for_sms(raw, mobile):
    assert is_mobile(normalize_phone(raw)) is mobile
    if mobile:
        assert normalize_mobile(raw) == normalize_phone(raw)
    else:
        with pytest.raises(InvalidPhone, match="fasttelefonnummer og kan ikke få SMS"):
            normalize_mobile(raw)


@pytest.mark.parametrize(("query", "terms"), [
    ("ski 130 cm", ["ski", "130"]), ("Ski 130cm", ["ski", "130"]), ("  HJELM ", ["hjelm"]),
    ("str. 38 skøyter", ["38", "skøyter"]), ("", []),
])
def test_search_terms(query, terms):
    assert search_terms(query) == terms


@pytest.mark.parametrize(("size", "key"), [
    ("130 cm", " 130 "), ("M (52–58 cm)", " m 52 58 "), ("", ""), ("30 liter", " 30 liter "),
])
def test_size_keys_match_whole_words(size, key):
    assert size_key(size) == key


@pytest.mark.parametrize(("head", "kind"), [
    (b"\xff\xd8\xff\xe0rest", "jpeg"), (b"\x89PNG\r\n\x1a\nrest", "png"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"), (b"GIF89a", None), (b"<html>", None),
])
def test_image_types_are_known_by_their_first_bytes(head, kind):
    assert sniff_image(head) == kind


def test_a_photo_must_match_its_extension():
    jpeg = io.BytesIO(b"\xff\xd8\xff\xe0" + b"0" * 20)
    jpeg.name, jpeg.size = "ski.jpg", 24
    validate_photo(jpeg)
    jpeg.name = "ski.png"
    with pytest.raises(ValidationError):
        validate_photo(jpeg)
