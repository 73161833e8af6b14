"""One module per channel: verify, pseudonymise, hand to Rasa, render replies for that channel."""
