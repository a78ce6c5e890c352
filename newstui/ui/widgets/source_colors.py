"""Provides a stable, theme-aware colour for each news source's name."""

from __future__ import annotations

import colorsys
import zlib
from functools import lru_cache

from rich.color import Color

# Evenly spread hues; lightness and saturation depend on the background so every colour
# stays readable on both dark and light themes.
_HUES = 18


@lru_cache(maxsize=4096)
def source_color(name: str, dark: bool) -> Color:
    """The colour for a source: the same name always gets the same colour.

    crc32 rather than hash(): Python salts str hashes per process, and a source should keep
    its colour across runs.
    """
    slot = zlib.crc32(name.encode("utf-8", "surrogatepass")) % _HUES
    # Step through the hues by a stride coprime with their count so neighbouring slots
    # (similar names often land close) still get clearly different colours.
    hue = ((slot * 7) % _HUES) / _HUES
    lightness, saturation = (0.68, 0.60) if dark else (0.36, 0.75)
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return Color.from_rgb(red * 255, green * 255, blue * 255)
