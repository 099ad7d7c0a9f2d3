"""The rule language: text parsed into typed nodes, type-checked against the spec model, compiled.

nodes (the tree and its values), parse (lexer and parser), types (read off the spec model), compile
(type checks and generated code), steps (an expression worked out step by step, for explain).
"""
