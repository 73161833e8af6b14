"""rasa_plugins"""
