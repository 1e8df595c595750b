"""``levekar plans list|import|export``."""

import io

import pytest
from docx import Document
from pypdf import PdfReader
from typer.testing import CliRunner

from levekar.cli.main import app
from levekar.plans.models import ActionPlan, Measure
from levekar.plans.tests.conftest import FIXTURES, PLAN, PREVIOUS

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_import_list_and_export_round_trip(demo_org, tmp_path):
    for name in (PREVIOUS, PLAN):
        result = runner.invoke(app, ["plans", "import", str(FIXTURES / f"{name}.yaml")])
        assert result.exit_code == 0, result.output
    assert "Planen «eksempel-2024-2027» er opprettet: 2 innsatsområder, 4 mål, 6 tiltak" in \
        result.output

    listed = runner.invoke(app, ["plans", "list"])
    assert listed.exit_code == 0
    assert listed.output.splitlines() == [
        "eksempel-2024-2027\tHandlingsplan mot familiefattigdom 2024–2027 (eksempel)",
        "eksempel-2020-2023\tHandlingsplan mot barnefattigdom 2020–2023 (eksempel)",
    ]

    out = tmp_path / "eksport.yaml"
    result = runner.invoke(app, ["plans", "export", PLAN, "--format", "yaml", "--out", str(out)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(app, ["plans", "import", str(out)])
    assert again.exit_code == 0
    assert "(0 nye, 0 endret, 0 fjernet)" in again.output


def test_export_as_word_and_pdf_for_a_year(example_plan, tmp_path):
    titles = list(Measure.objects.filter(plan=example_plan).values_list("title", flat=True))
    docx_path, pdf_path = tmp_path / "rapport.docx", tmp_path / "rapport.pdf"
    for fmt, path in (("docx", docx_path), ("pdf", pdf_path)):
        result = runner.invoke(app, ["plans", "export", PLAN, "--format", fmt, "--year", "2025",
                                     "--out", str(path)])
        assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(io.BytesIO(docx_path.read_bytes())).paragraphs)
    assert all(t in text for t in titles)
    assert "Årsrapport 2025" in PdfReader(pdf_path).pages[0].extract_text()


def test_a_bad_file_exits_non_zero_with_every_problem_in_norwegian(demo_org, tmp_path):
    bad = tmp_path / "feil.yaml"
    bad.write_text((FIXTURES / f"{PLAN}.yaml").read_text(encoding="utf-8")
                   .replace("status: F/N", "status: X"), encoding="utf-8")
    result = runner.invoke(app, ["plans", "import", str(bad)])
    assert result.exit_code == 1
    assert "ble ikke importert" in result.output and "ingenting er lagret" in result.output
    assert "ukjent statuskode «X»" in result.output
    assert "planen «eksempel-2020-2023» som denne planen reviderer, finnes ikke" in result.output
    assert ActionPlan.objects.count() == 0


@pytest.mark.parametrize(("args", "message"), [
    (["plans", "export", "finnes-ikke", "--out", "x.yaml"], "Planen «finnes-ikke» finnes ikke"),
    (["plans", "export", PLAN, "--format", "yaml", "--year", "2025", "--out", "x.yaml"],
     "--year gjelder bare docx og pdf"),
    (["plans", "export", PLAN, "--format", "pdf", "--year", "2040", "--out", "x.pdf"],
     "2040 er utenfor planperioden"),
    (["plans", "import", "finnes/ikke.yaml"], "Finner ikke filen"),
])
def test_mistakes_on_the_command_line_are_explained(example_plan, args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert message in result.output


def test_an_annual_report_of_a_plan_without_a_period_is_exported(example_plan, tmp_path):
    # A plan whose document gives no period (like Lillehammer's) reports from its adoption.
    ActionPlan.objects.filter(pk=example_plan.pk).update(period_start=None, period_end=None)
    out = tmp_path / "rapport.docx"
    result = runner.invoke(app, ["plans", "export", PLAN, "--format", "docx", "--year", "2025",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    early = runner.invoke(app, ["plans", "export", PLAN, "--format", "docx", "--year", "2023",
                                "--out", str(out)])
    assert early.exit_code == 1
    assert "2023 er utenfor planperioden" in early.output
