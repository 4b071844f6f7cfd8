"""A case body with one block of every type, as editors fill them in (the API's typed-body tests use it)."""

from django.core.files.base import ContentFile

import wagtail_factories

# Public block type keys, in the order of every_block_body()
BODY_TYPES = [
    *("concept", "steps", "results", "learnings", "tips", "dos", "donts", "transferability", "quote"),
    *("image", "gallery", "video", "document", "links", "contact"),
]


def image(width: int = 2000, height: int = 1000):
    return wagtail_factories.ImageFactory(file__width=width, file__height=height)


def every_block_body(*, linked_page) -> list:
    """Every block type once; the concept and the links point at `linked_page`."""
    document = wagtail_factories.DocumentFactory(title="Reglement", file=ContentFile(b"%PDF-1.4", name="reglement.pdf"))
    return [
        ("concept", f'<p>Zoals in <a linktype="page" id="{linked_page.id}">Gent</a> en <b>elders</b>.</p>'),
        ("steps", {"steps": ["Leegstand in kaart brengen.", "Eigenaars aanspreken."]}),
        ("results", {"figures": [{"value": "-30%", "label": "leegstand"}], "text": "<p>Minder leegstand.</p>"}),
        ("learnings", {"items": ["Begin klein."]}),
        ("tips", {"items": ["Werk met korte contracten."]}),
        ("dos", {"items": ["Vier elke opening."]}),
        ("donts", {"items": ["Laat geen pand leeg."]}),
        ("transferability", "<p>Ook in kleinere gemeenten.</p>"),
        ("quote", {"text": "Het werkt.", "author": "An Peeters", "role": "schepen"}),
        ("image", {"image": image(), "alt": "De markt", "credit": "Foto: Stad", "caption": "Op zaterdag"}),
        (
            "gallery",
            {
                "images": [
                    {"image": image(), "alt": "Voor", "credit": "Stad", "caption": ""},
                    {"image": image(), "alt": "Na", "credit": "Buurt", "caption": ""},
                ]
            },
        ),
        ("video", {"url": "https://vimeo.com/76979871", "caption": "Het verhaal"}),
        ("document", {"document": document, "title": ""}),
        (
            "links",
            {"heading": "Meer", "links": [{"page": linked_page}, {"url": "https://www.vlaio.be", "title": "VLAIO"}]},
        ),
        ("contact", {"name": "An Peeters", "organisation": "Stad Lokeren", "email": "an@example.org"}),
    ]
