"""The build spec: a Document validated into the pydantic model, every error placed at file:line:column.

quantity (a quantity as written, "35 in", read into its canonical unit), fields (quantities with units,
values null until known), model (the spec and waivers), load (validation, errors turned into InputError),
form (the homologation form `init` starts from), json_schema (how a quantity is written in JSON Schema).
"""
