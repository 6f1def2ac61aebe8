"""Directory drop: one file per report, named by its reference, written atomically."""

import os
import tempfile
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from . import Receipt, TransientError, Transport


class DirectoryTransport(Transport):
    id = "directory"
    label = _("Directory drop")
    required_options = ("path",)

    def send(self, *, key, payload, content_type, extension):
        directory = Path(self.options["path"])
        target = directory / f"{key}{extension}"
        try:
            directory.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=directory, prefix=".incoming-", suffix=extension)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(payload)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temporary, target)  # atomic: the RMS never sees half a file
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            directory_fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(directory_fd)
            finally:
                os.close(directory_fd)
        except OSError as error:
            raise TransientError(f"cannot write {target}: {error}") from error
        return Receipt(case_number="")
