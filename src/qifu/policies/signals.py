"""Keep policy matches current: an enterprise's change re-matches it against every published policy; an
import of many enterprises re-matches every policy (in the background)."""

from qifu.core.tasks import enqueue
from qifu.enterprises.hooks import watch_bulk_enterprise_changes, watch_enterprise_changes
from qifu.policies import selectors, services
from qifu.policies.matching import Facts


def _capture(enterprise_id: int) -> object:
    return selectors.enterprise_facts([enterprise_id]).get(enterprise_id)


def _react(enterprise_id: int, before: object) -> None:
    services.rematch_enterprise(enterprise_id, before if isinstance(before, Facts) else None)


watch_enterprise_changes(_capture, _react)


def _react_bulk() -> None:
    enqueue(services.match_policies)


watch_bulk_enterprise_changes(_react_bulk)
