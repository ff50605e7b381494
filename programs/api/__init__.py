"""API for the program spine: sponsors, pilots (members, goals), policies, playbook steps, venues.

Reads are generic list/retrieve views over the querysets of ``programs.access``; every write
validates an input serializer, calls one ``programs.services`` function and answers with the
output serializer. Object writes look the object up through the access helpers first, so a pilot
the user cannot see is a 404 and one they can see but may not change is a 403. One module per
concern; the viewsets and serializers are re-exported here for api_urls.py.
"""

from .goals import GoalInputSerializer, GoalProgressSerializer, GoalSerializer, GoalViewSet, MeasureSerializer
from .members import MembershipInputSerializer, MembershipSerializer, MembershipViewSet
from .pilots import (
    PilotCreateInputSerializer,
    PilotScaleInputSerializer,
    PilotSerializer,
    PilotTransitionInputSerializer,
    PilotUpdateInputSerializer,
    PilotViewSet,
)
from .playbook import PilotStepInputSerializer, PilotStepSerializer, PilotStepViewSet
from .policies import (
    AcknowledgementSerializer,
    PolicyCreateInputSerializer,
    PolicySerializer,
    PolicyUpdateInputSerializer,
    PolicyViewSet,
)
from .sponsors import SponsorInputSerializer, SponsorSerializer, SponsorViewSet
from .venues import VenueInputSerializer, VenueSerializer, VenueViewSet

__all__ = [
    "AcknowledgementSerializer",
    "GoalInputSerializer",
    "GoalProgressSerializer",
    "GoalSerializer",
    "GoalViewSet",
    "MeasureSerializer",
    "MembershipInputSerializer",
    "MembershipSerializer",
    "MembershipViewSet",
    "PilotCreateInputSerializer",
    "PilotScaleInputSerializer",
    "PilotSerializer",
    "PilotStepInputSerializer",
    "PilotStepSerializer",
    "PilotStepViewSet",
    "PilotTransitionInputSerializer",
    "PilotUpdateInputSerializer",
    "PilotViewSet",
    "PolicyCreateInputSerializer",
    "PolicySerializer",
    "PolicyUpdateInputSerializer",
    "PolicyViewSet",
    "SponsorInputSerializer",
    "SponsorSerializer",
    "SponsorViewSet",
    "VenueInputSerializer",
    "VenueSerializer",
    "VenueViewSet",
]
