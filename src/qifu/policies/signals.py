"""Keep policy matches current: an enterprise's change re-matches it against every published policy."""

from qifu.enterprises.services import watch_enterprise_changes
from qifu.policies import selectors, services
from qifu.policies.matching import Facts


def _capture(enterprise_id: int) -> object:
    return selectors.enterprise_facts([enterprise_id]).get(enterprise_id)


def _react(enterprise_id: int, before: object) -> None:
    services.rematch_enterprise(enterprise_id, before if isinstance(before, Facts) else None)


watch_enterprise_changes(_capture, _react)
