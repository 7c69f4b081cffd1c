"""Page-number pagination over querysets ordered by a unique key (stable pages); a malformed
``page_size`` is refused (400), not silently replaced."""

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination


class StablePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_description = "Số trang (bắt đầu từ 1)."
    page_size_query_description = "Số mục mỗi trang (1–200, mặc định 50)."

    def get_page_size(self, request):
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        field = serializers.IntegerField(min_value=1, max_value=self.max_page_size)
        try:
            return field.run_validation(values[-1])
        except serializers.ValidationError as exc:
            raise serializers.ValidationError(
                {self.page_size_query_param: [_("Cần một số nguyên từ 1 đến 200.")]}
            ) from exc

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 200}
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters
