"""Follow-ups: what a question leaves unsaid comes from the conversation before it ("那2023年呢？",
"其中企业呢？", "复议呢？"); what it says replaces it. A question with words nothing accounts for
inherits nothing: "那平潭呢？" after 永吉街道 is about 平潭, which the corpus may not hold, never
about 永吉街道."""

from __future__ import annotations

from assistant.lexicon import Kind, lexicon, words_of
from assistant.question import (
    BodyMention,
    BodyStatus,
    Intent,
    MetricRef,
    ParsedQuestion,
    YearKind,
    YearSpec,
)
from reportqa.metrics import registry

_CARRIED_INTENTS = (
    Intent.FIGURE,
    Intent.TREND,
    Intent.COMPARE,
    Intent.SHARE,
    Intent.YESNO,
    Intent.CHECK,
    Intent.NARRATIVE,
    Intent.EXTREME,
    Intent.RANK,
    Intent.TOTAL,
    Intent.LEDGER,
    Intent.MULTIPLE,
)


def merge(prev: ParsedQuestion | None, cur: ParsedQuestion) -> ParsedQuestion:
    if prev is None:
        return _settle(
            cur.model_copy(update={"seen": _resolved(cur.bodies), "seen_metrics": cur.metrics})
        )
    seen = _unique(prev.seen + _resolved(cur.bodies))
    if cur.unknown:
        # not understood: no figure is carried. Only the body and year, when this question names
        # none and asks a count, so that a count the text states (那一年培训了多少人次) can be looked up
        # in the report the conversation is about; the unknown words still have to be its words.
        carried: dict = {"seen": seen, "seen_metrics": prev.seen_metrics}
        asks_count = cur.intent is Intent.UNKNOWN and cur.units
        points_back = cur.intent is Intent.NARRATIVE and lexicon().points_back(cur.text)
        if (asks_count or points_back) and not cur.bodies and prev.bodies:
            # 他们在平台建设上又做了什么: the body the conversation is about, said as 他们
            carried |= {"bodies": prev.bodies, "inherited": ("body",)}
            if cur.years.kind is YearKind.NONE and prev.years.kind is not YearKind.NONE:
                carried |= {"years": prev.years, "inherited": ("body", "year")}
        return _settle(cur.model_copy(update=carried))
    inherited: list[str] = []
    update: dict = {"seen": seen}
    if prev.intent is Intent.CHECK and any(w in cur.text for w in lexicon().same_again):
        # 交通运输局2022年的表3也有这种问题吗: the same check of the body or year said now
        cur = cur.model_copy(update={"intent": Intent.CHECK, "narrative": None})
    asked_early = _asked_operation(cur)
    if not cur.bodies and cur.scope is None:
        if (
            asked_early in (Intent.TOTAL, Intent.RANK, Intent.COMPARE, Intent.MULTIPLE)
            and len({b for m in seen for b in m.bodies}) >= 2
        ):
            update["bodies"] = seen  # 两个加起来呢？: the bodies the conversation named
            update["intent"] = asked_early
        elif prev.scope is not None and cur.intent in _ONE_BODY:
            # 排第一的那家，予以公开占多大比例 after a ranking of 市级部门: which body is meant is
            # in the answer, not in the words; asked back, never the place the scope was of
            update["bodies"] = ()
        else:
            update["bodies"] = prev.bodies
            update["scope"] = prev.scope
        inherited.append("body")
    contact = bool(cur.metrics) and all(
        registry()[m.metric].family == "联系方式" for m in cur.metrics
    )  # 在哪儿办公: where it is now (the newest report), not where it was in the year asked before
    if cur.years.kind is YearKind.NONE and prev.years.kind is not YearKind.NONE and not contact:
        update["years"] = prev.years
        inherited.append("year")
    text = cur.as_read  # 结转到下一年的呢: a year word inside a figure's own words is not a year
    for word in cur.metrics_words():
        text = text.replace(word, " ")
    said = [w for w in sorted(lexicon().conversation_years, key=len, reverse=True) if w in text]
    shift = lexicon().conversation_years[said[0]] if said else None
    if (
        shift is not None
        and cur.years.kind is not YearKind.EXPLICIT
        and prev.years.kind is YearKind.EXPLICIT
        and len(prev.years.years) == 1
    ):
        # 2024年收到多少？上一年的呢？: the year before the one just asked about
        year = prev.years.years[0] + shift
        update["years"] = YearSpec(kind=YearKind.EXPLICIT, years=(year,), words=said[0])
    asked = _asked_operation(cur)
    if cur.intent is Intent.SHARE and len(cur.metrics) == 1 and prev.metrics and _whole_only(cur):
        # 占办结总数多少？ after a figure: that figure is the part, the one named the whole
        update |= {"metrics": prev.metrics, "whole": cur.metrics[0]}
        inherited.append("metric")
        return _settle(cur.model_copy(update=update | {"inherited": tuple(inherited)}))
    bare = (
        not cur.metrics
        and not cur.dims_only
        and (cur.elliptical or _only_slots(cur) or asked is not None)
    ) or _same_verb_again(prev, cur)
    if cur.dims_only and prev.metrics:
        reg = registry()
        refs = []
        for r in prev.metrics:
            dim = reg[r.metric].dimension
            values = [d.split(".", 1)[1] for d in cur.dims_only if d.split(".", 1)[0] == dim]
            refs += [MetricRef(metric=r.metric, dim=v, words=r.words) for v in values] or [r]
        update["metrics"] = tuple(dict.fromkeys(refs))
        update["dims_only"] = ()
        update["intent"] = asked or (
            prev.intent if prev.intent in _CARRIED_INTENTS else Intent.FIGURE
        )
        if update["intent"] is Intent.NARRATIVE:
            update["intent"] = Intent.FIGURE
        inherited.append("metric")
    elif bare and prev.unknown and prev.units and prev.intent is Intent.UNKNOWN and not cur.bodies:
        # 青屿区2024年办理了多少件人大代表建议？那2023年呢？: the earlier question's own words
        # (a count its text states), asked again of the year or body said now
        update |= {
            "intent": Intent.UNKNOWN,
            "unknown": prev.unknown,
            "unknown_phrases": prev.unknown_phrases,
            "units": prev.units,
            "reading": prev.reading or prev.text,
            "metrics": prev.metrics,
        }
        inherited.append("metric")
    elif bare and (prev.metrics or prev.intent in (Intent.NARRATIVE, Intent.CHECK)):
        intent = asked or (prev.intent if prev.intent in _CARRIED_INTENTS else Intent.FIGURE)
        if asked is None and cur.intent is Intent.YESNO and prev.metrics:
            intent = Intent.YESNO  # 收了多少？那2023年也收了吗: whether, of the same figure
        years = update.get("years", cur.years)
        several = len(years.years) > 1 or years.kind in (YearKind.RECENT, YearKind.ALL)
        if asked is Intent.COMPARE and "year" not in inherited:
            # 比前年多还是少？ after 去年: both years
            update["years"] = _both_years(prev.years, cur.years)
        elif intent in (Intent.TREND, Intent.COMPARE) and "year" not in inherited and not several:
            intent = Intent.FIGURE  # 那2023年呢？ after a trend: one year
        elif intent is Intent.FIGURE and several:
            intent = Intent.TREND
        metrics = prev.metrics
        if (
            asked in (Intent.TOTAL, Intent.COMPARE)
            and len({b for m in seen for b in m.bodies}) <= 1
            and len(prev.seen_metrics) >= 2
            and lexicon().says_two(cur.text)
        ):
            metrics = prev.seen_metrics[-2:]  # 收到多少？办结多少？两个差几件？
            intent = asked
        update |= {
            "metrics": metrics,
            "whole": prev.whole,
            "group": prev.group,
            "order": prev.order,
            "narrative": prev.narrative,
            "topic": prev.topic,
            "intent": update.get("intent", intent),
        }
        if prev.intent in (Intent.RANK, Intent.TOTAL) and "body" in inherited:
            update["scope"] = prev.scope
        inherited.append("metric")
    elif cur.metrics and cur.intent is Intent.FIGURE and cur.elliptical:
        # 复议呢？ after a trend over three years: the same operation for the new figure, with
        # the same column (纠错率 of 复议, then 诉讼的呢？: of 诉讼)
        asks_own = prev.intent is Intent.YESNO and _asks_a_figure(cur)  # 电话多少: a figure
        if (
            prev.intent in (Intent.TREND, Intent.COMPARE, Intent.SHARE, Intent.YESNO)
            and not asks_own
        ):
            update["intent"] = prev.intent
            update["metrics"] = _same_columns(cur.metrics, prev.metrics)
        elif len(cur.metrics) == 1 and len(prev.metrics) == 1:
            ratio = _same_ratio(cur.metrics[0], prev.metrics[0])
            if ratio is not None:
                update["metrics"] = (ratio,)
    metrics = update.get("metrics", cur.metrics)
    update["seen_metrics"] = tuple(
        dict.fromkeys((*(m for m in prev.seen_metrics if m not in metrics), *metrics))
    )
    if not inherited and set(update) == {"seen", "seen_metrics"}:
        return _settle(cur.model_copy(update=update))
    merged = cur.model_copy(update=update | {"inherited": tuple(inherited)})
    return _settle(merged)


