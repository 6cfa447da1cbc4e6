"""``storyline bench entities``: names found and merged, beside plain spaCy and exact matching."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from storyline.cli import render
from storyline.cli.common import err, friendly_errors, json_option, out

from .. import entities, entities_newswcl
from ..options import data_option


@click.command("entities")
@data_option(
    "--conll",
    entities.DEFAULT_CONLL,
    folder=False,
    help="CoNLL-2003 dev file (eng.testa).",
)
@data_option(
    "--meantime",
    entities.DEFAULT_MEANTIME,
    folder=True,
    help="MEANTIME folder holding corpus_*/*.xml.",
)
@data_option(
    "--newswcl",
    entities_newswcl.DEFAULT_NEWSWCL,
    folder=False,
    help="NewsWCL50 CoNLL file of cross-document chains (how outlets name one actor).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Use only the first N articles of each set (CoNLL: groups of "
    f"{entities.CONLL_GROUP} sentences) [default: all].",
)
@json_option
@friendly_errors
def command(conll: Path, meantime: Path, newswcl: Path, limit: int | None, as_json: bool) -> None:
    """Entity mentions and cross-document merging on CoNLL-2003, MEANTIME and NewsWCL50.

    CoNLL-2003 dev: exact-span precision, recall and F1 for people,
    organisations and places (MISC left out), for Storyline's entity layer
    and for the plain spaCy model it corrects. MEANTIME: named mention
    detection, and B³ of cross-document entity merging against exact-string
    matching, plus articles per second. NewsWCL50 dev: the proper-name
    mentions of its actor, country and group chains found, B³ of merging them
    across a topic's five outlets, and how many entities each named person
    falls into (one is right).
    """
    with render.progress_bar(err, enabled=not as_json) as progress:
        result = entities.run(conll, meantime, limit=limit, progress=progress)
        wcl = entities_newswcl.run_newswcl(newswcl, progress)
    if as_json:
        document = result.as_document()
        document["newswcl50"] = wcl.as_document()
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    if result.conll is not None:
        c = result.conll
        out.print(
            _detection_table(
                f"CoNLL-2003 dev, exact spans: {c.gold_names} names in {c.documents} "
                f"pseudo-articles of {entities.CONLL_GROUP} sentences (MISC excluded)",
                c.rows,
            )
        )
    if result.meantime is not None:
        m = result.meantime
        out.print(
            _detection_table(
                f"MEANTIME named mentions: {m.gold_names} in {m.documents} articles "
                "(only entities in annotated events are marked, so precision reads low)",
                m.detection,
            )
        )
        out.print(_coreference_table(m))
        out.print(
            f"Speed on MEANTIME: parse {m.parse_articles_per_second:,.1f} articles/s, "
            f"entity layer {m.entity_layer_articles_per_second:,.1f} articles/s, "
            f"together {m.total_articles_per_second:,.1f} articles/s"
        )
    if result.meantime_by_corpus:
        out.print(_meantime_by_corpus(result.meantime_by_corpus))
    _print_newswcl(wcl)
    out.print(_published_table(result))


def _meantime_by_corpus(results: tuple[entities.MeantimeResult, ...]) -> Table:
    table = Table(
        title="MEANTIME one corpus at a time (a correction must help on each)",
        title_justify="left",
    )
    for name in (
        "corpus",
        "articles",
        "mention R %: ours",
        "spaCy",
        "merging B³ F1 %: ours",
        "exact string",
    ):
        table.add_column(name, justify="left" if name == "corpus" else "right")
    for m in results:
        ours, spacy = m.detection
        merged, exact = m.coreference
        corpus = m.data.rsplit(" (", 1)[-1].rstrip(")")
        table.add_row(
            escape(corpus),
            str(m.documents),
            _percent(ours.overall.recall),
            _percent(spacy.overall.recall),
            _percent(merged.scores.f1),
            _percent(exact.scores.f1),
        )
    return table


def _print_newswcl(wcl: entities_newswcl.NewsWclResult) -> None:
    table = Table(
        title=f"NewsWCL50 dev: {wcl.gold_mentions} proper-name mentions in {wcl.gold_chains} "
        f"actor, country and group chains, {wcl.documents} articles in {wcl.topics} topics",
        title_justify="left",
    )
    table.add_column("system")
    for name in ("found exact %", "found overlapping %", "B³ P %", "B³ R %", "B³ F1 %", "clusters"):
        table.add_column(name, justify="right")
    merging = {system: (scores, clusters) for system, scores, clusters in wcl.merging}
    for system, exact, overlapping in wcl.detection:
        merged = merging.get(system)
        table.add_row(
            system,
            _percent(exact.recall),
            _percent(overlapping.recall),
            *(
                (
                    _percent(merged[0].precision),
                    _percent(merged[0].recall),
                    _percent(merged[0].f1),
                    str(merged[1]),
                )
                if merged
                else ("–",) * 4
            ),
        )
    for system, scores, clusters in wcl.merging:
        if system not in {s for s, _, _ in wcl.detection}:
            table.add_row(
                system,
                "–",
                "–",
                _percent(scores.precision),
                _percent(scores.recall),
                _percent(scores.f1),
                str(clusters),
            )
    out.print(table)
    people = "; ".join(
        f"{system} {_percent(scores.f1)} ({clusters} clusters)"
        for system, scores, clusters in wcl.people_merging
    )
    out.print(f"B³ F1 % on the {wcl.people_mentions} mentions of named person chains: {people}")
    split = ", ".join(f"{a.chain} ({a.entities})" for a in wcl.split_actors[:8])
    out.print(
        f"Named people in one entity each: {len(wcl.actors) - len(wcl.split_actors)} of "
        f"{len(wcl.actors)}" + (f"; split: {escape(split)}" if split else "")
    )


def _percent(value: float) -> str:
    return f"{100 * value:.1f}"


def _detection_table(title: str, rows: tuple[entities.SystemRow, ...]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("system")
    for name in ("P %", "R %", "F1 %", *(f"{t} F1 %" for t in entities.SCORED), "lenient F1 %"):
        table.add_column(name, justify="right")
    for row in rows:
        by_type = dict(row.by_type)
        table.add_row(
            row.system,
            _percent(row.overall.precision),
            _percent(row.overall.recall),
            _percent(row.overall.f1),
            *(_percent(by_type[t].f1) for t in entities.SCORED),
            _percent(row.lenient.f1) if row.lenient else "–",
        )
    return table


def _coreference_table(m: entities.MeantimeResult) -> Table:
    table = Table(
        title=f"MEANTIME cross-document merging, B³ over {m.coreference_mentions} named "
        f"mentions ({m.gold_entities} gold entities)",
        title_justify="left",
    )
    table.add_column("system")
    for name in ("B³ P %", "B³ R %", "B³ F1 %", "clusters"):
        table.add_column(name, justify="right")
    for row in m.coreference:
        s = row.scores
        table.add_row(
            row.system, _percent(s.precision), _percent(s.recall), _percent(s.f1), str(row.clusters)
        )
    return table


def _published_table(result: entities.EntitiesResult) -> Table:
    table = Table(title="Published (other data or label sets)", title_justify="left")
    table.add_column("system")
    table.add_column("F1 %", justify="right")
    table.add_column("data")
    table.add_column("source")
    for p in result.published:
        table.add_row(p.system, f"{p.f1:.1f}", p.data, p.source)
    return table
