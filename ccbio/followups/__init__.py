"""督办: follow-up items made from red/amber warnings, kept in the operational store.

- rules.py:       config/followup_rules.toml (levels, deadlines, escalation, closing)
- calendar.py:    working-day deadlines (the `holidays` library's mainland-China calendar)
- warnings.py:    the warnings a follow-up can be made from, per snapshot (from ccbio.alerts)
- assess.py:      pure: each item's current level, overdue and why, whether it may be closed
- items.py:       reading and changing items in the store, every change recorded
- sheet.py:       the 督办单 download (Chinese headers)
- clock.py:       today's date, injectable (CCBIO_TODAY) so tests and demos can move time
"""
