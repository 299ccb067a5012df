from django.urls import path

from ketenstatistiek import views

app_name = "ketenstatistiek"

# Included under /<slug>/ by ketenoverleg.urls.
urlpatterns = [
    path("ketenstatistiek/", views.PeriodListView.as_view(), name="list"),
    path("ketenstatistiek/regels/", views.PolicyView.as_view(), name="policy"),
    path("ketenstatistiek/nieuw/", views.PeriodCreateView.as_view(), name="create"),
    path("ketenstatistiek/<int:pk>/", views.PeriodDetailView.as_view(), name="period"),
    path(
        "ketenstatistiek/<int:pk>/vragen/nieuw/",
        views.QuestionFormView.as_view(),
        name="question_create",
    ),
    path(
        "ketenstatistiek/<int:pk>/vragen/<int:question>/",
        views.QuestionFormView.as_view(),
        name="question_edit",
    ),
    path(
        "ketenstatistiek/<int:pk>/opgave/<int:organisation>/",
        views.SubmissionView.as_view(),
        name="submission",
    ),
    path(
        "ketenstatistiek/<int:pk>/tabel.<str:fmt>",
        views.OpenDataView.as_view(),
        name="open_data",
    ),
    path(
        "ketenstatistiek/<int:pk>/<str:action>/",
        views.PeriodActionView.as_view(),
        name="action",
    ),
]
