"""An async client for any OpenAI-compatible chat-completions endpoint (vLLM, Ollama, llama.cpp, hosted).

What it guarantees to the loop: at most ``concurrency`` requests in flight; request starts spaced
to a requests-per-minute budget and paused while the tokens of the last minute exceed a
tokens-per-minute budget; timeouts, connection errors, 429 and 5xx retried with exponential
backoff and jitter (honouring Retry-After); a 200 whose body is not a chat completion returned
as ``Completion.malformed`` — the caller rejects it with a reason — never raised. Only a request
that still fails after every retry raises ``LLMUnavailable``. Tokens and the estimated cost of
every reply are counted here and on each Completion.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import httpx

RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


class LLMUnavailable(RuntimeError):
    """Every attempt failed (timeouts, 429, 5xx, connection errors); nothing was produced."""


@dataclass(frozen=True, slots=True)
class Completion:
    text: str
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    model: str
    finish_reason: str = ""
    malformed: str = ""  # why the body was not a usable completion; '' when it was
    attempts: int = 1
    usage_estimated: bool = False


@dataclass
class LLMStats:
    requests: int = 0
    retries: int = 0
    failures: int = 0
    malformed: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def estimate_tokens(text: str) -> int:
    """A rough count for servers that report no usage: ~4 characters per token."""
    return max(1, (len(text) + 3) // 4)


class Budget:
    """Request spacing for requests-per-minute, a one-minute window for tokens-per-minute."""

    def __init__(self, requests_per_minute: float = 0, tokens_per_minute: float = 0) -> None:
        self.interval = 60.0 / requests_per_minute if requests_per_minute > 0 else 0.0
        self.tpm = tokens_per_minute
        self._next_start = 0.0
        self._spent: deque[tuple[float, int]] = deque()
        self._spent_sum = 0
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:  # one waiter at a time keeps starts evenly spaced
            while True:
                now = time.monotonic()
                while self._spent and self._spent[0][0] <= now - 60.0:
                    self._spent_sum -= self._spent.popleft()[1]
                wait = max(0.0, self._next_start - now)
                if self.tpm and self._spent_sum >= self.tpm and self._spent:
                    wait = max(wait, self._spent[0][0] + 60.0 - now)
                if wait <= 0:
                    self._next_start = now + self.interval
                    return
                await asyncio.sleep(wait)

    def spend(self, tokens: int) -> None:
        if self.tpm:
            self._spent.append((time.monotonic(), tokens))
            self._spent_sum += tokens


@dataclass
class LLMConfig:
    base_url: str
    model: str
    api_key: str = ""
    temperature: float = 0.7
    max_tokens: int = 1024
    timeout_s: float = 60.0
    max_retries: int = 5
    concurrency: int = 8
    requests_per_minute: float = 0
    tokens_per_minute: float = 0
    price_prompt_per_1m: float = 0.0
    price_completion_per_1m: float = 0.0
    backoff_base_s: float = 0.5
    backoff_max_s: float = 20.0
    extra_headers: dict[str, str] = field(default_factory=dict)


class LLMClient:
    def __init__(self, config: LLMConfig, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        self.stats = LLMStats()
        self.budget = Budget(config.requests_per_minute, config.tokens_per_minute)
        self._slots = asyncio.Semaphore(config.concurrency)
        headers = {"Content-Type": "application/json", **config.extra_headers}
        if config.api_key:
            headers["Authorization"] = f"Bearer {config.api_key}"
        self._http = httpx.AsyncClient(
            base_url=config.base_url.rstrip("/"), headers=headers, transport=transport,
            timeout=httpx.Timeout(config.timeout_s),
            limits=httpx.Limits(max_connections=config.concurrency, max_keepalive_connections=config.concurrency),
        )
        self._rng = random.Random()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> LLMClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        c = self.config
        return (prompt_tokens * c.price_prompt_per_1m + completion_tokens * c.price_completion_per_1m) / 1e6

    async def complete(self, prompt: str, *, max_tokens: int | None = None, temperature: float | None = None,
                       system: str = "") -> Completion:
        """One chat completion for a single user message, with retries; see the module docstring."""
        c = self.config
        messages = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": prompt}]
        body = {"model": c.model, "messages": messages, "max_tokens": max_tokens or c.max_tokens,
                "temperature": c.temperature if temperature is None else temperature}
        last = ""
        for attempt in range(1, c.max_retries + 2):
            await self.budget.acquire()
            retry_after: float | None = None
            async with self._slots:
                self.stats.requests += 1
                try:
                    resp = await self._http.post("/chat/completions", json=body)
                except (httpx.TimeoutException, httpx.TransportError) as exc:
                    last = type(exc).__name__
                else:
                    if resp.status_code == 200:
                        return self._completion(prompt, resp, attempt)
                    last = f"HTTP {resp.status_code}"
                    if resp.status_code not in RETRY_STATUS:
                        self.stats.failures += 1
                        raise LLMUnavailable(f"{last}: {resp.text[:200]}")
                    retry_after = _retry_after(resp)
            if attempt <= c.max_retries:
                self.stats.retries += 1
                delay = min(c.backoff_max_s, c.backoff_base_s * 2 ** (attempt - 1))
                delay = delay * (0.5 + self._rng.random() / 2)
                await asyncio.sleep(max(delay, min(retry_after or 0.0, c.backoff_max_s)))
        self.stats.failures += 1
        raise LLMUnavailable(f"gave up after {c.max_retries + 1} attempts: {last}")

    def _completion(self, prompt: str, resp: httpx.Response, attempt: int) -> Completion:
        malformed, text, finish, usage = "", "", "", None
        try:
            data: Any = resp.json()
            choice = data["choices"][0]
            text = choice["message"]["content"]
            if not isinstance(text, str):
                raise TypeError("content is not a string")
            finish = str(choice.get("finish_reason") or "")
            usage = data.get("usage") or None
        except (json.JSONDecodeError, UnicodeDecodeError, KeyError, IndexError, TypeError, AttributeError) as exc:
            malformed = f"not a chat completion ({type(exc).__name__})"
            text = resp.text[:2000] if _is_text(resp) else ""
        estimated = not isinstance(usage, dict)
        if not isinstance(usage, dict):
            pt, ct = estimate_tokens(prompt), estimate_tokens(text) if text else 0
        else:
            pt, ct = int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)
        cost = self.cost(pt, ct)
        s = self.stats
        s.prompt_tokens += pt
        s.completion_tokens += ct
        s.cost_usd += cost
        s.malformed += bool(malformed)
        self.budget.spend(pt + ct)
        return Completion(text, pt, ct, cost, self.config.model, finish, malformed, attempt, estimated)


def _is_text(resp: httpx.Response) -> bool:
    try:
        resp.content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _retry_after(resp: httpx.Response) -> float | None:
    value = resp.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
