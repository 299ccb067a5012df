from django.contrib.sitemaps.views import sitemap
from django.urls import path

from public import views

# Included under /<slug>/ by ketenoverleg.urls.
council_urlpatterns = [
    path("", views.CouncilDetailView.as_view(), name="council_detail"),
    path("nieuws/", views.NewsListView.as_view(), name="news_list"),
    path("nieuws/schrijven/", views.NewsWriteView.as_view(), name="news_write"),
    path("nieuws/<int:pk>/", views.NewsDetailView.as_view(), name="news_detail"),
    path("nieuws.atom", views.CouncilFeed(), name="council_feed"),
    path("zoeken/", views.SearchView.as_view(), name="search"),
    path(
        "open-data/actiepakketten/<int:pk>/ondertekenaars.<str:fmt>",
        views.SignatoriesDataView.as_view(),
        name="signatories_data",
    ),
    path(
        "open-data/metingen.<str:fmt>",
        views.MeasurementsDataView.as_view(),
        name="measurements_data",
    ),
]

# Site-wide pages.
site_urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("programma/", views.ProgrammeView.as_view(), name="programme"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon_ico, name="favicon"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"councils": views.CouncilSitemap, "pages": views.PublicPagesSitemap}},
        name="sitemap",
    ),
]
