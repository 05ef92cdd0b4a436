"""Views of the knowledge base; thin: parse, call a selector or service, render."""

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from knowledge_base import selectors, services
from knowledge_base.forms import CONSENT_TEXT, PeerFinderForm, SubscribeForm
from knowledge_base.models import (
    Approach,
    Audience,
    MaterialLanguage,
    MaterialPage,
    MaterialType,
    Municipality,
    Region,
    SearchEntry,
)
from knowledge_base.search import search
from knowledge_base.selectors import (
    LISTING_PAGE_SIZE,
    POINTS_FLATS,
    POINTS_PER_APPROACH,
    POINTS_PER_OUTCOME,
    POINTS_POPULATION,
)
from portal import public_parts


def _choice(value: str, allowed) -> str:
    """A query-string filter value, or "" when it is not one we know (never an error page)."""
    return value if value in allowed else ""


def good_practice_listing(request, index):
    """The library as it first opens (no filter, first page) is the same for every visitor: kept."""
    listing = public_parts.listing_html(
        request,
        "good-practice-library",
        index,
        "knowledge_base/includes/good_practice_index_article.html",
        lambda: _good_practice_listing_shown(request, index),
    )
    return index.render(
        request, template="knowledge_base/good_practice_index_page.html", context_overrides={"listing": listing}
    )


def _good_practice_listing_shown(request, index) -> dict:
    approaches = list(Approach.objects.all())
    approach = _choice(request.GET.get("approach", ""), {a.slug for a in approaches})
    region = _choice(request.GET.get("region", ""), Region.values)
    records = selectors.good_practices(index)
    if approach:
        records = records.filter(approaches__slug=approach)
    if region:
        records = records.filter(municipality__region=region)
    return {
        "records": selectors.record_cards(records, request.GET.get("page"), request),
        "approaches": approaches,
        "regions": Region.choices,
        "selected_approach": approach,
        "selected_region": region,
        "filtered": bool(approach or region),
        "pagination_query": _pagination_query(approach=approach, region=region),
    }


def approach_detail(request, index, slug):
    return _records_of(request, index, "approach", Approach.objects.filter(slug=slug), "approaches")


def municipality_detail(request, index, slug):
    municipality = Municipality.objects.prefetch_related("figures").filter(slug=slug)
    return _records_of(request, index, "municipality", municipality, "municipality")


def _records_of(request, index, name: str, found: QuerySet, lookup: str):
    """A taxonomy page (approach or municipality) with the published records that cite it, a page
    of cards at a time (an approach may be cited by hundreds of records over the years). As it first
    opens it is the same for every visitor, so kept (`portal.public_parts.as_first_opened`); a slug
    found nowhere keeps nothing."""

    def shown() -> dict | None:
        obj = found.first()
        if obj is None:
            return None
        records = selectors.good_practices(index).filter(**{lookup: obj})
        context = {
            name: obj,
            "page": index,
            "records": selectors.record_cards(records, request.GET.get("page"), request),
            "pagination_query": "",
        }
        return {
            "object": obj,
            "article": public_parts.render(request, f"knowledge_base/includes/{name}_article.html", context),
        }

    part = public_parts.as_first_opened(request, (name, index.pk, request.path), shown)
    if part is None:
        raise Http404
    return index.render(
        request,
        template=f"knowledge_base/{name}_detail.html",
        context_overrides={name: part["object"], "article": part["article"]},
    )


def peer_finder(request, index):
    form = PeerFinderForm(request.GET or None)
    matches, data = None, {}
    if form.is_valid():
        data = form.cleaned_data
        municipality = data.get("municipality")
        matches = selectors.peer_municipalities(
            parent=index,
            population=data.get("population"),
            flats=data.get("flats"),
            approaches=list(data.get("approaches") or []),
            exclude=municipality.pk if municipality else None,
        )
    return index.render(
        request,
        template="knowledge_base/peer_finder.html",
        context_overrides={
            "form": form,
            "matches": matches,
            "compared_population": data.get("population"),
            "compared_flats": data.get("flats"),
            "points": {
                "population": POINTS_POPULATION,
                "flats": POINTS_FLATS,
                "approach": POINTS_PER_APPROACH,
                "outcome": POINTS_PER_OUTCOME,
            },
        },
    )


def material_listing_context(request, index) -> dict:
    material_type = _choice(request.GET.get("type", ""), MaterialType.values)
    audience = _choice(request.GET.get("audience", ""), Audience.values)
    language = _choice(request.GET.get("language", ""), MaterialLanguage.values)
    materials = (
        MaterialPage.objects.live()
        .public()
        .child_of(index)
        .select_related("document", "document__collection")
        .order_by("-year", "title")
    )
    if material_type:
        materials = materials.filter(material_type=material_type)
    if audience:
        materials = materials.filter(audiences__contains=f"|{audience}|")
    if language:
        materials = materials.filter(language=language)
    return {
        "materials": Paginator(materials, LISTING_PAGE_SIZE).get_page(request.GET.get("page")),
        "filters": [
            ("type", _("Type"), MaterialType.choices, material_type),
            ("audience", _("Audience"), Audience.choices, audience),
            ("language", _("Language"), MaterialLanguage.choices, language),
        ],
        "filtered": bool(material_type or audience or language),
        "pagination_query": _pagination_query(type=material_type, audience=audience, language=language),
    }


