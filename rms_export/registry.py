"""A small registry of plugins of one kind (export formats, transports): ids are unique, the
order of registration is the order of the choices, and model fields read their choices from it
(through a callable, so a new plugin needs no migration)."""


class Registry:
    def __init__(self, kind="transport"):
        self.kind = kind
        self._plugins = {}
        self._labels = {}

    def register(self, plugin, *, id=None, label=None):
        """Add ``plugin`` under ``id`` (default: ``plugin.id``) with ``label`` (default:
        ``plugin.label``); returns it, so that it can decorate a class."""
        plugin_id = id or getattr(plugin, "id", "")
        if not plugin_id:
            raise ValueError(f"The {self.kind} {plugin!r} has no id")
        if plugin_id in self._plugins:
            raise ValueError(f"A {self.kind} with id {plugin_id!r} is already registered")
        self._plugins[plugin_id] = plugin
        self._labels[plugin_id] = label if label is not None else getattr(plugin, "label", plugin_id)
        return plugin

    def get(self, plugin_id):
        return self._plugins[plugin_id]

    __getitem__ = get

    def __contains__(self, plugin_id):
        return plugin_id in self._plugins

    def ids(self):
        return list(self._plugins)

    def choices(self):
        return [(plugin_id, self._labels.get(plugin_id, plugin_id)) for plugin_id in self._plugins]
