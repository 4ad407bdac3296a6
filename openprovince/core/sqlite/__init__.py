"""SQLite for several server processes: see base.py."""
