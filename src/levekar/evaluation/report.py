"""The yearly evaluation report: the outcomes across families, the evaluation designs, the
lovende-praksis assessments, the group programmes' results and Sjumilssteget, as tagged
PDF (WeasyPrint, A4), Word (python-docx, A4) and XLSX. Every figure is an aggregate with
the page's suppression.

The outcome chart is one PNG (Pillow) used in both documents, with an alt text that
states its figures, and its figures as a table beside it.
"""

import base64
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from levekar.core.lib.suppression import SUPPRESSED_MARK
from levekar.core.lib.tabular import XlsxSheet, xlsx_bytes
from levekar.evaluation.selectors import design as design_selectors
from levekar.evaluation.selectors import programmes as programme_selectors
from levekar.evaluation.selectors import sjumil as sjumil_selectors
from levekar.evaluation.selectors.outcomes import BTI, Outcomes, outcomes
from levekar.evaluation.selectors.practice import PracticeLine, practice_list

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


@dataclass
class EvaluationReport:
    year: int
    generated: object
    outcomes: Outcomes
    by_bti: Outcomes
    practice: list[PracticeLine]
    models: list
    designed: list = field(default_factory=list)   # (plan, [MeasureDesign with goals])
    seven_steps: object = None
    programmes: list = field(default_factory=list)   # ProgrammeResult, counts only
    chart: bytes | None = None
    chart_alt: str = ""

    @property
    def title(self) -> str:
        return _("Evaluation report %(year)s") % {"year": self.year}

    @property
    def chart_uri(self) -> str:
        return ("data:image/png;base64," + base64.b64encode(self.chart).decode()
                if self.chart else "")


def build(year: int) -> EvaluationReport:
    data = outcomes()
    models, plans = design_selectors.designs()
    report = EvaluationReport(
        year=year, generated=timezone.localtime(), outcomes=data,
        by_bti=outcomes(breakdown=BTI, indexes=data.follow_indexes),
        practice=[line for line in practice_list(year) if line.summary.assessment],
        models=models,
        designed=[(p.plan, [m for m in p.measures if m.goals]) for p in plans
                  if p.designed],
        seven_steps=sjumil_selectors.overview(year),
        programmes=programme_selectors.programme_results())
    report.chart, report.chart_alt = outcome_chart(data)
    return report


def outcome_chart(data: Outcomes) -> tuple[bytes | None, str]:
    """Horizontal bars: the share of families improved per domain (suppressed → no bar,
    a «:» label). The alt text gives every figure in words."""
    from PIL import Image, ImageDraw, ImageFont

    if not data.follow_indexes:
        return None, ""
    rows = [(t.label, t.total.cells[0].percent) for t in data.domains]
    width, left, bar_h, gap, top = 1200, 380, 44, 22, 70
    height = top + len(rows) * (bar_h + gap) + 40
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 26)
    small = ImageFont.truetype(FONT, 22)
    draw.text((20, 18), _("Share of families improved, percent"), fill="black", font=font)
    scale = (width - left - 120) / 100
    for i, (label, pct) in enumerate(rows):
        y = top + i * (bar_h + gap)
        draw.text((20, y + 8), label, fill="black", font=small)
        if pct is not None:
            draw.rectangle([left, y, left + pct * scale, y + bar_h], fill="#1e5aa8")
        draw.text((left + (pct or 0) * scale + 10, y + 8),
                  SUPPRESSED_MARK if pct is None else f"{pct:.1f}".replace(".", ","),
                  fill="black", font=small)
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    parts = [f"{label}: {SUPPRESSED_MARK if pct is None else str(pct).replace('.', ',')} %"
             for label, pct in rows]
    alt = _("Bar chart of the share of families whose situation improved between the start "
            "mapping and the first mapping after it: %(figures)s.") % {
        "figures": "; ".join(parts)}
    return buffer.getvalue(), alt.replace(f"{SUPPRESSED_MARK} %", _("hidden (few families)"))


# --- PDF --------------------------------------------------------------------------------------

def render_pdf(report: EvaluationReport) -> bytes:
    from weasyprint import HTML

    with translation.override("nb"):
        html = render_to_string("evaluation/pdf/report.html", {"report": report})
    return HTML(string=html, base_url=str(settings.SRC_DIR)).write_pdf(pdf_tags=True)


# --- Word -------------------------------------------------------------------------------------

def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)


def _outcome_rows(table) -> list[list[str]]:
    return [[table.label, table.total.total_text, *[c.text for c in table.total.cells]]]


