"""Which pages a signed-in user may see in the Wagtail admin: choosers, reports, search and listings.

The one rule: a page shows in the admin to a user who may see it on the public site or may edit it.
Administrators see everything.

- On the public site: live, and under no view restriction the user does not pass. A login
  restriction counts as not passed: on this site it marks members-only content (a members-only
  meeting), whose own view decides who reads it, so the admin cannot know and leaves it out. A
  group restriction is passed by the groups it names. A page whose latest draft renames it counts
  as not visible either: the admin shows the draft's title, which is not public yet.
- Editable: Wagtail's page permissions ("change"), narrowed by the page type's own permission tester
  (`permissions_for_user`), through which the apps above portal add their rules without portal
  importing them.
"""

from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q, QuerySet
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.permissions import page_permission_policy

_CACHE_ATTRIBUTE = "_portal_visible_pages"


def is_administrator(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def visible_to(user, pages: QuerySet | None = None) -> QuerySet:
    """`pages` (all pages by default) narrowed to those the user may see in the admin."""
    pages = Page.objects.all() if pages is None else pages
    if is_administrator(user):
        return pages
    if not user.is_authenticated or not user.is_active:
        return pages.none()
    return pages.filter(pk__in=_visible_pages(user).values("pk"))


def explorable_by(user, pages: QuerySet) -> QuerySet:
    """For the explorer: visible pages, and the ancestors that lead to the pages the user may edit
    (whose titles the explorer shows as the way there)."""
    if is_administrator(user):
        return pages
    ancestor_paths = {
        perm.page.path[:depth]
        for perm in page_permission_policy.get_cached_permissions_for_user(user)
        for depth in range(Page.steplen, len(perm.page.path), Page.steplen)
    }
    return pages.filter(Q(pk__in=visible_to(user).values("pk")) | Q(path__in=ancestor_paths))


def editable_by(user) -> QuerySet:
    """Pages the user may edit: Wagtail's "change" permission, then each custom tester's word."""
    if is_administrator(user):
        return Page.objects.all()
    editable = page_permission_policy.instances_user_has_permission_for(user, "change")
    narrowed_types = _types_with_own_permission_tester()
    if not narrowed_types:
        return editable
    confirmed = [
        page.pk
        for page in editable.filter(content_type__in=narrowed_types).specific()
        if page.permissions_for_user(user).can_edit()
    ]
    plain = editable.exclude(content_type__in=narrowed_types).values("pk")
    return Page.objects.filter(Q(pk__in=plain) | Q(pk__in=confirmed))


def publicly_visible_to(user) -> QuerySet:
    """Live pages the user would be shown on the site, and whose admin title is the published one."""
    pages = Page.objects.filter(Q(live=True) | Q(depth=1))
    unpassed = _unpassed_restriction_paths(user)
    if unpassed:
        pages = pages.exclude(reduce(or_, (Q(path__startswith=path) for path in unpassed)))
    # The admin shows a page's draft title: a page renamed in an unpublished draft would leak the name.
    return pages.filter(Q(draft_title=F("title")) | Q(draft_title=""))


def _unpassed_restriction_paths(user) -> list[str]:
    group_ids = set(user.groups.values_list("pk", flat=True))
    paths = []
    for restriction in PageViewRestriction.objects.select_related("page").prefetch_related("groups"):
        passed = restriction.restriction_type == PageViewRestriction.GROUPS and group_ids & {
            group.pk for group in restriction.groups.all()
        }
        if not passed:
            paths.append(restriction.page.path)
    return paths


def _types_with_own_permission_tester() -> list[int]:
    models = [model for model in get_page_models() if model.permissions_for_user is not Page.permissions_for_user]
    return [content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()]


def _visible_pages(user) -> QuerySet:
    """Built once per user object (one request): a request may ask several times. Lazy but for the
    few pages whose type has its own permission tester."""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = Page.objects.filter(
            Q(pk__in=publicly_visible_to(user).values("pk")) | Q(pk__in=editable_by(user).values("pk"))
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached
