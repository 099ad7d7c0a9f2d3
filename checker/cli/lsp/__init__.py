"""``homologate lsp``: findings in the editor as the engineer types (the Language Server Protocol, over stdio).

The command only reads its options; the server (``server``, on pygls, the optional extra ``homologate[lsp]``)
is imported when it runs, so that no other command pays for it and a missing pygls is one line.
"""

from __future__ import annotations

import datetime as dt

import click

from checker.cli.options import RULESET_NAME, NameParam, on_option

NEEDS = "the language server needs pygls: pip install 'homologate[lsp]'"


@click.command("lsp")
@click.option("--rules", "rules_ref", type=RULESET_NAME, metavar="NAME|PATH",
              help="A bundled ruleset's name or a ruleset file (default: the configuration file's, else "
                   "dakar-2026-stock).")  # fmt: skip
@on_option
@click.option("--config", type=NameParam("a configuration file"), metavar="FILE",
              help="Read settings from FILE for every document, instead of the homologate.toml or pyproject.toml "
                   "found from each document's folder upward.")  # fmt: skip
@click.option("--no-config", is_flag=True, help="Use no configuration file.")
def lsp_command(rules_ref: str | None, on: dt.date | None, config: str | None, no_config: bool) -> None:
    """Serve an editor diagnostics and hovers for the build specs it opens: the Language Server Protocol over
    standard input and output. Settings as for 'check', from the configuration file that applies to each
    document; a change to it, the ruleset or the waivers file re-checks the open specs."""
    if config is not None and no_config:
        raise click.UsageError("give --config FILE or --no-config, not both")
    try:
        from checker.cli.lsp.server import serve
    except ImportError as exc:
        if (exc.name or "").split(".")[0] in ("pygls", "lsprotocol", "cattrs", "attrs"):
            raise click.ClickException(NEEDS) from None
        raise
    from checker.cli.lsp.settings import Given

    serve(Given(rules_ref, on, config, no_config))
