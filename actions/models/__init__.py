from .action import Action
from .comment import Comment
from .notification import Notification
from .parents_view import ParentsView
from .progress import ProgressUpdate
from .you_said import YouSaidWeDid

__all__ = [
    "Action",
    "Comment",
    "Notification",
    "ParentsView",
    "ProgressUpdate",
    "YouSaidWeDid",
]
