"""The cross-checks in plain words for citizens, and what kind of finding each one is.

Staff read a check by its code and severity (``C2``, 硬性); a citizen reads what the numbers say:
"表3“总计”列：各项办理结果相加是11件，但总计写的是0件". Some checks compare figures that the
format lets a body count differently (the prose against the table, one year's report against
the next): a difference there is a difference of 口径, said as such and never called an error.

The wording is data (one line per check); :func:`plain` fills it in from a ``CheckResult``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportqa.records import CheckResult, format_number

ERROR, BASIS, HINT = "error", "basis", "hint"
KIND_LABELS = {ERROR: "不一致", BASIS: "口径不同", HINT: "提示"}


@dataclass(frozen=True)
class Wording:
    kind: str  # error / basis / hint (when it fails)
    failed: str  # {scope} {e} (expected) {a} (actual) {detail}
    passed: str


WORDING: dict[str, Wording] = {
    "C1": Wording(
        ERROR,
        "{scope}：本年新收和上年结转的申请相加是{e}件，但办理结果总计和结转下年度相加是{a}件，两者应当相等",
        "{scope}：本年新收和上年结转的申请相加是{e}件，办理结果总计和结转下年度相加也是{a}件",
    ),
    "C2": Wording(
        ERROR,
        "{scope}：各项办理结果相加是{a}件，但总计写的是{e}件",
        "{scope}：各项办理结果相加是{a}件，与总计相等",
    ),
    "C3": Wording(
        ERROR,
        "{scope}：自然人和各类法人或其他组织相加是{a}件，但总计写的是{e}件",
        "{scope}：自然人和各类法人或其他组织相加是{a}件，与总计相等",
    ),
    "C4": Wording(ERROR, "{detail}", "{scope}填写的是件数"),
    "C5": Wording(
        ERROR,
        "{scope}：各项结果相加是{a}件，但总计写的是{e}件",
        "{scope}：各项结果相加是{a}件，与总计相等",
    ),
    "C10": Wording(
        BASIS,
        "{scope}写的是{e}，表格中相应的数字是{a}：两处的统计口径可能不同，不一定是错误",
        "{scope}写的是{e}，与表格中的数字相同",
    ),
    "C15": Wording(
        BASIS,
        "{scope}：本年报告的“上年结转”是{a}件，上一年报告的“结转下年度继续办理”是{e}件，"
        "两年的统计口径可能不同，不一定是错误",
        "{scope}：本年报告的“上年结转”是{a}件，与上一年报告的“结转下年度继续办理”相同",
    ),
}
WORDING["C6"] = WORDING["C7"] = WORDING["C5"]
_HINT = Wording(HINT, "提示：{detail}", "{detail}")


def wording(check: str) -> Wording:
    return WORDING.get(check) or (
        _HINT if check.startswith("S") else Wording(ERROR, "{detail}", "{detail}")
    )


def kind(c: CheckResult) -> str:
    """What a failed check is: an error (the table does not add up), a difference of 口径, or
    a hint (a soft check)."""
    return HINT if c.severity != "hard" else wording(c.check).kind


def _n(v: object) -> str:
    return "空" if v is None else format_number(v)  # type: ignore[arg-type]


def plain(c: CheckResult) -> str:
    w = wording(c.check)
    template = w.passed if c.passed else (w.failed if c.severity == "hard" else _HINT.failed)
    return template.format(scope=c.scope, e=_n(c.expected), a=_n(c.actual), detail=c.detail)


# -- an answer of the assistant's check route, reworded -------------------------------------

_FAILED = re.compile(r"(\d{4})年(?:未通过|提示)([CS]\d+)：[^\[]*\[(\d+)\]")
_PASSED = re.compile(r"(\d{4})年报告的(\d+)项硬性勾稽校验全部通过（例如[^\[]*?）\[(\d+)\]")


def reword(text: str, results: dict[int, CheckResult]) -> str:
    """The check answer ``text`` with each cited check (``results``: citation number → the
    check) in plain words, and the verdict saying whether anything is an error."""

    def failed(m: re.Match[str]) -> str:
        c = results.get(int(m.group(3)))
        if c is None or c.check != m.group(2):
            return m.group(0)
        return f"{m.group(1)}年报告{plain(c)}[{m.group(3)}]"

    def passed(m: re.Match[str]) -> str:
        c = results.get(int(m.group(3)))
        example = f"，例如{plain(c)}" if c is not None else ""
        return (
            f"{m.group(1)}年报告的{m.group(2)}项数字核对（表格中各项相加是否等于合计等）"
            f"全部相符{example}[{m.group(3)}]"
        )

    out = _PASSED.sub(passed, _FAILED.sub(failed, text))
    failures = [c for c in results.values() if not c.passed]
    if failures and all(kind(c) != ERROR for c in failures) and out.startswith("数据存在不一致"):
        out = "数据没有发现错误，但有需要说明的地方" + out[len("数据存在不一致") :]
    return out
