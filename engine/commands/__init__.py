"""Sub-commands of `sharewise`, one module each (see engine.cli)."""
