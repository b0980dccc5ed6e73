"""API URLs of the learning loop, under /api/v1/."""

from django.urls import path

from matching import api_ranker_models as api

urlpatterns = [
    path(
        "programs/<slug:slug>/ranker-models/",
        api.RankerModelListApi.as_view(),
        name="api-ranker-models",
    ),
    path(
        "programs/<slug:slug>/ranker-models/<int:pk>/",
        api.RankerModelDetailApi.as_view(),
        name="api-ranker-model-detail",
    ),
    path(
        "programs/<slug:slug>/ranker-models/<int:pk>/activate/",
        api.RankerModelActivateApi.as_view(),
        name="api-ranker-model-activate",
    ),
]
