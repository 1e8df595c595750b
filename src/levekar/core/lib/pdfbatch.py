"""Many letters to PDF fast: one WeasyPrint document per chunk, chunks in parallel.

WeasyPrint spends most of its time per document (style sheets, fonts), not per page,
so letters are laid out many to a document, each in a ``<section id="doc-N">`` that
starts a new page; afterwards each wanted letter's pages are cut out by that anchor,
and the rest are kept together (for print). No Django here: the children of the
process pool import only this module.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from io import BytesIO

_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)
_HEAD = re.compile(r"^(.*?)<body", re.S)


def split_html(html: str) -> tuple[str, str]:
    """(everything before <body>, the body's content) of a whole HTML document."""
    return _HEAD.match(html).group(1), _BODY.search(html).group(1)


def render_chunk(args: tuple[str, Sequence[tuple[int, bool, str]], str]
                 ) -> tuple[dict[int, bytes], bytes]:
    """Lay out ``(key, own, body)`` letters in one document with ``head``.

    Returns the PDF of each letter marked ``own`` (by key), and one PDF of all the
    other letters in order (b"" when none)."""
    from weasyprint import HTML

    head, letters, base_url = args
    body = "".join(f'<section id="doc-{n}" style="break-before: page">{html}</section>'
                   for n, (_key, _own, html) in enumerate(letters))
    document = HTML(string=f"{head}<body>{body}</body></html>", base_url=base_url).render()
    starts: list[tuple[int, int]] = []
    for index, page in enumerate(document.pages):
        starts.extend((int(anchor[4:]), index) for anchor in page.anchors
                      if anchor.startswith("doc-"))
    own: dict[int, bytes] = {}
    rest = []
    for n, (number, first) in enumerate(starts):
        last = starts[n + 1][1] if n + 1 < len(starts) else len(document.pages)
        key, is_own, _html = letters[number]
        if is_own:
            own[key] = document.copy(document.pages[first:last]).write_pdf()
        else:
            rest.extend(document.pages[first:last])
    return own, (document.copy(rest).write_pdf() if rest else b"")


def render_many(head: str, letters: Sequence[tuple[int, bool, str]], *, base_url: str,
                processes: int = 1, chunk: int = 60,
                progress: Callable[[int, int], None] = lambda done, total: None
                ) -> tuple[dict[int, bytes], list[bytes]]:
    """All letters: the own ones' PDFs by key, and the others' PDFs chunk by chunk."""
    chunks = [(head, list(letters[i:i + chunk]), base_url)
              for i in range(0, len(letters), chunk)]
    own: dict[int, bytes] = {}
    rest: list[bytes] = []
    done = 0
    workers = min(processes, len(chunks))
    if workers > 1:
        # forkserver: clean children (no threads or database connections inherited).
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            results = pool.map(render_chunk, chunks)
            for (chunk_own, chunk_rest), part in zip(results, chunks, strict=True):
                own.update(chunk_own)
                if chunk_rest:
                    rest.append(chunk_rest)
                done += len(part[1])
                progress(done, len(letters))
    else:
        for part in chunks:
            chunk_own, chunk_rest = render_chunk(part)
            own.update(chunk_own)
            if chunk_rest:
                rest.append(chunk_rest)
            done += len(part[1])
            progress(done, len(letters))
    return own, rest


def merge(pdfs: Sequence[bytes]) -> bytes:
    """One PDF of several, in order."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(BytesIO(pdf))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
