"""The trainer formats, as ClickHouse expressions over one pool row.

The rows are shaped inside the engine (JSONEachRow for JSONL, Native blocks for Parquet), so
an export streams at engine speed and Python never parses a row. Every format starts from one
normalized conversation (``conv``):

* a chat instance: its messages, plus ``output`` as the assistant turn if the conversation does
  not already end with one;
* a task or synthetic instance: ``[user: instruction + "\n\n" + input, assistant: output]``.

Formats (what trainers read):

* ``openai``   -- ``{"messages": [{"role": "user", "content": ...}, {"role": "assistant", ...}]}``
                  (OpenAI fine-tuning, TRL SFTTrainer, Axolotl ``chat_template``).
* ``sharegpt`` -- ``{"conversations": [{"from": "human", "value": ...}, {"from": "gpt", ...}]}``
                  (FastChat, Axolotl, LLaMA-Factory ``sharegpt``).
* ``alpaca``   -- ``{"instruction", "input", "output", "history": [[user, assistant], ...]}``
                  (Stanford Alpaca; ``history`` as LLaMA-Factory reads earlier turns).
"""

from __future__ import annotations

from dataclasses import dataclass

CONVERSATION = (
    "if(length(messages) > 0, "
    "if(output != '' AND messages[length(messages)].role != 'assistant', "
    "arrayPushBack(messages, ('assistant', output)), messages), "
    "[('user', if(input = '', instruction, concat(instruction, '\\n\\n', input))), ('assistant', output)])"
)
CONV_TYPE = "Array(Tuple(role String, content String))"


@dataclass(frozen=True)
class Format:
    name: str
    select: str  # SELECT list over a row where `conv` is the normalized conversation
    parquet_schema: str  # pyarrow type per column, for documentation and the Parquet writer


FORMATS: dict[str, Format] = {
    "openai": Format(
        "openai",
        f"CAST(conv, '{CONV_TYPE}') AS messages",
        "messages: list<struct<role: string, content: string>>",
    ),
    "sharegpt": Format(
        "sharegpt",
        "CAST(arrayMap(m -> (multiIf(m.1 = 'user', 'human', m.1 = 'assistant', 'gpt', m.1), m.2), conv), "
        "'Array(Tuple(`from` String, value String))') AS conversations",
        "conversations: list<struct<from: string, value: string>>",
    ),
    "alpaca": Format(
        "alpaca",
        "if(length(messages) = 0, instruction, conv[length(conv) - 1].2) AS instruction, "
        "if(length(messages) = 0, input, '') AS input, "
        "conv[length(conv)].2 AS output, "
        "CAST(if(length(messages) = 0, [], arrayMap(i -> [conv[i].2, conv[i + 1].2], "
        "arrayFilter(i -> conv[i].1 = 'user' AND conv[i + 1].1 = 'assistant', "
        "range(1, greatest(length(conv), 2) - 1)))),"
        " 'Array(Array(String))') AS history",
        "instruction: string, input: string, output: string, history: list<list<string>>",
    ),
}


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; one of {', '.join(FORMATS)}") from None
