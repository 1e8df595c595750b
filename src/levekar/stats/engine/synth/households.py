"""Household kinds and the vectorised creation of households with their members."""

from dataclasses import dataclass

import numpy as np

HEAD, PARTNER, CHILD, OTHER = 0, 1, 2, 3

# Persistent low income is roughly this share of annual low income for the same
# household chances (measured on synthetic runs; see docs/stats-engine.md).
PERSISTENT_PER_ANNUAL = 0.9
STAY_LOW = 0.8  # chance that a low-income household is still low the next year


@dataclass(frozen=True)
class Kind:
    share: float  # of households
    partner: bool
    kids: tuple[tuple[int, ...], tuple[float, ...]]  # (counts, probabilities) of children < 18
    adult_kids: int  # children 18–24 living at home
    others: tuple[tuple[int, ...], tuple[float, ...]]  # flatmates (students)
    head_age: tuple[int, int]
    student: bool  # a student household (head and flatmates are students)
    low_mult: float  # relative chance of low income
    immigrant: float  # share of immigrant households of this kind


NONE = ((0,), (1.0,))
KINDS = (
    Kind(0.25, False, NONE, 0, NONE, (25, 66), False, 1.3, 0.15),  # single adult
    Kind(0.12, False, NONE, 0, NONE, (67, 95), False, 0.9, 0.04),  # single pensioner
    Kind(0.15, True, NONE, 0, NONE, (25, 66), False, 0.45, 0.10),  # couple
    Kind(0.09, True, NONE, 0, NONE, (67, 90), False, 0.35, 0.03),  # pensioner couple
    Kind(0.16, True, ((1, 2, 3), (0.4, 0.45, 0.15)), 0, NONE, (26, 55), False, 1.0, 0.14),
    Kind(0.05, False, ((1, 2, 3), (0.55, 0.35, 0.10)), 0, NONE, (24, 55), False, 2.8, 0.20),
    Kind(0.01, True, ((4, 5, 6, 7), (0.5, 0.3, 0.15, 0.05)), 0, NONE, (28, 50), False, 2.2,
         0.45),  # large family
    Kind(0.05, False, NONE, 0, NONE, (19, 27), True, 1.0, 0.10),  # student alone
    Kind(0.015, False, NONE, 0, ((1, 2, 3), (0.5, 0.35, 0.15)), (19, 27), True, 1.0, 0.10),
    Kind(0.04, True, ((0, 1, 2), (0.5, 0.35, 0.15)), 1, NONE, (42, 60), False, 0.8, 0.10),
)
SINGLE, FAMILY, SINGLE_PARENT, LARGE = 0, 4, 5, 6
IMMIGRANT_MULT = 2.4
MEAN_SIZE = 2.05


@dataclass
class NewHouseholds:
    """Households to add: per household arrays, and their members (sorted by household)."""

    mun: np.ndarray
    imm: np.ndarray
    mult: np.ndarray
    student: np.ndarray
    size: np.ndarray
    kids: np.ndarray
    # members: household position (0..n-1), role, birth year, earning weight, student
    m_hh: np.ndarray
    m_role: np.ndarray
    m_birth: np.ndarray
    m_weight: np.ndarray
    m_student: np.ndarray


