"""Pages of relationships: the list, the relationship page and its actions, and safety."""

from django.urls import URLPattern, URLResolver, path

from relationships.views import (
    relationship_agreement,
    relationship_detail,
    relationship_goals,
    relationship_lifecycle,
    relationship_messages,
    relationship_safety,
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("relationships/", relationship_detail.relationship_list, name="relationship_list"),
    path(
        "relationships/<int:relationship_id>/",
        relationship_detail.relationship_detail,
        name="relationship_detail",
    ),
    path(
        "relationships/<int:relationship_id>/pause/",
        relationship_lifecycle.relationship_pause,
        name="relationship_pause",
    ),
    path(
        "relationships/<int:relationship_id>/resume/",
        relationship_lifecycle.relationship_resume,
        name="relationship_resume",
    ),
    path(
        "relationships/<int:relationship_id>/extend/",
        relationship_lifecycle.relationship_extend,
        name="relationship_extend",
    ),
    path(
        "relationships/<int:relationship_id>/close/",
        relationship_lifecycle.relationship_close,
        name="relationship_close",
    ),
    path(
        "relationships/<int:relationship_id>/closing-survey/",
        relationship_lifecycle.relationship_closing_survey,
        name="relationship_closing_survey",
    ),
    path(
        "relationships/<int:relationship_id>/agreement/",
        relationship_agreement.agreement_propose,
        name="agreement_propose",
    ),
    path(
        "relationships/<int:relationship_id>/agreement/confirm/",
        relationship_agreement.agreement_confirm,
        name="agreement_confirm",
    ),
    path(
        "relationships/<int:relationship_id>/goals/",
        relationship_goals.goal_add,
        name="relationship_goal_add",
    ),
    path(
        "relationships/<int:relationship_id>/goals/<int:goal_id>/",
        relationship_goals.goal_update,
        name="relationship_goal_update",
    ),
    path(
        "relationships/<int:relationship_id>/action-items/",
        relationship_goals.action_item_add,
        name="action_item_add",
    ),
    path(
        "relationships/<int:relationship_id>/action-items/<int:item_id>/",
        relationship_goals.action_item_update,
        name="action_item_update",
    ),
    path(
        "relationships/<int:relationship_id>/messages/",
        relationship_messages.message_post,
        name="relationship_message_post",
    ),
    path(
        "relationships/<int:relationship_id>/report/",
        relationship_safety.concern_report,
        name="concern_report",
    ),
    path("programs/<slug:slug>/concerns/", relationship_safety.concern_queue, name="concern_queue"),
    path(
        "programs/<slug:slug>/concerns/<int:concern_id>/",
        relationship_safety.concern_update,
        name="concern_update",
    ),
    path("members/<int:user_id>/block/", relationship_safety.member_block, name="member_block"),
    path(
        "members/<int:user_id>/unblock/", relationship_safety.member_unblock, name="member_unblock"
    ),
]
