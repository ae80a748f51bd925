"""The HTTP API under ``/api``: ask, facts, reports, health, upload, feedback export.

Public endpoints are rate-limited per client; the upload and the feedback export are for staff
(HTTP Basic or the session of the login form). Every error has the shape of :mod:`ui.errors`.
"""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.routing import Match

from assistant.answer import Answer, Citation
from reportqa.index.factsdb import MAX_FACTS_PAGE, InvalidCursor, ReportRow
from ui.compare import UnknownMetric, find_metric, ranking
from ui.errors import ERROR_RESPONSES, ApiError
from ui.exports import feedback_csv
from ui.present import present
from ui.ratelimit import client_key
from ui.services import Services
from ui.uploads import UploadError, UploadOutcome

MAX_HISTORY = 20
DEFAULT_FACTS = 100  # facts on one page of /api/facts unless ``limit`` says otherwise


class AskRequest(BaseModel):
    question: str = Field(description="问题，例如“淮安市2024年收到多少政府信息公开申请？”")
    history: list[str] = Field(
        default_factory=list, description="同一对话中之前的问题（从早到晚），用于理解追问"
    )


class FactOut(BaseModel):
    fact_id: str
    report_id: str
    body: str
    body_printed: str
    year: int
    table: str
    row: str
    column: str
    value: int | float | None
    raw: str
    unit: str
    qualifier: str
    source: str
    section: str
    locator: str


class FactsOut(BaseModel):
    count: int = Field(description="本页的条数")
    truncated: bool = Field(description="本页之后还有结果时为 true")
    next_cursor: str | None = Field(
        description="下一页：把它作为 cursor 参数再请求一次（其他参数不变）；null 表示没有更多结果"
    )
    facts: list[FactOut]


class ReportOut(BaseModel):
    report_id: str
    body: str
    body_printed: str
    year: int
    title: str
    source: str
    file_format: str
    n_facts: int
    n_chunks: int
    checks_passed: int
    checks_failed: int
    ingested_at: str


class ReportsOut(BaseModel):
    count: int
    reports: list[ReportOut]


class HealthOut(BaseModel):
    status: Literal["ok"]
    reports: int
    facts: int
    chunks: int
    failed_checks: int
    embedding_model: str | None


class RankOut(BaseModel):
    body: str = Field(description="主体（报告中印的名称）")
    value: int | float
    unit: str
    citation: Citation = Field(description="数值所在的单元格或句子（url 打开报告原文并标出）")


class UploadOut(BaseModel):
    name: str = Field(description="保存的文件名（已清理）")
    unchanged: bool = Field(description="同一文件已导入过，未重复导入")
    report: ReportOut | None
    failed_checks: list[str] = Field(description="未通过的勾稽校验")
    warnings: list[str]


def report_out(
    services: Services, row: ReportRow, counts: dict[str, tuple[int, int]] | None = None
) -> ReportOut:
    """``counts``: every report's (passed, failed) checks, read once for a list of reports."""
    r = row.report
    if counts is None:
        counts = services.index.facts.check_counts()
    passed, failed = counts.get(r.report_id, (0, 0))
    return ReportOut(
        report_id=r.report_id,
        body=r.body,
        body_printed=r.body_printed,
        year=r.year,
        title=r.title,
        source=r.source,
        file_format=r.file_format,
        n_facts=row.n_facts,
        n_chunks=row.n_chunks,
        checks_passed=passed,
        checks_failed=failed,
        ingested_at=row.ingested_at,
    )


def upload_out(services: Services, outcome: UploadOutcome) -> UploadOut:
    return UploadOut(
        name=outcome.name,
        unchanged=outcome.unchanged,
        report=report_out(services, outcome.report) if outcome.report else None,
        failed_checks=[f"{c.check} {c.scope}：{c.detail}" for c in outcome.failed_checks],
        warnings=outcome.warnings,
    )


