"""Provides the story engine: which headlines from several sources report one story.

May import newstui.text and newstui.models only.
"""

# For the integrator (no storage or interface change is made here):
# - Storage: one nullable INTEGER column `story` on the items table (NULL: not placed yet), and
#   an index on it for `--story ID`. Nothing else: title, source id and published are stored.
# - Start-up: `StoryIndex.restore(rows)` with the items of the last WINDOW (48 h) that have a
#   story, as `StoredItem(id, title, source_id, published, story)`, then `add` the items whose
#   story is NULL, oldest first, and store what it returns. ~3 s CPU for 50,000 rows: do it
#   where headlines are stored (the poller's side), not before the first paint.
# - Each new item: `add(item_of(headline))` -> Assignment(key, story, merged). Store `story`;
#   when `merged` is not empty, `UPDATE items SET story = :story WHERE story IN (:merged)`:
#   those stories are now part of `story` (the older one always survives, so a row keyed by
#   the surviving id never moves). A lone headline's story is its own id.
# - The index lives in one process; another process that stores headlines (`fetch` from cron)
#   builds its own by `restore` and writes the same column. Two processes placing headlines
#   at the same moment do not see each other's: each may start a story for one event, and
#   neither merges them until one of them restores again.
# - Memory: at most CAPACITY (50,000) live headlines, ~1.7 KiB each; `sizes()` to watch it.

from newstui.stories.index import Assignment, StoredItem, StoryIndex, StoryItem, item_of

__all__ = ["Assignment", "StoredItem", "StoryIndex", "StoryItem", "item_of"]
