"""Stage 3: Api, Api -> ApiDiff, the neutral structural diff (no judgement, no wording)."""

from __future__ import annotations

from generator.diff.api import diff_apis
from generator.diff.model import Action, ApiDiff, Aspect, Change, Evidence, Subject

__all__ = ["Action", "ApiDiff", "Aspect", "Change", "Evidence", "Subject", "diff_apis"]
