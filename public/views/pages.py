"""Pages about the site itself: accessibility statement and glossary."""

from django.shortcuts import render

from workstreams.models import GlossaryTerm


def accessibility(request):
    return render(request, "public/accessibility.html")


def glossary(request):
    return render(request, "public/glossary.html", {"terms": GlossaryTerm.objects.all()})
