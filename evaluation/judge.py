"""Whether an answer is right, and how it is wrong.

Every answer lands in one outcome:

- ``correct``: as expected (the figure, the refusal, the passage …);
- ``wrongly_refused``: the corpus answers it, the product said it could not;
- ``confident_wrong``: an answer with a figure where the figure (or body, year, verdict) is wrong;
- ``made_up``: an answer, or a number, where the corpus has none or the question cannot be
  understood;
- ``other``: anything else wrong (a refusal that does not name the candidates it should …).

The last two kinds of failure that matter most, ``confident_wrong`` and ``made_up``, must be 0.
"""

from __future__ import annotations

import re
from typing import Any

from reportqa.format import to_simplified

OUTCOMES = ("correct", "wrongly_refused", "confident_wrong", "made_up", "other")
_NUM = re.compile(r"-?\d+(?:\.\d+)?")
_YEARISH = re.compile(r"^(?:19|20)\d{2}$")


def _norm(s: str) -> str:
    return to_simplified(re.sub(r"\s+", "", s).replace("—", "-").replace("－", "-"))


def close(a: float, b: float, tol: float = 1e-6) -> bool:
    return abs(a - b) <= max(tol, 1e-6 * max(1.0, abs(a), abs(b)))


def lead_number(text: str) -> float | None:
    """The figure an answer leads with (the answer states the figure first)."""
    text = re.sub(r"\[\d+\]", "", text)
    m = _NUM.search(text)
    if m is None:
        return None
    value = float(m.group())
    # 下降1%: a fall said in words is a negative change
    fell = re.search(r"(?:下降|减少|降低|少了)了?$", text[: m.start()])
    return -value if fell and value > 0 else value


def offered_numbers(answer: dict[str, Any], question: str) -> list[str]:
    """Numbers an answer offers beyond years and the question's own numbers."""
    asked = set(_NUM.findall(question))
    text = re.sub(r"\[\d+\]", "", answer["answer"])
    nums = [n for n in _NUM.findall(text) if n.lstrip("-") not in asked and not _YEARISH.match(n)]
    nums += [
        str(f["value"])
        for f in answer.get("figures", [])
        if _NUM.search(str(f["value"])) and not _YEARISH.match(str(f["value"]))
    ]
    return nums


def body_matches(cited: str, expected: str) -> bool:
    """The same body: equal, or one the other with a region prefix (澜江市西澜区… / 西澜区…)."""
    return bool(cited) and (
        cited == expected or cited.endswith(expected) or expected.endswith(cited)
    )


def _sources(expect: dict[str, Any]) -> list[str]:
    s = expect.get("source") or expect.get("sources")
    return s if isinstance(s, list) else [s] if s else []


def citation_ok(answer: dict[str, Any], expect: dict[str, Any]) -> bool | None:
    """Whether the first citation is the right report; None where the question has none."""
    if not expect.get("found") or not _sources(expect):
        return None
    cits = answer.get("citations") or []
    if not cits:
        return False
    c = cits[0]
    if c["source"] not in _sources(expect):
        return False
    body = expect.get("body")
    if isinstance(body, str) and body and not body_matches(c["body"], body):
        return False
    year = expect.get("year")
    if isinstance(year, int) and isinstance(expect.get("source"), str) and c["year"] != year:
        return False
    return True


def _figure_values(answer: dict[str, Any]) -> list[float]:
    return [
        float(f["value"]) for f in answer.get("figures", []) if isinstance(f["value"], int | float)
    ]


def _has_value(answer: dict[str, Any], v: float, tol: float = 1e-6) -> bool:
    return any(close(x, v, tol) for x in _figure_values(answer))


def _intent(item: dict[str, Any]) -> str:
    kind = item.get("kind", "")
    return (item.get("parse") or {}).get("intent") or {"diff": "compare"}.get(kind, kind)


def judge(item: dict[str, Any], answer: dict[str, Any]) -> tuple[str, str]:
    """(outcome, why) for one answer."""
    exp = item["expect"]
    text = answer["answer"]
    if not exp["found"]:
        if answer["found"]:
            return "made_up", "answered where the corpus has no answer"
        offered = offered_numbers(answer, item["q"])
        if offered:
            return "made_up", f"offered numbers {offered} in a refusal"
        said = text + " " + " ".join(answer.get("suggestions") or [])
        for m in exp.get("mentions", []):
            if _norm(m) not in _norm(said) and not re.fullmatch(r"\d{4}", m):
                return "other", f"refusal does not name {m}"
        for c in exp.get("candidates", []):
            short = c[c.find("市") + 1 :] if "市" in c[:-4] else c
            if c not in said and short not in said:
                return "other", f"clarification does not offer {c}"
        return "correct", ""
    if not answer["found"]:
        return "wrongly_refused", "refused"
    ok, why = _right(item, answer, exp, text)
    return ("correct", "") if ok else ("confident_wrong", why)


