"""unoserver's XML-RPC interface as the pool calls it: ``convert`` and ``info()``, each on a
socket with a timeout, tried once."""

from __future__ import annotations

import http.client
import xmlrpc.client
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from services.documents.ports import ConversionError

#: unoserver's ``update_index`` (UnoClient sends True): refresh the document twice and update
#: its tables of contents and indexes before the export. Our templates have none (their PAGE
#: fields are filled by the layout anyway: same text either way), and it costs 5-15 % of a
#: conversion (bench/conversion_profile.py). A template with a table of contents needs True.
UPDATE_INDEXES = False


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


class TimeoutTransport(xmlrpc.client.Transport):
    """XML-RPC over HTTP whose socket gives up after ``timeout`` seconds without a byte."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host: Any) -> http.client.HTTPConnection:
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection

    def request(
        self, host: Any, handler: str, request_body: Any, verbose: bool = False
    ) -> tuple[Any, ...]:
        # One try. xmlrpc.client sends again, to the same server, when the connection was
        # reset (a kept-alive connection gone cold); ours is new each time, so a reset means
        # the server died, and the pool sends the document to another instead.
        return self.single_request(host, handler, request_body, verbose)


class XmlRpcConvertClient:
    """unoserver's ``convert`` with the arguments ``UnoClient.convert`` sends a remote server
    (the document and the result as XML-RPC base64; ``update_index`` ours), without the
    ``info()`` call it makes first, on a socket that times out (hung: TimeoutError)."""

    def __init__(
        self, endpoint: Endpoint, timeout: float, update_index: bool = UPDATE_INDEXES
    ) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.update_index = update_index

    def transport(self) -> xmlrpc.client.Transport:
        return TimeoutTransport(self.timeout)

    def convert(
        self, *, indata: bytes, convert_to: str, filter_options: Sequence[str] = ()
    ) -> bytes | None:
        with xmlrpc.client.ServerProxy(
            f"http://{self.endpoint}", transport=self.transport(), allow_none=True
        ) as proxy:
            # inpath, indata, outpath, convert_to, filtername, filter_options, update_index,
            # infiltername, password
            result = proxy.convert(
                None,
                xmlrpc.client.Binary(indata),
                None,
                convert_to,
                None,
                list(filter_options),
                self.update_index,
                None,
                None,
            )
        if result is None:
            return None
        if not isinstance(result, xmlrpc.client.Binary):
            raise ConversionError(f"unoserver {self.endpoint} answered {type(result).__name__}")
        return result.data


def unoserver_info(host: str, port: int, timeout: float = 5.0) -> dict[str, Any]:
    """A server's ``info()`` answer, within ``timeout``. unoserver binds its port before
    LibreOffice is connected and serves nothing until it is, so only an answer here (not an
    open port) means the server can convert."""
    transport = TimeoutTransport(timeout)
    with xmlrpc.client.ServerProxy(
        f"http://{host}:{port}", transport=transport, allow_none=True
    ) as proxy:
        info = proxy.info()
    if not isinstance(info, dict) or "unoserver" not in info:
        raise ConversionError(f"unexpected info() answer from {host}:{port}")
    return info
