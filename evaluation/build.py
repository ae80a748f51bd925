"""Build a generated evaluation corpus and its questions, from the generator's truth.

    python -m evaluation.build --out /tmp/gen70            # gen70: 68 look-alikes + the 2 samples
    python -m evaluation.build --out /tmp/gen20 --n 18 --name gen20 --questions /tmp/gen20/q.jsonl

The corpus goes to ``OUT/docs`` (the generated reports in txt/docx/html, and copies of the two
real sample reports); the questions to ``evaluation/questions/NAME.jsonl`` unless ``--questions``
says otherwise. Everything is seeded: the same arguments write the same files and questions.

Expected values are read from the truth (``GeneratedReport.cells`` / ``.prose``) and, for the
sample reports, from the hand-written sample set; never from running the assistant.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluation import QUESTIONS_DIR, SAMPLE_CORPUS
from reportqa.format import (
    TABLE3_BY_KEY,
    TABLE3_COLUMN_LABELS,
    TABLE4_GROUP_LABELS,
)

DEFAULT_SEED = 2  # a draw where both 新华街道 and two 区教育局 are in, and 澜江市人民政府 is not
GROUPS = {
    "deny": [
        "deny.secret",
        "deny.law",
        "deny.security",
        "deny.third_party",
        "deny.internal",
        "deny.process",
        "deny.enforcement",
        "deny.query",
    ],
    "unable": ["unable.not_held", "unable.create", "unable.unclear"],
    "noproc": [
        "noproc.petition",
        "noproc.repeat",
        "noproc.publication",
        "noproc.mass",
        "noproc.confirm",
    ],
}
CN_DIGITS = "〇一二三四五六七八九"

# (row key, column index, phrasings): {b} body as citizens say it, {y} the year phrase
T3_QUESTIONS: list[tuple[str, int, list[str]]] = [
    (
        "new",
        6,
        [
            "{b}{y}收到多少政府信息公开申请？",
            "{b}{y}一共受理了多少件信息公开申请？",
            "{y}{b}新收的依申请公开有多少件？",
        ],
    ),
    ("total", 6, ["{b}{y}办结了多少件政府信息公开申请？", "{b}{y}答复了多少件申请？"]),
    ("carried_out", 6, ["{b}{y}有多少申请结转到下一年继续办理？"]),
    ("carried_in", 6, ["{b}{y}上年结转过来的申请有多少件？"]),
    ("new", 0, ["{b}{y}个人提出的信息公开申请有多少件？", "{b}{y}群众申请了多少件？"]),
    ("new", 1, ["{b}{y}企业申请了多少件？", "{b}{y}有多少件申请是公司提出的？"]),
    ("new", 4, ["{b}{y}律师提出了多少件申请？", "{b}{y}律所提出的申请有几件？"]),
    ("open", 6, ["{b}{y}予以公开的申请有多少件？"]),
    ("partial", 6, ["{b}{y}部分公开了多少件？"]),
    (
        "unable.not_held",
        6,
        [
            "{b}{y}因为不掌握相关信息无法提供的有多少件？",
            "{b}{y}有多少申请因为本机关不掌握被答复无法提供？",
        ],
    ),
    ("noproc.repeat", 6, ["{b}{y}重复申请有多少件？"]),
    ("noproc.petition", 6, ["{b}{y}信访举报投诉类的申请有多少件？"]),
    ("deny.third_party", 6, ["{b}{y}因为保护第三方合法权益不予公开的有几件？"]),
    ("deny", 6, ["{b}{y}不予公开的申请一共有多少件？"]),
    ("unable", 6, ["{b}{y}无法提供的申请有多少件？"]),
    ("noproc", 6, ["{b}{y}不予处理的申请有多少件？"]),
]
# (what, phrasings, getter(report) -> value, unit, table, row, column)
T4_QUESTIONS = [
    ("review", ["{b}{y}行政复议有多少件？", "{b}{y}被申请行政复议多少次？"], 0, "总计"),
    (
        "litigation",
        ["{b}{y}打官司打了几起？", "{b}{y}被起诉了多少次？", "{b}{y}行政诉讼有多少件？"],
        None,
        "总计",
    ),
    ("review_corrected", ["{b}{y}行政复议结果被纠正的有几件？"], 0, "结果纠正"),
    ("direct", ["{b}{y}未经复议直接起诉的有几件？"], 1, "总计"),
]
T2_QUESTIONS = [
    ("penalty", ["{b}{y}作出了多少件行政处罚？", "{b}{y}罚款的处罚决定有多少件？"]),
    ("licensing", ["{b}{y}行政许可办了多少件？"]),
    ("enforcement", ["{b}{y}采取了多少件行政强制？"]),
    ("fees", ["{b}{y}行政事业性收费收了多少钱？"]),
    ("normative", ["{b}{y}新制定了多少件规范性文件？"]),
]
PROSE_QUESTIONS = [
    ("published", ["{b}{y}主动公开了多少条政府信息？", "{b}{y}一共主动公开了多少条信息？"]),
    ("interpretation", ["{b}{y}发布了多少篇政策解读？", "{b}{y}做了多少解读？"]),
    ("fee", ["{b}{y}收了多少信息处理费？"]),
]
FACT_QUESTIONS = [
    ("phone", ["{b}的联系电话是多少？", "{b}的电话多少？"]),
    ("address", ["{b}的地址在哪里？", "{b}在哪儿办公？"]),
    ("postcode", ["{b}的邮编是多少？"]),
    ("founded", ["{b}是哪一年成立的？"]),
    ("email", ["{b}的电子邮箱是什么？"]),
]


@dataclass
class Item:
    path: Path
    truth: Any  # generator.GeneratedReport

    @property
    def source(self) -> str:
        return self.path.name


def year_phrase(rng: random.Random, year: int, newest: int) -> str:
    options = [f"{year}年", f"{year}年"]
    options.append("".join(CN_DIGITS[int(d)] for d in str(year)) + "年")
    if year == newest:
        options.append("去年")
    return rng.choice(options)


def body_phrases(canonical: str, short: str) -> list[str]:
    """How citizens name a generated body (澜江市东澜区文昌街道办事处 → 文昌街道, 东澜区文昌街道 …)."""
    city = m.group(1) if (m := re.match(r"(.{2,3}?市)", canonical)) else ""
    rest = canonical.removeprefix(city)
    m = re.match(r"(.{1,4}?区)(.+)", rest)
    district, core = (m.group(1), m.group(2)) if m else ("", rest)
    if core.endswith("街道办事处"):
        stem = core.removesuffix("街道办事处")
        return [f"{stem}街道", f"{district}{stem}街道", f"{stem}街道办"]
    if core.endswith("镇人民政府"):
        stem = core.removesuffix("人民政府")
        return [stem, f"{district}{stem}", f"{stem}政府"]
    if canonical == f"{city}人民政府":
        return [f"{city}政府", canonical]
    if core == "人民政府":
        return [f"{district}政府", f"{district}人民政府", f"{city}{district}"]
    if district:
        return [f"{district}{core}"]
    return [f"市{core}", f"{city}{core}", short]


def _unique_phrases(items_by_body: dict[str, list[Item]]) -> dict[str, list[str]]:
    """Per body, the phrasings no other body of the corpus could also be read as (新华街道 is
    two bodies; 东澜区新华街道 is one)."""
    phrases = {
        b: body_phrases(b, items[0].truth.info.short_name) for b, items in items_by_body.items()
    }
    out = {}
    for b, ps in phrases.items():
        others = [p for o, ops in phrases.items() if o != b for p in ops]
        keep = [p for p in ps if not any(p in o or o in p for o in others)]
        out[b] = keep or [b]
    return out


def _num(v: Any) -> Any:
    return int(v) if isinstance(v, float) and v.is_integer() else v


class Builder:
    def __init__(self, seed: int, items: list[Item], name: str):
        self.rng = random.Random(f"questions-{seed}")
        self.items = items
        self.name = name
        self.by_body: dict[str, list[Item]] = defaultdict(list)
        for it in items:
            self.by_body[it.truth.body_canonical].append(it)
        for its in self.by_body.values():
            its.sort(key=lambda i: i.truth.year)
        self.phrases = _unique_phrases(self.by_body)
        self.questions: list[dict[str, Any]] = []

    # ------------------------------------------------------------------ helpers

    def add(self, kind: str, q: str, expect: dict[str, Any], history: list[str] | None = None):
        qid = f"{self.name}-{len(self.questions) + 1:03d}"
        self.questions.append(
            {
                "id": qid,
                "q": q,
                "history": history or [],
                "kind": kind,
                "corpus": self.name,
                "expect": expect,
            }
        )

    def b(self, body: str) -> str:
        return self.rng.choice(self.phrases[body])

    def where(self, it: Item) -> dict[str, Any]:
        return {"body": it.truth.body_canonical, "year": it.truth.year, "source": it.source}

    def newest(self, body: str) -> int:
        return self.by_body[body][-1].truth.year

    # ------------------------------------------------------------------ truth lookups

    @staticmethod
    def t3(r: Any, key: str, col: int) -> tuple[Any, str, str] | None:
        if key in GROUPS:
            vals = [
                r.cells.get(("表3", TABLE3_BY_KEY[k].label, TABLE3_COLUMN_LABELS[col]))
                for k in GROUPS[key]
            ]
            if any(v is None for v in vals):
                return None
            return (
                sum(vals),
                TABLE3_BY_KEY[GROUPS[key][0]].label.rsplit(" / ", 1)[0],
                TABLE3_COLUMN_LABELS[col],
            )
        row = TABLE3_BY_KEY[key].label
        v = r.cells.get(("表3", row, TABLE3_COLUMN_LABELS[col]))
        return None if v is None else (v, row, TABLE3_COLUMN_LABELS[col])

    @staticmethod
    def t4(r: Any, what: str) -> tuple[Any, str, str] | None:
        if what == "litigation":
            vals = [r.cells.get(("表4", TABLE4_GROUP_LABELS[g], "总计")) for g in (1, 2)]
            return None if None in vals else (sum(vals), "行政诉讼", "总计")
        spec = {"review": (0, "总计"), "review_corrected": (0, "结果纠正"), "direct": (1, "总计")}
        g, col = spec[what]
        v = r.cells.get(("表4", TABLE4_GROUP_LABELS[g], col))
        return None if v is None else (v, TABLE4_GROUP_LABELS[g], col)

    @staticmethod
    def t2(r: Any, what: str) -> tuple[Any, str, str, str] | None:
        fmt2019 = r.table2_format == "2019"
        spec = {
            "penalty": (
                "第二十条第（六）项 / 行政处罚",
                "处理决定数量" if fmt2019 else "本年处理决定数量",
                "件",
            ),
            "licensing": (
                "第二十条第（五）项 / 行政许可",
                "处理决定数量" if fmt2019 else "本年处理决定数量",
                "件",
            ),
            "enforcement": (
                "第二十条第（六）项 / 行政强制",
                "处理决定数量" if fmt2019 else "本年处理决定数量",
                "件",
            ),
            "fees": (None, None, "万元")
            if fmt2019
            else ("第二十条第（八）项 / 行政事业性收费", "本年收费金额（单位：万元）", "万元"),
            "normative": (
                ("第二十条第（一）项 / 规范性文件", "本年新制作数量", "件")
                if fmt2019
                else ("第二十条第（一）项 / 行政规范性文件", "本年制发件数", "件")
            ),
        }
        row, col, unit = spec[what]
        if row is None:
            return None
        v = r.cells.get(("表2", row, col))
        return None if v is None else (v, unit, row, col)

    # ------------------------------------------------------------------ question kinds

    def figure(self, it: Item) -> bool:
        r = it.truth
        y = year_phrase(self.rng, r.year, self.newest(r.body_canonical))
        b = self.b(r.body_canonical)
        family = self.rng.choice(["t3", "t3", "t3", "t3form", "t4", "t2", "prose"])
        if family == "t3form":
            # the table's own labels: any row, any column, as printed in the format
            key = self.rng.choice([k for k in r.table3_rows() if k != "other.other"])
            col = self.rng.choice([6, 6, 0, 1, 4])
            got = self.t3(r, key, col)
            if got is None:
                return False
            v, row, column = got
            leaf = row.split(" / ")[-1]
            who = "" if col == 6 else f"申请人为“{column.split(' / ')[-1]}”的"
            forms = ["{b}{y}" + f"“{leaf}”{who}有多少件？"]
            exp = {
                "found": True,
                "value": _num(v),
                "unit": "件",
                **self.where(it),
                "table": "表3",
                "row": row,
                "column": column,
            }
        elif family == "t3":
            key, col, forms = self.rng.choice(T3_QUESTIONS)
            got = self.t3(r, key, col)
            if got is None:
                return False
            v, row, column = got
            exp = {
                "found": True,
                "value": _num(v),
                "unit": "件",
                **self.where(it),
                "table": "表3",
                "row": row,
                "column": column,
            }
        elif family == "t4":
            what, forms, _, _ = self.rng.choice(T4_QUESTIONS)
            got4 = self.t4(r, what)
            if got4 is None:
                return False
            v, row, column = got4
            exp = {
                "found": True,
                "value": _num(v),
                "unit": "件",
                **self.where(it),
                "table": "表4",
                "row": row,
                "column": column,
            }
        elif family == "t2":
            what, forms = self.rng.choice(T2_QUESTIONS)
            got2 = self.t2(r, what)
            if got2 is None:
                return False
            v, unit, row, column = got2
            exp = {
                "found": True,
                "value": _num(v),
                "unit": unit,
                **self.where(it),
                "table": "表2",
                "row": row,
                "column": column,
            }
        else:
            what, forms = self.rng.choice(PROSE_QUESTIONS)
            if what not in r.prose:
                return False
            v, qual, unit = r.prose[what]
            exp = {"found": True, "value": _num(v), "unit": unit, **self.where(it), "table": "正文"}
            if qual:
                exp["qualifier"] = qual
        q = self.rng.choice(forms).format(b=b, y=y)
        self.add("figure", q, exp)
        return True

    def fact(self, it: Item) -> bool:
        r = it.truth
        what, forms = self.rng.choice(FACT_QUESTIONS)
        if what not in r.prose:
            return False
        v = r.prose[what][0]
        body = r.body_canonical
        # text facts are asked of the newest report (no year): the answer must come from it
        if r.year != self.newest(body):
            return False
        q = self.rng.choice(forms).format(b=self.b(body))
        self.add("fact", q, {"found": True, "value": _num(v), **self.where(it), "table": "正文"})
        return True

    def trend(self, body: str) -> bool:
        its = self.by_body[body][-3:]  # the newest three years ("近三年")
        if len(its) < 3 or its[-1].truth.year - its[0].truth.year != 2:
            return False
        if self.rng.random() < 0.6:
            vals = [self.t3(i.truth, "new", 6) for i in its]
            if any(v is None for v in vals):
                return False
            values = {str(i.truth.year): _num(v[0]) for i, v in zip(its, vals, strict=True)}  # type: ignore[index]
            form = self.rng.choice(
                [
                    "{b}{a}年到{z}年收到的政府信息公开申请分别是多少？",
                    "{b}近三年每年收到多少件信息公开申请？",
                ]
            )
        else:
            if any("published" not in i.truth.prose for i in its):
                return False
            values = {str(i.truth.year): _num(i.truth.prose["published"][0]) for i in its}
            form = self.rng.choice(
                [
                    "{b}{a}年至{z}年主动公开政府信息的数量分别是多少？",
                    "{b}近三年主动公开了多少条信息？",
                ]
            )
        q = form.format(b=self.b(body), a=its[0].truth.year, z=its[-1].truth.year)
        self.add(
            "trend",
            q,
            {"found": True, "values": values, "body": body, "source": [i.source for i in its]},
        )
        return True

    def diff(self, body: str) -> bool:
        its = self.by_body[body]
        if len(its) < 2:
            return False
        i = self.rng.randrange(1, len(its))
        a, z = its[i - 1], its[i]
        if self.rng.random() < 0.6:
            va, vz = self.t3(a.truth, "new", 6), self.t3(z.truth, "new", 6)
            if va is None or vz is None:
                return False
            da, dz = va[0], vz[0]
            form = self.rng.choice(
                [
                    "{b}{z}年比{a}年收到的申请多了多少？",
                    "{b}{z}年收到的信息公开申请和{a}年相比变化了多少？",
                ]
            )
        else:
            if "published" not in a.truth.prose or "published" not in z.truth.prose:
                return False
            da, dz = a.truth.prose["published"][0], z.truth.prose["published"][0]
            form = "{b}{z}年主动公开的信息比{a}年增加了多少？"
        q = form.format(b=self.b(body), a=a.truth.year, z=z.truth.year)
        self.add(
            "diff",
            q,
            {
                "found": True,
                "value": _num(dz - da),
                "body": body,
                "year": z.truth.year,
                "source": [a.source, z.source],
            },
        )
        return True

    def followup(self, it: Item) -> bool:
        r = it.truth
        body = r.body_canonical
        b, y = self.b(body), f"{r.year}年"
        kind = self.rng.choice(["year", "column", "part", "body", "litigation", "missing_year"])
        first = f"{b}{y}收到多少政府信息公开申请？"
        if kind == "year":
            prev = [i for i in self.by_body[body] if i.truth.year == r.year - 1]
            if not prev or (v := self.t3(prev[0].truth, "new", 6)) is None:
                return False
            self.add(
                "followup",
                f"那{r.year - 1}年呢？",
                {"found": True, "value": _num(v[0]), "unit": "件", **self.where(prev[0])},
                [first],
            )
        elif kind == "column":
            col, word = self.rng.choice([(1, "企业"), (0, "个人"), (4, "律师")])
            if (v := self.t3(r, "new", col)) is None:
                return False
            self.add(
                "followup",
                f"{word}呢？",
                {
                    "found": True,
                    "value": _num(v[0]),
                    "unit": "件",
                    **self.where(it),
                    "table": "表3",
                    "row": v[1],
                    "column": v[2],
                },
                [first],
            )
        elif kind == "part":
            parts = [k.split("/", 1)[1] for k in r.prose if k.startswith("published/")]
            if not parts or "published" not in r.prose:
                return False
            part = self.rng.choice(parts)
            v = r.prose[f"published/{part}"][0]
            self.add(
                "followup",
                self.rng.choice([f"其中{part}有多少条？", f"{part}呢？"]),
                {"found": True, "value": _num(v), "unit": "条", **self.where(it), "table": "正文"},
                [f"{b}{y}主动公开了多少条政府信息？"],
            )
        elif kind == "body":
            others = [
                o
                for o in self.by_body
                if o != body and any(i.truth.year == r.year for i in self.by_body[o])
            ]
            other = self.rng.choice(sorted(others))
            oit = next(i for i in self.by_body[other] if i.truth.year == r.year)
            if (v := self.t3(oit.truth, "new", 6)) is None:
                return False
            self.add(
                "followup",
                f"{self.b(other)}呢？",
                {"found": True, "value": _num(v[0]), "unit": "件", **self.where(oit)},
                [first],
            )
        elif kind == "litigation":
            if (v := self.t4(r, "litigation")) is None:
                return False
            self.add(
                "followup",
                self.rng.choice(["打官司的呢？", "行政诉讼呢？"]),
                {"found": True, "value": _num(v[0]), "unit": "件", **self.where(it)},
                [f"{b}{y}行政复议有多少件？"],
            )
        else:
            held = [i.truth.year for i in self.by_body[body]]
            missing = min(held) - self.rng.choice([1, 2, 3])
            self.add(
                "followup",
                f"那{missing}年呢？",
                {"found": False, "mentions": [str(min(held))]},
                [first],
            )
        return True

    def check(self, body: str, clean: bool) -> bool:
        its = self.by_body[body]
        planted = [i for i in its if i.truth.planted_errors]
        from generator import failed_checks

        if clean:
            if planted or not its:
                return False
            it = self.rng.choice(its)
            consistent = True
        else:
            cand = [i for i in planted if failed_checks(i.truth)]
            if not cand:
                return False
            it = cand[0]
            consistent = False
        form = self.rng.choice(["{b}{y}年的数据一致吗？", "{b}{y}年报告的数据有没有问题？"])
        self.add(
            "check",
            form.format(b=self.b(body), y=it.truth.year),
            {"found": True, "consistent": consistent, **self.where(it)},
        )
        return True

    def narrative(self, it: Item) -> bool:
        r = it.truth
        b = self.b(r.body_canonical)
        kind = self.rng.choice(["problems", "next", "platform"])
        if kind == "problems":
            q = self.rng.choice(
                ["{b}{y}年信息公开工作存在哪些问题？", "{b}{y}年政务公开还有什么不足？"]
            )
            exp = {"section": "五、存在的主要问题及改进情况", "quote_any": ["问题", "不足", "改进"]}
        elif kind == "next":
            q = "{b}{y}年报告里说下一步怎么改进？"
            exp = {"section": "五、存在的主要问题及改进情况", "quote_any": ["将", "改进", "加强"]}
        else:
            q = "{b}{y}年政府信息公开平台建设情况怎么样？"
            exp = {"quote_any": ["政务新媒体", "栏目", "网站", "平台"]}
        self.add("narrative", q.format(b=b, y=r.year), {"found": True, **exp, **self.where(it)})
        return True

    def unanswerable(self, absent_bodies: list[str]) -> None:
        bodies = sorted(self.by_body)
        for body in self.rng.sample(bodies, 5):
            held = sorted(i.truth.year for i in self.by_body[body])
            year = self.rng.choice([y for y in (2016, 2019, 2020, 2021, 2025) if y not in held])
            q = self.rng.choice(
                ["{b}{y}年收到多少政府信息公开申请？", "{b}{y}年主动公开了多少条信息？"]
            )
            self.add(
                "unanswerable",
                q.format(b=self.b(body), y=year),
                {"found": False, "mentions": [str(held[-1])]},
            )
        held = [p for b in bodies for p in self.phrases[b] + body_phrases(b, "")]
        for body in absent_bodies:
            # a phrase that no held body could also be read as (新华街道 may be the other one)
            own = [p for p in body_phrases(body, "") if not any(p in h or h in p for h in held)]
            phrase = self.rng.choice(own or [body])
            self.add(
                "unanswerable",
                f"{phrase}2024年收到多少政府信息公开申请？",
                {"found": False, "absent_body": body},
            )
        for q in [
            "朝阳区政府2024年收到多少政府信息公开申请？",
            "澜江市财政局去年主动公开了多少条信息？",
        ]:
            self.add("unanswerable", q, {"found": False})
        for body in self.rng.sample(bodies, 5):
            q = self.rng.choice(
                [
                    "{b}2024年有多少公务员？",
                    "{b}2024年的财政预算是多少？",
                    "{b}2024年的GDP是多少？",
                    "{b}2024年办理人大代表建议的满意率是多少？",
                    "{b}有多少个社区？",
                ]
            )
            self.add("unanswerable", q.format(b=self.b(body)), {"found": False})

    def clarify(self) -> None:
        short: dict[str, list[str]] = defaultdict(list)
        for body, its in self.by_body.items():
            short[its[0].truth.info.short_name].append(body)
        for name, bodies in sorted(short.items()):
            if len(bodies) > 1:
                self.add(
                    "clarify",
                    f"{name}2024年收到多少政府信息公开申请？",
                    {"found": False, "candidates": sorted(bodies)},
                )
        self.add("clarify", "2024年收到多少政府信息公开申请？", {"found": False})
        self.add("clarify", "去年行政复议有多少件？", {"found": False})


def _attempt(n: int, make: Callable[[], bool], tries: int = 50) -> None:
    done = 0
    for _ in range(tries * n):
        if done >= n:
            return
        if make():
            done += 1


def build_questions(
    seed: int, items: list[Item], name: str, absent_bodies: list[str]
) -> list[dict[str, Any]]:
    """The generated question set: figures for every report, text facts, trends, differences,
    follow-ups, checks, narrative, refusals and clarifications."""
    bld = Builder(seed, items, name)
    rng = bld.rng
    for it in items:
        _attempt(1, lambda it=it: bld.figure(it))
    bodies = sorted(bld.by_body)
    pick = lambda: rng.choice(items)  # noqa: E731
    n_small = max(4, len(items) // 6)
    _attempt(n_small * 2, lambda: bld.fact(pick()))
    _attempt(n_small, lambda: bld.trend(rng.choice(bodies)))
    _attempt(n_small, lambda: bld.diff(rng.choice(bodies)))
    _attempt(n_small * 2, lambda: bld.followup(pick()))
    _attempt(max(2, n_small // 2), lambda: bld.check(rng.choice(bodies), clean=True))
    _attempt(max(2, n_small // 3), lambda: bld.check(rng.choice(bodies), clean=False))
    _attempt(n_small, lambda: bld.narrative(pick()))
    bld.unanswerable(absent_bodies)
    bld.clarify()
    return bld.questions


def sample_questions_for(name: str) -> list[dict[str, Any]]:
    """The hand-written sample questions, re-asked of a corpus that also holds the sample reports
    (clarifications lose their candidate lists: the corpus has more bodies)."""
    out = []
    for line in (QUESTIONS_DIR / "sample.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        if q["kind"] == "clarify":
            continue  # "去年收到多少申请？" names no body: in a bigger corpus it asks among all
        exp = q["expect"]
        if "mentions" in exp:  # the bodies a refusal lists depend on the corpus; years do not
            exp["mentions"] = [m for m in exp["mentions"] if m.isdigit()]
        q["id"] = f"{name}-{q['id']}"
        q["corpus"] = name
        out.append(q)
    return out


def build(
    out: Path,
    *,
    seed: int = DEFAULT_SEED,
    n: int = 68,
    name: str = "gen70",
    with_samples: bool = True,
    plant_rate: float = 0.08,
) -> tuple[Path, list[dict[str, Any]]]:
    """Write the corpus to ``out/docs`` and return (docs dir, questions)."""
    from generator import all_bodies, make_corpus

    docs = Path(out) / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    made = make_corpus(seed, n, docs, ("txt", "docx", "html"), plant_rate=plant_rate)
    items = [Item(p, r) for p, r in made]
    held = {r.body_canonical for _, r in made}
    absent = [b.canonical for b in all_bodies(seed) if b.canonical not in held]
    questions = build_questions(seed, items, name, absent)
    if with_samples:
        for f in ("yongji-2024.txt", "huaian-2024.pdf"):
            shutil.copy2(SAMPLE_CORPUS / f, docs / f)
        questions += sample_questions_for(name)
    return docs, questions


def write_questions(questions: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions), encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description="生成评测语料和问题集（可重复：同样的参数得到同样的文件）"
    )
    p.add_argument("--out", type=Path, help="语料写到 OUT/docs")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--n", type=int, default=68, help="生成的报告份数（另加两份真实样本）")
    p.add_argument("--name", default="gen70", help="问题集名称（问题 id 的前缀）")
    p.add_argument("--no-samples", action="store_true", help="不加入两份真实样本报告")
    p.add_argument(
        "--questions", type=Path, help="问题集 JSONL 的路径（默认 evaluation/questions/NAME.jsonl）"
    )
    p.add_argument(
        "--questions-only", action="store_true", help="只写问题集（语料写到临时目录后删除）"
    )
    args = p.parse_args(argv)
    if args.questions_only:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            docs, questions = build(
                Path(tmp),
                seed=args.seed,
                n=args.n,
                name=args.name,
                with_samples=not args.no_samples,
            )
    else:
        docs, questions = build(
            args.out, seed=args.seed, n=args.n, name=args.name, with_samples=not args.no_samples
        )
    path = args.questions or QUESTIONS_DIR / f"{args.name}.jsonl"
    write_questions(questions, path)
    kinds: dict[str, int] = defaultdict(int)
    for q in questions:
        kinds[q["kind"]] += 1
    shown = "（未保留）" if args.questions_only else f"（{len(list(docs.iterdir()))} 个文件）"
    print(
        f"语料：{docs}{shown}；问题：{path}（{len(questions)} 个：{dict(sorted(kinds.items()))}）"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
