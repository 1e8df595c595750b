"""Norwegian identity numbers, checked with python-stdnum.

The check digits are always python-stdnum's rule. Outside production the numbers of the
national test data are accepted as well, as ID-porten's test environment does: synthetic
numbers (month + 80, e.g. 1583…) and numbers whose birth date lies in the future.
Production refuses both (``LEVEKAR_ACCEPT_SYNTHETIC_IDS`` is off there).
"""

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from stdnum.no import fodselsnummer

SYNTHETIC_MONTH_OFFSET = 80


class InvalidNationalId(ValueError):
    pass


def synthetic_ids_allowed() -> bool:
    return bool(getattr(settings, "LEVEKAR_ACCEPT_SYNTHETIC_IDS", False))


def is_synthetic(digits: str) -> bool:
    """A number from the national synthetic test data (month + 80)."""
    return len(digits) == 11 and digits.isdigit() and int(digits[2:4]) > SYNTHETIC_MONTH_OFFSET


def _real_form(digits: str) -> str:
    """The number with a synthetic month written back as a real one, for reading the
    birth date (the check digits are checked on the number as given)."""
    if is_synthetic(digits):
        return f"{digits[:2]}{int(digits[2:4]) - SYNTHETIC_MONTH_OFFSET:02d}{digits[4:]}"
    return digits


def _birth_date(digits: str) -> dt.date | None:
    """python-stdnum's ``get_birth_date`` for 11 clean digits, without its cleaning of
    the input (most of its time); None where stdnum raises. ``test_identity`` checks
    that both agree."""
    day, month, year, individual = (int(digits[0:2]), int(digits[2:4]), int(digits[4:6]),
                                    int(digits[6:9]))
    if day >= 80:
        return None
    if day > 40:
        day -= 40
    if month > 40:
        month -= 40
    if individual < 500:
        year += 1900
    elif individual < 750 and year >= 54:
        year += 1800
    elif individual < 1000 and year < 40:
        year += 2000
    elif 900 <= individual < 1000 and year >= 40:
        year += 1900
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_WEIGHTS1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _sums(part: str, start: int) -> tuple[int, int]:
    """The share of the digits ``part``, from position ``start``, in the two sums of
    the check digits: ``sum(weight * digit)`` with ``_WEIGHTS1`` and ``_WEIGHTS2``, and
    each check digit itself added with weight 1. python-stdnum's check digit is
    ``-sum % 11`` (and a remainder of 10 is never a digit), so a number's check digits
    are right exactly when both sums over all its digits are multiples of 11."""
    weights1, weights2 = (*_WEIGHTS1, 1, 0), (*_WEIGHTS2, 1)
    digits = [int(c) for c in part]
    return (sum(w * d for w, d in zip(weights1[start:], digits, strict=False)),
            sum(w * d for w, d in zip(weights2[start:], digits, strict=False)))


# The shares of the individual number (digits 7–9) and of the check digits (10–11),
# each worked out once.
_INDIVIDUAL_SUMS = {f"{n:03d}": _sums(f"{n:03d}", 6) for n in range(1000)}
_CHECK_SUMS = {f"{n:02d}": _sums(f"{n:02d}", 9) for n in range(100)}


def _check_digits_ok(digits: str, heads: dict[str, tuple[int, int]] | None = None) -> bool:
    """python-stdnum's two check digits (mod 11, ``calc_check_digit1``/``2``) for 11 clean
    digits, from the shares of ``_sums`` (stdnum's generator sums were most of an
    import's time). ``heads`` caches the share of the birth date across the numbers of
    one import. ``test_identity`` checks that this agrees with stdnum."""
    head = digits[:6]
    if heads is None:
        h = _sums(head, 0)
    else:
        h = heads.get(head) or heads.setdefault(head, _sums(head, 0))
    i, c = _INDIVIDUAL_SUMS[digits[6:9]], _CHECK_SUMS[digits[9:]]
    return not ((h[0] + i[0] + c[0]) % 11 or (h[1] + i[1] + c[1]) % 11)


def national_id_clean(value: str, *, allow_synthetic: bool | None = None) -> str:
    """Return the 11 digits of a valid fødselsnummer or D-number, or raise.

    The message is Norwegian and says what is wrong, for forms and imports alike.
    ``allow_synthetic`` defaults to the installation's setting (on outside production).
    """
    return national_id_parse(value, allow_synthetic=allow_synthetic)[0]


