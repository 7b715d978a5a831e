"""Showing what parents and officers write, safely; and what of it the public may see."""

import re

from django import template
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from actions.models import Action, ParentsView, YouSaidWeDid

register = template.Library()

# A web address runs to the next space, quote, angle bracket, control or
# direction-changing character: none of those can sneak into a link.
_WEB_ADDRESS = re.compile(
    r"https?://[^\s<>\"'`\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+",
    re.IGNORECASE,
)
# Punctuation that usually ends the sentence around an address, not the address.
_TRAILING = ".,;:!?)]}’”"
_is_web_address = URLValidator(schemes=["http", "https"])


@register.filter
def comment_text(text):
    """Plain text as HTML: escaped, paragraphs and line breaks kept, web addresses linked.

    Each line is isolated (<bdi>), so right-to-left override characters cannot
    reorder anything beyond their own line.
    """
    paragraphs = re.split(r"\n\s*\n", (text or "").strip())
    html = []
    for paragraph in paragraphs:
        lines = format_html_join(
            mark_safe("<br>"),
            "<bdi>{}</bdi>",
            ((_linked(line),) for line in paragraph.split("\n")),
        )
        html.append(format_html('<p class="govuk-body govuk-!-text-break-word">{}</p>', lines))
    return mark_safe("".join(html))  # noqa: S308 - each paragraph is built by format_html


def _linked(line):
    parts, position = [], 0
    for match in _WEB_ADDRESS.finditer(line):
        address = match.group(0).rstrip(_TRAILING)
        try:
            _is_web_address(address)
        except ValidationError:
            continue
        parts.append(escape(line[position : match.start()]))
        parts.append(
            format_html(
                '<a class="govuk-link" href="{}" rel="nofollow noopener noreferrer ugc">{}</a>',
                address,
                address,
            )
        )
        position = match.start() + len(address)
    parts.append(escape(line[position:]))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - escaped above


@register.simple_tag
def published_parents_view(subject):
    """The newest published parents' view of an action or weakness, or None (one query)."""
    return (
        ParentsView.objects.about(subject)
        .published()
        .only("assessment", "reason", "recorded_at", "published_at", "action_id", "weakness_id")
        .newest_first()
        .first()
    )


@register.simple_tag
def current_parents_view(subject):
    """The forum's newest view of an action or weakness, published or not (internal pages)."""
    return ParentsView.objects.about(subject).newest_first().first()


@register.simple_tag
def you_said_entries(action):
    """The public "you said, we did" entries about an action (one query)."""
    if not isinstance(action, Action):
        return []
    return list(
        YouSaidWeDid.objects.public()
        .filter(comment__action=action)
        .only("you_said", "we_did", "published_at")
    )


@register.inclusion_tag("review/_assessment_tag.html")
def assessment_tag(view):
    return {"view": view}
