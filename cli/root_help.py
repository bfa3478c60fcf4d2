"""`warrantwise --help` without typer, click or rich: issue 5 wants it no slower than a typer
hello-world's, and importing typer and rich is most of such a run.

The root help is static (the COMMANDS table, the catalogs, the root options), so main() asks
here first. This draws it as typer's rich help does (typer/rich_utils.py): the same usage line,
panels, wrapping at the console's width, and the main styles where rich would use them. Whatever
typer would draw differently is left to typer: any other command line, a terminal too narrow for
this layout (rich would shrink or fold columns), Windows, an output that is not UTF-8.
tests/test_root_help.py holds the two to the same text.
"""

from __future__ import annotations

import os
import re
import sys
from itertools import groupby

from .app import root_option_helps, summaries
from .i18n import _

BOLD, DIM, GREEN, YELLOW, CYAN = 1, 2, 32, 33, 36
COLOURS = frozenset(range(30, 38))
NONE: frozenset[int] = frozenset()

# typer's highlighters: each match's named group takes the style, a later one over an earlier.
# (Patterns, not compiled: every start imports this module, few draw the help.)
OPTION_HIGHLIGHTS = [
    (r"(^|\W)(?P<hit>\-\w+)(?![a-zA-Z0-9])", {BOLD, GREEN}),
    (r"(^|\W)(?P<hit>\-\-[\w\-]+)(?![a-zA-Z0-9])", {BOLD, CYAN}),
    (r"(?P<hit>\<[^\>]+\>)", {BOLD, YELLOW}),
    (r"(?P<hit>Usage: )", {YELLOW}),
]
TYPE_HIGHLIGHTS = [(r"^(?P<hit>[\[<])", {DIM}), (r"(?P<hit>\|)", {DIM}), (r"(?P<hit>[\]>])(\.\.\.)?$", {DIM})]

# The root options as typer lists them (cli/typer_app.py declares them): flag, metavar, help.
OPTIONS = [("--version", "", "version"), ("--lang", "LANG", "lang"), ("--pack", "<str>", "pack")]
HELP_OPTION = ("--help", "", "Show this message and exit.")  # click's, in English as typer shows it

Cells = list[tuple[str, frozenset[int]]]  # one (character, SGR codes) per cell


class _Unfit(Exception):
    """typer would lay this out otherwise (shrunk columns, a folded word): let typer draw it."""


def answer(argv: list[str]) -> int | None:
    """Print the root help if `argv` asks for it alone and it can be drawn as typer draws it;
    return typer's exit status for it (0 for --help, 2 for no arguments), else None."""
    if not _asks_for_root_help(argv):
        return None
    prog, console = _prog(), _console()
    if prog is None or console is None:
        return None
    try:
        text = render(prog, *console)
    except _Unfit:
        return None
    sys.stdout.write(text + ("\n" if argv else ""))  # click echoes an empty line after --help
    sys.stdout.flush()
    return 0 if argv else 2


def _asks_for_root_help(argv: list[str]) -> bool:
    """No arguments (and no terminal: main() starts the wizard on one), or --help with at most
    a root --lang, which main() has already read."""
    rest = list(argv)
    for i, arg in enumerate(rest):
        if arg.startswith("--lang=") or arg == "--lang" and i + 1 < len(rest):
            del rest[i : i + (1 if "=" in arg else 2)]
            break
    return not argv or rest == ["--help"]


def _prog() -> str | None:
    """click's program name, the script's; None under `python -m`, which click names otherwise."""
    if getattr(sys.modules.get("__main__"), "__package__", None):
        return None
    return os.path.basename(sys.argv[0])


def _console() -> tuple[int, frozenset[int]] | None:
    """The width and SGR codes of typer's rich console (rich.console.Console with typer's
    settings); None where this module does not follow it (TYPER_USE_RICH may turn rich off)."""
    env = os.environ
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower()
    fixed = env.get("TERMINAL_WIDTH") or (env.get("COLUMNS") if env.get("COLUMNS", "").isdigit() else None)
    if (sys.platform == "win32" or not encoding.startswith("utf") or "TYPER_USE_RICH" in env
            or fixed and not fixed.isdigit()):
        return None
    terminal = _is_terminal(env)
    dumb = terminal and env.get("TERM", "").lower() in ("dumb", "unknown")
    if not terminal or dumb:
        codes = NONE
    else:
        codes = frozenset({BOLD, DIM}) | (NONE if env.get("NO_COLOR") else COLOURS)
    if fixed and (env.get("LINES", "").isdigit() or not dumb):
        return int(fixed), codes
    if dumb:
        return 80, codes
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns or 80, codes
        except (AttributeError, ValueError, OSError):
            pass
    return 80, codes


def _is_terminal(env) -> bool:
    """rich's Console.is_terminal, with typer's force_terminal."""
    if env.get("_TYPER_FORCE_DISABLE_TERMINAL"):
        return False
    if env.get("GITHUB_ACTIONS") or env.get("FORCE_COLOR") or env.get("PY_COLORS"):
        return True
    if env.get("TTY_COMPATIBLE") in ("0", "1"):
        return env["TTY_COMPATIBLE"] == "1"
    if "FORCE_COLOR" in env:
        return False
    try:
        return sys.stdout.isatty()
    except ValueError:
        return False


