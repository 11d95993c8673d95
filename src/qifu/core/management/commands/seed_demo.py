"""manage.py seed_demo: the demo district of `make demo` (never run by a migration).

Each app registers its part (core.hooks.DEMO_SEED, in order: calendar, organisations, accounts, enterprises,
then demands, catalogue and policies) and writes it through its services, so the demo's audit chain is the
real one. It only seeds a database without accounts: running it again changes nothing. Background work the
seeds ask for (policy matching) is left queued for `manage.py run_periodic`.
"""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from qifu.core import hooks


class Command(BaseCommand):
    help = "写入演示区县数据与演示账号（仅用于 make demo）"

    def handle(self, *args: Any, **options: Any) -> None:
        if get_user_model().objects.exists():
            self.stdout.write("演示数据已存在，未做改动。")
            return
        rng = random.Random(20261121)
        with transaction.atomic():
            written = [seed(rng) for seed in hooks.get_hooks(hooks.DEMO_SEED)]
        self.stdout.write(self.style.SUCCESS("演示数据已写入：" + "，".join(w for w in written if w)))
