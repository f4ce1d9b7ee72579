"""The `scout` command line: a thin adapter over the same service Slack uses.

Exit codes: 0 done, 2 bad input or unusable file (with a one-line reason on stderr), 1 unexpected.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from config.settings import Settings
from scout.wiring import configure_logging, make_seed_store, make_service, make_store

if TYPE_CHECKING:
    from matching.profile import Profile
    from matching.store_types import UpsertReport
    from retrieval.sharded_store import ShardedProfileStore
    from retrieval.store import ChromaProfileStore

USAGE_EXIT = 2


def _settings() -> Settings:
    from pydantic import ValidationError

    from matching import domain
    from matching.taxonomy import TaxonomyError, configure

    try:
        settings = Settings()
    except ValidationError as exc:
        # One line per bad setting, never a traceback (e.g. SCOUT_COLLECTION=ux is too short for Chroma).
        first = exc.errors()[0]
        _fail(str(first.get("msg", "invalid setting")).removeprefix("Value error, "))
    configure_logging(settings)
    try:
        configure(settings.taxonomy)
    except TaxonomyError as error:
        click.echo(f"error: {error} (SCOUT_TAXONOMY)", err=True)
        sys.exit(USAGE_EXIT)
    try:
        domain.configure(settings.domain)
    except domain.DomainError as error:
        click.echo(f"error: {error} (SCOUT_DOMAIN)", err=True)
        sys.exit(USAGE_EXIT)
    return settings


def _echo_json(doc: Any) -> None:
    from scout.terminal import json_for_terminal

    click.echo(json_for_terminal(doc))


def _fail(message: str) -> NoReturn:
    """One line on stderr (terminal-safe) and the usage exit code."""
    from scout.terminal import sanitize

    click.echo(f"error: {sanitize(message)}", err=True)
    sys.exit(USAGE_EXIT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="scout")
def main() -> None:
    """Scout: micro-influencers ranked by fit, not reach."""


@main.command()
def seed() -> None:
    """Load the bundled sample dataset into the configured store (running it twice changes nothing)."""
    from sample_data import load_profiles

    settings = _settings()
    store = make_seed_store(settings)  # shipped vectors: the sample is written, not re-embedded
    _refuse_read_only(store, settings)
    profiles = load_profiles()
    report = _upsert_with_progress(store, profiles)
    click.echo(
        f"Seeded {len(profiles):,} sample profiles into {settings.store_label}: "
        f"{report.added:,} added, {report.updated:,} updated, {report.unchanged:,} unchanged."
    )


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--platform", help="Platform of every row (instagram, tiktok, youtube, ...).")
@click.option("--map", "mapping", multiple=True, metavar="FIELD=COLUMN", help="Explicit column mapping.")
@click.option(
    "--dry-run", is_flag=True, help="Read and validate only: the same counts and rejects, nothing written."
)
def ingest(path: Path, platform: str | None, mapping: tuple[str, ...], dry_run: bool) -> None:
    """Load profiles from a CSV, JSON or JSONL file; bad rows are reported on stderr with line numbers."""
    from matching.categories import category_summary
    from retrieval.ingest import IngestError, open_profiles
    from retrieval.niche_embedding import NicheMapper
    from scout.ingesting import StoreStoppedError, on_a_terminal, rejected_line, run_ingest, store_failures

    settings = _settings()
    explicit: dict[str, str] = {}
    for item in mapping:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            _fail(f"--map takes FIELD=COLUMN, got {item!r}")
        explicit[field.strip()] = column.strip()
    try:
        table = open_profiles(path, platform=platform, mapping=explicit or None)
    except IngestError as exc:
        _fail(str(exc))
    store = None
    if not dry_run:
        try:
            store = make_store(settings)
        except store_failures() as exc:
            _fail(
                f"the store at {settings.store_label} is not answering ({type(exc).__name__}); nothing written"
            )
        _refuse_read_only(store, settings)
    try:
        totals = run_ingest(
            table,
            store,
            report=lambda row: click.echo(rejected_line(path.name, row), err=True),
            progress=on_a_terminal(),
            # Labels the taxonomy does not list: nearest niche by embedding, when one is clearly close.
            prepare=None if store is None else NicheMapper(store.embedder),
        )
    except StoreStoppedError as exc:
        _fail(str(exc))
    if store is None:
        click.echo(
            f"{path.name}: {totals.accepted:,} accepted, {totals.rejected:,} rejected (dry run: nothing written)."
        )
    else:
        click.echo(
            f"{path.name}: {totals.accepted:,} accepted, {totals.rejected:,} rejected "
            f"({totals.added:,} added, {totals.updated:,} updated, {totals.unchanged:,} unchanged)."
        )
    if line := category_summary(totals.label_lists(), by_embedding=totals.by_embedding):
        click.echo(line)


def _refuse_read_only(store: ChromaProfileStore | ShardedProfileStore, settings: Settings) -> None:
    if store.read_only:
        _fail(f"the store at {settings.store_label} is read-only: nothing written (reads still work)")


def _upsert_with_progress(
    store: ChromaProfileStore | ShardedProfileStore, profiles: list[Profile]
) -> UpsertReport:
    # A progress bar on a terminal, quiet otherwise (CI logs, pipes).
    if sys.stderr.isatty() and len(profiles) > 500:
        with click.progressbar(length=len(profiles), label="Embedding", file=sys.stderr) as bar:
            return store.upsert(profiles, progress=bar.update)
    return store.upsert(profiles)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(as_json: bool) -> None:
    """What the store holds."""
    settings = _settings()
    st = make_store(settings).stats()
    doc = st.model_dump(mode="json")
    if as_json:
        _echo_json(doc)
        return
    click.echo(f"{st.profiles:,} profiles in {st.store}")
    click.echo("by platform: " + ", ".join(f"{k} {v:,}" for k, v in sorted(st.by_platform.items())))
    click.echo("by tier:     " + ", ".join(f"{k} {v:,}" for k, v in st.by_tier.items()))


@main.command()
@click.argument("question", required=False, default="")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON document of docs/CONTRACT.md.")
@click.option("-k", "k", type=click.IntRange(1, 25), default=None, help="Number of picks (1-25).")
def ask(question: str, as_json: bool, k: int | None) -> None:
    """Answer one question."""
    from assistant.composer import USAGE
    from scout.terminal import render

    if not question.strip():
        click.echo('usage: scout ask "QUESTION" [--json] [-k N]\n\n' + USAGE, err=True)
        sys.exit(USAGE_EXIT)
    settings = _settings()
    service = make_service(settings)
    reply = service.ask(question, k=k)
    if as_json:
        _echo_json(reply.answer.to_json())
    else:
        click.echo(render(reply.answer))
    if reply.answer.kind == "help" and not reply.answer.recommendations and reply.answer.brief is None:
        sys.exit(USAGE_EXIT)


@main.command()
def chat() -> None:
    """An interactive thread on the terminal: ask, then follow up ('tell me more about #2', 'export')."""
    from assistant.answer import ThreadState
    from assistant.composer import USAGE
    from scout.terminal import render

    settings = _settings()
    service = make_service(settings)
    state: ThreadState | None = None
    click.echo("Scout chat. " + USAGE + "\nType 'new' to start a new thread, 'quit' to leave.")
    while True:
        try:
            text = click.prompt("you", prompt_suffix="> ", default="", show_default=False)
        except (EOFError, click.Abort):
            click.echo()
            return
        if text.strip().lower() in ("quit", "exit", "q"):
            return
        if text.strip().lower() == "new":
            state = None
            click.echo("(new thread)")
            continue
        reply = service.ask(text, state)
        click.echo(render(reply.answer))
        if reply.answer.csv:
            out = Path("scout-export.csv")
            out.write_text(reply.answer.csv, encoding="utf-8")
            click.echo(f"(saved {out})")
        if reply.state is not None:
            state = reply.state


@main.command()
@click.option("--http", "force_http", is_flag=True, help="HTTP mode even when SLACK_APP_TOKEN is set.")
@click.option("--port", type=int, default=None, help="HTTP port (default: PORT or 3000).")
def serve(force_http: bool, port: int | None) -> None:
    """Run the Slack bot: Socket Mode with SLACK_APP_TOKEN, else HTTP (POST /slack/events, GET /healthz)."""
    from bot.app import create_app
    from bot.server import serve_http, serve_socket_mode

    settings = _settings()
    missing = [n for n, v in (("SLACK_BOT_TOKEN", settings.slack_bot_token),) if v is None]
    socket_mode = settings.slack_app_token is not None and not force_http
    if not socket_mode and settings.slack_signing_secret is None:
        missing.append("SLACK_SIGNING_SECRET")
    if missing:
        click.echo(f"error: {', '.join(missing)} not set (see .env.example)", err=True)
        sys.exit(USAGE_EXIT)
    service = make_service(settings)
    # Load the model and the search index before the first mention, not during it.
    service.warm()
    app = create_app(service, settings.slack_config(), socket_mode=socket_mode)
    if socket_mode:
        assert settings.slack_app_token is not None
        serve_socket_mode(app, settings.slack_app_token.get_secret_value())
    else:
        # /healthz asks the store itself (one count), so a dead store gives 503, not "ok".
        ping = getattr(service.store, "ping", None)
        serve_http(app, port or settings.port, health=ping if callable(ping) else None)


@main.command("eval")
@click.option("--json", "as_json", is_flag=True)
@click.option(
    "--real-data",
    "real_data",
    default=None,
    help="Folder of the real datasets (default ../shared/data/real).",
)
def eval_cmd(as_json: bool, real_data: str | None) -> None:
    """Answer quality on labelled briefs against a followers baseline and a vector baseline."""
    from scout.evaluation import format_table, run_evaluation
    from scout.real_eval import format_real_tables, run_real_evaluation

    settings = _settings()
    service = make_service(settings)
    report = run_evaluation(service)
    # The real-data suites need ../shared beside the project; they report a skip reason without it.
    real_dir = (
        Path(real_data)
        if real_data
        else Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "real"
    )
    embedder = getattr(service.store, "embedder", None)
    if embedder is None:
        report["real"] = {"skipped": "the configured store exposes no embedding model"}
    else:
        report["real"] = run_real_evaluation(real_dir, embedder, progress=None if as_json else click.echo)
    if as_json:
        _echo_json(report)
    else:
        click.echo(format_table(report))
        click.echo("")
        click.echo(format_real_tables(report["real"]))


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--profiles", "n_profiles", type=int, default=100_000, show_default=True)
@click.option("--skip-ingest", is_flag=True, help="Skip the real-model ingest figures (for size sweeps).")
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the synthetic store in DIR and reuse it on a later run of the same size.",
)
def bench(as_json: bool, n_profiles: int, skip_ingest: bool, store_dir: Path | None) -> None:
    """Speed, memory and cost figures (writes nothing to the configured store)."""
    from scout.bench import BenchRefused, check_size, format_bench, run_bench
    from scout.bench_store import StoreRefused

    settings = _settings()
    try:
        check_size(n_profiles)
    except BenchRefused as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(USAGE_EXIT)
    try:
        report = run_bench(
            settings,
            n_profiles=n_profiles,
            ingest=not skip_ingest,
            progress=None if as_json else click.echo,
            store_dir=store_dir,
        )
    except StoreRefused as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(USAGE_EXIT)
    if as_json:
        _echo_json(report)
    else:
        click.echo(format_bench(report))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the JSON document of docs/CONTRACT.md.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=1000, show_default=True)
def feedback(as_json: bool, limit: int) -> None:
    """The feedback the team gave in Slack (thumbs up/down, 'Not a fit'), newest first."""
    from scout.wiring import make_feedback_log

    settings = _settings()
    entries = make_feedback_log(settings).entries(limit)
    if as_json:
        _echo_json({"feedback": [e.to_json() for e in entries]})
        return
    if not entries:
        click.echo("No feedback yet. Use the thumbs and 'Not a fit' under Scout's answers in Slack.")
        return
    for e in entries:
        who = f"@{e.handle} " if e.handle else ""
        reason = f" ({e.reason})" if e.reason else ""
        line = f"{e.at:%Y-%m-%d %H:%M} {e.value:<9} {who}by {e.user} in {e.channel}: {e.question}{reason}"
        # Questions and reasons are user text: no control sequences reach the terminal.
        click.echo("".join(ch for ch in line if ch.isprintable()))


if __name__ == "__main__":
    main()
