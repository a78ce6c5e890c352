"""Provides syncing with an aggregator server (FreshRSS, Miniflux, Inoreader, ...) over the Google
Reader API: the client (greader), the answers as typed values (wire) and the sync plan (engine).

May import newstui.storage, newstui.net, newstui.config, newstui.stories, newstui.text and
newstui.models; never the interface.
"""
