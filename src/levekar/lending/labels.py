"""Labels for copies: a Code 128 barcode (what handheld scanners at a desk read) and a QR
code (what a phone reads) of the copy number, as inline SVG for a printable page.

A scanner types the number followed by Enter, so the desk's copy-number fields work with
a scanner as with a keyboard.
"""

import re

import segno
from barcode import Code128
from barcode.writer import SVGWriter


def _strip_xml_header(svg: str) -> str:
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    return re.sub(r"^<!DOCTYPE[^>]*>\s*", "", svg)


def barcode_svg(number: int) -> str:
    """Code 128 of the copy number, without the human-readable text (the label prints the
    number itself in large type)."""
    svg = Code128(str(number), writer=SVGWriter()).render(
        {"module_width": 0.3, "module_height": 9.0, "quiet_zone": 2.0, "write_text": False,
         "compress": False})
    # Presentation attributes instead of style attributes: a strict CSP blocks inline
    # styles, also inside SVG.
    svg = re.sub(r'style="fill:\s*(\w+);?"', r'fill="\1"', svg.decode("utf-8"))
    return _strip_xml_header(svg)


def qr_svg(number: int) -> str:
    """A QR code holding the copy number only (no link, so nothing is tracked)."""
    return segno.make(str(number), error="m").svg_inline(scale=3, border=2,
                                                         omitsize=False)
