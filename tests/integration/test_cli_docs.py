"""Every documented command, run the way a user types it: the examples are extracted from README.md
and docs/*.md (each `instructflow …` line of a ```sh block) and run as subprocesses, from a folder
other than the repository, against one running `instructflow up` (real Tansu broker, real chDB pool).

A ```sh parse-only block (needs a Kafka cluster, runs forever…) is checked against the CLI's
commands and options without running. Example input files are named in the doc by a
`<!-- doc-test files: … -->` comment; this module writes a file of each name (and fails if the two
lists disagree). A trailing `# … exit N …` comment on a line sets the exit codes it may end with.

Planted: an unknown option added to a README example -> the parse test fails naming the doc line.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer

from instructflow.cli.main import app
from instructflow.infra.broker import free_port
from instructflow.sinks.reader import open_reader
from instructflow.streams import runfile
from instructflow.streams.settings import Settings
from tests.conftest import shared_data_dir

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
BIN = Path(sys.executable).parent
DEMO_CHAT_PROMPTS = 35  # infra/demo/prompts.jsonl
PASSWORD = "correct-horse-battery"
# Need the live pool closed (chDB: one process per path): run after the stack is stopped.
OFFLINE = {("export",), ("pool", "diff")}
# What a successful run of each command prints (beyond exit 0 and no traceback).
EXPECTED = {
    ("produce", "prompts"): "sent ", ("tasks", "load"): "records to tasks.raw", ("tasks", "templates"): "templates",
    ("seeds", "load"): "seeds to seeds", ("pool", "stats"): "source", ("pool", "query"): '"source"',
    ("settings",): "INSTRUCTFLOW_DATA_DIR", ("users", "list"): "alice",
    ("replay",): "replayed into", ("export",): "wrote ", ("pool", "diff"): "pool diff",
}


@dataclass(frozen=True)
class DocLine:
    doc: str
    lineno: int
    text: str
    run: bool

    def __str__(self) -> str:
        return f"{self.doc}:{self.lineno}: {self.text}"

    @property
    def args(self) -> list[str]:
        """The words after `instructflow`, without a redirection or comment."""
        tail = self.text[re.search(r"(^|\|\s*)instructflow\s", self.text).end():]
        words = shlex.split(tail, comments=True)
        return words[:words.index(">")] if ">" in words else words

    @property
    def command(self) -> tuple[str, ...]:
        cmd: Any = ROOT
        path: list[str] = []
        for word in self.args:
            if not is_group(cmd) or word.startswith("-"):
                break
            sub = cmd.get_command(cmd.context_class(cmd), word)
            assert sub is not None, f"{self}: no command {' '.join([*path, word])!r}"
            cmd, path = sub, [*path, word]
        return tuple(path)

    @property
    def exits(self) -> set[int]:
        comment = self.text.partition(" #")[2]
        return {int(n) for n in re.findall(r"exit (\d)", comment)} or {0}


ROOT: Any = typer.main.get_command(app)  # typer's own (vendored) click objects: duck-typed below


def is_group(cmd: Any) -> bool:
    return hasattr(cmd, "list_commands")


def doc_lines() -> list[DocLine]:
    lines = []
    for doc in DOCS:
        block: str | None = None
        for no, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith("```"):
                block = None if block is not None else line[3:].strip()
                continue
            if block is not None and block.split()[:1] == ["sh"] and re.search(r"(^|\|\s*)instructflow\s", line):
                lines.append(DocLine(doc.relative_to(REPO).as_posix(), no, line.strip(), "parse-only" not in block))
    return lines


def doc_files() -> set[str]:
    names: set[str] = set()
    for doc in DOCS:
        for m in re.finditer(r"<!-- doc-test files: (.*?) -->", doc.read_text(encoding="utf-8")):
            names.update(m.group(1).split())
    return names


def leaf_commands(cmd: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if is_group(cmd):
        ctx = cmd.context_class(cmd)
        for name in cmd.list_commands(ctx):
            yield from leaf_commands(cmd.get_command(ctx, name), (*path, name))
    else:
        yield path


# --- the example files the docs name --------------------------------------------------------------

def _squad(path: Path) -> None:
    real = shared_data_dir() / "squad_sample.json"
    if real.is_file():
        shutil.copy(real, path)
        return
    path.write_text(json.dumps({"version": "1.1", "data": [{"title": "Tides", "paragraphs": [{
        "context": "Tides are caused by the gravitational pull of the Moon and the Sun on the oceans.",
        "qas": [{"id": "q1", "question": "What causes tides?", "answers": [
            {"text": "the gravitational pull of the Moon and the Sun", "answer_start": 16}]}]}]}]}))


def _parquet(path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({
        "question": ["How do I boil an egg so that the yolk stays soft?", "What is the capital city of Norway?"],
        "answer": ["Boil it for six minutes, then cool it in cold water.", "Oslo is the capital of Norway."]}), path)


def _seeds(p: Path) -> None:
    p.write_text(json.dumps({
        "instruction": "Suggest a simple dinner using the ingredients given.", "input": "rice, eggs, spinach",
        "output": "Make spinach fried rice: fry the spinach, add rice, then scramble the eggs in."}) + "\n",
        encoding="utf-8")


FILES: dict[str, Callable[[Path], None]] = {
    "my_prompts.jsonl": lambda p: p.write_text("".join(json.dumps(
        {"id": f"doc-{i}", "messages": [{"role": "user", "content": text}]}) + "\n" for i, text in enumerate([
            "How do I make a sourdough starter from scratch, and how long does it take to be ready?",
            "Explain the difference between a list and a tuple in Python with a short example.",
        ])), encoding="utf-8"),
    "questions.csv": lambda p: p.write_text(
        'qid,question\n1,"What should I pack for a three-day hiking trip in the mountains in autumn?"\n'
        '2,"How can I improve my sleep when I work night shifts? Give me three concrete tips."\n', encoding="utf-8"),
    "data.parquet": _parquet,
    "my_seeds.jsonl": _seeds,
    "legal_seeds.jsonl": _seeds,
    "my_pii.txt": lambda p: p.write_text(
        "<김민수:PS>님 연락처는 <010-2345-6789:PHONE_NUMBER>입니다\n"
        "Please ask <Dana Whitfield:PERSON> to mail <dana.w@example.org:EMAIL_ADDRESS> today.\n"
        "<서울:LC>에서 열린 <삼성전자:OG> 행사는 <3일:DT> 끝났다.\n", encoding="utf-8"),
    "my_labels.tsv": lambda p: p.write_text(
        "# expected\tlang\tclass\ttext\n"
        "accept\ten\trequest\tHow do I keep basil alive indoors through the winter?\n"
        "accept\tko\trequest\t김치찌개를 맛있게 끓이는 방법을 단계별로 알려줘.\n"
        "not_a_request\ten\tchitchat\tlol ok\n"
        "unsupported_language\tfr\tother\tPouvez-vous m'expliquer comment fonctionne la photosynthèse ?\n",
        encoding="utf-8"),
    "../shared/data/squad_sample.json": _squad,
}


# --- running commands ---------------------------------------------------------------------------

@dataclass
class Stack:
    tmp: Path
    work: Path  # where commands run: not the repository, not where `up` was started
    env: dict[str, str]
    data_dir: Path
    up: subprocess.Popen[bytes] | None = None

    def run(self, shell_line: str, stdin: str = "", timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-c", shell_line], cwd=self.work, env={**self.env, **env}, input=stdin,
                              capture_output=True, text=True, timeout=timeout)

    def pool_rows(self) -> int:
        settings = Settings(data_dir=self.data_dir)
        if runfile.live_owner(settings) is None:
            return -1
        try:
            return int(open_reader(settings).query("SELECT count() FROM instructflow.instances FINAL")[1][0][0])
        except Exception:  # the tables appear with the sink's first batch
            return -1

    def settle(self, quiet_s: float = 8.0, limit_s: float = 120.0) -> None:
        """Wait until the pool stops growing (the pipeline has drained what was sent)."""
        deadline, last, since = time.monotonic() + limit_s, -2, time.monotonic()
        while time.monotonic() < deadline:
            n = self.pool_rows()
            if n != last:
                last, since = n, time.monotonic()
            elif n >= 0 and time.monotonic() - since >= quiet_s:
                return
            time.sleep(1.0)

    def stop(self) -> None:
        if self.up is not None and self.up.poll() is None:
            os.killpg(self.up.pid, signal.SIGINT)
            try:
                self.up.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.up.pid, signal.SIGKILL)
                self.up.wait(timeout=10)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One `instructflow up` for the module, started in one folder with no INSTRUCTFLOW_DATA_DIR: the
    default (per-user) data dir, here under XDG_DATA_HOME, is how commands in another folder find it."""
    tmp = tmp_path_factory.mktemp("clidocs")
    work, started_in, xdg = tmp / "work", tmp / "checkout", tmp / "xdg"
    for d in (work, started_in, xdg):
        d.mkdir()
    for name, write in FILES.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        write(work / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSTRUCTFLOW_")}
    env.update({"XDG_DATA_HOME": str(xdg), "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
                "INSTRUCTFLOW_WEB_PORT": str(free_port()), "INSTRUCTFLOW_SYNTH_ENABLED": "false",
                "INSTRUCTFLOW_SESSION_TIMEOUT_S": "10", "INSTRUCTFLOW_HEARTBEAT_INTERVAL_S": "1",
                "INSTRUCTFLOW_REBALANCE_TIMEOUT_S": "10", "INSTRUCTFLOW_COMMIT_INTERVAL_S": "0.5",
                "PW": PASSWORD, "COLUMNS": "200"})
    s = Stack(tmp, work, env, xdg / "instructflow")
    with (tmp / "up.out").open("wb") as out:
        s.up = subprocess.Popen([str(BIN / "instructflow"), "up"], cwd=started_in, env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while s.pool_rows() < DEMO_CHAT_PROMPTS:
            assert s.up.poll() is None and time.monotonic() < deadline, (tmp / "up.out").read_text()
            time.sleep(1.0)
        yield s
    finally:
        s.stop()


def check(line: DocLine | str, proc: subprocess.CompletedProcess, exits: set[int] = frozenset({0})) -> None:
    where = f"{line}\n--- stdout\n{proc.stdout[-3000:]}\n--- stderr\n{proc.stderr[-3000:]}"
    assert proc.returncode in exits, where
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, where


def one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> str:
    """The command failed with exit 2 and exactly one `error:` line holding every needle."""
    check("(error case)", proc, {2})
    errors = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: "), proc.stderr
    for needle in needles:
        assert needle in errors[0], errors[0]
    return errors[0]


# --- the docs against the CLI, without a stack -----------------------------------------------------

def test_every_command_is_documented_and_every_example_parses() -> None:
    lines = doc_lines()
    documented = {line.command for line in lines}
    missing = sorted(" ".join(c) for c in leaf_commands(ROOT) if c not in documented)
    assert not missing, f"commands with no example in a ```sh block of README.md or docs/: {missing}"
    for line in lines:
        cmd = ROOT
        args = line.args
        for word in line.command:
            cmd = cmd.get_command(cmd.context_class(cmd), word)
            args = args[1:]
        try:  # unknown options, missing arguments, bad choices: the doc drifted from the code
            cmd.make_context(" ".join(line.command), list(args))
        except Exception as exc:  # click's UsageError family
            pytest.fail(f"{line}: {getattr(exc, 'format_message', exc.__str__)()}")


def cli_options(cmd: Any = ROOT) -> set[str]:
    """Every long option of every instructflow command."""
    if is_group(cmd):
        ctx = cmd.context_class(cmd)
        return set().union(*(cli_options(cmd.get_command(ctx, name)) for name in cmd.list_commands(ctx)))
    return {o for p in cmd.params for o in (*p.opts, *p.secondary_opts) if o.startswith("--")}


def prose_options() -> dict[str, str]:
    """Long options the docs name in running text (in backticks, outside code blocks), each with
    the first place it is named."""
    found: dict[str, str] = {}
    for doc in DOCS:
        text = re.sub(r"```.*?```", lambda m: "\n" * m.group(0).count("\n"), doc.read_text(encoding="utf-8"),
                      flags=re.S)
        for span in re.finditer(r"`([^`\n]+)`", text):
            for option in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", span.group(1)):
                line = text.count("\n", 0, span.start()) + 1
                found.setdefault(option, f"{doc.relative_to(REPO).as_posix()}:{line}")
    return found


def test_every_option_the_docs_name_is_in_an_example() -> None:
    """An option mentioned only in prose ("filters: `--source`, `--until`") would never be run or
    parsed by the tests above. Each one of the CLI's must stand in a ```sh example line (a run one,
    or parse-only where it cannot run here). Planted: `--limit` dropped from the export example
    -> red, naming docs/pool_operations.md."""
    used = {w.split("=")[0] for line in doc_lines() for w in line.args if w.startswith("--")}
    options = cli_options()
    missing = sorted(f"{where}: {o}" for o, where in prose_options().items() if o in options and o not in used)
    assert not missing, f"options the docs name with no ```sh example: {missing}"


def test_the_docs_name_exactly_the_example_files_this_test_provides() -> None:
    assert doc_files() == set(FILES)


@pytest.mark.parametrize(("env", "needles"), [
    ({"INSTRUCTFLOW_CLICKHOUSE_DSN": "nonsense"}, ["INSTRUCTFLOW_CLICKHOUSE_DSN='nonsense'", "not a chdb://", "e.g."]),
    ({"INSTRUCTFLOW_TOPIC_PARTITIONS": "abc"}, ["INSTRUCTFLOW_TOPIC_PARTITIONS='abc'", "integer", "e.g. "
                                                "INSTRUCTFLOW_TOPIC_PARTITIONS=4"]),
    ({"INSTRUCTFLOW_CLICKHOUSE_DSN": "chdb://var/pool"}, ["relative chDB path", "chdb:///"]),
    ({"INSTRUCTFLOW_KAFKA_BOOTSTRAP": "broker1"}, ["INSTRUCTFLOW_KAFKA_BOOTSTRAP", "host:port"]),
    ({"INSTRUCTFLOW_LANGUAGES": "en"}, ["INSTRUCTFLOW_LANGUAGES", "JSON list", '["en", "ko"]']),
    ({"INSTRUCTFLOW_WEB_PORT": "99999"}, ["INSTRUCTFLOW_WEB_PORT", "65535"]),
])
def test_bad_settings_are_one_line_errors_for_every_command(tmp_path: Path, env: dict[str, str],
                                                           needles: list[str]) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("INSTRUCTFLOW_")}
    base.update({"XDG_DATA_HOME": str(tmp_path), "PATH": f"{BIN}{os.pathsep}{base.get('PATH', '')}", **env})
    for command in ("settings", "pool stats"):  # `settings` refuses them too, not only the commands using them
        proc = subprocess.run(["bash", "-c", f"instructflow {command}"], cwd=tmp_path, env=base,
                              capture_output=True, text=True, timeout=120)
        one_line_error(proc, *needles)


def test_an_unreachable_pool_is_one_line_naming_the_dsn_and_debug_shows_the_traceback(tmp_path: Path) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("INSTRUCTFLOW_")}
    port = free_port()  # nothing listens there
    base.update({"XDG_DATA_HOME": str(tmp_path), "PATH": f"{BIN}{os.pathsep}{base.get('PATH', '')}",
                 "INSTRUCTFLOW_CLICKHOUSE_DSN": f"http://bob:s3cret@127.0.0.1:{port}/default"})
    proc = subprocess.run(["bash", "-c", "instructflow pool query 'SELECT 1'"], cwd=tmp_path, env=base,
                          capture_output=True, text=True, timeout=120)
    line = one_line_error(proc, f"http://bob:***@127.0.0.1:{port}/default", "refused")
    assert "s3cret" not in proc.stderr + line
    debug = subprocess.run(["bash", "-c", "instructflow --debug pool query 'SELECT 1'"], cwd=tmp_path, env=base,
                           capture_output=True, text=True, timeout=120)
    assert debug.returncode != 0 and "Traceback" in debug.stderr


