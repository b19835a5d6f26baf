"""The moderation interface chat calls inline, before fan-out.

The app hands a `ChatModerator` to `realtime.runtime.Realtime` (app/violations/runtime.py's
`ChatModeration`, the classifier); without one the gateway uses `WordListModerator`, a
deliberately tiny policy that the app's moderator also answers with until the classifier loads."""

from __future__ import annotations

import re
from typing import Protocol

from moderation.policy import Verdict


class ChatModerator(Protocol):
    async def check(self, text: str) -> Verdict:
        """May raise: the gateway then refuses the message (fails closed)."""
        ...


# Category codes of moderation/categories.py: S, H, V, HR, SH, S3, H2, V2.
_BLOCK = {"kill yourself": "SH", "i will kill you": "V", "nazi scum": "H2"}
_FLAG = {"idiot": "HR", "stupid": "HR", "hate you": "HR"}


class WordListModerator:
    """Placeholder policy: a few phrases block, a few flag; everything else is allowed."""

    version = "wordlist-1"

    async def check(self, text: str) -> Verdict:
        lowered = re.sub(r"\s+", " ", text.lower())
        for action, table in (("block", _BLOCK), ("flag", _FLAG)):
            hits = sorted({code for phrase, code in table.items() if phrase in lowered})
            if hits:
                return Verdict(action=action,  # type: ignore[arg-type]
                               categories=hits, scores={c: 1.0 for c in hits},
                               classifier_version=self.version)
        return Verdict(action="allow", classifier_version=self.version)
