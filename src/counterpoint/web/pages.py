"""The HTML pages: stories list, story, article, and the add-articles form with its result page."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ..comparison import comparison_from_dict
from ..corpus import Story
from ..model import Article, Failure, RawDocument
from ..report.view import build_view
from ..story_listing import DEFAULT_LIMIT, StoryFilter
from .adding import (
    MAX_FILES,
    MAX_URLS,
    Added,
    Upload,
    add_documents,
    from_uploads,
    from_urls,
    limited,
    pasted,
    url_lines,
)
from .api import article_or_404, story_or_404
from .context import WebContext, article_url, story_url
from .errors import WebError
from .security import CSRF_COOKIE, CSRF_FIELD, csrf_ok, new_csrf_token, set_csrf_cookie

_BLANK_LINE = re.compile(r"\n\s*\n")
# Text fields of the add form besides the pasted text; their size is bounded by the request limit.
_FORM_FIELDS = 12


def body_paragraphs(article: Article) -> list[list[tuple[str, str]]]:
    """The body as paragraphs of (sentence id, sentence text); a paragraph starts where the text between two
    sentences holds a line break. An article without sentences is split at blank lines (ids empty)."""
    text = article.text
    if not article.sentences:
        return [[("", p.strip())] for p in _BLANK_LINE.split(text) if p.strip()]
    paras: list[list[tuple[str, str]]] = [[]]
    pos = 0
    for s in article.sentences:
        if "\n" in text[pos : s.start] and paras[-1]:
            paras.append([])
        paras[-1].append((s.id, text[s.start : s.end]))
        pos = s.end
    return [p for p in paras if p]


def _day(value: str, field: str, notes: list[str]) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        notes.append(f"{field}: {value[:40]!r} is not a date (YYYY-MM-DD); ignored")
        return None


def router(ctx: WebContext) -> APIRouter:
    pages = APIRouter(include_in_schema=False)
    access = ctx.access
    html = ctx.pages.html

    @pages.get("/", response_class=HTMLResponse)
    def stories(q: str = "", outlet: str = "", since: str = "", until: str = "", page: int = 1) -> Response:
        notes: list[str] = []
        page = max(1, page)
        f = StoryFilter(q[:500], outlet[:300], _day(since, "since", notes), _day(until, "until", notes),
                        DEFAULT_LIMIT, (page - 1) * DEFAULT_LIMIT)
        with access.reader() as corpus:
            found, total = corpus.find_stories(f)
            known_outlets = corpus.outlets()
            counts = corpus.totals()
        pages_total = max(1, -(-total // DEFAULT_LIMIT))
        return html(
            "stories", stories=found, total=total, page=page, pages_total=pages_total, notes=notes,
            form={"q": q, "outlet": outlet, "since": since, "until": until}, outlets=known_outlets,
            counts=counts, story_url=story_url,
            filtered=f.narrows,
        )

    @pages.get("/stories/{story_id}", response_class=HTMLResponse)
    def story(story_id: str) -> Response:
        with access.reader() as corpus:
            found = story_or_404(corpus, story_id)
        return HTMLResponse(access.derived("page", found, lambda: _story_page(ctx, found)))

    @pages.get("/articles/{article_id}", response_class=HTMLResponse)
    def article(article_id: str) -> Response:
        with access.reader() as corpus:
            found = article_or_404(corpus, article_id)
            sources = corpus.sources(article_id)
            story_id = corpus.story_of(article_id)
            story_title = corpus.story(story_id).title if story_id else None
            copies = []
            for d in corpus.duplicates(article_id):
                other = d.b if d.a == article_id else d.a
                o = corpus.article(other)
                copies.append({"id": other, "name": o.name, "title": o.title, "similarity": d.similarity,
                               "kind": d.kind, "url": article_url(other)})
        return html("article", article=found, sources=sources, story_id=story_id, story_title=story_title,
                    story_url=story_url, copies=copies, paragraphs=body_paragraphs(found))

    @pages.get("/add", response_class=HTMLResponse)
    def add_form(request: Request) -> Response:
        return _form_page(request, ctx)

    @pages.post("/add", response_class=HTMLResponse)
    async def add_submit(request: Request) -> Response:
        limit = ctx.max_upload_bytes
        form = await request.form(max_files=MAX_FILES, max_fields=_FORM_FIELDS, max_part_size=limit)
        try:
            if not csrf_ok(request.cookies.get(CSRF_COOKIE), _text(form.get(CSRF_FIELD))):
                raise WebError(403, "the form's security token is missing or stale: reload the add page and submit "
                                    "again", code="csrf")
            docs: list[RawDocument | Failure] = []
            text = _text(form.get("text"))
            if text.strip():
                docs.append(pasted(text, title=_text(form.get("title")), outlet=_text(form.get("outlet")),
                                   url=_text(form.get("url")), published=_text(form.get("published"))))
            uploads = []
            for item in form.getlist("files"):
                if isinstance(item, UploadFile) and (item.filename or item.size):
                    uploads.append(Upload(item.filename or "upload", await item.read(ctx.fetch_options.max_bytes + 1)))
            urls = url_lines(_text(form.get("urls")))
        finally:
            await form.close()
        if len(urls) > MAX_URLS:
            return _form_page(request, ctx, status=413,
                              error=f"{len(urls)} URLs given; at most {MAX_URLS} per request (use `counterpoint "
                                    "ingest` for more)")
        if not docs and not uploads and not urls:
            return _form_page(request, ctx, status=422, error="nothing to add: paste a text, choose files or give "
                                                              "URLs")

        def work() -> list[Added]:
            items = [*docs]
            stream = limited(_chain(items, from_uploads(uploads, options=ctx.fetch_options),
                                    from_urls(urls, options=ctx.fetch_options)))
            return add_documents(access, stream)

        outcomes = await run_in_threadpool(work)
        counts = {k: sum(1 for o in outcomes if o.status == k) for k in ("new", "duplicate", "known", "failed")}
        return html("added", outcomes=outcomes, counts=counts, story_url=story_url, article_url=article_url)

    @pages.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status_code=204)  # none; answering keeps a 404 out of every page's console

    @pages.get("/stories", include_in_schema=False)
    def stories_alias() -> Response:
        return RedirectResponse("/", status_code=308)

    return pages


def _story_page(ctx: WebContext, found: Story) -> str:
    """The story page's HTML (the comparison through the same partial as the HTML report)."""
    comparison = comparison_from_dict(ctx.access.comparison(found))
    compared = {a.id: a for a in comparison.articles}
    members: list[dict[str, Any]] = []
    with ctx.access.reader() as corpus:
        for aid in found.article_ids:
            a = compared.get(aid) or corpus.article(aid)
            members.append({"id": aid, "name": a.name, "title": a.title, "published": a.published,
                            "compared": aid in compared, "url": article_url(aid)})
    view = build_view(comparison, title=found.title)
    return ctx.pages.text("story", story=found, view=view, members=members,
                          n_outlets=len({m["name"] for m in members}), article_link=article_url,
                          api_url=f"/api/stories/{found.id}/comparison")


def _chain(*iterables: Any) -> Any:
    for it in iterables:
        yield from it


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _form_page(request: Request, ctx: WebContext, *, status: int = 200, error: str | None = None) -> Response:
    token = request.cookies.get(CSRF_COOKIE) or new_csrf_token()
    response = ctx.pages.html(
        "add", status=status, csrf=token, error=error, max_urls=MAX_URLS, max_files=MAX_FILES,
        max_bytes=ctx.fetch_options.max_bytes, max_upload_bytes=ctx.max_upload_bytes,
        headers={"Cache-Control": "no-store"},
    )
    if request.cookies.get(CSRF_COOKIE) != token:
        set_csrf_cookie(response, token)
    return response
