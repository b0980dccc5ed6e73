"""Pages of the learning loop: a program's ranker versions, training, model cards."""

from django.urls import path

from matching import views_ranker_models as views

urlpatterns = [
    path("programs/<slug:slug>/ranker-models/", views.ranker_model_list, name="ranker_models"),
    path(
        "programs/<slug:slug>/ranker-models/train/",
        views.ranker_model_train,
        name="ranker_model_train",
    ),
    path(
        "programs/<slug:slug>/ranker-models/jobs/<uuid:job_id>/",
        views.ranker_training_status,
        name="ranker_training_status",
    ),
    path(
        "programs/<slug:slug>/ranker-models/<int:model_id>/",
        views.ranker_model_detail,
        name="ranker_model_detail",
    ),
    path(
        "programs/<slug:slug>/ranker-models/<int:model_id>/activate/",
        views.ranker_model_activate,
        name="ranker_model_activate",
    ),
]
