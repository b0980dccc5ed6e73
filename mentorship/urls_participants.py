"""Pages for program admins' participant management, and accepting an invitation."""

from django.urls import path

from mentorship.views import invitations, participants

urlpatterns = [
    path(
        "programs/<slug:slug>/participants/",
        participants.participant_list,
        name="participant_list",
    ),
    path(
        "programs/<slug:slug>/participants/import/",
        participants.participant_import,
        name="participant_import",
    ),
    path(
        "programs/<slug:slug>/participants/import/<int:import_id>/",
        participants.participant_import_preview,
        name="participant_import_preview",
    ),
    path(
        "programs/<slug:slug>/participants/template/",
        participants.participant_import_template,
        name="participant_import_template",
    ),
    path(
        "programs/<slug:slug>/participants/export/",
        participants.participant_export,
        name="participant_export",
    ),
    path(
        "invitations/<str:uidb64>/<str:token>/",
        invitations.invitation_accept,
        name="invitation_accept",
    ),
]
