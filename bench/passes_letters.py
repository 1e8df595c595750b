"""Benchmark: letters with the leisure cards for 1 214 households, digital first.

Builds its own SQLite database under bench/out/ (gitignored), imports a synthetic
register, issues the cards, keeps the cards of 1 214 households, gives half of them an
e-mail address and a fifth only a mobile number, then times ``letters_deliver``: every
e-mailed household's own PDF, an SMS for the mobile-only ones, and one print-ready PDF for
the rest — all queued in the outbox (sending is the outbox job's work, not timed here).
Target: ≤ 20 s on the 2-core machine (one WeasyPrint document per letter made 10–12 a
second).

    .venv/bin/python bench/passes_letters.py [--letters 1214]
"""

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1214)
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / "passes_letters.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "levekar.config.settings")
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from levekar.core import demo as core_demo
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.core.models import Municipality, OutboundMessage
    from levekar.passes import demo, demodata
    from levekar.passes.models import ActivityPass, Scheme
    from levekar.passes.services import households_import, passes_issue
    from levekar.passes.services.delivery import letters_deliver
    from levekar.people import demo as people_demo
    from levekar.people.models import Person

    call_command("migrate", verbosity=0)
    core_demo.load(reporter=NULL_REPORTER)
    people_demo.load(reporter=NULL_REPORTER)
    municipality = Municipality.objects.get(code=core_demo.MUNICIPALITY_CODE)
    demo._schemes(municipality)
    scheme = Scheme.objects.select_related("municipality").get(code=demo.SCHEME_CODE)
    households = demo.register(households=12_000, target=None, seed=1214)
    households_import(actor=None, actor_name="bench", municipality=municipality,
                      data=demodata.register_csv(households, income_year=demo.DEMO_YEAR - 1),
                      filename="bench-register.csv")
    passes_issue(scheme=scheme, year=demo.DEMO_YEAR, actor_name="bench")
    holders = sorted(set(ActivityPass.objects.filter(scheme=scheme, year=demo.DEMO_YEAR)
                         .values_list("household_id", flat=True)))
    if len(holders) < args.letters:
        print(f"only {len(holders)} households got cards; asked for {args.letters}")
        return 1
    ActivityPass.objects.filter(household_id__in=holders[args.letters:]).delete()
    kept = holders[:args.letters]
    for n, household_id in enumerate(kept):
        adult = Person.objects.filter(household_id=household_id).order_by("birth_date").first()
        if n % 10 < 5:
            adult.email = f"forelder{household_id}@example.org"
        elif n % 10 < 7:
            adult.phone = f"+479{household_id:07d}"[:11]
        adult.save(update_fields=["email", "phone"])
    cards = ActivityPass.objects.filter(scheme=scheme, year=demo.DEMO_YEAR).count()
    print(f"{len(kept)} households with {cards} cards; processes: "
          f"{os.environ.get('LEVEKAR_LETTER_PROCESSES') or min(os.cpu_count() or 1, 4)}")

    t = time.perf_counter()
    result = letters_deliver(scheme=scheme, year=demo.DEMO_YEAR, actor_name="bench",
                             out_dir=OUT / "letters")
    took = time.perf_counter() - t
    size = Path(result["print_file"]).stat().st_size / 1e6 if result["print_file"] else 0
    print(f"letters: {result['letters']} in {took:.1f} s ({result['letters'] / took:.0f}/s) — "
          f"{result['email']} by e-mail with their PDF, {result['sms']} by SMS, "
          f"{result['paper']} in one print PDF ({size:.1f} MB) (target ≤ 20 s)")
    print(f"outbox: {OutboundMessage.objects.filter(status='queued').count()} messages queued")
    return 0 if took <= 20 else 1


if __name__ == "__main__":
    sys.exit(main())
