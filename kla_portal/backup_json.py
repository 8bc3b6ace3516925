"""Django's JSON serializer for ``dumpdata`` and ``loaddata``, looking each user up once.

A backup names users by their username (``--natural-foreign``, as the README's recipe
says: ids differ between databases), and Django's serializers look the user up again for
every row that points at one, on the way out and on the way back in. Every history row
points at the user who made the change: the demo's 24,000 such rows cost 24,000 queries
each way, two thirds of a backup's time and of its restore's. These classes remember each
natural key they looked up, for one dump or one load. Installed as the ``json`` format
(``SERIALIZATION_MODULES`` in the settings), so the recipe and every fixture use them.
"""

from django.core.serializers import base
from django.core.serializers import json as django_json


class Serializer(django_json.Serializer):
    def start_serialization(self):
        self._natural_keys = {}
        super().start_serialization()

    def handle_fk_field(self, obj, field):
        model = field.remote_field.model
        if not (self.use_natural_foreign_keys and hasattr(model, "natural_key")):
            return super().handle_fk_field(obj, field)
        target = getattr(obj, field.attname)  # the id (or to_field) stored on the row
        key = (model, target)
        if target is not None and key not in self._natural_keys:
            self._natural_keys[key] = getattr(obj, field.name).natural_key()
        self._current[field.name] = None if target is None else self._natural_keys[key]


class Deserializer(django_json.Deserializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._found = {}

    def _handle_fk_field_node(self, field, field_value):
        if not isinstance(field_value, list):  # an id, or None: nothing to look up
            return super()._handle_fk_field_node(field, field_value)
        key = (field.remote_field.model, field.remote_field.field_name, tuple(field_value))
        if key not in self._found:
            value = super()._handle_fk_field_node(field, field_value)
            if value is base.DEFER_FIELD:  # not loaded yet: asked again at the end
                return value
            self._found[key] = value
        return self._found[key]
