from tests.media.peers import decoded_frames, play, publish

MODEL = (10, "MODEL")


async def test_a_publisher_that_closes_without_delete_ends_its_session(
    client, peers, registry, events
):
    publisher = peers()
    assert (await publish(client, "live:10", MODEL, publisher)).status_code == 201
    _, track = await play(client, "live:10", (20, "PRIME"), peers())
    await decoded_frames(track, 3)

    await publisher.close()
    await events.wait_for("room_closed")
    assert registry.rooms() == {}
    assert (await publish(client, "live:10", MODEL, peers())).status_code == 201
