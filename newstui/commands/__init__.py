"""Provides the subcommands of `newstui`, one module each."""
