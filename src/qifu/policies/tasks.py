"""Background tasks of policies: matching a policy after it is published or changed, and the claims' watch."""

from celery import shared_task

from qifu.policies import services


@shared_task(name="policies.match_policy")
def match_policy_task(policy_id: int) -> int:
    return services.match_policies([policy_id])


@shared_task(name="policies.match_all")
def match_all_task() -> int:
    return services.match_policies()


@shared_task(name="policies.watch_claims")
def watch_claims_task() -> dict[str, int]:
    return services.watch_claims()
