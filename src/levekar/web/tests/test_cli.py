import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from levekar.cli.main import app
from levekar.core.models import Municipality, OrgUnit, User

runner = CliRunner()


def test_help_lists_every_command_with_its_help_text():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "demo" in result.output and "Last inn demodata" in result.output
    assert "serve" in result.output and "Start Levekår" in result.output
    assert "worker" in result.output and "Start jobbkjøreren" in result.output


@pytest.mark.django_db(transaction=True)
def test_demo_is_idempotent_and_creates_one_user_per_role():
    first = runner.invoke(app, ["demo"])
    assert first.exit_code == 0, first.output
    counts = (User.objects.count(), OrgUnit.objects.count(), Municipality.objects.count())
    second = runner.invoke(app, ["demo"])
    assert second.exit_code == 0, second.output
    assert (User.objects.count(), OrgUnit.objects.count(), Municipality.objects.count()) == counts
    assert set(User.objects.values_list("username", flat=True)) >= {
        "admin", "koordinator1", "koordinator2", "nav1", "helsestasjon1", "bti1",
        "planeier1", "analytiker1", "utlan1", "fritid1",
    }
    assert Municipality.objects.get(code="3205").name == "Lillestrøm"


def test_demo_refuses_to_run_in_production():
    env = dict(os.environ, LEVEKAR_ENV="production")
    result = subprocess.run([sys.executable, "-m", "levekar.cli.main", "demo"], env=env,
                            capture_output=True, text=True, timeout=60,
                            cwd=os.path.dirname(__file__))
    assert result.returncode != 0
    assert "LEVEKAR_ENV=production" in result.stderr


def test_the_job_worker_makes_itself_ready_for_reports_before_it_takes_jobs(monkeypatch):
    """The council and evaluation reports started from the pages are made by the job
    worker; it warms up (WeasyPrint, the template, the chart engine) before its first job."""
    from levekar.core.jobs import worker as worker_module
    from levekar.plans.reports import pdf

    calls = []
    monkeypatch.setattr(pdf, "warm_up", lambda: calls.append("warm_up"))
    monkeypatch.setattr(worker_module, "work",
                        lambda **kw: calls.append(("work", kw["once"])) or "w1")
    result = runner.invoke(app, ["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert calls == ["warm_up", ("work", True)]


def test_warm_up_imports_weasyprint_and_starts_the_chart_engine(monkeypatch):
    from levekar.plans import charts
    from levekar.plans.reports import pdf

    started = []
    monkeypatch.setattr(pdf, "preload", lambda: started.append("preload"))
    monkeypatch.setattr(charts, "start_chart_engine", lambda: started.append("engine"))
    pdf.warm_up()
    assert started == ["preload", "engine"]
