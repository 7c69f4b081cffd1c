"""What every API view shares: lookups that answer 404 for hidden and missing objects alike,
validated input, responses carrying the object's version as ETag."""

from __future__ import annotations

from rest_framework import viewsets
from rest_framework.decorators import api_view, authentication_classes, permission_classes, schema
from rest_framework.response import Response

from project.exceptions import NotFound, get_or_not_found


class ApiViewSet(viewsets.GenericViewSet):
    """A viewset whose objects come from ``get_queryset()`` (what the caller may see)."""

    lookup_value_regex = r"[0-9]+"

    def visible(self, queryset, pk):
        """The object ``pk`` of ``queryset``, or 404 (hidden and missing look the same)."""
        return get_or_not_found(queryset, pk=pk)

    def validated(self, serializer_class, data=None, **kwargs) -> dict:
        serializer = serializer_class(
            data=self.request.data if data is None else data,
            context={"request": self.request},
            **kwargs,
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def query(self, serializer_class) -> dict:
        """Validated query-string parameters (400 with field errors when invalid)."""
        return query_params(self.request, serializer_class)

    def page(self, queryset, serializer_class, **context):
        page = self.paginate_queryset(queryset)
        serializer = serializer_class(page, many=True, context={"request": self.request, **context})
        return self.get_paginated_response(serializer.data)


def with_version(data, version: str, status: int = 200) -> Response:
    response = Response(data, status=status)
    response["ETag"] = version
    return response


class AnyAcceptMixin:
    """Views that answer with a file: never refuse a request for its ``Accept`` header."""

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([])
@schema(None)
def not_found(request, *args, **kwargs):
    """Any other address under ``/api/v1/``: the API's 404, not the site's page."""
    raise NotFound()


def query_params(request, serializer_class) -> dict:
    """The query string validated by ``serializer_class``; an empty value is a value (refused
    when not acceptable), not an absent parameter as in HTML forms."""
    params = request.query_params
    data = {name: params.getlist(name)[-1] for name in params}
    serializer = serializer_class(data=data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
