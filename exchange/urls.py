from django.urls import path

from exchange import views

app_name = "exchange"

# Included under /<slug>/ by ketenoverleg.urls.
urlpatterns = [
    path("vraag-en-aanbod/", views.ListingListView.as_view(), name="list"),
    path("vraag-en-aanbod/nieuw/", views.ListingFormView.as_view(), name="create"),
    path("vraag-en-aanbod/<int:pk>/", views.ListingDetailView.as_view(), name="listing"),
    path("vraag-en-aanbod/<int:pk>/bewerken/", views.ListingFormView.as_view(), name="edit"),
    path("vraag-en-aanbod/<int:pk>/reageren/", views.RespondView.as_view(), name="respond"),
    path("vraag-en-aanbod/<int:pk>/sluiten/", views.CloseView.as_view(), name="close"),
    path(
        "vraag-en-aanbod/reacties/<int:pk>/<str:action>/",
        views.ResponseActionView.as_view(),
        name="response_action",
    ),
]
