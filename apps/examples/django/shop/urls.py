from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", views.reports, name="reports"),
    path("api/billing/<path:route>", views.billing_proxy, name="billing-proxy"),
    path("billing/callbacks", views.billing_callback, name="billing-callback"),
]
