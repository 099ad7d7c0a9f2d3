"""Reading what homologate is given: bytes into a Document with a position for every value.

files (size limit, UTF-8, every problem an InputError naming the file), document (the YAML composer with
its limits and refusals), git (a file as it was at a revision), schema (a document against a shipped JSON
Schema), cache (schema checks already passed). The stage below every other that touches input.
"""
