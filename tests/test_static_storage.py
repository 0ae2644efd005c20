"""Production's collectstatic runs through the vendors' CSS (a missing source map included)."""

import pytest
from django.core.management import call_command
from django.test import override_settings


@pytest.mark.slow
def test_collectstatic_with_the_production_storage_hashes_every_file(tmp_path, settings):
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "lms.storage.StaticStorage"}}
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "wagtailnhsukfrontend/css/nhsuk-frontend-10.4.2.min.css" in manifest
    assert "bridge/bridge.css" in manifest
    hashed = [p.name for p in (tmp_path / "bridge").glob("bridge.*.css")]
    assert hashed, "bridge.css has a hashed copy"
    assert list((tmp_path / "bridge").glob("bridge.*.css.gz")), "and a compressed one"
