"""Everything under /api/v1/. Each app contributes its routes from its api.py."""

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from rest_framework.routers import SimpleRouter

from accounts import api as accounts_api
from alumni import api as alumni_api
from bizdev import api as bizdev_api
from listening import api as listening_api
from metrics import api as metrics_api
from people import api as people_api
from programs import api as programs_api
from recruiting import api as recruiting_api


@csrf_exempt  # it changes nothing; without this a PUT to a bad path would get the HTML CSRF page
def not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"error": {"code": "not_found", "message": "No such API endpoint."}}, status=404)


router = SimpleRouter(use_regex_path=False)
router.register("users", accounts_api.UserViewSet, basename="api-user")
router.register("audit-events", accounts_api.AuditEventViewSet, basename="api-audit-event")
router.register("sponsors", programs_api.SponsorViewSet, basename="api-sponsor")
router.register("pilots", programs_api.PilotViewSet, basename="api-pilot")
router.register("policies", programs_api.PolicyViewSet, basename="api-policy")
router.register("playbook-steps", programs_api.PilotStepViewSet, basename="api-playbook-step")
router.register("venues", programs_api.VenueViewSet, basename="api-venue")
router.register("people", people_api.PersonViewSet, basename="api-person")
router.register("companies", people_api.CompanyViewSet, basename="api-company")
router.register("introductions", metrics_api.IntroductionViewSet, basename="api-introduction")
router.register("assists", metrics_api.AssistViewSet, basename="api-assist")
router.register("hires", metrics_api.HireViewSet, basename="api-hire")
router.register("assist-types", metrics_api.AssistTypeViewSet, basename="api-assist-type")
router.register("program-costs", metrics_api.ProgramCostViewSet, basename="api-program-cost")
router.register("baselines", metrics_api.BaselineViewSet, basename="api-baseline")
router.register("keyword-families", listening_api.KeywordFamilyViewSet, basename="api-keyword-family")
router.register("searches", listening_api.SearchViewSet, basename="api-search")
router.register("sources", listening_api.SourceViewSet, basename="api-source")
router.register("runs", listening_api.RunViewSet, basename="api-run")
router.register("conversations", listening_api.ConversationViewSet, basename="api-conversation")
router.register("recruiting/profiles", recruiting_api.ProfileViewSet, basename="api-recruiting-profile")
router.register("recruiting/openings", recruiting_api.OpeningViewSet, basename="api-recruiting-opening")
router.register("recruiting/feedback", recruiting_api.FeedbackViewSet, basename="api-recruiting-feedback")
router.register("recruiting/candidates", recruiting_api.CandidateViewSet, basename="api-recruiting-candidate")
router.register("recruiting/referrals", recruiting_api.ReferralViewSet, basename="api-recruiting-referral")
router.register("recruiting/posts", recruiting_api.PostViewSet, basename="api-recruiting-post")
router.register(
    "recruiting/post-responses", recruiting_api.PostResponseViewSet, basename="api-recruiting-post-response"
)
router.register("recruiting/interviews", recruiting_api.InterviewViewSet, basename="api-recruiting-interview")
router.register("recruiting/videos", recruiting_api.VideoViewSet, basename="api-recruiting-video")
router.register(
    "recruiting/video-pointers", recruiting_api.VideoPointerViewSet, basename="api-recruiting-video-pointer"
)

for prefix, viewset, basename in alumni_api.ROUTES:
    router.register(f"alumni/{prefix}", viewset, basename=basename)

for prefix, viewset, basename in bizdev_api.ROUTES:
    router.register(f"bizdev/{prefix}", viewset, basename=basename)

members = programs_api.MembershipViewSet
goals = programs_api.GoalViewSet

urlpatterns: list = [
    path("me/", accounts_api.MeView.as_view(), name="api-me"),
    path("tokens/", accounts_api.TokenListCreateView.as_view(), name="api-token-list"),
    path("tokens/<int:pk>/", accounts_api.TokenRevokeView.as_view(), name="api-token-detail"),
    path(
        "pilots/<int:pilot_pk>/members/",
        members.as_view({"get": "list", "post": "create"}),
        name="api-pilot-member-list",
    ),
    path(
        "pilots/<int:pilot_pk>/members/<int:pk>/",
        members.as_view({"delete": "destroy"}),
        name="api-pilot-member-detail",
    ),
    path(
        "pilots/<int:pilot_pk>/goals/",
        goals.as_view({"get": "list", "post": "create"}),
        name="api-pilot-goal-list",
    ),
    path(
        "pilots/<int:pilot_pk>/goals/<int:pk>/",
        goals.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"}),
        name="api-pilot-goal-detail",
    ),
    *router.urls,
    # Anything else under /api/v1/ (an unknown path, "venues/abc/") is a JSON 404 in the one
    # error format, not Django's HTML page.
    re_path(r"^[\s\S]*$", not_found),  # [\s\S]: a path may contain an encoded newline
]