def national_id_parse(value: str, *, allow_synthetic: bool | None = None,
                      today: dt.date | None = None) -> tuple[str, dt.date]:
    """``national_id_clean`` and the birth date in one pass (imports check 100 000s and
    pass ``allow_synthetic`` and ``today`` once, rather than look them up per number)."""
    raw = (value or "").strip()
    digits = raw.replace(" ", "").replace("-", "")
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 11:
        raise InvalidNationalId("Fødselsnummer må ha 11 siffer.")
    if not _check_digits_ok(digits):
        raise InvalidNationalId(
            "Fødselsnummeret er ikke gyldig (kontrollsifrene stemmer ikke)."
        )
    allow = synthetic_ids_allowed() if allow_synthetic is None else allow_synthetic
    if is_synthetic(digits) and not allow:
        raise InvalidNationalId(
            "Syntetiske fødselsnumre fra testdata godtas bare utenfor produksjon."
        )
    born = _birth_date(_real_form(digits))
    if born is None:
        raise InvalidNationalId(
            "Fødselsnummeret er ikke gyldig (fødselsdatoen i nummeret finnes ikke)."
        )
    if not allow and born > (today or dt.date.today()):
        raise InvalidNationalId(
            "Fødselsnummeret er ikke gyldig (fødselsdatoen ligger fram i tid)."
        )
    return digits, born



# The individual number's bands that decide the century (see ``_birth_date``), by its
# first two digits: below 500, 500–749, 750–899 and 900–999.
_BAND = {f"{n:02d}": "0" if n < 50 else "1" if n < 75 else "2" if n < 90 else "3"
         for n in range(100)}


def national_id_reader(*, allow_synthetic: bool | None = None,
                       today: dt.date | None = None
                       ) -> Callable[[str], tuple[str, dt.date]]:
    """``national_id_parse`` for one import's 100 000s of numbers, with the same results
    and messages. Past the check digits, whether a number is valid and its birth date
    depend only on its first six digits and the band of its individual number, and a
    register has a few thousand of those: each is worked out once (by
    ``national_id_parse``) and remembered. ``test_identity`` checks that both agree."""
    allow = synthetic_ids_allowed() if allow_synthetic is None else allow_synthetic
    today = today or dt.date.today()
    outcomes: dict[str, dt.date | InvalidNationalId] = {}
    heads: dict[str, tuple[int, int]] = {}  # the birth dates' share of the check sums

    def read(value: str) -> tuple[str, dt.date]:
        digits = value.strip().replace(" ", "").replace("-", "")
        if len(digits) != 11 or not (digits.isascii() and digits.isdigit()):
            raise InvalidNationalId("Fødselsnummer må ha 11 siffer.")
        if not _check_digits_ok(digits, heads):
            raise InvalidNationalId(
                "Fødselsnummeret er ikke gyldig (kontrollsifrene stemmer ikke)."
            )
        key = digits[:6] + _BAND[digits[6:8]]
        outcome = outcomes.get(key)
        if outcome is None:
            try:
                outcome = national_id_parse(digits, allow_synthetic=allow, today=today)[1]
            except InvalidNationalId as exc:
                outcome = exc
            outcomes[key] = outcome
        if isinstance(outcome, InvalidNationalId):
            raise InvalidNationalId(str(outcome))
        return digits, outcome

    return read


def birth_date_from_national_id(value: str) -> dt.date:
    return national_id_parse(value)[1]


def synthetic_national_id(birth: dt.date, serial: int = 0) -> str:
    """A synthetic test fødselsnummer (month + 80) for ``birth``, as in the national test
    data; ``serial`` picks among the individual numbers of the birth date's century."""
    if 1900 <= birth.year <= 1999:
        start = 0
    elif 2000 <= birth.year <= 2039:
        start = 500
    else:
        raise ValueError("Syntetiske fødselsnumre lages for årene 1900–2039.")
    for individual in range(start + serial % 400, start + 500):
        nine = (f"{birth.day:02d}{birth.month + SYNTHETIC_MONTH_OFFSET:02d}"
                f"{birth.year % 100:02d}{individual:03d}")
        k1 = fodselsnummer.calc_check_digit1(nine)
        if len(k1) > 1:
            continue
        k2 = fodselsnummer.calc_check_digit2(nine + k1)
        if len(k2) > 1:
            continue
        return nine + k1 + k2
    raise ValueError(f"Fant ikke et syntetisk fødselsnummer for {birth}.")
