from django.urls import path

from library import views

app_name = "library"

# Included under /<slug>/ by ketenoverleg.urls.
urlpatterns = [
    path("bibliotheek/", views.LibraryListView.as_view(), name="list"),
    path("bibliotheek/nieuw/", views.DocumentCreateView.as_view(), name="create"),
    path("bibliotheek/<int:pk>/", views.DocumentDetailView.as_view(), name="document"),
    path("bibliotheek/<int:pk>/bewerken/", views.DocumentEditView.as_view(), name="edit"),
    path("bibliotheek/<int:pk>/verwijderen/", views.DocumentDeleteView.as_view(), name="delete"),
    path("bibliotheek/<int:pk>/versies/", views.VersionAddView.as_view(), name="version_add"),
    path("bibliotheek/<int:pk>/bestand/", views.DownloadView.as_view(), name="download"),
    path(
        "bibliotheek/<int:pk>/versies/<int:version>/bestand/",
        views.DownloadView.as_view(),
        name="version_download",
    ),
]
