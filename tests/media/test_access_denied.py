import pytest

from tests.media.peers import SDP_HEADERS, play, publish
from tests.media.policy import PRIME_SHOW_MODEL_ID, user_header


def assert_problem(response, status):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= body.keys()


async def test_a_stranger_cannot_watch(client, peers):
    response, _ = await play(client, "live:10", None, peers())
    assert_problem(response, 401)


async def test_a_free_user_cannot_watch_a_prime_show(client, peers):
    model = (PRIME_SHOW_MODEL_ID, "MODEL")
    assert (await publish(client, f"live:{PRIME_SHOW_MODEL_ID}", model, peers())).status_code == 201
    response, _ = await play(client, f"live:{PRIME_SHOW_MODEL_ID}", (30, "FREE"), peers())
    assert_problem(response, 403)


async def test_only_the_model_goes_live_in_her_room(client, peers):
    assert_problem(await publish(client, "live:10", (11, "MODEL"), peers()), 403)


async def test_a_client_outside_the_booking_window_is_refused(client, peers):
    assert_problem(await publish(client, "call:2", (21, "PRIME"), peers()), 403)


async def test_someone_else_cannot_join_a_call(client, peers):
    assert_problem(await publish(client, "call:1", (22, "PRIME"), peers()), 403)


async def test_an_unknown_booking_is_not_found(client, peers):
    assert_problem(await publish(client, "call:404", (20, "PRIME"), peers()), 404)


@pytest.mark.parametrize(("room", "status"), [("lobby", 400), ("live:0", 400), ("show:3", 404)])
async def test_bad_room_names(client, room, status):
    response = await client.post(f"/whep/{room}", content="v=0", headers=SDP_HEADERS)
    assert_problem(response, status)


async def test_an_offer_that_is_not_sdp_is_refused(client):
    response = await client.post(
        "/whep/live:10",
        content="{}",
        headers={"content-type": "application/json"} | user_header(20, "PRIME"),
    )
    assert_problem(response, 415)


async def test_an_oversized_offer_is_refused(client):
    headers = SDP_HEADERS | user_header(10, "MODEL")
    response = await client.post("/whip/live:10", content="v=0\r\n" * 20000, headers=headers)
    assert response.status_code == 413


async def test_a_broken_offer_is_a_bad_request(client):
    headers = SDP_HEADERS | user_header(10, "MODEL")
    response = await client.post("/whip/live:10", content="not an offer", headers=headers)
    assert_problem(response, 400)
