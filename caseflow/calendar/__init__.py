"""China's official working-day calendar and the statutory clock.

The modules workdays, rules, periods, timeliness, notice and seed are pure: no Flask, no database.
models/services/api/cli wire them to the application.
"""
