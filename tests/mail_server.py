"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the tests of the queued mails, and the real database queue's worker
(`manage.py db_worker`, run in the test process so it uses the test's mail settings)."""

from contextlib import contextmanager
from email import message_from_bytes

from django.core.management import call_command

import pytest
from aiosmtpd.controller import Controller

from devtools.server import free_port
from vitrine_cms.settings.base import task_settings


class Inbox:
    """Keeps what the server accepts; `refuse` makes it answer every message with a permanent error instead."""

    def __init__(self, refuse: bool = False):
        self.envelopes = []
        self.refuse, self.refused = refuse, 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refused += 1
            return "554 5.7.1 Message refused"
        self.envelopes.append(envelope)
        return "250 OK"

    def bodies(self) -> list[str]:
        return [message_from_bytes(e.content).get_payload(decode=True).decode() for e in self.envelopes]


@contextmanager
def mail_server(port: int, inbox: Inbox):
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        yield inbox
    finally:
        server.stop()


def run_worker() -> None:
    call_command("db_worker", "--batch", "--backend", "background", "--no-startup-delay", verbosity=0)


@pytest.fixture
def smtp_settings(settings):
    """Mail over SMTP to 127.0.0.1 on a port nobody listens on (start `mail_server` there), from the database queue."""
    settings.TASKS = task_settings("database")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
    return settings
