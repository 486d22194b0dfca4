"""What the meetings' services tell the apps above them (decisions).

Each is sent inside the service's transaction with `send`, never `send_robust`: a
receiver that refuses rolls the whole change back.
"""

from __future__ import annotations

from django.dispatch import Signal

# A meeting moved to another day (sender=Meeting; meeting, actor): the emergency
# approvals it ratifies stand until its new day.
meeting_moved = Signal()

# A ratification was carried to a later meeting (sender=AgendaItem; item, following,
# actor): the emergency decision is ratified there, its approval stands until then.
ratification_carried_over = Signal()
