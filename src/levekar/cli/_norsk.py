"""Click's and Typer's own texts in Norwegian («Show this message and exit.» …).

Two sources of English: (1) Click and Typer's panels translate with the standard
library's ``gettext`` (bound as ``from gettext import gettext as _`` when imported), so
``install()`` makes those functions answer in Norwegian before either is imported
(``levekar/cli/__init__.py``); (2) Typer's own copy of Click (``typer._click``) writes
its help option, usage prefix and error messages as plain English strings, so
``install()`` sets the help text, the usage prefix, and passes every error message
through ``translate_error`` (patterns below). Only the CLI process is affected; Django
has its own translations. ``tests`` run ``levekar`` as a subprocess and check the texts.
"""

import functools
import gettext
import re

NB = {
    "Do you want to continue?": "Vil du fortsette?",
    "Confirm the action without prompting.": "Bekreft handlingen uten å spørre.",
    "%(prog)s, version %(version)s": "%(prog)s, versjon %(version)s",
    "Show the version and exit.": "Vis versjonen og avslutt.",
    "Show this message and exit.": "Vis denne hjelpeteksten og avslutt.",
    "{editor}: Editing failed": "{editor}: Redigeringen mislyktes",
    "{editor}: Editing failed: {e}": "{editor}: Redigeringen mislyktes: {e}",
    "Usage:": "Bruk:",
    "Repeat for confirmation": "Gjenta for å bekrefte",
    "Error: {message}": "Feil: {message}",
    "Error: The two entered values do not match.": "Feil: De to verdiene er ikke like.",
    "Error: invalid input": "Feil: ugyldig verdi",
    "Press any key to continue...": "Trykk en tast for å fortsette …",
    "Aborted!": "Avbrutt!",
    "Aborted.": "Avbrutt.",
    "deprecated": "foreldet",
    "(deprecated) ": "(foreldet) ",
    "Options": "Valg",
    "Positional arguments": "Argumenter",
    "Arguments": "Argumenter",
    "Commands": "Kommandoer",
    "Missing command.": "Kommandoen mangler.",
    "Value must be an iterable.": "Verdien må være en liste.",
    "env var: {var}": "miljøvariabel: {var}",
    "default: {default}": "standard: {default}",
    "(dynamic)": "(dynamisk)",
    "required": "påkrevd",
    "[default: {}]": "[standard: {}]",
    "[env var: {}]": "[miljøvariabel: {}]",
    "[required]": "[påkrevd]",
    "Error": "Feil",
    "Try [blue]'{command_path} {help_option}'[/] for help.":
        "Skriv [blue]'{command_path} {help_option}'[/] for hjelp.",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' for hjelp.",
    "Invalid start character for option ({option})": "Ugyldig første tegn i valget ({option})",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tar {nargs} verdier.",
    "Option {name!r} does not take a value.": "Valget {name!r} tar ingen verdi.",
    "Invalid value: {message}": "Ugyldig verdi: {message}",
    "Invalid value for {param_hint}: {message}": "Ugyldig verdi for {param_hint}: {message}",
    "Missing argument": "Argument mangler",
    "Missing option": "Valg mangler",
    "Missing parameter": "Parameter mangler",
    "Missing {param_type}": "{param_type} mangler",
    "Missing parameter: {param_name}": "Parameteren mangler: {param_name}",
    "No such option {name!r}.": "Valget {name!r} finnes ikke.",
    "No such command {name!r}.": "Kommandoen {name!r} finnes ikke.",
    "unknown error": "ukjent feil",
    "Could not open file {filename!r}: {message}":
        "Kunne ikke åpne filen {filename!r}: {message}",
    "Choose from:\n\t{choices}": "Velg blant:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et gyldig {number_type}.",
    "{value} is not in the range {range}.": "{value} er utenfor området {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} er ikke ja/nei. Gyldige verdier: {states}",
    "{value!r} is not a valid UUID.": "{value!r} er ikke en gyldig UUID.",
    "file": "filen",
    "directory": "mappen",
    "path": "stien",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finnes ikke.",
    "{name} {filename!r} is a file.": "{name} {filename!r} er en fil.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} er en mappe.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan ikke leses.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} kan ikke skrives til.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} kan ikke kjøres.",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "Fullføring i skallet virker ikke i Bash eldre enn 4.4.",
    "Couldn't detect Bash version, shell completion is not supported.":
        "Fant ikke Bash-versjonen; fullføring i skallet virker ikke.",
}
# singular msgid → (singular, plural) in Norwegian
NB_PLURAL = {
    "Got unexpected extra argument ({args})":
        ("Uventet ekstra argument ({args})", "Uventede ekstra argumenter ({args})"),
    "Takes {nargs} values but 1 was given.":
        ("Tar {nargs} verdier, men fikk 1.", "Tar {nargs} verdier, men fikk {len}."),
    "Option {name!r} requires an argument.":
        ("Valget {name!r} trenger en verdi.", "Valget {name!r} trenger {nargs} verdier."),
    "Did you mean {possibility}?":
        ("Mente du {possibility}?", "(Mente du en av: {possibilities}?)"),
    "{value!r} is not {choice}.": ("{value!r} er ikke {choice}.",
                                   "{value!r} er ikke en av {choices}."),
    "{value!r} does not match the format {format}.":
        ("{value!r} har ikke formatet {format}.", "{value!r} har ingen av formatene {formats}."),
    "{len_type} values are required, but {len_value} was given.":
        ("{len_type} verdier trengs, men fikk {len_value}.",
         "{len_type} verdier trengs, men fikk {len_value}."),
}
# The names of the parameter types (shown as TEKST, HELTALL … and in error messages).
TYPE_NAMES = {"StringParamType": "tekst", "IntParamType": "heltall",
              "FloatParamType": "desimaltall", "BoolParamType": "ja/nei",
              "Path": "sti", "File": "fil", "DateTime": "tidspunkt",
              "IntRange": "heltallsområde", "FloatRange": "desimaltallsområde"}


