"""Provides the app's screens other than the main ticker."""
