"""The synthetic country: which municipalities, how many persons each, their zones.

Every area gets a target share of children in persistent low income; the household
generator (``households.py``) turns it into each household's yearly chance of low
income, so zones range from well-off to poor the way Lillestrøm's do (4.3–29.7 %).
"""

from dataclasses import dataclass

import numpy as np

from levekar.stats.engine.synth.municipalities import MUNICIPALITIES, UNIVERSITY_TOWNS

PERSONS_PER_ZONE = 6500  # Lillestrøm: ~93 000 inhabitants in 14 levekårssoner
MIN_PERSONS_WITH_ZONES = 15_000
MIN_MUNICIPALITY_PERSONS = 100


@dataclass(frozen=True)
class FocusMunicipality:
    """A municipality the caller wants by name: its size within ``persons`` and its zones.

    ``low_income_children_range`` is the spread (percent) of the share of children in
    persistent low income across its zones, lowest to highest (approximately met), the
    zones drawn in random order. ``zone_targets`` instead names each zone's share
    (percent, in the order of ``zones``), so a demo can follow a municipality's own
    report; ``zone_weights`` gives the zones' relative sizes (default: random 0.6–1.4).
    ``crowding`` makes the municipality's dwellings smaller (positive) or larger than the
    country's, in rooms per household.
    """

    code: str
    persons: int
    zones: tuple[str, ...]
    low_income_children_range: tuple[float, float] = (4.3, 29.7)
    zone_targets: tuple[float, ...] = ()
    zone_weights: tuple[float, ...] = ()
    crowding: float = 0.0


@dataclass
class Geography:
    mun_codes: list[str]
    mun_persons: np.ndarray  # persons to generate in the first year
    mun_target: np.ndarray  # child persistent low-income share for zone-less households
    mun_level: np.ndarray  # income level of the municipality relative to the country
    mun_uni: np.ndarray  # bool: a university town (students move there)
    mun_crowding: np.ndarray  # rooms fewer than the country's (see FocusMunicipality)
    zone_codes: list[str]
    zone_mun: np.ndarray
    zone_target: np.ndarray
    zone_key: np.ndarray  # mun + cumulative weight within mun, for sampling (see draw_zone)
    mun_has_zones: np.ndarray

    @property
    def cells(self) -> int:
        """Areas with their own target: every zone, then every municipality (zone-less)."""
        return len(self.zone_codes) + len(self.mun_codes)

    def cell(self, mun: np.ndarray, zone: np.ndarray) -> np.ndarray:
        return np.where(zone >= 0, zone, len(self.zone_codes) + mun)

    def cell_target(self) -> np.ndarray:
        return np.concatenate([self.zone_target, self.mun_target])

    def draw_zone(self, mun: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A zone of each household's municipality (weighted), -1 where it has none.

        A few households (0.5 %) in zoned municipalities get no zone, as persons with an
        unknown address do in the registers.
        """
        u = rng.random(len(mun))
        unknown = rng.random(len(mun)) < 0.005
        if len(self.zone_codes) == 0:
            return np.full(len(mun), -1, dtype=np.int32)
        idx = np.searchsorted(self.zone_key, mun + u, side="right")
        idx = np.minimum(idx, len(self.zone_codes) - 1)
        ok = self.mun_has_zones[mun] & ~unknown
        return np.where(ok, idx, -1).astype(np.int32)

    def draw_municipality(self, n: int, rng: np.random.Generator, *, exponent: float = 1.0,
                          universities: bool = False) -> np.ndarray:
        weight = self.mun_persons.astype(np.float64) ** exponent
        if universities and self.mun_uni.any():
            weight = np.where(self.mun_uni, weight, 0.0)
        return rng.choice(len(self.mun_codes), size=n, p=weight / weight.sum()).astype(np.int16)


def build_geography(persons: int, rng: np.random.Generator,
                    focus: FocusMunicipality | None) -> Geography:
    rest = persons - (focus.persons if focus else 0)
    if rest < 0:
        raise ValueError("focus.persons kan ikke være større enn persons")
    table = [(c, p) for c, _, p in MUNICIPALITIES if not focus or c != focus.code]
    weights = np.array([p for _, p in table], dtype=np.float64)
    share = rest * weights / weights.sum()
    keep = share >= MIN_MUNICIPALITY_PERSONS
    if rest > 0 and not keep.any():
        keep[np.argmax(weights)] = True
    codes = [c for (c, _), k in zip(table, keep, strict=True) if k]
    sizes = _apportion(rest, weights[keep]) if rest > 0 else np.zeros(0, dtype=np.int64)
    if focus:
        codes.append(focus.code)
        sizes = np.append(sizes, focus.persons)
    order = np.argsort(codes, kind="stable")
    codes = [codes[i] for i in order]
    sizes = sizes[order]
    n = len(codes)
    # Each municipality's share of children in persistent low income (SSB: about 5–16 %).
    mun_target = rng.uniform(0.05, 0.15, n)
    mun_level = np.exp(rng.normal(0.0, 0.04, n))
    zone_codes: list[str] = []
    zone_mun: list[int] = []
    zone_target: list[float] = []
    zone_weight: list[float] = []
    for m, (code, size) in enumerate(zip(codes, sizes, strict=True)):
        if focus and code == focus.code:
            k = len(focus.zones)
            lo, hi = (v / 100 for v in focus.low_income_children_range)
            # Mostly well-off zones and a few poor ones, as in Lillestrøm (mean ≈ 12 %).
            steps = (np.arange(k) / max(k - 1, 1)) ** 1.8
            targets = rng.permutation(lo + (hi - lo) * steps)
            if focus.zone_targets:
                targets = np.array(focus.zone_targets, dtype=np.float64) / 100
            zone_codes += list(focus.zones)
            zone_target += list(targets)
            weights = (np.array(focus.zone_weights, dtype=np.float64) if focus.zone_weights
                       else rng.uniform(0.6, 1.4, k))
            zone_mun += [m] * k
            zone_weight += list(weights)
            continue
        else:
            if size < MIN_PERSONS_WITH_ZONES or (size < 40_000 and rng.random() < 0.5):
                continue
            k = max(3, round(size / PERSONS_PER_ZONE))
            width = 3 if k > 99 else 2
            zone_codes += [f"{code}-{i + 1:0{width}d}" for i in range(k)]
            zone_target += list(np.clip(mun_target[m] * np.exp(rng.normal(0, 0.55, k)),
                                        0.01, 0.45))
        zone_mun += [m] * k
        zone_weight += list(rng.uniform(0.6, 1.4, k))
    zm = np.array(zone_mun, dtype=np.int64)
    zw = np.array(zone_weight, dtype=np.float64)
    key = np.zeros(len(zm))
    for m in np.unique(zm):
        sel = zm == m
        cum = np.cumsum(zw[sel])
        key[sel] = m + cum / cum[-1]
    has = np.zeros(n, dtype=bool)
    has[zm] = True
    uni = np.array([c in UNIVERSITY_TOWNS for c in codes])
    crowding = np.array([focus.crowding if focus and c == focus.code else 0.0 for c in codes])
    return Geography(codes, sizes, mun_target, mun_level, uni, crowding, zone_codes, zm,
                     np.array(zone_target), key, has)


def _apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` in integers proportional to ``weights`` (largest remainders)."""
    exact = total * weights / weights.sum()
    base = np.floor(exact).astype(np.int64)
    short = total - int(base.sum())
    if short:
        base[np.argsort(-(exact - base), kind="stable")[:short]] += 1
    return base
