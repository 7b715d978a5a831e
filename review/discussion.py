"""The comment threads on an action or a measure, as the review and workspace pages show them.

All of a subject's comments load in one query, whatever their number; who may
do what is worked out once per page, not once per comment.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from actions.coproduction import role_of
from actions.models import Action, Comment, ParentsView

from .forms import CommentForm, ReplyForm


@dataclass
class Thread:
    root: Comment
    replies: list = field(default_factory=list)
    reply_form: ReplyForm | None = None

    @property
    def comments(self):
        return [self.root, *self.replies]

    @property
    def awaiting(self):
        return sum(1 for comment in self.comments if comment.awaits_answer)

    def answers(self):
        return [reply for reply in self.replies if reply.is_answer and not reply.is_hidden]


@dataclass
class Discussion:
    subject: object
    threads: list
    comment_form: CommentForm | None
    can_moderate: bool
    can_publish: bool
    can_answer: bool

    @property
    def awaiting(self):
        return sum(thread.awaiting for thread in self.threads)

    @property
    def count(self):
        return sum(len(thread.comments) for thread in self.threads)

    @property
    def is_about_action(self):
        return isinstance(self.subject, Action)


def subject_url(subject):
    """The review page where `subject`'s threads are read and answered."""
    name = "review:action" if isinstance(subject, Action) else "review:measure"
    return reverse(name, kwargs={"pk": subject.pk})


def comment_url(comment):
    return f"{subject_url(comment.subject)}#comment-{comment.pk}"


def discussion_for(subject, user, *, comment_form=None, bound_reply=None, next_url=""):
    """`subject`'s threads, newest first, each with a reply form if `user` may reply.

    `comment_form` and `bound_reply` carry a submitted form back with its errors;
    `next_url` is where a reply form sends the replier afterwards.
    """
    comments = list(
        Comment.objects.about(subject)
        .select_related("author", "hidden_by", "you_said")
        .order_by("created_at", "pk")
    )
    by_pk = {comment.pk: comment for comment in comments}
    threads = {}
    for comment in comments:
        # The answer is always in the same thread: link it without another query.
        comment.answer_comment = by_pk.get(comment.answer_id)
        if comment.reply_to_id is None:
            threads[comment.pk] = Thread(comment)
        elif comment.reply_to_id in threads:
            threads[comment.reply_to_id].replies.append(comment)

    may_comment = user.has_perm(
        "actions.comment_on_action"
        if isinstance(subject, Action)
        else "actions.comment_on_measure",
        subject,
    )
    may_reply = may_comment and user.has_perm("actions.reply_to_comment", subject)
    for thread in threads.values():
        if not may_reply:
            continue
        if bound_reply is not None and bound_reply.prefix == f"reply-{thread.root.pk}":
            thread.reply_form = bound_reply
        else:
            thread.reply_form = ReplyForm(thread=thread.root, initial={"next": next_url})
    discussion = Discussion(
        subject=subject,
        threads=sorted(
            threads.values(), key=lambda t: (t.root.created_at, t.root.pk), reverse=True
        ),
        comment_form=None,
        can_moderate=user.has_perm("actions.moderate_comments"),
        can_publish=user.has_perm("actions.publish_you_said"),
        can_answer=user.has_perm("actions.answer_comment", subject),
    )
    if may_comment:
        discussion.comment_form = comment_form if comment_form is not None else CommentForm()
        discussion.comment_form.describe_for(
            parent_representative=role_of(user) == Comment.Role.PARENT_REPRESENTATIVE,
            # A top-level comment answers nothing: say where answers go.
            waiting_for_you=discussion.awaiting if discussion.can_answer else 0,
        )
    return discussion


def parents_views_of(subject):
    """Every parents' view of `subject`, newest first: the first is the forum's current view."""
    views = list(
        ParentsView.objects.about(subject)
        .select_related("recorded_by", "published_by")
        .newest_first()
    )
    for view in views:
        # Each is about `subject`: say so, rather than load it again for each.
        if isinstance(subject, Action):
            view.action = subject
        else:
            view.weakness = subject
    return views
