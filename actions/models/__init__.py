from .action import Action
from .comment import Comment
from .notification import Notification
from .parents_view import ParentsView
from .progress import ProgressUpdate
from .reminder import ActionCadence, DigestOptOut, Reminder, ReminderSettings
from .you_said import YouSaidWeDid

__all__ = [
    "Action",
    "ActionCadence",
    "Comment",
    "DigestOptOut",
    "Notification",
    "ParentsView",
    "ProgressUpdate",
    "Reminder",
    "ReminderSettings",
    "YouSaidWeDid",
]