def _right(
    item: dict[str, Any], answer: dict[str, Any], exp: dict[str, Any], text: str
) -> tuple[bool, str]:
    intent = _intent(item)
    if "consistent" in exp:
        yes = text.startswith(("数据一致", "成立"))
        no = text.startswith(("数据存在不一致", "不成立"))
        if exp["consistent"]:
            return yes, "" if yes else "verdict is not consistent"
        return no, "" if no else "verdict is not inconsistent"
    if exp.get("premise_false"):
        ok = "不符" in text and _has_value(answer, float(exp["value"]))
        return ok, "" if ok else "premise not corrected with the figure"
    if "yes" in exp:
        said_yes = text.startswith(("有", "是"))
        said_no = text.startswith(("没有", "不是", "否", "无"))
        if exp["yes"] != said_yes or said_no == exp["yes"]:
            return False, f"answer is not {'yes' if exp['yes'] else 'no'}"
        if "value" in exp and not _has_value(answer, float(exp["value"])):
            return False, f"no figure {exp['value']}"
        return True, ""
    if "parts" in exp:
        for p in exp["parts"]:
            v = p["value"]
            if isinstance(v, str):
                if _norm(v) not in _norm(text):
                    return False, f"text lacks {v!r}"
            elif not _has_value(answer, float(v)):
                return False, f"no figure {v}"
        return True, ""
    if "ranking" in exp:
        names = exp["ranking"]
        first = _norm(text.split("。")[0])
        top_ok = any(body_matches(first, n) or _short(n) in first for n in names[:1])
        if not top_ok:
            return False, f"top is not {names[0]}"
        pos = [_pos(text, n) for n in names[: min(3, len(names))]]
        if any(p < 0 for p in pos) or pos != sorted(pos):
            return False, "order differs"
        return True, ""
    if intent == "compare" or "diff" in exp:
        delta = exp.get("diff", exp.get("value"))
        if not any(close(abs(float(delta)), x) for x in _figure_values(answer)):
            return False, f"no difference {abs(delta)}"
        if intent == "compare" and "bodies" not in exp and not isinstance(exp.get("body"), list):
            word = "增加" if delta > 0 else "减少" if delta < 0 else "持平"
            return (word in text, "" if word in text else f"direction is not {word}")
        return True, ""
    if "values" in exp and intent == "trend":
        for year, v in exp["values"].items():
            if not any(
                f["year"] == int(year)
                and isinstance(f["value"], int | float)
                and close(f["value"], v)
                for f in answer.get("figures", [])
            ):
                return False, f"no figure {v} for {year}"
        return True, ""
    if "quote_any" in exp and "value" not in exp:
        cits = answer.get("citations") or []
        if not cits:
            return False, "no citation"
        c = cits[0]
        if exp.get("section") and c.get("section") != exp["section"]:
            return False, f"quoted section {c.get('section')!r}"
        quoted = _norm(" ".join(x.get("quote", "") for x in cits))
        if not any(_norm(x) in quoted for x in exp["quote_any"]):
            return False, f"quote lacks {exp['quote_any']}"
        missing = [x for x in exp.get("items", []) if _norm(x) not in quoted]
        if missing:  # an enumerated list is quoted whole
            return False, f"list lacks items {missing}"
        body = exp.get("body")
        if isinstance(body, str) and not body_matches(c["body"], body):
            return False, f"quoted {c['body']}"
        return True, ""
    if intent == "extreme" and "row" in exp:
        leaf = re.sub(
            r"^(?:[一二三四五六七八九]、|（[一二三四五六七八九]）|\d+\.)",
            "",
            exp["row"].split(" / ")[-1],
        )
        head = _norm(text.split("。")[0])
        column = (exp.get("column") or "").split(" / ")[-1]
        t2 = exp.get("table") == "表2" or exp["row"].startswith("第二十条")
        by_column = not t2 and column not in ("", "总计")
        named = (
            column if by_column else exp.get("part") if isinstance(exp.get("part"), str) else leaf
        )
        if _norm(named)[:4] not in head:
            return False, f"the largest is not {named}"
        if not _has_value(answer, float(exp["value"])):
            return False, f"no figure {exp['value']}"
        return True, ""
    value = exp["value"]
    if isinstance(value, str):
        ok = _norm(value) in _norm(text)
        return ok, "" if ok else f"text lacks {value!r}"
    tol = 0.051 if exp.get("unit") == "%" else 0.0051 if exp.get("unit") == "倍" else 1e-6
    lead = lead_number(text)
    # a key with a sign (-1.02) asks for the direction too; one without (下降了百分之多少: 7.0)
    # for the size, whichever way the answer says it went
    signed = float(value) < 0
    if lead is None or not close(lead if signed else abs(lead), float(value), tol):
        return False, f"leads with {lead}, expected {value}"
    if exp.get("quote_any"):  # a figure stated in words: cited with its sentence
        quoted = _norm(" ".join(x.get("quote", "") for x in answer.get("citations") or []))
        if not any(_norm(x) in quoted for x in exp["quote_any"]):
            return False, f"the sentence cited lacks {exp['quote_any']}"
    return True, ""


def _short(name: str) -> str:
    return _norm(name[name.find("市") + 1 :] if "市" in name[:-4] else name)


def _pos(text: str, name: str) -> int:
    t = _norm(text)
    for n in (_norm(name), _short(name)):
        at = t.find(n)
        if at >= 0:
            return at
    return -1
