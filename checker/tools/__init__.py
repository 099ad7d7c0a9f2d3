"""What the authoring commands compute, as data for the renderers: diff and changed_values (homologate
diff), explain, catalogue (homologate rules), new_spec (homologate init), schemas (homologate schema),
selftest (homologate test).
"""
