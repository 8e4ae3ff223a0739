"""Save a text the person or counsellor asked for — the counsellor's shortlist, a choice
card — as plain text or Markdown, to a path they type (never automatically, never
anywhere else, never over an existing file)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from chooser.text.i18n import N_, _
from chooser.tui.words import Words, localize_bindings, t


class SaveScreen(ModalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", N_("Cancel"), show=True)]

    def __init__(self, title: str, render: Callable[[bool], str], example: str) -> None:
        """``render(markdown)`` makes the text when it is saved (Markdown for a path
        ending in .md); ``example`` is the placeholder's file name."""
        super().__init__()
        localize_bindings(self)
        self.title_text, self.render_text, self.example = title, render, example

    def compose(self) -> ComposeResult:
        with Vertical(id="save"):
            yield Words(self.title_text, classes="title")
            yield Input(placeholder=t("file path, e.g. {path}", path=self.example), id="path")
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
        text = self.render_text(path.lower().endswith((".md", ".markdown")))
        try:
            with open(path, "x", encoding="utf-8") as fh:  # never overwrite silently
                fh.write(text)
        except FileExistsError:
            message.update(_("{path} exists already; choose another name.").format(path=path))
            return
        except OSError as exc:
            message.update(_("Could not save: {why}").format(why=exc.strerror))
            return
        self.app.notify(t("Saved to {path}", path=path))
        self.dismiss()
