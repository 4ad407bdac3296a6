"""The procedure catalogue's writes, checks, import and export (docs/procedures-import.md)."""
