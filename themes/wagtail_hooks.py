"""Admin: audiences as translatable snippets."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from themes.models import Audience


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    menu_label = _("Doelgroepen")
    menu_order = 160
    add_to_admin_menu = True
    list_display = ["name", "code", "sort_order"]
    search_fields = ["name"]


register_snippet(AudienceViewSet)
