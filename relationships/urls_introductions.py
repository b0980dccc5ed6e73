"""Pages of introductions and of recognition (thank-you notes)."""

from django.urls import URLPattern, URLResolver, path

from relationships.views import introductions, recognition

ONE = "introductions/<int:introduction_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("introductions/", introductions.introduction_list, name="introduction_list"),
    path(
        "introductions/dashboard-section/",
        introductions.introduction_dashboard_section,
        name="introduction_dashboard_section",
    ),
    path(
        "programs/<slug:slug>/introductions/new/",
        introductions.introduction_new,
        name="introduction_new",
    ),
    path(ONE, introductions.introduction_detail, name="introduction_detail"),
    path(f"{ONE}accept/", introductions.introduction_accept, name="introduction_accept"),
    path(f"{ONE}decline/", introductions.introduction_decline, name="introduction_decline"),
    path(f"{ONE}withdraw/", introductions.introduction_withdraw, name="introduction_withdraw"),
    path(f"{ONE}follow-up/", introductions.introduction_follow_up, name="introduction_follow_up"),
    path(
        f"{ONE}follow-up/cancel/",
        introductions.introduction_follow_up_cancel,
        name="introduction_follow_up_cancel",
    ),
    path(
        f"{ONE}follow-up.ics",
        introductions.introduction_follow_up_ics,
        name="introduction_follow_up_ics",
    ),
    path(
        "relationships/<int:relationship_id>/thanks/",
        recognition.thank_you_list,
        name="thank_you_list",
    ),
    path(
        "relationships/<int:relationship_id>/thanks/new/",
        recognition.thank_you_new,
        name="thank_you_new",
    ),
    path("thanks/<int:note_id>/consent/", recognition.thank_you_consent, name="thank_you_consent"),
]
