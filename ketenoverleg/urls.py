"""The root URLconf: part of the composition root, it mounts every app's URLs."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from actionpackages import urls as actionpackages_urls
from alv import urls as alv_urls
from dialogue import urls as dialogue_urls
from exchange import urls as exchange_urls
from ketenoverleg import views
from ketenstatistiek import urls as ketenstatistiek_urls
from library import urls as library_urls
from meetings import urls as meetings_urls
from members import urls as members_urls
from projects import urls as projects_urls
from public import urls as public_urls
from startup import urls as startup_urls
from workshops import urls as workshops_urls

council_patterns = [
    path("bewerken/", views.CouncilUpdateView.as_view(), name="council_edit"),
    path("rollen/", views.RoleListView.as_view(), name="council_roles"),
    path("rollen/beeindigen/", views.RoleEndView.as_view(), name="council_role_end"),
    path(
        "documenten/aanvragen/<str:kind>/<int:object_id>/",
        views.DocumentRequestView.as_view(),
        name="document_request",
    ),
    path("documenten/<int:pk>/", views.DocumentStatusView.as_view(), name="document_status"),
    path(
        "documenten/<int:pk>/download/",
        views.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    path("documenten/<int:pk>/opnieuw/", views.DocumentRetryView.as_view(), name="document_retry"),
    path("auditlog/", views.AuditLogView.as_view(), name="audit_log"),
    path("statuut/", views.StatuteListView.as_view(), name="statute_list"),
    path("statuut/<int:version>/", views.StatuteDetailView.as_view(), name="statute_detail"),
    path("statuut/<int:version>/bewerken/", views.StatuteEditView.as_view(), name="statute_edit"),
    path("", include(public_urls.council_urlpatterns)),
    path("", include((members_urls.council_urlpatterns, "members"))),
    path("", include(meetings_urls)),
    path("", include(projects_urls)),
    path("", include(actionpackages_urls)),
    path("", include(dialogue_urls)),
    path("", include(library_urls)),
    path("", include(ketenstatistiek_urls)),
    path("", include(exchange_urls)),
    path("", include(alv_urls)),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "accounts/tweestapsverificatie-nodig/",
        views.SecondFactorRequiredView.as_view(),
        name="second_factor_required",
    ),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("taal/<str:code>/", views.LanguageChooseView.as_view(), name="language_choose"),
    path("nieuw/", views.CouncilCreateView.as_view(), name="council_create"),
    path(
        "mijn-gegevens/meldingen/",
        views.NotificationPreferencesView.as_view(),
        name="notification_preferences",
    ),
    path("afmelden/<str:token>/", views.UnsubscribeView.as_view(), name="notification_unsubscribe"),
    path("mijn-werk/", views.MyWorkView.as_view(), name="my_work"),
    path("", include(public_urls.site_urlpatterns)),
    path("", include((members_urls.site_urlpatterns, "mydata"))),
    path("", include(startup_urls)),
    path("", include(workshops_urls)),
    path("<slug:slug>/", include(council_patterns)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
