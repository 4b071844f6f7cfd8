"""Login brute force: lockout per user and per address, the Dutch explanation, unlocking and the login logs."""

import re

from django.core import mail

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "wachtwoord-voor-tests"  # noqa: S105 - throwaway accounts in the test database
LIMIT = 5  # the default of LOGIN_FAILURE_LIMIT
LOCKED = "Te veel mislukte inlogpogingen"


def log_in(client, username, password, ip="192.0.2.10", url=LOGIN, **extra):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username, times=LIMIT, ip="192.0.2.10"):
    for _ in range(times):
        response = log_in(client, username, "fout-wachtwoord", ip=ip)
        assert not logged_in(client)
    return response


def test_settings_default_to_five_failures_and_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, redacteur):
    fail(client, "redacteur", times=LIMIT - 1)
    response = log_in(client, "redacteur", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_after_the_limit_the_right_password_is_refused_with_a_dutch_explanation(client, redacteur):
    response = fail(client, "redacteur")
    assert response.status_code == 429

    response = log_in(client, "redacteur", PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)
    text = response.content.decode()
    assert LOCKED in text
    assert "Probeer het over 15 minuten opnieuw" in text
    assert "vraag een Beheerder om je te ontgrendelen" in text
    assert 'name="password"' in text  # still the admin's login page, not a bare error
    assert client.get("/admin/").status_code == 302


def test_one_address_is_locked_out_across_usernames(client, redacteur):
    for number in range(LIMIT):
        log_in(client, f"gok-{number}", "fout-wachtwoord", ip="198.51.100.7")

    refused = log_in(client, "redacteur", PASSWORD, ip="198.51.100.7")
    assert refused.status_code == 429
    assert LOCKED in refused.content.decode()
    assert not logged_in(client)

    # The same user from elsewhere is not blocked: the address was, not the account.
    assert log_in(client, "redacteur", PASSWORD, ip="203.0.113.5").status_code == 302
    assert logged_in(client)


def test_one_user_is_locked_out_across_addresses(client, redacteur):
    for number in range(LIMIT):
        log_in(client, "redacteur", "fout-wachtwoord", ip=f"203.0.113.{number + 1}")

    response = log_in(client, "redacteur", PASSWORD, ip="203.0.113.200")

    assert response.status_code == 429
    assert not logged_in(client)


def test_forged_forwarded_for_header_does_not_dodge_the_address_lockout(client, redacteur):
    for number in range(LIMIT):
        client.post(
            LOGIN,
            {"username": f"gok-{number}", "password": "x"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}",
        )
    response = log_in(client, "redacteur", PASSWORD, ip="198.51.100.7", HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert response.status_code == 429


def test_behind_declared_proxies_the_forwarded_client_address_is_recorded(client, redacteur, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    log_in(client, "redacteur", "fout", ip="172.18.0.2", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.23")
    assert AccessFailureLog.objects.get().ip_address == "198.51.100.23"


def test_the_django_admin_login_is_locked_too(client, admin_user):
    fail(client, "beheer")

    response = log_in(client, "beheer", PASSWORD, url="/django-admin/login/")

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not logged_in(client)


def test_failures_on_the_django_admin_login_count_as_well(client, admin_user):
    for _ in range(LIMIT):
        log_in(client, "beheer", "fout", url="/django-admin/login/")
    assert log_in(client, "beheer", PASSWORD).status_code == 429
    assert not logged_in(client)


def test_a_password_reset_does_not_lift_the_lockout(client, redacteur):
    fail(client, "redacteur")

    client.post("/admin/password_reset/", {"email": "redacteur@example.org"})
    link = re.search(r"https?://[^/\s]+(/admin/password_reset/confirm/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    new_password = "een-heel-nieuw-wachtwoord-42"  # noqa: S105
    done = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    redacteur.refresh_from_db()
    assert redacteur.check_password(new_password)

    response = log_in(client, "redacteur", new_password)

    assert response.status_code == 429
    assert not logged_in(client)


def test_a_beheerder_sees_the_lockout_and_unlocks_it(client, redacteur, beheerder):
    fail(client, "redacteur")
    client.force_login(beheerder)

    listing = client.get("/admin/inloggen/blokkades/")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "redacteur" in text and "192.0.2.10" in text and "Ontgrendel" in text

    attempt = AccessAttempt.objects.get(username="redacteur")
    response = client.post(f"/admin/inloggen/blokkades/{attempt.pk}/ontgrendel/")
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()

    client.logout()
    assert log_in(client, "redacteur", PASSWORD).status_code == 302
    assert logged_in(client)


def test_the_unlock_command_lifts_a_lockout(client, redacteur):
    from django.core.management import call_command

    fail(client, "redacteur")
    call_command("axes_reset_username", "redacteur")
    assert log_in(client, "redacteur", PASSWORD).status_code == 302


def test_a_redacteur_cannot_see_or_use_the_unlock_view(client, redacteur, django_user_model):
    victim = django_user_model.objects.create_user("collega", "collega@example.org", PASSWORD)
    fail(client, victim.username, ip="192.0.2.99")
    attempt = AccessAttempt.objects.get(username="collega")
    client.force_login(redacteur)

    assert client.get("/admin/inloggen/blokkades/").status_code in {302, 403}
    assert client.get("/admin/inloggen/geslaagd/").status_code in {302, 403}
    assert client.get("/admin/inloggen/mislukt/").status_code in {302, 403}
    assert client.post(f"/admin/inloggen/blokkades/{attempt.pk}/ontgrendel/").status_code in {302, 403}
    assert AccessAttempt.objects.filter(username="collega").exists()
    assert "/admin/inloggen/" not in client.get("/admin/").content.decode()


def test_failed_and_successful_logins_are_recorded_and_shown_to_a_beheerder(client, redacteur, beheerder):
    log_in(client, "redacteur", "fout-wachtwoord", ip="192.0.2.44")
    log_in(client, "redacteur", PASSWORD, ip="192.0.2.45")

    failure = AccessFailureLog.objects.get()
    assert (failure.username, failure.ip_address) == ("redacteur", "192.0.2.44")
    assert failure.attempt_time is not None
    success = AccessLog.objects.get()
    assert (success.username, success.ip_address) == ("redacteur", "192.0.2.45")
    assert success.attempt_time is not None

    client.force_login(beheerder)
    assert "192.0.2.44" in client.get("/admin/inloggen/mislukt/").content.decode()
    assert "192.0.2.45" in client.get("/admin/inloggen/geslaagd/").content.decode()
    menu = client.get("/admin/").content.decode()
    assert "/admin/inloggen/blokkades/" in menu
