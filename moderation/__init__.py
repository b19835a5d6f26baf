"""Chat moderation: an offline 8-category classifier, a policy and a batching service."""

from moderation.categories import CATEGORIES
from moderation.classifier import ModerationClassifier, load_classifier

__all__ = ["CATEGORIES", "ModerationClassifier", "load_classifier"]
