"""Numbers in URLs: `<int:...>` never exceeds what an id column holds, so a huge number is a 404, not a database
overflow (issue 13, finding 8)."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter

from caseflow.schemas import MAX_ID  # PostgreSQL's integer (SQLite holds up to 2**63 - 1)


class BoundedIntConverter(IntegerConverter):
    """werkzeug's int converter with MAX_ID as the default upper bound (a route may still set its own)."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(map, fixed_digits, min, MAX_ID if max is None else max, signed)


def init_app(app) -> None:
    from flask_smorest.spec.plugins import integerconverter2paramschema

    from caseflow.extensions import api

    app.url_map.converters["int"] = BoundedIntConverter
    api.register_converter(BoundedIntConverter, integerconverter2paramschema)  # the document says the bound
