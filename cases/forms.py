from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from cases.publishing import non_empty_block_types, publication_problems
from themes.models import Audience, ThemePage

# Where a publishing-rule problem is shown: the form field of the same name, except these.
ERROR_FIELDS = {"case_themes": "themes", "case_audiences": "audiences"}
# Checkbox field -> (child relation, its foreign key, the model ticked).
CLASSIFICATIONS = {
    "themes": ("case_themes", "theme", ThemePage),
    "audiences": ("case_audiences", "audience", Audience),
}
SLUG_MAX_LENGTH = 240  # room for a "-2" suffix within the 255 characters of Page.slug


class CasePageForm(WagtailAdminPageForm):
    """The case form: slug from the title, themes and audiences as checkboxes, and the publishing rules.

    The rules apply when an editor publishes or submits, never on 'save draft': Wagtail marks a
    draft save with `is_deferred_validation`. Themes and audiences are stored as translatable
    child rows (wagtail-localize follows those), but editors simply tick boxes.
    """

    themes = forms.ModelMultipleChoiceField(
        queryset=ThemePage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Thema's"),
        help_text=_("Minstens één om te publiceren."),
    )
    audiences = forms.ModelMultipleChoiceField(
        queryset=Audience.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Doelgroepen"),
        help_text=_("Minstens één om te publiceren."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (relation, target, model) in CLASSIFICATIONS.items():
            linked = [getattr(link, f"{target}_id") for link in getattr(self.instance, relation).all()]
            # The page's own language, plus whatever is linked now (a translated case may still point
            # at a Dutch audience): a box that is not shown would be unticked on save.
            self.fields[name].queryset = model.objects.filter(Q(locale_id=self.instance.locale_id) | Q(pk__in=linked))
            if model is ThemePage:
                self.fields[name].queryset = self.fields[name].queryset.order_by("path")
            self.initial[name] = linked
        if "slug" in self.fields and not (self.instance.pk and self.instance.live):
            # As long as the title fills the slug, an empty slug means "from the title" (see clean).
            self.fields["slug"].required = False

    def clean(self):
        self._fill_slug_from_title()
        cleaned_data = super().clean()
        if self.is_deferred_validation:
            return cleaned_data
        problems = publication_problems(
            summary=cleaned_data.get("summary", ""),
            has_place=bool(cleaned_data.get("place") or cleaned_data.get("municipality")),
            theme_count=len(cleaned_data.get("themes") or []),
            audience_count=len(cleaned_data.get("audiences") or []),
            has_hero_image=cleaned_data.get("hero_image") is not None,
            hero_image_alt=cleaned_data.get("hero_image_alt", ""),
            video_url=cleaned_data.get("video_url", ""),
            body_block_types=non_empty_block_types(cleaned_data.get("body")),
        )
        # CasePage.clean reports an unplayable video on every save, drafts included.
        problems.pop("video_url", None)
        for problem_field, messages in problems.items():
            field = ERROR_FIELDS.get(problem_field, problem_field)
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        return cleaned_data

    def _fill_slug_from_title(self) -> None:
        """Derive the slug from the title like Wagtail's own title field does in the browser.

        The browser does it as the editor types; this covers a save that came before (autosave,
        a slow connection, no JavaScript), so a draft never fails on the hidden Promotie tab.
        """
        if "slug" not in self.fields or self.cleaned_data.get("slug") or "slug" in self.errors:
            return
        allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
        base = slugify(self.cleaned_data.get("title") or "", allow_unicode=allow_unicode)[:SLUG_MAX_LENGTH].strip("-")
        if not base:
            self.add_error("slug", _("Geef een slug op: uit deze titel valt er geen te maken."))
            return
        slug, suffix = base, 1
        while self.parent_page and not Page._slug_is_available(slug, self.parent_page, self.instance):
            suffix += 1
            slug = f"{base}-{suffix}"
        self.cleaned_data["slug"] = slug

    def _post_clean(self):
        self.instance._publication_rules_checked = True
        super()._post_clean()

    def save(self, commit=True):
        for name, (relation, target, _model) in CLASSIFICATIONS.items():
            if name in self.cleaned_data:
                setattr(self.instance, relation, self._links(relation, target, self.cleaned_data[name]))
        return super().save(commit=commit)

    def _links(self, relation: str, target: str, chosen) -> list:
        """Child rows for the ticked boxes; a row that stays is reused, so its translations stay attached."""
        existing = {getattr(link, f"{target}_id"): link for link in getattr(self.instance, relation).all()}
        link_model = self.instance._meta.get_field(relation).related_model
        links = []
        for position, obj in enumerate(chosen):
            link = existing.get(obj.pk) or link_model(**{target: obj, "locale_id": self.instance.locale_id})
            link.sort_order = position
            links.append(link)
        return links
