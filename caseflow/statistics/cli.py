"""Operator command of the statistics: flask --app wsgi caseflow stats-rebuild [--check]. Mounted on `flask caseflow`
by caseflow.register_cli (the top-level CLI imports no kind; this package reads every kind)."""
from __future__ import annotations

import time

import click

from caseflow.extensions import db

commands: list[click.Command] = []


@click.command("stats-rebuild")
@click.option("--check", is_flag=True, help="only compare the summary table with the cases; exit 1 if they differ")
def stats_rebuild(check):
    """Rebuild the statistics' summary table (stat_tally) from the cases, in one transaction; with --check, report
    where it differs from the cases instead (it is kept current by every change; a rebuild is for a repair or a
    bulk load made outside the application)."""
    from caseflow.statistics import tally

    started = time.perf_counter()
    if check:
        wrong = tally.differences(db.session.connection())
        db.session.rollback()
        for key, kept, computed in wrong:
            click.echo(f"{'/'.join(map(str, key))}: table {kept}, cases {computed}")
        click.echo("summary table equals the cases" if not wrong else f"summary table differs ({len(wrong)}+ rows)")
        raise SystemExit(1 if wrong else 0)
    rows = tally.rebuild(db.session.connection())
    db.session.commit()
    click.echo(f"stat_tally rebuilt: {rows} rows in {time.perf_counter() - started:.1f} s")


commands.append(stats_rebuild)
