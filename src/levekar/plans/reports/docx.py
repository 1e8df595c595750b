"""The plan or its annual report as a Word document (python-docx).

The plan owner adds the political summary in Word, so the document uses Word's own
heading styles on A4 pages; the table of contents is a real TOC field (Word fills in the
page numbers when the document is opened, ``updateFields``) followed by a plain list of
the headings, so the contents can be read even where fields are not updated. The footer
has "Side X av Y" as PAGE / NUMPAGES fields. Charts are the Vega-Lite specs rendered to
PNG by vl-convert, each with alt text (the picture's ``descr``) and its figures as a
table below it.

Tables are the bulk of a 200-measure report (a table of facts per measure, one of figures
per chart); they are written as WordprocessingML in one string per table and parsed
once (``_xml_table``), since python-docx's ``add_row().cells`` rebuilds the cell grid
for every row and cell.
"""

import io
import re
from xml.sax.saxutils import escape

from django.utils import formats, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, Twips

from levekar.plans.charts import fmt_percent
from levekar.plans.models import Progress
from levekar.plans.reports.charts import attach_charts
from levekar.plans.reports.data import PlanReport


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """Append a complex field (``TOC``, ``PAGE`` …) to ``paragraph``."""
    def fld_char(kind: str):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    fld_char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld_char("separate")
    paragraph.add_run(placeholder)
    fld_char("end")


def _update_fields_on_open(doc) -> None:
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    doc.settings.element.append(el)


def _norwegian(doc) -> None:
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "nb-NO")
    rpr.append(lang)
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10.5)


def _style_id(doc, name: str) -> str:
    # python-docx scans every style each time a style is given by name or object, which
    # dominates a long report; we look each id up once and set it on the element.
    cache = doc.__dict__.setdefault("_levekar_style_ids", {})
    if name not in cache:
        cache[name] = doc.styles[name].style_id
    return cache[name]


def _paragraph(doc, text: str, style: str):
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().style = _style_id(doc, style)
    return p


TEXT_WIDTH = 9072  # twips: A4 (11906) less two margins of 2.5 cm (1417)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _cell_xml(text: str, width: int, bold: bool) -> str:
    lines = escape(_NOT_XML.sub("", text)).split("\n")
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    runs = "<w:br/>".join(f'<w:t xml:space="preserve">{line}</w:t>' for line in lines)
    run = f"<w:r>{rpr}{runs}</w:r>" if text else ""
    return (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
            f"<w:p>{run}</w:p></w:tc>")


def _xml_table(doc, rows: list[list[str]], *, widths: list[int],
               header: list[str] | None = None, bold_first: bool = False) -> None:
    """Append a "Table Grid" table of ``rows`` to ``doc`` in one parse. A ``header`` row is
    bold and repeats on each page; ``bold_first`` makes the first column bold."""
    parts = [f"<w:tbl {nsdecls('w')}><w:tblPr>"
             f'<w:tblStyle w:val="{_style_id(doc, "Table Grid")}"/>'
             '<w:tblW w:type="auto" w:w="0"/>'
             '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
             'w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>',
             *(f'<w:gridCol w:w="{w}"/>' for w in widths), "</w:tblGrid>"]
    if header is not None:
        parts.append('<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>')
        parts.extend(_cell_xml(text, w, True) for text, w in zip(header, widths, strict=True))
        parts.append("</w:tr>")
    for values in rows:
        parts.append("<w:tr>")
        parts.extend(_cell_xml(text, w, bold_first and i == 0)
                     for i, (text, w) in enumerate(zip(values, widths, strict=True)))
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    doc.element.body._insert_tbl(parse_xml("".join(parts)))


def _facts(doc, rows: list[tuple[str, str]]) -> None:
    _xml_table(doc, [list(r) for r in rows], widths=[2551, 6521], bold_first=True)  # 4.5/11.5 cm
    doc.add_paragraph()  # keeps Word from joining this table to the next one


