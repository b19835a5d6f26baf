import re

import pytest

from media.ice import IceServer, IceSettings
from tests.media.peers import publish


def test_settings_from_the_environment():
    settings = IceSettings.from_env(
        {
            "ICE_HOST_ADDRESSES": "127.0.0.1, ::1",
            "ICE_SERVERS": "stun:stun.example.org:3478,turn:turn.example.org",
        }
    )
    assert settings.host_addresses == ["127.0.0.1", "::1"]
    assert [s.urls for s in settings.servers] == [
        "stun:stun.example.org:3478",
        "turn:turn.example.org",
    ]


def test_ice_servers_as_json_carry_credentials():
    settings = IceSettings.from_env(
        {"ICE_SERVERS": '[{"urls": ["turn:t.example.org"], "username": "u", "credential": "c"}]'}
    )
    assert settings.servers == [
        IceServer(urls=["turn:t.example.org"], username="u", credential="c")
    ]
    assert settings.rtc_configuration().iceServers[0].credential == "c"


def test_ice_servers_are_offered_to_clients_as_link_headers():
    settings = IceSettings(
        servers=[
            IceServer(urls="stun:s.example.org"),
            IceServer(urls=["turn:t.example.org"], username="u", credential="c"),
        ]
    )
    assert settings.link_header() == (
        '<stun:s.example.org>; rel="ice-server", <turn:t.example.org>; rel="ice-server"'
        '; username="u"; credential="c"; credential-type="password"'
    )


def test_no_settings_means_no_stun_fallback():
    settings = IceSettings.from_env({})
    assert settings.host_addresses is None
    assert settings.rtc_configuration().iceServers == []
    assert settings.link_header() is None


def test_a_host_address_must_be_an_ip():
    with pytest.raises(ValueError):
        IceSettings.from_env({"ICE_HOST_ADDRESSES": "eth0"})


def candidates(sdp: str) -> set[tuple[str, str]]:
    return set(re.findall(r"a=candidate:\S+ \d+ \S+ \d+ (\S+) \d+ typ (\S+)", sdp))


async def test_offer_and_answer_carry_only_the_configured_address(client, peers):
    publisher = peers()
    response = await publish(client, "live:10", (10, "MODEL"), publisher)
    assert candidates(response.text) == {("127.0.0.1", "host")}
    assert candidates(publisher.localDescription.sdp) == {("127.0.0.1", "host")}