@require_GET
def search_view(request):
    query = request.GET.get("q", "")
    approaches = list(Approach.objects.all())
    results = search(
        query=query,
        language=translation.get_language(),
        kind=_choice(request.GET.get("type", ""), SearchEntry.Kind.values),
        approach=_choice(request.GET.get("approach", ""), {a.slug for a in approaches}),
        region=_choice(request.GET.get("region", ""), Region.values),
        page_number=request.GET.get("page"),
        approaches=approaches,
    )
    selected = {"q": query[:200]}
    for name in ("type", "approach", "region"):
        chosen = [facet.value for facet in results.facets.get(_FACET_KEYS[name], []) if facet.selected]
        if chosen:
            selected[name] = chosen[0]
    facet_groups = []
    for name, heading in (("type", _("Type")), ("approach", _("Approach")), ("region", _("Region"))):
        facets = results.facets.get(_FACET_KEYS[name], [])
        for facet in facets:
            toggled = {key: value for key, value in selected.items() if key != name}
            if not facet.selected:
                toggled[name] = facet.value
            facet.toggle = urlencode(toggled)
        facet_groups.append((name, heading, facets))
    return render(
        request,
        "knowledge_base/search.html",
        {
            "query": query[:200],
            "results": results,
            "query_too_long": len(query) > 200,
            "facet_groups": facet_groups,
            "pagination_query": urlencode(selected) + "&",
        },
    )


_FACET_KEYS = {"type": "kind", "approach": "approach", "region": "region"}


def _pagination_query(**filters) -> str:
    """The active filters as a query-string prefix for page links ("" when none)."""
    active = {name: value for name, value in filters.items() if value}
    return urlencode(active) + "&" if active else ""


def _absolute_url_builder(request):
    def build(name: str, token: str, language: str) -> str:
        with translation.override(language):
            return request.build_absolute_uri(reverse(name, args=[token]))

    return build


def _client_key(request) -> str:
    """The visitor's address as allauth's rate limits see it: behind the proxy, from X-Forwarded-For
    (TRUSTED_PROXY_COUNT), so one busy proxy address does not lock everyone out."""
    return get_account_adapter(request).get_client_ip(request) or "unknown"


@require_http_methods(["GET", "POST"])
def newsletter_signup(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.subscriber_sign_up(
            email=form.cleaned_data["email"],
            language=translation.get_language(),
            consent_text=str(CONSENT_TEXT),
            client_key=_client_key(request),
            build_url=_absolute_url_builder(request),
        )
        if outcome is services.SignUpOutcome.RATE_LIMITED:
            messages.error(request, _("Too many sign-ups from your connection. Please try again in an hour."))
            return render(request, "knowledge_base/newsletter_signup.html", {"form": form}, status=429)
        messages.success(
            request,
            _(
                "Thank you. Unless this address already receives the newsletter, we have sent it a link "
                "to confirm the subscription; it is valid for 3 days."
            ),
        )
        return redirect("newsletter_signup")
    return render(request, "knowledge_base/newsletter_signup.html", {"form": form})


@never_cache  # the token in the address is personal
@require_http_methods(["GET", "POST"])
def newsletter_confirm(request, token):
    # GET only asks: mail scanners open links, and opening must not subscribe anybody.
    if request.method == "GET":
        return render(request, "knowledge_base/newsletter_token.html", {"action": "confirm"})
    try:
        services.subscriber_confirm(token=token)
    except services.TokenError as error:
        message = (
            _("The confirmation link has expired. Please sign up again; we will send a new one.")
            if error.expired
            else _("The confirmation link is not valid. Please copy the whole link from the e-mail or sign up again.")
        )
        messages.error(request, message)
        return redirect("newsletter_signup")
    messages.success(request, _("Your subscription is confirmed. Thank you."))
    return redirect("newsletter_signup")


@csrf_exempt  # one-click unsubscribe (RFC 8058) posts from the mail client; the signed token is the proof
@never_cache
@require_http_methods(["GET", "POST"])
def newsletter_unsubscribe(request, token):
    if request.method == "GET":
        return render(request, "knowledge_base/newsletter_token.html", {"action": "unsubscribe"})
    try:
        services.subscriber_unsubscribe(token=token)
    except services.TokenError:
        messages.error(request, _("The unsubscribe link is not valid. Please copy the whole link from the e-mail."))
        return redirect("newsletter_signup")
    messages.success(request, _("You will no longer receive the newsletter."))
    return redirect("newsletter_signup")
