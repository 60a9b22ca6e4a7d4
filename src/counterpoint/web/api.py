"""The JSON API under ``/api``: stories (listed, filtered, one by one, compared), articles, and adding one.

Comparisons have the schema of ``counterpoint compare --format json`` (docs/schema.md). Errors have the one
shape of :mod:`counterpoint.web.errors`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..corpus import Corpus, Story
from ..errors import StoreError
from ..model import Article
from ..story_listing import DEFAULT_LIMIT, MAX_LIMIT, StoryFilter
from .adding import add_documents, from_urls, limited, pasted
from .context import WebContext, article_url, story_url
from .errors import WebError


class ErrorDetail(BaseModel):
    code: str = Field(description="counterpoint error code (CP...) or HTTP status name (not_found, ...)")
    message: str
    status: int


class ErrorOut(BaseModel):
    error: ErrorDetail


class ArticleIn(BaseModel):
    """One article to add: its ``text`` or ``html``, or only a ``url`` to fetch. With text or html, ``url`` is
    metadata (where it was published). Metadata given here beats what extraction finds."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    html: str | None = None
    url: str | None = Field(default=None, max_length=2048)
    title: str | None = Field(default=None, max_length=1000)
    outlet: str | None = Field(default=None, max_length=300)
    published: date | None = None

    @model_validator(mode="after")
    def _one_content(self) -> ArticleIn:
        if self.text is not None and self.html is not None:
            raise ValueError("give text or html, not both")
        if not (self.text or self.html or self.url):
            raise ValueError("give text, html or url")
        return self


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": what}
    for status, what in ((404, "Not found"), (413, "Body too large"), (422, "Invalid request or input"),
                         (500, "Internal error"))
}


def story_or_404(corpus: Corpus, story_id: str) -> Story:
    try:
        return corpus.story(story_id)
    except StoreError as exc:
        raise WebError(404, f"no story {story_id}") from exc


def article_or_404(corpus: Corpus, article_id: str) -> Article:
    try:
        return corpus.article(article_id)
    except StoreError as exc:
        raise WebError(404, f"no article {article_id}") from exc


def article_row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "outlet": article.outlet,
        "published": article.published.isoformat() if article.published else None,
        "title": article.title,
        "url": article.url,
        "links": {"self": f"/api/articles/{article.id}", "html": article_url(article.id)},
    }


def router(ctx: WebContext) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
    access = ctx.access

    @api.get("/stories", summary="Stories, newest first")
    def stories(
        q: Annotated[str, Query(max_length=500, description="words that must all appear")] = "",
        outlet: Annotated[str, Query(max_length=300, description="part of an outlet's name")] = "",
        since: date | None = None,
        until: date | None = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        with access.reader() as corpus:
            found, total = corpus.find_stories(StoryFilter(q, outlet, since, until, limit, offset))
        return {
            "total": total,
            "limit": limit,
            "offset": offset,
            "stories": [
                s.to_dict() | {"links": {"self": f"/api/stories/{s.id}", "html": story_url(s.id),
                                         "comparison": f"/api/stories/{s.id}/comparison"}}
                for s in found
            ],
        }

    @api.get("/stories/{story_id}", summary="One story and its articles")
    def story(story_id: str) -> dict[str, Any]:
        with access.reader() as corpus:
            found = story_or_404(corpus, story_id)
            rows = [article_row(corpus.article(aid)) for aid in found.article_ids]
        return {
            "id": found.id,
            "title": found.title,
            "articles": rows,
            "links": {"self": f"/api/stories/{found.id}", "html": story_url(found.id),
                      "comparison": f"/api/stories/{found.id}/comparison"},
        }

    @api.get("/stories/{story_id}/comparison", summary="The story compared (schema of `counterpoint compare`)",
             response_class=JSONResponse)
    def comparison(story_id: str) -> Response:
        with access.reader() as corpus:
            found = story_or_404(corpus, story_id)

        def encode() -> bytes:
            # Encoded once per story version: FastAPI's encoder walks every value of a large comparison.
            return json.dumps(access.comparison(found), ensure_ascii=False).encode("utf-8")

        return Response(access.derived("json", found, encode), media_type="application/json")

    @api.get("/articles/{article_id}", summary="One article, its sources and near copies")
    def article(article_id: str) -> dict[str, Any]:
        with access.reader() as corpus:
            found = article_or_404(corpus, article_id)
            sources = corpus.sources(article_id)
            copies = corpus.duplicates(article_id)
            story_id = corpus.story_of(article_id)
        return found.to_dict() | {
            "story_id": story_id,
            "sources": [{"source": s.source, "outlet": s.outlet, "url": s.url, "added_at": s.added_at}
                        for s in sources],
            "near_duplicates": [
                {"article_id": d.b if d.a == article_id else d.a, "similarity": round(d.similarity, 4), "kind": d.kind}
                for d in copies
            ],
        }

    @api.post("/articles", status_code=201, summary="Add one article (text, html, or a URL to fetch)",
              responses={200: {"description": "The text was already stored"}})
    def add(body: ArticleIn) -> JSONResponse:
        if body.text is not None or body.html is not None:
            doc = pasted(
                body.text if body.text is not None else body.html or "",
                kind="text" if body.text is not None else "html",
                title=body.title, outlet=body.outlet, url=body.url,
                published=body.published.isoformat() if body.published else None, origin="api",
            )
            outcomes = add_documents(access, [doc])
        else:
            outcomes = add_documents(access, limited(from_urls([body.url or ""], options=ctx.fetch_options)))
        done = outcomes[0]
        if done.status == "failed":
            raise WebError(422, f"{done.source}: {done.reason}", code=done.code)
        payload = done.to_dict() | {"links": {
            "article": f"/api/articles/{done.article_id}",
            "story": f"/api/stories/{done.story_id}" if done.story_id else None,
            "html": story_url(done.story_id) if done.story_id else None,
        }}
        return JSONResponse(payload, status_code=201 if done.status == "new" else 200)

    return api
