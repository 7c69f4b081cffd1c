"""API clients that act with tokens issued the way an administrator issues them."""

import pytest
from rest_framework.test import APIClient

from api.services.tokens import api_token_issue
from tasks_app.models import Agency


class Clients:
    """``clients.of("BTCTU", "head")``: a client whose token acts as BTCTU's head account."""

    def __init__(self):
        self._clients = {}

    def token(self, code: str, *roles: str, read_only: bool = False):
        return api_token_issue(
            by=None,
            name=f"{code} {'+'.join(roles)}",
            agency=Agency.objects.get(code=code),
            roles=list(roles),
            read_only=read_only,
        )

    def of(self, code: str, *roles: str, read_only: bool = False) -> APIClient:
        key = (code, roles, read_only)
        if key not in self._clients:
            issued = self.token(code, *roles, read_only=read_only)
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.key}")
            client.user = issued.token.user
            self._clients[key] = client
        return self._clients[key]

    def office(self) -> APIClient:
        return self.of("VPTU", "office")


@pytest.fixture
def clients(registry):
    return Clients()
