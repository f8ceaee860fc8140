"""What provisioning did to each resource, printed as it goes: created / changed / unchanged.

In a dry run the same decisions are printed as "would create" / "would change" and nothing is written.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TextIO

DRY_RUN_VERBS = {"created": "would create", "changed": "would change", "unchanged": "unchanged"}


@dataclass
class Report:
    dry_run: bool = False
    out: TextIO = field(default_factory=lambda: sys.stdout)
    lines: list[tuple[str, str, str]] = field(default_factory=list)

    def _add(self, action: str, kind: str, name: str, detail: str) -> None:
        self.lines.append((action, kind, name))
        verb = DRY_RUN_VERBS[action] if self.dry_run else action
        suffix = f" ({detail})" if detail else ""
        print(f"  {verb:<14} {kind} {name}{suffix}", file=self.out)

    def created(self, kind: str, name: str, detail: str = "") -> None:
        self._add("created", kind, name, detail)

    def changed(self, kind: str, name: str, detail: str = "") -> None:
        self._add("changed", kind, name, detail)

    def unchanged(self, kind: str, name: str, detail: str = "") -> None:
        self._add("unchanged", kind, name, detail)

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line[0] == action)
