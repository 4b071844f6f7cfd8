"""Build a case body (StreamField raw data) from an import record.

Block and list-item ids derive from the Dutch slug, so a re-import produces the same ids and
wagtail-localize's content paths, and therefore the stored translations, stay valid.
"""

import uuid

from cases.importer.records import CaseRecord

NAMESPACE = uuid.UUID("0c7e39a4-5f0b-4d7e-9a49-6a1f7c2b8d10")
ITEM_LISTS = ("learnings", "tips", "dos", "donts")


def stable_id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def _items(seed: str, kind: str, values: list) -> list[dict]:
    return [{"type": "item", "value": value, "id": stable_id(seed, kind, index)} for index, value in enumerate(values)]


def _image(image_id: int, alt: str, credit: str) -> dict:
    return {"image": image_id, "alt": alt, "credit": credit, "caption": ""}


def source_body(record: CaseRecord, image_ids: list[int]) -> list[dict]:
    """The Dutch body, in the order editors read a case. `image_ids` match `record.images`."""
    seed, data = record.slug, record.data
    blocks: list[dict] = []

    def add(block_type: str, value) -> None:
        blocks.append({"type": block_type, "value": value, "id": stable_id(seed, block_type)})

    add("concept", data["concept"])
    if data.get("steps"):
        add("steps", {"steps": _items(seed, "steps", data["steps"])})
    if data.get("results"):
        add("results", {"figures": _items(seed, "results", data["results"]), "text": ""})
    if data.get("quote"):
        add("quote", data["quote"])
    for kind in ITEM_LISTS:
        if data.get(kind):
            add(kind, {"items": _items(seed, kind, data[kind])})
    if data.get("transferability"):
        add("transferability", data["transferability"])
    extra = list(zip(image_ids[1:], record.images[1:], strict=True))
    if len(extra) == 1:
        image_id, image = extra[0]
        add("image", _image(image_id, image.alt, image.credit))
    elif extra:
        add("gallery", {"images": _items(seed, "gallery", [_image(i, im.alt, im.credit) for i, im in extra])})
    if data.get("contact"):
        add("contact", data["contact"])
    if data.get("links"):
        links = [{"title": link["title"], "page": None, "url": link["url"]} for link in data["links"]]
        add("links", {"heading": "", "links": _items(seed, "links", links)})
    return blocks


class StructureMismatch(ValueError):
    def __init__(self, field: str, source_count: int, translation_count: int):
        self.field = field
        super().__init__(f"de bron heeft {source_count} punt(en), de vertaling {translation_count}")


def translated_body(source_blocks: list[dict], translation: CaseRecord) -> list[dict]:
    """The source body with the translation's texts put in place; what it does not translate stays."""
    data = translation.data
    alts = [{"alt": image.alt, "credit": image.credit} for image in translation.images[1:]]
    result = []
    for block in source_blocks:
        block_type, value = block["type"], block["value"]
        if block_type in {"concept", "transferability"} and data.get(block_type):
            value = data[block_type]
        elif block_type == "steps" and data.get("steps"):
            value = {**value, "steps": _replace("steps", value["steps"], data["steps"])}
        elif block_type == "results" and data.get("results"):
            value = {**value, "figures": _replace("results", value["figures"], data["results"])}
        elif block_type in ITEM_LISTS and data.get(block_type):
            value = {**value, "items": _replace(block_type, value["items"], data[block_type])}
        elif block_type == "quote" and data.get("quote"):
            value = {**value, "text": data["quote"]["text"], "role": data["quote"]["role"]}
        elif block_type == "image" and alts:
            _check("images", [value], alts)
            value = {**value, **alts[0]}
        elif block_type == "gallery" and alts:
            _check("images", value["images"], alts)
            value = {**value, "images": [_with(item, alt) for item, alt in zip(value["images"], alts, strict=True)]}
        elif block_type == "contact" and data.get("contact", {}).get("organisation"):
            value = {**value, "organisation": data["contact"]["organisation"]}
        elif block_type == "links" and data.get("links"):
            _check("links", value["links"], data["links"])
            titles = [{"title": link["title"]} for link in data["links"]]
            value = {**value, "links": [_with(item, title) for item, title in zip(value["links"], titles, strict=True)]}
        result.append({**block, "value": value})
    return result


def _check(field: str, items: list, values: list) -> None:
    if len(items) != len(values):
        raise StructureMismatch(field, len(items), len(values))


def _with(item: dict, changes: dict) -> dict:
    return {**item, "value": {**item["value"], **changes}}


def _replace(field: str, items: list[dict], values: list) -> list[dict]:
    """Put translated values in place, keeping the item ids so content paths match the source."""
    _check(field, items, values)
    return [{**item, "value": value} for item, value in zip(items, values, strict=True)]


def source_follow_ups(slug: str, follow_ups: list[dict] | None) -> list[dict]:
    """StreamField data with ids derived from the slug, so a re-import keeps the translations' content paths."""
    blocks = []
    for index, follow_up in enumerate(follow_ups or []):
        figures = [
            {"type": "item", "value": figure, "id": stable_id(slug, "follow_ups", index, "figures", position)}
            for position, figure in enumerate(follow_up["figures"])
        ]
        value = {"date": follow_up["date"], "text": follow_up["text"], "figures": figures}
        blocks.append({"type": "follow_up", "value": value, "id": stable_id(slug, "follow_ups", index)})
    return blocks


def translated_follow_ups(source_blocks: list[dict], follow_ups: list[dict] | None) -> list[dict]:
    """The source's follow-ups with the translation's texts and labels; dates and values stay the source's."""
    if not follow_ups:
        return list(source_blocks)
    if len(source_blocks) != len(follow_ups):
        raise StructureMismatch("follow_ups", len(source_blocks), len(follow_ups))
    result = []
    for block, translated in zip(source_blocks, follow_ups, strict=True):
        figures = block["value"]["figures"]
        if len(figures) != len(translated["figures"]):
            raise StructureMismatch("follow_ups", len(figures), len(translated["figures"]))
        figures = [
            {**item, "value": {**item["value"], "label": label["label"]}}
            for item, label in zip(figures, translated["figures"], strict=True)
        ]
        result.append({**block, "value": {**block["value"], "text": translated["text"], "figures": figures}})
    return result
