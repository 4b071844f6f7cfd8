"""Publishing, re-publishing, unpublishing and deleting in the real admin produce exactly the documented events."""

import json
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from tests.cases.admin_form import edit_form_data, edit_url
from tests.factories.cases import CasePageFactory
from tests.factories.themes import theme
from vitrine_cms.settings.base import task_settings
from webhooks.models import Delivery, Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    """Deliveries wait for the worker, as in production: the tests look at what was queued."""
    settings.TASKS = task_settings("database")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit, as a real transaction's end would (tests run inside one)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def draft(taxonomy):
    return CasePageFactory(live=False, slug="pop-ups-lokeren", title="Pop-ups in Lokeren")


def publish_in_admin(client, page, capture):
    data = edit_form_data(client, page)
    data["action-publish"] = "action-publish"
    with capture(execute=True):
        response = client.post(edit_url(page), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.live


def events() -> list[str]:
    return list(Delivery.objects.order_by("pk").values_list("event", flat=True))


def test_a_publish_in_the_admin_makes_exactly_one_case_published_delivery(
    admin_client, draft, subscription, database_queue, django_capture_on_commit_callbacks
):
    publish_in_admin(admin_client, draft, django_capture_on_commit_callbacks)

    [delivery] = Delivery.objects.all()
    assert delivery.event == "case.published"
    assert delivery.subscription == subscription
    assert delivery.status == "pending"
    payload = delivery.payload
    assert {key: payload[key] for key in ("event", "id", "slug", "locale")} == {
        "event": "case.published",
        "id": draft.pk,
        "slug": "pop-ups-lokeren",
        "locale": "nl",
    }
    assert payload["url"] == f"{settings.PUBLIC_BASE_URL}{draft.get_url()}"
    assert payload["url"].endswith("/pop-ups-lokeren/")
    assert payload["api_url"] == f"{settings.PUBLIC_BASE_URL}/api/v1/cases/{draft.pk}/"
    assert abs(timezone.now() - timezone.datetime.fromisoformat(payload["occurred_at"])) < timedelta(minutes=1)


def test_republish_is_an_update_then_unpublish_and_delete(
    admin_client, draft, subscription, database_queue, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    publish_in_admin(admin_client, draft, capture)
    publish_in_admin(admin_client, draft, capture)
    with capture(execute=True):
        response = admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[draft.pk]))
    assert response.status_code == 302
    with capture(execute=True):
        response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[draft.pk]))
    assert response.status_code == 302

    assert events() == ["case.published", "case.updated", "case.unpublished", "case.deleted"]
    deleted = Delivery.objects.get(event="case.deleted")
    assert (deleted.payload["id"], deleted.payload["slug"]) == (draft.pk, "pop-ups-lokeren")


def test_republishing_after_an_unpublish_is_a_new_publication(draft, subscription, database_queue, committed):
    with committed():
        draft.save_revision().publish()
    draft.refresh_from_db()
    with committed():
        draft.unpublish()
    draft.refresh_from_db()
    with committed():
        draft.save_revision().publish()

    assert events() == ["case.published", "case.unpublished", "case.published"]


def test_publishing_a_theme_is_theme_updated(taxonomy, subscription, database_queue, committed):
    mobility = theme("mobiliteit")

    with committed():
        mobility.save_revision().publish()

    [delivery] = Delivery.objects.all()
    assert delivery.event == "theme.updated"
    assert delivery.payload["slug"] == "mobiliteit"
    assert delivery.payload["api_url"] == f"{settings.PUBLIC_BASE_URL}/api/v1/themes/mobiliteit/?locale=nl"


def test_a_subscription_gets_only_the_events_it_chose(draft, receiver, database_queue, committed):
    only_deletes = Subscription.objects.create(url=receiver.url, secret="s", events=["case.deleted"])
    inactive = Subscription.objects.create(url=receiver.url, secret="s", active=False)

    with committed():
        draft.save_revision().publish()
    assert not Delivery.objects.exists()

    with committed():
        draft.delete()
    assert list(Delivery.objects.values_list("subscription", "event")) == [(only_deletes.pk, "case.deleted")]
    assert not inactive.deliveries.exists()


def test_a_publish_that_rolls_back_sends_nothing(draft, subscription, database_queue, committed):
    with committed() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        draft.save_revision().publish()
        assert Delivery.objects.count() == 0  # nothing is written before the commit
        raise RuntimeError("the import failed after this case")

    assert not [callback for callback in callbacks if "announce" in callback.__qualname__]

    assert not Delivery.objects.exists()


def test_private_and_scheduled_cases_are_not_announced(draft, taxonomy, subscription, database_queue, committed):
    PageViewRestriction.objects.create(page=draft, restriction_type=PageViewRestriction.PASSWORD, password="x")
    later = CasePageFactory(live=False, slug="later", go_live_at=timezone.now() + timedelta(days=2))
    with committed():
        draft.save_revision().publish()
        later.save_revision().publish()

    assert not Delivery.objects.exists()


def test_with_the_immediate_backend_the_receiver_gets_the_publication(
    draft, subscription, receiver, django_capture_on_commit_callbacks
):
    """BACKGROUND_TASKS=immediate (development): sent right after the commit, in the publishing process."""
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()

    [request] = receiver.requests
    assert request.headers["X-Vitrine-Event"] == "case.published"
    assert json.loads(request.body)["id"] == draft.pk
    assert Delivery.objects.get().status == "delivered"