_OPERATIONS = {
    "share": Intent.SHARE,
    "compare": Intent.COMPARE,
    "trend": Intent.TREND,
    "rank": Intent.RANK,
    "total": Intent.TOTAL,
    "extreme": Intent.EXTREME,
    "multiple": Intent.MULTIPLE,
    "yesno": Intent.YESNO,
    "check": Intent.CHECK,
    "ledger": Intent.LEDGER,
}


# operations asked of one body: after a question across a scope of bodies, no body is carried
_ONE_BODY = frozenset({Intent.FIGURE, Intent.SHARE, Intent.YESNO, Intent.EXTREME, Intent.LEDGER})


def _asked_operation(q: ParsedQuestion) -> Intent | None:
    """The operation a follow-up names without a figure ("占比呢？", "比前年多还是少？")."""
    from assistant.lexicon import Kind, lexicon
    from assistant.parsing.rules import counts_a_part

    kinds = {t.word: t for t in lexicon().terms if t.kind is Kind.INTENT}
    for cue in q.cues:
        if counts_a_part(q.text) and kinds.get(cue) is not None and kinds[cue].target == "share":
            continue  # 其中自然人占了多少件: the count of the part, not its share
        t = kinds.get(cue)
        if t is not None and t.target in _OPERATIONS:
            return _OPERATIONS[t.target]
    return None


