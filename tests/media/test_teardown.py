import asyncio
import threading

from tests.media.peers import decoded_frames, new_peer, play, publish
from tests.media.policy import user_header

MODEL = (10, "MODEL")
MEDIA_CODE = ("aiortc", "aioice", "/media/")


def _media_task(task: asyncio.Task) -> bool:
    """Tasks of the relay or its WebRTC stack; other suites' background loops on this shared
    event loop are not this test's business."""
    code = getattr(task.get_coro(), "cr_code", None)
    return code is not None and any(part in code.co_filename for part in MEDIA_CODE)


async def test_ending_everything_leaves_no_task_thread_or_peer(client, registry):
    baseline = asyncio.all_tasks()
    client_peers = [new_peer() for _ in range(3)]
    published = await publish(client, "live:10", MODEL, client_peers[0])
    locations = [published.headers["location"]]
    for viewer_id, pc in zip((20, 21), client_peers[1:], strict=True):
        response, track = await play(client, "live:10", (viewer_id, "PRIME"), pc)
        await decoded_frames(track, 3)
        locations.append(response.headers["location"])
    server_peers = [registry.session(url.rsplit("/", 1)[1]).pc for url in locations]

    viewer_url = locations[1]
    assert (await client.delete(viewer_url, headers=user_header(20, "PRIME"))).status_code == 200
    await registry.close_room(registry.session(locations[0].rsplit("/", 1)[1]).room)
    for pc in client_peers:
        await pc.close()

    leftover = {t for t in asyncio.all_tasks() - baseline - {asyncio.current_task()} if _media_task(t)}
    if leftover:
        # Tasks close() cancelled end on their next turn of the loop; one still running is a leak.
        _, pending = await asyncio.wait(leftover, timeout=5)
        assert not pending, pending
    assert registry.rooms() == {}
    assert all(pc.connectionState == "closed" for pc in server_peers)
    assert not [t for t in threading.enumerate() if t.name.endswith("-decoder")]
