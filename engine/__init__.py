"""Sharewise engine: load and validate policy packs, decide, explain, and keep justification records.

Pure Python with no web framework. Public interface:

    pack = load_pack(path=None)        # or default_pack(); raises PackError (.problems: file:line: message)
    advice = pack.decide(answers, as_at=None)   # contract section 2; raises AnswerError (.field, .message)
    pack.questions, pack.question(id), pack.relevant_answers(answers), pack.record_fields,
    pack.record_requirements          # for engine.records.build_record(..., requirements=...)
    render_text(advice, pack=None)     # advice as text an officer can read
"""

from importlib import metadata as _metadata

from engine.decide.text import render_text
from engine.policy import Pack, default_pack, load_pack
from engine.problems import AnswerError, PackError, Problem

try:
    __version__ = _metadata.version("sharewise")
except _metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

__all__ = ["AnswerError", "Pack", "PackError", "Problem", "default_pack", "load_pack", "render_text", "__version__"]
