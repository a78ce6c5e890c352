"""Provides the Textual interface: the app and its widgets."""
