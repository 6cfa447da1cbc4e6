"""Terminal rendering with rich: tables, briefs and progress bars.

Everything human-readable goes through here; JSON output bypasses it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

from rich.console import Console, RenderableType
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
from rich.text import Text

from ..entity_profile import EntityProfile
from ..explain import ArticleLineage, LinkEvidence
from ..models import (
    Article,
    Brief,
    ClaimGroup,
    Conflict,
    Event,
    Lineage,
    Skipped,
    Source,
    Story,
)
from ..present.counts import plural
from ..present.lineage_words import link_in_brief, link_in_words, match_in_words
from ..present.sources import (
    DIFFER_CAVEAT,
    DIFFER_HEADING,
    DIFFER_NONE,
    Sources,
    conflict_heading,
    excerpt,
    source_name,
)
from ..search import Mode, SearchResult
from ..service import Progress as ProgressCallback

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
    return source_name(article)


def print_skipped(console: Console, skipped: Sequence[Skipped]) -> None:
    """One ``path: reason`` line per skipped input, so it can be grepped and copied."""
    for item in skipped:
        console.print(
            f"[yellow]skipped[/yellow] {escape(item.path)}: {escape(item.reason)}",
            soft_wrap=True,
        )
    if skipped:
        console.print(f"[yellow]{len(skipped)} input(s) skipped[/yellow]")


def stacked(title: str, cells: Sequence[str]) -> Table:
    """A one-column table, one cell per item: what a narrow terminal shows instead of
    columns squeezed to a word each."""
    table = Table(title=title, title_style="bold", show_header=False, expand=True)
    table.add_column("item", overflow="fold")
    for cell in cells:
        table.add_row(cell)
    return table


def articles_table(articles: Sequence[Article], title: str) -> Table:
    if _width() < NARROW_COLUMNS:
        return stacked(
            title,
            [
                f"[cyan]{a.id}[/cyan] · {escape(a.outlet or '—')} · "
                f"{a.published.isoformat() if a.published else '[dim]date unknown[/dim]'}\n"
                f"{escape(a.title)}"
                for a in articles
            ],
        )
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


# Below this width the id and the days go under the label instead of in columns.
NARROW_COLUMNS = 88


def stories_table(
    stories: Sequence[Story], events: dict[str, Event], total: int | None = None
) -> Table:
    """Stories with their events under them; in a narrow terminal, one column."""
    count = total if total is not None else len(stories)
    title = plural(count, "story", "stories")
    if _width() < NARROW_COLUMNS:
        return _narrow_stories(stories, events, title)
    table = Table(title=title, title_style="bold")
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


def _narrow_stories(stories: Sequence[Story], events: dict[str, Event], title: str) -> Table:
    cells = []
    for story in stories:
        members = [events[e] for e in story.event_ids]
        articles = sum(len(e.article_ids) for e in members)
        lines = [
            f"[bold]{escape(story.label)}[/bold]",
            f"[cyan]{story.id}[/cyan] · {_dates(members)} · {plural(articles, 'article')}",
        ]
        if len(members) > 1:
            lines += [f"  └ [cyan]{e.id}[/cyan] {escape(e.label)}" for e in members]
        cells.append("\n".join(lines))
    return stacked(title, cells)


def _width() -> int:
    return Console().width


def _dates(events: Sequence[Event]) -> str:
    days = sorted(d for e in events for d in (e.start, e.end) if d)
    if not days:
        return "[dim]undated[/dim]"
    first, last = days[0].isoformat(), days[-1].isoformat()
    return first if first == last else f"{first} → {last}"


def _cites(numbers: Sequence[int]) -> str:
    """Citation numbers as "[1][3]", coloured, with rich's markup brackets escaped."""
    return "".join(f"[cyan]\\[{n}][/cyan]" for n in numbers)


def _support(count: int) -> str:
    return f" [dim]({plural(count, 'independent report')})[/dim]" if count > 1 else ""


def _sources_list(sources: Sources, only: set[int] | None = None) -> str:
    """One line per source: number, outlet, title, id and date (``only``: those numbers)."""
    lines = []
    for source in sources.all():
        if only is not None and source.number not in only:
            continue
        article = source.article
        when = f", {article.published.isoformat()}" if article.published else ""
        link = f" {escape(source.url)}" if source.url else ""
        lines.append(
            f"[cyan]\\[{source.number}][/cyan] [bold]{escape(source.name)}[/bold] — "
            f"{escape(article.title)} [dim]({article.id}{when}){link}[/dim]"
        )
    return "\n".join(lines)


