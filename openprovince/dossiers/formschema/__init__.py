"""The dynamic form engine (docs/dossiers.md "Form engine"): a procedure's form from its JSON
schema. No models: rendering, browser hints, server validation and prefill.

    problems = schema_check(procedure.form_schema)             # importer, admin
    initial = answers_initial(schema, user=request.user)       # a new form
    clean = answers_clean(schema, request.POST, documents=procedure.documents,
                          files=request.FILES)
    if ADD_ROW in request.POST or not clean.ok:  # show it again (no errors for "add a row")
        errors = None if ADD_ROW in request.POST else clean.errors
        fields = form_fields(schema, answers=clean.values, errors=errors,
                             group_rows=group_rows_from(request.POST, schema))
        slots = document_slots(procedure.documents, errors=errors)
"""

from .clean import (
    ADD_ROW,
    MAX_FILES_PER_SLOT,
    CleanForm,
    answers_clean,
    document_name,
    field_name,
    group_rows_from,
)
from .prefill import answers_initial
from .render import (
    DocumentSlot,
    DocumentSlots,
    ErrorItem,
    Field,
    FormFields,
    Option,
    Row,
    document_slots,
    form_fields,
)
from .schema import TYPES, schema_check

__all__ = [
    "ADD_ROW",
    "MAX_FILES_PER_SLOT",
    "TYPES",
    "CleanForm",
    "DocumentSlot",
    "DocumentSlots",
    "ErrorItem",
    "Field",
    "FormFields",
    "Option",
    "Row",
    "answers_clean",
    "answers_initial",
    "document_name",
    "document_slots",
    "field_name",
    "form_fields",
    "group_rows_from",
    "schema_check",
]
