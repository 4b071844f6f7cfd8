"""Admin views shared by the apps that show their records read-only (webhook deliveries, submissions)."""

from datetime import datetime

from django.template.defaultfilters import yesno
from django.utils import formats, timezone

from wagtail.admin.views.generic import InspectView


def local_time(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


class ReadableInspectView(InspectView):
    """Times in the site's time zone, "ja"/"nee" and "—" for what is not there yet, as in the lists."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return "—"
        if isinstance(value, datetime):
            return local_time(value)
        if isinstance(value, bool):
            return yesno(value)
        return value
