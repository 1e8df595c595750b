"""A plan file cannot make the import grow without bound (finding 5, "YAML bomb")."""

import pytest
from typer.testing import CliRunner

from levekar.cli.main import app
from levekar.core.errors import InvalidInput
from levekar.plans.models import ActionPlan
from levekar.plans.planfile.yamlmap import parse_yaml

runner = CliRunner()


def billion_laughs(levels: int) -> str:
    """The classic: each level is nine aliases of the one before (9**levels strings)."""
    lines = ['a0: &a0 ["ha","ha","ha","ha","ha","ha","ha","ha","ha"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.django_db
def test_the_cli_refuses_a_yaml_bomb_at_once_in_norwegian(demo_org, tmp_path):
    path = tmp_path / "bombe.yaml"
    path.write_text(billion_laughs(9))  # ~1 KB; 387 million strings if expanded
    assert path.stat().st_size < 1300
    result = runner.invoke(app, ["plans", "import", str(path)])
    assert result.exit_code != 0
    assert "YAML-ankere og -aliaser" in result.output
    assert f"{path}, linje " in result.output
    assert not ActionPlan.objects.exists()


def test_an_alias_even_a_small_one_is_refused():
    with pytest.raises(InvalidInput, match="ankere og -aliaser"):
        parse_yaml("a: &x {b: 1}\nc: *x\n", filename="plan.yaml")
    with pytest.raises(InvalidInput, match="ankere og -aliaser"):
        parse_yaml("base: &b {x: 1}\nother:\n  <<: *b\n", filename="plan.yaml")


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,   # crashed libyaml's composer (a segfault)
    "- " * 100_000 + "x\n",          # so did this
    "".join(" " * i + f"k{i}:\n" for i in range(40)) + " " * 40 + "v\n",
])
def test_nesting_deeper_than_any_plan_is_refused(text):
    with pytest.raises(InvalidInput, match="nøstet for dypt") as info:
        parse_yaml(text, filename="plan.yaml")
    assert info.value.problems[0].line is not None


def test_a_file_over_the_size_cap_is_refused(settings, monkeypatch):
    from levekar.core.lib import limits

    monkeypatch.setattr(limits, "MAX_YAML_BYTES", 1000)
    with pytest.raises(InvalidInput, match="Filen er for stor"):
        parse_yaml("a: " + "x" * 2000 + "\n", filename="plan.yaml")
