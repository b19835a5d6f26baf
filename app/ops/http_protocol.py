"""uvicorn's HTTP/1.1 protocol, writing each response's head and the first part of its body together.

uvicorn writes the status line and headers (`http.response.start`) and then the body
(`http.response.body`) as two socket writes, so the client is woken twice for one small JSON
answer; on this machine a loopback write costs more than the rest of a simple request's work
(decision 0102). Each request's cycle here sees a transport that holds its head until the body
follows, which Litestar sends in the same turn of the event loop; a head with no body in that turn
(a HEAD answer, a stream that starts later) goes out when the loop turns."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class _HeadWithBody(asyncio.Transport):
    """What a RequestResponseCycle calls: write, close, is_closing."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._transport, self._loop = transport, loop
        self._head: bytes | None = None
        self._first = True

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._head is not None:
            head, self._head = self._head, None
            self._transport.write(head + bytes(data))
        elif self._first and not bytes(data).startswith(b"HTTP/1.1 100 "):  # 100 Continue: not held
            self._head, self._first = bytes(data), False
            self._loop.call_soon(self.flush)
        else:
            self._transport.write(data)

    def flush(self) -> None:
        if self._head is not None:
            head, self._head = self._head, None
            self._transport.write(head)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)


class HeadWithBodyProtocol(HttpToolsProtocol):
    def on_headers_complete(self) -> None:
        before = self.cycle
        super().on_headers_complete()
        if self.cycle is not before:  # a new request (not an upgrade): its task has not run yet
            self.cycle.transport = _HeadWithBody(self.transport, self.loop)
