"""The REST API (``/api/v1/``) for the province's other systems, and its signed webhooks.

Every endpoint calls the same selectors, permission rules and services as the web pages, so an
API client may do exactly what its user may do on the site.
"""
