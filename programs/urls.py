from django.urls import path

from . import views

app_name = "programs"

urlpatterns: list = [
    path("", views.pilot_list, name="pilot_list"),
    path("new/", views.pilot_create, name="pilot_create"),
    path("<int:pk>/", views.pilot_detail, name="pilot_detail"),
    path("<int:pk>/edit/", views.pilot_edit, name="pilot_edit"),
    path("<int:pk>/status/", views.pilot_transition, name="pilot_transition"),
    path("<int:pk>/scale/", views.pilot_scale, name="pilot_scale"),
    path("<int:pk>/goals/add/", views.goal_add, name="goal_add"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("members/<int:pk>/role/", views.member_role, name="member_role"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/members/invite/", views.member_invite, name="member_invite"),
    path("invited/<int:pk>/resend/", views.member_invitation_resend, name="member_invitation_resend"),
    path("invited/<int:pk>/withdraw/", views.member_invitation_withdraw, name="member_invitation_withdraw"),
    path("<int:pk>/policies/new/", views.policy_create, name="policy_create"),
    path("policies/<int:pk>/", views.policy_detail, name="policy_detail"),
    path("policies/<int:pk>/edit/", views.policy_edit, name="policy_edit"),
    path("policies/<int:pk>/approve/", views.policy_approve, name="policy_approve"),
    path("policies/<int:pk>/acknowledge/", views.policy_acknowledge, name="policy_acknowledge"),
    path("steps/<int:pk>/", views.step_row, name="step_row"),
    path("steps/<int:pk>/edit/", views.step_edit, name="step_edit"),
    path("sponsors/", views.sponsor_list, name="sponsor_list"),
    path("sponsors/new/", views.sponsor_create, name="sponsor_create"),
    path("sponsors/<int:pk>/edit/", views.sponsor_edit, name="sponsor_edit"),
    path("sponsors/<int:pk>/delete/", views.sponsor_delete, name="sponsor_delete"),
    path("venues/", views.venue_list, name="venue_list"),
    path("venues/new/", views.venue_create, name="venue_create"),
    path("venues/<int:pk>/edit/", views.venue_edit, name="venue_edit"),
    path("venues/<int:pk>/delete/", views.venue_delete, name="venue_delete"),
]
