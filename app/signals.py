"""What happened, announced by the feature that owns it (Flask's blinker signals).

Features tell each other through these instead of importing each other: filing sends
`disclosure_submitted`, review sends `review_decided`, and notifications, audit views and
later features subscribe in their own module (Indico's `indico/core/signals` is the model).
Receivers run in the sender's transaction, so what they add rolls back with it.

Every signal is sent with the acting person as ``sender`` and keyword arguments that
describe the event; receivers must accept ``**extra`` so that new arguments never break them.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A version was certified and submitted: ``disclosure``, ``version``.
disclosure_submitted = _signals.signal("disclosure-submitted")
#: A submitted disclosure was reopened by its filer to be amended: ``disclosure``.
disclosure_amended = _signals.signal("disclosure-amended")
#: Flags were raised on a certified version: ``disclosure``, ``version``, ``flags``.
flags_raised = _signals.signal("flags-raised")
#: A reviewer moved a disclosure's review on: ``disclosure``, ``event``, ``comment`` (the
#: saved ReviewComment or None) and ``plan`` (the ManagementPlan it set, or None).
review_decided = _signals.signal("review-decided")
#: The COI office reopened a decided disclosure: ``disclosure``, ``event``, ``reason``.
review_reopened = _signals.signal("review-reopened")
#: A management plan was set: ``disclosure``, ``plan``.
plan_set = _signals.signal("plan-set")
#: A cycle's dates changed, or a person was given more time: ``cycle``, ``person``, ``reason``.
cycle_changed = _signals.signal("cycle-changed")
#: A version's items were frozen and screened: ``version``, ``carried`` (pairs of the
#: previous version's flag and the new flag for the same unchanged finding).
version_frozen = _signals.signal("version-frozen")
#: An official list was imported and changed the watchlist: ``batch`` (the import),
#: ``report`` (entries added, removed, changed and ended; app.screening.list_changes).
watchlist_imported = _signals.signal("watchlist-imported")
#: A re-screen finished: ``version``, ``new_flags`` and ``formerly_listed`` (counts), and
#: ``by_disclosure`` ({disclosure id: (new flags, now formerly listed)}) for the COI office.
watchlist_rescreened = _signals.signal("watchlist-rescreened")
#: An engagement proposal moved one step of its review: ``proposal``, ``event``, ``plan``.
engagement_moved = _signals.signal("engagement-moved")
#: Someone commented on an engagement proposal: ``proposal``, ``comment``.
engagement_commented = _signals.signal("engagement-commented")
#: A request for general counsel's advice was opened, advised or closed: ``request``.
advice_changed = _signals.signal("advice-changed")
