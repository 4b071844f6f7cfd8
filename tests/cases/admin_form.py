"""Build the POST data of a case's edit form the way a browser would send it.

The edit view is read back with Wagtail's `querydict_from_html`; the parts a browser builds with
JavaScript (the StreamField and the comments formset) are added with Wagtail's `form_data` helpers.
"""

from django.http import QueryDict
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, querydict_from_html, rich_text

from cases.models import CasePage
from home.blocks import RICH_TEXT_FEATURES

RICH_TEXT_BLOCKS = {"concept", "transferability"}
ITEM_LIST_BLOCKS = {"learnings", "tips", "dos", "donts"}


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def list_block(items: list) -> dict:
    """ListBlock POST data; an item is its text, or a stored {"value": …, "id": …} dict."""
    data = {"count": str(len(items))}
    for index, item in enumerate(items):
        entry = {"value": item, "deleted": "", "order": str(index)}
        if isinstance(item, dict):
            entry.update(value=item["value"], id=item.get("id", ""))
        data[str(index)] = entry
    return data


def body_form_data(blocks: list[tuple]) -> dict:
    """StreamField POST data for a case body given as (block type, value[, block id]) tuples.

    Only the block types the tests use are supported: rich text and item lists.
    """
    stream = {"count": str(len(blocks))}
    for index, (block_type, value, *block_id) in enumerate(blocks):
        if block_type in RICH_TEXT_BLOCKS:
            form_value = rich_text(value, features=RICH_TEXT_FEATURES)
        elif block_type in ITEM_LIST_BLOCKS:
            form_value = {"items": list_block(value["items"])}
        else:
            raise ValueError(f"No form data helper for block {block_type!r}")
        stream[str(index)] = {"type": block_type, "value": form_value, "deleted": "", "order": str(index)}
        if block_id:
            stream[str(index)]["id"] = block_id[0]
    return nested_form_data({"body": stream})


def stored_body(page: CasePage) -> list[tuple]:
    """The page's body as the editor loaded it, block ids included (as a browser sends them)."""
    return [(block["type"], block["value"], block["id"]) for block in page.body.raw_data]


def form_data_from_html(html: str, *, body: list[tuple]) -> QueryDict:
    """The edit form as a browser would post it, with `body` as the StreamField content."""
    data = querydict_from_html(html, form_id="page-edit-form")
    for key in [key for key in data if "__prefix__" in key]:
        del data[key]
    for key, values in data.lists():
        # Browsers drop the newline Django puts right after <textarea>.
        data.setlist(key, [value[1:] if value.startswith("\n") else value for value in values])
    data.update(nested_form_data({"comments": inline_formset([])}))
    data.update(body_form_data(body))
    data.update(nested_form_data({"follow_ups": {"count": "0"}}))  # built by JavaScript too; the tests add none
    return data


def set_values(data: QueryDict, values: dict) -> QueryDict:
    """Overwrite keys (QueryDict.update would append to them instead)."""
    for key, value in values.items():
        data[key] = value
    return data


def edit_form_data(client, page: CasePage, *, url: str | None = None, body: list[tuple] | None = None, **fields):
    """GET the edit view (or another view showing the edit form) and return its form data.

    `body` replaces the StreamField content (default: the page's stored body); `fields` overwrite fields.
    """
    response = client.get(url or edit_url(page))
    assert response.status_code == 200
    data = form_data_from_html(response.content.decode(), body=stored_body(page) if body is None else body)
    return set_values(data, fields)
