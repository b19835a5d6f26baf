"""schemathesis fuzzes every operation of /schema/openapi.json as each role: no server error."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

ROLES = (None, "FREE", "PRIME", "MODEL", "MODERATOR", "ADMIN")
ST = Path(sys.executable).with_name("st")


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "ANONYMOUS")
async def test_no_operation_answers_with_a_server_error(base_url: str, login, role: str | None,
                                                        tmp_path: Path) -> None:
    headers = await login(role) if role else {}
    command = [str(ST), "run", f"{base_url}/schema/openapi.json", "--checks", "not_a_server_error",
               "--phases", "examples,fuzzing", "--max-examples", "12", "--seed", "7", "--no-shrink",
               "--workers", "1", "--report-dir", str(tmp_path)]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE,
                                                   stderr=asyncio.subprocess.STDOUT)
    output, _ = await process.communicate()
    assert process.returncode == 0, output.decode()[-4000:]
