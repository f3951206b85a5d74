"""Play the built game as a player would: a clean environment, a real X window (Xvfb), real key presses.

    python tools/dist_smoke.py EXECUTABLE [--out DIR]

The executable is started with no virtual environment on PATH, no PYTHONPATH and a fresh HOME, so the
saves, settings and sound cache go to the platform's own per-user folders inside that HOME. Through
xdotool it then: shows the title (not blank), starts the first chapter, makes a choice, quits from the
pause menu, starts the game again, takes Continue, and checks it resumed at the node the choice led to,
that the screenshot there shows that node's text (read back with tesseract), that the sound worker ran
(its loops are in the cache folder) and that no log holds a traceback. Needs Xvfb, xdotool, ImageMagick's
`import` and tesseract (.ci/run installs them). Exit 0 when all hold, 1 when one does not, 2 when the
tools are missing.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TOOLS = ("Xvfb", "xdotool", "import", "tesseract")


class SmokeFailure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)
    print(f"dist_smoke: ok: {message}")


def free_display() -> int:
    number = 99
    while Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
        number += 1
    return number


class Session:
    """One X server, and the game started in it as often as asked, each run logged to its own file."""

    def __init__(self, executable: Path, out: Path) -> None:
        self.executable = executable
        self.out = out
        self.home = Path(tempfile.mkdtemp(prefix="curtain-light-home-"))
        self.display = f":{free_display()}"
        self.xvfb = subprocess.Popen(["Xvfb", self.display, "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        socket = Path(f"/tmp/.X11-unix/X{self.display[1:]}")
        deadline = time.monotonic() + 10
        while not socket.exists():
            if self.xvfb.poll() is not None or time.monotonic() > deadline:
                raise SmokeFailure("Xvfb did not start")
            time.sleep(0.1)
        self.game: subprocess.Popen[bytes] | None = None
        self.window = ""
        self.logs: list[Path] = []

    def player_env(self) -> dict[str, str]:
        """What a player's desktop gives a program: a HOME, a system PATH, the display. Nothing of Python."""
        return {"HOME": str(self.home), "PATH": "/usr/local/bin:/usr/bin:/bin", "DISPLAY": self.display,
                "LANG": "C.UTF-8", "SDL_AUDIODRIVER": "dummy"}  # no sound card on a CI machine

    def tool_env(self) -> dict[str, str]:
        return dict(os.environ, DISPLAY=self.display)

    def start(self, run: int) -> None:
        log = self.out / f"game-{run}.log"
        self.logs.append(log)
        with log.open("wb") as handle:
            # cwd is the fresh HOME: the build must find its story relative to itself, not to where it is run.
            self.game = subprocess.Popen([str(self.executable), "--windowed"], cwd=self.home, env=self.player_env(),
                                         stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        # By process id: a window title set in UTF-8 is only matched by name when xdotool's locale agrees.
        found = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(self.game.pid)],
                               env=self.tool_env(), capture_output=True, text=True, timeout=60)
        window = found.stdout.split()
        check(found.returncode == 0 and bool(window), f"run {run}: the game window opened")
        self.window = window[0]
        subprocess.run(["xdotool", "windowfocus", "--sync", window[0]], env=self.tool_env(), check=True, timeout=10)
        time.sleep(3.0)  # the story loads and the title's scene is painted after the first frame

    def keys(self, *names: str, pause: float = 0.6) -> None:
        for name in names:
            # No delay between press and release, so the game reads both in one go: a release it read
            # late (a move's save can stall a frame) would have the key repeated.
            subprocess.run(["xdotool", "key", "--delay", "0", name], env=self.tool_env(), check=True, timeout=10)
            time.sleep(pause)

    def current_node(self) -> str:
        saves = sorted((self.data_dir / "saves").glob("auto-*.json"))
        try:
            return json.loads(saves[0].read_text(encoding="utf-8"))["node_id"] if saves else ""
        except (OSError, ValueError, KeyError):
            return ""  # caught mid-replace, or not written yet

    def wait_for_save(self, reached, what: str, timeout: float = 30.0) -> dict:
        """Wait until the autosave (written on every move) is at a node that `reached` accepts."""
        deadline = time.monotonic() + timeout
        while not reached(self.current_node()):
            if time.monotonic() > deadline:
                raise SmokeFailure(f"the game never reached {what} (its autosave is at {self.current_node()!r})")
            time.sleep(0.2)
        return self.autosave()

    def click_until(self, reached, what: str) -> dict:
        """Click the scene, beside the text (a click shows the rest of the text, the next one continues)."""
        for _ in range(6):
            subprocess.run(["xdotool", "mousemove", "--window", self.window, "150", "300", "click", "1"],
                           env=self.tool_env(), check=True, timeout=10)
            try:
                return self.wait_for_save(reached, what, timeout=2.0)
            except SmokeFailure:
                continue
        return self.wait_for_save(reached, what, timeout=1.0)

    def quit_from_menu(self, run: int) -> None:
        self.keys("Escape", pause=1.0)
        self.keys("Up", "Return")  # from the first item, Up wraps round to the last: Quit
        self.wait_for_exit(run)

    def screenshot(self, name: str) -> Path:
        path = self.out / f"{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], env=self.tool_env(), check=True, timeout=30)
        return path

    def wait_for_exit(self, run: int) -> None:
        assert self.game is not None
        try:
            code = self.game.wait(timeout=15)
        except subprocess.TimeoutExpired:
            raise SmokeFailure(f"run {run}: the game did not quit from its pause menu") from None
        check(code == 0, f"run {run}: the game quit with status {code}")
        self.game = None

    def close(self) -> None:
        for process in (self.game, self.xvfb):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(self.home, ignore_errors=True)

    @property
    def data_dir(self) -> Path:
        return self.home / ".local" / "share" / "CurtainLight"  # the platform's folder, as for the source build

    @property
    def cache_dir(self) -> Path:
        return self.home / ".cache" / "CurtainLight"

    def autosave(self) -> dict:
        saves = sorted((self.data_dir / "saves").glob("auto-*.json"))
        check(len(saves) == 1, f"one chapter autosave in {self.data_dir / 'saves'}")
        return json.loads(saves[0].read_text(encoding="utf-8"))


