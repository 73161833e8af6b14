"""Outreach assistant against labour exploitation: the code around Rasa (see ../shared/ARCHITECTURE.md)."""

from bot import logs

# Every process that imports us (Rasa with our channels, NLG and tracker store; the action server
# through actions/) scrubs its logs.
logs.install()
