"""A queryset of one fixed shape whose SQL Django compiles once per process, then runs with each call's values.

Django compiles a queryset's SQL anew on every evaluation. For the page a reader opens (home.serving.page_at: a
case with its Wagtail page row, its own row and its hero image, about a hundred columns) compiling took 2 ms, more
than running the query, on every uncached case page (profiled with bench/profile_request.py). The shape never
changes; only the slug and the URL path do.

`CompiledQuery(model, build, *names)` calls `build(**placeholders)` once per thread and database, compiles it,
finds each placeholder among the SQL's parameters and remembers the SQL, the positions and Django's own recipe for
turning rows into model instances (converters, select_related). A call then binds its values at those positions and
builds the instances exactly as Django's ModelIterable does. Only plain exact-match values can be bound: compiling fails
loudly if a placeholder is transformed (a LIKE pattern) or if the SQL has any other parameter (a `now()` taken at
compile time would be frozen), so a shape that cannot be reused safely is never reused.
"""

import secrets
import threading
from collections.abc import Callable

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators


class CompiledQuery:
    def __init__(self, model: type[Model], build: Callable[..., QuerySet], *names: str):
        self.model = model
        self.build = build
        self.names = names
        self._local = threading.local()  # a compiler belongs to the connection, and connections to a thread

    def all(self, **values) -> list[Model]:
        if set(values) != set(self.names):
            raise TypeError(f"expected values for {sorted(self.names)}, got {sorted(values)}")
        recipe = self._recipe()
        sql, positions, compiler, db, init_list, start, end, populators = recipe
        with connections[db].cursor() as cursor:
            cursor.execute(sql, [values[name] for name in positions])
            rows = cursor.fetchall()
        model = compiler.klass_info["model"]
        found = []
        for row in compiler.results_iter(results=[rows]):
            obj = model.from_db(db, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            found.append(obj)
        return found

    def _recipe(self) -> tuple:
        recipes = self._local.__dict__.setdefault("recipes", {})
        db = router.db_for_read(self.model)
        key = (db, connections[db].settings_dict["NAME"])
        if key not in recipes:
            recipes[key] = self._compile(db)
        return recipes[key]

    def _compile(self, db: str) -> tuple:
        placeholders = {name: f"compiled-query-{name}-{secrets.token_hex(8)}" for name in self.names}
        queryset = self.build(**placeholders).using(db)
        if queryset.query.annotations or queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("CompiledQuery takes plain model querysets (filters, select_related, order, slice)")
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        by_value = {value: name for name, value in placeholders.items()}
        positions = []
        for param in params:
            if param not in by_value:
                raise ValueError(f"the compiled SQL has a parameter that is not bound per call: {param!r}")
            positions.append(by_value[param])
        if sorted(positions) != sorted(self.names):
            raise ValueError("each value must appear exactly once, untransformed, in the SQL")
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, db)
        return sql, positions, compiler, db, init_list, start, end, populators
