"""Provides the network and the worker processes: the one polite HTTP client, its asyncio network
backend, and the process pool that takes CPU-heavy parsing off the event loop.

May import newstui.text and newstui.models.
"""
