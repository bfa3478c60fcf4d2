"""questionary prompts for any interactive command: input and output come from the caller, so
tests drive them with a prompt_toolkit pipe, and Ctrl-C raises (`unsafe_ask`) so the command
maps it to exit 130 in one place (`exits_cleanly`).

Choices are `(value, title, description)` tuples: the value is a stable id, only the words are
shown. questionary's own English (its key instructions, confirm's Y/n) is replaced with the
catalog's words. Imports questionary on first use, so importing this module costs nothing.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional, Sequence

from .exit_codes import ExitCode
from .i18n import _, language

Choice = tuple[Any, str, str]
Validator = Callable[[str], Optional[str]]  # returns the problem, or None when the text is fine


class Prompter:
    def __init__(self, input=None, output=None):
        self.io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}

    def select(self, message: str, choices: Sequence[Choice], default: Any = None, instruction: Optional[str] = None) -> Any:
        import questionary

        items = [questionary.Choice(title, value=value, description=help or None) for value, title, help in choices]
        instruction = instruction or _("prompt.select_instruction")
        return questionary.select(message, items, default=default, instruction=instruction, **self.io).unsafe_ask()

    def checkbox(
        self, message: str, choices: Sequence[Choice], checked: Sequence[Any] = (), instruction: Optional[str] = None
    ) -> list:
        import questionary

        items = [
            questionary.Choice(title, value=value, description=help or None, checked=value in checked)
            for value, title, help in choices
        ]
        instruction = instruction or _("prompt.checkbox_instruction")
        return questionary.checkbox(message, items, instruction=instruction, **self.io).unsafe_ask()

    def confirm(self, message: str, default: bool = False) -> bool:
        """Yes or no. questionary's confirm reads only y/n, so other languages get a select of two."""
        if language() != "en":
            return self.select(message, [(True, _("prompt.yes"), ""), (False, _("prompt.no"), "")], default=default)
        import questionary

        return questionary.confirm(message, default=default, **self.io).unsafe_ask()

    def text(
        self, message: str, default: str = "", check: Optional[Validator] = None, multiline: bool = False,
        instruction: Optional[str] = None,
    ) -> str:
        import questionary

        def validate(text: str):
            problem = check(text) if check else None
            return True if problem is None else problem

        if multiline:  # a multi-line answer starts on its own line, the full width of the terminal
            instruction = (instruction or _("prompt.finish_text")) + "\n"
        question = questionary.text(
            message, default=default, validate=validate, multiline=multiline, instruction=instruction, **self.io
        )
        return question.unsafe_ask()


def require_terminal(message: str) -> None:
    """Exit 2 with `message` when standard input is not a terminal (nobody there to answer)."""
    if not sys.stdin.isatty():
        _exit(message, ExitCode.USAGE, mid_line=False)


@contextmanager
def exits_cleanly(interrupted: Optional[str] = None, input_ended: Optional[str] = None) -> Iterator[None]:
    """Ctrl-C -> `interrupted`, exit 130; input that ends mid-question -> `input_ended`, exit 2.

    No traceback either way. Use around everything that prompts.
    """
    try:
        yield
    except KeyboardInterrupt:
        _exit(interrupted or _("prompt.cancelled"), ExitCode.INTERRUPTED)
    except EOFError:
        _exit(input_ended or _("prompt.input_ended"), ExitCode.USAGE)


def _exit(message: str, code: int, mid_line: bool = True) -> None:
    """`message` on a line of its own (after the half-answered prompt, when there is one), then exit."""
    import typer

    sys.stderr.write(("\n" if mid_line else "") + message + "\n")
    raise typer.Exit(code)
