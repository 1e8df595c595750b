"""The main pages run under the strict Content-Security-Policy (finding 6): no CSP
violation in the browser, the Vega charts and the map are drawn, htmx still works."""

import pytest

from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    None: ["/utstyr/", "/logg-inn/"],
    "analytiker1": ["/kunnskap/", "/kunnskap/kart/", "/kunnskap/soner/"],
    "planeier1": ["/handlingsplan/"],
    "utlan1": ["/utstyr/utlan/statistikk/", "/utstyr/utlan/"],
    "fritid1": ["/fritid/bruk/", "/fritid/"],
    "koordinator1": ["/familier/", "/"],
}
CHART_PAGES = {"/kunnskap/", "/kunnskap/kart/", "/utstyr/utlan/statistikk/", "/fritid/bruk/"}

WATCH_CSP = """() => {
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", e =>
    window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
}"""


@pytest.fixture
def demo(db):
    import importlib

    from levekar.core.lib.progress import NULL_REPORTER

    # The demo data of the apps whose pages and files are checked here.
    for name in ("core", "people", "stats", "plans", "followup", "lending", "passes"):
        importlib.import_module(f"levekar.{name}.demo").load(reporter=NULL_REPORTER)


def test_main_pages_run_under_the_csp_draw_charts_and_swap_with_htmx(browser, live_server,
                                                                     demo):
    console = []
    for username, paths in PAGES.items():
        context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
        context.add_init_script(f"({WATCH_CSP})()")
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("console", lambda m: console.append(m))
        if username:
            login(page, live_server, username)
        for path in paths:
            console.clear()
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            assert "script-src" in response.headers["content-security-policy"]
            if path in CHART_PAGES:
                page.wait_for_selector(".vega-embed svg .mark-group, .vega-embed svg path",
                                       state="attached")
                assert page.locator(".vega-embed svg").count() >= 1, path
            page.wait_for_load_state("networkidle")
            violations = page.evaluate("window.__csp")
            csp_console = [m.text for m in console if "Content Security Policy" in m.text]
            assert violations == [] and csp_console == [], (path, violations, csp_console)
        if username == "utlan1":
            _htmx_search(page, live_server)
        context.close()


def _htmx_search(page, live_server):
    """The desk's borrower search swaps its results in with htmx as one types."""
    from levekar.lending.models import Borrower

    name = Borrower.objects.filter(kind="person").order_by("pk").first().name
    page.goto(f"{live_server.url}/utstyr/utlan/")
    assert page.evaluate("htmx.config.allowEval") is False
    with page.expect_response(lambda r: "/utstyr/utlan/?q=" in r.url
                              and r.request.headers.get("hx-request") == "true"):
        page.locator("#id_q").fill(name.split()[0])
    page.locator("#borrower-results table").wait_for()
    assert name in page.locator("#borrower-results").inner_text()
    assert page.evaluate("window.__csp") == []
