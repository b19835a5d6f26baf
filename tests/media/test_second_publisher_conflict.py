from tests.media.peers import publish

MODEL = (10, "MODEL")


async def test_a_live_room_takes_one_publisher(client, peers, registry):
    assert (await publish(client, "live:10", MODEL, peers())).status_code == 201
    second = await publish(client, "live:10", MODEL, peers())
    assert second.status_code == 409
    assert second.headers["content-type"].startswith("application/problem+json")
    assert len(registry.rooms()) == 1
