from django.http import QueryDict

from carepanel.core.pagination import PageLink, SortHeader, paginate, sort_headers


def test_one_page_needs_no_links():
    page, pagination = paginate(range(25), {}, label="Pages")

    assert list(page.object_list) == list(range(25))
    assert pagination is None


def test_the_links_are_the_first_and_last_pages_and_the_current_ones_neighbours():
    page, pagination = paginate(range(250), QueryDict("sort=date&page=5"), label="Pages of x")

    assert page.number == 5
    assert pagination is not None
    assert pagination.label == "Pages of x"
    assert pagination.links == [
        PageLink(1, "?sort=date&page=1"),
        PageLink(None),
        PageLink(4, "?sort=date&page=4"),
        PageLink(5, "?sort=date&page=5", current=True),
        PageLink(6, "?sort=date&page=6"),
        PageLink(None),
        PageLink(10, "?sort=date&page=10"),
    ]
    assert (pagination.previous, pagination.next) == ("?sort=date&page=4", "?sort=date&page=6")


def test_the_first_page_has_no_previous_link_and_keeps_the_other_parameters_in_order():
    _, pagination = paginate(range(30), {"status": "draft", "sort": "kind"}, label="Pages")

    assert pagination is not None
    assert pagination.previous == ""
    assert pagination.next == "?status=draft&sort=kind&page=2"
    assert [link.number for link in pagination.links] == [1, 2]


def test_a_page_number_out_of_range_or_not_a_number_is_read_as_the_nearest_page():
    assert paginate(range(60), {"page": "99"}, label="Pages")[0].number == 3
    assert paginate(range(60), {"page": "abc"}, label="Pages")[0].number == 1


def test_a_sort_header_sorts_its_column_ascending_or_turns_the_current_one_round():
    headers = sort_headers(
        QueryDict("panel=main&sort=date&order=asc&page=3"),
        {"date": "Date and time", "places": "Places left"},
        "date",
        "asc",
    )

    assert headers["date"] == SortHeader(
        "Date and time", "?panel=main&sort=date&order=desc", "ascending"
    )
    assert headers["places"] == SortHeader(
        "Places left", "?panel=main&sort=places&order=asc", "none"
    )