def _same_point(numbers: Sequence[int]) -> str:
    """Sources on the sentence's point that do not state it in full: not counted."""
    return f" [dim](same point: {_cites(numbers)})[/dim]" if numbers else ""


def _summary_text(brief: Brief, sources: Sources) -> str:
    lines = [
        f"{escape(s.text)} {_cites(sources.cited(s.citations))}{_support(s.independent_support)}"
        f"{_same_point(sources.cited(s.related))}"
        for s in brief.sentences
    ]
    return "\n\n".join(lines) or "[dim]No sentence long enough to summarise.[/dim]"


def brief_panel(brief: Brief, articles: dict[str, Article]) -> Panel:
    """The summary, a numbered citation after every sentence, and the sources it cites.

    ``articles`` may hold more than the brief's own articles (``analyze`` passes
    them all), so only the sources the summary cites are listed.
    """
    sources = Sources(brief, articles)
    cited = set(
        sources.numbers(c.article_id for s in brief.sentences for c in (*s.citations, *s.related))
    )
    body = _summary_text(brief, sources)
    body += "\n\n[bold]Sources[/bold]\n" + _sources_list(sources, cited)
    coverage = ", ".join(
        f"{escape(c.outlet)}: {plural(c.articles, 'article')}" for c in brief.coverage
    )
    body += (
        f"\n\n[bold]Coverage[/bold] {plural(brief.articles, 'article')}, "
        f"[bold]{plural(brief.independent_reports, 'independent report')}[/bold] — {coverage}"
    )
    return Panel(body, title=f"[bold]{escape(brief.title)}[/bold]", title_align="left")


def _claims_table(title: str, groups: Sequence[ClaimGroup], sources: Sources) -> Table:
    table = Table(
        title=title, title_style="bold", title_justify="left", show_lines=True, expand=True
    )
    table.add_column("claim", overflow="fold", ratio=3)
    table.add_column("sources", min_width=10)
    table.add_column("according to", overflow="fold", ratio=1)
    for group in groups:
        said_by = sorted({c.attribution for c in group.claims if c.attribution})
        support = _support(group.independent_support).strip()
        table.add_row(
            escape(group.text),
            _cites(sources.numbers(group.article_ids)) + (f"\n{support}" if support else ""),
            escape(", ".join(said_by)) or "[dim]the outlet[/dim]",
        )
    return table


def _conflict_table(conflict: Conflict, sources: Sources, articles: dict[str, Article]) -> Table:
    """One column per side: the value, who says it, and their own words."""
    table = Table(
        title=escape(conflict_heading(conflict)),
        title_style="bold yellow",
        title_justify="left",
        expand=True,
    )
    cells = []
    for side in conflict.sides:
        who = ", ".join(sources.names(side.article_ids))
        table.add_column(
            f"[bold]{escape(side.value)}[/bold]\n[dim]{escape(who)} · "
            f"{plural(side.independent_support, 'independent report')}[/dim]",
            overflow="fold",
            ratio=1,
        )
        quotes = [
            f"“{escape(words)}” {_cites(sources.cited([c]))}"
            for c in side.citations
            if (words := excerpt(c, articles))
        ]
        cells.append("\n\n".join(quotes))
    table.add_row(*cells)
    return table


def _who_table(brief: Brief) -> Table:
    table = Table(title="Who's who", title_style="bold", title_justify="left")
    table.add_column("name", no_wrap=True)
    table.add_column("kind")
    table.add_column("roles as written", overflow="fold")
    table.add_column("articles", justify="right")
    for w in brief.who:
        table.add_row(
            escape(w.name), escape(w.type), escape("; ".join(w.roles)) or "—", str(w.articles)
        )
    return table


def _timeline_table(brief: Brief, sources: Sources) -> Table:
    table = Table(title="Timeline", title_style="bold", title_justify="left", show_lines=True)
    table.add_column("date", style="bold", no_wrap=True)
    table.add_column("what happened", overflow="fold")
    for entry in brief.timeline:
        table.add_row(
            f"{'after ' if entry.after else ''}{entry.day.isoformat()}\n[dim]{entry.day:%A}[/dim]",
            f"{escape(entry.text)} {_cites(sources.cited(entry.citations))}"
            f"{_support(entry.independent_support)}",
        )
    return table


