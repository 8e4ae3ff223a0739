"""``LazyValues`` stands for a dict whose values are made on first use: it answers as the
dict would, and makes only the values asked for, each once."""

from __future__ import annotations

import pytest

from chooser.core.lazymap import LazyValues


def test_answers_as_the_dict_and_makes_only_what_is_asked():
    made = []

    def make(raw):
        made.append(raw)
        return raw * 2

    lazy = LazyValues({"a": 1, "b": 2, "c": 3}, make)
    assert len(lazy) == 3 and "b" in lazy and "z" not in lazy and made == []
    assert lazy["b"] == 4 and lazy["b"] == 4 and made == [2]  # made once
    assert lazy.get("z", ()) == () and lazy.get("a") == 2
    with pytest.raises(KeyError):
        lazy["z"]
    assert list(lazy) == ["a", "b", "c"]
    made_all = {"a": 2, "b": 4, "c": 6}
    assert lazy == made_all and made_all == lazy  # either side of ==
    assert dict(lazy.items()) == {"a": 2, "b": 4, "c": 6} and sorted(made) == [1, 2, 3]
    assert bool(LazyValues({}, make)) is False


def test_a_dataset_from_its_index_unpacks_only_the_offices_asked_for():
    from chooser.storage.load import load_directory
    from chooser.storage.paths import snapshot_dir

    ds = load_directory(snapshot_dir())
    offices = ds.offices
    assert isinstance(offices, LazyValues) and len(offices) > 1000
    first = next(iter(offices))
    assert offices[first] and offices[first][0].ka == first
    assert len(offices._made) == 1
