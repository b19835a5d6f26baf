"""ICE settings: the addresses the server gathers host candidates on, STUN/TURN servers.

``ICE_HOST_ADDRESSES`` (comma-separated IPs) replaces aioice's own discovery of local
addresses, which leaves loopback out. ``ICE_SERVERS`` is either JSON (a list of
``{"urls": ..., "username": ..., "credential": ...}``) or comma-separated URLs such as
``stun:stun.example.org:3478,turn:turn.example.org:3478``. Without it the server offers
host candidates only (aiortc would otherwise fall back to a public Google STUN server).
"""

import ipaddress
import os
from collections.abc import Mapping

import aioice.ice
import msgspec
from aiortc import RTCConfiguration, RTCIceServer


class IceServer(msgspec.Struct, frozen=True):
    urls: str | list[str]
    username: str | None = None
    credential: str | None = None


class IceSettings(msgspec.Struct, frozen=True):
    host_addresses: list[str] | None = None
    servers: list[IceServer] = []

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "IceSettings":
        return cls(
            host_addresses=parse_host_addresses(environ.get("ICE_HOST_ADDRESSES", "")),
            servers=parse_ice_servers(environ.get("ICE_SERVERS", "")),
        )

    def rtc_configuration(self) -> RTCConfiguration:
        return RTCConfiguration(
            iceServers=[
                RTCIceServer(urls=s.urls, username=s.username, credential=s.credential)
                for s in self.servers
            ]
        )

    def link_header(self) -> str | None:
        """The servers as RFC 9725 ``Link: <url>; rel="ice-server"`` values, for clients."""
        links = []
        for server in self.servers:
            urls = [server.urls] if isinstance(server.urls, str) else server.urls
            params = ""
            if server.username is not None and server.credential is not None:
                params = (
                    f'; username="{server.username}"; credential="{server.credential}"'
                    '; credential-type="password"'
                )
            links += [f'<{url}>; rel="ice-server"{params}' for url in urls]
        return ", ".join(links) or None


def parse_host_addresses(value: str) -> list[str] | None:
    addresses = [item.strip() for item in value.split(",") if item.strip()]
    for address in addresses:
        ipaddress.ip_address(address)
    return addresses or None


def parse_ice_servers(value: str) -> list[IceServer]:
    value = value.strip()
    if not value:
        return []
    if value.startswith("["):
        return msgspec.json.decode(value, type=list[IceServer])
    return [IceServer(urls=url.strip()) for url in value.split(",") if url.strip()]


def apply_host_addresses(settings: IceSettings) -> None:
    """Make aioice gather on exactly ``settings.host_addresses`` (process-wide)."""
    if settings.host_addresses is None:
        return
    configured = list(settings.host_addresses)

    def get_host_addresses(use_ipv4: bool, use_ipv6: bool) -> list[str]:
        return [
            address
            for address in configured
            if (use_ipv4 and ipaddress.ip_address(address).version == 4)
            or (use_ipv6 and ipaddress.ip_address(address).version == 6)
        ]

    aioice.ice.get_host_addresses = get_host_addresses
