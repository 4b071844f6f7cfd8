"""Reference and search index updates of an import: once per object, in bulk, at the end of its transaction.

Every save of a page, a revision, an image or a theme or audience link makes Wagtail update the reference index
of that object (or of the page it belongs to), and every save of a page or an image updates its search index
entry: per imported case about ten reference-index updates and four search-index updates, most of them for the
same page. While an import writes, those updates are only noted; `flush` then indexes each object once, the search
index in bulk, still inside the import's transaction: a failed import leaves no index rows behind, and search finds
the cases as soon as `import_cases` returns.

Only post_save handling is deferred. Deletions still update both indexes at once, and `page_published` (renditions,
the catalogue read model) is left alone.
"""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.signals import post_save

from modelcluster.fields import ParentalKey
from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import get_indexed_models
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

SEARCH_CHUNK = 500  # objects per bulk insert into the search index


class DeferredIndexing:
    def __init__(self) -> None:
        self.search: dict[type, set] = defaultdict(set)
        self.references: dict[type, set] = defaultdict(set)
        self.created: dict[type, dict] = defaultdict(dict)  # reference owners inserted in bulk, by pk
        self._search_models = [model for model in get_indexed_models() if getattr(model, "search_auto_update", True)]

    # --- Collecting, while the import writes --------------------------------------------------------------
    def note_save(self, sender, instance, raw: bool = False, **kwargs) -> None:
        if raw:
            return
        if sender in ReferenceIndex.tracked_models:
            owner = _reference_owner(instance)
            if owner is not None:
                self.references[type(owner)].add(owner.pk)
        if sender in self._search_models:
            self.search[sender].add(instance.pk)

    def note_created(self, instances) -> None:
        """Rows inserted in bulk, without a save (cases/importer/bulk.py): index them as their saves would have
        been. They are new, so they have no reference rows yet: `flush` writes theirs together, from these very
        objects, instead of reading each one back and comparing with what the index holds."""
        for instance in instances:
            sender = type(instance)
            if sender in ReferenceIndex.tracked_models:
                owner = _reference_owner(instance)
                if owner is not None:
                    self.created[type(owner)][owner.pk] = owner
            if sender in self._search_models:
                self.search[sender].add(instance.pk)

    @contextmanager
    def collecting(self) -> Iterator["DeferredIndexing"]:
        """Note saves instead of indexing them, in this process (the import runs as a command of its own).

        Wagtail's reference index has a switch of its own for this thread; modelsearch's handler has none, so it is
        disconnected for the models it watches and connected again afterwards."""
        for model in self._search_models:
            post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(self.note_save, weak=False, dispatch_uid=self._uid)
        try:
            with disable_reference_index_auto_update():
                yield self
        finally:
            post_save.disconnect(dispatch_uid=self._uid)
            for model in self._search_models:
                post_save.connect(post_save_signal_handler, sender=model)

    @property
    def _uid(self) -> str:
        return f"cases_import_deferred_indexing_{id(self)}"

    # --- Indexing, once ---------------------------------------------------------------------------------------
    def flush(self) -> None:
        """Index every noted object once; call inside the import's transaction, after the last write."""
        self._index_created_references()
        for model, pks in self.references.items():
            if ReferenceIndex.is_indexed(model):
                for obj in model._default_manager.filter(pk__in=pks).iterator(chunk_size=200):
                    ReferenceIndex.create_or_update_for_object(obj)
        backends = [backend for _name, backend in get_search_backends_with_name(with_auto_update=True)]
        for model, pks in self.search.items():
            by_class: dict[type, list] = defaultdict(list)
            # The same selection as a single save's update (modelsearch.index.insert_or_update_object): only objects
            # the model indexes, in their most specific class.
            for obj in model.get_indexed_objects().filter(pk__in=pks).iterator(chunk_size=SEARCH_CHUNK):
                indexed = obj.get_indexed_instance()
                if indexed is not None:
                    by_class[type(indexed)].append(indexed)
            for indexed_model, objects in by_class.items():
                for start in range(0, len(objects), SEARCH_CHUNK):
                    for backend in backends:
                        backend.add_bulk(indexed_model, objects[start : start + SEARCH_CHUNK])
        self.references.clear()
        self.search.clear()
        self.created.clear()

    def _index_created_references(self) -> None:
        """What ReferenceIndex.create_or_update_for_object writes for an object without rows, for all at once.
        An object also saved the ordinary way later in the import is left to that way (it is in `references`)."""
        rows = []
        for model, objects in self.created.items():
            if not ReferenceIndex.is_indexed(model):
                continue
            for pk, obj in objects.items():
                if pk in self.references.get(model, ()):
                    continue
                content_types = [
                    ContentType.objects.get_for_model(model_or_object, for_concrete_model=False)
                    for model_or_object in [obj, *obj._meta.get_parent_list()]
                ]
                rows.extend(
                    ReferenceIndex(
                        content_type=content_types[0],
                        base_content_type=content_types[-1],
                        object_id=pk,
                        to_content_type_id=to_content_type_id,
                        to_object_id=to_object_id,
                        model_path=model_path,
                        content_path=content_path,
                        content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                    )
                    for to_content_type_id, to_object_id, model_path, content_path in set(
                        ReferenceIndex._extract_references_from_object(obj)
                    )
                )
        ReferenceIndex.objects.bulk_create(
            rows, batch_size=SEARCH_CHUNK, ignore_conflicts=connection.features.supports_ignore_conflicts
        )


def _reference_owner(instance):
    """The object whose references a save changes: the instance, or for a child row (a theme link) its page, as
    Wagtail's own reference-index task decides (wagtail.tasks.update_reference_index_task)."""
    while True:
        parental_keys = [field for field in instance._meta.get_fields() if isinstance(field, ParentalKey)]
        if not parental_keys:
            return instance
        instance = getattr(instance, parental_keys[0].name)
        if instance is None:
            return None
