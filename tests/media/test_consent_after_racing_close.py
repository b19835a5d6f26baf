"""A close() that races the last step of aioice's connect() leaves no consent-check task behind
(media/aiortc_patch.py)."""

import asyncio

import aioice
import aioice.ice

import media.aiortc_patch  # noqa: F401  (installs the fix)


class CloseWhenChecksComplete(asyncio.Queue[int]):
    """aioice's check-list queue, starting ``close()`` the moment the checks complete, so that
    close runs before ``connect()`` resumes to read the result."""

    def __init__(self, connection: aioice.Connection) -> None:
        super().__init__()
        self.connection = connection
        self.closing: asyncio.Future[None] | None = None

    def put_nowait(self, item: int) -> None:
        if item == aioice.ice.ICE_COMPLETED and self.closing is None:
            self.closing = asyncio.ensure_future(self.connection.close())
        super().put_nowait(item)


async def pair() -> tuple[aioice.Connection, aioice.Connection]:
    a = aioice.Connection(ice_controlling=True)
    b = aioice.Connection(ice_controlling=False)
    await asyncio.gather(a.gather_candidates(), b.gather_candidates())
    for local, remote in ((a, b), (b, a)):
        for candidate in remote.local_candidates:
            await local.add_remote_candidate(candidate)
        await local.add_remote_candidate(None)
        local.remote_username = remote.local_username
        local.remote_password = remote.local_password
    return a, b


async def test_close_during_connect_stops_consent_checks():
    a, b = await pair()
    racing = CloseWhenChecksComplete(a)
    a._check_list_state = racing
    async with asyncio.timeout(10):
        await asyncio.gather(a.connect(), b.connect())
        assert racing.closing is not None
        await racing.closing
    await b.close()

    consent = a._query_consent_task
    assert consent is None or consent.cancelled()
