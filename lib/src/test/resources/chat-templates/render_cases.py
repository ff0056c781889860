#!/usr/bin/env python3
"""Renders every case of this fixture with Hugging Face transformers' own apply_chat_template.

Run with the peer venv (environment/setup-peer.sh):

    build/peer-venv/bin/python lib/src/test/resources/chat-templates/render_cases.py          # rewrite cases.jsonl
    build/peer-venv/bin/python lib/src/test/resources/chat-templates/render_cases.py --check  # compare, write nothing

Each template (NAME.jinja, verbatim from the checkpoint) is set as the chat_template of a stub fast tokenizer
whose special tokens are the ones tokens.json gives NAME (a null token is not set, so the template sees it
undefined, as it does for that checkpoint), and the case is rendered by
tokenizer.apply_chat_template(messages, tools=tools, add_generation_prompt=..., tokenize=False, **kwargs).
That is transformers' own path: the special tokens and kwargs become template variables, tools and
documents are passed (None when absent), and the environment is transformers' (ImmutableSandboxedEnvironment
with trim_blocks and lstrip_blocks, the loopcontrols extension, its tojson filter with ensure_ascii=False,
and the globals raise_exception and strftime_now). No case depends on the clock: templates that fall back to
strftime_now get date_string. Each output is also rendered a second time straight through the compiled template
(_compile_jinja_template(...).render(...)) and the two must agree.

A case whose rendering raises records the exception's class and message instead of "expected".
"""
import argparse
import copy
import json
import sys
from pathlib import Path

import jinja2
import tokenizers
import transformers
from tokenizers import Tokenizer
from tokenizers.models import WordLevel
from transformers import PreTrainedTokenizerFast
from transformers.utils.chat_template_utils import _compile_jinja_template

HERE = Path(__file__).resolve().parent
SPECIAL = ("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token")

# ---------------------------------------------------------------------------------------------------------------
# Conversations
# ---------------------------------------------------------------------------------------------------------------

SYSTEM = {"role": "system", "content": "You are a terse assistant."}
USER_ONLY = [{"role": "user", "content": "Hello!"}]
SYSTEM_USER = [SYSTEM, {"role": "user", "content": "What is 2+2?"}]
MULTI_TURN = [
    {"role": "user", "content": "Hi"},
    {"role": "assistant", "content": "Hello! How can I help?"},
    {"role": "user", "content": "Tell me a joke."},
]
SYSTEM_MULTI_TURN = [SYSTEM] + MULTI_TURN
ENDS_WITH_ASSISTANT = MULTI_TURN + [{"role": "assistant", "content": "Why did the chicken cross the road?"}]
WHITESPACE = [
    {"role": "user", "content": "  Hi there \n"},
    {"role": "assistant", "content": "\n\n  Sure thing!  \n\n"},
    {"role": "user", "content": "\tthanks\n"},
]
UNICODE = [
    {
        "role": "user",
        "content": "Ça va? 日本語 «ok» \"double\" 'single' — emoji 🎉, a backslash \\ and {{ braces }} {% raw %} <b>tag</b> & done",
    }
]
UNKNOWN_ROLE = [{"role": "user", "content": "Hi"}, {"role": "narrator", "content": "Meanwhile..."}]
ASSISTANT_FIRST = [{"role": "assistant", "content": "I speak first."}, {"role": "user", "content": "Hi"}]
TWO_USERS = [{"role": "user", "content": "Hi"}, {"role": "user", "content": "Anyone there?"}]
SYSTEM_ONLY_LATE = [{"role": "user", "content": "Hi"}, {"role": "system", "content": "Be brief."}, {"role": "user", "content": "Go"}]

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather in a city (e.g. \"Zürich\").",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "City name"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["city"],
        },
    },
}
TOOLS = [WEATHER_TOOL]
WEATHER_QUESTION = [{"role": "user", "content": "What's the weather in Zürich?"}]
# A tool call whose arguments are a mapping (templates print them with tojson) and the tool's answer.
TOOL_ROUND_TRIP = WEATHER_QUESTION + [
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Zürich", "unit": "celsius"}}}],
    },
    {"role": "tool", "content": "{\"temperature\": 21, \"sky\": \"clear\"}"},
]
TOOL_ROUND_TRIP_LLAMA = WEATHER_QUESTION + [
    {
        "role": "assistant",
        "tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Zürich", "unit": "celsius"}}}],
    },
    {"role": "tool", "content": "{\"temperature\": 21, \"sky\": \"clear\"}"},
]
BUILTIN_CALL_LLAMA = [
    {"role": "user", "content": "Search the weather in Zürich."},
    {
        "role": "assistant",
        "tool_calls": [{"type": "function", "function": {"name": "brave_search", "arguments": {"query": "weather Zürich", "count": "3"}}}],
    },
    {"role": "ipython", "content": {"results": [{"title": "Zürich: 21 °C, clear"}]}},
]
TWO_CALLS_LLAMA = WEATHER_QUESTION + [
    {
        "role": "assistant",
        "tool_calls": [
            {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Zürich"}}},
            {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Bern"}}},
        ],
    },
]
TOOL_ROUND_TRIP_MISTRAL = WEATHER_QUESTION + [
    {
        "role": "assistant",
        "tool_calls": [
            {"id": "abc123xyz", "type": "function", "function": {"name": "get_weather", "arguments": {"city": "Zürich", "unit": "celsius"}}}
        ],
    },
    {"role": "tool", "tool_call_id": "abc123xyz", "content": "{\"temperature\": 21}"},
]
TOOL_BAD_ID_MISTRAL = WEATHER_QUESTION + [
    {
        "role": "assistant",
        "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": {"city": "Zürich"}}}],
    },
]