def render_docx(report: EvaluationReport) -> bytes:
    from docx import Document
    from docx.shared import Cm

    with translation.override("nb"):
        doc = Document()
        section = doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2))
        doc.core_properties.title = report.title
        doc.core_properties.language = "nb-NO"
        doc.add_heading(report.title, level=0)
        doc.add_paragraph(_("Produced by Levekår %(date)s. Figures only: the report names no "
                            "person. «:» means hidden because too few families are behind "
                            "the figure.") % {"date": report.generated.strftime("%d.%m.%Y")})
        header = [_("Domain"), _("Families"), _("Improved (%)"), _("Unchanged (%)"),
                  _("Worse (%)")]
        doc.add_heading(_("Outcomes across families"), level=1)
        if report.chart:
            doc.add_picture(io.BytesIO(report.chart), width=Cm(16))
            pic = doc.inline_shapes[-1]._inline.docPr
            pic.set("descr", report.chart_alt)
            pic.set("title", _("Share of families improved, percent"))
        _table(doc, header, [r for t in report.outcomes.domains for r in _outcome_rows(t)])
        doc.add_heading(_("Result goals in Familiens plan"), level=2)
        g = report.outcomes.goals_total
        doc.add_paragraph(_("%(share)s %% of the result goals were reached.") % {
            "share": g.share_text} if g else _("No result goals have been set yet."))
        doc.add_heading(_("Evaluation designs"), level=1)
        for model in report.models:
            doc.add_heading(model.name, level=2)
            _goals(doc, list(model.goals.all()))
        for _plan, measures in report.designed:
            for md in measures:
                doc.add_heading(f"{md.measure.code} {md.measure.title}", level=2)
                _goals(doc, md.goals)
        doc.add_heading(_("Promising practice"), level=1)
        _table(doc, [_("Measure"), _("Promising practice"), _("Assessed")],
               [[f"{line.measure.code} {line.measure.title}", line.summary.text,
                 str(line.summary.assessment.year)] for line in report.practice])
        doc.add_heading(_("Group programmes"), level=1)
        for result in report.programmes:
            doc.add_heading(result.programme.name, level=2)
            _table(doc, [_("Group"), _("Participants"), _("Answered before and after"),
                         _("Better (%)"), _("Unchanged (%)"), _("Worse (%)")],
                   [_programme_row(f"{line.course.name} ({line.course.language})", line.change)
                    for line in result.courses]
                   + [_programme_row(_("The whole programme"), result.total)])
        if not report.programmes:
            doc.add_paragraph(_("No group programme has been registered yet."))
        doc.add_heading(_("Sjumilssteget"), level=1)
        s = report.seven_steps
        levels = [label for label, _n in s.lines[0].by_level] if s.lines else []
        _table(doc, [_("Step"), *levels, _("Mean")],
               [[f"{line.step.number}. {line.step.text}", *[n for _l, n in line.by_level],
                 "–" if line.mean is None else str(line.mean).replace(".", ",")]
                for line in s.lines])
        _table(doc, [_("Arena"), _("Meetings"), _("Children discussed")],
               [[a.label, a.meetings, a.children] for a in s.arenas])
        buffer = io.BytesIO()
        doc.save(buffer)
    return buffer.getvalue()


def _programme_row(label: str, change) -> list[str]:
    return [label, change.participants_text, change.row.total_text,
            *[c.text for c in change.row.cells]]


def _goals(doc, goals) -> None:
    if not goals:
        doc.add_paragraph(_("No goals yet."))
        return
    _table(doc, [_("Goal"), _("Indicator"), _("Baseline"), pgettext("evaluation", "Target"),
                 pgettext("evaluation", "Measured")],
           [[f"{g.get_kind_display()}: {g.title}", g.indicator, g.baseline or "–", g.target,
             g.get_frequency_display()] for g in goals])


# --- XLSX -------------------------------------------------------------------------------------

def render_xlsx(report: EvaluationReport) -> bytes:
    """The report's tables as a workbook (the shared writer: every text is a text cell,
    a title typed like a formula stays text)."""
    with translation.override("nb"):
        outcome_rows = []
        for data in (report.outcomes, report.by_bti):
            for t in data.domains:
                for label, row in [(_("All families"), t.total), *t.labelled_rows]:
                    if data is report.by_bti and row is t.total:
                        continue
                    outcome_rows.append(
                        [t.label, label, SUPPRESSED_MARK if row.total_hidden else row.total,
                         *[SUPPRESSED_MARK if c.percent is None else c.percent
                           for c in row.cells]])
        practice_rows = [
            [f"{line.measure.code} {line.measure.title}", line.measure.plan.title,
             line.summary.assessment.year, line.summary.met, line.summary.partly,
             line.summary.not_met]
            for line in report.practice]
        seven_rows = [
            [f"{line.step.number}. {line.step.text}", line.step.articles_text,
             *[n for _l, n in line.by_level], line.mean]
            for line in report.seven_steps.lines]
        programme_rows = [
            [result.programme.name, name, change.participants_text, change.row.total_text,
             *[SUPPRESSED_MARK if c.percent is None else c.percent for c in change.row.cells]]
            for result in report.programmes
            for name, change in [*[(f"{line.course.name} ({line.course.language})",
                                    line.change) for line in result.courses],
                                 (_("The whole programme"), result.total)]]
        sheets = [
            XlsxSheet(_("Outcomes")[:31],
                      [_("Domain"), _("Group"), _("Families"), _("Improved (%)"),
                       _("Unchanged (%)"), _("Worse (%)")], outcome_rows),
            XlsxSheet(_("Promising practice")[:31],
                      [_("Measure"), _("Plan"), _("Year"), _("Met"), _("Partly met"),
                       _("Not met")], practice_rows),
            XlsxSheet(_("Group programmes")[:31],
                      [_("Programme"), _("Group"), _("Participants"),
                       _("Answered before and after"), _("Better (%)"), _("Unchanged (%)"),
                       _("Worse (%)")], programme_rows),
            XlsxSheet(_("Sjumilssteget")[:31],
                      [_("Step"), _("Articles"),
                       *[label for label, _n in report.seven_steps.lines[0].by_level],
                       _("Mean")], seven_rows),
        ]
        return xlsx_bytes(sheets)