def not_blank(path: Path) -> str:
    """Fails unless the picture has many colours and some spread of brightness (the CI smoke's rule)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    import statistics

    import pygame

    picture = pygame.image.load(str(path))
    width, height = picture.get_size()
    samples = [picture.get_at((x, y))[:3] for x in range(0, width, 4) for y in range(0, height, 4)]
    colours = len(set(samples))
    spread = statistics.pstdev(0.2126 * r + 0.7152 * g + 0.0722 * b for r, g, b in samples)
    check(colours >= 32 and spread >= 4.0, f"{path.name} is not blank ({colours} colours, spread {spread:.1f})")
    return f"{colours} colours"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z]{4,}", text.lower())


def game_story():
    """The game's own story, read by the checkout's core: the harness knows what each node says and leads to."""
    from game.core.loader import load_story
    from game.resources import story_dir

    story = load_story(story_dir()).story
    if story is None:
        raise SmokeFailure("the game's story does not load from the checkout")
    return story


def path_to_first_choice(story) -> list[str]:
    """The first chapter's nodes from its start up to the first that offers choices (its last item)."""
    node = story.nodes[story.chapters[0].start]
    path = [node.id]
    while not node.choices and node.next and len(path) < 20:
        node = story.nodes[node.next]
        path.append(node.id)
    if not node.choices:
        raise SmokeFailure(f"the first chapter reaches no choice from {path[0]}")
    return path


def within_steps(story, start: str, steps: int) -> set[str]:
    """The nodes a player reaches from start in 1 to `steps` moves."""
    reached: set[str] = set()
    frontier = {start}
    for _ in range(steps):
        frontier = {target for node in frontier for target in story.nodes[node].targets()} - reached
        reached |= frontier
    return reached


def reveal_seconds(node) -> float:
    """About how long a node's text takes to appear at the default speed (60 characters a second), and a margin."""
    characters = sum(len(part.source) for part in node.text) + sum(len(c.text.source) for c in node.choices)
    return characters / 60.0 + 1.5


