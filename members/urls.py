from django.urls import path

from members.views import (
    contribution,
    elections,
    groups,
    kernteam,
    ledenlijst,
    membership,
    mydata,
)

app_name = "members"

# Included under /<slug>/ by ketenoverleg.urls.
council_urlpatterns = [
    path("leden/", ledenlijst.LedenlijstView.as_view(), name="ledenlijst"),
    path(
        "leden/ledenlijst.csv",
        ledenlijst.LedenlijstExportView.as_view(format="csv"),
        name="ledenlijst_csv",
    ),
    path(
        "leden/ledenlijst.json",
        ledenlijst.LedenlijstExportView.as_view(format="json"),
        name="ledenlijst_json",
    ),
    path("leden/contact/", ledenlijst.MemberContactsView.as_view(), name="contacts"),
    path("aanmelden/", membership.ApplyView.as_view(), name="apply"),
    path("volgen/", membership.FollowView.as_view(), name="follow"),
    path("aanmeldingen/", membership.ReviewQueueView.as_view(), name="review_queue"),
    path("lidmaatschap/<int:pk>/", membership.MembershipDetailView.as_view(), name="membership"),
    path(
        "lidmaatschap/<int:pk>/<str:action>/",
        membership.membership_action,
        name="membership_action",
    ),
    path("kernteam/", kernteam.KernteamView.as_view(), name="kernteam"),
    path("kernteam/<str:action>/", kernteam.kernteam_action, name="kernteam_action"),
    path("contributie/", contribution.ContributionView.as_view(), name="contribution"),
    path("verkiezingen/", elections.ElectionListView.as_view(), name="elections"),
    path("verkiezingen/<int:pk>/", elections.ElectionDetailView.as_view(), name="election"),
    path("werkgroepen/", groups.WorkGroupListView.as_view(), name="work_groups"),
    path("werkgroepen/nieuw/", groups.WorkGroupEditView.as_view(), name="work_group_create"),
    path("werkgroepen/<int:pk>/", groups.WorkGroupEditView.as_view(), name="work_group_edit"),
]

# Site-wide: the user's own data.
site_urlpatterns = [
    path("mijn-gegevens/", mydata.my_data, name="my_data"),
    path("mijn-gegevens/naam/", mydata.my_name, name="my_name"),
    path("mijn-gegevens/export.json", mydata.my_data_export, name="my_data_export"),
    path("mijn-gegevens/wissen/", mydata.my_data_erase, name="my_data_erase"),
    path(
        "mijn-gegevens/organisatie/<int:pk>/",
        mydata.OrganisationEditView.as_view(),
        name="organisation_edit",
    ),
]
