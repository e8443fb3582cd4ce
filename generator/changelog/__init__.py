"""Stage 4: ApiDiff -> Changelog, judged and worded (the kind registry lives here)."""
