"""The inspection feed: monthly result files → raw → staging → pass rates and most frequent failed items."""
