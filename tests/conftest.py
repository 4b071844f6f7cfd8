import os

from django.contrib.auth.models import Group
from django.core.cache import cache

from wagtail.models import Locale

import pytest

from devtools.demo import DemoTemplate
from tests.demo_template import BUILD, FIXTURE, demo_template_build
from tests.factories.cases import default_case_index
from tests.factories.home import default_home_page
from tests.factories.themes import audience, theme

THEME_CODES = [
    "beleid-en-visie",
    "mobiliteit",
    "ruimtelijke-ordening",
    "duurzaamheid",
    "samenwerking",
    "beleving-en-aantrekking",
    "trends-en-ontwikkelingen",
    "data",
]
AUDIENCE_SLUGS = ["lokale-besturen", "ondernemers", "investeerders", "ontwikkelaars"]


@pytest.fixture(autouse=True)
def _isolated_storage(settings, tmp_path):
    """Uploaded test images go to a temporary folder, and no cached rendition or API response
    survives from an earlier test (database ids are reused after each rollback)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()


@pytest.fixture
def home_page(db):
    return default_home_page()


@pytest.fixture
def case_index(db):
    return default_case_index()


@pytest.fixture
def taxonomy(case_index):
    """The Dutch case index with the eight themes and four audiences of PRODUCT.md."""
    return {
        "themes": {code: theme(code) for code in THEME_CODES},
        "audiences": {slug: audience(slug) for slug in AUDIENCE_SLUGS},
    }


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("beheer", "beheer@example.org", "wachtwoord-voor-tests")


def member_of(django_user_model, group_name: str, username: str):
    """A user of one of the editorial roles (groups made by home's migration 0003)."""
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
def beheerder(django_user_model):
    return member_of(django_user_model, "Beheerder", "beheerder")


@pytest.fixture(scope="session")
def demo_template(pytestconfig) -> DemoTemplate | None:
    """The demo site built once this session (tests/demo_template.py), to copy; None on SQLite."""
    build = demo_template_build(pytestconfig)
    return None if build is None else build.wait()


def pytest_collection_finish(session):
    """Start building the demo template now, in a thread, when a test that copies it is going to run."""
    if session.config.option.collectonly:
        return
    if any(FIXTURE in getattr(item, "fixturenames", ()) for item in session.items):
        demo_template_build(session.config)


def pytest_terminal_summary(terminalreporter, config):
    build = config.stash.get(BUILD, None)
    if build is not None and build.timings:
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in build.timings.items())
        terminalreporter.write_line(f"demo template (built once, copied per test): {steps}")


def pytest_sessionfinish(session, exitstatus):
    """In CI, a skipped test means something it needs is missing: that is a failure, not a pass."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if os.environ.get("VITRINE_FAIL_ON_SKIP") and skipped:
        reporter.write_line(f"{skipped} test(s) skipped while VITRINE_FAIL_ON_SKIP is set: failing the run.", red=True)
        session.exitstatus = 1
