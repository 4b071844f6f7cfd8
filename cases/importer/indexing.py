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
