"""Inside a loopback-only namespace: a model's fake webcam plays in the studio preview, going
live reports its outcome, and the browser's WebRTC offers no address but loopback."""

from __future__ import annotations


async def test_model_camera_preview_in_loopback_namespace(run_scenario):
    report = await run_scenario("camera_preview")
    assert report["frames"] >= 15
    assert report["outcome"]  # the WHIP publish's outcome, shown in the studio card
    assert report["camera_off_button"] == [False, True]  # hidden, then shown: [hidden] is honoured
    assert set(report["addresses"]) <= {"127.0.0.1", "::1"}, report["addresses"]
