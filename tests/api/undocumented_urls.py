"""A URLconf with one undocumented API view, to prove the schema guard can fail."""

from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class UndocumentedApi(APIView):
    def get(self, request: Request) -> Response:
        return Response({})


urlpatterns = [path("api/v1/undocumented/", UndocumentedApi.as_view())]