def _coverage_table(brief: Brief, sources: Sources) -> Table:
    table = Table(title="Coverage", title_style="bold", title_justify="left")
    table.add_column("outlet")
    table.add_column("articles", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("sources", no_wrap=True)
    for row in brief.coverage:
        table.add_row(
            escape(row.outlet),
            str(row.articles),
            "█" * min(row.articles, 40),
            _cites(sources.of_outlet(row.outlet)),
        )
    return table


def _note(text: str) -> Text:
    return Text(text, style="dim")


# Differences are listed likeliest first; past these a terminal reader stops reading.
DIFFERENCES_IN_TERMINAL = 5


def brief_sections(brief: Brief, articles: dict[str, Article]) -> list[RenderableType]:
    """The whole brief for the terminal: summary, every section, then the sources.

    ``articles`` are the brief's own articles (``reading.show`` gives them).
    """
    sources = Sources(brief, articles)
    summary = Panel(
        _summary_text(brief, sources),
        title=f"[bold]{escape(brief.title)}[/bold]",
        title_align="left",
        subtitle=f"{escape(brief.subject_id)} · {plural(brief.articles, 'article')} from "
        f"{plural(brief.independent_reports, 'independent report')}",
        subtitle_align="left",
    )
    parts: list[RenderableType] = [summary]
    parts.append(
        _claims_table("What sources agree on", brief.agreed, sources)
        if brief.agreed
        else _note("What sources agree on: nothing is stated by two independent reports.")
    )
    if brief.conflicts:
        parts.append(Text(DIFFER_HEADING, style="bold"))
        parts.append(_note(DIFFER_CAVEAT))
        shown = brief.conflicts[:DIFFERENCES_IN_TERMINAL]
        parts += [_conflict_table(c, sources, articles) for c in shown]
        if rest := len(brief.conflicts) - len(shown):
            parts.append(_note(f"{rest} more, less likely, in --format html, markdown or json."))
    else:
        parts.append(_note(f"{DIFFER_HEADING}: {DIFFER_NONE.lower()}"))
    if brief.single_source:
        parts.append(_claims_table("Only one source says", brief.single_source, sources))
    if brief.who:
        parts.append(_who_table(brief))
    parts.append(
        _timeline_table(brief, sources) if brief.timeline else _note("Timeline: no dates found.")
    )
    parts.append(_coverage_table(brief, sources))
    parts.append(
        f"{plural(brief.articles, 'article')} from "
        f"[bold]{plural(brief.independent_reports, 'independent report')}[/bold] "
        "[dim](copies and rewrites of one report count once)[/dim]"
    )
    parts.append(Text("Sources", style="bold"))
    parts.append(_sources_list(sources))
    return parts


def lineage_table(
    lineage: Lineage, articles: dict[str, Article], event_id: str, label: str | None = None
) -> Table:
    """Which articles descend from one report, its likely origin and credited sources;
    ``label`` names the event, for a story's several tables."""
    groups = [g for g in lineage.groups if g.event_id == event_id]
    reports = plural(len(groups), "independent report")
    title = f"Lineage of {escape(label)!r}: {reports}" if label else f"Lineage: {reports}"
    table = Table(title=title, title_style="bold", show_lines=True)
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
                (
                    relation[frozenset((member, o))]
                    for o in group.article_ids
                    if frozenset((member, o)) in relation
                ),
                None,
            )
            how = f" [dim]({escape(link_in_brief(link))})[/dim]" if link else ""
            names.append(f"{star}{escape(short(articles[member]))}{how}")
        origin = group.origin_reason if group.origin else f"[yellow]{group.origin_reason}[/yellow]"
        table.add_row(
            str(number), "\n".join(names), escape(origin), escape(", ".join(group.credited) or "—")
        )
    return table


