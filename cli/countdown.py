"""The live hold countdown: time left, a colour that turns at 15 and 5 minutes left, the banner
at the limit, and single keys. Redrawn once a second with rich Live; it never prompts (typing
under a Live garbles the screen), so the caller asks anything only after it returns.

The clock, the keys and the hold's state come from the caller, so tests run it on a fake clock
and a script of keys; the state is the rules core's decision for `now`, so no limit logic
lives here.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from typing import Callable, Optional, Protocol

from rich.console import Group
from rich.panel import Panel
from rich.text import Text

from rules.hold import hold_phase

from .i18n import _
from .render import PHASE_STYLE, hold_text
from .safe_text import printable

PHASE_COLOUR = {"ok": "green", "warn": "yellow", "urgent": "red", "expired": "red"}


@dataclass(frozen=True)
class Frame:
    """What one redraw shows: the decision's hold and its verdict on holding the person."""

    hold: dict
    detain: str
    ref: Optional[str] = None
    started: Optional[dt.datetime] = None
    released: Optional[dt.datetime] = None  # released meanwhile, from another terminal


def frame_of(decision: dict, started: Optional[dt.datetime], released: Optional[dt.datetime] = None) -> Frame:
    """The frame for a decision on a hold (its id is the hold's reference)."""
    return Frame(decision["hold"], decision["actions"]["detain"]["verdict"], decision["id"], started, released)


class KeySource(Protocol):
    def next_key(self, timeout: float) -> Optional[str]: ...


def clock_words(minutes: float) -> str:
    """Minutes as m:ss (or h:mm:ss from an hour)."""
    seconds = max(0, round(minutes * 60))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _key_words() -> dict[str, str]:
    return {"r": _("countdown.key_r"), "c": _("countdown.key_c"), "q": _("countdown.key_q")}


def _phase_words() -> dict[str, str]:
    return {"warn": _("countdown.warn"), "urgent": _("countdown.urgent")}


def countdown_view(frame: Frame, keys: str = "rcq") -> Panel:
    hold = frame.hold
    phase = hold_phase(hold["remaining_minutes"])
    style, colour = PHASE_STYLE[phase], PHASE_COLOUR[phase]
    held = _("countdown.held", clock=clock_words(hold["elapsed_minutes"]))
    left = _("countdown.left", clock=clock_words(hold["remaining_minutes"]))
    body: list = [
        Text.assemble((f" {left} ", style), " " + _("countdown.of_limit", limit=f"{hold['limit_minutes']:g}")),
        _bar(hold["elapsed_minutes"] / hold["limit_minutes"], colour),
        Text(_("countdown.held_began", held=held, began=frame.started.strftime("%H:%M")) if frame.started else held),
    ]
    if phase == "expired" or frame.detain == "prohibited":
        body.append(hold_text({**hold, "elapsed_minutes": round(hold["elapsed_minutes"])}, frame.detain))
    elif phase in ("warn", "urgent"):
        body.append(Text(_phase_words()[phase], style=style))
    if keys:
        words = _key_words()
        body.append(Text(" · ".join(f"{k} {words[k]}" for k in keys), style="dim"))
    title = Text.assemble(_("countdown.hold"), (f" {printable(frame.ref)}" if frame.ref else ""),
                          " · " + _("countdown.rule", rule=hold["rule"]))
    return Panel(Group(*body), title=title, border_style=colour, expand=False)


def _bar(done: float, colour: str, width: int = 40) -> Text:
    """How much of the limit is used, as a bar that fits a 60-column terminal."""
    filled = round(width * min(1.0, max(0.0, done)))
    return Text.assemble(("━" * filled, colour), ("━" * (width - filled), "grey42"))


def began_words(started: dt.datetime, now: dt.datetime) -> str:
    """A start time as its clock time, with the date when it is not today's (in its own offset)."""
    return started.strftime("%H:%M" if started.date() == now.astimezone(started.tzinfo).date() else "%Y-%m-%d %H:%M")


def run_countdown(
    frame_at: Callable[[dt.datetime], Frame],
    *,
    console,
    keys: KeySource,
    clock: Callable[[], dt.datetime],
    allowed: str = "rcq",
) -> tuple[str, Frame]:
    """Redraw once a second until one of `allowed` is pressed, or the hold is released elsewhere
    (`"released"`). Returns the key and the last frame."""
    from rich.live import Live

    frame = frame_at(clock())
    with Live(countdown_view(frame, allowed), console=console, auto_refresh=False) as live:
        while frame.released is None:
            now = clock()
            key = keys.next_key(timeout=1 - now.microsecond / 1e6)  # wake on the next whole second
            if key and key.lower() in allowed:
                return key.lower(), frame
            frame = frame_at(clock())
            live.update(countdown_view(frame, allowed), refresh=True)
    return "released", frame


class TerminalKeys:
    """Single key presses from the terminal (no echo, no Enter) while the countdown runs.

    Ctrl-C still interrupts: the terminal is in cbreak mode, not raw, and is restored on exit.
    """

    def __enter__(self) -> "TerminalKeys":
        if sys.platform != "win32":
            import termios
            import tty

            self._fd = sys.stdin.fileno()
            self._saved = termios.tcgetattr(self._fd)
            tty.setcbreak(self._fd)
        return self

    def __exit__(self, *exc) -> None:
        if sys.platform != "win32":
            import termios

            termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)

    def next_key(self, timeout: float) -> Optional[str]:
        if sys.platform == "win32":
            return _windows_key(timeout)
        import os
        import select

        ready, _, _ = select.select([self._fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        data = os.read(self._fd, 64).decode("utf-8", "replace")  # a whole escape sequence at once
        return data[:1] if data and data[0] != "\x1b" else None


def _windows_key(timeout: float) -> Optional[str]:
    import msvcrt
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if msvcrt.kbhit():
            return msvcrt.getwch()
        time.sleep(0.05)
    return None
