"""Provides desktop notifications through the terminal: which escape sequence the terminal shows
as one, and that sequence, wrapped for tmux when the ticker runs inside it.

Which terminals show which (their own documentation and trackers, checked 2026):
- OSC 9 (`ESC ] 9 ; text ST`, from iTerm2): iTerm2, WezTerm, Ghostty. ConEmu reads OSC 9 as
  its own commands (9;1 sleeps, 9;2 opens a message box), and Windows Terminal takes 9;4 and
  9;9 from it, so it is never sent to them.
- OSC 777 (`ESC ] 777 ; notify ; title ; body ST`, from urxvt's notify extension): foot,
  WezTerm, Ghostty, urxvt with that extension, VTE terminals patched as Fedora does (upstream
  VTE 0.46 and later ignores it silently), Windows Terminal releases of 2026 on.
- OSC 99 (`ESC ] 99 ; metadata ; payload ST`): kitty's own protocol, with title and body.
Terminals that know none of them ignore an OSC they do not know (xterm, Alacritty, Konsole), but
"auto" sends nothing to a terminal it cannot name.

Inside tmux the sequence reaches the terminal only through tmux's passthrough (`ESC P tmux;`
with every ESC doubled, `ESC \\`), which tmux 3.3 and later drop unless `allow-passthrough` is on
for the pane (`set -g allow-passthrough on`); tmux itself shows none of them. Which terminal is
outside tmux comes from tmux (`client_termtype`, what the terminal answered to XTVERSION, and
`client_termname`, its TERM).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass

from newstui.text.sanitize import plain_line

PROTOCOLS = ("osc9", "osc777", "osc99")
ESC, ST = "\x1b", "\x1b\\"
TEXT_MAX = 200
"""Characters of a notification's title or body: desktop notifications show about two lines."""
PASSTHROUGH_HINT = (
    "Desktop notifications cannot leave tmux: add `set -g allow-passthrough on` to "
    '~/.tmux.conf (tmux 3.3 or later), or set desktop_notify = "off"'
)


@dataclass(frozen=True)
class Route:
    """How notifications reach the desktop: an escape sequence protocol (None: none) and
    whether it goes through tmux's passthrough; `problem` says why none can, for the user."""

    protocol: str | None
    tmux: bool = False
    problem: str | None = None


def terminal_protocol(env: Mapping[str, str], termtype: str = "", termname: str = "") -> str | None:
    """The protocol the terminal shows notifications for, from its environment (or, inside
    tmux, from what tmux knows of the client: `termtype` and `termname`); None when unknown."""
    program = env.get("TERM_PROGRAM", "")
    term = termname or env.get("TERM", "")
    kind = termtype.lower()
    if "ConEmuPID" in env or "ConEmuANSI" in env:
        return None
    if program == "iTerm.app" or kind.startswith("iterm2"):
        return "osc9"
    if "kitty" in kind or term == "xterm-kitty" or "KITTY_WINDOW_ID" in env:
        return "osc99"
    if program in {"WezTerm", "ghostty"} or kind.startswith(("wezterm", "ghostty")):
        return "osc777"
    if term.startswith(("foot", "rxvt-unicode")) or kind.startswith("foot"):
        return "osc777"
    if "VTE_VERSION" in env or "WT_SESSION" in env:
        return "osc777"
    return None


def choose_route(setting: str, env: Mapping[str, str] | None = None) -> Route:
    """The route for the config's `desktop_notify` ("auto", a protocol, or "off"). Inside tmux
    it asks tmux (a short subprocess: call it off the event loop)."""
    env = os.environ if env is None else env
    if setting == "off":
        return Route(None)
    inside_tmux = bool(env.get("TMUX"))
    termtype = termname = ""
    passthrough = True
    if inside_tmux:
        termtype, termname, passthrough = _ask_tmux(env)
    protocol = setting if setting in PROTOCOLS else terminal_protocol(env, termtype, termname)
    if protocol is None:
        return Route(None)
    if inside_tmux and not passthrough:
        return Route(None, tmux=True, problem=PASSTHROUGH_HINT)
    return Route(protocol, tmux=inside_tmux)


def _ask_tmux(env: Mapping[str, str]) -> tuple[str, str, bool]:
    """(client_termtype, client_termname, passthrough allowed) of the pane newstui runs in.
    tmux before 3.3 has no allow-passthrough and always passes: an empty answer allows."""
    pane = env.get("TMUX_PANE", "")
    target = ["-t", pane] if pane else []
    try:
        done = subprocess.run(
            [
                "tmux",
                "display-message",
                "-p",
                *target,
                "#{client_termtype}\t#{client_termname}\t#{allow-passthrough}",
            ],
            capture_output=True,
            text=True,
            timeout=2,
            stdin=subprocess.DEVNULL,
            env=dict(env),  # its TMUX names the server to ask
        )
    except (OSError, subprocess.SubprocessError):
        return "", "", False
    parts = [*done.stdout.rstrip("\n").split("\t"), "", "", ""][:3]
    return parts[0], parts[1], parts[2] not in {"0", "off"}


def _text(text: str) -> str:
    """Safe inside an OSC: no control characters (an ESC or BEL would end it early), and no
    ';', which separates OSC 777's fields."""
    return plain_line(text, TEXT_MAX).replace(";", ",")


def sequence(route: Route, title: str, body: str) -> str:
    """The escape sequence that shows a notification with `title` and `body` ("" when the
    route has no protocol)."""
    title, body = _text(title), _text(body)
    if route.protocol == "osc9":
        # The text never starts with a digit and ';' (Windows Terminal's 9;4 progress).
        raw = f"{ESC}]9;{title}: {body}{ST}"
    elif route.protocol == "osc777":
        raw = f"{ESC}]777;notify;{title};{body}{ST}"
    elif route.protocol == "osc99":
        # Title and body in two chunks of one notification (i= ties them, d=0 holds it back).
        raw = f"{ESC}]99;i=newstui:d=0:p=title;{title}{ST}{ESC}]99;i=newstui:d=1:p=body;{body}{ST}"
    else:
        return ""
    if route.tmux:
        return f"{ESC}Ptmux;{raw.replace(ESC, ESC + ESC)}{ST}"
    return raw
