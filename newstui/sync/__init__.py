"""Provides syncing with an aggregator server (FreshRSS, Miniflux, Inoreader, ...) over the Google
Reader API: the client (greader), the answers as typed values (wire) and the sync plan (engine)."""
