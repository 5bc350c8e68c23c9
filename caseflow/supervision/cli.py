"""Operator commands of supervision: flask --app wsgi caseflow sweep | scheduler | digest | deliver-mail."""
from __future__ import annotations

from datetime import date

import click
from flask import current_app

from caseflow.clock import today_local

# Mounted on `flask caseflow` by caseflow.cli, so that this package need not import the
# top-level CLI (which reaches the demo seeding and, through it, every feature).
commands = click.Group()  # only collects them: each is added to `flask caseflow` on its own


def _day(value: str | None, what: str):
    if value is None:
        return today_local()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=what) from None


@commands.command("sweep")
@click.option("--as-of", "as_of", help="the business day to sweep as of (YYYY-MM-DD; default today)")
def sweep_command(as_of):
    """Run one sweep now: the law's automatic steps, warnings, notices, escalations, closings."""
    from caseflow.supervision.sweep import sweep

    day = _day(as_of, "--as-of")
    if day > today_local():
        raise click.BadParameter(f"{day.isoformat()} is in the future", param_hint="--as-of")
    run = sweep(day)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(run.counts.items())) or "nothing due"
    click.echo(f"sweep as of {run.as_of.isoformat()}: {counts}; {len(run.errors)} case(s) failed")
    for error in run.errors:
        click.echo(f"  case {error['case_id']}: {error['error']}", err=True)


@commands.command("scheduler")
def scheduler_command():
    """Run the scheduler process (the daily sweep, the agencies' digest, mail delivery); waits while another runs."""
    from caseflow.supervision.scheduler import run

    click.echo("scheduler: waiting for the lock, then sweeping once and running the daily jobs (Ctrl-C stops)")
    run(current_app._get_current_object())


@commands.command("digest")
@click.option("--on", "on", help="the day of the digest (default today)")
def digest_command(on):
    """Queue today's digest of open notices for every agency with an e-mail address."""
    from caseflow.extensions import db
    from caseflow.supervision.mail import queue_digests

    counts = queue_digests(_day(on, "--on"))
    db.session.commit()
    click.echo(f"digests queued: {counts['queued']}; agencies with open notices but no e-mail: "
               f"{counts['without_contact']}")


@commands.command("deliver-mail")
def deliver_command():
    """Send the e-mails that are due (retrying failures with backoff)."""
    from caseflow.supervision.mail import deliver

    click.echo(str(deliver()))

