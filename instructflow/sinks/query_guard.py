"""What a query from outside the process may read: an allowlist checked on ClickHouse's own parse.

The query text is parsed by the engine (``EXPLAIN AST``), never by a regular expression, so
comments, case, quoting or a leading ``WITH`` cannot disguise a statement. The tree must be one
SELECT (with UNION / subqueries / CTEs) and everything it names must be allowed:

* tables: the pool's own database (its tables and views, minus :data:`HIDDEN_POOL_TABLES`)
  and :data:`SYSTEM_TABLES`; unqualified names resolve to the pool's database (the reading
  session's current database) or to a CTE;
* table functions: :data:`TABLE_FUNCTIONS` only (no file(), url(), s3(), remote(), mysql(),
  executable(), input(), merge(), …);
* functions: those of the engine's own catalogue (``system.functions``) in the pure
  :data:`SAFE_CATEGORIES` (arithmetic, strings, dates, arrays, aggregates …) plus
  :data:`EXTRA_FUNCTIONS`; the "Other", "Dictionary", "Introspection", "AI", "Machine
  Learning" categories hold file(), dictGet(), getSetting(), sleep() and friends and are out;
* no ``SETTINGS`` clause, no ``SET``, no ``INTO OUTFILE``, no ``FORMAT``.

Allowing (not denying) means a function added by a later ClickHouse is refused until someone
puts its category here. The reading session is read-only with time, memory and row limits on
top of this (sinks/pool.py), so for most probes this check is the first of two walls; not for
``INTO OUTFILE``: chDB writes that file even in a ``readonly=1`` session, so only this check
stops it (tests/integration/test_security.py watches the disk).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SAFE_CATEGORIES = frozenset({
    "Aggregate Functions", "Arithmetic", "Arrays", "Bit", "Comparison", "Conditional", "Dates and Times",
    "Distance", "Encoding", "Hash", "IP Address", "JSON", "Logical", "Map", "Mathematical", "Null",
    "Rounding", "String", "String Replacement", "String Search", "String Splitting", "Tuple",
    "Type Conversion", "URL", "UUID",
})
# Uncategorised or "Other" functions that compute on their arguments only.
EXTRA_FUNCTIONS = frozenset({
    "lambda", "tuple", "arrayJoin", "exists", "ignore", "toTypeName", "identity", "materialize",
    "formatReadableSize", "formatReadableQuantity", "formatReadableTimeDelta", "formatReadableDecimalSize",
    "median", "medianExact", "group_concat", "string_agg", "substr", "replace", "trim", "ltrim", "rtrim",
    "lpad", "rpad", "power", "mod", "ln", "ceiling", "truncate", "lcase", "ucase", "week", "timeZone",
    "toTimeZone", "date_diff", "DATE_DIFF", "dateDiff", "any_value", "first_value", "last_value", "dense_rank",
    "rank", "row_number", "percent_rank", "min_by", "max_by", "CHAR_LENGTH", "CHARACTER_LENGTH",
    "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "DATE_TRUNC", "date_bin", "time_bucket", "instr",
    "runningDifference", "neighbor", "bar", "visibleWidth", "transform", "rowNumberInAllBlocks",
})
# Aggregate combinators: countIf, uniqExactMerge, sumArrayOrNull … are allowed when the base is.
COMBINATORS = ("If", "Array", "Map", "State", "Merge", "MergeState", "OrNull", "OrDefault", "Distinct",
               "ForEach", "Resample", "SimpleState", "ArgMin", "ArgMax")
TABLE_FUNCTIONS = frozenset({"numbers", "zeros", "values", "generate_series"})
SYSTEM_TABLES = frozenset({
    "one", "numbers", "zeros", "tables", "columns", "parts", "functions", "data_type_families",
    "table_engines", "time_zones",
})
# In the pool's database but never readable from outside: the console's password hashes
# (read account names through the annotation_accounts view).
HIDDEN_POOL_TABLES = frozenset({"annotation_users"})

ROOTS = ("SelectWithUnionQuery", "SelectIntersectExceptQuery")
_LINE = re.compile(r"^( *)(\S+)\s*(.*)$")
_ALIAS = re.compile(r"\s*\(alias [^)]*\)|\s*\(children \d+\)")


class QueryRefused(ValueError):
    """The query is outside what a reader may run; the message says what and why."""


@dataclass(frozen=True)
class Node:
    depth: int
    kind: str
    text: str  # the rest of the line without alias and children count


def parse_tree(lines: Iterable[str]) -> list[Node]:
    out = []
    for raw in lines:
        m = _LINE.match(raw.rstrip("\n"))
        if m:
            out.append(Node(len(m.group(1)), m.group(2), _ALIAS.sub("", m.group(3)).strip()))
    return out


def allowed_function(name: str, allowed: frozenset[str]) -> bool:
    if name in allowed or name.lower() in allowed:  # case-insensitive ones are listed lower-cased
        return True
    for suffix in COMBINATORS:  # strip one combinator at a time: sumIfOrNull -> sumIf -> sum
        if name.endswith(suffix) and len(name) > len(suffix) and allowed_function(name[: -len(suffix)], allowed):
            return True
    return False


def check_tree(nodes: list[Node], database: str, functions: frozenset[str], trailer: str = "") -> None:
    """Raise :class:`QueryRefused` unless the parsed query reads only what it may.

    ``trailer`` is the ``FORMAT`` identifier the driver appends to the EXPLAIN itself (it lands
    in the tree as the root's last child); any other root child than the select list is refused.
    """
    if not nodes:
        raise QueryRefused("empty query")
    if nodes[0].kind not in ROOTS:
        raise QueryRefused(f"only SELECT queries may be run here, not {nodes[0].kind.removesuffix('Query')}")
    for i, node in enumerate(nodes):
        parent = next((nodes[j] for j in range(i - 1, -1, -1) if nodes[j].depth < node.depth), None)
        if node.kind == "Set":
            raise QueryRefused("a query may not change settings (SETTINGS / SET)")
        if node.depth == 1 and node.kind != "ExpressionList" and not (node.kind == "Identifier"
                                                                        and node.text == trailer):
            raise QueryRefused("INTO OUTFILE, FORMAT and other output clauses are not allowed")
        if node.kind == "Function":
            name = node.text.split(" ")[0]
            if parent is not None and parent.kind == "TableExpression":
                if name not in TABLE_FUNCTIONS:
                    raise QueryRefused(f"table function {name}() is not allowed; allowed: "
                                       f"{', '.join(sorted(TABLE_FUNCTIONS))}")
            elif not allowed_function(name, functions):
                raise QueryRefused(f"function {name}() is not allowed here")
        elif node.kind == "TableIdentifier":
            _check_table(node.text, database)
        elif node.kind not in _KNOWN_KINDS:
            raise QueryRefused(f"{node.kind} is not allowed in a query here")


def _check_table(name: str, database: str) -> None:
    db, _, table = name.partition(".") if "." in name else ("", "", name)
    if db == "system":
        if table not in SYSTEM_TABLES:
            raise QueryRefused(f"system.{table} is not readable here; allowed: "
                               f"{', '.join('system.' + t for t in sorted(SYSTEM_TABLES))}")
        return
    if db not in ("", database):
        raise QueryRefused(f"only the pool's database {database} (and a few system tables) may be read, not {db}")
    if table in HIDDEN_POOL_TABLES:
        raise QueryRefused(f"{table} is not readable here (read annotation_accounts for names and roles)")


# Node kinds a SELECT's tree is made of; anything else (a new statement kind) is refused.
_KNOWN_KINDS = frozenset({
    "SelectWithUnionQuery", "SelectIntersectExceptQuery", "SelectQuery", "ExpressionList", "Identifier",
    "Literal", "Asterisk", "QualifiedAsterisk", "ColumnsRegexpMatcher", "ColumnsListMatcher",
    "QualifiedColumnsRegexpMatcher", "QualifiedColumnsListMatcher", "Subquery", "TablesInSelectQuery",
    "TablesInSelectQueryElement", "TableExpression", "TableJoin", "ArrayJoin", "OrderByElement",
    "WithElement", "WindowDefinition", "WindowListElement", "QueryParameter", "Interpolate",
    "InterpolateElement", "SampleRatio", "TableIdentifier", "Function", "ColumnsTransformerList",
    "ColumnsExceptTransformer", "ColumnsReplaceTransformer", "ColumnsApplyTransformer", "ReplaceExpression",
    "DataType", "NameTypePair",
})
