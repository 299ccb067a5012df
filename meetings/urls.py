from django.urls import path

from meetings import views

app_name = "meetings"

# Included under /<slug>/ by ketenoverleg.urls.
urlpatterns = [
    path("vergaderingen/", views.MeetingListView.as_view(), name="list"),
    path("vergaderingen/nieuw/", views.MeetingCreateView.as_view(), name="create"),
    path("vergaderingen/<int:pk>/", views.MeetingDetailView.as_view(), name="detail"),
    path("vergaderingen/<int:pk>/bewerken/", views.MeetingCreateView.as_view(), name="edit"),
    path("vergaderingen/<int:pk>/agenda/", views.AgendaEditView.as_view(), name="agenda"),
    path("vergaderingen/<int:pk>/verslag/", views.MinutesEditView.as_view(), name="minutes"),
    path("vergaderingen/<int:pk>/afdruk/", views.MeetingPrintView.as_view(), name="print"),
    path("vergaderingen/<int:pk>/vergadering.ics", views.MeetingIcsView.as_view(), name="ics"),
    path("vergaderingen/<int:pk>/<str:action>/", views.MeetingActionView.as_view(), name="action"),
    path("verzendingen/<int:pk>/", views.DispatchDetailView.as_view(), name="dispatch"),
    path(
        "verzendingen/<int:pk>/opnieuw/",
        views.DispatchResendView.as_view(),
        name="dispatch_resend",
    ),
    path("actiepunten/", views.ActionPointListView.as_view(), name="action_points"),
    path(
        "actiepunten/<int:pk>/status/",
        views.ActionPointStatusView.as_view(),
        name="action_point_status",
    ),
    path("standaardagenda/", views.TemplateEditView.as_view(), name="template"),
    path("evaluaties/", views.EvaluationView.as_view(), name="evaluations"),
    path("agenda/", views.CalendarView.as_view(), name="calendar"),
    path("agenda.ics", views.PublicFeedView.as_view(), name="public_feed"),
    path("agenda/<str:token>.ics", views.PrivateFeedView.as_view(), name="private_feed"),
]
