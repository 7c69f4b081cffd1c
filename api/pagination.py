"""Page-number pagination over querysets ordered by a unique key (stable pages)."""

from rest_framework.pagination import PageNumberPagination


class StablePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_description = "Số trang (bắt đầu từ 1)."
    page_size_query_description = "Số mục mỗi trang (tối đa 200)."
