"""Offer parsing and codec pinning: a publisher is held to one codec per kind, chosen in
its own order of preference among VP8/H.264 and Opus, and viewers get exactly that one."""

from aiortc import RTCRtpSender
from aiortc.rtcpeerconnection import is_codec_compatible
from aiortc.rtcrtpparameters import RTCRtpCodecCapability
from aiortc.sdp import MediaDescription, SessionDescription

from media.errors import MediaProblem

MEDIA_KINDS = ("audio", "video")
FORWARDED_MIME_TYPES = {"audio": ("audio/opus",), "video": ("video/vp8", "video/h264")}


def parse_offer(sdp: str) -> list[MediaDescription]:
    """The offer's audio and video sections, at most one of each kind."""
    try:
        description = SessionDescription.parse(sdp)
    except (ValueError, IndexError, KeyError) as exc:
        raise MediaProblem(400, f"the SDP offer cannot be parsed: {exc}") from exc
    media = [m for m in description.media if m.kind in MEDIA_KINDS]
    if not media:
        raise MediaProblem(400, "the SDP offer has no audio or video section")
    kinds = [m.kind for m in media]
    if len(set(kinds)) != len(kinds):
        raise MediaProblem(400, "the SDP offer has more than one section of a kind")
    return media


def offered_codec(media: MediaDescription) -> RTCRtpCodecCapability:
    """The first codec of the offer's section that the relay forwards."""
    capabilities = RTCRtpSender.getCapabilities(media.kind).codecs
    for codec in media.rtp.codecs:
        if codec.mimeType.lower() not in FORWARDED_MIME_TYPES[media.kind]:
            continue
        for capability in capabilities:
            if is_codec_compatible(capability, codec):  # type: ignore[arg-type]
                return capability
    names = ", ".join(FORWARDED_MIME_TYPES[media.kind])
    raise MediaProblem(400, f"the SDP offer's {media.kind} has none of the codecs {names}")


def require_codec(media: MediaDescription, codec: RTCRtpCodecCapability) -> None:
    """A viewer must accept the codec the publisher sends: nothing is transcoded."""
    if not any(is_codec_compatible(codec, offered) for offered in media.rtp.codecs):  # type: ignore[arg-type]
        raise MediaProblem(
            400, f"the SDP offer's {media.kind} lacks {codec.mimeType}, which the room sends"
        )


def pinned_preferences(codec: RTCRtpCodecCapability) -> list[RTCRtpCodecCapability]:
    """``codec`` alone, with its retransmission codec for video."""
    rtx = [
        c
        for c in RTCRtpSender.getCapabilities(codec.mimeType.split("/")[0]).codecs
        if c.mimeType.lower().endswith("/rtx")
    ]
    return [codec, *rtx]
