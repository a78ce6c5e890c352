"""Tests the sync plan's rule, "the later change wins", case by case, and the listing's start."""

from __future__ import annotations

from newstui.sync.engine import (
    OVERLAP_US,
    Edit,
    ItemState,
    PendingChange,
    ServerState,
    after_sent,
    next_since,
    plan,
)
from newstui.sync.wire import IdSet

UNREAD, READ_ = ItemState(False, False), ItemState(True, False)


def state(unread: set[int], starred: set[int] | None = None, at: float = 100.0) -> ServerState:
    return ServerState(IdSet(frozenset(unread), True), IdSet(frozenset(starred or ()), True), at)


def test_marks_follow_the_server_when_nothing_is_queued() -> None:
    result = plan(state({1}, {2}), None, {1: READ_, 2: UNREAD, 3: UNREAD}, [])
    assert result.states == {
        1: ItemState(False, False),
        2: ItemState(True, True),
        3: ItemState(True, False),
    }
    assert result.send == [] and result.forget == []


def test_a_change_made_here_since_the_last_sync_is_sent() -> None:
    previous = state({1, 2}, at=100)
    queued = [PendingChange(1, "read", True, at=150, key="a")]
    result = plan(state({1, 2}, at=200), previous, {1: READ_, 2: UNREAD}, queued)
    assert result.send == [Edit("read", True, (1,), ("a",))]
    assert result.states == {}  # the stored mark is already the user's
    assert result.forget == []


def test_the_servers_change_wins_when_it_is_certainly_later() -> None:
    """Queued at 50 and a sync at 100 already saw the item unread: the server's read mark, first
    seen now, was made after 100, so after the change made here."""
    previous = state({1}, at=100)
    queued = [PendingChange(1, "read", False, at=50, key="old")]
    result = plan(state(set(), at=200), previous, {1: UNREAD}, queued)
    assert result.send == [] and result.forget == ["old"]
    assert [c.key for c in result.overruled] == ["old"]
    assert result.states == {1: READ_}


def test_when_both_changed_between_two_syncs_this_devices_change_wins() -> None:
    previous = state({1}, at=100)
    queued = [PendingChange(1, "read", False, at=150, key="mine")]
    result = plan(state(set(), at=200), previous, {1: UNREAD}, queued)
    assert result.send == [Edit("read", False, (1,), ("mine",))]
    assert result.states == {} and result.overruled == []


def test_a_change_the_server_already_has_is_forgotten_without_sending() -> None:
    queued = [PendingChange(1, "starred", True, at=150, key="s")]
    result = plan(state({1}, {1}), state({1}, at=100), {1: ItemState(False, True)}, queued)
    assert result.send == [] and result.forget == ["s"]


def test_the_latest_of_several_queued_changes_counts() -> None:
    queued = [
        PendingChange(1, "read", True, at=130, key="k1"),
        PendingChange(1, "read", False, at=160, key="k3"),
        PendingChange(1, "read", True, at=140, key="k2"),
        PendingChange(1, "starred", True, at=120, key="s1"),
    ]
    result = plan(state(set()), state(set(), at=100), {1: ItemState(False, True)}, queued)
    assert set(result.forget) == {"k1", "k2"}
    assert result.send == [
        Edit("read", False, (1,), ("k3",)),
        Edit("starred", True, (1,), ("s1",)),
    ]


def test_edits_are_grouped_four_ways_with_ids_sorted() -> None:
    queued = [
        PendingChange(3, "read", True, 150, 1),
        PendingChange(1, "read", True, 151, 2),
        PendingChange(2, "read", False, 152, 3),
        PendingChange(2, "starred", True, 153, 4),
        PendingChange(1, "starred", False, 154, 5),
    ]
    server = state({1, 3}, {1}, at=200)
    local = {1: ItemState(True, False), 2: ItemState(False, True), 3: ItemState(True, False)}
    result = plan(server, state({1, 3}, {1}, at=100), local, queued)
    assert [(e.mark, e.value, e.item_ids) for e in result.send] == [
        ("read", False, (2,)),
        ("read", True, (1, 3)),
        ("starred", False, (1,)),
        ("starred", True, (2,)),
    ]


def test_an_id_set_cut_short_leaves_unlisted_items_alone() -> None:
    server = ServerState(IdSet(frozenset({1}), False), IdSet(frozenset(), True), 200)
    result = plan(server, None, {1: READ_, 2: UNREAD}, [])
    assert result.states == {1: UNREAD}  # 2 is not listed: unknown, so left as stored


def test_after_sent_counts_our_edits_so_the_next_sync_does_not_take_them_for_the_servers() -> None:
    seen = state({1, 2}, {3}, at=200)
    edits = [Edit("read", True, (1,), ()), Edit("starred", True, (2,), ())]
    after = after_sent(seen, edits)
    assert after.unread.ids == {2} and after.starred.ids == {2, 3} and after.at == 200
    nothing = plan(state({2}, {2, 3}, at=300), after, {1: READ_, 2: ItemState(False, True)}, [])
    assert nothing.states == {} and nothing.send == []


def test_the_listing_starts_an_overlap_before_the_newest_item() -> None:
    assert next_since(None, []) is None
    assert next_since(None, [5 * OVERLAP_US, 7 * OVERLAP_US]) == 6 * OVERLAP_US
    assert next_since(9 * OVERLAP_US, [5 * OVERLAP_US]) == 9 * OVERLAP_US  # never goes back
    assert next_since(4 * OVERLAP_US, [0]) == 4 * OVERLAP_US  # items without a time: no move
