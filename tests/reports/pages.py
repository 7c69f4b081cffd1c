"""Open a report page as a user would: exports are POST forms, the rest are links."""

from urllib.parse import urlencode


def open_page(client, url, query=None):
    if "/export/" in url:  # the export buttons post the dashboard's filters in the query string
        return client.post(f"{url}?{urlencode(query or {})}")
    return client.get(url, query)
