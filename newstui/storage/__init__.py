"""Provides the SQLite store: schema, migrations, sources with their fetch state, headlines,
marks and cached articles.

May import newstui.models only.
"""
