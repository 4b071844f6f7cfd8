"""The back-off of the background queue's senders (webhook deliveries, intake mails): minutes to wait after the 1st,
2nd, … failed try. The 8th and last try is about 22 hours after the first; after it, the sender gives up."""

RETRY_DELAYS = (1, 5, 15, 60, 180, 360, 720)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
