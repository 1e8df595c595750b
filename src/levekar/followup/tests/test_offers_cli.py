"""``levekar followup tilbud-skriv|tilbud-last``: the catalogue as a file, round trip."""

import pytest
from typer.testing import CliRunner

from levekar.cli.main import app
from levekar.core.models import AuditEvent
from levekar.followup.models import OfferCatalogueRevision
from levekar.followup.selectors import offer_catalogue

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_write_edit_and_load_the_catalogue(demo_org, tmp_path):
    path = tmp_path / "tilbud.yaml"
    assert runner.invoke(app, ["followup", "tilbud-skriv", str(path)]).exit_code == 0
    path.write_text(path.read_text("utf-8").replace("name: Utstyrsbanken\n",
                                                    "name: UtstyrsBUA\n"), "utf-8")
    result = runner.invoke(app, ["followup", "tilbud-last", str(path), "--utfort-av", "bti1",
                                 "--merknad", "Nytt navn"])
    assert result.exit_code == 0, result.output
    assert offer_catalogue().get("utstyrsbanken").name == "UtstyrsBUA"
    assert OfferCatalogueRevision.objects.get().note == "Nytt navn"
    assert AuditEvent.objects.filter(object_type="followup.offercataloguerevision").count() == 1


def test_a_wrong_file_is_refused_naming_file_line_and_field(demo_org, tmp_path):
    path = tmp_path / "tilbud.yaml"
    path.write_text("offers:\n  - id: x\n    name: X\n", "utf-8")
    result = runner.invoke(app, ["followup", "tilbud-last", str(path), "--utfort-av", "bti1"])
    assert result.exit_code == 1
    assert "tilbud.yaml, linje 2, felt «offers.0»: mangler feltet" in result.output
    assert not OfferCatalogueRevision.objects.exists()
    unknown = runner.invoke(app, ["followup", "tilbud-last", str(path), "--utfort-av", "ingen"])
    assert unknown.exit_code == 1 and "fant ingen aktiv bruker" in unknown.output
