"""The steps of an enterprise import (台账导入): checked, then written whole, or failed with every problem listed.

Only the system moves an import (the import task), so no role appears among those who may act.
"""

from __future__ import annotations

from qifu.core.workflow import Workflow
from qifu.enterprises.choices import ImportStatus as S
from qifu.enterprises.models import ImportJob


def _system_only(user: object, job: object) -> bool:
    return False


IMPORT_WORKFLOW: Workflow[ImportJob] = Workflow(
    subject="import_job",
    noun="导入任务",
    model=ImportJob,
    transitions={
        (S.PENDING, "validate"): S.VALIDATING,
        (S.VALIDATING, "write"): S.WRITING,
        (S.WRITING, "succeed"): S.SUCCEEDED,
        (S.PENDING, "fail"): S.FAILED,
        (S.VALIDATING, "fail"): S.FAILED,
        (S.WRITING, "fail"): S.FAILED,
    },
    who=dict.fromkeys(("validate", "write", "succeed", "fail"), _system_only),
    labels={"validate": "开始校验", "write": "开始写入", "succeed": "导入成功", "fail": "导入失败"},
    heading=lambda job: f"企业导入 {job.filename}",
    link=lambda job: f"/enterprises/import/{job.pk}/",
)
