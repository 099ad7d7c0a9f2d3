"""The engine: a spec judged by a ruleset into a Report.

judge (each rule's verdict and the values it came from) and findings (each verdict worded) are pure: no
files, no printing. waivers (deviations granted, applied to a report; a waivers file read) and baseline
(what a change broke, against a git revision or an earlier JSON report) also read what they are named.
"""
