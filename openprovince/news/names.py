"""Names the news module uses in shared mechanisms: its content version (cached pages and
feeds) and its kind in the full-text index."""

NAMESPACE = "news"
FULLTEXT_KIND = "news"
