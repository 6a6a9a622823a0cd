"""The follow-up-date calculator: a Pelican plugin that adds it to every article.

rule.py is the date rule, options.py checks settings and metadata, render.py writes
the markup, hooks.py connects them to Pelican's signals.
"""


def register():
    # Imported here, not at the top: scripts/check.py imports followup.options
    # without Pelican's signals being involved.
    from .hooks import connect

    connect()
