"""Benchmark: the statistics engine against a straightforward pandas implementation of
``spec/statistics.md``, in the same run, on the same synthetic microdata; and the engine
on the same data as CSV against Parquet.

    .venv/bin/python bench/stats_engine_vs_pandas.py                 # 1 000 000 persons × 3 years
    .venv/bin/python bench/stats_engine_vs_pandas.py --persons 200000 --repeat 1
    git worktree add /tmp/before HEAD~1   # then, before/after in the same run:
    .venv/bin/python bench/stats_engine_vs_pandas.py --baseline-src /tmp/before/src

Targets (issue 13): the engine ≥ 5× faster than pandas at 1 M persons × 3 years; CSV input
≤ 2× the Parquet time. Prints wall and CPU seconds of each run of the engine and of pandas
(taking turns, with the load average after each pair) and the best of ``--repeat`` (CPU is
that of every thread of the process, DuckDB's and pyarrow's included), the ratios, the
load average (the machine is shared), and a few national rates from both
implementations side by side so the comparison is of equal work.

The pandas implementation computes what the engine computes: per year the household
income, EU-scale consumption units and equivalised income, the scope rules (student main
earner, children-only households), national and municipal medians, annual EU-60/EU-50
low income for country, municipalities and zones × all/children (zones on municipal
thresholds); persistent low income over the three years (national and municipal); and
crowding. It is written the obvious way (vectorised groupby/transform/merge/pivot, no Python loop
over rows or groups), without further tuning.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
OUT = ROOT / "bench" / "out"


def pandas_indicators(files: list[Path], years: list[int]) -> dict:
    import pandas as pd

    df = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    df = df[df["year"].isin(years)].copy()
    for col in ("municipality", "zone"):
        df[col] = df[col].astype("string")
    df["age"] = df["year"] - df["birth_year"]
    df["a14"], df["a18"] = (df["age"] >= 14).astype("int64"), (df["age"] >= 18).astype("int64")
    hh = df.groupby(["year", "household_id"], sort=False)
    df["n"] = hh["person_id"].transform("size")
    df["n14"] = hh["a14"].transform("sum")
    df["n18"] = hh["a18"].transform("sum")
    df["h_income"] = hh["income_after_tax"].transform("sum")
    df["cu"] = (1 + 0.5 * (df["n14"] - 1) + 0.3 * (df["n"] - df["n14"])).where(
        df["n14"] >= 1, 1 + 0.3 * (df["n"] - 1))
    df["eq"] = df["h_income"] / df["cu"]
    # main earner: highest income, ties → lowest person_id
    ranked = df.sort_values(["year", "household_id", "income_after_tax", "person_id"],
                            ascending=[True, True, False, True])
    main = ranked.drop_duplicates(["year", "household_id"])[
        ["year", "household_id", "student"]].rename(columns={"student": "main_student"})
    df = df.merge(main, on=["year", "household_id"], how="left")
    df["in_scope"] = ~df["main_student"].astype(bool) & (df["n18"] > 0)
    df["child"] = df["age"] < 18
    scope = df[df["in_scope"]]
    nat_median = scope.groupby("year")["eq"].median().rename("nat_median")
    mun_median = scope.groupby(["year", "municipality"])["eq"].median().rename("mun_median")
    df = df.merge(nat_median, on="year").merge(mun_median, on=["year", "municipality"],
                                                how="left")
    out = {}
    s = df[df["in_scope"]]
    for level in (60, 50):
        s = s.assign(**{f"nat{level}": s["eq"] < level / 100 * s["nat_median"],
                        f"mun{level}": s["eq"] < level / 100 * s["mun_median"]})
    out["annual_country"] = s.groupby(["year", "child"])[["nat60", "nat50"]].mean()
    out["annual_municipality"] = s.groupby(["year", "municipality", "child"])[
        ["nat60", "nat50"]].agg(["sum", "count"])
    zoned = s[s["zone"].notna() & (s["zone"] != "")]
    out["annual_zone"] = zoned.groupby(["year", "zone", "child"])[["mun60", "mun50"]].agg(
        ["sum", "count"])
    # crowding: household rule, every person; unknown when both measures are missing
    rooms_rule = (df["rooms"] < df["n"]) | ((df["n"] == 1) & (df["rooms"] == 1))
    area_rule = (df["area_m2"] / df["n"]) < 25
    crowded = rooms_rule.where(df["rooms"].notna(), area_rule) & area_rule.where(
        df["area_m2"].notna(), rooms_rule)
    known = df["rooms"].notna() | df["area_m2"].notna()
    df["crowded"] = crowded.where(known)
    out["crowding"] = df[known].groupby(["year", "municipality", "child"])["crowded"].mean()
    # persistent: present and in scope all three years; mean eq below mean threshold
    wide = s.pivot_table(index="person_id", columns="year", values="eq", aggfunc="first")
    wide = wide.dropna()
    last = s[s["year"] == years[-1]].set_index("person_id")
    mean_eq = wide.mean(axis=1)
    nat_t = (0.6 * nat_median.loc[years]).mean()
    mun_t = (0.6 * mun_median.unstack("year")[years]).mean(axis=1)
    persons = last.loc[wide.index]
    persistent = pd.DataFrame({
        "nat60": mean_eq < nat_t,
        "mun60": mean_eq.values < mun_t.reindex(persons["municipality"]).values,
        "municipality": persons["municipality"], "zone": persons["zone"],
        "child": persons["child"]})
    out["persistent_country"] = persistent.groupby("child")["nat60"].mean()
    out["persistent_municipality"] = persistent.groupby(["municipality", "child"])[
        "nat60"].agg(["sum", "count"])
    out["persistent_zone"] = persistent.groupby(["zone", "child"])["mun60"].agg(
        ["sum", "count"])
    return out


def engine(input_path: Path, period: tuple[int, int], out_dir: Path) -> tuple[float, float]:
    """Wall and CPU seconds (CPU of every thread of this process: DuckDB's included)."""
    from levekar.stats.engine import compute

    shutil.rmtree(out_dir, ignore_errors=True)
    started, cpu = time.perf_counter(), time.process_time()
    compute(input_path=input_path, period=period, out_dir=out_dir)
    return time.perf_counter() - started, time.process_time() - cpu


BASELINE = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from levekar.stats.engine import compute
started, cpu = time.perf_counter(), time.process_time()
compute(input_path=Path(sys.argv[2]), period=(int(sys.argv[3]), int(sys.argv[4])),
        out_dir=Path(sys.argv[5]))
print(json.dumps([time.perf_counter() - started, time.process_time() - cpu]))
"""


def baseline_engine(src: Path, input_path: Path, period: tuple[int, int],
                    out_dir: Path) -> tuple[float, float]:
    """The engine of another checkout (``src``: its ``src`` folder, e.g. a worktree of the
    commit before a change), timed inside a child process the same way as ``engine``."""
    import json
    import subprocess

    shutil.rmtree(out_dir, ignore_errors=True)
    done = subprocess.run([sys.executable, "-c", BASELINE, str(src), str(input_path),
                           str(period[0]), str(period[1]), str(out_dir)],
                          capture_output=True, text=True, check=True)
    wall, cpu = json.loads(done.stdout.strip().splitlines()[-1])
    return wall, cpu


def best(fn, repeat: int) -> tuple[float, float]:
    """The best wall time of ``repeat`` runs, and the best CPU time."""
    runs = [fn() for _ in range(repeat)]
    return min(w for w, _ in runs), min(c for _, c in runs)


def pandas_run(files: list[Path], years: list[int]) -> tuple[float, float, dict]:
    started, cpu = time.perf_counter(), time.process_time()
    result = pandas_indicators(files, years)
    return time.perf_counter() - started, time.process_time() - cpu, result


def country_rates(result_dir: Path, period: tuple[int, int]) -> dict:
    import csv

    rows = {}
    with open(result_dir / "indicators.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["level"] == "country" and r["indicator"] in (
                    "low_income_60", "persistent_low_income_60"):
                rows[(r["period"], r["indicator"], r["group"])] = r["percent"]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--baseline-src", type=Path, default=None,
                        help="also run the engine of this src folder (another checkout) in "
                             "each round, to compare before/after in the same run")
    args = parser.parse_args()
    from levekar.stats.engine import synthesize

    period = (2022, 2024)
    data = OUT / f"engine-vs-pandas-{args.persons}"
    parquet, csv_dir = data / "parquet", data / "csv"
    if args.fresh or not parquet.exists():
        shutil.rmtree(data, ignore_errors=True)
        started = time.perf_counter()
        synthesize(persons=args.persons, years=period, out_dir=parquet, seed=1)
        synthesize(persons=args.persons, years=period, out_dir=csv_dir, seed=1, fmt="csv")
        print(f"synthesised {args.persons} persons × 3 years (Parquet and CSV) in "
              f"{time.perf_counter() - started:.1f} s")
    files = sorted(parquet.glob("*.parquet"))
    print(f"persons {args.persons}, years {period[0]}–{period[1]}, load {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        years = list(range(period[0], period[1] + 1))
        # engine and pandas taking turns, so a change in the machine's load hits both
        ours, runs, before = [], [], []
        for i in range(args.repeat):
            ours.append(engine(parquet, period, out / "p"))
            runs.append(pandas_run(files, years))
            (ew, ec), (pw, pc) = ours[-1], runs[-1][:2]
            line = (f"run {i + 1}: engine {ew:.2f} s wall / {ec:.2f} s CPU, pandas {pw:.2f} s / "
                    f"{pc:.2f} s: {pw / ew:.2f}× wall, {pc / ec:.2f}× CPU")
            if args.baseline_src:
                before.append(baseline_engine(args.baseline_src, parquet, period, out / "b"))
                bw, bc = before[-1]
                line += f"; baseline engine {bw:.2f} s / {bc:.2f} s"
            print(f"{line}; load {os.getloadavg()[0]:.1f}", flush=True)
        t_parquet, c_parquet = min(r[0] for r in ours), min(r[1] for r in ours)
        t_pandas, c_pandas = min(r[0] for r in runs), min(r[1] for r in runs)
        result = runs[-1][2]
        t_csv, c_csv = best(lambda: engine(csv_dir, period, out / "c"), args.repeat)
        rates = country_rates(out / "p", period)
        same = before and all((out / "p" / n).read_bytes() == (out / "b" / n).read_bytes()
                              for n in ("indicators.csv", "thresholds.csv"))
    print("                          wall       CPU (all threads)")
    print(f"engine, Parquet input : {t_parquet:7.2f} s  {c_parquet:7.2f} s")
    if before:
        bw, bc = min(r[0] for r in before), min(r[1] for r in before)
        print(f"baseline engine       : {bw:7.2f} s  {bc:7.2f} s   ({args.baseline_src}; "
              f"output {'identical' if same else 'DIFFERENT'})")
    print(f"engine, CSV input     : {t_csv:7.2f} s  {c_csv:7.2f} s   CSV/Parquet = "
          f"{t_csv / t_parquet:.2f}× wall, {c_csv / c_parquet:.2f}× CPU (target ≤ 2×)")
    print(f"pandas, Parquet input : {t_pandas:7.2f} s  {c_pandas:7.2f} s   pandas/engine = "
          f"{t_pandas / t_parquet:.2f}× wall, {c_pandas / c_parquet:.2f}× CPU (target ≥ 5×)")
    print(f"load average after: {os.getloadavg()}")
    print("same work — national rates, engine vs pandas:")
    country = result["annual_country"]
    persistent = result["persistent_country"]
    for (p, indicator, group), percent in sorted(rates.items()):
        child = group == "children"
        if indicator == "low_income_60":
            ours = country.loc[(int(p), child), "nat60"] * 100 if group == "children" else (
                None)
        else:
            ours = persistent.loc[child] * 100 if group == "children" else None
        if ours is not None:
            print(f"  {p} {indicator} {group}: engine {percent} %, pandas {ours:.1f} %")


if __name__ == "__main__":
    main()
