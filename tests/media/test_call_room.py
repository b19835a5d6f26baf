from tests.media.peers import decoded_frames, play, publish

MODEL = (10, "MODEL")
CLIENT = (20, "PRIME")


async def test_model_and_client_each_publish_and_see_the_other(client, peers, registry):
    model_pc, client_pc = peers(), peers()
    assert (await publish(client, "call:1", MODEL, model_pc)).status_code == 201
    assert (await publish(client, "call:1", CLIENT, client_pc)).status_code == 201

    model_view, model_track = await play(client, "call:1", MODEL, peers())
    client_view, client_track = await play(client, "call:1", CLIENT, peers())
    assert model_view.status_code == client_view.status_code == 201

    model_session = registry.session(model_view.headers["location"].rsplit("/", 1)[1])
    client_session = registry.session(client_view.headers["location"].rsplit("/", 1)[1])
    publishers = registry.rooms()[model_session.room].publishers
    assert publishers[model_session.publisher_id].participant.user_id == CLIENT[0]
    assert publishers[client_session.publisher_id].participant.user_id == MODEL[0]

    assert len(await decoded_frames(model_track, 5)) == 5
    assert len(await decoded_frames(client_track, 5)) == 5


async def test_the_same_person_cannot_publish_twice_in_a_call(client, peers):
    assert (await publish(client, "call:1", MODEL, peers())).status_code == 201
    assert (await publish(client, "call:1", MODEL, peers())).status_code == 409


async def test_nobody_to_watch_yet_is_not_found(client, peers):
    assert (await publish(client, "call:1", MODEL, peers())).status_code == 201
    response, _ = await play(client, "call:1", MODEL, peers())
    assert response.status_code == 404
