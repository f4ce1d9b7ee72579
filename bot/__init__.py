"""The Slack adapter: app factory, listeners, Block Kit builders, mrkdwn escaping, thread state.

Nothing is built at import time: ``bot.app.create_app`` builds the Bolt app, ``bot.server`` serves it.
"""