HELP_TEXT = "Vis denne hjelpeteksten og avslutt."
USAGE = "Bruk: "
TYPES = {"integer": "heltall", "float": "desimaltall", "boolean": "ja/nei-verdi",
         "int": "heltall", "str": "tekst", "bool": "ja/nei-verdi"}
LABELS = {"File": "Filen", "Directory": "Mappen", "Path": "Stien", "file": "filen",
          "directory": "mappen", "path": "stien"}
_ERRORS = [
    (r"Missing option '(?P<a>.+?)'\.(?P<rest>.*)", "Valget '{a}' mangler.{rest}"),
    (r"Missing argument '(?P<a>.+?)'\.(?P<rest>.*)", "Argumentet '{a}' mangler.{rest}"),
    (r"Missing parameter: (?P<a>.+)", "Parameteren mangler: {a}"),
    (r"Missing (?P<a>\w+)(?P<rest>.*)", "Mangler {a}{rest}"),
    (r"No such option: (?P<a>\S+) \(Possible options: (?P<b>.+)\)",
     "Valget {a} finnes ikke (mulige valg: {b})."),
    (r"No such option: (?P<a>\S+)", "Valget {a} finnes ikke."),
    (r"No such command '(?P<a>.+)'\.", "Kommandoen '{a}' finnes ikke."),
    (r"Got unexpected extra argument\(s\) \((?P<a>.*)\)", "Uventede ekstra argumenter ({a})."),
    (r"Invalid value for (?P<a>.+?): (?P<msg>.*)", "Ugyldig verdi for {a}: {msg}"),
    (r"Invalid value: (?P<msg>.*)", "Ugyldig verdi: {msg}"),
    (r"(?:Value )?(?P<a>.+) is not a valid (?P<type>[\w ]+)\.?", "{a} er ikke et gyldig {type}."),
    (r"(?P<a>.+) is not one of (?P<b>.+?)\.?", "{a} er ikke en av {b}."),
    (r"(?P<a>.+) is not in the range (?P<b>.+?)\.?", "{a} er utenfor området {b}."),
    (r"(?P<label>File|Directory|Path) (?P<a>.+) does not exist\.", "{label} {a} finnes ikke."),
    (r"(?P<label>File|Directory|Path) (?P<a>.+) is a file\.", "{label} {a} er en fil."),
    (r"(?P<label>File|Directory|Path) (?P<a>.+) is a directory\.", "{label} {a} er en mappe."),
    (r"(?P<label>File|Directory|Path) (?P<a>.+) is not readable\.",
     "{label} {a} kan ikke leses."),
    (r"(?P<label>File|Directory|Path) (?P<a>.+) is not writable\.",
     "{label} {a} kan ikke skrives til."),
    (r"Could not open file (?P<a>.+?): (?P<msg>.*)", "Kunne ikke åpne filen {a}: {msg}"),
    (r"Value must be an iterable\.", "Verdien må være en liste."),
    (r"Input should be a valid (?P<type>integer|number|boolean)\b.*",
     "Verdien må være {type}."),
    (r"Choose from:(?P<a>.*)", "Velg blant:{a}"),
]
INPUT_TYPES = {"integer": "et heltall", "number": "et tall", "boolean": "ja eller nei"}
# Typer's type labels in help (<str>, <int>, <path> …) and the usage line's placeholders.
TYPE_LABELS = {"str": "tekst", "int": "heltall", "float": "desimaltall", "bool": "ja/nei",
               "path": "sti", "file": "fil", "dir": "mappe", "datetime": "tidspunkt"}
