"""Counsellor: save the shortlist as text or Markdown, to a path they type (never
automatically, never anywhere else)."""

from __future__ import annotations

import os
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from chooser.core.fallback import Fallback
from chooser.core.ranking import Ranked
from chooser.text.i18n import N_, _, ngettext
from chooser.text.shortlist import render_shortlist
from chooser.tui.words import Words, localize_bindings, t


class SaveScreen(ModalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", N_("Cancel"), show=True)]

    def __init__(self, chosen: list[Ranked], fb: Fallback | None) -> None:
        super().__init__()
        localize_bindings(self)
        self.chosen, self.fb = chosen, fb

    def compose(self) -> ComposeResult:
        with Vertical(id="save"):
            n = len(self.chosen)
            yield Words(ngettext("Save the shortlist ({n} supplier)",
                                 "Save the shortlist ({n} suppliers)", n).format(n=n),
                         classes="title")
            yield Input(placeholder=t("file path, e.g. ~/shortlist.md"), id="path")
            yield Words("", id="save-message")
            with Horizontal(classes="buttons"):
                yield Button(t("Save"), id="save-button", variant="primary")
                yield Button(t("Cancel"), id="cancel")

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#save-button")
    def save(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        message = self.query_one("#save-message", Words)
        if not raw:
            message.update(_("Type where to save it."))
            return
        path = os.path.expanduser(raw)
        app = self.app
        loc = app.participant.location  # type: ignore[attr-defined]
        text = render_shortlist(self.chosen, self.fb, place=loc.label if loc else "",
                                provenance=app.sub_title,
                                markdown=path.lower().endswith((".md", ".markdown")))
        try:
            with open(path, "x", encoding="utf-8") as fh:  # never overwrite silently
                fh.write(text)
        except FileExistsError:
            message.update(_("{path} exists already; choose another name.").format(path=path))
            return
        except OSError as exc:
            message.update(_("Could not save: {why}").format(why=exc.strerror))
            return
        app.notify(t("Saved to {path}", path=path))
        self.dismiss()