def entity_profile(profile: EntityProfile, limit: int) -> list[RenderableType]:
    """An entity's header, roles, events and newest articles, as terminal tables."""
    entity = profile.entity
    head = Text.assemble(
        (entity.name, "bold"),
        f"  {entity.type.value} · {len(entity.article_ids)} article(s) · "
        f"{len(entity.mentions)} mention(s)\n",
        ("written ", "dim"),
        ", ".join(entity.variants[:10]),
        ("\nid ", "dim"),
        (entity.id, "cyan"),
    )
    parts: list[RenderableType] = [Panel(head, expand=False)]
    if profile.namesakes:
        others = ", ".join(f"{n.name} ({n.id})" for n in profile.namesakes[:8])
        parts.append(Text(f"Also answering to this name: {others}", style="dim"))
    if profile.roles:
        roles = Table(title="Roles as written", title_justify="left")
        roles.add_column("role", overflow="fold")
        roles.add_column("articles", justify="right")
        for role, n in profile.roles[:limit]:
            roles.add_row(escape(role), str(n))
        parts.append(roles)
    story_of = {ev: s.id for s, _ in profile.stories for ev in s.event_ids}
    events = Table(title="Events naming it", title_justify="left")
    events.add_column("event", style="cyan", no_wrap=True)
    events.add_column("dates", no_wrap=True)
    events.add_column("articles", justify="right")
    events.add_column("label", overflow="fold")
    events.add_column("story", style="dim", no_wrap=True)
    for event, n in profile.events[:limit]:
        events.add_row(
            event.id, _dates([event]), str(n), escape(event.label), story_of.get(event.id, "—")
        )
    parts.append(events if profile.events else Text("Not in any event yet: run analyze."))
    articles = Table(
        title=f"Newest {min(limit, len(profile.appearances))} of "
        f"{len(entity.article_ids)} article(s)",
        title_justify="left",
    )
    articles.add_column("article", style="cyan", no_wrap=True)
    articles.add_column("published", no_wrap=True)
    articles.add_column("outlet")
    articles.add_column("title", overflow="fold")
    articles.add_column("mentions", justify="right")
    for a in profile.appearances[:limit]:
        published = a.article.published.isoformat() if a.article.published else "—"
        articles.add_row(
            a.article.id,
            published,
            escape(a.article.outlet or "—"),
            escape(a.article.title or "—"),
            str(a.mentions),
        )
    parts.append(articles)
    return parts


