from django.dispatch import Signal

# Sent after the commit that stored a valid submission and its draft case, with `submission=`.
# The confirmation to the submitter and the notice to the Eindredacteurs listen to it.
submission_received = Signal()
