"""Which pairs of schema roots a diff need not decode, told by their digests (`ir/digest.py`)."""

from __future__ import annotations

from generator.ir.model import Api


class Skips:
    """The digests of both versions' roots, and the named schemas both versions have."""

    __slots__ = ("_named", "_new_deep", "_new_flat", "_old_deep", "_old_flat", "_targets")

    def __init__(self, old: Api, new: Api) -> None:
        self._old_deep, self._new_deep = old.nodes.digests(), new.nodes.digests()
        self._old_flat, self._new_flat = old.nodes.flat_digests(), new.nodes.flat_digests()
        self._targets = old.nodes.references()
        # named schemas at one node id in both versions: `diff_apis` compares each on its own
        self._named = {i for n, i in old.schemas.items() if new.schemas.get(n) == i}

    def same(self, oid: str, nid: str) -> bool:
        """Whether the roots at these ids hold the same graph (nothing to find, nor decode)."""
        if oid != nid:
            return False
        digest = self._old_deep.get(oid)
        return digest is not None and digest == self._new_deep.get(nid)

    def only_references(self, oid: str, nid: str) -> bool:
        """Whether comparing the roots at these ids could find nothing but what comparing
        the named schemas they refer to finds: the same own content and `allOf` parts, and
        every `$ref` in them to a named schema (compared on its own, so not decoded here)."""
        if oid != nid:
            return False
        digest = self._old_flat.get(oid)
        if digest is None or digest != self._new_flat.get(nid):
            return False
        named = self._named
        return all(target in named for target in self._targets.get(oid, ()))
