from tests.support.lrs import lrs_server  # noqa: F401 (the fixture)
