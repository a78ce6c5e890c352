"""Provides the main screen's key bindings, in the order the help lists them, and the meaning of
each mark of the headline list."""

from __future__ import annotations

from textual.binding import Binding, BindingType

MAIN_BINDINGS: list[BindingType] = [
    # One key, two meanings (check_action enables one): with an article open, `q` closes it,
    # as the reading pane's `q` and the narrow layout's do, where Enter left the focus in the
    # list; it quits only with none open. Both share the keymap id "quit" so a keymap moves both.
    Binding("q", "close_article", "Close", id="quit"),
    Binding("q", "quit", "Quit", id="quit"),
    # Priority: handled as the key arrives, so the keys typed right after it (already queued,
    # a paste, tmux send-keys) reach the filter bar, not the list (MainScreen.check_action).
    Binding("slash", "filter", "Filter", id="filter", priority=True),
    Binding("1", "view('all')", "All", show=False, id="view_all"),
    Binding("2", "view('unread')", "Unread", show=False, id="view_unread"),
    Binding("3", "view('starred')", "Starred", show=False, id="view_starred"),
    Binding("v", "cycle_view", "View", show=False, id="cycle_view"),
    Binding("A", "mark_all_read", "Mark all shown read", show=False, id="mark_all_read"),
    Binding("U", "undo_mark_all", "Undo mark all read", show=False, id="undo_mark_all"),
    Binding("T", "pick_tag", "Tag", show=False, id="pick_tag"),
    Binding("ctrl+t", "toggle_theme", "Light/dark", show=False, id="toggle_theme"),
    Binding("X", "toggle_stories", "Stories on/off", show=False, id="toggle_stories"),
    Binding("question_mark", "help", "Help", id="help"),
    Binding("r", "refresh", "Refresh", id="refresh"),
    Binding("o", "open_link", "Browser", id="open_link"),
    Binding("n", "jump_new", "Newest", id="jump_new"),
    Binding("tab", "switch_pane", "Switch pane", id="switch_pane", priority=True),
    Binding("S", "sources", "Sources", id="sources"),
    Binding("f", "toggle_full_text", "Full/feed text", id="toggle_full_text"),
    Binding("u", "toggle_read", "Read/unread", show=False, id="toggle_read"),
    Binding("s", "toggle_star", "Star", show=False, id="toggle_star"),
    Binding("space", "reader_page(1)", "Page down", show=False, id="reader_page_down"),
    Binding("b", "reader_page(-1)", "Page up", show=False, id="reader_page_up"),
    Binding("escape", "go_back", "Back", show=False, id="back"),
    Binding("P", "pin_pane", "Pin the pane", show=False, id="pin_pane"),
    Binding("right_square_bracket", "next_unread(1)", "Next unread", id="next_unread"),
    Binding(
        "left_square_bracket",
        "next_unread(-1)",
        "Previous unread",
        show=False,
        id="prev_unread",
    ),
    Binding("J", "next_source(1)", "Next source", show=False, id="next_source"),
    Binding("K", "next_source(-1)", "Previous source", show=False, id="prev_source"),
]
"""The main screen's keys; their order is the order of the help's "Everywhere" rows, their ids
the keymap's (newstui.config.choices lists them for the config)."""

FOOTER_RANKS = (
    "open",
    "screen.go_back",  # the reading pane's Esc (shown while the pane has the focus)
    "submit",  # the filter bar's Enter and Esc (shown while it has the focus)
    "clear_filter",
    "filter",
    "next_unread(1)",
    "help",
    "quit",
    "close_article",  # `q` while an article is open (then "quit" is not shown)
    "jump_new",
    "open_link",
    "sources",
    "toggle_full_text",
    "refresh",
    "switch_pane",
)
"""The footer's keys by importance (actions): the first five fit at 60 columns (the list's
open or the pane's back, never both: each shows while its widget has the focus), the rest as the
width allows (KeyFooter); every key is in the help and the palette at any width."""
