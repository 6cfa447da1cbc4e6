"""The scale benchmark's parts on small inputs: store and grouping, the plan, the chart."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from storyline.store import open_store
from storyline_bench.scale import SizePoint, StageRun, cost_curve_svg, plan, store_and_group

from ..pg_server import PgServer
from .test_stream import templates


def test_store_and_group_writes_real_text_for_every_synthetic_article(tmp_path: Path) -> None:
    shapes = templates()
    texts = [(f"Title {i}", f"Body of article {i}. Talks went on.") for i in range(len(shapes))]
    point = store_and_group(shapes, texts, 300, tmp_path / "s.db")
    assert point.articles == 300 and point.insert_seconds > 0 and point.group_seconds > 0
    assert point.store_bytes > 300 * 50  # text, indexes and full-text index on disk
    with open_store(tmp_path / "s.db") as store:
        assert store.count_articles() == 300
        first = store.articles_page(1, 0)[0]
        assert store.search("talks", limit=5)  # the full-text index holds the real words
    assert first.text.startswith("Body of article") and "Replay" in first.text


def test_the_plan_scales_the_measured_costs() -> None:
    stage = StageRun("dask, 2 workers", 100, 10.0, 2000)  # 10 articles/s on 2 workers
    largest = SizePoint(1000, 1.0, 4_000_000, 2.0, 10.0)
    made = plan(10_000_000, 10, stage, stage.per_second / 2, largest)
    assert round(made.per_article_hours, 3) == round(10_000_000 / 50 / 3600, 3)
    assert round(made.grouping_hours, 3) == round(10_000_000 * 0.002 / 3600, 3)
    assert made.store_gb == 40.0 and made.grouping_memory_gb == 100.0
    assert made.hours == made.per_article_hours + made.grouping_hours


def test_the_cost_curve_is_well_formed_svg_with_one_label_per_size() -> None:
    points = [
        SizePoint(n, n / 4000, n * 4000, n * 0.002 * (1 + i), 1.0)
        for i, n in enumerate((10_000, 100_000, 1_000_000))
    ]
    root = ElementTree.fromstring(cost_curve_svg(points))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"10,000", "100,000", "1,000,000"} <= set(texts)
    assert len(list(root.iter("{http://www.w3.org/2000/svg}polyline"))) == 2


def test_the_same_articles_are_written_and_searched_on_postgres(
    tmp_path: Path, pg_server: PgServer
) -> None:
    shapes = templates()
    texts = [(f"Summit talks {i}", f"Leaders met for talks, day {i}.") for i in range(len(shapes))]
    point = store_and_group(shapes, texts, 200, tmp_path / "s.db", pg_server.admin_url)
    assert point.postgres is not None
    assert point.postgres.insert_seconds > 0 and point.postgres.store_bytes > 0
    assert point.search_ms > 0 and point.postgres.search_ms > 0


def test_the_json_document_carries_the_postgres_figures() -> None:
    import storyline.cli.app  # noqa: F401 - the CLI package first: its modules import each other
    from storyline_bench.commands.scale import _document
    from storyline_bench.scale import StoreTiming

    stage = StageRun("one", 10, 1.0, 100)
    point = SizePoint(1000, 0.5, 4_000_000, 2.0, 10.0, 1.5, StoreTiming(1.0, 3.0, 8_000_000))
    made = plan(10_000, 2, stage, 5.0, point)
    size = _document(stage, stage, [point], made, 2)["sizes"][0]  # type: ignore[index]
    assert size["postgres"] == {
        "insert_per_second": 1000,
        "store_bytes_per_article": 8000,
        "search_ms": 3.0,
    }
    assert size["search_ms"] == 1.5
