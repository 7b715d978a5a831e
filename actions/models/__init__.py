from .action import Action
from .comment import Comment
from .progress import ProgressUpdate

__all__ = ["Action", "Comment", "ProgressUpdate"]
