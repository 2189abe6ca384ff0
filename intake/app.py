"""Build the intake's ASGI app from a Settings object (no globals: tests build their own)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import notices, office, privacy, store, worker
from .kinds import registry
from .settings import Settings
from .web import Intake, OuterMiddleware, no_store_json, plain_error, request_language

logger = logging.getLogger("intake")


async def health(request: Request) -> Response:
    """GET /health: 200 when the store answers, else 503."""
    intake: Intake = request.app.state.intake
    if await run_in_threadpool(store.reachable, intake.engine):
        return no_store_json({"status": "ok", "store": "reachable"})
    return no_store_json({"status": "error", "store": "unreachable"}, 503)


async def not_found(request: Request, _error: Exception) -> Response:
    """404 in the reader's language."""
    lang = request_language(request)
    return request.app.state.intake.message(lang, 404, request.app.state.intake.texts[lang]["error_404"])


async def not_allowed(request: Request, _error: Exception) -> Response:
    """405 in the reader's language."""
    lang = request_language(request)
    return request.app.state.intake.message(lang, 405, request.app.state.intake.texts[lang]["error_405"])


async def server_error(request: Request, error: Exception) -> Response:
    """A bug: logged with its traceback, the reader gets a short page without details."""
    logger.error("unhandled %s on %s %s", type(error).__name__, request.method, request.url.path, exc_info=error)
    try:
        lang = request_language(request)
        return request.app.state.intake.message(lang, 500, request.app.state.intake.texts[lang]["error_500"])
    except Exception:  # the page itself failed: answer plainly
        return plain_error(500)


def create_app(settings: Settings, *, migrate: bool = True):
    """The ASGI app: migrations applied, background worker started with the server; the routes
    of every form kind of the registry (``kinds.py``)."""
    engine = store.make_engine(settings.database_url)
    if migrate:
        store.upgrade(engine)
    kinds = registry()
    intake = Intake.build(settings, engine, kinds)
    if not settings.moderators:
        logger.warning("INTAKE_MODERATORS is empty: nobody is mailed about new comments")
    if not settings.office:
        logger.warning("INTAKE_OFFICE is empty: nobody is mailed about new registrations and contact messages")

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        stop = asyncio.Event()
        intake.wake = asyncio.Event()
        if engine.dialect.name == "sqlite":
            intake.group_commit = store.GroupCommit(engine)
        await run_in_threadpool(intake.look.refresh)  # the site's look before the first page
        task = asyncio.create_task(worker.run(intake, stop))
        try:
            yield
        finally:
            stop.set()
            await task
            if intake.group_commit is not None:
                intake.group_commit.close()
            engine.dispose()

    app = Starlette(
        routes=[
            Route("/health", health, methods=["GET"]),
            *(route for kind in kinds for route in kind.routes),
            *notices.routes,
            *office.routes,
        ],
        exception_handlers={404: not_found, 405: not_allowed, Exception: server_error},
        lifespan=lifespan,
    )
    app.state.intake = intake
    return OuterMiddleware(app, hsts=settings.public_url.startswith("https://"), intake=intake)


__all__ = ["create_app", "privacy"]