def render(prog: str, width: int, codes: frozenset[int] = NONE) -> str:
    """The root help as typer draws it `width` cells wide, with the SGR codes among `codes`
    (none: plain text). Raises _Unfit where typer would lay it out otherwise."""
    usage = f"Usage: {prog} [OPTIONS] COMMAND [ARGS]..."
    if len(usage) > min(50, width - 2):  # click (at 50 columns or more) or rich would wrap it
        raise _Unfit
    first, *rest = _("app.help").split("\n\n")
    about = _wrap(_styled(first.replace("\n", " ").strip()), width - 2)
    if rest:
        about += [[]] + _wrap(_styled("\n\n".join(rest), {DIM}), width - 2)
    top = [_blank(1) + _fit(line, width - 2) + _blank(1) for line in [[], _styled(usage, {BOLD}), [], *about, []]]
    return "".join(_sgr(line, codes) + "\n" for line in top + _options(width - 4) + _commands(width - 4))


def _options(inner: int) -> list[Cells]:
    helps = root_option_helps()
    options = [(flag, metavar, helps[name]) for flag, metavar, name in OPTIONS] + [HELP_OPTION]
    flag_width = max(len(flag) for flag, _metavar, _help in options)
    type_width = max(len(metavar) for _flag, metavar, _help in options)
    # Columns with their padding: flag, three empty ones (short and negative flags), type, help.
    columns = [flag_width + 1, 2, 2, 2, type_width + 2]
    help_width = inner - sum(columns)
    if help_width < max(columns):  # rich would shrink the other columns too
        raise _Unfit
    rows = []
    for flag, metavar, text in options:
        metavar = _styled(metavar, {BOLD, YELLOW}, TYPE_HIGHLIGHTS)
        left = _fit(_styled(flag), flag_width) + _blank(8) + _fit(metavar, type_width) + _blank(2)
        for i, line in enumerate(_wrap(_styled(text), help_width - 1)):
            rows.append((left if i == 0 else _blank(len(left))) + line)
    return _panel("Options", rows, inner)


def _commands(inner: int) -> list[Cells]:
    listed = summaries()
    name_width = max(map(len, listed))
    rows = []
    for name, summary in listed.items():
        for i, line in enumerate(_wrap(_styled(summary.split("\n\n")[0].strip()), inner - name_width - 2)):
            rows.append(_fit(_styled(name if i == 0 else "", {BOLD, CYAN}, ()), name_width) + _blank(2) + line)
    return _panel("Commands", rows, inner)


def _panel(title: str, rows: list[Cells], inner: int) -> list[Cells]:
    """rich's Panel (rounded box, dim border, title on the left) around rows `inner` cells wide."""
    top = f"╭─ {title} " + "─" * (inner - len(title) - 2) + "─╮"
    side = _styled("│", {DIM}, ())
    return ([_styled(top, {DIM}, ())] + [side + _blank(1) + row + _blank(1) + side for row in rows]
            + [_styled("╰" + "─" * (inner + 2) + "╯", {DIM}, ())])


def _styled(text: str, style=NONE, highlights=OPTION_HIGHLIGHTS) -> Cells:
    """`text` in `style`, with typer's highlights over it (rich's Style sum: the latest colour wins)."""
    styles = [frozenset(style)] * len(text)
    for pattern, over in highlights:
        for hit in re.finditer(pattern, text):
            for i in range(*hit.span("hit")):
                styles[i] = (styles[i] - COLOURS if over & COLOURS else styles[i]) | over
    return list(zip(text, styles))


def _wrap(cells: Cells, width: int) -> list[Cells]:
    """rich's word wrap (rich/_wrap.py divide_line) of text whose every word fits in `width`."""
    text = "".join(char for char, _style in cells)
    lines, start = [], 0
    for line in text.split("\n"):
        breaks, offset = [0], 0
        for word in re.finditer(r"\s*\S+\s*", line):
            size = len(word.group().rstrip())
            if size > width:  # rich would fold or crop it
                raise _Unfit
            if width - offset >= size:
                offset += len(word.group())
            else:
                breaks.append(word.start())
                offset = len(word.group())
        ends = breaks[1:] + [len(line)]
        lines += [_fit(cells[start + a : start + b], width) for a, b in zip(breaks, ends)]
        start += len(line) + 1
    return lines


def _fit(cells: Cells, width: int) -> Cells:
    """Cropped (trailing spaces only, after _wrap) or padded to `width`."""
    return cells[:width] + _blank(width - len(cells))


def _blank(width: int) -> Cells:
    return [(" ", NONE)] * width


def _sgr(cells: Cells, codes: frozenset[int]) -> str:
    """A line as a terminal gets it: each run of one style in its SGR sequence, reset after it."""
    out = []
    for style, run in groupby(cells, key=lambda cell: cell[1] & codes):
        text = "".join(char for char, _style in run)
        out.append(f"\x1b[{';'.join(map(str, sorted(style)))}m{text}\x1b[0m" if style else text)
    return "".join(out)
