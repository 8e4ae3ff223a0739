"""chooser.core.namedrecord keeps the namedtuple behaviour the rest of chooser relies on."""

from __future__ import annotations

import pickle
from collections import namedtuple

import pytest

from chooser.core.model import GradePoint, ResultRow
from chooser.core.namedrecord import record
from chooser.core.ranking import Needs

Point = record("Point", "x y z", defaults=(0,))


def test_same_behaviour_as_namedtuple() -> None:
    reference = namedtuple("Point", "x y z", defaults=(0,))
    for args, kwargs in (((1, 2, 3), {}), ((1, 2), {}), ((1,), {"y": 2}),
                         ((), {"z": 5, "x": 1, "y": 2})):
        mine, theirs = Point(*args, **kwargs), reference(*args, **kwargs)
        assert tuple(mine) == tuple(theirs)
        assert mine._asdict() == theirs._asdict()
        assert repr(mine) == repr(theirs)
        assert mine._replace(y=9) == theirs._replace(y=9)
    assert Point._fields == reference._fields
    assert Point._field_defaults == reference._field_defaults


@pytest.mark.parametrize("args, kwargs", [((1,), {}), ((1, 2, 3, 4), {}),
                                          ((1, 2), {"x": 3}), ((1, 2), {"w": 1})])
def test_wrong_construction_is_refused(args: tuple, kwargs: dict) -> None:
    with pytest.raises(TypeError):
        Point(*args, **kwargs)


def test_make_replace_and_immutability() -> None:
    p = Point._make([1, 2, 3])
    assert (p.x, p.y, p.z) == (1, 2, 3)
    with pytest.raises(TypeError):
        Point._make([1, 2])
    with pytest.raises(TypeError):
        p._replace(w=1)
    with pytest.raises(AttributeError):
        p.x = 5  # type: ignore[misc]


def test_subclasses_pickle_and_match() -> None:
    g = GradePoint("2026-05", 3)
    assert pickle.loads(pickle.dumps(g)) == g and type(pickle.loads(pickle.dumps(g))) is GradePoint
    assert ResultRow.__module__ == "chooser.core.model"
    n = Needs(areas=("X",), level="B")
    assert n.languages == () and n.remote is False and n.level == "B"
    match g:
        case GradePoint(period, grade):
            assert (period, grade) == ("2026-05", 3)


def test_bad_field_names() -> None:
    for fields in ("a a", "a _b", "a 1b"):
        with pytest.raises(ValueError):
            record("Bad", fields)
