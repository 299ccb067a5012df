from django.urls import path

from actionpackages import travel_views, views

app_name = "actionpackages"

# Included under /<slug>/ by ketenoverleg.urls.
urlpatterns = [
    path("actiepakketten/", views.PackageListView.as_view(), name="list"),
    path("actiepakketten/nieuw/", views.PackageCreateView.as_view(), name="create"),
    path("actiepakketten/voorbeelden/", travel_views.ExampleListView.as_view(), name="examples"),
    path("actiepakketten/voorstellen/", travel_views.ProposalListView.as_view(), name="proposals"),
    path("actiepakketten/<int:pk>/voorbeeld/", travel_views.ExampleView.as_view(), name="example"),
    path("actiepakketten/<int:pk>/hergebruik/", travel_views.ReuseView.as_view(), name="reuse"),
    path("lokale-overleggen/", travel_views.LocalCouncilsView.as_view(), name="local_councils"),
    path("actiepakketten/<int:pk>/", views.PackageDetailView.as_view(), name="package"),
    path("actiepakketten/<int:pk>/bewerken/", views.PackageEditView.as_view(), name="edit"),
    path(
        "actiepakketten/<int:pk>/versies/<int:number>/", views.VersionView.as_view(), name="version"
    ),
    path(
        "actiepakketten/<int:pk>/consultatieverslag/",
        views.ConsultationReportView.as_view(),
        name="consultation_report",
    ),
    path("actiepakketten/<int:pk>/ondertekenen/", views.SignView.as_view(), name="sign"),
    path(
        "actiepakketten/<int:pk>/ondertekenaars/",
        views.SignatoryListView.as_view(),
        name="signatories",
    ),
    path(
        "actiepakketten/<int:pk>/ondertekeningen/<int:signature>/",
        views.SignatureView.as_view(),
        name="signature",
    ),
    path(
        "actiepakketten/<int:pk>/uitnodigingen/", views.InvitationView.as_view(), name="invitations"
    ),
    path(
        "actiepakketten/<int:pk>/jaarlijkse-voortgang/",
        views.ReviewOverviewView.as_view(),
        name="reviews",
    ),
    path(
        "actiepakketten/<int:pk>/indicatoren/nieuw/",
        views.IndicatorCreateView.as_view(),
        name="indicator_create",
    ),
    path("actiepakketten/<int:pk>/<str:action>/", views.PackageActionView.as_view(), name="action"),
    path("indicatoren/<int:pk>/", views.IndicatorView.as_view(), name="indicator"),
    path("trendlijst/", views.TrendlijstView.as_view(), name="trendlijst"),
]
