"""Provides the configuration: the TOML schema and its loading, the built-in sources, edits of
the config file that keep its layout, and OPML / newsboat `urls` import and export.

May import newstui.text and newstui.models.
"""
