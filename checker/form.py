"""The homologation form as a file of its own: the identity of a homologated series car and its
production reference, from which ``homologate init`` starts a build spec (checker.newspec).

Its ``production:`` is exactly a spec's (checker.spec.Production), and it is read and validated the way
a spec is (checker.yamlsource, checker.spec.validate): the same errors, at the same kind of position.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Optional

from pydantic import Field

from checker.spec import Model, Production, Text, VersionOne, validate
from checker.yamlsource import Document, load_file


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
    valid_from: Optional[dt.date] = Field(None, description="date the homologation takes effect")
    sources: Optional[str] = Field(None, max_length=2000, description="where the numbers come from")
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
