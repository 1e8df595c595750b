"""Pass codes: short, random, easy to read aloud and type, with a check character.

Nine random characters from an alphabet without look-alikes (no I/1, O/0) plus one
Luhn mod 32 check character (python-stdnum), so a club's typing error is caught before
any lookup and a code cannot be guessed from another (45 bits of randomness).
Displayed in groups of four or five, e.g. ``K7QM-X2PD-9A``; stored as ten characters.
"""

import secrets

from stdnum import luhn

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols
LENGTH = 10


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH - 1))
    return body + luhn.calc_check_digit(body, alphabet=ALPHABET)


def normalise(value: str) -> str:
    """Upper case, without spaces, dashes and dots (as people write it)."""
    return "".join(ch for ch in (value or "").upper() if ch not in " -.")


def is_valid(code: str) -> bool:
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return False
    return luhn.is_valid(code, alphabet=ALPHABET)


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"
