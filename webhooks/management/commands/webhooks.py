"""Manage webhook subscriptions from the shell, as a Beheerder does in the admin; and send what is overdue.

manage.py webhooks add URL --secret S [--event case.published ...] [--description TEXT]
manage.py webhooks list
manage.py webhooks remove ID_OR_URL
manage.py webhooks test ID_OR_URL         # one signed test delivery now, and its outcome
manage.py webhooks retry [--all]          # send deliveries whose queued task got lost (or, --all, every pending one)
"""

from datetime import timedelta

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from webhooks import sending
from webhooks.models import TEST_EVENT, Delivery, Event, Subscription
from webhooks.tasks import schedule_retry

# A pending delivery this long past its time has no task waiting for it any more (a worker died, the queue was
# pruned): `retry` sends it. Shorter would race the worker, which is only harmless, not useful.
OVERDUE = timedelta(minutes=2)


class Command(BaseCommand):
    help = (
        "Webhookabonnementen beheren (add, list, remove, test), achterstallige afleveringen versturen (retry) "
        "en oude opruimen (prune)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{add,list,remove,test,retry,prune}")
        add = actions.add_parser("add", help="Een abonnement toevoegen.")
        add.add_argument("url", help="Adres (http of https) dat de POST krijgt.")
        add.add_argument("--secret", required=True, help="Gedeeld geheim voor X-Vitrine-Signature.")
        add.add_argument(
            "--event",
            action="append",
            dest="events",
            choices=Event.values,
            help="Gebeurtenis (herhaalbaar); zonder: alle gebeurtenissen.",
        )
        add.add_argument("--description", default="", help="Voor wie of waarvoor.")
        add.add_argument("--inactive", action="store_true", help="Toevoegen als inactief.")
        actions.add_parser("list", help="De abonnementen tonen.")
        remove = actions.add_parser("remove", help="Een abonnement (en zijn afleveringen) verwijderen.")
        remove.add_argument("subscription", help="Nummer of adres van het abonnement.")
        test = actions.add_parser("test", help="Nu één testaflevering sturen en de uitkomst tonen.")
        test.add_argument("subscription", help="Nummer of adres van het abonnement.")
        retry = actions.add_parser("retry", help="Achterstallige afleveringen nu versturen.")
        retry.add_argument(
            "--all",
            dest="everything",
            action="store_true",
            help="Elke wachtende aflevering, ook die nog niet aan de beurt is.",
        )

        prune = actions.add_parser("prune", help="Afgehandelde afleveringen (en hun pogingen) opruimen.")
        prune.add_argument("--days", type=int, default=30, help="Ouder dan zoveel dagen (standaard 30).")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_add(self, *, url, secret, events, description, inactive, **options):
        subscription = Subscription(
            url=url,
            secret=secret,
            events=list(dict.fromkeys(events or Event.values)),
            description=description,
            active=not inactive,
        )
        try:
            subscription.full_clean()
        except ValidationError as error:
            problems = "; ".join(
                f"{self.label(field)}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            raise CommandError(f"Abonnement niet toegevoegd. {problems}") from error
        subscription.save()
        self.stdout.write(
            f"Abonnement {subscription.pk} toegevoegd: {subscription.url} ({', '.join(subscription.events)})."
        )

    def handle_list(self, **options):
        subscriptions = list(Subscription.objects.all())
        if not subscriptions:
            self.stdout.write("Geen abonnementen.")
        for subscription in subscriptions:
            state = "actief" if subscription.active else "inactief"
            self.stdout.write(f"{subscription.pk}\t{state}\t{subscription.url}\t{', '.join(subscription.events)}")

    def handle_remove(self, *, subscription, **options):
        found = self.find(subscription)
        url = found.url
        found.delete()
        self.stdout.write(f"Abonnement {subscription} verwijderd: {url}.")

    def handle_test(self, *, subscription, **options):
        found = self.find(subscription)
        delivery = Delivery.objects.create(
            subscription=found,
            event=TEST_EVENT,
            payload={"event": TEST_EVENT, "occurred_at": timezone.now().isoformat()},
            next_attempt_at=timezone.now(),
            status=Delivery.Status.PENDING,
        )
        delivery = sending.claim(delivery.pk, force=True)
        attempt = sending.attempt(delivery)
        # A test is sent once: no retries for it.
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.FAILED, next_attempt_at=None
        )
        if attempt.succeeded:
            self.stdout.write(f"Afgeleverd: HTTP {attempt.response_code} in {attempt.duration_ms} ms.")
        else:
            raise CommandError(f"Niet afgeleverd na {attempt.duration_ms} ms: {attempt.error}")

    def handle_retry(self, *, everything, **options):
        pending = Delivery.objects.filter(status=Delivery.Status.PENDING)
        if not everything:
            pending = pending.filter(next_attempt_at__lte=timezone.now() - OVERDUE)
        sent = delivered = 0
        for delivery_id in pending.order_by("next_attempt_at").values_list("pk", flat=True):
            delivery = sending.claim(delivery_id, force=everything)
            if delivery is None:
                continue
            sent += 1
            attempt = sending.attempt(delivery)
            delivered += attempt.succeeded
            if delivery.status == Delivery.Status.PENDING:
                schedule_retry(delivery)
        self.stdout.write(f"{sent} aflevering(en) verstuurd, {delivered} afgeleverd.")

    def handle_prune(self, *, days, **options):
        if days < 1:
            raise CommandError("--days moet minstens 1 zijn.")
        finished = Delivery.objects.exclude(status=Delivery.Status.PENDING)
        old = finished.filter(created_at__lt=timezone.now() - timedelta(days=days))
        count = old.count()
        old.delete()
        self.stdout.write(f"{count} afgehandelde aflevering(en) van meer dan {days} dagen oud verwijderd.")

    @staticmethod
    def label(field: str) -> str:
        return str(Subscription._meta.get_field(field).verbose_name) if field != NON_FIELD_ERRORS else ""

    def find(self, key: str) -> Subscription:
        found = Subscription.objects.filter(pk=int(key)) if key.isdigit() else Subscription.objects.filter(url=key)
        subscription = found.first()
        if subscription is None:
            raise CommandError(f"Geen abonnement met nummer of adres {key}. Zie `manage.py webhooks list`.")
        return subscription
