"""Guards every touch of trafilatura's internals listed in newstui.articles.trafilatura_compat:
each still exists and behaves as relied on, and each fallback works when it is gone."""

from __future__ import annotations

import importlib
import sys
import types
from importlib.metadata import version

import pytest

from newstui.articles import trafilatura_compat as compat

PARAGRAPH = (
    "The council met on Tuesday evening to discuss the new library, which has been planned "
    "for more than a decade and is expected to open its doors to readers next spring."
)
PAGE = (
    "<html><head><title>Library plans approved | Varnholt Post</title>"
    "<meta property='og:title' content='Library plans approved'>"
    "<meta property='og:site_name' content='Varnholt Post'>"
    "<meta name='author' content='Ada Lovelace'>"
    "<meta property='article:published_time' content='2024-03-01T10:00:00Z'>"
    "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
    "<h1>Library plans approved</h1>"
    f"<p>{PARAGRAPH} It has a <a href='/plans.pdf'>published plan</a> and <b>bold</b> words.</p>"
    f"<blockquote><p>We have waited long enough for a place like this.</p></blockquote>"
    f"<ul><li>Longer opening hours</li><li>A quiet room</li></ul><p>{PARAGRAPH}</p>"
    "</article><footer>Copyright Varnholt Post</footer></body></html>"
)


def without(monkeypatch: pytest.MonkeyPatch, module_name: str, name: str) -> None:
    """Make `from module_name import name` fail in newstui's code, as after a release that moved
    it, while trafilatura's own functions (bound to the real module) keep working."""
    real = importlib.import_module(module_name)
    stand_in = types.ModuleType(module_name)
    stand_in.__dict__.update({k: v for k, v in vars(real).items() if k != name})
    monkeypatch.setitem(sys.modules, module_name, stand_in)


def tree() -> object:
    parsed = compat.parse_html(PAGE)
    assert parsed is not None
    return parsed


def test_the_installed_release_is_the_checked_one() -> None:
    # pyproject pins trafilatura to 2.3.x; a new minor means reading every touch again.
    installed = version("trafilatura").split(".")[:2]
    assert installed == compat.CHECKED_VERSION.split(".")[:2], (
        f"trafilatura {version('trafilatura')} is installed; check each of TOUCHES against it "
        "and update CHECKED_VERSION"
    )


@pytest.mark.parametrize("touch", compat.TOUCHES, ids=lambda t: t.name)
def test_every_listed_name_exists(touch: compat.Touch) -> None:
    module_name, _, attribute = touch.name.rpartition(".")
    if attribute == "body":  # an attribute of bare_extraction's result, checked below
        return
    module = importlib.import_module(module_name)
    assert callable(getattr(module, attribute)), touch.name


def test_the_body_is_a_tree_of_blocks_with_links_when_asked() -> None:
    page = tree()
    with_links = compat.extract_body(page, links=True, precision=True, fast=True)
    without = compat.extract_body(page, links=False, precision=True, fast=True)
    assert with_links is not None and without is not None
    tags = [block.tag for block in without]
    assert {"p", "quote", "list"} <= set(tags)
    refs = list(with_links.iter("ref"))
    assert [(r.text, r.get("target")) for r in refs] == [("published plan", "/plans.pdf")]
    assert not list(without.iter("ref"))
    # Links off keeps the words: the two bodies have the same text, block by block.
    texts = [" ".join("".join(b.itertext()).split()) for b in without]
    assert texts == [" ".join("".join(b.itertext()).split()) for b in with_links]


def test_the_markdown_writer() -> None:
    body = compat.extract_body(tree(), links=True, precision=True, fast=True)
    markdown = compat.body_markdown(body)
    assert "[published plan](/plans.pdf)" in markdown
    assert "**bold**" in markdown
    assert "- Longer opening hours" in markdown
    assert "We have waited long enough" in markdown


def test_the_markdown_writer_falls_back_to_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the writer there is no Markdown to trust: the text is written escaped, unlinked.
    body = compat.extract_body(tree(), links=True, precision=True, fast=True)
    without(monkeypatch, "trafilatura.xml", "xmltotxt")
    markdown = compat.body_markdown(body)
    assert "published plan and bold words." in markdown  # text kept, markup gone
    assert "[published plan]" not in markdown
    assert markdown.count("\n\n") >= 3


def test_metadata_steps_match_the_public_routine() -> None:
    from trafilatura import extract_metadata

    page = tree()
    lean = compat.page_meta(page, "https://example.org/a")
    full = extract_metadata(page, "https://example.org/a", extensive=False)
    assert lean == compat.PageMeta(
        "Library plans approved", "Varnholt Post", "Ada Lovelace", "2024-03-01"
    )
    assert (lean.title, lean.site_name, lean.author, lean.date) == (
        full.title,
        full.sitename,
        full.author,
        full.date,
    )


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("trafilatura.metadata", "examine_meta"),
        ("trafilatura.metadata", "extract_meta_json"),
        ("trafilatura.metadata", "extract_author"),
        ("trafilatura.metadata", "extract_url"),
        ("trafilatura.settings", "set_date_params"),
    ],
)
def test_metadata_survives_a_step_moving(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, module: str, name: str
) -> None:
    caplog.set_level("DEBUG", logger=compat.__name__)
    page = tree()
    lean = compat.page_meta(page, "https://example.org/a")
    without(monkeypatch, module, name)
    with pytest.raises(ImportError):
        exec(f"from {module} import {name}")  # the stand-in is what newstui's import sees
    assert compat.page_meta(page, "https://example.org/a") == lean
    assert "metadata steps moved" in caplog.text  # the public routine gave it
