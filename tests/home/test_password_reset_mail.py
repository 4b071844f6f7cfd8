"""Password reset from the admin's login page: the mail is sent, its link works, the new password logs in.

Mail settings come from the environment (vitrine_cms/settings/base.py); the last test delivers the mail
over SMTP to a real server (aiosmtpd) started here, with the settings read from environment variables.
"""

import re
import runpy
import socket
from email import message_from_bytes
from pathlib import Path

from django.conf import settings as django_settings
from django.core import mail

import pytest
from aiosmtpd.controller import Controller

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"http://testserver(/admin/password_reset/confirm/[^/\s]+/[^/\s]+/)")
NEW_PASSWORD = "een-nieuw-lang-wachtwoord-2026"  # noqa: S105 - a throwaway account in the test database


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "redacteur", "redacteur@example.org", "het-oude-wachtwoord", is_staff=True, is_superuser=True
    )


def request_reset(client, email: str):
    response = client.post("/admin/password_reset/", {"email": email})
    assert response.status_code == 302
    return response


def reset_link(body: str) -> str:
    match = RESET_LINK.search(body)
    assert match, body
    return match.group(1)


def test_a_reset_request_sends_one_mail_with_a_link(editor, client):
    request_reset(client, "redacteur@example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["redacteur@example.org"]
    assert message.from_email == django_settings.DEFAULT_FROM_EMAIL
    reset_link(message.body)


def test_an_unknown_address_gets_no_mail_and_the_same_answer(editor, client):
    response = request_reset(client, "onbekend@example.org")
    assert response["Location"] == "/admin/password_reset/done/"
    assert mail.outbox == []


def test_the_mailed_link_sets_a_new_password_that_logs_in(editor, client):
    request_reset(client, "redacteur@example.org")
    response = client.get(reset_link(mail.outbox[0].body), follow=True)
    form_url = response.redirect_chain[-1][0]
    assert "set-password" in form_url
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/admin/password_reset/complete/"

    client.logout()
    old = client.post("/admin/login/", {"username": "redacteur", "password": "het-oude-wachtwoord"})
    assert old.status_code == 200  # the form again, with an error
    new = client.post("/admin/login/", {"username": "redacteur", "password": NEW_PASSWORD})
    assert new.status_code == 302
    assert client.get("/admin/").status_code == 200


# --- Real SMTP ---------------------------------------------------------------------------------


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, mailbox
    controller.stop()


def mail_settings_from_environment(monkeypatch, **env) -> dict:
    """The EMAIL_* settings base.py (and so production.py) builds from these environment variables."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    base = Path(django_settings.BASE_DIR) / "vitrine_cms" / "settings" / "base.py"
    values = runpy.run_path(str(base))
    return {name: value for name, value in values.items() if name.startswith("EMAIL_") or name.endswith("_EMAIL")}


def test_without_an_smtp_host_mail_goes_to_the_console(monkeypatch):
    monkeypatch.delenv("EMAIL_HOST", raising=False)
    configured = mail_settings_from_environment(monkeypatch)
    assert configured["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_the_reset_mail_reaches_a_real_smtp_server_configured_from_the_environment(
    editor, client, settings, monkeypatch, smtp_server
):
    controller, mailbox = smtp_server
    configured = mail_settings_from_environment(
        monkeypatch,
        EMAIL_HOST=controller.hostname,
        EMAIL_PORT=str(controller.port),
        EMAIL_USE_TLS="false",  # the test server speaks plain SMTP
        DEFAULT_FROM_EMAIL="De Vitrine <vitrine@example.org>",
    )
    assert configured["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    for name, value in configured.items():
        setattr(settings, name, value)

    request_reset(client, "redacteur@example.org")

    assert len(mailbox.messages) == 1
    mail_from, recipients, message = mailbox.messages[0]
    assert mail_from == "vitrine@example.org"
    assert recipients == ["redacteur@example.org"]
    assert message["From"] == "De Vitrine <vitrine@example.org>"
    body = message.get_payload(decode=True).decode()
    response = client.get(reset_link(body), follow=True)
    assert "set-password" in response.redirect_chain[-1][0]