def earning_weight(role: np.ndarray, imm: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """How much of the household's income each member earns (children earn later)."""
    n = len(role)
    w = np.exp(rng.normal(0.0, 0.25, n))
    partner = role == PARTNER
    no_job = rng.random(n) < np.where(imm, 0.35, 0.10)
    w = np.where(partner, np.where(no_job, 0.0, np.exp(rng.normal(-0.25, 0.4, n))), w)
    # Children: a draw in [0, 1) decides whether they work as teenagers (see incomes).
    w = np.where(role == CHILD, rng.random(n), w)
    return w.astype(np.float32)


def draw_structure(kind: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Number of children under 18 and of flatmates for each household of ``kind``."""
    n = len(kind)
    kids = np.zeros(n, dtype=np.int64)
    others = np.zeros(n, dtype=np.int64)
    for i, k in enumerate(KINDS):
        sel = np.flatnonzero(kind == i)
        if len(sel) and len(k.kids[0]) > 1:
            kids[sel] = rng.choice(k.kids[0], size=len(sel), p=k.kids[1])
        if len(sel) and len(k.others[0]) > 1:
            others[sel] = rng.choice(k.others[0], size=len(sel), p=k.others[1])
    return kids, others


def household_size(kind: np.ndarray, kids: np.ndarray, others: np.ndarray) -> np.ndarray:
    k_partner = np.array([k.partner for k in KINDS], dtype=np.int64)[kind]
    k_adult = np.array([k.adult_kids for k in KINDS], dtype=np.int64)[kind]
    return 1 + k_partner + kids + k_adult + others


def make_households(kind: np.ndarray, kids: np.ndarray, others: np.ndarray, mun: np.ndarray,
                    year: int, rng: np.random.Generator,
                    imm: np.ndarray | None = None) -> NewHouseholds:
    n = len(kind)
    k_partner = np.array([k.partner for k in KINDS], dtype=np.int64)[kind]
    k_adult = np.array([k.adult_kids for k in KINDS], dtype=np.int64)[kind]
    k_student = np.array([k.student for k in KINDS])[kind]
    if imm is None:
        imm = rng.random(n) < np.array([k.immigrant for k in KINDS])[kind]
    lo = np.array([k.head_age[0] for k in KINDS])[kind]
    hi = np.array([k.head_age[1] for k in KINDS])[kind]
    head_age = rng.integers(lo, hi + 1)
    # Pensioners: many more in their seventies than in their nineties.
    old = lo >= 67
    head_age = np.where(old, np.minimum(hi, lo + rng.exponential(8.0, n).astype(np.int64)),
                        head_age)
    size = household_size(kind, kids, others)
    mult = np.array([k.low_mult for k in KINDS])[kind] * np.where(imm, IMMIGRANT_MULT, 1.0)

    total = int(size.sum())
    m_hh = np.repeat(np.arange(n), size)
    starts = np.cumsum(size) - size
    pos = np.arange(total) - np.repeat(starts, size)
    p_end = np.repeat(1 + k_partner, size)
    kid_end = p_end + np.repeat(kids, size)
    adult_end = kid_end + np.repeat(k_adult, size)
    role = np.select([pos == 0, pos < p_end, pos < kid_end, pos < adult_end],
                     [HEAD, PARTNER, CHILD, CHILD], OTHER).astype(np.int8)
    h_age = np.repeat(head_age, size)
    age = np.select(
        [pos == 0, pos < p_end, pos < kid_end, pos < adult_end],
        [h_age,
         np.maximum(19, h_age + np.rint(rng.normal(-2, 3, total)).astype(np.int64)),
         rng.integers(0, np.clip(h_age - 20, 0, 17) + 1),
         rng.integers(18, 25, total)],
        rng.integers(19, 28, total),
    )
    m_imm = np.repeat(imm, size)
    weight = earning_weight(role, m_imm, rng)
    m_student = np.repeat(k_student, size) | ((pos >= kid_end) & (pos < adult_end)
                                              & (rng.random(total) < 0.5))
    return NewHouseholds(mun=mun, imm=imm, mult=mult, student=k_student, size=size, kids=kids,
                         m_hh=m_hh, m_role=role, m_birth=(year - age).astype(np.int32),
                         m_weight=weight, m_student=m_student)


def draw_kinds(n: int, rng: np.random.Generator, kinds: tuple[int, ...] | None = None,
               probs: tuple[float, ...] | None = None) -> np.ndarray:
    if kinds is None:
        shares = np.array([k.share for k in KINDS])
        return rng.choice(len(KINDS), size=n, p=shares / shares.sum()).astype(np.int8)
    p = np.array(probs)
    return rng.choice(np.array(kinds), size=n, p=p / p.sum()).astype(np.int8)


def exact_size_kinds(persons: int, rng: np.random.Generator
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Household kinds and structures whose members add up to exactly ``persons``.

    Draws a few more households than needed, keeps those that fit and tops up the
    remainder with single adults.
    """
    est = int(persons / MEAN_SIZE * 1.08) + 16
    kind = draw_kinds(est, rng)
    kids, others = draw_structure(kind, rng)
    cum = np.cumsum(household_size(kind, kids, others))
    keep = int(np.searchsorted(cum, persons, side="right"))
    short = persons - (int(cum[keep - 1]) if keep else 0)
    pad = np.zeros(short, dtype=np.int64)
    return (np.concatenate([kind[:keep], np.full(short, SINGLE, dtype=np.int8)]),
            np.concatenate([kids[:keep], pad]), np.concatenate([others[:keep], pad]))
