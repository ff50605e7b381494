"""Demo data for a fictional firm (``manage.py load_demo``): base.py runs the parts in order."""

from .base import DEFAULT_PASSWORD, FIRM, load_demo
from .result import DemoResult

__all__ = ["DEFAULT_PASSWORD", "FIRM", "DemoResult", "load_demo"]
