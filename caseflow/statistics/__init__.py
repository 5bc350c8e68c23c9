"""Leaders' statistics (issue 12): the figures a judicial bureau reports, defined once (definitions.py) and read as
SQL aggregates (queries.py) by the dashboard, the API, the workbooks and the drill-down."""
