"""Logged-in admin clients and members of the editorial roles (created by home's migration 0003)."""

from django.contrib.auth.models import Group

import pytest


def member_of(django_user_model, group_name: str, username: str):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", "wachtwoord-voor-tests", first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def redacteur(django_user_model):
    return member_of(django_user_model, "Redacteur", "redacteur")


@pytest.fixture
def eindredacteur(django_user_model):
    return member_of(django_user_model, "Eindredacteur", "eindredacteur")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def redacteur_client(client, redacteur):
    client.force_login(redacteur)
    return client
