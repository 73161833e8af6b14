"""Outreach assistant against labour exploitation: the code around Rasa (see ../shared/ARCHITECTURE.md)."""
