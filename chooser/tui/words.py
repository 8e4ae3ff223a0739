"""Words on screen in the participant's language: labels and key descriptions.

Labels (buttons, options, key names in the footer) fit on one line, so they are
translated, filled in and put in display order at once (:func:`t`). Longer text goes in a
:class:`chooser.tui.widgets.Words`, which wraps before it reorders.

Key descriptions are declared on classes, before anyone has chosen a language, so they
are written as English message ids (marked with ``N_``) and translated when a screen or
the app is built (:func:`localize_bindings`); a change of language rebuilds the screens.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from chooser.bidi_text import shown
from chooser.i18n import N_, _

__all__ = ["localize_bindings", "shown", "t"]

# words Textual itself puts in the footer, so that the catalogs carry them
TEXTUAL_WORDS = (N_("palette"),)


def t(message: str, **params: object) -> str:
    """A one-line label: translated, filled in, in display order."""
    text = _(message)
    return shown(text.format(**params) if params else text)


def localize_bindings(node: DOMNode) -> None:
    """This node's key descriptions in the current language (Textual keeps a copy of
    the class's bindings per node, so replacing them here changes no other node). The
    English ids are kept from the first call, so a second language starts from them,
    not from the first one's words."""
    table = node._bindings.key_to_bindings
    ids: dict[str, list[str]] = node.__dict__.setdefault(
        "_chooser_binding_ids", {k: [b.description for b in bs] for k, bs in table.items()})
    for key, bindings in table.items():
        originals = ids.get(key) or [b.description for b in bindings]
        table[key] = [replace(b, description=t(d)) if d else b
                      for b, d in zip(bindings, originals, strict=False)]
