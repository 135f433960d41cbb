"""Who is signed in: the session id in the signed cookie, checked on the server every
request (``services.scheduler.sessions``), and safe redirects."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode, urlsplit

from flask import current_app, g, redirect, request, session
from flask.typing import ResponseReturnValue

from services.scheduler import sessions
from services.scheduler.bootstrap import Container
from services.scheduler.sessions import Ended
from services.scheduler.store.staff import StaffUser

F = TypeVar("F", bound=Callable[..., Any])
#: the only thing the cookie holds once signed in: a random id whose hash is on the server
SESSION_ID = "sid"


def container() -> Container:
    return cast(Container, current_app.extensions["cspr"])


def current_staff() -> StaffUser | None:
    """The signed-in staff member, once per request; None once the session has ended."""
    if "staff" in g:
        return cast("StaffUser | None", g.staff)
    g.staff = None
    token = session.get(SESSION_ID)
    if not isinstance(token, str):
        return None
    resumed = sessions.resume(container(), token, remote_addr=request.remote_addr)
    if resumed.user is None:
        session.clear()
        g.session_ended = resumed.ended
        return None
    g.staff = resumed.user
    return resumed.user


def start_session(user: StaffUser) -> None:
    # a new id on sign-in, and nothing from before sign-in survives (session fixation)
    previous = session.get(SESSION_ID)
    session.clear()
    token = sessions.begin(
        container(), user, replacing=previous if isinstance(previous, str) else None
    )
    session[SESSION_ID] = token
    g.staff = user


def end_session() -> None:
    token = session.get(SESSION_ID)
    if isinstance(token, str):
        sessions.end(container(), token, Ended.SIGNED_OUT)
    session.clear()
    g.staff = None


def safe_next(target: str | None, default: str = "/cases") -> str:
    """Only a path on this site: never another host, scheme or protocol-relative URL."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(ch) < 32 for ch in target):
        return default
    return target


def sign_in_url() -> str:
    here = request.full_path if request.query_string else request.path
    query = {"next": here}
    ended = g.get("session_ended")
    if ended == Ended.IDLE:
        query["expired"] = "1"
    elif ended == Ended.MAX_AGE:
        query["expired"] = "max"
    return "/sign-in?" + urlencode(query)


def staff_required(view: F) -> F:
    """Sign-in first. Which roles may use a view is declared in ``web/access.py``, and
    checked for every request before any view runs; this only keeps views readable."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if current_staff() is None:
            return redirect(sign_in_url())
        return cast(ResponseReturnValue, view(*args, **kwargs))

    return cast(F, wrapper)
