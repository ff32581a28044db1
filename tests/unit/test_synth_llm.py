"""The OpenAI-compatible client: retries with backoff, budget, malformed replies, token accounting."""

from __future__ import annotations

import time

import httpx
import pytest

from instructflow.agents.synthesize.llm import Budget, LLMClient, LLMConfig, LLMUnavailable


def ok(content: str = "hello", usage: dict | None = None) -> httpx.Response:
    body = {"choices": [{"message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}
    if usage is not None:
        body["usage"] = usage
    return httpx.Response(200, json=body)


def client(handler, **kw) -> LLMClient:
    cfg = LLMConfig(base_url="http://llm.test/v1", model="m", backoff_base_s=0.001, backoff_max_s=0.01,
                    price_prompt_per_1m=1.0, price_completion_per_1m=2.0, **kw)
    return LLMClient(cfg, transport=httpx.MockTransport(handler))


async def test_retries_429_500_and_timeouts_then_succeeds():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            return httpx.Response(429, headers={"Retry-After": "0"})
        if len(calls) == 2:
            return httpx.Response(503)
        if len(calls) == 3:
            raise httpx.ReadTimeout("slow", request=request)
        return ok("fine", {"prompt_tokens": 1000, "completion_tokens": 500})

    async with client(handler, api_key="k") as llm:
        c = await llm.complete("hi")
    assert c.text == "fine" and c.attempts == 4 and not c.malformed
    assert (c.prompt_tokens, c.completion_tokens) == (1000, 500)
    assert c.cost_usd == pytest.approx(0.001 + 0.001)
    assert llm.stats.retries == 3 and llm.stats.requests == 4
    assert calls[-1].headers["authorization"] == "Bearer k"


async def test_gives_up_after_max_retries_and_never_retries_400():
    async with client(lambda r: httpx.Response(500), max_retries=2) as llm:
        with pytest.raises(LLMUnavailable):
            await llm.complete("hi")
        assert llm.stats.requests == 3 and llm.stats.failures == 1
    async with client(lambda r: httpx.Response(400, text="bad"), max_retries=5) as llm:
        with pytest.raises(LLMUnavailable):
            await llm.complete("hi")
        assert llm.stats.requests == 1


@pytest.mark.parametrize("response", [
    httpx.Response(200, text="<html>not json"),
    httpx.Response(200, json={"choices": []}),
    httpx.Response(200, json={"choices": [{"message": {"content": None}}]}),
    httpx.Response(200, content=b"\xff\xfe\x00"),
])
async def test_malformed_bodies_are_returned_not_raised(response: httpx.Response):
    async with client(lambda r: response) as llm:
        c = await llm.complete("a prompt of some length")
    assert c.malformed and c.usage_estimated and c.prompt_tokens > 0
    assert llm.stats.malformed == 1


async def test_usage_is_estimated_when_absent():
    async with client(lambda r: ok("x" * 40)) as llm:
        c = await llm.complete("y" * 80)
    assert (c.prompt_tokens, c.completion_tokens, c.usage_estimated) == (20, 10, True)


async def test_request_budget_spaces_starts():
    budget = Budget(requests_per_minute=600)  # one start per 0.1 s
    t0 = time.monotonic()
    for _ in range(4):
        await budget.acquire()
    assert time.monotonic() - t0 >= 0.29


async def test_token_budget_waits_for_the_window():
    budget = Budget(tokens_per_minute=100)
    await budget.acquire()
    budget.spend(100)
    budget._spent[0] = (time.monotonic() - 59.8, 100)  # spent almost a minute ago
    t0 = time.monotonic()
    await budget.acquire()
    assert 0.1 <= time.monotonic() - t0 < 2
