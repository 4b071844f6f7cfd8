"""OpenAPI components for a case's body: one schema per block type, discriminated by `type`.

The schemas are read from the block definitions of CasePage.body, so a block added to CaseBodyStreamBlock
appears in the contract by itself. A StructBlock, ListBlock or text block that keeps Wagtail's own API
representation is described from its child blocks; a block that writes its own `get_api_representation`
(images, video, documents, links) must have its shape in SHAPES, or building the schema fails (and so do
`manage.py spectacular --fail-on-warn` and tests/api/test_body_schema.py): a new shape cannot be forgotten.
"""

from django.utils import translation

from wagtail import blocks
from wagtail.blocks.list_block import ListBlock
from wagtail.blocks.struct_block import StructBlock

from cases.models import CasePage
from home.blocks import CaptionedImageBlock, DocumentBlock, LinkBlock, VideoBlock

BODY = "BodyBlock"  # the union; each variant is Body<Type>Block, e.g. BodyStepsBlock


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(name: str, description: str) -> dict:
    # OpenAPI 3.0 cannot put `nullable` beside a $ref; drf-spectacular writes nullable references this way too.
    return {"allOf": [ref(name)], "nullable": True, "description": description}


def _string(description: str = "", **extra) -> dict:
    return {"type": "string", **({"description": description} if description else {}), **extra}


def _object(properties: dict, description: str = "") -> dict:
    schema = {"type": "object", "properties": properties, "required": list(properties)}
    return {**schema, "description": description} if description else schema


# Components the shapes below refer to, besides those of the serializers (RenditionSet).
SHARED = {
    "BodyImageFile": _object(
        {
            "id": {"type": "integer"},
            "renditions": ref("RenditionSet"),
            "srcset": _string("medium and large renditions (absolute URLs) as an <img srcset> value."),
        },
        "An image of the media library as renditions with absolute URLs.",
    ),
}

# Blocks whose get_api_representation is their own (home/blocks.py): the shape it returns.
SHAPES = {
    CaptionedImageBlock: lambda: _object(
        {
            "image": nullable("BodyImageFile", "Null when the original file cannot be read."),
            "alt": _string("Alternative text."),
            "credit": _string("Photographer or source; may be empty or null.", nullable=True),
            "caption": _string("May be empty or null.", nullable=True),
        }
    ),
    VideoBlock: lambda: _object(
        {
            "url": _string("The video's own page (YouTube or Vimeo)."),
            "provider": {"type": "string", "enum": ["youtube", "vimeo"], "nullable": True},
            "id": _string("The provider's video id.", nullable=True),
            "embed_url": _string("Privacy-friendly player (youtube-nocookie.com / Vimeo dnt=1).", nullable=True),
            "caption": _string("May be empty or null.", nullable=True),
        }
    ),
    DocumentBlock: lambda: _object(
        {
            "title": _string(),
            "url": _string("Absolute URL of the file."),
            "file_extension": _string("e.g. pdf"),
        }
    ),
    LinkBlock: lambda: _object(
        {
            "title": _string(),
            "url": _string("Absolute URL: a page of De Vitrine or an outside address."),
            "external": {"type": "boolean", "description": "False for a page of De Vitrine."},
        }
    ),
}


# Of those, the ones whose representation may be null instead.
MAY_BE_NULL = {DocumentBlock: "Null when the document was deleted from the library."}


class UndescribedBlock(Exception):
    """A block writes its own API representation but SHAPES does not say what it looks like."""


def camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


class BodySchema:
    """Builds the components for one StreamBlock: `BodyBlock` (oneOf + discriminator) and its variants."""

    def __init__(self, stream_block: blocks.StreamBlock):
        self.stream_block = stream_block
        self.components: dict[str, dict] = dict(SHARED)

    def build(self) -> dict[str, dict]:
        with translation.override("en"):  # the blocks' descriptions, in the API's language
            return self._build()

    def _build(self) -> dict[str, dict]:
        mapping = {}
        for name, block in self.stream_block.child_blocks.items():
            component = f"Body{camel(name)}Block"
            self.components[component] = _object(
                {
                    "type": {"type": "string", "enum": [name], "description": "Stable block type key."},
                    "id": _string("Unique id of this block within the body."),
                    "value": self.value_schema(block),
                },
                str(block.meta.description or block.label),
            )
            mapping[name] = ref(component)["$ref"]
        self.components[BODY] = {
            "oneOf": [{"$ref": target} for target in mapping.values()],
            "discriminator": {"propertyName": "type", "mapping": mapping},
            "description": "One block of a case's body; `type` says which, and so the shape of `value`.",
        }
        return self.components

    def value_schema(self, block: blocks.Block) -> dict:
        for block_class in type(block).__mro__:
            if block_class in SHAPES:
                name = self.component(block, SHAPES[block_class])
                return nullable(name, MAY_BE_NULL[block_class]) if block_class in MAY_BE_NULL else ref(name)
        if isinstance(block, blocks.RichTextBlock):
            return _string("Sanitised HTML; links are absolute URLs.")
        if isinstance(block, ListBlock):
            return {"type": "array", "items": self.value_schema(block.child_block)}
        if isinstance(block, StructBlock) and _keeps_wagtails_representation(block, StructBlock):
            return self.struct_component(block)
        if isinstance(block, blocks.FieldBlock) and _keeps_wagtails_representation(block, blocks.FieldBlock):
            return self.field_schema(block)
        raise UndescribedBlock(
            f"{type(block).__name__} has its own get_api_representation: describe its shape in api.body_schema.SHAPES."
        )

    def struct_component(self, block: StructBlock) -> dict:
        def schema() -> dict:
            return _object({child: self.value_schema(child_block) for child, child_block in block.child_blocks.items()})

        return ref(self.component(block, schema))

    def component(self, block: blocks.Block, schema) -> str:
        """The value of one block class is one component, `<BlockClass>Value`, however often it is used."""
        name = f"{type(block).__name__}Value"
        if name not in self.components:
            self.components[name] = schema()
        return name

    @staticmethod
    def field_schema(block: blocks.FieldBlock) -> dict:
        if isinstance(block, blocks.BooleanBlock):
            return {"type": "boolean"}
        if isinstance(block, blocks.IntegerBlock):
            return {"type": "integer"}
        if isinstance(block, (blocks.CharBlock, blocks.TextBlock, blocks.URLBlock, blocks.EmailBlock)):
            # An optional field an editor never filled in is null, one emptied in the admin is "".
            return _string() if block.required else _string("May be empty or null.", nullable=True)
        raise UndescribedBlock(f"No schema for {type(block).__name__}: add it to api.body_schema.")


def _keeps_wagtails_representation(block: blocks.Block, base: type) -> bool:
    return type(block).get_api_representation is base.get_api_representation


def case_body_components() -> dict[str, dict]:
    """From the live field's block, as the detail endpoint serializes it."""
    return BodySchema(CasePage._meta.get_field("body").stream_block).build()
