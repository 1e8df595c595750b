"""Fødselsnumre: python-stdnum's check digits always; the national test data's synthetic
numbers (month + 80) and future birth dates only outside production."""

import datetime as dt

import pytest

from levekar.people.identity import (
    InvalidNationalId,
    birth_date_from_national_id,
    is_synthetic,
    national_id_clean,
    synthetic_national_id,
)

SYNTHETIC = synthetic_national_id(dt.date(1984, 3, 15))      # 1583…
FUTURE = synthetic_national_id(dt.date(2031, 6, 1), 7)        # born in the future


def _real_future() -> str:
    """A non-synthetic number with valid check digits and a birth date in the future."""
    from stdnum.no.fodselsnummer import calc_check_digit1, calc_check_digit2

    for individual in range(500, 1000):
        nine = f"010631{individual:03d}"
        k1 = calc_check_digit1(nine)
        k2 = calc_check_digit2(nine + k1) if len(k1) == 1 else "10"
        if len(k1) == 1 and len(k2) == 1:
            return nine + k1 + k2
    raise AssertionError


def test_a_synthetic_number_is_recognised_and_its_birth_date_read():
    assert is_synthetic(SYNTHETIC)
    assert national_id_clean(SYNTHETIC, allow_synthetic=True) == SYNTHETIC
    assert birth_date_from_national_id(SYNTHETIC) == dt.date(1984, 3, 15)


@pytest.mark.parametrize("number", [SYNTHETIC, FUTURE])
def test_test_numbers_are_refused_in_production(number):
    with pytest.raises(InvalidNationalId):
        national_id_clean(number, allow_synthetic=False)


def test_a_future_birth_date_is_accepted_outside_production_only():
    number = _real_future()
    assert national_id_clean(number, allow_synthetic=True) == number
    with pytest.raises(InvalidNationalId, match="fram i tid"):
        national_id_clean(number, allow_synthetic=False)


def test_the_setting_decides_by_default(settings):
    settings.LEVEKAR_ACCEPT_SYNTHETIC_IDS = True
    assert national_id_clean(SYNTHETIC) == SYNTHETIC
    settings.LEVEKAR_ACCEPT_SYNTHETIC_IDS = False
    with pytest.raises(InvalidNationalId, match="bare utenfor produksjon"):
        national_id_clean(SYNTHETIC)


@pytest.mark.parametrize("allow", [True, False])
def test_check_digits_stay_the_rule(allow):
    wrong = SYNTHETIC[:-1] + str((int(SYNTHETIC[-1]) + 1) % 10)
    with pytest.raises(InvalidNationalId, match="kontrollsifrene stemmer ikke"):
        national_id_clean(wrong, allow_synthetic=allow)


def test_production_settings_refuse_test_numbers():
    import subprocess
    import sys

    code = ("import django;django.setup();from django.conf import settings;"
            "print(settings.LEVEKAR_ACCEPT_SYNTHETIC_IDS)")
    env = {"LEVEKAR_ENV": "production", "LEVEKAR_SECRET_KEY": "x" * 60,
           "LEVEKAR_ALLOWED_HOSTS": "levekar.example", "PATH": "/usr/bin:/bin",
           "DJANGO_SETTINGS_MODULE": "levekar.config.settings", "PYTHONPATH": "src"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_birth_date_is_read_as_python_stdnum_reads_it():
    """identity._birth_date skips stdnum's input cleaning for speed; the rule is stdnum's."""
    import itertools

    from stdnum.exceptions import ValidationError
    from stdnum.no import fodselsnummer

    from levekar.people.identity import _birth_date

    days = ["01", "15", "29", "31", "41", "71", "80"]
    months = ["01", "02", "12", "13", "42", "52"]
    years = ["00", "39", "40", "53", "54", "99"]
    individuals = ["000", "499", "500", "749", "750", "899", "900", "999"]
    for day, month, year, individual in itertools.product(days, months, years, individuals):
        digits = f"{day}{month}{year}{individual}00"
        try:
            expected = fodselsnummer.get_birth_date(digits)
        except ValidationError:
            expected = None
        assert _birth_date(digits) == expected, digits


def test_the_check_digits_are_python_stdnums():
    """identity._check_digits_ok writes stdnum's mod-11 sums out for speed; the rule is
    stdnum's, for valid numbers, each wrong check digit and a remainder of 10."""
    import random

    from stdnum.no import fodselsnummer

    from levekar.people.identity import _check_digits_ok

    rng = random.Random(15)
    numbers = [f"{rng.randrange(10 ** 11):011d}" for _ in range(20_000)]
    numbers += [synthetic_national_id(dt.date(1950, 1, 1) + dt.timedelta(days=n * 37), n % 7)
                for n in range(500)]
    valid = 0
    for digits in numbers:
        expected = (fodselsnummer.calc_check_digit1(digits) == digits[9]
                    and fodselsnummer.calc_check_digit2(digits) == digits[10])
        assert _check_digits_ok(digits) == expected, digits
        valid += expected
    assert valid >= 500  # the synthetic ones at least: both outcomes are exercised


@pytest.mark.parametrize("allow", [True, False])
def test_the_import_reader_gives_what_national_id_parse_gives(allow):
    """identity.national_id_reader remembers each birth-date outcome for an import's
    100 000s of numbers; every number must read as national_id_parse (python-stdnum's
    check digits) reads it: same digits and date, or the same message — also when a
    number that is refused shares its first digits with one read before."""
    import random

    from stdnum.no import fodselsnummer

    from levekar.people.identity import national_id_parse, national_id_reader

    today = dt.date(2026, 6, 1)
    rng = random.Random(6)
    numbers = []
    for _ in range(6000):
        day = rng.choice([1, 15, 29, 30, 31, 41, 55, 71, 80])
        month = rng.choice([1, 2, 6, 12, 13, 42, 52, 81, 92, 93])
        nine = f"{day:02d}{month:02d}{rng.randrange(100):02d}{rng.randrange(1000):03d}"
        k1 = fodselsnummer.calc_check_digit1(nine)
        k1 = k1 if len(k1) == 1 else "0"
        k2 = fodselsnummer.calc_check_digit2(nine + k1)
        k2 = k2 if len(k2) == 1 else "0"
        numbers.append(nine + k1 + k2)
    numbers += [n[:-1] + str((int(n[-1]) + 1) % 10) for n in numbers[:500]]
    numbers += [SYNTHETIC, FUTURE, _real_future(), f" {SYNTHETIC[:6]} {SYNTHETIC[6:]} ",
                SYNTHETIC[:6] + "-" + SYNTHETIC[6:], "123", "1234567890a", "１２３４５６７８９０１"]
    numbers += numbers[:3000]  # read again: now from what the reader remembers
    read = national_id_reader(allow_synthetic=allow, today=today)
    outcomes = set()
    for number in numbers:
        try:
            expected = national_id_parse(number, allow_synthetic=allow, today=today)
        except InvalidNationalId as exc:
            expected = str(exc)
        try:
            got = read(number)
        except InvalidNationalId as exc:
            got = str(exc)
        assert got == expected, number
        outcomes.add(expected if isinstance(expected, str) else "ok")
    assert len(outcomes) >= (6 if not allow else 4)  # every kind of answer was compared
