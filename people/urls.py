from django.urls import path

from . import views

app_name = "people"

urlpatterns: list = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/consent/", views.person_consent, name="person_consent"),
    path("<int:pk>/do-not-contact/", views.person_do_not_contact, name="person_do_not_contact"),
    path("<int:pk>/delete/", views.person_delete, name="person_delete"),
    path("<int:pk>/erase/", views.person_erase, name="person_erase"),
    path("<int:pk>/export/", views.person_export, name="person_export"),
    path("companies/", views.company_list, name="company_list"),
    path("companies/new/", views.company_create, name="company_create"),
    path("companies/<int:pk>/", views.company_detail, name="company_detail"),
    path("companies/<int:pk>/edit/", views.company_edit, name="company_edit"),
    path("companies/<int:pk>/delete/", views.company_delete, name="company_delete"),
]
