"""Tests that the README's config is the real one: every TOML block loads, its example gives the
defaults it claims, and its lists of binding ids and themes are the config layer's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newstui.config.choices import BINDING_IDS, THEMES
from newstui.config.schema import Config, load_config

README = Path(__file__).resolve().parents[2] / "README.md"
TEXT = README.read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```toml\n(.*?)^```", TEXT, flags=re.MULTILINE | re.DOTALL)


def test_the_readme_has_toml_blocks() -> None:
    assert BLOCKS, "no ```toml block found in README.md"


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{n}" for n in range(len(BLOCKS))])
def test_every_toml_block_loads_through_the_real_loader(tmp_path: Path, block: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(block, encoding="utf-8")
    config = load_config(path)  # raises ConfigError naming the line if the README is wrong
    assert config.path == path


def test_the_example_shows_the_defaults(tmp_path: Path) -> None:
    example = next(b for b in BLOCKS if "[keymap]" in b)
    path = tmp_path / "config.toml"
    path.write_text(example, encoding="utf-8")
    config, defaults = load_config(path), Config()
    for key in ("refresh", "time_format", "jitter", "keep_days", "keep_per_source", "full_text"):
        assert getattr(config, key) == getattr(defaults, key), key
    assert config.keymap == {"open_link": "o,ctrl+o"}


def test_the_readme_lists_exactly_the_binding_ids() -> None:
    section = TEXT[TEXT.index("The ids:") :]
    listed: dict[str, list[str]] = {}
    for match in re.finditer(r"^- ([a-z ]+): (.*?)(?=^\S|^- |\Z)", section, re.M | re.S):
        listed[match.group(1)] = re.findall(r"`([a-z_.]+)`", match.group(2))
        if match.group(1) == "dialogs":
            break
    assert listed == {group: list(ids) for group, ids in BINDING_IDS.items()}


def test_the_readme_lists_exactly_the_themes() -> None:
    paragraph = TEXT[TEXT.index("`theme` is one of") :].split("\n\n")[0]
    assert sorted(re.findall(r"`([a-z-]+)`", paragraph)[1:]) == sorted(THEMES)
