"""Provides the SQLite store: schema, migrations, sources with their fetch state, headlines,
marks, cached articles and settings; reads on a connection per thread, writes by one writer
thread (`store` is the entry point: Store, StoreError).

May import newstui.models only.
"""
