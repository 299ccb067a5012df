from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from ketenoverleg import public, views
from members import urls as members_urls

council_patterns = [
    path("", views.CouncilDetailView.as_view(), name="council_detail"),
    path("bewerken/", views.CouncilUpdateView.as_view(), name="council_edit"),
    path("rollen/", views.RoleListView.as_view(), name="council_roles"),
    path("rollen/beeindigen/", views.RoleEndView.as_view(), name="council_role_end"),
    path(
        "documenten/aanvragen/<str:kind>/<int:object_id>/",
        views.DocumentRequestView.as_view(),
        name="document_request",
    ),
    path("documenten/<int:pk>/", views.DocumentStatusView.as_view(), name="document_status"),
    path("nieuws/", public.NewsListView.as_view(), name="news_list"),
    path("nieuws/schrijven/", public.NewsWriteView.as_view(), name="news_write"),
    path("nieuws/<int:pk>/", public.NewsDetailView.as_view(), name="news_detail"),
    path("nieuws.atom", public.CouncilFeed(), name="council_feed"),
    path("zoeken/", public.SearchView.as_view(), name="search"),
    path(
        "open-data/actiepakketten/<int:pk>/ondertekenaars.<str:fmt>",
        public.SignatoriesDataView.as_view(),
        name="signatories_data",
    ),
    path(
        "open-data/metingen.<str:fmt>",
        public.MeasurementsDataView.as_view(),
        name="measurements_data",
    ),
    path("statuut/", views.StatuteListView.as_view(), name="statute_list"),
    path("statuut/<int:version>/", views.StatuteDetailView.as_view(), name="statute_detail"),
    path("statuut/<int:version>/bewerken/", views.StatuteEditView.as_view(), name="statute_edit"),
    path(
        "documenten/<int:pk>/download/",
        views.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    path("documenten/<int:pk>/opnieuw/", views.DocumentRetryView.as_view(), name="document_retry"),
    path("", include((members_urls.council_urlpatterns, "members"))),
    path("", include("meetings.urls")),
    path("", include("projects.urls")),
    path("", include("actionpackages.urls")),
]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("nieuw/", views.CouncilCreateView.as_view(), name="council_create"),
    path("programma/", public.ProgrammeView.as_view(), name="programme"),
    path("robots.txt", public.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"councils": public.CouncilSitemap, "pages": public.PublicPagesSitemap}},
        name="sitemap",
    ),
    path("", include((members_urls.site_urlpatterns, "mydata"))),
    path("<slug:slug>/", include(council_patterns)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
