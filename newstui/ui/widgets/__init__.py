"""Provides the ticker's widgets: they present what they are given and post messages.

May import newstui.text and newstui.models; never storage, the network or feeds.
"""
