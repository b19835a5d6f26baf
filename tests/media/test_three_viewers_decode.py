from tests.media.peers import decoded_frames, play, publish

MODEL = (10, "MODEL")


async def test_three_viewers_decode_the_publisher(client, registry, peers):
    published = await publish(client, "live:10", MODEL, peers())
    assert published.status_code == 201, published.text
    assert published.headers["content-type"].startswith("application/sdp")
    assert published.headers["location"].startswith("/whip/live:10/")
    assert published.headers["etag"]

    tracks = []
    for viewer_id in (20, 21, 22):
        response, track = await play(client, "live:10", (viewer_id, "PRIME"), peers())
        assert response.status_code == 201, response.text
        assert response.headers["location"].startswith("/whep/live:10/")
        tracks.append(track)

    for track in tracks:
        frames = await decoded_frames(track, 15)
        assert {(f.width, f.height) for f in frames} == {(320, 240)}
        assert [f.pts for f in frames] == sorted(f.pts for f in frames)


async def test_the_model_may_watch_her_own_show(client, registry, peers):
    assert (await publish(client, "live:10", MODEL, peers())).status_code == 201
    response, track = await play(client, "live:10", MODEL, peers())
    assert response.status_code == 201
    assert len(await decoded_frames(track, 3)) == 3
