"""The API's JSON parser, with bounds: a body's size, its nesting depth and the length of each
list. DRF's own parser reads any size (Django's upload limit does not reach DRF's stream), and
Python's json module recurses per level: a body nested tens of thousands deep was a 500. Here
each bound is a 400 in the API's error format (core.drf), before any view sees the data.

Views still bound their own fields (``max_length`` on a ListField) where the domain has a
tighter limit; these are the ceilings no request passes.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.settings import api_settings
from rest_framework.utils import json as drf_json

MAX_DEPTH = 32
MAX_LIST_ITEMS = 1000

MSG_TOO_LARGE = "The request body is too large (at most {limit} bytes)."
MSG_TOO_DEEP = f"The JSON body is nested too deeply (at most {MAX_DEPTH} levels)."
MSG_LIST_TOO_LONG = f"A list in the JSON body is too long (at most {MAX_LIST_ITEMS} items)."


def check_shape(data: Any, *, max_depth: int = MAX_DEPTH, max_items: int = MAX_LIST_ITEMS) -> None:
    """Raise ParseError when ``data`` nests deeper than ``max_depth`` or holds a list longer than
    ``max_items``. Iterative, so it cannot itself run out of stack."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            if len(node) > max_items:
                raise ParseError(MSG_LIST_TOO_LONG)
            children = node
        else:
            continue
        if depth > max_depth:
            raise ParseError(MSG_TOO_DEEP)
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


class BoundedJSONParser(parsers.JSONParser):
    """DRF's JSONParser with a size cap (DATA_UPLOAD_MAX_MEMORY_SIZE), a depth and a list bound."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        limit: int | None = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = b"" if stream is None else stream.read(-1 if limit is None else limit + 1)
        if limit is not None and len(raw) > limit:
            raise ParseError(MSG_TOO_LARGE.format(limit=limit))
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(raw, encoding)
            parse_constant = drf_json.strict_constant if api_settings.STRICT_JSON else None
            data = json.loads(text, parse_constant=parse_constant)
        except RecursionError as exc:
            raise ParseError(MSG_TOO_DEEP) from exc
        except (ValueError, LookupError) as exc:  # bad JSON, bad bytes for the charset, unknown charset
            raise ParseError(f"JSON parse error - {exc}") from exc
        check_shape(data)
        return data
