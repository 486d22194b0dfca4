"""What a referral's services tell the apps above them (meetings, decisions).

Each is sent inside the service's transaction with `send`, never `send_robust`: a
receiver that refuses rolls the whole change back. Receivers are connected in their
own app's `AppConfig.ready()` and call their own app's services.
"""

from __future__ import annotations

from django.dispatch import Signal

# Every sign-off is in (sender=Referral; referral, actor): meetings lists it.
referral_agreed = Signal()

# The referral was withdrawn (sender=Referral; referral, actor, reason): its agenda item
# and any emergency approval end.
referral_withdrawn = Signal()
