"""Two processes starting at once on an empty model cache (`WORKERS=2` on a fresh machine) both get
the int8 encoder: they take turns building it instead of clobbering each other's scratch files."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from pathlib import Path

from moderation.encoder import encoder_dir, ensure_onnx, onnx_path

BUILD = "from moderation.encoder import encoder_dir, ensure_onnx; print(ensure_onnx('int8', encoder_dir()))"


async def test_two_processes_build_the_int8_encoder_together(tmp_path: Path) -> None:
    fp32 = ensure_onnx("fp32", encoder_dir())
    shutil.copy(fp32, tmp_path / fp32.name)  # the slow torch export is not what is raced here
    env = {**os.environ, "PNP_MODEL_CACHE": str(tmp_path), "PYTHONPATH": str(Path(__file__).parents[2])}
    processes = [await asyncio.create_subprocess_exec(
        sys.executable, "-c", BUILD, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        for _ in range(2)]
    results = [await p.communicate() for p in processes]
    for process, (out, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err.decode()[-2000:]
        assert Path(out.decode().strip()).name == onnx_path("int8").name
    assert sorted(p.name for p in os.scandir(tmp_path)) == sorted(
        [fp32.name, onnx_path("int8").name, "build.lock"])
