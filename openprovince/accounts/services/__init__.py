"""Writes of the accounts module, one file per sub-domain (DESIGN §4.1)."""
