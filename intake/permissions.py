"""Who may see what a submitter told us: the Eindredacteurs and Beheerders (and superusers), never the Redacteurs.

Decided by group rather than by a model permission, so no data migration has to hand a permission to the groups; the
groups themselves come from home's migration 0003.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from wagtail.permission_policies import ModelPermissionPolicy

SUBMITTER_DATA_GROUPS = ("Eindredacteur", "Beheerder")
# Who gets the notice of a new submission: the people who decide on it.
NOTIFIED_GROUP = "Eindredacteur"


def can_see_submitters(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_can_see_submitters", None)
    if cached is None:
        cached = user._can_see_submitters = user.groups.filter(name__in=SUBMITTER_DATA_GROUPS).exists()
    return cached


class SubmitterDataPolicy(ModelPermissionPolicy):
    """Read-only, for the groups above: a submission is a record of what someone sent; the decision follows the
    page (published, deleted), and the data goes when purge_submissions says so."""

    def user_has_permission(self, user, action):
        return action == "view" and can_see_submitters(user)

    def users_with_any_permission(self, actions) -> QuerySet:
        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(groups__name__in=SUBMITTER_DATA_GROUPS)).distinct()
