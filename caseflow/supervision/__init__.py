"""Enforcement supervision (督办): the law's automatic steps when a time limit lapses, warnings before the office's
own limits run out, and notices to the office, its heads and the agencies that must act, escalated as the law
allows (ARL Arts. 77, 83, 85) and closed when the case moves on. The types and what raises them are data
(workflows/supervision.yaml and each workflow's `supervision:`); a scheduler process runs the sweep daily."""