def build_router(services: Services) -> APIRouter:
    settings = services.settings
    router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)

    def rate_limited(request: Request) -> None:
        services.limiter.check(client_key(request))

    def staff(request: Request) -> str:
        auth = services.auth
        if not auth.enabled:
            raise ApiError(
                403,
                "staff_disabled",
                "工作人员功能未启用：服务器没有配置 REPORTQA_STAFF_USER 和 REPORTQA_STAFF_PASSWORD。",
            )
        user = auth.request_user(request)  # Basic: rate-limited before the hash (ui.auth)
        if user is None:
            raise ApiError(
                401,
                "unauthorized",
                "需要工作人员身份：请用 HTTP Basic 提供账号和密码，或先在 /staff/login 登录。",
                {"WWW-Authenticate": 'Basic realm="reportqa-staff", charset="UTF-8"'},
            )
        return user

    @router.post(
        "/ask",
        response_model=Answer,
        summary="提问",
        description="根据已收录的年度报告回答问题；每个数字都有出处（citations，"
        "url 打开报告原文并标出引用处）；趋势和比较类回答带图的数据（chart）。",
        dependencies=[Depends(rate_limited)],
    )
    def ask(body: AskRequest) -> Answer:
        limit = settings.max_question_chars
        question = body.question.strip()
        if not question:
            raise ApiError(422, "empty_question", "问题不能为空。")
        if len(question) > limit:
            raise ApiError(
                422, "question_too_long", f"问题太长了（{len(question)} 字），请不超过 {limit} 字。"
            )
        if len(body.history) > MAX_HISTORY or any(len(h) > limit for h in body.history):
            raise ApiError(
                422,
                "history_too_long",
                f"history 最多 {MAX_HISTORY} 条，每条不超过 {limit} 字。",
            )
        return present(services.assistant.ask(question, list(body.history)), services)

    @router.get(
        "/facts",
        response_model=FactsOut,
        summary="查询表格事实",
        description="按主体、年度、表、行、列查询报告中的数字；每条都有来源文件和位置。"
        f"分页返回：每页最多 limit 条（不超过 {MAX_FACTS_PAGE}），"
        "下一页用上一页返回的 next_cursor 作为 cursor 参数。",
        dependencies=[Depends(rate_limited)],
    )
    def facts(
        body: Annotated[str | None, Query(description="主体名称或其中的文字，例如 淮安市")] = None,
        year: Annotated[int | None, Query(description="报告年度，例如 2024")] = None,
        table: Annotated[str | None, Query(description="表2 / 表3 / 表4 / 正文")] = None,
        row: Annotated[
            str | None, Query(description="行标签（完整），例如 一、本年新收政府信息公开申请数量")
        ] = None,
        column: Annotated[str | None, Query(description="列标签（完整），例如 总计")] = None,
        limit: Annotated[
            int, Query(ge=1, le=MAX_FACTS_PAGE, description="每页最多返回的条数")
        ] = DEFAULT_FACTS,
        cursor: Annotated[
            str | None, Query(max_length=2000, description="上一页返回的 next_cursor")
        ] = None,
    ) -> FactsOut:
        try:
            page = services.index.facts.facts_page(
                year=year,
                table=table,
                row=row,
                column=column,
                body_contains=body or None,
                limit=limit,
                after=cursor or None,
            )
        except InvalidCursor as e:
            raise ApiError(422, "invalid_cursor", str(e)) from e
        out = [FactOut(**_fact_fields(f)) for f in page.facts]
        return FactsOut(
            count=len(out),
            truncated=page.next_cursor is not None,
            next_cursor=page.next_cursor,
            facts=out,
        )

    @router.get(
        "/reports",
        response_model=ReportsOut,
        summary="已收录的报告",
        dependencies=[Depends(rate_limited)],
    )
    def reports() -> ReportsOut:
        rows = services.index.facts.list_reports()
        counts = services.index.facts.check_counts()  # one query, not one per report
        return ReportsOut(count=len(rows), reports=[report_out(services, r, counts) for r in rows])

    @router.get(
        "/rank",
        response_model=list[RankOut],
        summary="各机关同一指标排名",
        description="某一年度各机关同一指标的数值，从大到小；每个数值都有出处。"
        "metric 为指标编号（如 new、review、review@corrected）或完整的指标名称"
        "（如“收到（本年新收）的政府信息公开申请”）；year 不填则为最新年度。",
        dependencies=[Depends(rate_limited)],
    )
    def rank(
        metric: Annotated[str, Query(description="指标编号或名称", max_length=200)],
        year: Annotated[int | None, Query(description="报告年度，例如 2024")] = None,
    ) -> list[RankOut]:
        try:
            ref = find_metric(metric)
        except UnknownMetric as e:
            raise ApiError(422, "unknown_metric", str(e)) from e
        years = sorted({r.report.year for r in services.index.facts.list_reports()})
        if not years:
            raise ApiError(404, "no_reports", "索引中还没有报告。")
        year = years[-1] if year is None else year
        if year not in years:
            held = "、".join(str(y) for y in years)
            raise ApiError(404, "no_reports", f"语料中没有{year}年的报告（有 {held} 年的报告）。")
        rows = ranking(services.assistant, ref, year, services.base_url)
        return [RankOut(body=r.name, value=r.value, unit=r.unit, citation=r.citation) for r in rows]

    @router.get("/health", response_model=HealthOut, summary="健康检查（不限流）")
    def health() -> HealthOut:
        stats = services.index.facts.stats()
        return HealthOut(status="ok", embedding_model=services.index.embedding_model, **stats)

    @router.post(
        "/reports",
        response_model=UploadOut,
        status_code=201,
        summary="上传报告（仅限工作人员）",
        description="上传一份 .docx / .doc / .wps / .pdf / .html / .htm / .txt 报告并导入索引。"
        "同名文件视为新版本，替换原报告。需要 HTTP Basic 或登录会话。",
        responses={201: {"description": "已导入"}, 200: {"description": "同一文件已导入过"}},
    )
    def upload(
        file: Annotated[UploadFile, File(description="报告文件")],
        user: Annotated[str, Depends(staff)],
    ) -> Any:
        try:
            outcome = services.uploader.store(file.filename or "", file.file)
        except UploadError as e:
            raise ApiError(e.status, e.code, e.message) from e
        out = upload_out(services, outcome)
        return JSONResponse(out.model_dump(), status_code=200 if outcome.unchanged else 201)

    @router.get(
        "/feedback",
        summary="反馈记录（仅限工作人员）",
        description="市民对回答的评价（有用/没用），含问题、回答和出处；format=csv 下载 CSV。",
    )
    def feedback(
        user: Annotated[str, Depends(staff)],
        format: Annotated[Literal["json", "csv"], Query(description="json 或 csv")] = "json",
    ) -> Any:
        entries = services.feedback.entries()
        if format == "csv":
            return Response(
                feedback_csv(entries),
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": 'attachment; filename="feedback.csv"'},
            )
        return {"count": len(entries), "feedback": [e.__dict__ for e in entries]}

    @router.api_route(
        "/{path:path}",
        methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
        include_in_schema=False,
    )
    def not_found(request: Request, path: str) -> None:
        allowed = _allowed_methods(router, request)
        if allowed:
            raise ApiError(
                405,
                "method_not_allowed",
                f"{request.url.path} 不支持 {request.method} 请求，请用 {'、'.join(allowed)}。",
                {"Allow": ", ".join(allowed)},
            )
        raise ApiError(404, "not_found", f"没有接口 {request.url.path}。接口列表见 /docs。")

    return router


def _fact_fields(f: Any) -> dict[str, Any]:
    d = f.to_json()
    return {
        "fact_id": f.fact_id,
        **{k: d[k] for k in FactOut.model_fields if k != "fact_id"},
    }


def _allowed_methods(router: APIRouter, request: Request) -> list[str]:
    """The methods the API's other routes accept at this path (the catch-all excluded)."""
    methods: set[str] = set()
    scope = {**request.scope, "method": "__none__"}
    for route in router.routes:
        if getattr(route, "path", "") == "/api/{path:path}":
            continue
        match, _ = route.matches(scope)
        route_methods = getattr(route, "methods", None)
        if match is Match.PARTIAL and route_methods:
            methods |= set(route_methods)
    return sorted(methods)
