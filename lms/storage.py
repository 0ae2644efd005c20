"""Static files for production: hashed names and compressed copies (WhiteNoise)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, tolerant of a source map that a vendor's CSS names but does not ship
    (the NHS.UK frontend CSS in wagtail-nhsuk-frontend): the reference is left as it is, and
    every file that exists is still hashed."""

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            if name.split("?")[0].strip().endswith(".map"):
                return name
            raise
