"""Provides fetching, parsing and polling of news feeds (nothing is imported here)."""
