"""Provides `python -m newstui`."""

from newstui.launch import main

raise SystemExit(main())
