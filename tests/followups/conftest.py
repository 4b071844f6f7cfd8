from tests.mail_server import smtp_settings  # noqa: F401 - a fixture of the mail tests
