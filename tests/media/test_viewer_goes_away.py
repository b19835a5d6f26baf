from tests.media.peers import decoded_frames, play, publish

MODEL = (10, "MODEL")


async def test_a_viewer_that_closes_without_delete_is_counted_out(client, peers, registry, events):
    assert (await publish(client, "live:10", MODEL, peers())).status_code == 201
    viewer = peers()
    _, track = await play(client, "live:10", (20, "PRIME"), viewer)
    await decoded_frames(track, 3)

    await viewer.close()
    await events.wait_for("viewer_left")
    assert [kind for _, kind, _ in events].count("viewer_left") == 1
    assert [len(state.viewers) for state in registry.rooms().values()] == [0]