# --- with the stack running ------------------------------------------------------------------------

def test_user_errors_on_a_running_stack_are_one_line(stack: Stack) -> None:
    (stack.work / "array.json").write_text(json.dumps([{"messages": [{"role": "user", "content": "hi there"}]}]))
    one_line_error(stack.run("instructflow produce prompts array.json"), "expected JSONL", "got a JSON array")
    one_line_error(stack.run("instructflow produce prompts ../shared/data/squad_sample.json"),
                   "SQuAD", "tasks load squad")
    one_line_error(stack.run("instructflow tasks load sqaud ../shared/data/squad_sample.json"),
                   "unknown dataset 'sqaud'", "did you mean squad", "known: squad, mnli")
    one_line_error(stack.run("instructflow pool query 'SELECT nope FROM instances'"), "UNKNOWN_IDENTIFIER")
    one_line_error(stack.run("instructflow pool query 'DROP TABLE instances'"), "only SELECT")
    owner = runfile.live_owner(Settings(data_dir=stack.data_dir))
    assert owner is not None
    one_line_error(stack.run("instructflow export --out out/x"), f"pid {owner.pid}", owner.web_url)
    (stack.work / "other").mkdir()
    one_line_error(stack.run("instructflow pool diff other"), "running worker", f"pid {owner.pid}")
    one_line_error(stack.run("instructflow pool diff no-such-pool other"), "no such pool")
    assert not (stack.work / "no-such-pool").exists()  # was: chDB created an empty pool there
    # More bad lines than the cap: the first 10 listed, then a count.
    (stack.work / "bad.jsonl").write_text('{"messages": []}\n' * 25 + '{"messages": [{"role": "user", "content":'
                                          ' "How do tides work near the equator?"}]}\n')
    proc = stack.run("instructflow produce prompts bad.jsonl")
    check("produce prompts bad.jsonl", proc, {1})
    skipped = [ln for ln in proc.stderr.splitlines() if ln.startswith("skipped")]
    assert len(skipped) == 11 and "15 more" in skipped[-1], proc.stderr
    assert "sent 1 prompts" in proc.stdout and "25 lines skipped" in proc.stdout


