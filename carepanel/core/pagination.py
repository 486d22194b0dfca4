"""Long lists a page at a time, sorted on the server: GOV.UK pagination's links (the first
and last pages, the current one and its neighbours, an ellipsis for the gaps) and the
sortable headers' links (MOJ sortable table markup, with aria-sort)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import QueryDict

PAGE_SIZE = 25


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: an ellipsis
    href: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    """What `govuk/pagination.html` draws; only made when there is more than one page."""

    links: list[PageLink]
    previous: str
    next: str
    # The navigation's accessible name, e.g. "Pages of meetings".
    label: str


def paginate(
    items: Any,
    params: QueryDict | Mapping[str, str],
    *,
    label: str,
    per_page: int = PAGE_SIZE,
) -> tuple[Page[Any], Pagination | None]:
    """The page `params["page"]` asks for (the last for a number too high, the first for
    anything else), and its links, which keep every other parameter of the query."""
    page = Paginator(items, per_page).get_page(params.get("page"))
    last = page.paginator.num_pages
    if last <= 1:
        return page, None

    query = _copy(params)

    def href(number: int) -> str:
        query["page"] = str(number)
        return f"?{query.urlencode()}"

    current = page.number
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    links: list[PageLink] = []
    for number in wanted:
        if links and links[-1].number is not None and number - links[-1].number > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, href(number), number == current))
    return page, Pagination(
        links=links,
        previous=href(current - 1) if page.has_previous() else "",
        next=href(current + 1) if page.has_next() else "",
        label=label,
    )


@dataclass(frozen=True)
class SortHeader:
    label: str
    href: str
    # aria-sort: "ascending", "descending" or "none".
    aria_sort: str


def sort_headers(
    params: QueryDict | Mapping[str, str], labels: Mapping[str, str], sort: str, order: str
) -> dict[str, SortHeader]:
    """A link for each sortable column: the column sorted ascending, or the other way if it
    is the current one. The links keep the other parameters and go back to the first page."""
    headers = {}
    for column, label in labels.items():
        current = column == sort
        query = _copy(params)
        query["sort"] = column
        query["order"] = "desc" if current and order == "asc" else "asc"
        query.pop("page", None)
        headers[column] = SortHeader(
            label=label,
            href=f"?{query.urlencode()}",
            aria_sort=("ascending" if order == "asc" else "descending") if current else "none",
        )
    return headers


def _copy(params: QueryDict | Mapping[str, str]) -> QueryDict:
    if isinstance(params, QueryDict):
        return params.copy()
    query = QueryDict(mutable=True)
    query.update(params)
    return query
