"""A Beheerder manages subscriptions and reads deliveries and attempts in the admin; editors never see them."""

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils import WagtailTestUtils
from wagtail.users.models import UserProfile

import pytest

from webhooks.models import Attempt, Delivery, Subscription

pytestmark = pytest.mark.django_db

SUBSCRIPTIONS = reverse("webhook_subscriptions:index")
DELIVERIES = reverse("webhook_deliveries:index")
ATTEMPTS = reverse("webhook_attempts:index")


def text(response) -> str:
    return WagtailTestUtils.get_soup(response.content).get_text(" ")


def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def delivery(subscription):
    delivery = Delivery.objects.create(
        subscription=subscription,
        event="case.published",
        payload={"event": "case.published", "id": 7, "slug": "pop-ups-lokeren"},
        attempts=2,
        last_response_code=500,
        last_error="HTTP 500 Internal Server Error: stuk",
        next_attempt_at=timezone.now(),
    )
    for number, code in [(1, 502), (2, 500)]:
        Attempt.objects.create(
            delivery=delivery, number=number, started_at=timezone.now(), duration_ms=40, response_code=code
        )
    return delivery


def test_a_beheerder_sees_the_webhooks_menu_and_its_three_lists(client, beheerder, delivery):
    client = logged_in(client, beheerder)

    menu = client.get("/admin/").content.decode()
    for url in (SUBSCRIPTIONS, DELIVERIES, ATTEMPTS):
        assert url in menu
    assert "Webhooks" in menu

    assert "VLAIO-website" in text(client.get(SUBSCRIPTIONS))
    deliveries = text(client.get(DELIVERIES))
    assert "case.published" in deliveries or "Voorbeeld gepubliceerd" in deliveries
    assert "Wacht op verzending" in deliveries
    assert client.get(ATTEMPTS).status_code == 200


@pytest.mark.parametrize("role", ["redacteur", "eindredacteur"])
def test_editors_do_not_see_webhooks_and_get_403(client, role, request, delivery):
    client = logged_in(client, request.getfixturevalue(role))

    menu = client.get("/admin/").content.decode()
    assert SUBSCRIPTIONS not in menu
    assert DELIVERIES not in menu
    for url in (
        SUBSCRIPTIONS,
        reverse("webhook_subscriptions:add"),
        reverse("webhook_subscriptions:edit", args=[delivery.subscription.pk]),
        DELIVERIES,
        reverse("webhook_deliveries:inspect", args=[delivery.pk]),
        ATTEMPTS,
    ):
        assert_refused(client, url)


def assert_refused(client, url: str) -> None:
    """Wagtail's refusal: the dashboard with its 'no permission' message; 403 for a script's request."""
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, "/admin/"), url
    assert any("geen toegang" in str(message) for message in get_messages(response.wsgi_request)), url
    assert client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403, url


def test_a_beheerder_adds_a_subscription_through_the_form(client, beheerder, receiver):
    client = logged_in(client, beheerder)
    form = client.get(reverse("webhook_subscriptions:add"))
    assert form.status_code == 200
    assert "Voorbeeld gepubliceerd" in text(form)

    response = client.post(
        reverse("webhook_subscriptions:add"),
        {
            "url": receiver.url,
            "description": "VLAIO-website",
            "events": ["case.published", "case.deleted"],
            "secret": "gedeeld-geheim",
            "active": "on",
        },
    )

    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.url, subscription.events, subscription.secret) == (
        receiver.url,
        ["case.published", "case.deleted"],
        "gedeeld-geheim",
    )


def test_the_form_refuses_a_non_web_address_and_no_events(client, beheerder):
    client = logged_in(client, beheerder)

    response = client.post(
        reverse("webhook_subscriptions:add"),
        {"url": "ftp://vlaio.be/hooks", "description": "", "secret": "s", "active": "on"},
    )

    assert response.status_code == 200
    content = text(response)
    assert "http:// of https://" in content
    assert not Subscription.objects.exists()


def test_the_form_refuses_an_internal_address_when_not_allowed(client, beheerder, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    client = logged_in(client, beheerder)

    response = client.post(
        reverse("webhook_subscriptions:add"),
        {"url": "http://127.0.0.1:8000/hooks", "events": ["case.published"], "secret": "s", "active": "on"},
    )

    assert response.status_code == 200
    assert "intern adres" in text(response)
    assert not Subscription.objects.exists()


def test_a_delivery_shows_every_attempt_and_cannot_be_changed(client, beheerder, admin_user, delivery):
    client = logged_in(client, beheerder)

    page = text(client.get(reverse("webhook_deliveries:inspect", args=[delivery.pk])))
    assert str(delivery.delivery_id) in page
    assert "#1" in page and "502" in page
    assert "#2" in page and "HTTP 500" in page

    # Read-only for everyone, a superuser included: the record of what was sent stays as it was.
    for user in (beheerder, admin_user):
        client = logged_in(client, user)
        listing = client.get(DELIVERIES).content.decode()
        assert reverse("webhook_deliveries:add") not in listing
        assert_refused(client, reverse("webhook_deliveries:add"))
        assert_refused(client, reverse("webhook_deliveries:edit", args=[delivery.pk]))
        assert client.post(reverse("webhook_deliveries:delete", args=[delivery.pk])).status_code == 302
        assert_refused(client, reverse("webhook_attempts:add"))
    assert Delivery.objects.filter(pk=delivery.pk).exists()


def test_deliveries_can_be_filtered_by_status(client, beheerder, delivery):
    Delivery.objects.create(
        subscription=delivery.subscription, event="theme.updated", payload={}, status="delivered", attempts=1
    )
    client = logged_in(client, beheerder)

    pending = client.get(DELIVERIES, {"status": "pending"})
    delivered = client.get(DELIVERIES, {"status": "delivered"})

    assert pending.context["object_list"].count() == 1
    assert [item.event for item in delivered.context["object_list"]] == ["theme.updated"]


def test_the_lists_cost_the_same_queries_for_many_rows(client, beheerder, delivery, django_assert_num_queries):
    client = logged_in(client, beheerder)
    client.get(DELIVERIES)  # warm the caches of the admin's menus and permissions
    queries = {}
    for url in (DELIVERIES, ATTEMPTS):
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[url] = len(captured)
    for number in range(3, 13):
        more = Delivery.objects.create(subscription=delivery.subscription, event="case.updated", payload={})
        Attempt.objects.create(delivery=more, number=number, started_at=timezone.now(), duration_ms=5)

    for url, count in queries.items():
        with django_assert_num_queries(count):
            client.get(url)


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("nl", ["Abonnementen", "Afleveringen", "Pogingen"]),
        ("en", ["Subscriptions", "Deliveries", "Attempts"]),
        ("fr", ["Abonnements", "Livraisons", "Tentatives"]),
    ],
)
def test_the_menu_follows_the_admin_language(client, beheerder, language, labels):
    profile = UserProfile.get_for_user(beheerder)
    profile.preferred_language = language
    profile.save()
    client = logged_in(client, beheerder)

    menu = client.get("/admin/").content.decode()

    for label in labels:
        assert label in menu
    form = text(client.get(reverse("webhook_subscriptions:add")))
    assert {"nl": "Voorbeeld gepubliceerd", "en": "Case published", "fr": "Exemple publié"}[language] in form
