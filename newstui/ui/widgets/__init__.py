"""Provides the ticker's widgets: they present what they are given and post messages.

May import newstui.text, newstui.models, newstui.ui.views (plain data) and
newstui.ui.textual_compat; never storage, the network, feeds or articles: what reads those is
handed in as a small protocol defined beside the widget (ArticleSource, HeadlineSource).
"""
