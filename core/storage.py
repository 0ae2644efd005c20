"""The default file storage: public media, except documents, which are private.

Wagtail stores documents (captions, handouts) in the default storage under ``documents/``. Those
names go to the private storage, which no web server or public bucket prefix exposes, so a
document is only ever read through Wagtail's serve view (with its collection's restrictions) or
a Bridge view that checks them. Images and films stay public media.
"""

from __future__ import annotations

from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible

PRIVATE_PREFIXES = ("documents/",)


def is_private(name: str) -> bool:
    return str(name).replace("\\", "/").lstrip("/").startswith(PRIVATE_PREFIXES)


@deconstructible
class MediaStorage(Storage):
    def _pick(self, name) -> Storage:
        return storages["private" if is_private(name) else "public_media"]

    def _open(self, name, mode="rb"):
        return self._pick(name)._open(name, mode)

    def _save(self, name, content):
        return self._pick(name)._save(name, content)

    def get_available_name(self, name, max_length=None):
        return self._pick(name).get_available_name(name, max_length=max_length)

    def delete(self, name):
        return self._pick(name).delete(name)

    def exists(self, name):
        return self._pick(name).exists(name)

    def listdir(self, path):
        return self._pick(path.rstrip("/") + "/").listdir(path)

    def size(self, name):
        return self._pick(name).size(name)

    def path(self, name):
        return self._pick(name).path(name)

    def url(self, name):
        if is_private(name):
            # NotImplementedError is what Wagtail's serve view expects of a storage with no
            # address: it then streams the file itself, after its restriction checks.
            raise NotImplementedError("Documents have no public address: use the document's URL.")
        return self._pick(name).url(name)

    def get_modified_time(self, name):
        return self._pick(name).get_modified_time(name)

    def get_created_time(self, name):
        return self._pick(name).get_created_time(name)

    def get_accessed_time(self, name):
        return self._pick(name).get_accessed_time(name)
