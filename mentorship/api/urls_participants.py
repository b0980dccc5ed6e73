"""Program admins' participant import, export and template, under /api/v1/."""

from django.urls import path

from mentorship.api import participants

urlpatterns = [
    path(
        "programs/<slug:slug>/participants/import/",
        participants.ParticipantImportApi.as_view(),
        name="api-participants-import",
    ),
    path(
        "programs/<slug:slug>/participants/export/",
        participants.ParticipantExportApi.as_view(),
        name="api-participants-export",
    ),
    path(
        "programs/<slug:slug>/participants/template/",
        participants.ParticipantTemplateApi.as_view(),
        name="api-participants-template",
    ),
]
