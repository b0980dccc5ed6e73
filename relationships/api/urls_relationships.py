"""API URLs of relationships under /api/v1/: lifecycle, agreement, goals, messages, safety."""

from django.urls import URLPattern, URLResolver, path

from relationships.api import (
    relationship_agreement,
    relationship_goals,
    relationship_lifecycle,
    relationship_messages,
    relationship_safety,
)

ONE = "relationships/<int:relationship_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "relationships/",
        relationship_lifecycle.RelationshipListApi.as_view(),
        name="api-relationship-list",
    ),
    path(ONE, relationship_lifecycle.RelationshipDetailApi.as_view(), name="api-relationship"),
    path(
        f"{ONE}pause/",
        relationship_lifecycle.RelationshipPauseApi.as_view(),
        name="api-relationship-pause",
    ),
    path(
        f"{ONE}resume/",
        relationship_lifecycle.RelationshipResumeApi.as_view(),
        name="api-relationship-resume",
    ),
    path(
        f"{ONE}extend/",
        relationship_lifecycle.RelationshipExtendApi.as_view(),
        name="api-relationship-extend",
    ),
    path(
        f"{ONE}close/",
        relationship_lifecycle.RelationshipCloseApi.as_view(),
        name="api-relationship-close",
    ),
    path(
        f"{ONE}closing-survey/",
        relationship_lifecycle.ClosingSurveyCreateApi.as_view(),
        name="api-relationship-closing-survey",
    ),
    path(
        f"{ONE}agreement/",
        relationship_agreement.AgreementApi.as_view(),
        name="api-relationship-agreement",
    ),
    path(
        f"{ONE}agreement/confirm/",
        relationship_agreement.AgreementConfirmApi.as_view(),
        name="api-relationship-agreement-confirm",
    ),
    path(f"{ONE}goals/", relationship_goals.GoalListApi.as_view(), name="api-relationship-goals"),
    path(
        f"{ONE}goals/<int:goal_id>/",
        relationship_goals.GoalUpdateApi.as_view(),
        name="api-relationship-goal",
    ),
    path(
        f"{ONE}action-items/",
        relationship_goals.ActionItemListApi.as_view(),
        name="api-relationship-action-items",
    ),
    path(
        f"{ONE}action-items/<int:item_id>/",
        relationship_goals.ActionItemUpdateApi.as_view(),
        name="api-relationship-action-item",
    ),
    path(
        f"{ONE}messages/",
        relationship_messages.MessageListApi.as_view(),
        name="api-relationship-messages",
    ),
    path(
        f"{ONE}report/",
        relationship_safety.ConcernReportApi.as_view(),
        name="api-relationship-report",
    ),
    path(
        "members/<int:user_id>/block/",
        relationship_safety.MemberBlockApi.as_view(),
        name="api-member-block",
    ),
]
