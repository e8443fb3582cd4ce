"""Preview <-> GA transitions of one pair: operations that became previews or were promoted."""

from __future__ import annotations

from generator.changelog.judge import Judged
from generator.changelog.model import Level, Reach, Side
from generator.changelog.part_rules import Lookup
from generator.diff.model import Action, Aspect, Change, Subject
from generator.diff.operations import label, match
from generator.diff.parts import pointer


def preview_transitions(look: Lookup) -> list[Judged]:
    """Operations that became previews, or were promoted from preview to GA."""
    out = []
    for section, old_ops, new_ops in (("paths", look.old.operations, look.new.operations),
                                      ("webhooks", look.old.webhooks, look.new.webhooks)):
        pairs, _, _ = match(old_ops, new_ops)
        for o, n, _ in pairs:
            was, now = look.is_preview(o, look.old), look.is_preview(n, look.new)
            if was == now:
                continue
            change = Change(
                action=Action.CHANGED, subject=Subject.OPERATION, name=label(n),
                aspect=Aspect.PREVIEW, old=was, new=now,
                old_at=pointer(section, o.path, o.method.value),
                new_at=pointer(section, n.path, n.method.value),
                old_operation=label(o), new_operation=label(n),
            )
            kind = "endpoint-became-preview" if now else "endpoint-promoted-to-ga"
            level = Level.WARNING if now else Level.INFO
            out.append(Judged(change, kind, level, label(n), {"name": label(n)},
                              (Reach(operation=label(n), operation_id=n.operation_id,
                                     side=Side.NONE),)))
    return out
