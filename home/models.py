"""The root of each language tree and the plain content pages (about, privacy, accessibility)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import GroupApprovalTask, Page
from wagtail.search import index

from home.blocks import StandardBodyStreamBlock
from home.caching import new_version_token
from home.serving import ReaderPageMixin, UrlPathRoutingMixin
from home.visibility import VisiblePageManager


class HomePage(UrlPathRoutingMixin, ReaderPageMixin, Page):
    objects = VisiblePageManager()

    intro = models.TextField(
        _("inleiding"), max_length=600, blank=True, help_text=_("Wat De Vitrine is, in twee zinnen.")
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cases.CaseIndexPage", "themes.ThemeIndexPage", "home.StandardPage"]
    template = "home/home_page.html"

    class Meta:
        verbose_name = _("startpagina")


class StandardPage(ReaderPageMixin, Page):
    objects = VisiblePageManager()

    intro = models.TextField(_("inleiding"), max_length=600, blank=True)
    body = StreamField(StandardBodyStreamBlock(), blank=True, verbose_name=_("inhoud"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    template = "home/standard_page.html"

    class Meta:
        verbose_name = _("standaardpagina")


def latest_publication_problems(obj) -> dict[str, list[str]]:
    """Publishing-rule problems of the newest revision of `obj`; empty for types without rules."""
    latest = obj.get_latest_revision_as_object() if hasattr(obj, "get_latest_revision_as_object") else obj
    check = getattr(latest, "publication_problems", None)
    return check() if check else {}


class EditorialReviewTask(GroupApprovalTask):
    """Group review ('Eindredactie') that never approves a revision breaking the publishing rules.

    Approval publishes the newest revision, which a reviewer may have saved as an incomplete draft;
    Wagtail's own task would then fail with a server error. We offer only 'request changes' then,
    and refuse a forced approval by sending the reviewer back to the editor, which lists the problems.
    """

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and latest_publication_problems(obj):
            return [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object
        if action_name == "approve" and latest_publication_problems(obj):
            return reverse("wagtailadmin_pages:edit", args=[obj.pk])
        return super().on_action(task_state, user, action_name, **kwargs)

    class Meta:
        verbose_name = _("eindredactie (met publicatieregels)")


class ContentVersion(models.Model):
    """One row: the version that keys every derived cache (pages, API answers, vocabularies, menus).

    It lives in the database, not in Redis, so that a publish bumps it in the publish's own transaction:
    every web process sees the new content and the new version together, and a Redis outage can neither
    lose a bump nor bring back an old version (home/caching.py).
    """

    version = models.BigIntegerField(default=1)
    # Random, written with every bump: the number alone comes round again (a transaction that bumped and rolled
    # back, a database restored from an older backup, a test database flushed), and an entry cached under a
    # number that came round would be served for other content. Number and token together never come round.
    token = models.CharField(max_length=32, default=new_version_token)
    # The earliest expiry of a live page still to come: once it passes, the version moves on by itself.
    next_expiry = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inhoudsversie")

    def __str__(self):
        return str(self.version)
