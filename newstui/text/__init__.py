"""Provides the character-safety policy for untrusted text: what reaches a terminal cell, and
what never does (escape sequences, controls, markup).

Imports nothing of newstui.
"""
