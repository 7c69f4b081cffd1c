from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import override_settings


@pytest.mark.django_db
def test_healthz_answers_without_touching_services(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_ok_when_database_and_broker_reachable(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["checks"] == {"database": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_readyz_503_names_the_database_when_it_is_down(client):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["reason"] == "Không kết nối được cơ sở dữ liệu (OperationalError)."
    assert "connection refused" not in body["reason"], "details go to the log, not the public"
    assert body["checks"]["broker"] == "ok"


@pytest.mark.django_db
def test_readyz_503_names_the_broker_when_it_is_down(client, settings):
    # Nothing listens on port 1: the broker connection must fail quickly and be reported.
    with override_settings(
        CELERY_BROKER_URL="redis://127.0.0.1:1/0", CELERY_BROKER_TRANSPORT_OPTIONS={}
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert "hàng đợi Celery" in body["reason"]
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_503_when_filesystem_broker_folder_is_missing(client, tmp_path):
    missing = tmp_path / "gone" / "queue"
    options = {"data_folder_in": str(missing), "data_folder_out": str(missing)}
    with override_settings(
        CELERY_BROKER_URL="filesystem://", CELERY_BROKER_TRANSPORT_OPTIONS=options
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert "hàng đợi Celery" in response.json()["reason"]