# Qwen3: an earlier assistant turn that kept its reasoning, and a final assistant turn with reasoning.
THINK_EARLIER = [
    {"role": "user", "content": "What is 2+2?"},
    {"role": "assistant", "content": "<think>\nThe user asks a sum.\n2+2=4.\n</think>\n\nIt is 4."},
    {"role": "user", "content": "And 3+3?"},
]
THINK_LAST = [
    {"role": "user", "content": "What is 2+2?"},
    {"role": "assistant", "content": "<think>\nAdd them.\n</think>\n\n4"},
]
REASONING_FIELD = [
    {"role": "user", "content": "What is 2+2?"},
    {"role": "assistant", "content": "4", "reasoning_content": "\nSimple addition.\n"},
]
DEEPSEEK_THINK = [
    SYSTEM,
    {"role": "user", "content": "What is 2+2?"},
    {"role": "assistant", "content": "<think>\nAdd.\n</think>\n\nIt is 4."},
    {"role": "user", "content": "And 3+3?"},
]
GEMMA3_PARTS = [
    {"role": "system", "content": [{"type": "text", "text": "You are terse."}]},
    {"role": "user", "content": [{"type": "text", "text": "  Describe this: "}, {"type": "image"}, {"type": "text", "text": "please "}]},
]
PHI_EMPTY_SYSTEM = [{"role": "system", "content": ""}, {"role": "user", "content": "Hi"}]


def case(messages, add_generation_prompt, kwargs=None, tools=None, note=""):
    return {
        "messages": messages,
        "add_generation_prompt": add_generation_prompt,
        "kwargs": kwargs or {},
        "tools": tools,
        "note": note,
    }


def common(kwargs=None):
    """The cases every template gets; kwargs are added to each (Llama 3.2 needs date_string)."""
    k = kwargs or {}
    return [
        case(USER_ONLY, True, k, note="single user turn, generation prompt"),
        case(USER_ONLY, False, k, note="single user turn, no generation prompt"),
        case(SYSTEM_USER, True, k, note="system + user"),
        case(MULTI_TURN, True, k, note="user/assistant/user, generation prompt"),
        case(MULTI_TURN, False, k, note="user/assistant/user, no generation prompt"),
        case(SYSTEM_MULTI_TURN, True, k, note="system then user/assistant/user"),
        case(ENDS_WITH_ASSISTANT, False, k, note="conversation ending on an assistant turn"),
        case(WHITESPACE, False, k, note="leading/trailing spaces, tabs and newlines in contents"),
        case(UNICODE, True, k, note="non-ASCII, quotes, backslash and Jinja-like text in content"),
        case(UNKNOWN_ROLE, True, k, note="a role the template does not know"),
        case(ASSISTANT_FIRST, True, k, note="assistant turn first"),
        case(TWO_USERS, True, k, note="two user turns in a row"),
    ]


