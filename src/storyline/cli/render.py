"""Terminal rendering with rich: tables, briefs and progress bars.

Everything human-readable goes through here; JSON output bypasses it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from ..models import Article, Brief, Event, Lineage, Skipped, Story
from ..service import Progress as ProgressCallback
from ..store.base import SearchHit

# Article text is untrusted: everything from it is passed through escape()
# so a title like "[red]x" is shown literally, never as rich markup.

_STAGE_NAMES = {
    "read": "Reading inputs",
    "embed": "Embedding sentences",
    "group": "Grouping events",
    "lineage": "Tracing lineage",
    "brief": "Writing briefs",
}


@contextmanager
def progress_bar(console: Console, enabled: bool = True) -> Iterator[ProgressCallback]:
    """A callback for service functions that draws one bar per stage on stderr."""
    if not enabled:
        yield lambda stage, done, total: None
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_STAGE_NAMES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def short(article: Article) -> str:
    """How an article is named in citations: its outlet, else its file name."""
    if article.outlet:
        return article.outlet
    name = article.path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def print_skipped(console: Console, skipped: Sequence[Skipped]) -> None:
    """One ``path: reason`` line per skipped input, so it can be grepped and copied."""
    for item in skipped:
        console.print(
            f"[yellow]skipped[/yellow] {escape(item.path)}: {escape(item.reason)}",
            soft_wrap=True,
        )
    if skipped:
        console.print(f"[yellow]{len(skipped)} input(s) skipped[/yellow]")


def articles_table(articles: Sequence[Article], title: str) -> Table:
    table = Table(title=title, title_style="bold")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("outlet")
    table.add_column("published")
    table.add_column("title", overflow="fold")
    for a in articles:
        table.add_row(
            a.id,
            escape(a.outlet or "—"),
            a.published.isoformat() if a.published else "[dim]unknown[/dim]",
            escape(a.title),
        )
    return table


def stories_table(stories: Sequence[Story], events: dict[str, Event]) -> Table:
    table = Table(title=f"{len(stories)} stories", title_style="bold")
    table.add_column("story / event", style="cyan", no_wrap=True)
    table.add_column("dates", no_wrap=True)
    table.add_column("articles", justify="right")
    table.add_column("label", overflow="fold")
    for story in stories:
        members = [events[e] for e in story.event_ids]
        table.add_row(
            story.id,
            _dates(members),
            str(sum(len(e.article_ids) for e in members)),
            f"[bold]{escape(story.label)}[/bold]",
        )
        for event in members:
            table.add_row(
                f"  └ {event.id}", _dates([event]), str(len(event.article_ids)), escape(event.label)
            )
    return table


def _dates(events: Sequence[Event]) -> str:
    days = sorted(d for e in events for d in (e.start, e.end) if d)
    if not days:
        return "[dim]undated[/dim]"
    first, last = days[0].isoformat(), days[-1].isoformat()
    return first if first == last else f"{first} → {last}"


def brief_panel(brief: Brief, articles: dict[str, Article]) -> Panel:
    """The summary with a bracketed source list after every sentence."""
    numbers: dict[str, int] = {}
    lines = []
    for sentence in brief.sentences:
        for c in sentence.citations:
            numbers.setdefault(c.article_id, len(numbers) + 1)
        refs = sorted(numbers[c.article_id] for c in sentence.citations)
        cited = ", ".join(map(str, refs))
        lines.append(f"{escape(sentence.text)} [cyan]\\[{cited}][/cyan]")
    sources = [
        f"[cyan]\\[{n}][/cyan] {escape(short(articles[a]))} — {escape(articles[a].title)} "
        f"[dim]({a})[/dim]"
        for a, n in numbers.items()
        if a in articles
    ]
    coverage = ", ".join(
        f"{escape(c.outlet)}: {c.articles} article{'s' if c.articles != 1 else ''}"
        for c in brief.coverage
    )
    body = "\n\n".join(lines) or "[dim]No sentence long enough to summarise.[/dim]"
    body += "\n\n[bold]Sources[/bold]\n" + "\n".join(sources)
    body += (
        f"\n\n[bold]Coverage[/bold] {brief.articles} article(s), "
        f"[bold]{brief.independent_reports} independent report(s)[/bold] — {coverage}"
    )
    return Panel(body, title=f"[bold]{escape(brief.title)}[/bold]", title_align="left")


def lineage_table(lineage: Lineage, articles: dict[str, Article], event_id: str) -> Table:
    """Which articles descend from one report, its likely origin and credited sources."""
    groups = [g for g in lineage.groups if g.event_id == event_id]
    table = Table(
        title=f"Lineage: {len(groups)} independent report(s)", title_style="bold", show_lines=True
    )
    table.add_column("report", no_wrap=True)
    table.add_column("articles (★ likely origin)", overflow="fold")
    table.add_column("why that origin", overflow="fold")
    table.add_column("credits", overflow="fold")
    relation = {frozenset((k.a, k.b)): k for k in lineage.links}
    for number, group in enumerate(groups, start=1):
        names = []
        for member in group.article_ids:
            star = "★ " if member == group.origin else ""
            link = next(
                (relation[frozenset((member, o))] for o in group.article_ids
                 if frozenset((member, o)) in relation),
                None,
            )  # fmt: skip
            how = f" [dim]({link.relation.value}, {link.aligned} sentences)[/dim]" if link else ""
            names.append(f"{star}{escape(short(articles[member]))}{how}")
        origin = group.origin_reason if group.origin else f"[yellow]{group.origin_reason}[/yellow]"
        table.add_row(
            str(number), "\n".join(names), escape(origin), escape(", ".join(group.credited) or "—")
        )
    return table


def search_table(query: str, hits: Sequence[SearchHit]) -> Table:
    table = Table(title=f"{len(hits)} result(s) for {escape(query)!r}", title_style="bold")
    table.add_column("article", style="cyan", no_wrap=True)
    table.add_column("outlet")
    table.add_column("title / snippet", overflow="fold")
    for hit in hits:
        snippet = escape(hit.snippet).replace("«", "[bold yellow]").replace("»", "[/bold yellow]")
        table.add_row(hit.article_id, escape(hit.outlet or "—"), f"{escape(hit.title)}\n{snippet}")
    return table