def read_words(path: Path) -> set[str]:
    read = subprocess.run(["tesseract", str(path), "-", "--psm", "3"], capture_output=True, text=True, timeout=120)
    return set(words(read.stdout))


def play(session: Session) -> None:
    story = game_story()
    chapter = story.chapters[0]
    path = path_to_first_choice(story)
    # Run 1: title, New game, the first chapter, its content note, then on to the first choice, and take it.
    session.start(1)
    not_blank(session.screenshot("1-title"))
    session.keys("Return", "Return", "Return", pause=1.2)  # New game, the first chapter, Begin (after the note)
    # While a chapter's first scene is painted the game can read a key's release late and repeat the key,
    # so a press may carry a step further: any node on the way to the first choice shows it started.
    started = session.wait_for_save(lambda node: node in path, "the chapter's opening nodes")
    check(started["chapter_id"] == chapter.id, f"the chapter {chapter.id} started (at {started['node_id']})")
    not_blank(session.screenshot("2-chapter"))
    for before, following in zip(path, path[1:]):
        if path.index(before) >= path.index(session.current_node()):
            session.click_until(lambda node, following=following: node == following, following)
    choice_node = story.nodes[path[-1]]
    if session.current_node() == choice_node.id:
        time.sleep(reveal_seconds(choice_node))  # the choices are shown once the text has appeared
        session.keys("1")
    node = session.wait_for_save(lambda node: bool(node) and node not in path, "a node past the first choice")["node_id"]
    check(node in within_steps(story, choice_node.id, 3),
          f"the choice at {choice_node.id} led on, to {node} (autosave written after the choice)")
    session.quit_from_menu(1)
    first_quit = session.autosave()
    check(first_quit["node_id"] == node, f"quitting kept the place at {node}")

    # Run 2: Continue on the title resumes there.
    session.start(2)
    not_blank(session.screenshot("3-title-again"))
    session.keys("Return", pause=1.5)  # Continue is the first item, and has focus now something is saved
    wanted = words(re.sub(r"\{[^}]*\}", " ", story.nodes[node].text[0].source))
    share, found = 0.0, []
    for attempt in range(4):  # the text appears a little at a time: read it once it has
        time.sleep(1.0 + attempt)
        resumed = session.screenshot("4-continued")
        seen = read_words(resumed)
        found = [word for word in wanted if word in seen]
        share = len(found) / len(wanted) if wanted else 0.0
        if share >= 0.6:
            break
    not_blank(resumed)
    check(share >= 0.6, f"{resumed.name} shows the text of {node}: {len(found)} of its {len(wanted)} words "
                        "read back by tesseract")
    session.quit_from_menu(2)
    second_quit = session.autosave()
    check(second_quit["node_id"] == node and second_quit["saved_at"] > first_quit["saved_at"],
          f"Continue resumed the chapter at {node} (saved again there on quitting)")
    loops = sorted(session.cache_dir.glob("ambience/*/*.wav"))
    check(len(loops) > 0, f"the frozen sound worker wrote {len(loops)} sounds to {session.cache_dir}")
    for log in session.logs:
        text = log.read_text(encoding="utf-8", errors="replace")
        check("Traceback" not in text, f"{log.name} holds no traceback")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tools/dist_smoke.py", description=__doc__.splitlines()[0])
    parser.add_argument("executable", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "dist-smoke", help="screenshots and logs")
    args = parser.parse_args(argv)
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        print(f"dist_smoke: missing {', '.join(missing)} (apt-get install xvfb xdotool imagemagick tesseract-ocr)",
              file=sys.stderr)
        return 2
    if not args.executable.is_file():
        print(f"dist_smoke: there is no executable at {args.executable}; build it with `make dist`", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    session = Session(args.executable.resolve(), args.out)
    try:
        play(session)
    except (SmokeFailure, subprocess.SubprocessError) as failure:
        print(f"dist_smoke: FAILED: {failure}", file=sys.stderr)
        for log in session.logs:
            print(f"--- {log}", file=sys.stderr)
            print(log.read_text(encoding="utf-8", errors="replace")[-3000:], file=sys.stderr)
        return 1
    finally:
        session.close()
    print(f"dist_smoke: the built game played, quit and continued; screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
