"""The OpenAI moderation taxonomy (Markov et al. 2023) and the text normalisation shared by
training and inference."""

from __future__ import annotations

import html
import re

CATEGORIES: tuple[str, ...] = ("S", "H", "V", "HR", "SH", "S3", "H2", "V2")

CATEGORY_NAMES: dict[str, str] = {
    "S": "sexual",
    "H": "hate",
    "V": "violence",
    "HR": "harassment",
    "SH": "self-harm",
    "S3": "sexual/minors",
    "H2": "hate/threatening",
    "V2": "violence/graphic",
}

# Zero-shot prompts: cosine similarity to these is a feature of every head. "MINORS" is the
# references-to-minors detector that S3 is composed from.
DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "S": (
        "sexual content meant to arouse",
        "explicit sex talk and nudity",
        "a request for sex or nude photos",
    ),
    "H": (
        "hate speech against a race, religion, gender or sexuality",
        "slurs and contempt for a protected group",
    ),
    "V": (
        "a threat to hurt or kill someone",
        "inciting or praising violence",
    ),
    "HR": (
        "insulting and bullying a person",
        "harassing someone with abuse and insults",
        "personal insults and mockery aimed at the person you are talking to",
    ),
    "SH": (
        "I want to kill myself",
        "suicide and self-harm, cutting myself",
        "I don't want to live anymore",
    ),
    "H2": (
        "calls for violence against a group of people",
        "they should all be killed because of who they are",
    ),
    "V2": (
        "graphic description of gore and bloody injuries",
        "a mutilated body with blood and exposed bones",
    ),
    "MINORS": (
        "a child or a young teenager",
        "a kid in middle school",
    ),
}

_MENTION = re.compile(r"@\w+")
_URL = re.compile(r"https?://\S+|\bwww\.\S+|\bURL\b")
_RETWEET = re.compile(r"^\s*(RT\s*:?\s*)+")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Unescape HTML and drop mentions, links and retweet markers: they say which dataset a
    row came from, not whether it is abusive."""
    text = html.unescape(text)
    text = _URL.sub(" ", _MENTION.sub(" ", text))
    text = _RETWEET.sub("", _SPACES.sub(" ", text).strip())
    return text.strip(" :")