def test_every_documented_example_runs_as_written(stack: Stack) -> None:
    lines = [line for line in doc_lines() if line.run]
    offline = [line for line in lines if line.command[:2] in OFFLINE or line.command[:1] in OFFLINE]
    stdin = {("users", "add"): f"{PASSWORD}\n{PASSWORD}\n"}
    settled = False
    for line in lines:
        if line in offline:
            continue
        if line.command == ("replay",) and not settled:  # replay the whole log: let the pipeline drain first
            stack.settle()
            settled = True
        proc = stack.run(line.text, stdin=stdin.get(line.command, ""))
        check(line, proc, line.exits)
        assert EXPECTED.get(line.command, "") in proc.stdout + proc.stderr, f"{line}\n{proc.stdout}\n{proc.stderr}"
        if "--mix" in line.text:
            assert "mix: " in proc.stdout, proc.stdout
    stack.stop()
    for line in offline:
        proc = stack.run(line.text)
        check(line, proc, line.exits)
        assert EXPECTED[line.command] in proc.stdout, f"{line}\n{proc.stdout}"
        if "--mix" in line.text:  # which stage sized the export, and what each stage gave
            assert re.search(r"mix: .*stage \d: \d+ of \d+", proc.stdout), proc.stdout
    assert (stack.work / "prompt.schema.json").stat().st_size > 100
    assert (stack.work / "out" / "v1" / "dataset_card.json").is_file()
