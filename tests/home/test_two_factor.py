"""Two-factor authentication in the admin: who must set it up, the code after the password, recovery codes."""

import os
import re
import subprocess
import sys
import time
from base64 import b32encode

from django.core.management import call_command

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "wachtwoord-voor-tests"  # noqa: S105 - throwaway accounts in the test database
SETUP = "/admin/tweestapsverificatie/instellen/"
VERIFY = "/admin/tweestapsverificatie/controle/"


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.ADMIN_2FA = True


def log_in(client, username):
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "password login refused"
    return response


def code_for(device, steps_ahead=0) -> str:
    """What the user's authenticator app shows now (or `steps_ahead` periods of 30 s later)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead):06d}"


def secret_on_page(response) -> str:
    return re.search(r'id="two-factor-secret">([A-Z2-7]+)<', response.content.decode()).group(1)


def set_up(client, username) -> list[str]:
    """Log in, set up the app through the setup page, return the recovery codes shown."""
    log_in(client, username)
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    assert secret_on_page(page) == b32encode(device.bin_key).decode().rstrip("=")
    response = client.post(SETUP, {"code": code_for(device)})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())


def test_an_eindredacteur_without_a_device_is_sent_to_the_setup_page(client, eindredacteur):
    log_in(client, "eindredacteur")

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "Voor jouw rol is tweestapsverificatie verplicht" in text
    assert "<svg" in text  # the QR code, drawn on the page itself
    assert secret_on_page(page)


def test_a_beheerder_is_also_required(client, beheerder):
    log_in(client, "beheerder")
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_after_setup_the_admin_opens_and_ten_recovery_codes_are_shown(client, eindredacteur):
    codes = set_up(client, "eindredacteur")

    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=eindredacteur).confirmed


def test_a_wrong_code_at_setup_is_refused_and_the_device_stays_unconfirmed(client, eindredacteur):
    log_in(client, "eindredacteur")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=eindredacteur)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post(SETUP, {"code": wrong})

    assert response.status_code == 400
    assert "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.get(user=eindredacteur).confirmed
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_the_next_login_asks_for_a_code_and_a_right_one_opens_the_admin(client, eindredacteur):
    set_up(client, "eindredacteur")
    client.post("/admin/logout/")

    log_in(client, "eindredacteur")
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert client.get(response["Location"]).status_code == 200

    device = TOTPDevice.objects.get(user=eindredacteur)
    # The setup used this period's code; a code is accepted once, so the app's next one.
    response = client.post(VERIFY, {"code": code_for(device, steps_ahead=1), "next": "/admin/pages/"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_a_wrong_code_is_refused_and_further_tries_are_throttled(client, eindredacteur):
    set_up(client, "eindredacteur")
    client.post("/admin/logout/")
    log_in(client, "eindredacteur")
    device = TOTPDevice.objects.get(user=eindredacteur)
    right = code_for(device, steps_ahead=1)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 400
    assert client.get("/admin/")["Location"].startswith(VERIFY)

    # Straight after a failure even the right code is refused: guessing all million codes is not possible.
    response = client.post(VERIFY, {"code": right})
    assert response.status_code == 400
    assert "Te veel foute codes na elkaar" in response.content.decode()
    assert client.get("/admin/")["Location"].startswith(VERIFY)

    time.sleep(1.1)  # the first failure costs one second
    assert client.post(VERIFY, {"code": right}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client, eindredacteur):
    codes = set_up(client, "eindredacteur")
    client.post("/admin/logout/")

    log_in(client, "eindredacteur")
    assert client.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=eindredacteur).count() == 9
    client.post("/admin/logout/")

    log_in(client, "eindredacteur")
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 400
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_a_redacteur_uses_the_admin_without_two_factor_but_may_opt_in(client, redacteur):
    log_in(client, "redacteur")
    assert client.get("/admin/").status_code == 200
    assert SETUP in client.get("/admin/account/").content.decode()

    codes = set_up(client, "redacteur")
    assert len(codes) == 10
    client.post("/admin/logout/")

    log_in(client, "redacteur")
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_unverified_sessions_are_kept_out_of_the_django_admin_too(client, admin_user, eindredacteur):
    set_up(client, "eindredacteur")
    client.post("/admin/logout/")
    log_in(client, "eindredacteur")

    assert client.get("/django-admin/")["Location"].startswith(VERIFY)


def test_with_two_factor_off_nobody_is_asked(client, settings, eindredacteur):
    set_up(client, "eindredacteur")
    client.post("/admin/logout/")
    settings.ADMIN_2FA = False

    log_in(client, "eindredacteur")

    assert client.get("/admin/").status_code == 200
    assert SETUP not in client.get("/admin/account/").content.decode()


def test_reset_2fa_removes_the_devices_so_the_user_sets_up_again(client, eindredacteur):
    set_up(client, "eindredacteur")
    client.post("/admin/logout/")

    call_command("reset_2fa", "eindredacteur")

    assert not TOTPDevice.objects.filter(user=eindredacteur).exists()
    assert not StaticDevice.objects.filter(user=eindredacteur).exists()
    log_in(client, "eindredacteur")
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_a_beheerder_resets_a_lost_phone_from_the_user_list(client, beheerder, eindredacteur):
    set_up(client, "eindredacteur")
    client.post("/admin/logout/")
    set_up(client, "beheerder")
    reset_url = f"/admin/tweestapsverificatie/reset/{eindredacteur.pk}/"

    assert reset_url in client.get("/admin/users/").content.decode()
    assert "opnieuw instellen" in client.get(reset_url).content.decode()
    response = client.post(reset_url)

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=eindredacteur).exists()
    assert TOTPDevice.objects.filter(user=beheerder).exists()
    client.post("/admin/logout/")
    log_in(client, "eindredacteur")
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_an_eindredacteur_may_not_reset_someone_else(client, eindredacteur, beheerder):
    set_up(client, "beheerder")
    client.post("/admin/logout/")
    set_up(client, "eindredacteur")

    assert client.post(f"/admin/tweestapsverificatie/reset/{beheerder.pk}/").status_code in {302, 403}
    assert TOTPDevice.objects.filter(user=beheerder).exists()
    assert "/tweestapsverificatie/reset/" not in client.get("/admin/users/").content.decode()


SETTING = "import django; django.setup(); from django.conf import settings as s; print(s.ADMIN_2FA)"


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("vitrine_cms.settings.dev", "False"),
        ("vitrine_cms.settings.test", "False"),
        ("vitrine_cms.settings.browser", "False"),
        ("vitrine_cms.settings.production", "True"),
    ],
)
def test_on_in_production_off_in_development_tests_and_browser_tests(module, expected):
    env = {key: value for key, value in os.environ.items() if key not in {"ADMIN_2FA", "DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE=module, SECRET_KEY="x" * 60, ALLOWED_HOSTS="vitrine.example.org")
    result = subprocess.run([sys.executable, "-c", SETTING], env=env, capture_output=True, text=True, check=False)
    assert result.stdout.strip() == expected, result.stderr[-2000:]