def _asks_a_figure(q: ParsedQuestion) -> bool:
    return any(c in words_of(Kind.FIGURE) for c in q.cues)


def _same_verb_again(prev: ParsedQuestion, cur: ParsedQuestion) -> bool:
    """收信息处理费了吗？收了多少？2022年收了多少？: a plain verb the earlier question used of
    its figure (收了) asks that figure again, not the applications the verb names alone."""
    reg = registry()
    if not cur.metrics or not prev.metrics or cur.bodies or cur.dims_only:
        return False
    if not all(reg[m.metric].generic for m in cur.metrics):
        return False
    if all(reg[m.metric].generic for m in prev.metrics):
        return False
    return all(w in prev.text for m in cur.metrics for w in m.words)


def _whole_only(q: ParsedQuestion) -> bool:
    """占办结总数多少: the one figure named comes after 占, so it is a whole."""
    at = q.text.find("占")
    return at >= 0 and all(q.text.find(w) > at for r in q.metrics for w in r.words if w in q.text)


def _both_years(a: YearSpec, b: YearSpec) -> YearSpec:
    """The years of two questions together, as one spec (explicit years, or offsets back from
    the newest report for relative ones)."""

    def offsets(y: YearSpec) -> tuple[int, ...]:
        if y.kind is YearKind.PREVIOUS:
            return y.offsets or (y.count,)
        return (0,) if y.kind in (YearKind.LATEST, YearKind.NONE) else y.offsets

    if a.kind is YearKind.EXPLICIT or b.kind is YearKind.EXPLICIT:
        years = tuple(dict.fromkeys((*a.years, *b.years)))
        return YearSpec(
            kind=YearKind.EXPLICIT,
            years=years,
            offsets=offsets(a) + offsets(b) if not years else (),
        )
    both = tuple(dict.fromkeys((*offsets(a), *offsets(b))))
    return YearSpec(
        kind=YearKind.PREVIOUS, count=max(both), offsets=both, words=f"{a.words}、{b.words}"
    )