def search_table(query: str, results: Sequence[SearchResult], mode: Mode) -> Table:
    """One row a hit: id (for `storyline show`), date, outlet, then title, snippet and
    the event and story it belongs to."""
    how = "closest in meaning to" if mode is Mode.SEMANTIC else "for"
    title = f"{plural(len(results), 'result')} {how} {escape(query)!r}"
    if _width() < NARROW_COLUMNS:
        return stacked(title, [_search_cell(r) for r in results])
    table = Table(title=title, title_style="bold")
    table.add_column("article", style="cyan", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("outlet", overflow="fold", max_width=18)
    table.add_column("title / snippet / where it belongs", overflow="fold", ratio=1)
    for result in results:
        hit = result.hit
        snippet = escape(hit.snippet).replace("«", "[bold yellow]").replace("»", "[/bold yellow]")
        where = []
        if result.event is not None:
            where.append(f"event: {escape(result.event.label)}")
        if result.story is not None and (
            result.event is None or result.story.label != result.event.label
        ):
            where.append(f"story: {escape(result.story.label)}")
        day = result.published.isoformat() if result.published else "—"
        if result.inferred:
            day = f"~{day}"
        lines = [f"[bold]{escape(hit.title)}[/bold]", snippet]
        if where:
            lines.append(f"[dim]{' · '.join(where)}[/dim]")
        table.add_row(hit.article_id, day, escape(hit.outlet or "—"), "\n".join(lines))
    if any(r.inferred for r in results):
        table.caption = "~ a date inferred from the article's event"
    return table


def _search_cell(result: SearchResult) -> str:
    hit = result.hit
    day = result.published.isoformat() if result.published else "date unknown"
    if result.inferred:
        day = f"about {day}"
    snippet = escape(hit.snippet).replace("«", "[bold yellow]").replace("»", "[/bold yellow]")
    where = f"\n[dim]event: {escape(result.event.label)}[/dim]" if result.event else ""
    return (
        f"[cyan]{hit.article_id}[/cyan] · {day} · {escape(hit.outlet or '—')}\n"
        f"[bold]{escape(hit.title)}[/bold]\n{snippet}{where}"
    )


def _when(moment: datetime | None) -> str:
    """Time of day (UTC) when it is today, else the date as well."""
    if moment is None:
        return "—"
    moment = moment.astimezone(UTC)
    today = datetime.now(UTC).date() == moment.date()
    return moment.strftime("%H:%M:%S" if today else "%Y-%m-%d %H:%M")


# A failed poll's status is cut to this many characters here (--json has it whole).
STATUS_CHARS = 160


def sources_table(sources: Sequence[Source]) -> Table:
    """One row a source. Long statuses wrap instead of squeezing the other columns out;
    in a narrow terminal each source is one stacked cell."""
    if _width() < NARROW_COLUMNS:
        return _narrow_sources(sources)
    table = Table(title="Live sources", title_justify="left")
    table.add_column("id", style="cyan", no_wrap=True, min_width=9)
    table.add_column("location", overflow="fold", ratio=3, min_width=16)
    table.add_column("every", justify="right", no_wrap=True, min_width=5)
    table.add_column("articles", justify="right", no_wrap=True, min_width=8)
    table.add_column("next poll", no_wrap=True, min_width=8)
    table.add_column("last poll", overflow="fold", ratio=2, min_width=12)
    for source in sources:
        style = "red" if source.failures else ""
        table.add_row(
            source.id[:9],
            escape(source.location),
            duration_text(source.interval_seconds),
            str(source.articles),
            _when(source.next_poll),
            Text(_status(source), style=style),
        )
    return table


def _narrow_sources(sources: Sequence[Source]) -> Table:
    cells = []
    for source in sources:
        style = "red" if source.failures else "dim"
        cells.append(
            f"[cyan]{source.id[:9]}[/cyan] {escape(source.location)}\n"
            f"every {duration_text(source.interval_seconds)} · "
            f"{plural(source.articles, 'article')} · next {_when(source.next_poll)}\n"
            f"[{style}]{escape(_status(source))}[/{style}]"
        )
    return stacked("Live sources", cells)


def _status(source: Source) -> str:
    status = source.last_status
    return status if len(status) <= STATUS_CHARS else status[: STATUS_CHARS - 1] + "…"


def duration_text(seconds: int) -> str:
    """900 -> '15m', 3600 -> '1h', 90 -> '90s': the shortest exact form."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def article_lineage(explained: ArticleLineage) -> list[RenderableType]:
    """Why an article counts where it does, for the terminal: its report, then each link
    with the sentences behind it."""
    article = explained.article
    parts: list[RenderableType] = [
        Text(short(article), style="bold"),
    ]
    if explained.event is None or explained.group is None:
        parts.append(Text("Not in an event yet: run `storyline analyze` (or wait for `poll`)."))
        return parts
    group = explained.group
    origin = "outside the corpus"
    if group.origin == article.id:
        origin = "this article"
    elif group.origin:
        origin = short(explained.members[group.origin])
    parts.append(
        Text(
            f"Event {explained.event.id}: {explained.reports} independent report(s). This article "
            f"is in a report of {len(group.article_ids)} article(s); likely origin: {origin} "
            f"({group.origin_reason})."
        )
    )
    if not explained.links:
        parts.append(Text("No copy, rewrite or reuse links: it is its own report.", style="green"))
    for item in explained.links:
        parts.append(_evidence_table(explained.article, item))
    for credit in explained.credits:
        said = article.text[credit.span.start : credit.span.end]
        parts.append(Text(f"Credits {credit.outlet} ({credit.form}): “{said}”", style="dim"))
    return parts


def _evidence_table(article: Article, item: LinkEvidence) -> Table:
    table = Table(
        title=f"{short(item.other)}: {link_in_words(item.link)}",
        title_justify="left",
        show_lines=True,
    )
    table.add_column("this article", overflow="fold", ratio=5)
    table.add_column(short(item.other), overflow="fold", ratio=5)
    table.add_column("match", overflow="fold", ratio=2)
    for pair in item.link.sentences:
        mine, theirs = item.sides(pair)
        said = article.text[mine.start : mine.end]
        table.add_row(
            escape(said),
            escape(item.other.text[theirs.start : theirs.end]),
            escape(match_in_words(item.link, pair, said)),
        )
    return table
