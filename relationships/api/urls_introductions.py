"""API URLs of introductions, thank-you notes and testimonials, under /api/v1/."""

from django.urls import URLPattern, URLResolver, path

from relationships.api import introductions, recognition

ONE = "introductions/<int:id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "introductions/",
        introductions.IntroductionListCreateApi.as_view(),
        name="api-introduction-list",
    ),
    path(ONE, introductions.IntroductionDetailApi.as_view(), name="api-introduction-detail"),
    path(
        f"{ONE}accept/",
        introductions.IntroductionAcceptApi.as_view(),
        name="api-introduction-accept",
    ),
    path(
        f"{ONE}decline/",
        introductions.IntroductionDeclineApi.as_view(),
        name="api-introduction-decline",
    ),
    path(
        f"{ONE}withdraw/",
        introductions.IntroductionWithdrawApi.as_view(),
        name="api-introduction-withdraw",
    ),
    path(
        f"{ONE}follow-up/",
        introductions.IntroductionFollowUpApi.as_view(),
        name="api-introduction-follow-up",
    ),
    path(
        "relationships/<int:relationship_id>/thank-you-notes/",
        recognition.ThankYouNoteListCreateApi.as_view(),
        name="api-thank-you-notes",
    ),
    path(
        "thank-you-notes/<int:id>/consent/",
        recognition.ThankYouConsentApi.as_view(),
        name="api-thank-you-consent",
    ),
    path(
        "programs/<slug:slug>/mentors/<int:mentor_id>/testimonials/",
        recognition.MentorTestimonialListApi.as_view(),
        name="api-mentor-testimonials",
    ),
]
