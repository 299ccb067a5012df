from django.urls import path

from projects import views

app_name = "projects"

# Included under /<slug>/ by ketenoverleg.urls.
urlpatterns = [
    path("probleemlijst/", views.IssueListView.as_view(), name="issues"),
    path("probleemlijst/nieuw/", views.IssueCreateView.as_view(), name="issue_create"),
    path("probleemlijst/criteria/", views.CriteriaView.as_view(), name="criteria"),
    path("probleemlijst/<int:pk>/", views.IssueDetailView.as_view(), name="issue"),
    path("projecten/", views.ProjectListView.as_view(), name="projects"),
    path("projecten/projectlijst.csv", views.ProjectCsvView.as_view(), name="projects_csv"),
    path("projecten/nieuw/", views.ProjectEditView.as_view(), name="project_create"),
    path("projecten/<int:pk>/", views.ProjectDetailView.as_view(), name="project"),
    path("projecten/<int:pk>/bewerken/", views.ProjectEditView.as_view(), name="project_edit"),
    path("projecten/<int:pk>/voortgang/", views.ProgressReportView.as_view(), name="progress"),
    path(
        "projecten/<int:pk>/bijlagen/<int:attachment>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
    path("projecten/<int:pk>/<str:action>/", views.ProjectDetailView.as_view(), name="action"),
]
