"""pydantic vs marshmallow on the same work: one create body in, 1 and 20 articles out (as JSON bytes)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from bench.plan import CREATE_BODY
from services.fastapi_impl.schemas import articles as pydantic_schemas
from services.flask_impl.schemas import articles as marshmallow_schemas
from shared.views import ArticlePage, ArticleView

BODY: dict[str, Any] = json.loads(CREATE_BODY)


@pytest.mark.benchmark(group="validate a create-article body")
def test_validate_pydantic(benchmark: BenchmarkFixture) -> None:
    benchmark(pydantic_schemas.NewArticleRequest.model_validate, BODY)


@pytest.mark.benchmark(group="validate a create-article body")
def test_validate_marshmallow(benchmark: BenchmarkFixture) -> None:
    benchmark(marshmallow_schemas.NewArticleRequest().load, BODY)


def _pydantic_one(view: ArticleView) -> bytes:
    return (
        pydantic_schemas.SingleArticleResponse.model_validate({"article": view})
        .model_dump_json(by_alias=True)
        .encode()
    )


ONE = marshmallow_schemas.SingleArticleResponse()
MANY = marshmallow_schemas.MultipleArticlesResponse()


def _marshmallow_one(view: ArticleView) -> bytes:
    return json.dumps(ONE.dump({"article": view}), separators=(",", ":")).encode()


def _pydantic_page(page: ArticlePage) -> bytes:
    return (
        pydantic_schemas.MultipleArticlesResponse.model_validate(page).model_dump_json(by_alias=True).encode()
    )


def _marshmallow_page(page: ArticlePage) -> bytes:
    return json.dumps(MANY.dump(page), separators=(",", ":")).encode()


@pytest.mark.benchmark(group="serialize 1 article")
def test_serialize_one_pydantic(benchmark: BenchmarkFixture, one_article: ArticleView) -> None:
    benchmark(_pydantic_one, one_article)


@pytest.mark.benchmark(group="serialize 1 article")
def test_serialize_one_marshmallow(benchmark: BenchmarkFixture, one_article: ArticleView) -> None:
    benchmark(_marshmallow_one, one_article)


@pytest.mark.benchmark(group="serialize 20 articles")
def test_serialize_twenty_pydantic(benchmark: BenchmarkFixture, page: ArticlePage) -> None:
    benchmark(_pydantic_page, page)


@pytest.mark.benchmark(group="serialize 20 articles")
def test_serialize_twenty_marshmallow(benchmark: BenchmarkFixture, page: ArticlePage) -> None:
    benchmark(_marshmallow_page, page)
