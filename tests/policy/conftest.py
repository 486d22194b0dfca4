from __future__ import annotations

import pytest

from carepanel.policy import Pack, get_pack


@pytest.fixture
def pack(request: pytest.FixtureRequest) -> Pack:
    """The pack named by the test module's AUTHORITY."""
    return get_pack(request.module.AUTHORITY)
