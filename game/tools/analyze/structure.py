"""What the story's links and effects say, before any playing: rejoining branches, forgotten choices, endings, must-see."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from game.core.model import Loc, Node, Story
from game.core.usage import ChapterUses, expression_reads

MUST_SEE = "must_see"  # the node tag for a scene every route to an ending should pass through


@dataclass
class ChoicePoint:
    node: str
    loc: Loc
    choices: int
    rejoin: int | None  # nodes until every branch has met again (0: the same target), None: they never meet
    meets_at: str | None
    differs: list[str] = field(default_factory=list)  # variables and visited nodes the branches leave different
    read_later: list[str] = field(default_factory=list)  # those of them something later reads

    @property
    def forgotten(self) -> bool:
        """The branches meet again and nothing later can tell which was taken."""
        return self.rejoin is not None and not self.read_later


@dataclass
class EndingDecision:
    ending: str
    title: str
    node: str
    loc: Loc
    decided_by: list[str]  # variables tested by the gates on the way that choose between endings


@dataclass
class SkippedMustSee:
    node: str
    loc: Loc
    route: list[str]  # node ids from the start to an ending, avoiding `node`
    ending: str


def _distances(story: Story, start: str, limit: int = 64) -> dict[str, int]:
    found = {start: 0}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if found[current] >= limit:
            continue
        for target in story.nodes[current].targets():
            if target in story.nodes and target not in found:
                found[target] = found[current] + 1
                queue.append(target)
    return found


def _branch_writes(story: Story, node: Node, index: int) -> dict[str, tuple[str, ...]]:
    """Each variable a branch sets, with how: the choice's own effects, then its target's on arrival."""
    choice = node.choices[index]
    effects = list(choice.effects)
    target = story.nodes.get(choice.target)
    if target is not None and target.id != node.id:
        effects += target.on_enter
    writes: dict[str, list[str]] = {}
    for effect in effects:
        writes.setdefault(effect.target, []).append(str(effect))
    return {name: tuple(parts) for name, parts in writes.items()}


def choice_points(story: Story, chapter_id: str, uses: ChapterUses) -> list[ChoicePoint]:
    points: list[ChoicePoint] = []
    for node_id in story.chapter(chapter_id).node_ids:
        node = story.nodes[node_id]
        if len(node.choices) < 2:
            continue
        targets = [choice.target for choice in node.choices if choice.target in story.nodes]
        if len(targets) < 2:
            continue
        distances = [_distances(story, target) for target in dict.fromkeys(targets)]
        common = set(distances[0]).intersection(*distances[1:])
        meets_at = min(common, key=lambda n: (max(d[n] for d in distances), n)) if common else None
        rejoin = max(d[meets_at] for d in distances) if meets_at else None
        writes = [_branch_writes(story, node, index) for index in range(len(node.choices))]
        names = sorted({name for branch in writes for name in branch})
        differs = [name for name in names if len({branch.get(name) for branch in writes}) > 1]
        read_later = [name for name in differs
                      if any(uses.read_after(name, target) for target in targets)]
        if len(set(targets)) > 1:
            visited = sorted(set(targets) & uses.node_reads)
            differs += [f"seen({target})" for target in visited]
            read_later += [f"seen({target})" for target in visited]
        if rejoin is None:
            read_later = read_later or ["where the branches lead"]
        points.append(ChoicePoint(node_id, node.loc, len(node.choices), rejoin, meets_at, differs, read_later))
    return points


def rejoin_shares(points: list[ChoicePoint]) -> tuple[float, float]:
    """The shares of choice points whose branches meet again within one node, and within two."""
    if not points:
        return 0.0, 0.0
    within = lambda n: sum(1 for p in points if p.rejoin is not None and p.rejoin <= n) / len(points)  # noqa: E731
    return within(1), within(2)


def ending_decisions(story: Story, chapter_id: str, uses: ChapterUses) -> list[EndingDecision]:
    """For each ending, the variables tested by the gates of choices that close other endings and keep it open."""
    chapter = story.chapter(chapter_id)
    ending_nodes = {ending.node for ending in chapter.endings}
    leading = {node: uses.leading_to({node}) for node in ending_nodes}

    def endings_from(node_id: str) -> set[str]:
        return {node for node, before in leading.items() if node_id in before}

    decisions: list[EndingDecision] = []
    for ending in chapter.endings:
        deciding: set[str] = set()
        for node_id in chapter.node_ids:
            node = story.nodes[node_id]
            endings_here = endings_from(node_id)
            if ending.node not in endings_here or len(endings_here) < 2:
                continue
            for choice in node.choices:
                endings_after = endings_from(choice.target)
                # A gate decides when taking its choice closes some endings and keeps this one open.
                if ending.node in endings_after and endings_after != endings_here:
                    deciding |= expression_reads(choice.condition) | expression_reads(choice.enabled)
        decisions.append(EndingDecision(ending.id, ending.title, ending.node, ending.loc, sorted(deciding)))
    return decisions


def skipped_must_see(story: Story, chapter_id: str) -> list[SkippedMustSee]:
    """Each `must_see` node that some route to an ending avoids, with the shortest such route (conditions aside)."""
    chapter = story.chapter(chapter_id)
    endings = {ending.node: ending.id for ending in chapter.endings}
    found: list[SkippedMustSee] = []
    for node_id in chapter.node_ids:
        node = story.nodes[node_id]
        if MUST_SEE not in node.tags or node_id == chapter.start:
            continue
        previous: dict[str, str | None] = {chapter.start: None}
        queue = deque([chapter.start])
        reached = None
        while queue and reached is None:
            current = queue.popleft()
            for target in story.nodes[current].targets():
                if target == node_id or target not in story.nodes or target in previous:
                    continue
                previous[target] = current
                if target in endings:
                    reached = target
                    break
                queue.append(target)
        if reached is None:
            continue
        route = [reached]
        while previous[route[-1]] is not None:
            route.append(previous[route[-1]])  # type: ignore[arg-type]
        found.append(SkippedMustSee(node_id, node.loc, route[::-1], endings[reached]))
    return found
