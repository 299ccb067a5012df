from django.urls import path

from workshops import views

app_name = "workshops"

# Included at the root by ketenoverleg.urls, before the council catch-all: the
# kwartiermaker's workshops, the participants' pages and a council's workshops.
urlpatterns = [
    path("workshops/", views.WorkshopListView.as_view(), name="list"),
    path("workshops/nieuw/", views.WorkshopCreateView.as_view(), name="create"),
    path("workshops/<int:pk>/", views.ControlView.as_view(), name="control"),
    path("workshops/<int:pk>/beamer/", views.BeamerView.as_view(), name="beamer"),
    path("workshops/<int:pk>/beamer/stand/", views.BoardView.as_view(), name="board"),
    path("workshops/<int:pk>/qr.svg", views.QRCodeView.as_view(), name="qr"),
    path("workshops/<int:pk>/<str:action>/", views.ActionView.as_view(), name="action"),
    path("doe-mee/", views.JoinView.as_view(), name="join"),
    path("doe-mee/<str:code>/", views.ParticipantView.as_view(), name="participant"),
    path("doe-mee/<str:code>/bijdragen/", views.ContributeView.as_view(), name="contribute"),
    path("doe-mee/<str:code>/peiling/", views.PollView.as_view(), name="poll"),
    path(
        "<slug:slug>/workshops/",
        views.CouncilWorkshopListView.as_view(),
        name="council_workshops",
    ),
]
