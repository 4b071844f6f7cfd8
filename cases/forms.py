from wagtail.admin.forms import WagtailAdminPageForm

from cases.publishing import non_empty_block_types, publication_problems

FIELD_ERRORS = {"summary", "hero_image", "hero_image_alt", "body"}


class CasePageForm(WagtailAdminPageForm):
    """Applies the publishing rules when an editor publishes or submits, never on 'save draft'.

    Wagtail marks a draft save with `is_deferred_validation`; everything else (publish, submit
    for review, workflow actions) must meet the rules.
    """

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation:
            return cleaned_data
        problems = publication_problems(
            summary=cleaned_data.get("summary", ""),
            theme_count=self._chosen_count("case_themes", "theme"),
            audience_count=self._chosen_count("case_audiences", "audience"),
            has_hero_image=cleaned_data.get("hero_image") is not None,
            hero_image_alt=cleaned_data.get("hero_image_alt", ""),
            video_url=cleaned_data.get("video_url", ""),
            body_block_types=non_empty_block_types(cleaned_data.get("body")),
        )
        for field, messages in problems.items():
            for message in messages:
                self.add_error(field if field in FIELD_ERRORS and field in self.fields else None, message)
        return cleaned_data

    def _post_clean(self):
        self.instance._publication_rules_checked = True
        super()._post_clean()

    def _chosen_count(self, formset_name: str, field: str) -> int:
        formset = self.formsets.get(formset_name)
        if formset is None or not formset.is_valid():
            return 0
        return sum(1 for form in formset.forms if form.cleaned_data.get(field) and not form.cleaned_data.get("DELETE"))
