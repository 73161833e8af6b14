"""Helpers the tests and benches share: servers on loopback, fake Telegram, channel requests."""
