from django.urls import path

from startup import views

app_name = "startup"

# Included at the root by ketenoverleg.urls, before the council catch-all: the
# kwartiermaker's dashboard, and a council's start-up track and relatiebeheer.
urlpatterns = [
    path("kwartiermaker/", views.DashboardView.as_view(), name="dashboard"),
    path("<slug:slug>/opstart/", views.TrackView.as_view(), name="track"),
    path("<slug:slug>/opstart/fase/", views.PhaseView.as_view(), name="phase"),
    path("<slug:slug>/opstart/openbaar/", views.PublishView.as_view(), name="publish"),
    path(
        "<slug:slug>/opstart/vooronderzoek/",
        views.VooronderzoekView.as_view(),
        name="vooronderzoek",
    ),
    path("<slug:slug>/opstart/punten/<str:key>/", views.ChecklistItemView.as_view(), name="item"),
    path(
        "<slug:slug>/opstart/punten/<str:key>/document/",
        views.AttachmentView.as_view(),
        name="attachment",
    ),
    path("<slug:slug>/logboek/", views.LogbookView.as_view(), name="logbook"),
    path("<slug:slug>/relatiebeheer/", views.PartyListView.as_view(), name="parties"),
    path("<slug:slug>/relatiebeheer/nieuw/", views.PartyCreateView.as_view(), name="party_create"),
    path("<slug:slug>/relatiebeheer/<int:pk>/", views.PartyDetailView.as_view(), name="party"),
    path(
        "<slug:slug>/relatiebeheer/contactpersonen/<int:pk>/",
        views.ContactView.as_view(),
        name="contact",
    ),
    path(
        "<slug:slug>/relatiebeheer/verzendlijsten/",
        views.MailingListListView.as_view(),
        name="mailing_lists",
    ),
    path(
        "<slug:slug>/relatiebeheer/verzendlijsten/nieuw/",
        views.MailingListEditView.as_view(),
        name="mailing_list_create",
    ),
    path(
        "<slug:slug>/relatiebeheer/verzendlijsten/<int:pk>/",
        views.MailingListDetailView.as_view(),
        name="mailing_list",
    ),
    path(
        "<slug:slug>/relatiebeheer/verzendlijsten/<int:pk>/bewerken/",
        views.MailingListEditView.as_view(),
        name="mailing_list_edit",
    ),
]
