"""The true floor of `make bench`: the least a Django project can do per request (see settings)."""
