"""Pages anyone may open without an account: drafts open for comment and the gazette (统一公布)."""

from django.urls import path

from . import public_views as views

urlpatterns = [
    path("public/drafts/", views.public_drafts, name="public_drafts"),
    path("public/drafts/<int:pk>/", views.public_draft, name="public_draft"),
    path("gazette/", views.gazette, name="gazette"),
    path("gazette/<int:pk>/", views.gazette_document, name="gazette_document"),
    path("gazette/<int:pk>/order.docx", views.rule_order_docx, name="rule_order_docx"),
]
