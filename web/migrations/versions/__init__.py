"""Migration scripts, one per schema version, oldest first. Never edit one that has been released."""
