"""Score an import against hand labels (``corpus/expected.json``, ``fixtures/*.expected.json``).

How a document is scored
------------------------
* A labelled assignment names an ``item`` (the number of the item its directive ref starts
  with, after any section: "II.6" → "6", "Điều 2.3.b" → "3", "KH.III.2.4" → "2") and a ``lead``.
* Candidates for a label are the drafted assignments whose directive has that item number and
  whose lead is that code. Labels and drafted assignments are paired one to one, choosing the
  pairing with the most pairs and, among those, the most right coordinators and deadlines.
* Lead: right when the label is paired. Coordinators: right when every code of
  ``coordinators_include`` is there and nothing outside ``coordinators_include`` +
  ``coordinators_allowed`` is (a label without ``coordinators_allowed`` — the sample's
  convention — only needs ``coordinators_include``). Deadline: right when ``due`` equals the
  label's (labels without a ``due`` key are not scored on it). Recurrence likewise.
* A drafted assignment that is not paired but sits in a directive where some other assignment
  is paired is an extra one: it counts as one wrong lead, one wrong coordinator list and one
  wrong deadline. An unpaired label counts wrong everywhere it is scored. The one exception is
  a proposal the draft itself puts to the reviewer: an assignment it marks as inherited from
  the list's addressees, in a directive flagged for review (the sample's labels expect these,
  see its "_about"); the table counts them apart ("proposed").
* An invented deadline is a paired assignment with a due date where the label has ``null``.
* Metadata: each key the label gives for the notice must be equal.
* Directive count: within the label's list of acceptable counts (or equal to it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ITEM_RE = re.compile(r"(\d+)(?:\(\d+\))?")


def item_number(ref: str) -> str:
    """The item number of a directive ref: the first plain number after any section part."""
    for part in ref.split("."):
        match = _ITEM_RE.fullmatch(part.strip())
        if match:
            return match.group(1)
    return ""


@dataclass
class Score:
    name: str
    leads: list[int] = field(default_factory=lambda: [0, 0])
    coordinators: list[int] = field(default_factory=lambda: [0, 0])
    deadlines: list[int] = field(default_factory=lambda: [0, 0])
    recurrences: list[int] = field(default_factory=lambda: [0, 0])
    metadata: list[int] = field(default_factory=lambda: [0, 0])
    invented: int = 0
    extras: int = 0
    proposed: int = 0
    directives: int = 0
    count_ok: bool = True
    refused: str = ""
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for key in ("leads", "coordinators", "deadlines", "recurrences", "metadata"):
            mine, theirs = getattr(self, key), getattr(other, key)
            mine[0] += theirs[0]
            mine[1] += theirs[1]
        self.invented += other.invented
        self.extras += other.extras
        self.proposed += other.proposed
        self.directives += other.directives
        self.count_ok = self.count_ok and other.count_ok
        self.refused = self.refused or other.refused


def _coordinators_ok(label: dict, got: list[str]) -> bool:
    include = set(label.get("coordinators_include", []))
    if not include <= set(got):
        return False
    if "coordinators_allowed" not in label:
        return True
    return set(got) <= include | set(label["coordinators_allowed"])


def _due(assignment) -> str | None:
    return assignment.due.isoformat() if assignment.due else None


def _pair_value(label: dict, assignment) -> int:
    value = int(_coordinators_ok(label, assignment.coordinators))
    if "due" in label:
        value += int(_due(assignment) == label["due"])
    return value


def _best_pairing(labels: list[dict], candidates: list[list[tuple[int, object]]]):
    """Exhaustive search (labels are few): most pairs, then highest total value."""
    best: tuple[tuple[int, int], list] = ((-1, -1), [])

    def search(i: int, used: frozenset, pairs: int, value: int, chosen: list) -> None:
        nonlocal best
        if i == len(labels):
            if (pairs, value) > best[0]:
                best = ((pairs, value), list(chosen))
            return
        remaining = len(labels) - i
        if (pairs + remaining, value + 2 * remaining) <= best[0]:
            return
        for key, assignment in candidates[i]:
            if key not in used:
                chosen.append((key, assignment))
                search(i + 1, used | {key}, pairs + 1, value + _pair_value(labels[i], assignment),
                       chosen)  # fmt: skip
                chosen.pop()
        chosen.append(None)
        search(i + 1, used, pairs, value, chosen)
        chosen.pop()

    search(0, frozenset(), 0, 0, [])
    return best[1]


def score_draft(name: str, draft, labels: dict) -> Score:
    score = Score(name)
    score.directives = len(draft.directives)
    wanted = labels.get("directive_count")
    if wanted is not None:
        allowed = wanted if isinstance(wanted, list) else [wanted]
        score.count_ok = score.directives in allowed
    for key, value in labels.get("notice", {}).items():
        got = getattr(draft.notice, key)
        got = got.isoformat() if hasattr(got, "isoformat") else got
        score.metadata[1] += 1
        if got == value:
            score.metadata[0] += 1
        else:
            score.misses.append(f"metadata {key}: {got!r} ≠ {value!r}")

    drafted = [
        ((d_index, a_index), directive, assignment)
        for d_index, directive in enumerate(draft.directives)
        for a_index, assignment in enumerate(directive.assignments)
    ]
    assignments = labels.get("assignments", [])
    candidates = [
        [
            (key, assignment)
            for key, directive, assignment in drafted
            if item_number(directive.ref) == label["item"] and assignment.lead == label["lead"]
        ]
        for label in assignments
    ]
    pairing = _best_pairing(assignments, candidates)
    paired = {pair[0] for pair in pairing if pair}
    paired_directives = {key[0] for key in paired}
    refs = {key: directive.ref for key, directive, _ in drafted}
    unpaired = [
        (key, directive, assignment)
        for key, directive, assignment in drafted
        if key[0] in paired_directives and key not in paired
    ]
    extras = [
        (key, assignment)
        for key, directive, assignment in unpaired
        if not (assignment.inherited and directive.needs_review)
    ]
    score.proposed = len(unpaired) - len(extras)
    score.extras = len(extras)
    for key, assignment in extras:
        score.misses.append(f"extra lead {assignment.lead} in {refs[key]}")

    for label, pair in zip(assignments, pairing, strict=True):
        where = f"item {label['item']} {label['lead']}"
        score.leads[1] += 1
        score.coordinators[1] += 1
        if "due" in label:
            score.deadlines[1] += 1
        if "recurrence" in label:
            score.recurrences[1] += 1
        if pair is None:
            score.misses.append(f"{where}: not found")
            continue
        key, assignment = pair
        where = f"{refs[key]} {label['lead']}"
        score.leads[0] += 1
        if _coordinators_ok(label, assignment.coordinators):
            score.coordinators[0] += 1
        else:
            score.misses.append(f"{where}: coordinators {assignment.coordinators}")
        if "due" in label:
            if _due(assignment) == label["due"]:
                score.deadlines[0] += 1
            else:
                score.misses.append(f"{where}: due {_due(assignment)} ≠ {label['due']}")
            if label["due"] is None and assignment.due is not None:
                score.invented += 1
        if "recurrence" in label and assignment.recurrence == label["recurrence"]:
            score.recurrences[0] += 1
        elif "recurrence" in label:
            score.misses.append(f"{where}: recurrence {assignment.recurrence}")
    for key in ("leads", "coordinators", "deadlines"):
        getattr(score, key)[1] += score.extras
    return score


def _ratio(pair: list[int]) -> str:
    right, total = pair
    if not total:
        return "—"
    return f"{right}/{total} {100 * right / total:.0f}%"


def table(scores: list[Score], total: Score) -> str:
    head = ("document", "leads", "coordinators", "deadlines", "invented", "recurrence",
            "metadata", "directives", "proposed")  # fmt: skip
    rows = [head]
    for s in [*scores, total]:
        directives = "refused" if s.refused else f"{s.directives}{'' if s.count_ok else ' (!)'}"
        rows.append(
            (
                s.name,
                _ratio(s.leads),
                _ratio(s.coordinators),
                _ratio(s.deadlines),
                str(s.invented),
                _ratio(s.recurrences),
                _ratio(s.metadata),
                directives,
                str(s.proposed),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.insert(len(lines) - 1, lines[1])
    return "\n".join(lines)


def fraction(pair: list[int]) -> float:
    return pair[0] / pair[1] if pair[1] else 1.0
