# The empty signed-in page that bench/urls.py serves and bench/run.py measures.
EMPTY_PAGE = "/bench/signed-in-empty/"