USAGE_PIECES = {"[OPTIONS]": "[VALG]", "COMMAND [ARGS]...": "KOMMANDO [ARGUMENTER]...",
                "[ARGS]...": "[ARGUMENTER]..."}
ERRORS = [(re.compile(pattern, re.S), text) for pattern, text in _ERRORS]


def translate_error(message: str) -> str:
    """An English Click/Typer error message in Norwegian (unchanged when unknown)."""
    for pattern, text in ERRORS:
        m = pattern.fullmatch(message.strip())
        if m:
            parts = m.groupdict()
            if "msg" in parts:
                parts["msg"] = translate_error(parts["msg"])
            if "type" in parts:
                parts["type"] = (INPUT_TYPES.get(parts["type"]) if "Input should" in message
                                 else None) or TYPES.get(parts["type"], parts["type"])
            if "label" in parts:
                parts["label"] = LABELS.get(parts["label"], parts["label"])
            return text.format(**parts)
    return message


class Norwegian(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return NB.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        pair = NB_PLURAL.get(singular)
        if pair is None:
            return singular if n == 1 else plural
        return pair[0] if n == 1 else pair[1]


def install() -> None:
    translations = Norwegian()
    gettext.gettext = translations.gettext
    gettext.ngettext = translations.ngettext
    import click.types

    for class_name, name in TYPE_NAMES.items():
        getattr(click.types, class_name).name = name
    _patch_typer_click()


def _patch_typer_click() -> None:
    try:
        from typer._click import core, exceptions, formatting
    except ImportError:  # an older Typer uses Click itself, translated through gettext
        return
    original_help = core.Command.get_help_option

    @functools.wraps(original_help)
    def get_help_option(self, ctx):
        option = original_help(self, ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    core.Command.get_help_option = get_help_option
    original_usage = formatting.HelpFormatter.write_usage

    @functools.wraps(original_usage)
    def write_usage(self, prog, args="", prefix=None):
        return original_usage(self, prog, args, USAGE if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage
    from typer import core as typer_core

    original_type = typer_core._TyperParameter.display_type

    @functools.wraps(original_type)
    def display_type(self, ctx):
        label = original_type(self, ctx)
        inner = label[1:-1] if label.startswith("<") and label.endswith(">") else None
        return f"<{TYPE_LABELS[inner]}>" if inner in TYPE_LABELS else label

    typer_core._TyperParameter.display_type = display_type
    original_missing = typer_core._TyperParameter.get_missing_message

    @functools.wraps(original_missing)
    def get_missing_message(self, ctx):
        return translate_error(original_missing(self, ctx) or "")

    typer_core._TyperParameter.get_missing_message = get_missing_message
    for cls in (core.Command, typer_core.TyperGroup):
        if "collect_usage_pieces" in cls.__dict__:
            cls.collect_usage_pieces = _usage_pieces(cls.__dict__["collect_usage_pieces"])
    for cls in list(vars(exceptions).values()):
        if (isinstance(cls, type) and issubclass(cls, exceptions.ClickException)
                and "format_message" in cls.__dict__):
            cls.format_message = _translated(cls.__dict__["format_message"])


def _usage_pieces(collect):
    @functools.wraps(collect)
    def wrapper(self, ctx):
        return [USAGE_PIECES.get(piece, piece) for piece in collect(self, ctx)]
    return wrapper


def _translated(format_message):
    @functools.wraps(format_message)
    def wrapper(self):
        return translate_error(format_message(self))
    return wrapper
