"""The follow-up-date calculator: a Pelican plugin that adds it to every article.

rule.py is the date rule, options.py checks settings and metadata, render.py writes
the markup, hooks.py connects them to Pelican's signals.
"""


def register():
    # Imported here, not at the top, so that importing followup.options (as
    # scripts/check.py does) loads nothing of Pelican.
    from .hooks import connect

    connect()
