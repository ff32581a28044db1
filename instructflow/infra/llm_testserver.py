"""A TEST DOUBLE of an OpenAI-compatible chat-completions server — not a language model.

No model can be downloaded on the machines this project is built and tested on, so the
tests, the benchmark and `instructflow up` without a configured endpoint talk to this
server. It answers the Self-Instruct prompts of agents/synthesize/prompts.py with text
composed from word lists by an RNG seeded with the prompt (same prompt, same reply), in
English or Korean as asked, and it deliberately proposes some instructions the filters must
reject (blacklisted words, copies of a demonstration, too short). Latency and faults
(timeouts, 500, 429, garbage bodies) are injected on demand, deterministically.

Run: ``python -m instructflow.infra.llm_testserver --port 8099 [--latency-ms 200]``;
change faults at runtime with ``POST /_testdouble/faults {"error500": 0.2, ...}``.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import re
from dataclasses import asdict, dataclass, field

from aiohttp import web

from instructflow.agents.synthesize import prompts as P

MODEL_NAME = "instructflow-testdouble"

EN_TEMPLATES = (
    "Explain how {noun} affects {noun2} for {audience}, using {n} short points.",
    "Describe the main risks of {noun} when {activity}, and suggest one way to reduce each.",
    "Suggest {n} practical ways for {audience} to improve {noun} while {activity}.",
    "Compare {noun} and {noun2} in terms of cost, effort and long-term benefit.",
    "Write a short {form} about {noun} that {audience} would enjoy reading.",
    "Give step-by-step advice on {activity} for someone who has never tried {noun}.",
    "List {n} common mistakes people make with {noun} and explain how to avoid them.",
    "Outline a weekly plan that helps {audience} balance {noun} and {noun2}.",
    "Summarize the arguments for and against {noun} in a paragraph for {audience}.",
    "Propose a fair rule for sharing {noun} among {audience} and justify it.",
    "Rewrite the given sentence about {noun} so that it sounds polite and clear.",
    "Answer this question from {audience}: why does {noun} matter when {activity}?",
)
EN_CLASSIFY = (
    "Classify the sentiment of the given review about {noun} as positive, negative or neutral.",
    "Decide whether the given statement about {noun} is a fact or an opinion.",
    "Label each question that {audience} ask about {noun} as urgent or not urgent.",
    "Tell whether the given headline on {noun} is clickbait or informative.",
    "Sort the given complaint from {audience} about {noun} into billing, delivery or quality.",
)
CLASSIFY_CUES = ("classify", "decide whether", "label each", "tell whether", "sort the given")
# Labels of the classification tasks above, by a word their instruction contains.
EN_LABELS = (("fact or an opinion", ("Fact", "Opinion")), ("urgent", ("Urgent", "Not urgent")),
             ("clickbait", ("Clickbait", "Informative")), ("billing", ("Billing", "Delivery", "Quality")))
EN_BLACKLISTED = (
    "Draw a picture that shows how {noun} relates to {noun2}.",
    "Plot a graph of {noun} over the last ten years.",
    "Create an image that explains {noun} to {audience}.",
)
EN_SHORT = ("Explain {noun}.", "Summarize this.")
NOUNS = (
    "household budgeting", "sleep quality", "public transport", "remote work", "urban gardening", "food waste",
    "volunteer work", "password security", "team meetings", "language learning", "home composting", "cycling",
    "online privacy", "small business taxes", "customer feedback", "time zones", "rainwater harvesting",
    "board games", "job interviews", "climate adaptation", "library services", "electric scooters",
    "medication schedules", "tenant rights", "emergency kits", "recycling rules", "museum visits",
    "birdwatching", "credit scores", "open source licenses", "bread baking", "desk ergonomics",
    "city parks", "water conservation", "news literacy", "first aid", "travel insurance", "pet adoption",
)
AUDIENCES = ("new parents", "retirees", "high school students", "small shop owners", "nurses", "first-year teachers",
             "software interns", "tourists in Seoul", "farmers", "commuters", "librarians", "tenants")
ACTIVITIES = ("moving to a new city", "starting a new job", "planning a trip", "working night shifts",
              "preparing for exams", "renovating a flat", "living on a tight budget", "caring for a relative")
FORMS = ("story", "poem", "dialogue", "news brief", "letter", "speech")

KO_TEMPLATES = (
    "{audience}이 {noun}을 시작할 때 알아야 할 점을 {n}가지로 설명해 주세요.",
    "{noun}과 {noun2}의 차이를 비용과 효과 측면에서 비교해 주세요.",
    "{activity} 중에 {noun} 관련해서 자주 하는 실수와 예방법을 알려주세요.",
    "{audience}을 위해 {noun}에 관한 짧은 안내문을 작성해 주세요.",
    "{noun}이 {noun2}에 어떤 영향을 주는지 쉬운 말로 설명해 주실 수 있나요?",
    "{activity} 상황에서 {noun}을 잘 관리하는 방법을 단계별로 알려주세요.",
    "{audience}에게 {noun}의 장점과 단점을 한 문단으로 정리해 주세요.",
    "다음 문장을 {audience}이 이해하기 쉽게 {noun} 예시를 넣어 다시 써 주세요.",
)
KO_CLASSIFY = ("다음 {noun} 후기의 감정을 긍정, 부정, 중립 중 하나로 분류해 주세요.",
               "{audience}이 보낸 {noun} 문의가 긴급한지 아닌지 분류해 주세요.")
KO_BLACKLISTED = ("{noun}과 {noun2}의 관계를 그림으로 그려 주세요.",)
KO_NOUNS = ("가계부 작성", "수면 습관", "대중교통 이용", "재택근무", "텃밭 가꾸기", "음식물 쓰레기", "봉사 활동",
            "비밀번호 관리", "회의 문화", "외국어 공부", "분리수거", "자전거 출퇴근", "개인정보 보호",
            "종합소득세 신고", "고객 응대", "전세 계약", "응급 처치", "여행자 보험", "반려동물 입양",
            "신용 점수", "약 복용 시간", "임대차 보호법", "건강검진", "층간 소음")
KO_AUDIENCES = ("대학생", "직장인", "어르신", "초보 운전자", "자영업자", "신혼부부", "간호사", "외국인 유학생")
KO_ACTIVITIES = ("이사를 준비하는", "새 직장에 적응하는", "해외여행을 계획하는", "시험을 준비하는", "야간 근무를 하는")

_NUMBERED_LINE = re.compile(r"^\s*(\d{1,3})\.\s*(.*)$", re.MULTILINE)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass
class Faults:
    """Share of requests that fail each way; decided by a seeded RNG over the request count."""

    timeout: float = 0.0  # the reply comes after ``hang_s`` (past any sane client timeout)
    error500: float = 0.0
    error429: float = 0.0
    garbage: float = 0.0  # 200 with a body that is not a chat completion
    hang_s: float = 30.0


@dataclass
class Stats:
    requests: int = 0
    ok: int = 0
    tokens: int = 0  # usage reported in successful replies: what a real endpoint would bill
    by_fault: dict[str, int] = field(default_factory=dict)


class TestDouble:
    """The server's state: seed, latency, faults, counters."""

    __test__ = False  # not a pytest class

    def __init__(self, seed: int = 0, latency_s: float = 0.0, faults: Faults | None = None) -> None:
        self.seed = seed
        self.latency_s = latency_s
        self.faults = faults or Faults()
        self.stats = Stats()

    @property
    def faults(self) -> Faults:
        return self._faults

    @faults.setter
    def faults(self, faults: Faults) -> None:
        # A new fault plan starts its own draw sequence: which requests fail must not depend on how
        # many requests came before it (a test's earlier jobs, whose count varies with timing).
        self._faults = faults
        self._fault_rng = random.Random(self.seed)

    def rng_for(self, prompt: str) -> random.Random:
        digest = hashlib.blake2b(f"{self.seed}\x1f{prompt}".encode(), digest_size=8).digest()
        return random.Random(int.from_bytes(digest, "big"))

    def pick_fault(self) -> str:
        f, x = self.faults, self._fault_rng.random()
        for name, share in (("timeout", f.timeout), ("error500", f.error500), ("error429", f.error429),
                            ("garbage", f.garbage)):
            if x < share:
                return name
            x -= share
        return ""

    # --- replies ---------------------------------------------------------------
    def reply(self, prompt: str) -> str:
        rng = self.rng_for(prompt)
        if P.INSTRUCTION_HEAD in prompt:
            return self.instructions(prompt, rng)
        if P.CLASSIFY_HEAD in prompt:
            return self.classify(prompt)
        if P.OUTPUT_FIRST_HEAD in prompt:
            return self.output_first(prompt, rng)
        if P.INPUT_FIRST_HEAD in prompt:
            return self.input_first(prompt, rng)
        if P.JUDGE_HEAD in prompt:
            return f"Score: {rng.randint(4, 10)}"
        return "I am a test double and only answer the instructflow synthesis prompts."

    @staticmethod
    def _korean(prompt: str, body: str) -> bool:
        if "Korean" in prompt or "한국어" in prompt:
            return True
        if "in English" in prompt:
            return False
        letters = [ch for ch in body if ch.isalpha()]
        return bool(letters) and sum(1 for ch in letters if _HANGUL.match(ch)) / len(letters) >= 0.3

    def instructions(self, prompt: str, rng: random.Random) -> str:
        listed = [(int(n), t.strip()) for n, t in _NUMBERED_LINE.findall(prompt.split(P.INSTRUCTION_HEAD, 1)[1])]
        demos = [t for _, t in listed if t]
        nxt = (listed[-1][0] if listed else 1)
        m = re.search(r"come up with (\d+) new", prompt)
        n_new = int(m.group(1)) if m else 8
        topics = []
        if (tm := re.search(r"Focus the new tasks on these topics: (.*)\.", prompt)) is not None:
            topics = [t.strip() for t in tm.group(1).split(";") if t.strip()]
        ko = self._korean(prompt, " ".join(demos))
        out = [self.one_instruction(rng, ko, demos, topics) for _ in range(n_new)]
        if n_new > 1:
            # Every reply slips once on the keyword blacklist, so that even a short run (a test's
            # cap of a few dozen) exercises that filter for sure instead of by chance.
            out[0] = self.one_instruction(rng, ko, demos, topics, blacklisted=True)
        lines = [out[0]] + [f"{nxt + i}. {text}" for i, text in enumerate(out[1:], start=1)]
        return "\n".join(lines)

    def one_instruction(self, rng: random.Random, ko: bool, demos: list[str], topics: list[str],
                        blacklisted: bool = False) -> str:
        x = 0.1 if blacklisted else rng.random()  # 0.1: the blacklisted band below
        if x < 0.08 and demos:
            return rng.choice(demos)  # a copy: the novelty filter must catch it
        # Steered toward the topics most of the time, as a model asked to focus would be.
        nouns = tuple(topics) if topics and rng.random() < 0.7 else (KO_NOUNS if ko else NOUNS)
        slots = {
            "noun": rng.choice(nouns), "noun2": rng.choice(KO_NOUNS if ko else NOUNS),
            "audience": rng.choice(KO_AUDIENCES if ko else AUDIENCES),
            "activity": rng.choice(KO_ACTIVITIES if ko else ACTIVITIES),
            "form": rng.choice(FORMS), "n": rng.randint(2, 7),
        }
        pool: tuple[str, ...]
        if x < 0.16:
            pool = KO_BLACKLISTED if ko else EN_BLACKLISTED
        elif x < 0.20 and not ko:
            pool = EN_SHORT
        elif x < 0.30:
            pool = KO_CLASSIFY if ko else EN_CLASSIFY
        else:
            pool = KO_TEMPLATES if ko else EN_TEMPLATES
        return rng.choice(pool).format(**slots)

    @staticmethod
    def classify(prompt: str) -> str:
        body = prompt.split("\n\n", 1)[-1]
        answers = []
        for n, text in _NUMBERED_LINE.findall(body):
            low = text.lower()
            yes = any(w in low for w in CLASSIFY_CUES) or "분류" in text or "판단" in text
            answers.append(f"{n}. {'Yes' if yes else 'No'}")
        return "\n".join(answers)

    @staticmethod
    def _task(prompt: str) -> str:
        return prompt.rsplit("Task:", 1)[-1].strip()

    def input_first(self, prompt: str, rng: random.Random) -> str:
        task = self._task(prompt)
        ko = self._korean(prompt, task)
        m = re.search(r"Generate (\d+) examples", prompt)
        n = int(m.group(1)) if m else 2
        blocks = []
        for k in range(1, n + 1):
            if ko:
                inp = (f"상황: {rng.choice(KO_AUDIENCES)}이 {rng.choice(KO_ACTIVITIES)} 경우"
                       if rng.random() < 0.5 else "")
                out = (f"{rng.choice(KO_NOUNS)}의 관점에서 보면, 먼저 목표를 정하고 {rng.randint(2, 5)}단계로 나누어 "
                       f"실천하는 것이 좋습니다. 예를 들어 {rng.choice(KO_NOUNS)}부터 시작해 보세요.")
            else:
                inp = (f"Context: {rng.choice(AUDIENCES)} {rng.choice(ACTIVITIES)}, case {rng.randint(1, 999)}"
                       if rng.random() < 0.5 else "")
                out = (f"Start by setting one clear goal, then split it into {rng.randint(2, 5)} steps. "
                       f"For example, look at {rng.choice(NOUNS)} first and review progress every "
                       f"{rng.choice(('day', 'week', 'month'))}.")
            blocks.append(f"Example {k}\n" + (f"Input: {inp}\n" if inp else "") + f"Output: {out}")
        return "\n".join(blocks)

    def output_first(self, prompt: str, rng: random.Random) -> str:
        task = self._task(prompt)
        ko = self._korean(prompt, task)
        if ko:
            labels = ("긴급", "일반") if "긴급" in task else ("긍정", "부정", "중립")
            return "\n".join(f"Class label: {lab}\nInput: {rng.choice(KO_NOUNS)}에 대한 {lab}적인 후기 "
                             f"{rng.randint(1, 999)}번입니다." for lab in labels)
        labels = next((labs for word, labs in EN_LABELS if word in task.lower()), ("Positive", "Negative", "Neutral"))
        return "\n".join(f"Class label: {lab}\nInput: A {lab.lower()} note about {rng.choice(NOUNS)}, "
                         f"number {rng.randint(1, 999)}." for lab in labels)


