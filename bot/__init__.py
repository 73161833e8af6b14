"""Outreach assistant against labour exploitation: the code around Rasa (docs/ARCHITECTURE.md).

Importing any of it does nothing but define things; the servers are started through
bot.runtime.rasa_server and bot.runtime.action_server, which install what every process needs.
"""
