from django.utils import timezone

from wagtail.models import Page

import factory

from intake.models import Submission
from tests.factories.cases import CasePageFactory


def submitted_draft(**fields):
    """A draft case as the public form leaves it: never live, saved as a revision and put into the "Eindredactie"
    workflow with nobody as the requester (the submitter has no account)."""
    case = CasePageFactory(live=False, **fields)
    case.save_revision()
    Page.objects.get(pk=case.pk).specific.get_workflow().start(case, None)
    case.refresh_from_db()
    return case


class SubmissionFactory(factory.django.DjangoModelFactory):
    """Who proposed a draft case through the form; undecided, with the privacy consent given just now."""

    page = factory.LazyAttribute(lambda submission: submitted_draft(title=submission.title))
    language = "nl"
    name = "An Peeters"
    organisation = "Stad Lokeren"
    email = factory.Sequence(lambda n: f"an.peeters{n}@lokeren.example")
    privacy_consent_at = factory.LazyFunction(timezone.now)
    photo_consent = True

    class Params:
        title = factory.Sequence(lambda n: f"Voorgesteld voorbeeld {n}")  # the draft's title

    class Meta:
        model = Submission
