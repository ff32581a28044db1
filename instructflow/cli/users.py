"""``instructflow users …``: console accounts, wherever the pool is.

In embedded mode a running worker owns the chDB path, so accounts are set through its local
route (authenticated by a token file only this machine's user can read); otherwise the
accounts table is written directly.
"""

from __future__ import annotations

import secrets
import sys
from typing import Annotated

import httpx
import typer
from rich.console import Console

from instructflow.console.access import PREFIX, validate_name
from instructflow.console.auth import ROLES, check_password_policy, hash_password
from instructflow.sinks.pool import Pool
from instructflow.sinks.reader import open_reader
from instructflow.streams import local_token, runfile
from instructflow.streams.settings import Settings, get_settings

users_app = typer.Typer(help="Annotation console accounts (annotator, reviewer, admin).", no_args_is_help=True)
out = Console()
err = Console(stderr=True)

DEMO_ACCOUNTS = (("demo-annotator", "annotator"), ("demo-reviewer", "reviewer"))


def set_user(settings: Settings, name: str, role: str, password: str, web_url: str | None = None) -> str:
    """Create or update an account; returns where it was written ('worker' or 'pool')."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    validate_name(name)
    check_password_policy(password)
    if web_url is None and settings.embedded_pool and (owner := runfile.live_owner(settings)) is not None:
        web_url = owner.web_url
    if web_url is not None:
        resp = httpx.post(f"{web_url}{PREFIX}/internal/users", json={"name": name, "role": role, "password": password},
                          headers={local_token.HEADER: local_token.read(settings)}, timeout=90)
        if resp.status_code != 200:
            raise RuntimeError(resp.json().get("error", resp.text))
        return "worker"
    from instructflow.console.store import ConsoleStore, User

    pool = Pool(settings.pool_dsn, settings.clickhouse_database)
    try:
        pool.migrate()
        ConsoleStore(pool).put_user(User(name, role, hash_password(password)))
    finally:
        pool.close()
    return "pool"


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Sign-in name (letters, digits, . _ - @).")],
    role: Annotated[str, typer.Option("--role", help="annotator | reviewer | admin")] = "annotator",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
) -> None:
    """Create an account, or change its role and password (its open sessions end)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        where = set_user(get_settings(), name, role, password)
    except (ValueError, RuntimeError, OSError) as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    out.print(f"account {name} ({role}) saved ({'through the running worker' if where == 'worker' else 'in the pool'})")


@users_app.command("list")
def list_users() -> None:
    """Names and roles (never password hashes)."""
    settings = get_settings()
    reader = open_reader(settings)
    if isinstance(reader, Pool):
        reader.migrate()
    db = settings.clickhouse_database
    _, rows = reader.query(f"SELECT name, role, disabled FROM {db}.annotation_accounts ORDER BY name")
    for name, role, disabled in rows:
        out.print("\t".join([name, role, *(["disabled"] if disabled else [])]), highlight=False)


def print_console_access(console: Console, settings: Settings, web_url: str, demo_accounts: bool) -> None:
    """For `instructflow up`: the console URL and, for a demo, fresh demo accounts."""
    if not settings.annotation_console:
        return
    console.print(f"  console: {web_url}{PREFIX}/  (annotation: sign in, N = next prompt)")
    if not demo_accounts:
        console.print("           add accounts with `instructflow users add NAME --role annotator|reviewer|admin`")
        return
    for name, role in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(9)
        try:
            set_user(settings, name, role, password, web_url=web_url)
        except (RuntimeError, OSError, httpx.HTTPError) as exc:
            console.print(f"           [red]could not create {name}[/]: {exc}")
            continue
        console.print(f"           {role:9s}: {name} / {password}", highlight=False)
