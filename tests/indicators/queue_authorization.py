"""The queue rows of the authorization matrix (tests/test_authorization_matrix.py).

What waits for a user is read from their own roles (indicators/queues.py): every
signed-in user has a queue and the navbar's counts, empty or not, and sees nothing
of anyone else's (tests/indicators/test_queues.py).
"""

from tests.authorization_rules import Entry

QUEUES_MATRIX = {
    "indicators:queue": Entry("account"),
    "indicators:nav_counts": Entry("account"),
}
