"""Admin panels for the case form."""

import functools

from wagtail.admin import compare
from wagtail.admin.panels import FieldPanel


class ChildChoicePanel(FieldPanel):
    """A form field (checkboxes) that writes a child relation such as `case_themes`.

    The form field is declared on CasePageForm; this panel only tells the revision comparison
    which child relation it stands for, so "Vergelijk" shows chosen themes like an InlinePanel would.
    """

    def __init__(self, field_name, *, relation_name: str, target: str, **kwargs):
        super().__init__(field_name, **kwargs)
        self.relation_name = relation_name
        self.target = target

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "relation_name": self.relation_name, "target": self.target}

    class BoundPanel(FieldPanel.BoundPanel):
        def get_comparison(self):
            relation = self.panel.model._meta.get_field(self.panel.relation_name)
            target = relation.related_model._meta.get_field(self.panel.target)
            return [
                functools.partial(
                    compare.ChildRelationComparison,
                    relation,
                    [functools.partial(compare.ForeignObjectComparison, target)],
                    label=self.heading,
                )
            ]