def _resolved(bodies: tuple[BodyMention, ...]) -> tuple[BodyMention, ...]:
    return tuple(m for m in bodies if m.status is BodyStatus.RESOLVED)


def _unique(ms: tuple[BodyMention, ...]) -> tuple[BodyMention, ...]:
    out: dict[tuple[str, ...], BodyMention] = {}
    for m in ms:
        out.pop(m.bodies, None)
        out[m.bodies] = m
    return tuple(out.values())


def _same_columns(cur: tuple[MetricRef, ...], prev: tuple[MetricRef, ...]) -> tuple[MetricRef, ...]:
    reg = registry()
    out = []
    for r in cur:
        dims = [p.dim for p in prev if p.dim and reg[p.metric].dimension == reg[r.metric].dimension]
        out.append(
            r if r.dim or not dims else MetricRef(metric=r.metric, dim=dims[0], words=r.words)
        )
    return tuple(out)


def _same_ratio(cur: MetricRef, prev: MetricRef) -> MetricRef | None:
    """复议纠错率, then 诉讼的呢？: the registry's ratio of the same columns for the new figure."""
    reg = registry()
    old = reg[prev.metric]
    if old.ratio is None:
        return None
    part, whole = old.ratio
    for m in reg.metrics.values():
        if m.ratio and m.ratio[0].metric == cur.metric and m.ratio[0].dim == part.dim:
            return MetricRef(metric=m.id, words=cur.words)
    return None


def _same_ratio_of(ref: MetricRef) -> MetricRef | None:
    for m in registry().metrics.values():
        if m.ratio and m.ratio[0].metric == ref.metric and m.ratio[0].dim == ref.dim:
            return MetricRef(metric=m.id, words=ref.words)
    return None


def _only_slots(q: ParsedQuestion) -> bool:
    """Nothing but a body and/or a year ("永吉街道", "2023年的"): the same question for them."""
    return (
        q.intent in (Intent.NARRATIVE, Intent.UNKNOWN)
        and not q.unknown
        and q.narrative in (None, "topic")
        and (bool(q.bodies) or q.years.kind is not YearKind.NONE)
        and len(q.topic.replace(" ", "")) <= 6
    )


def _settle(q: ParsedQuestion) -> ParsedQuestion:
    """A column with no row to belong to (其中企业呢？ with nothing before) is not understood; a
    share that is a rate the registry names (纠错率呢？ after 复议) is that rate."""
    if q.intent is Intent.SHARE and len(q.metrics) == 1 and q.whole is None:
        rate = _same_ratio_of(q.metrics[0])
        if rate is not None:
            q = q.model_copy(update={"metrics": (rate,), "intent": Intent.FIGURE})
    if (
        q.dims_only
        and not q.metrics
        and q.intent not in (Intent.CHECK, Intent.LEDGER, Intent.NARRATIVE, Intent.HOLDINGS)
    ):
        return q.model_copy(update={"intent": Intent.UNKNOWN})
    return q
