"""Benchmark of the subject-access export (innsyn) as PDF and JSON (prints figures).

    .venv/bin/python bench/followup_subject_access.py [reads] [--var-dir DIR] [--repeat N]

Builds a throw-away SQLite database with the demo data (every section of the follow-up
filled through the services), adds ``reads`` (default 2 000) page reads of the richest
family by its coordinator and a partner to the audit log (a five-year history), then
times the export of its first parent as PDF and JSON (median and worst of ``--repeat``,
wall clock and the process's CPU time) and prints the PDF's page count and size, and
where the PDF's CPU time goes (export data, innsynslogg lines, HTML, WeasyPrint layout,
WeasyPrint drawing). Issue 11's target: PDF ≤ 1 s.

``--var-dir DIR`` keeps the database in DIR and reuses it when it is already there, so
another checkout (the code before a change) can be timed on the very same data: run
this file from both checkouts with the same DIR, one after the other, and compare.
"""

import argparse
import datetime as dt
import io
import json
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "src"))


def _var_dir() -> str:
    for i, arg in enumerate(sys.argv):
        if arg == "--var-dir" and i + 1 < len(sys.argv):
            os.makedirs(sys.argv[i + 1], exist_ok=True)
            return sys.argv[i + 1]
    return tempfile.mkdtemp(prefix="levekar-bench-")


os.environ["LEVEKAR_VAR_DIR"] = _var_dir()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "levekar.config.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

_BUILT = os.path.join(os.environ["LEVEKAR_VAR_DIR"], "subject-access-bench.json")


def timed(fn, repeat):
    """(median wall, worst wall, median CPU, result) over ``repeat`` calls after one
    warm-up call (fonts, templates and translations loaded once per process)."""
    out = fn()
    walls, cpus = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), max(walls), statistics.median(cpus), out


def build(reads: int) -> None:
    from django.db.models import Count
    from django.utils import timezone

    from levekar.cli.demo_cmd import load_all
    from levekar.core.audit import Action, Kind, Purpose
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.core.models import AuditEvent, AuditSubject, User
    from levekar.followup.models import Case

    call_command("migrate", verbosity=0)
    load_all(reporter=NULL_REPORTER)
    case = (Case.objects.annotate(n=Count("members"))
            .order_by("-n", "pk").first())
    person_ids = list(case.members.values_list("person_id", flat=True))
    partner = User.objects.filter(org_unit__isnull=False).exclude(pk=case.coordinator_id).first()
    now = timezone.now()
    for i in range(reads):  # spread over five years, interleaved coordinator and partner
        actor, via = ((case.coordinator, "coordinator") if i % 3 else (partner, "consent"))
        event = AuditEvent.objects.create(
            actor=actor, actor_username=actor.username, action=Action.VIEW,
            object_type="followup.case", object_id=str(case.pk),
            kind=Kind.CASE_READ, purpose=Purpose.CASE_OVERVIEW, via=via,
            at=now - dt.timedelta(days=5 * 365 * i / reads))
        AuditSubject.objects.bulk_create([AuditSubject(event=event, person_id=p)
                                          for p in person_ids])
    with open(_BUILT, "w", encoding="utf-8") as f:
        json.dump({"reads": reads, "case": case.pk}, f)


def phases(person) -> None:
    """Where one PDF's CPU time goes (the same steps ``person_export_pdf`` takes)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from levekar.followup.privacy import export

    HTML = export._export_html_class()  # WeasyPrint's HTML with the lean UA sheet

    def cpu(fn):
        c = time.process_time()
        out = fn()
        return time.process_time() - c, out

    t_data, data = cpu(lambda: json.loads(json.dumps(
        export.person_export(person, with_access_log=False), default=export._default)))
    t_log, log = cpu(lambda: export._access_log_rows(person))
    with translation.override("nb"):
        t_html, html = cpu(lambda: render_to_string("followup/people/export_pdf.html", {
            "person": person, "exported_at": "", "access_log": log,
            "blocks": export._pdf_blocks(data, {})}))
    t_layout, doc = cpu(lambda: HTML(string=html).render())
    t_draw, _pdf = cpu(doc.write_pdf)
    print(f"  PDF, CPU per step: data {t_data:.2f} s, innsynslogg ({len(log)} linjer) "
          f"{t_log:.2f} s, HTML {t_html:.2f} s, WeasyPrint layout {t_layout:.2f} s, "
          f"tegning {t_draw:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reads", nargs="?", type=int, default=2000)
    parser.add_argument("--var-dir", help="keep (and reuse) the database in this directory")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from pypdf import PdfReader

    from levekar.followup.models import Case, CaseMember
    from levekar.followup.privacy import export

    if not os.path.exists(_BUILT):
        build(args.reads)
    with open(_BUILT, encoding="utf-8") as f:
        built = json.load(f)
    case = Case.objects.get(pk=built["case"])
    member = case.members.filter(role=CaseMember.Role.PARENT).select_related("person").first()
    person = member.person
    med, worst, cpu, pdf = timed(lambda: export.person_export_pdf(person), args.repeat)
    pages = PdfReader(io.BytesIO(pdf)).pages
    print(f"Innsyn for én forelder, {built['reads']} lesinger i innsynsloggen:")
    print(f"  PDF: median {med:.2f} s (CPU {cpu:.2f} s), verste {worst:.2f} s av "
          f"{args.repeat} ({len(pages)} sider A4, {len(pdf) // 1024} KiB)  – mål ≤ 1 s")
    med, worst, cpu, body = timed(lambda: export.person_export_json(person), args.repeat)
    print(f"  JSON: median {med:.2f} s (CPU {cpu:.2f} s), verste {worst:.2f} s "
          f"({len(body) // 1024} KiB)")
    phases(person)


if __name__ == "__main__":
    main()
