"""Every audit verb programs writes reads as words in the audit log (registered in ready())."""

import re
from pathlib import Path

from accounts.audit import describe, known_verbs
from accounts.models import AuditEvent

APP = Path(__file__).resolve().parents[2] / "programs"


def test_every_verb_programs_records_has_a_phrase():
    written = {m for path in APP.rglob("*.py") for m in re.findall(r'verb="([a-z_.]+)"', path.read_text())}
    assert written, "no audit verbs found: the pattern is stale"
    assert written - set(known_verbs()) == set()


def test_a_goal_event_reads_as_a_sentence():
    event = AuditEvent(verb="pilot.goal_added", target_type="programs.pilot", target_id="3", target_repr="Engineers")
    assert describe(event) == "Goal added to Engineers by the system"