LLAMA_DATE = {"date_string": "05 Mar 2025"}

CASES = {
    "qwen2.5-instruct": common() + [
        case(SYSTEM_ONLY_LATE, True, note="a system message that is not first"),
        case(WEATHER_QUESTION, True, tools=TOOLS, note="tools, default system prompt"),
        case(SYSTEM_USER, True, tools=TOOLS, note="tools with a system message"),
        case(TOOL_ROUND_TRIP, True, tools=TOOLS, note="tool call (mapping arguments) and tool response"),
    ],
    "qwen3": common() + [
        case(SYSTEM_ONLY_LATE, True, note="a system message that is not first"),
        case(USER_ONLY, True, {"enable_thinking": False}, note="enable_thinking false adds an empty think block"),
        case(USER_ONLY, True, {"enable_thinking": True}, note="enable_thinking true"),
        case(THINK_EARLIER, True, note="earlier assistant turn with <think>: dropped from history"),
        case(THINK_EARLIER, True, {"enable_thinking": False}, note="earlier <think> turn, enable_thinking false"),
        case(THINK_EARLIER, True, {"enable_thinking": True}, note="earlier <think> turn, enable_thinking true"),
        case(THINK_LAST, False, note="final assistant turn keeps its reasoning"),
        case(REASONING_FIELD, False, note="reasoning_content given as a field"),
        case(WEATHER_QUESTION, True, tools=TOOLS, note="tools"),
        case(TOOL_ROUND_TRIP, True, tools=TOOLS, note="tool call (mapping arguments) and tool response"),
        case(TOOL_ROUND_TRIP, True, {"enable_thinking": False}, tools=TOOLS, note="tool round trip, enable_thinking false"),
    ],
    "qwen2-instruct": common() + [case(SYSTEM_ONLY_LATE, True, note="a system message that is not first")],
    "llama3-instruct": common(),
    "llama3.1-instruct": common(LLAMA_DATE) + [
        case(USER_ONLY, True, note="no date_string: the template's default date"),
        case(SYSTEM_USER, True, note="system message, no date_string"),
        case(WEATHER_QUESTION, True, LLAMA_DATE, tools=TOOLS, note="tools in the first user message (default)"),
        case(SYSTEM_USER, True, {**LLAMA_DATE, "tools_in_user_message": False}, tools=TOOLS, note="tools in the system message"),
        case(TOOL_ROUND_TRIP_LLAMA, True, LLAMA_DATE, tools=TOOLS, note="tool call and tool (ipython) response"),
        case(USER_ONLY, True, {**LLAMA_DATE, "builtin_tools": ["code_interpreter", "brave_search", "wolfram_alpha"]},
             note="builtin_tools (reject/join filters)"),
        case([SYSTEM], True, LLAMA_DATE, tools=TOOLS, note="tools but no user message: raise_exception"),
        case(BUILTIN_CALL_LLAMA, True, {**LLAMA_DATE, "builtin_tools": ["brave_search", "wolfram_alpha"]},
             note="built-in tool call (items filter, python_tag, eom_id) and a mapping tool result"),
        case(TWO_CALLS_LLAMA, False, LLAMA_DATE, tools=TOOLS, note="two tool calls in one turn: raise_exception"),
    ],
    "llama3.2-instruct": common(LLAMA_DATE) + [
        case(WEATHER_QUESTION, True, LLAMA_DATE, tools=TOOLS, note="tools in the first user message (default)"),
        case(SYSTEM_USER, True, {**LLAMA_DATE, "tools_in_user_message": False}, tools=TOOLS, note="tools in the system message"),
        case(TOOL_ROUND_TRIP_LLAMA, True, LLAMA_DATE, tools=TOOLS, note="tool call and tool (ipython) response"),
    ],
    "mistral-7b-instruct-v0.1": common(),
    "mistral-7b-instruct-v0.2-legacy": common(),
    "mistral-7b-instruct-v0.3": common() + [
        case(WEATHER_QUESTION, True, tools=TOOLS, note="tools before the last user message"),
        case(SYSTEM_MULTI_TURN, True, tools=TOOLS, note="tools and system message on the last user turn"),
        case(TOOL_ROUND_TRIP_MISTRAL, False, tools=TOOLS, note="tool call with a 9-character id and its result"),
        case(TOOL_BAD_ID_MISTRAL, False, tools=TOOLS, note="tool call id of the wrong length: raise_exception"),
    ],
    "gemma-it": common(),
    "gemma3-it": common() + [case(GEMMA3_PARTS, True, note="content as a list of parts, with an image part")],
    "phi3-mini-4k-instruct": common(),
    "phi3.5-mini-instruct": common() + [case(PHI_EMPTY_SYSTEM, True, note="empty system content is skipped")],
    "tinyllama-1.1b-chat": common(),
    "deepseek-r1-distill-qwen": common() + [
        case(DEEPSEEK_THINK, True, note="system prompt first; earlier assistant <think> stripped"),
    ],
}


