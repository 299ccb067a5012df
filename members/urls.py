from django.urls import path

from members import views

app_name = "members"

# Included under /<slug>/ by ketenoverleg.urls.
council_urlpatterns = [
    path("leden/", views.LedenlijstView.as_view(), name="ledenlijst"),
    path(
        "leden/ledenlijst.csv",
        views.LedenlijstExportView.as_view(format="csv"),
        name="ledenlijst_csv",
    ),
    path(
        "leden/ledenlijst.json",
        views.LedenlijstExportView.as_view(format="json"),
        name="ledenlijst_json",
    ),
    path("leden/contact/", views.MemberContactsView.as_view(), name="contacts"),
    path("aanmelden/", views.ApplyView.as_view(), name="apply"),
    path("volgen/", views.FollowView.as_view(), name="follow"),
    path("aanmeldingen/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("lidmaatschap/<int:pk>/", views.MembershipDetailView.as_view(), name="membership"),
    path(
        "lidmaatschap/<int:pk>/<str:action>/",
        views.MembershipActionView.as_view(),
        name="membership_action",
    ),
    path("kernteam/", views.KernteamView.as_view(), name="kernteam"),
    path("kernteam/<str:action>/", views.KernteamActionView.as_view(), name="kernteam_action"),
    path("contributie/", views.ContributionView.as_view(), name="contribution"),
    path("verkiezingen/", views.ElectionListView.as_view(), name="elections"),
    path("verkiezingen/<int:pk>/", views.ElectionDetailView.as_view(), name="election"),
    path("werkgroepen/", views.WorkGroupListView.as_view(), name="work_groups"),
    path("werkgroepen/nieuw/", views.WorkGroupEditView.as_view(), name="work_group_create"),
    path("werkgroepen/<int:pk>/", views.WorkGroupEditView.as_view(), name="work_group_edit"),
]

# Site-wide: the user's own data.
site_urlpatterns = [
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-gegevens/export.json", views.my_data_export, name="my_data_export"),
    path("mijn-gegevens/wissen/", views.my_data_erase, name="my_data_erase"),
    path(
        "mijn-gegevens/organisatie/<int:pk>/",
        views.OrganisationEditView.as_view(),
        name="organisation_edit",
    ),
]
