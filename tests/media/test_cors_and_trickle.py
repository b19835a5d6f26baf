from tests.media.peers import publish
from tests.media.policy import user_header


async def test_options_advertises_sdp_and_cors(client):
    response = await client.options("/whip/live:10")
    assert response.status_code == 204
    assert response.headers["accept-post"] == "application/sdp"
    assert response.headers["access-control-allow-origin"] == "*"
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "Authorization" in response.headers["access-control-allow-headers"]


async def test_created_responses_expose_location_to_browsers(client, peers):
    response = await publish(client, "live:10", (10, "MODEL"), peers())
    assert response.headers["access-control-allow-origin"] == "*"
    assert "Location" in response.headers["access-control-expose-headers"]


async def test_trickle_ice_is_not_supported(client, peers):
    location = (await publish(client, "live:10", (10, "MODEL"), peers())).headers["location"]
    response = await client.patch(
        location,
        content="a=candidate:1 1 udp 1 127.0.0.1 9 typ host",
        headers={"content-type": "application/trickle-ice-sdpfrag"} | user_header(10, "MODEL"),
    )
    assert response.status_code == 405
    assert "DELETE" in response.headers["allow"]
