from django.urls import path

from dialogue import views

app_name = "dialogue"

# Included under /<slug>/ by ketenoverleg.urls.
urlpatterns = [
    path("dialoog/", views.DiscussionListView.as_view(), name="list"),
    path("dialoog/nieuw/", views.DiscussionCreateView.as_view(), name="create"),
    path("dialoog/moderatie/", views.ModerationView.as_view(), name="moderation"),
    path("dialoog/<int:pk>/", views.DiscussionDetailView.as_view(), name="discussion"),
    path("dialoog/<int:pk>/bijdragen/", views.ContributeView.as_view(), name="contribute"),
    path("dialoog/<int:pk>/vragen/", views.AskView.as_view(), name="ask"),
    path("dialoog/<int:pk>/volgen/", views.FollowView.as_view(), name="follow"),
    path("dialoog/<int:pk>/sluiten/", views.CloseView.as_view(), name="close"),
    path("dialoog/bijdragen/<int:pk>/melden/", views.ReportView.as_view(), name="report"),
    path("dialoog/bijdragen/<int:pk>/modereren/", views.ModerateView.as_view(), name="moderate"),
]
