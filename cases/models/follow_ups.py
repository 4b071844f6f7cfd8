"""The follow-ups of a case ("Hoe staat het nu?") and the date the next one is due."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.fields import StreamField

from cases.follow_up_blocks import FollowUpStreamBlock

FOLLOW_UP_INTERVAL_YEARS = 1


def years_after(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class FollowUpMixin(models.Model):
    """Dated follow-ups on a page, and `follow_up_due_on`, kept on every full save so the editors' list of cases
    waiting for a follow-up is one indexed query instead of reading every page's StreamField."""

    follow_ups = StreamField(
        FollowUpStreamBlock(),
        blank=True,
        verbose_name=_("opvolging"),
        help_text=_(
            "Hoe staat het nu? Een gedateerde stand van zaken, bv. een jaar na de publicatie. "
            "Op de pagina verschijnt de nieuwste eerst."
        ),
    )
    follow_up_due_on = models.DateField(
        _("opvolging nodig vanaf"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Een jaar na de eerste publicatie of na de laatste opvolging."),
    )

    class Meta:
        abstract = True

    def follow_ups_newest_first(self) -> list[dict]:
        """The follow-ups' values, newest date first (the editor's order breaks ties)."""
        values = [block.value for block in self.follow_ups if block.block_type == "follow_up"]
        return sorted(values, key=lambda value: value["date"] or date.min, reverse=True)

    def latest_follow_up_date(self) -> date | None:
        dates = [value["date"] for value in self.follow_ups_newest_first() if value["date"]]
        return dates[0] if dates else None

    def compute_follow_up_due_on(self) -> date | None:
        """A year after the first publication or after the latest follow-up, whichever is later; None until the
        page was ever published."""
        if self.first_published_at is None:
            return None
        start = timezone.localdate(self.first_published_at)
        latest = self.latest_follow_up_date()
        return years_after(max(start, latest) if latest else start, FOLLOW_UP_INTERVAL_YEARS)

    def follow_up_problems(self) -> dict[str, list[ValidationError]]:
        """Rules that need the page, not just the block: no follow-up before the year the initiative started.
        The error points at the follow-up's date in the admin."""
        if not self.year_started:
            return {}
        message = _("Een opvolging kan niet vóór het startjaar (%(year)s) liggen.") % {"year": self.year_started}
        early = {
            index: StructBlockValidationError(block_errors={"date": ValidationError(message)})
            for index, block in enumerate(self.follow_ups)
            if block.block_type == "follow_up" and block.value["date"] and block.value["date"].year < self.year_started
        }
        return {"follow_ups": [StreamBlockValidationError(block_errors=early)]} if early else {}
