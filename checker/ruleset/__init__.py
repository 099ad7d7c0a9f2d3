"""Rulesets: files read and merged (extends, overrides), every rule compiled once.

raw (files, extends, overrides, each value with its origin), compile (a RawRuleset into a Ruleset),
codegen (each rule one generated function), consistency (limits no spec can meet), examples (each
rule's examples, paths checked), model (Rule, Ruleset).
"""
