"""Identities in one normalised form: usernames, force names and force (collar or staff) numbers.

An account made with force ``demo constabulary`` and the number of an officer of ``Demo Constabulary``
could read that officer's records (issue 13), because one place compared names exactly and another in any
case. Every comparison of these now goes through this module, and the normalised forms are stored beside
what was typed (``web_users.username_key``, ``force_key``, ``number_key``) under unique indexes.

The form: Unicode NFKC (full-width and compatibility characters become ordinary ones), case folded (the
Unicode way, so ``ß`` matches ``SS``), runs of white space made one space and the ends trimmed. Numbers
lose their spaces altogether (``AB 12`` is ``ab12``); an empty number is no number (None).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """The normalised form of a name (see the module docstring)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text or "").casefold())
    return _SPACES.sub(" ", folded).strip()


def username_key(username: str | None) -> str:
    """The form a username is unique and looked up in."""
    return fold(username)


def force_key(force: str | None) -> str:
    """The form a force name is compared in."""
    return fold(force)


def number_key(number: str | None) -> str | None:
    """The form a force number is compared in, or None for no number."""
    folded = _SPACES.sub("", fold(number))
    return folded or None


def same_force(first: str | None, second: str | None) -> bool:
    """Whether two force names name the same force (an empty name matches nothing)."""
    key = force_key(first)
    return bool(key) and key == force_key(second)


def same_number(first: str | None, second: str | None) -> bool:
    """Whether two force numbers are the same number (an empty number matches nothing)."""
    key = number_key(first)
    return key is not None and key == number_key(second)