def _table(doc, header: list[str], rows: list[list[str]], caption: str = "") -> None:
    if caption:
        _paragraph(doc, caption, "Caption")
    cols = len(header)
    _xml_table(doc, rows, widths=[TEXT_WIDTH // cols] * cols, header=header)
    doc.add_paragraph()


def render_docx(report: PlanReport) -> bytes:
    with translation.override("nb"):
        attach_charts(report, "png")
        return _render(report)


def _a4(section) -> None:
    """A4 portrait with 2.5 cm margins (python-docx's template is US Letter)."""
    section.page_width, section.page_height = Twips(11906), Twips(16838)  # 210 × 297 mm
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)


def _picture(doc, png: bytes, alt: str) -> None:
    """The chart with its alt text (``wp:docPr/@descr``), as screen readers read it."""
    doc.add_picture(io.BytesIO(png), width=Cm(15))
    inline = doc.paragraphs[-1]._p.xpath(".//wp:docPr")
    for el in inline:
        el.set("descr", alt)
        el.set("title", alt[:120])


def _render(report: PlanReport) -> bytes:
    plan, year = report.plan, report.year
    doc = Document()
    _norwegian(doc)
    doc.core_properties.title = report.title
    doc.core_properties.language = "nb-NO"
    doc.core_properties.author = "Levekår"
    section = doc.sections[0]
    _a4(section)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(_("Page") + " ")
    _field(footer, "PAGE", "1")
    footer.add_run(" " + _("of") + " ")
    _field(footer, "NUMPAGES", "1")

    doc.add_heading(plan.title, level=0)
    if year:
        doc.add_paragraph(_("Annual status report %(year)s to the municipal council")
                          % {"year": year})
    else:
        doc.add_paragraph(_("The action plan: focus areas, goals and measures"))
    doc.add_paragraph(f"{plan.municipality.name} {_('municipality')} · "
                      f"{_('Plan period')} {plan.period_label}")
    if plan.adopted_body or plan.adopted_date:
        adopted = _("Adopted")
        if plan.adopted_body:
            adopted += f" {_('by')} {plan.adopted_body}"
        if plan.adopted_date:
            adopted += " " + formats.date_format(plan.adopted_date, "j. F Y")
        doc.add_paragraph(adopted + ".")
    if year:
        if report.round is None:
            state = _("No reporting round has been started for this year; no measure has "
                      "been reported.")
        elif report.round.closed_at:
            state = _("The reporting round was closed on %(date)s.") % {
                "date": formats.date_format(report.round.closed_at, "j. F Y")}
        else:
            state = _("The reporting round is still open; the figures are preliminary.")
        doc.add_paragraph(state)
    doc.add_paragraph(_("Produced by Levekår %(date)s.") % {
        "date": formats.date_format(report.generated, "j. F Y H:i")})

    # Table of contents: a TOC field (page numbers when Word updates it) and a plain list.
    doc.add_heading(_("Contents"), level=1)
    _field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u',
           _("Right-click and choose «Update field» to show the page numbers."))
    first = _("Summary") if year else _("About the plan")
    headings = [(1, first)]
    words = plan.words
    if report.statistics:
        headings.append((1, _("Statistics")))
    for block in report.blocks:
        fa = block.focus_area
        headings.append((1, words.focus_heading(fa)))
        headings.extend((2, f"{g.goal.code} {g.goal.text}") for g in block.goals)
    for level, text in headings:
        p = _paragraph(doc, text, "List Bullet" if level == 1 else "List Bullet 2")
        p.paragraph_format.space_after = Pt(0)
    doc.add_page_break()

    if year:
        totals = report.totals
        doc.add_heading(_("Summary"), level=1)
        doc.add_paragraph(_("The plan has %(n)s measures. For %(year)s, %(r)s have been "
                            "reported and %(m)s are missing.") % {
            "n": totals["measures"], "year": year, "r": totals["reported"],
            "m": totals["missing"]})
        _table(doc, [_("Focus area"), _("Measures"), *[str(p.label) for p in Progress],
                     _("Not reported"), _("Under way (%)")],
               [[f"{b.focus_area.code} {b.focus_area.title}", str(len(b.rows)),
                 *[str(b.progress_counts[p]) for p in Progress.values], str(b.n_missing),
                 str(b.percent_under_way)] for b in report.blocks],
               caption=_("Progress per focus area"))
    else:
        doc.add_heading(_("About the plan"), level=1)
        facts = [(_("Plan period"), plan.period_label),
                 (_("Adopted"), ", ".join(filter(None, [
                     plan.adopted_body,
                     formats.date_format(plan.adopted_date, "j. F Y")
                     if plan.adopted_date else ""])) or "–")]
        if plan.previous_plan:
            facts.append((_("Revises"), plan.previous_plan.title))
        facts.append((_("Measures"), str(report.totals["measures"])))
        _facts(doc, facts)
        if report.matrix.uses_status:
            doc.add_paragraph(_("Status: V = continued (exists today), F = strengthened / "
                                "developed further, N = new / to be investigated."))
    if report.matrix.objectives:
        _paragraph(doc, words.objectives, "Heading 2")
        _facts(doc, [(o.title or o.code, o.text) for o in report.matrix.objectives])
    if report.statistics:
        doc.add_page_break()
        doc.add_heading(_("Statistics"), level=1)
        for t in report.statistics:
            _table(doc, t.header, t.rows, caption=t.title)
            doc.add_paragraph(t.note)

    for block in report.blocks:
        doc.add_page_break()
        fa = block.focus_area
        doc.add_heading(words.focus_heading(fa), level=1)
        if fa.objective:
            p = doc.add_paragraph()
            p.add_run(_("Objective:") + " ").bold = True
            p.add_run(fa.objective)
        if year:
            text = _("%(r)s of %(n)s measures reported; %(p)s %% are in progress or "
                     "completed.") % {"r": block.n_reported, "n": len(block.rows),
                                      "p": block.percent_under_way}
            if block.deviation:
                text += " " + _("Deviation status:") + f" {block.deviation_label}."
            doc.add_paragraph(text)
        for g in block.goals:
            _paragraph(doc, f"{g.goal.code} {g.goal.text}", "Heading 2")
            if year and g.deviation:
                doc.add_paragraph(_("Deviation status:") + f" {g.deviation_label}")
            if g.goal.link is not None:
                _trend(doc, g, g.goal.link)
            if not g.rows:
                doc.add_paragraph(_("No measures under this goal."))
            for row in g.rows:
                _measure(doc, row, year, report)

    buf = io.BytesIO()
    _update_fields_on_open(doc)
    doc.save(buf)
    return buf.getvalue()