def build_app(double: TestDouble) -> web.Application:
    async def completions(request: web.Request) -> web.StreamResponse:
        double.stats.requests += 1
        fault = double.pick_fault()
        if fault:
            double.stats.by_fault[fault] = double.stats.by_fault.get(fault, 0) + 1
        if double.latency_s:
            await asyncio.sleep(double.latency_s)
        if fault == "timeout":
            await asyncio.sleep(double.faults.hang_s)
        if fault == "error500":
            return web.json_response({"error": {"message": "injected 500 (test double)"}}, status=500)
        if fault == "error429":
            return web.json_response({"error": {"message": "injected 429 (test double)"}}, status=429,
                                     headers={"Retry-After": "0"})
        if fault == "garbage":
            return web.Response(text="<html>502 upstream confused {{{ not json", content_type="text/html")
        try:
            body = await request.json()
            prompt = "\n".join(str(m.get("content", "")) for m in body["messages"])
        except ConnectionResetError:  # the client gave up (an injected timeout did its job)
            return web.Response(status=499)
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
            return web.json_response({"error": {"message": "bad request"}}, status=400)
        text = double.reply(prompt)
        double.stats.ok += 1
        usage = {"prompt_tokens": max(1, len(prompt) // 4), "completion_tokens": max(1, len(text) // 4)}
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        double.stats.tokens += usage["total_tokens"]
        return web.json_response({
            "id": "testdouble-" + hashlib.blake2b(prompt.encode(), digest_size=6).hexdigest(),
            "object": "chat.completion", "model": body.get("model") or MODEL_NAME,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": usage,
        })

    async def models(_: web.Request) -> web.Response:
        return web.json_response({"object": "list", "data": [{"id": MODEL_NAME, "object": "model"}]})

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "test_double": True})

    async def set_faults(request: web.Request) -> web.Response:
        body = await request.json()
        if "latency_s" in body:
            double.latency_s = float(body.pop("latency_s"))
        double.faults = Faults(**{**asdict(double.faults), **body})
        return web.json_response(asdict(double.faults))

    async def stats(_: web.Request) -> web.Response:
        return web.json_response(asdict(double.stats))

    app = web.Application()
    for prefix in ("/v1", ""):
        app.router.add_post(f"{prefix}/chat/completions", completions)
        app.router.add_get(f"{prefix}/models", models)
    app.router.add_get("/health", health)
    app.router.add_post("/_testdouble/faults", set_faults)
    app.router.add_get("/_testdouble/stats", stats)
    return app


class ServerThread:
    """The test double in a background thread of the current process (tests, benchmark)."""

    def __init__(self, double: TestDouble, host: str = "127.0.0.1", port: int = 0) -> None:
        import threading

        self.double = double
        self.host, self.port = host, port
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="llm-testdouble", daemon=True)
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def start() -> None:
            self._runner = web.AppRunner(build_app(self.double), access_log=None)
            await self._runner.setup()
            site = web.TCPSite(self._runner, self.host, self.port)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            self._ready.set()

        self._loop.run_until_complete(start())
        self._loop.run_forever()

    def start(self) -> ServerThread:
        self._thread.start()
        if not self._ready.wait(10):
            raise TimeoutError("test double did not start")
        return self

    def stop(self) -> None:
        async def cleanup() -> None:
            if self._runner is not None:
                await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="instructflow's OpenAI-compatible TEST DOUBLE (not a model).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    args = parser.parse_args()
    double = TestDouble(seed=args.seed, latency_s=args.latency_ms / 1000)
    print(f"instructflow LLM TEST DOUBLE (deterministic, not a model) on http://{args.host}:{args.port}/v1",
          flush=True)
    web.run_app(build_app(double), host=args.host, port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
