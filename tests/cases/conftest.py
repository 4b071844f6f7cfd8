"""Logged-in admin clients for the case admin tests (the role users are in tests/conftest.py)."""

import pytest


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def redacteur_client(client, redacteur):
    client.force_login(redacteur)
    return client
