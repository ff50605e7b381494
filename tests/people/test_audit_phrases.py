"""Every audit verb people writes reads as words in the audit log (registered in ready())."""

import re
from pathlib import Path

from accounts.audit import describe, known_verbs
from accounts.models import AuditEvent

APP = Path(__file__).resolve().parents[2] / "people"


def test_every_verb_people_records_has_a_phrase():
    written = set()
    for path in APP.rglob("*.py"):
        text = path.read_text()
        written |= set(re.findall(r'verb="([a-z_]+\.[a-z_.]+)"', text))
        written |= set(re.findall(r'"((?:person|people|company)\.[a-z_]+)" if', text))
        written |= set(re.findall(r'else "((?:person|people|company)\.[a-z_]+)"', text))
    assert {"person.viewed", "person.erased", "person.do_not_contact_set", "person.do_not_contact_cleared"} <= written
    assert written - set(known_verbs()) == set()


def test_an_erasure_reads_without_the_erased_name():
    event = AuditEvent(verb="person.erased", target_type="people.person", target_id="7", target_repr="Erased person")
    assert describe(event) == "Personal data erased (Erased person) by the system"
