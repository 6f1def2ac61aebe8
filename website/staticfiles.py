"""The production static files storage: WhiteNoise's hashed and compressed files, tolerant of one
kind of fault that is not ours.

Django's manifest storage rewrites every ``url(...)`` in a CSS file to the referenced file's hashed
name, and stops ``collectstatic`` when a referenced file does not exist; without the manifest every
page is then a 500. Packages ship such files: django-viewflow carries a stray copy of the
``roboto-fontface`` npm package (``viewflow/fonts/roboto/node_modules/...``) whose CSS points at
fonts beside it that are not there; nothing loads that CSS (Viewflow's pages use
``viewflow/fonts/roboto/roboto-fontface.css``). So a missing file referenced by a *third-party*
file (one collected from outside the project's directory, or from inside its Python environment)
is logged and its reference left as it was; a missing file referenced by the project's own CSS
still stops ``collectstatic``, and ``{% static %}`` of a file not in the manifest is still an
error (``manifest_strict``)."""

import logging
import re
import sys
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)
# How Django's HashedFilesMixin says a referenced file is missing.
_NOT_FOUND = re.compile(r"The file '(.+)' could not be found")


class ProductionStaticFilesStorage(CompressedManifestStaticFilesStorage):
    _sources = _missing = None

    def post_process(self, paths, dry_run=False, **options):
        # paths: collected name -> (the finder's storage, its path there): where each file came from.
        self._sources = {name: _source_path(storage, path) for name, (storage, path) in paths.items()}
        self._missing = defaultdict(set)
        try:
            yield from super().post_process(paths, dry_run=dry_run, **options)
            for name, targets in sorted(self._missing.items()):
                logger.warning(
                    "Static file %s (from a package) references %d file(s) that do not exist, left unhashed: %s",
                    name,
                    len(targets),
                    ", ".join(sorted(targets)),
                )
        finally:
            self._sources = self._missing = None

    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)
        if not self._is_third_party(name):
            return convert

        def tolerant(matchobj):
            try:
                return convert(matchobj)
            except ValueError as error:
                missing = _NOT_FOUND.search(str(error))
                if missing is None:
                    raise
                self._missing[name].add(missing.group(1))  # logged once per file, after every pass
                return matchobj.group("matched")

        return tolerant

    def _is_third_party(self, name):
        source = (self._sources or {}).get(name)
        if source is None:
            return False  # unknown origin: strict
        project = Path(settings.BASE_DIR).resolve()
        environment = Path(sys.prefix).resolve()
        return not source.is_relative_to(project) or source.is_relative_to(environment)


def _source_path(storage, path):
    try:
        return Path(storage.path(path)).resolve()
    except NotImplementedError:  # a storage without local files: treated as the project's own
        return None
