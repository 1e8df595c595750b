"""YAML in, plain data out, with the line of every value (for error messages).

PyYAML's composer gives a node tree where each node carries its position in the text;
we build the Python data from that tree ourselves so that every path (``("focus_areas",
0, "goals", 1, "code")``) maps to the line where its value (and its key) stands. Dates
become ISO strings (the JSON Schema sees what the file says), duplicate keys are an
error (YAML would silently keep the last one), and a value YAML cannot construct (a
31st of February) is reported at its line instead of stopping the whole parse.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from levekar.core.errors import InvalidInput, Problem
from levekar.core.lib import limits

Path = tuple[str | int, ...]

# PyYAML's messages are English; the ones people meet most get a Norwegian explanation.
_SYNTAX_HINTS = [
    ("mapping values are not allowed here",
     "et kolon står der det ikke er lov (sett tekst som inneholder «: » i anførselstegn)"),
    ("could not find expected ':'", "forventet «:» etter en nøkkel"),
    ("cannot start any token", "tegnet kan ikke stå her (tabulator er ikke lov; bruk mellomrom)"),
    ("found unexpected end of stream", "filen slutter midt i en verdi (mangler et anførselstegn?)"),
    ("expected <block end>", "innrykket stemmer ikke med linjene over"),
    ("did not find expected key", "innrykket stemmer ikke med linjene over"),
    ("did not find expected '-' indicator", "innrykket i listen stemmer ikke"),
    ("expected a single document", "filen kan bare inneholde ett YAML-dokument"),
    ("expected ',' or ']'", "en liste i hakeparenteser [ ] er ikke lukket"),
    ("expected ',' or '}'", "en gruppe i krøllparenteser { } er ikke lukket"),
    ("found undefined alias", "ukjent alias (*navn) uten tilhørende anker (&navn)"),
    ("found duplicate anchor", "samme anker (&navn) er brukt to ganger"),
]


def path_str(path: Path) -> str:
    """``("focus_areas", 0, "goals", 1, "code")`` → ``focus_areas[1].goals[2].code``.

    List positions are shown counting from 1, as people count entries in a file.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class ParsedYaml:
    data: Any
    filename: str
    value_lines: dict[Path, int] = field(default_factory=dict)
    key_lines: dict[Path, int] = field(default_factory=dict)
    # Values YAML could read but not construct (a 31st of February), duplicate keys …:
    # reported together with the schema's findings.
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: Path) -> int | None:
        """The line of the value at ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            if path in self.key_lines:
                return self.key_lines[path]
            if path in self.value_lines:
                return self.value_lines[path]
            if not path:
                return None
            path = path[:-1]

    def problem(self, path: Path, message: str, *, field_path: Path | None = None) -> Problem:
        """A ``Problem`` at the line of ``path``, naming ``field_path`` (default ``path``)."""
        shown = path if field_path is None else field_path
        return Problem(message, file=self.filename, line=self.line(path), field=path_str(shown))


_OPEN_QUOTE = re.compile(r"""^\s*(?:-\s+)?[\w-]+\s*:\s*(["'])(.*)$""")
_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:")


def _unclosed_quote(lines: list[str], upto: int) -> int | None:
    """The line (0-based) of a quoted value that is not closed on its own line, looking
    back from ``upto``: the usual cause of a YAML error reported far below it."""
    for i in range(min(upto, len(lines) - 1), max(upto - 40, -1), -1):
        m = _OPEN_QUOTE.match(lines[i])
        if not m:
            continue
        quote, rest = m.groups()
        closed = re.search(r'(?<!\\)"', rest) if quote == '"' else "'" in rest.replace("''", "")
        if not closed:
            return i
    return None


def _syntax_problem(exc: yaml.YAMLError, filename: str, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    if mark is not None and context_mark is not None and mark.index >= len(text.rstrip()):
        # The parser noticed only at the end of the file; where the construct began is
        # the line to fix (an unclosed bracket or quote).
        mark = context_mark
    detail = " ".join(filter(None, [getattr(exc, "context", None),
                                    getattr(exc, "problem", None)])) or str(exc)
    hint = next((no for en, no in _SYNTAX_HINTS if en in detail), None)
    lines = text.splitlines()
    line = mark.line if mark is not None else None
    quote_line = _unclosed_quote(lines, line) if line is not None else None
    if quote_line is not None:
        message = ("Filen er ikke gyldig YAML: et anførselstegn er ikke lukket (feilen ble "
                   f"oppdaget på linje {line + 1}: {detail})")
        line = quote_line
    else:
        message = "Filen er ikke gyldig YAML: " + (f"{hint} ({detail})" if hint else detail)
        if mark is not None:
            message += f", kolonne {mark.column + 1}"
    field_name = ""
    if line is not None and line < len(lines):
        # Name the key on the offending line, so the message says which field to fix.
        m = _KEY.match(lines[line])
        field_name = m.group(1) if m else ""
    return Problem(message + ".", file=filename,
                   line=line + 1 if line is not None else None, field=field_name)


# libyaml (C) when available: ten times faster on big plans. Its error messages differ,
# so a file with a syntax error is parsed again with the pure-Python parser for those.
_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAX_DEPTH = 32
# Nested flow collections ("[[[[") and compact nested sequences ("- - - -") make
# libyaml's composer recurse in C until the process crashes: refused before parsing.
_COMPACT_NESTING = re.compile(r"(?:[-?][ \t]+){" + str(MAX_DEPTH) + ",}")
_BRACKET = re.compile(r"[\[\]{}]")


def _refuse_before_parsing(text: str, filename: str) -> None:
    try:
        limits.check_size(len(text.encode("utf-8")), limits.MAX_YAML_BYTES)
    except limits.LimitExceeded as exc:
        raise InvalidInput([Problem(str(exc), file=filename)]) from None
    too_deep = f"Filen er nøstet for dypt (mer enn {MAX_DEPTH} nivåer inni hverandre)."
    match = _COMPACT_NESTING.search(text)
    if match:
        raise InvalidInput([Problem(too_deep, file=filename,
                                    line=text.count("\n", 0, match.start()) + 1)])
    depth = 0
    for bracket in _BRACKET.finditer(text):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MAX_DEPTH:
            raise InvalidInput([Problem(too_deep, file=filename,
                                        line=text.count("\n", 0, bracket.start()) + 1)])


def _refuse_aliases_and_depth(root, filename: str) -> None:
    """A plan file has no anchors and aliases (``&a`` / ``*a``): refused, since an alias
    to an alias to … ("billion laughs") expands a 1 KB file to gigabytes. Also refuses
    block nesting deeper than ``MAX_DEPTH``. Walks the node graph once, without recursion."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise InvalidInput([Problem(
                "Filen bruker YAML-ankere og -aliaser (&navn og *navn), som ikke er tillatt i "
                "en planfil. Skriv verdien ut der den trengs.", file=filename,
                line=node.start_mark.line + 1)])
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise InvalidInput([Problem(
                f"Filen er nøstet for dypt (mer enn {MAX_DEPTH} nivåer inni hverandre).",
                file=filename, line=node.start_mark.line + 1)])
        if isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


def parse_yaml(text: str, *, filename: str) -> ParsedYaml:
    """Parse one YAML document. A syntax error raises ``InvalidInput`` with its line;
    values that cannot be constructed are collected in ``ParsedYaml.problems``. Files
    over ``limits.MAX_YAML_BYTES``, nested deeper than ``MAX_DEPTH`` or with aliases are
    refused before anything is built."""
    _refuse_before_parsing(text, filename)
    loader = _FastLoader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise InvalidInput([_syntax_problem(_python_parser_error(text) or exc, filename,
                                                text)]) from exc
        if root is None:
            raise InvalidInput([Problem("Filen er tom.", file=filename)])
        _refuse_aliases_and_depth(root, filename)
        parsed = ParsedYaml(data=None, filename=filename)
        parsed.data = _build(loader, root, (), parsed, parsed.problems)
        return parsed
    finally:
        loader.dispose()


def _python_parser_error(text: str) -> yaml.YAMLError | None:
    loader = yaml.SafeLoader(text)
    try:
        loader.get_single_node()
    except yaml.YAMLError as exc:
        return exc
    finally:
        loader.dispose()
    return None


def _build(loader, node, path: Path, parsed: ParsedYaml, problems: list[Problem]) -> Any:
    parsed.value_lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolve merge keys (<<) the way YAML does
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node, path, parsed, problems)
            if not isinstance(key, str | int | bool | float) and key is not None:
                problems.append(Problem("En nøkkel må være en enkel tekst.", file=parsed.filename,
                                        line=key_node.start_mark.line + 1, field=path_str(path)))
                continue
            key = str(key) if not isinstance(key, str) else key
            child = (*path, key)
            if key in out:
                problems.append(Problem(f"Feltet «{key}» står to ganger.", file=parsed.filename,
                                        line=key_node.start_mark.line + 1,
                                        field=path_str(child)))
                continue
            parsed.key_lines[child] = key_node.start_mark.line + 1
            out[key] = _build(loader, value_node, child, parsed, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), parsed, problems)
                for i, item in enumerate(node.value)]
    return _scalar(loader, node, path, parsed, problems)


def _scalar(loader, node, path: Path, parsed: ParsedYaml, problems: list[Problem]) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        problems.append(Problem("En nøkkel må være en enkel tekst.", file=parsed.filename,
                                line=node.start_mark.line + 1, field=path_str(path)))
        return None
    try:
        value = loader.construct_object(node, deep=True)
    except (ValueError, yaml.constructor.ConstructorError) as exc:
        if node.tag == "tag:yaml.org,2002:timestamp":
            message = f"«{node.value}» er ikke en dato som finnes."
        else:
            message = f"verdien «{node.value}» kan ikke leses ({exc})."
        problems.append(Problem(message, file=parsed.filename, line=node.start_mark.line + 1,
                                field=path_str(path)))
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
