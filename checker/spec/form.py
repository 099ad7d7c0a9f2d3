"""The homologation form as a file of its own: the identity of a homologated series car and its
production reference, from which ``homologate init`` starts a build spec (checker.tools.new_spec).

Its ``production:`` is exactly a spec's (checker.spec.model.Production), and it is read and validated the way
a spec is (checker.read.document, checker.spec.load.validate): the same errors, at the same kind of position.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from pydantic import Field

from checker.read.document import Document, load_file
from checker.spec.fields import Text, VersionOne
from checker.spec.load import validate
from checker.spec.model import Model, Production


class HomologationForm(Model):
    """What a homologation form says about a series car: who made it, under which form number, and
    the production values a Stock-class car is held to."""

    document_kind: ClassVar[str] = "a homologation form"
    document_name: ClassVar[str] = "the form"

    form_version: VersionOne
    homologation_form: Text = Field(description="number of the FIA homologation form")
    make: Text
    model: Text
    vehicle_class: Text = Field(alias="class", description="class or group homologated, e.g. 'T2 Stock'")
    valid_from: dt.date | None = Field(None, description="date the homologation takes effect")
    sources: str | None = Field(None, max_length=2000, description="where the numbers come from")
    production: Production


@dataclass(frozen=True)
class LoadedForm:
    """A validated form and the YAML document it came from (its values as written, for a new spec)."""

    form: HomologationForm
    document: Document

    @property
    def file(self) -> str:
        return self.document.file


def load_form(path: Path, display: str | None = None) -> LoadedForm:
    """Read and validate a homologation-form file, or raise the InputError of its first problem."""
    document = load_file(path, display)
    return LoadedForm(validate(document, HomologationForm), document)