# ---------------------------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------------------------


def stub_tokenizer(tokens):
    special = {k: v for k, v in tokens.items() if k in SPECIAL and v is not None}
    return PreTrainedTokenizerFast(tokenizer_object=Tokenizer(WordLevel({"<stub>": 0}, unk_token="<stub>")), **special)


def render(template, tokens, c):
    tok = stub_tokenizer(tokens)
    tok.chat_template = template
    messages = copy.deepcopy(c["messages"])
    tools = copy.deepcopy(c["tools"])
    out = {}
    try:
        out["expected"] = tok.apply_chat_template(
            messages, tools=tools, add_generation_prompt=c["add_generation_prompt"], tokenize=False, **c["kwargs"]
        )
    except Exception as e:  # noqa: BLE001 - the fixture records what transformers raises
        out["error"] = str(e)
        out["error_type"] = type(e).__name__
    # The same rendering straight through the compiled template, as render_jinja_template does.
    try:
        direct = _compile_jinja_template(template).render(
            messages=copy.deepcopy(c["messages"]),
            tools=copy.deepcopy(c["tools"]),
            documents=None,
            add_generation_prompt=c["add_generation_prompt"],
            **{**tok.special_tokens_map, **c["kwargs"]},
        )
        if direct != out.get("expected"):
            raise AssertionError(f"direct render differs from apply_chat_template: {direct!r} vs {out!r}")
    except AssertionError:
        raise
    except Exception as e:  # noqa: BLE001
        if out.get("error") != str(e):
            raise AssertionError(f"direct render raised {e!r}, apply_chat_template gave {out!r}")
    return out


def build():
    tokens = json.loads((HERE / "tokens.json").read_text(encoding="utf-8"))
    lines = []
    for name, cases in CASES.items():
        template = (HERE / f"{name}.jinja").read_text(encoding="utf-8")
        for i, c in enumerate(cases):
            row = {
                "id": f"{name}/{i:02d}",
                "template": name,
                "note": c["note"],
                "messages": c["messages"],
                "add_generation_prompt": c["add_generation_prompt"],
                "tools": c["tools"],
                "kwargs": c["kwargs"],
            }
            row.update(render(template, tokens[name], c))
            lines.append(json.dumps(row, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="compare with cases.jsonl instead of writing it")
    args = ap.parse_args()
    print(f"transformers {transformers.__version__}, jinja2 {jinja2.__version__}, tokenizers {tokenizers.__version__}",
          file=sys.stderr)
    text = build()
    path = HERE / "cases.jsonl"
    if args.check:
        if path.read_text(encoding="utf-8") != text:
            sys.exit("cases.jsonl differs from what transformers renders now")
        print("cases.jsonl matches", file=sys.stderr)
    else:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {text.count(chr(10))} cases to {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
