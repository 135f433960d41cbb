"""Who is signed in: the staff session, its inactivity timeout, and safe redirects."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode, urlsplit

from flask import current_app, g, redirect, request, session
from flask.typing import ResponseReturnValue

from services.scheduler.accounts import active_user
from services.scheduler.bootstrap import Container
from services.scheduler.store.staff import StaffUser

F = TypeVar("F", bound=Callable[..., Any])


def container() -> Container:
    return cast(Container, current_app.extensions["cspr"])


def current_staff() -> StaffUser | None:
    """The signed-in staff member, once per request; ends a session left idle too long."""
    if "staff" in g:
        return cast("StaffUser | None", g.staff)
    g.staff = None
    c = container()
    staff_id = session.get("staff_id")
    if staff_id is None:
        return None
    now = c.clock().timestamp()
    seen = float(session.get("seen", 0))
    if now - seen > c.session_idle_minutes * 60 or now < seen - 60:
        session.clear()
        g.session_expired = True
        return None
    user = active_user(c, int(staff_id))
    if user is None:
        session.clear()
        return None
    session["seen"] = now
    g.staff = user
    return user


def start_session(user: StaffUser) -> None:
    # a fresh session on sign-in: nothing from before sign-in survives (session fixation)
    session.clear()
    session["staff_id"] = user.id
    session["seen"] = container().clock().timestamp()
    g.staff = user


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
    if g.get("session_expired"):
        query["expired"] = "1"
    return "/sign-in?" + urlencode(query)


def staff_required(view: F) -> F:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if current_staff() is None:
            return redirect(sign_in_url())
        return cast(ResponseReturnValue, view(*args, **kwargs))

    return cast(F, wrapper)
