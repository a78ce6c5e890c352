"""Provides the app's screens: the main ticker, help, sources, and small dialogs."""
