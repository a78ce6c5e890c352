"""Provides the Textual interface: the app, its screens and widgets.

May import every package of the domain; nothing of it imports this.
"""
