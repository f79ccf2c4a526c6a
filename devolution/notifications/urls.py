"""Notifications's pages: each part's views module lists its own `urlpatterns`."""

from .views import ROUTES

app_name = "notifications"

urlpatterns = ROUTES
