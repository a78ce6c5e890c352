"""Provides the network and the worker processes: the one polite HTTP client (`fetch`, with its
parts: `transport` set-up, `headers` checks of URLs and redirects, `body` reads within caps,
`errors` lines for the user), its asyncio network backend, and the process pool that takes
CPU-heavy parsing off the event loop.

May import newstui.text and newstui.models.
"""
