"""The public "You said, we did" page: what parents said and what was done about it.

Only entries a programme manager published, with the author's consent, in the
wording written for the public; never a comment itself or who wrote it.
"""

from django.shortcuts import render

from actions.models import YouSaidWeDid

from .. import outline
from ..cache import cache_public_page
from ..conditional import conditional_on_statement


@conditional_on_statement
@cache_public_page
def you_said_we_did(request, slug):
    statement = outline.published_statement(slug)
    entries = (
        YouSaidWeDid.objects.public()
        .for_statement(statement)
        .select_related("comment__action", "comment__measure")
        .order_by("-published_at", "-pk")
    )
    return render(request, "public/you_said.html", {"statement": statement, "entries": entries})
