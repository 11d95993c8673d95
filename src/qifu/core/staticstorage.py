"""The static files' storage for production (QIFU_STATIC_MANIFEST): whitenoise's hashed and compressed files,
leaving alone the source-map comments of vendored files whose .map files are not shipped."""

from __future__ import annotations

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple(
        (extension, tuple(p for p in rules if "sourceMappingURL" not in str(p)))
        for extension, rules in ManifestStaticFilesStorage.patterns
    )
