"""Each test starts with fresh search and routing caches (they are per process, and each test has its own data)."""

from collections.abc import Iterator

import pytest

from qifu.knowledge import retrieval, routing


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    retrieval.reset_caches()
    routing.MODEL.reset()
    yield
    retrieval.reset_caches()
    routing.MODEL.reset()
