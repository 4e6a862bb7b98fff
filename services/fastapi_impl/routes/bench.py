"""Benchmark-only routes, mounted with BENCHMARK_ENDPOINTS=1; twin of `flask_impl/routes/bench.py`.

Left out of the API document (`include_in_schema=False`). The framework
alone: no database here. The two CPU-only routes are `async def`,
FastAPI's own advice for code that never blocks, so no thread-pool hop is timed;
the wait route awaits, which is what async buys when a request waits on I/O.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Depends

from services.fastapi_impl.body import require_json
from services.fastapi_impl.schemas.articles import NewArticleRequest, SingleArticleResponse
from shared import bench

router = APIRouter(include_in_schema=False)


@router.get("/bench/json")
async def trivial_json() -> dict[str, str]:
    return bench.HELLO


@router.post("/bench/validate", status_code=201, dependencies=[Depends(require_json)])
async def validate(body: NewArticleRequest) -> SingleArticleResponse:
    new = body.article
    article = bench.sample_article(new.title, new.description, new.body, new.tag_list)
    return SingleArticleResponse.model_validate({"article": article})


@router.get("/bench/wait")
async def wait(ms: int = bench.WAIT_MS_DEFAULT) -> dict[str, int]:
    seconds = bench.wait_seconds(ms)
    await asyncio.sleep(seconds)
    return {"waited": round(seconds * 1000)}
