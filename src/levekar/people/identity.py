"""Norwegian identity numbers, checked with python-stdnum."""

import datetime as dt

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer


class InvalidNationalId(ValueError):
    pass


def national_id_clean(value: str) -> str:
    """Return the 11 digits of a valid fødselsnummer or D-number, or raise.

    The message is Norwegian and says what is wrong, for forms and imports alike.
    """
    raw = (value or "").strip()
    digits = raw.replace(" ", "").replace("-", "")
    if not digits.isdigit() or len(digits) != 11:
        raise InvalidNationalId("Fødselsnummer må ha 11 siffer.")
    try:
        return fodselsnummer.validate(digits)
    except StdnumError as exc:
        raise InvalidNationalId(
            "Fødselsnummeret er ikke gyldig (kontrollsifrene stemmer ikke)."
        ) from exc


def birth_date_from_national_id(value: str) -> dt.date:
    return fodselsnummer.get_birth_date(national_id_clean(value))
