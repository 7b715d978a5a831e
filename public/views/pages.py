"""Pages about the site itself: accessibility statement and glossary."""

from django.shortcuts import render

from workstreams.models import GlossaryTerm, Owner


def accessibility(request):
    # The council as this area names it (settings.ORGANISATION_NAMES), not always a
    # London borough.
    council_name = Owner.label_of(Owner.Organisation.COUNCIL, "")
    return render(request, "public/accessibility.html", {"council_name": council_name})


def glossary(request):
    return render(request, "public/glossary.html", {"terms": GlossaryTerm.objects.all()})
