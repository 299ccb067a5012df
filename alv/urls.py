from django.urls import path

from alv import views

app_name = "alv"

# Included under /<slug>/ by ketenoverleg.urls.
urlpatterns = [
    path("alv/", views.AssemblyListView.as_view(), name="list"),
    path("alv/nieuw/", views.AssemblyCreateView.as_view(), name="create"),
    path("alv/regels/", views.RulesView.as_view(), name="rules"),
    path("alv/<int:pk>/", views.AssemblyDetailView.as_view(), name="detail"),
    path("alv/<int:pk>/besluitpunt/", views.ItemAddView.as_view(), name="item_add"),
    path(
        "alv/<int:pk>/besluitpunt/<int:item>/verwijderen/",
        views.ItemRemoveView.as_view(),
        name="item_remove",
    ),
    path("alv/<int:pk>/bijeenroepen/", views.ConveneView.as_view(), name="convene"),
    path("alv/<int:pk>/presentielijst/", views.AttendanceView.as_view(), name="attendance"),
    path("alv/<int:pk>/sluiten/", views.CloseView.as_view(), name="close"),
    path("alv/<int:pk>/inchecken/", views.CheckInView.as_view(), name="check_in"),
    path(
        "alv/<int:pk>/besluitpunt/<int:item>/voorstel/",
        views.ProposalView.as_view(),
        name="proposal",
    ),
    path("alv/<int:pk>/besluitpunt/<int:item>/stem/", views.BallotView.as_view(), name="ballot"),
    path("alv/<int:pk>/besluitpunt/<int:item>/uitslag/", views.ResultView.as_view(), name="result"),
    path("jaarplan/nieuw/", views.PlanCreateView.as_view(), name="plan_create"),
    path("jaarplan/<int:year>/", views.PlanDetailView.as_view(), name="plan"),
    path("jaarplan/<int:year>/bewerken/", views.PlanEditView.as_view(), name="plan_edit"),
    path("jaarplan/<int:year>/regel/", views.BudgetLineAddView.as_view(), name="line_add"),
    path(
        "jaarplan/<int:year>/regel/<int:line>/realisatie/",
        views.RealisedView.as_view(),
        name="realised",
    ),
    path("jaarverslag/nieuw/", views.ReportCreateView.as_view(), name="report_create"),
    path("jaarverslag/<int:year>/", views.ReportDetailView.as_view(), name="report"),
    path("jaarverslag/<int:year>/bewerken/", views.ReportEditView.as_view(), name="report_edit"),
]
