"""A synthetic population that lives through the years, all in numpy arrays.

Persons are kept sorted by household; household attributes are arrays indexed by the
household number. Each year: deaths, emigration, young adults leaving home (many to
study in a university town), couples splitting and forming, births, moves within and
between municipalities, immigration, students finishing, and households falling into
or out of low income. No per-person Python loop anywhere.
"""

import numpy as np

from levekar.stats.engine.synth.geography import Geography
from levekar.stats.engine.synth.households import (
    CHILD,
    FAMILY,
    HEAD,
    KINDS,
    LARGE,
    OTHER,
    PARTNER,
    PERSISTENT_PER_ANNUAL,
    SINGLE,
    SINGLE_PARENT,
    STAY_LOW,
    NewHouseholds,
    draw_kinds,
    draw_structure,
    exact_size_kinds,
    make_households,
)

MEDIAN_2022 = 420_000  # NOK per consumption unit, roughly SSB's level
GROWTH = 1.045
# Rooms beyond one per person in an ordinary dwelling: with this, about 18 % of children
# live crowded, as SSB reports for the country (Lillestrøm's plan, 000_…txt §3).
ROOMS_BASE = 1.39


class Population:
    def __init__(self, geo: Geography, year: int, rng: np.random.Generator) -> None:
        self.geo = geo
        self.rng = rng
        self.year = year
        self.next_pid = 1
        self.next_hid = 1  # household 0 is never used
        empty_f = np.zeros(1, dtype=np.float32)
        self.h_mun = np.zeros(1, dtype=np.int16)
        self.h_zone = np.full(1, -1, dtype=np.int32)
        self.h_rooms = np.zeros(1, dtype=np.int16)  # 0 = missing
        self.h_area = np.zeros(1, dtype=np.int32)  # 0 = missing
        self.h_low = np.zeros(1, dtype=bool)
        self.h_p = empty_f.copy()
        self.h_rlow = empty_f.copy()
        self.h_rhigh = empty_f.copy()
        self.h_imm = np.zeros(1, dtype=bool)
        self.p_id = np.zeros(0, dtype=np.int64)
        self.p_birth = np.zeros(0, dtype=np.int32)
        self.p_hh = np.zeros(0, dtype=np.int64)
        self.p_role = np.zeros(0, dtype=np.int8)
        self.p_weight = np.zeros(0, dtype=np.float32)
        self.p_student = np.zeros(0, dtype=bool)
        self._populate()

    # --- creation ------------------------------------------------------------------
    def _populate(self) -> None:
        geo, rng = self.geo, self.rng
        parts = []
        for m, persons in enumerate(geo.mun_persons):
            if persons <= 0:
                continue
            kind, kids, others = exact_size_kinds(int(persons), rng)
            parts.append((kind, kids, others, np.full(len(kind), m, dtype=np.int16)))
        kind = np.concatenate([p[0] for p in parts])
        kids = np.concatenate([p[1] for p in parts])
        others = np.concatenate([p[2] for p in parts])
        mun = np.concatenate([p[3] for p in parts])
        new = make_households(kind, kids, others, mun, self.year, rng)
        zone = geo.draw_zone(mun, rng)
        # Normalise the kinds' chances per area so that the children of each area are in
        # low income as often as its target says.
        cell = geo.cell(mun.astype(np.int64), zone)
        kid_mult = np.bincount(cell, weights=new.mult * new.kids, minlength=geo.cells)
        kid_n = np.bincount(cell, weights=new.kids, minlength=geo.cells)
        self.cell_norm = np.where(kid_n > 0, kid_mult / np.maximum(kid_n, 1), 1.0)
        self.cell_annual = geo.cell_target() / PERSISTENT_PER_ANNUAL
        self._add(new, zone)

    def _add(self, new: NewHouseholds, zone: np.ndarray | None = None,
             low_boost: float = 1.0) -> np.ndarray:
        """Append households (and their members); returns their household numbers."""
        rng, geo = self.rng, self.geo
        n = len(new.mun)
        hid = np.arange(self.next_hid, self.next_hid + n, dtype=np.int64)
        self.next_hid += n
        if zone is None:
            zone = geo.draw_zone(new.mun, rng)
        cell = geo.cell(new.mun.astype(np.int64), zone)
        p = np.clip(self.cell_annual[cell] * new.mult * low_boost / self.cell_norm[cell],
                    0.002, 0.9)
        low = rng.random(n) < p
        rlow = rng.uniform(0.12, 0.56, n)
        rlow[rng.random(n) < 0.04] = 0.0  # households with no income at all this period
        rhigh = np.clip(np.exp(rng.normal(0.15, 0.35, n)), 0.8, 8.0)
        rooms, area = self._dwelling(new.size, low, new.imm, new.student, new.mun)
        self.h_mun = np.concatenate([self.h_mun, new.mun.astype(np.int16)])
        self.h_zone = np.concatenate([self.h_zone, zone.astype(np.int32)])
        self.h_rooms = np.concatenate([self.h_rooms, rooms])
        self.h_area = np.concatenate([self.h_area, area])
        self.h_low = np.concatenate([self.h_low, low])
        self.h_p = np.concatenate([self.h_p, p.astype(np.float32)])
        self.h_rlow = np.concatenate([self.h_rlow, rlow.astype(np.float32)])
        self.h_rhigh = np.concatenate([self.h_rhigh, rhigh.astype(np.float32)])
        self.h_imm = np.concatenate([self.h_imm, new.imm])
        members = len(new.m_hh)
        pid = np.arange(self.next_pid, self.next_pid + members, dtype=np.int64)
        self.next_pid += members
        self.p_id = np.concatenate([self.p_id, pid])
        self.p_birth = np.concatenate([self.p_birth, new.m_birth])
        self.p_hh = np.concatenate([self.p_hh, hid[new.m_hh]])
        self.p_role = np.concatenate([self.p_role, new.m_role])
        self.p_weight = np.concatenate([self.p_weight, new.m_weight])
        self.p_student = np.concatenate([self.p_student, new.m_student])
        return hid

    def _dwelling(self, size: np.ndarray, low: np.ndarray, imm: np.ndarray,
                  student: np.ndarray, mun: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Rooms and floor area (0 = missing in the register) for new dwellings."""
        rng = self.rng
        n = len(size)
        mu = (ROOMS_BASE + 0.4 * (size == 1) - 0.45 * (size >= 3) - 0.4 * (size >= 5)
              - 0.9 * low - 0.8 * imm - 0.9 * student
              - self.geo.mun_crowding[mun.astype(np.int64)])
        rooms = np.clip(size + np.rint(rng.normal(mu, 1.0, n)), 1, 12).astype(np.int16)
        per_room = np.clip(rng.normal(26.0, 5.0, n), 12.0, 45.0)
        area = np.maximum(12, np.rint(rooms * per_room + rng.normal(0, 5, n))).astype(np.int32)
        u = rng.random(n)
        rooms[u < 0.035] = 0  # rooms missing (1.5 % both, 2 % only rooms)
        area[(u < 0.015) | ((u >= 0.035) & (u < 0.06))] = 0  # area missing (+2.5 %)
        return rooms, area

    # --- the yearly changes --------------------------------------------------------
    def advance(self) -> None:
        """Move the population on by one year (to 31 December of ``year + 1``)."""
        self.year += 1
        self._deaths_and_emigration()
        self._fix_heads()
        self._leave_home()
        self._split_couples()
        self._form_couples()
        self._births()
        self._move()
        self._immigrate()
        self._students_finish()
        self._income_status()
        self._sort()

    def _keep(self, keep: np.ndarray) -> None:
        for name in ("p_id", "p_birth", "p_hh", "p_role", "p_weight", "p_student"):
            setattr(self, name, getattr(self, name)[keep])

    def _sort(self) -> None:
        order = np.argsort(self.p_hh, kind="stable")
        self._keep(order)

    def _segments(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Starts, sizes and household numbers of the (sorted) households."""
        hh = self.p_hh
        if len(hh) == 0:
            z = np.zeros(0, dtype=np.int64)
            return z, z, z
        starts = np.flatnonzero(np.r_[True, hh[1:] != hh[:-1]])
        sizes = np.diff(np.r_[starts, len(hh)])
        return starts, sizes, hh[starts]

    def _deaths_and_emigration(self) -> None:
        rng = self.rng
        age = self.year - self.p_birth
        q = np.minimum(0.5, np.exp(-11.2 + 0.105 * age))
        q = np.where(age == 0, 0.002, q)
        leave_hh = rng.random(len(self.h_mun)) < np.where(self.h_imm, 0.03, 0.004)
        self._keep((rng.random(len(age)) >= q) & ~leave_hh[self.p_hh])

    def _fix_heads(self) -> None:
        """A household whose head died gets the oldest member as its head."""
        starts, _, _ = self._segments()
        if len(starts) == 0:
            return
        has_head = np.maximum.reduceat((self.p_role == HEAD).astype(np.int8), starts) > 0
        if has_head.all():
            return
        order = np.lexsort((self.p_birth, self.p_hh))  # oldest first within household
        first = np.flatnonzero(np.r_[True, self.p_hh[order][1:] != self.p_hh[order][:-1]])
        promote = order[first][~has_head]
        self.p_role[promote] = HEAD

    def _new_singles(self, who: np.ndarray, mun: np.ndarray, student: np.ndarray) -> None:
        """Persons ``who`` (indices) leave for new one-person households in ``mun``."""
        rng = self.rng
        n = len(who)
        new = NewHouseholds(
            mun=mun.astype(np.int16), imm=self.h_imm[self.p_hh[who]],
            mult=np.where(student, 1.0, KINDS[SINGLE].low_mult), student=student,
            size=np.ones(n, dtype=np.int64), kids=np.zeros(n, dtype=np.int64),
            m_hh=np.zeros(0, dtype=np.int64), m_role=np.zeros(0, dtype=np.int8),
            m_birth=np.zeros(0, dtype=np.int32), m_weight=np.zeros(0, dtype=np.float32),
            m_student=np.zeros(0, dtype=bool))
        hid = self._add(new)
        self.p_hh[who] = hid
        self.p_role[who] = HEAD
        self.p_student[who] = student
        self.p_weight[who] = np.where(student, 1.0, np.exp(rng.normal(0, 0.3, n)))

    def _leave_home(self) -> None:
        rng = self.rng
        age = self.year - self.p_birth
        rate = np.select([age < 18, age == 18, age <= 24, age <= 30], [0.0, 0.1, 0.3, 0.2], 0.0)
        child = (self.p_role == CHILD) & (rng.random(len(age)) < rate)
        flatmate = (self.p_role == OTHER) & (rng.random(len(age)) < 0.25)
        who = np.flatnonzero(child | flatmate)
        if len(who) == 0:
            return
        student = self.p_student[who] | ((age[who] <= 24) & (rng.random(len(who)) < 0.4))
        mun = self.h_mun[self.p_hh[who]].astype(np.int64)
        away = student & (rng.random(len(who)) < 0.6)
        if away.any():
            mun[away] = self.geo.draw_municipality(int(away.sum()), rng, universities=True)
        self._new_singles(who, mun, student)

    def _split_couples(self) -> None:
        rng = self.rng
        who = np.flatnonzero((self.p_role == PARTNER) & (rng.random(len(self.p_role)) < 0.012))
        if len(who) == 0:
            return
        old = self.p_hh[who]
        self._new_singles(who, self.h_mun[old].astype(np.int64), np.zeros(len(who), bool))
        # The parent left with the children is now a single parent: a higher chance of
        # low income.
        self.h_p[old] = np.minimum(0.9, self.h_p[old] * 2.5)

    def _form_couples(self) -> None:
        rng = self.rng
        _, sizes, hh = self._segments()
        single = np.zeros(len(self.h_mun), dtype=bool)
        single[hh[sizes == 1]] = True
        age = self.year - self.p_birth
        cand = np.flatnonzero(single[self.p_hh] & (age >= 22) & (age <= 45)
                              & ~self.p_student & (rng.random(len(age)) < 0.05))
        if len(cand) < 2:
            return
        mun = self.h_mun[self.p_hh[cand]]
        cand = cand[np.lexsort((rng.random(len(cand)), mun))]
        mun = self.h_mun[self.p_hh[cand]]
        # Pair neighbours in the same municipality: positions 0-1, 2-3, … of each run.
        run_start = np.flatnonzero(np.r_[True, mun[1:] != mun[:-1]])
        pos = np.arange(len(cand)) - np.repeat(run_start, np.diff(np.r_[run_start, len(cand)]))
        first = np.flatnonzero((pos % 2 == 0) & (np.r_[pos[1:], 0] == pos + 1))
        joiner = cand[first + 1]
        self.p_hh[joiner] = self.p_hh[cand[first]]
        self.p_role[joiner] = PARTNER

    def _births(self) -> None:
        rng = self.rng
        starts, _, hh = self._segments()
        age = self.year - self.p_birth
        is_kid = ((self.p_role == CHILD) & (age < 18)).astype(np.int64)
        kids = np.add.reduceat(is_kid, starts)
        partner = np.add.reduceat((self.p_role == PARTNER).astype(np.int64), starts) > 0
        head_age = np.zeros(len(self.h_mun), dtype=np.int64)
        heads = self.p_role == HEAD
        head_age[self.p_hh[heads]] = age[heads]
        hage = head_age[hh]
        rate = np.where(partner, np.array([0.10, 0.12, 0.07, 0.04, 0.03, 0.03, 0.02, 0.02,
                                           0.01, 0.01])[np.minimum(kids, 9)], 0.01)
        rate = rate * np.where(self.h_imm[hh], 1.4, 1.0) * ((hage >= 20) & (hage <= 44))
        born = hh[rng.random(len(hh)) < rate]
        n = len(born)
        if n == 0:
            return
        self.p_id = np.concatenate([self.p_id, np.arange(self.next_pid, self.next_pid + n)])
        self.next_pid += n
        self.p_birth = np.concatenate([self.p_birth, np.full(n, self.year, dtype=np.int32)])
        self.p_hh = np.concatenate([self.p_hh, born])
        self.p_role = np.concatenate([self.p_role, np.full(n, CHILD, dtype=np.int8)])
        self.p_weight = np.concatenate([self.p_weight, rng.random(n).astype(np.float32)])
        self.p_student = np.concatenate([self.p_student, np.zeros(n, dtype=bool)])

    def _move(self) -> None:
        rng, geo = self.rng, self.geo
        _, sizes, hh = self._segments()
        # Crowded households move more often (to a bigger dwelling, if they can).
        crowded = (self.h_rooms[hh] > 0) & (self.h_rooms[hh] < sizes)
        moving = rng.random(len(hh)) < np.where(crowded, 0.2, 0.07)
        hh, sizes = hh[moving], sizes[moving]
        if len(hh) == 0:
            return
        mun = self.h_mun[hh].astype(np.int64)
        away = rng.random(len(hh)) < 0.25
        if away.any():
            mun[away] = geo.draw_municipality(int(away.sum()), rng)
        self.h_mun[hh] = mun
        # Of two zones on offer, a low-income household ends up in the poorer one and
        # others in the better-off one: moves keep zones apart rather than mixing them.
        a, b = geo.draw_zone(mun, rng), geo.draw_zone(mun, rng)
        target = self.geo.cell_target()
        ta, tb = target[geo.cell(mun, a)], target[geo.cell(mun, b)]
        low = self.h_low[hh]
        self.h_zone[hh] = np.where(low == (ta >= tb), a, b)
        student = np.zeros(len(self.h_mun), dtype=bool)
        student[self.p_hh[(self.p_role == HEAD) & self.p_student]] = True
        rooms, area = self._dwelling(sizes, self.h_low[hh], self.h_imm[hh], student[hh], mun)
        self.h_rooms[hh] = rooms
        self.h_area[hh] = area

    def _immigrate(self) -> None:
        rng = self.rng
        n = round(0.0018 * len(self.p_id))
        if n == 0:
            return
        kind = draw_kinds(n, rng, (SINGLE, FAMILY, SINGLE_PARENT, LARGE), (0.5, 0.32, 0.1, 0.08))
        kids, others = draw_structure(kind, rng)
        mun = self.geo.draw_municipality(n, rng, exponent=1.1)
        self._add(make_households(kind, kids, others, mun, self.year, rng,
                                  imm=np.ones(n, dtype=bool)))

    def _students_finish(self) -> None:
        age = self.year - self.p_birth
        done = self.p_student & (age >= 22) & (self.rng.random(len(age)) < 0.3)
        self.p_student[done] = False
        self.p_weight[done & (self.p_role == HEAD)] = 1.0

    def _income_status(self) -> None:
        rng = self.rng
        n = len(self.h_low)
        p = self.h_p.astype(np.float64)
        enter = p * (1 - STAY_LOW) / np.maximum(1 - p, 0.05)
        u = rng.random(n)
        self.h_low = np.where(self.h_low, u < STAY_LOW, u < enter)
        self.h_rhigh *= np.exp(rng.normal(0, 0.05, n)).astype(np.float32)

    # --- one year's rows -------------------------------------------------------------
    def snapshot(self) -> dict[str, np.ndarray]:
        """This year's person rows (sorted by household), incomes drawn for the year."""
        rng = self.rng
        starts, sizes, hh = self._segments()
        seg = np.repeat(np.arange(len(hh)), sizes)
        age = self.year - self.p_birth
        n14 = np.add.reduceat((age >= 14).astype(np.int64), starts) if len(hh) else sizes
        cu = np.where(n14 >= 1, 1 + 0.5 * (n14 - 1) + 0.3 * (sizes - n14), 1 + 0.3 * (sizes - 1))
        heads = np.flatnonzero(self.p_role == HEAD)
        head_student = np.zeros(len(self.h_mun), dtype=bool)
        head_student[self.p_hh[heads[self.p_student[heads]]]] = True
        k = len(hh)
        ratio = np.where(self.h_low[hh], self.h_rlow[hh], self.h_rhigh[hh])
        ratio = ratio * self.geo.mun_level[self.h_mun[hh]] * np.exp(rng.normal(0, 0.05, k))
        ratio = np.where(head_student[hh], rng.uniform(0.15, 0.55, k), ratio)
        median = MEDIAN_2022 * GROWTH ** (self.year - 2022)
        income_hh = ratio * median * cu
        w = self.p_weight.astype(np.float64)
        child = self.p_role == CHILD
        w = np.where(child, np.select([self.p_student, age >= 18, age >= 16],
                                      [0.1, 0.35 * (0.5 + w), np.where(w < 0.4, 0.04, 0.0)],
                                      0.0), w)
        total_w = np.add.reduceat(w, starts) if k else w
        share = np.where(total_w[seg] > 0, w / np.where(total_w[seg] > 0, total_w[seg], 1), 0)
        income = np.rint(income_hh[seg] * share).astype(np.int64)
        # Self-employed with a loss this year: a negative income for the head.
        loss = rng.random(len(self.h_mun)) < 0.0015
        loser = heads[loss[self.p_hh[heads]]]
        income[loser] = -rng.integers(20_000, 500_000, len(loser))
        mun = self.h_mun[self.p_hh]
        return {
            "person_id": self.p_id,
            "household_id": self.p_hh,
            "birth_year": self.p_birth,
            "income_after_tax": income,
            "student": self.p_student.copy(),
            "municipality": mun,
            "zone": self.h_zone[self.p_hh],
            "rooms": self.h_rooms[self.p_hh],
            "area_m2": self.h_area[self.p_hh],
        }