def _measure(doc, row, year: int | None, report: PlanReport) -> None:
    m = row.measure
    words = report.plan.words
    _paragraph(doc, f"{m.code} {m.title}", "Heading 3")
    facts = []
    if report.matrix.uses_status:
        facts.append((_("Status"), f"{m.status} ({m.status_explained})" if m.status else "–"))
    if m.how:
        facts.append((_("How"), m.how))
    facts.append((words.responsible, "; ".join(r.label for r in row.responsibilities)
                  or _("The plan owner (no responsible unit)")))
    if m.evaluation_indicator or m.evaluation_frequency:
        facts.append((words.evaluation, m.evaluation_label))
    if m.continues_id:
        facts.append((_("Continues"), f"{m.continues.code} {m.continues.title}"))
    if year:
        if row.report:
            progress = str(row.report.get_progress_display())
            if row.report.reported_for_id:
                progress += f" ({row.report.reported_for.name})"
        else:
            progress = _("Not reported")
        facts.append((_("Progress %(year)s") % {"year": year}, progress))
        if row.report and row.report.deviation:
            deviation = str(row.report.get_deviation_display())
            if row.report.deviation_reason:
                deviation += f": {row.report.deviation_reason}"
            facts.append((_("Deviation"), deviation))
        if row.report and row.report.indicator_value is not None:
            facts.append((_("Indicator value"), str(row.report.indicator_value)))
    _facts(doc, facts)
    if year and row.report and row.report.narrative:
        doc.add_paragraph(row.report.narrative)
    if row.evidence:
        _table(doc, [_("From the services"), ""],
               [[item.label, item.value + (f" ({item.detail})" if item.detail else "")]
                for item in row.evidence])
    if m.link is not None:
        _trend(doc, row, m.link)


def _trend(doc, item, link) -> None:
    """The chart (with alt text) and the table of its figures, for a measure or a goal."""
    if item.chart:
        _picture(doc, item.chart, item.chart_alt)
    rows = [[t.period, fmt_percent(t.percent), t.note] for t in item.trend]
    if link.target is not None:
        rows.append([f"{_('Target')} {link.target_year or ''}".strip(),
                     fmt_percent(link.target), _("Target in the plan")])
    caption = link.label + (f" ({link.scope_label.lower()})" if link.scope_label else "")
    _table(doc, [_("Period"), _("Percent"), _("Note")], rows or [["–", ":", ""]],
           caption=caption)
