"""Benchmark of the subject-access export (innsyn) as PDF and JSON (prints figures).

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python bench/followup_subject_access.py [reads]

Builds a throw-away SQLite database in a temporary directory with the demo data (every
section of the follow-up filled through the services), adds ``reads`` (default 2 000)
page reads of the richest family by its coordinator and a partner to the audit log (a
five-year history), then times the export of its first parent as PDF and JSON (median and
worst of 3) and prints the PDF's page count and size. Issue 11's target: PDF ≤ 1 s.
"""

import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "src"))
os.environ["LEVEKAR_VAR_DIR"] = tempfile.mkdtemp(prefix="levekar-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "levekar.config.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django

django.setup()

from django.core.management import call_command  # noqa: E402


def timed(fn, repeat=3):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times), out


def main(reads: int) -> None:
    from django.db.models import Count
    from django.utils import timezone
    from pypdf import PdfReader

    from levekar.cli.demo_cmd import load_all
    from levekar.core.audit import Action
    from levekar.core.lib.progress import NULL_REPORTER
    from levekar.core.models import AuditEvent, AuditSubject, User
    from levekar.followup.models import Case, CaseMember
    from levekar.followup.privacy import export

    call_command("migrate", verbosity=0)
    load_all(reporter=NULL_REPORTER)
    case = (Case.objects.annotate(n=Count("members"))
            .order_by("-n", "pk").first())
    member = case.members.filter(role=CaseMember.Role.PARENT).select_related("person").first()
    person_ids = list(case.members.values_list("person_id", flat=True))
    partner = User.objects.filter(org_unit__isnull=False).exclude(pk=case.coordinator_id).first()
    now = timezone.now()
    for i in range(reads):  # spread over five years, interleaved coordinator and partner
        actor, via = ((case.coordinator, "coordinator") if i % 3 else (partner, "consent"))
        event = AuditEvent.objects.create(
            actor=actor, actor_username=actor.username, action=Action.VIEW,
            object_type="followup.case", object_id=str(case.pk),
            purpose=f"så familieløpet ({via})",
            at=now - dt.timedelta(days=5 * 365 * i / reads))
        AuditSubject.objects.bulk_create([AuditSubject(event=event, person_id=p)
                                          for p in person_ids])
    person = member.person
    med, worst, pdf = timed(lambda: export.person_export_pdf(person))
    pages = PdfReader(io.BytesIO(pdf)).pages
    print(f"Innsyn for én forelder, {reads} lesinger i innsynsloggen:")
    print(f"  PDF: median {med:.2f} s, verste {worst:.2f} s av 3 "
          f"({len(pages)} sider A4, {len(pdf) // 1024} KiB)  – mål ≤ 1 s")
    med, worst, body = timed(lambda: export.person_export_json(person))
    print(f"  JSON: median {med:.2f} s, verste {worst:.2f} s ({len(body) // 1024} KiB)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
