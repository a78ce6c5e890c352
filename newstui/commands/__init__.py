"""Provides the subcommands of `newstui`, one module each, and what they share (errors as
messages, the config and the store).

May import every package but newstui.cli.
"""
