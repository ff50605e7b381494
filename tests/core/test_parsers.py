"""core.parsers.check_shape: the depth and list bounds, walked without recursion."""

from __future__ import annotations

import pytest
from rest_framework.exceptions import ParseError

from core.parsers import MAX_DEPTH, MAX_LIST_ITEMS, check_shape


def nested(depth: int) -> list:
    root: list = []
    node = root
    for _ in range(depth - 1):
        child: list = []
        node.append(child)
        node = child
    return root


def test_data_at_the_depth_limit_passes():
    check_shape(nested(MAX_DEPTH))
    check_shape({"a": [{"b": 1}] * MAX_LIST_ITEMS})


def test_one_level_more_is_refused():
    with pytest.raises(ParseError, match="nested too deeply"):
        check_shape(nested(MAX_DEPTH + 1))


def test_a_very_deep_structure_is_refused_without_recursion():
    with pytest.raises(ParseError, match="nested too deeply"):
        check_shape(nested(200_000))


def test_one_item_more_than_the_list_limit_is_refused():
    with pytest.raises(ParseError, match="too long"):
        check_shape({"deep": {"list": list(range(MAX_LIST_ITEMS + 1))}})


@pytest.mark.parametrize("scalar", [None, 1, "text", 1.5, True])
def test_scalars_pass(scalar):
    check_shape(scalar)
