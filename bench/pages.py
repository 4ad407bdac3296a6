"""What the benchmarks weigh and load. Data only: a later feature appends rows here.

Paths are relative to the server root. Goals come from the design handbook (section 6,
"Budgets") and the throughput targets for one core.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """A citizen page whose browser transfer is weighed (bench.pageweight)."""

    name: str
    path: str
    # Pages with a first-load budget (the home page, the report form); every page has the
    # repeat and JS budgets.
    first_load_goal_kb: float | None = None
    # Map pages load Leaflet; the handbook's JS budget is for non-map pages only.
    is_map: bool = False


@dataclass(frozen=True)
class Endpoint:
    """An HTTP endpoint put under load with wrk (bench.http)."""

    name: str
    path: str
    min_rps: float
    max_p99_ms: float = 100.0


# Budgets that hold on every page (handbook section 6).
REPEAT_GOAL_KB = 10.0
JS_GOAL_KB = 25.0

PAGES: list[Page] = [
    Page("home", "/", first_load_goal_kb=50.0),
    Page("search", "/search?q=ho+so+dat+dai"),
    Page("agency directory", "/agencies/"),
    Page("agency detail", "/agencies/TN.P.TANNINH/"),
    Page("offline", "/offline"),
    Page("sign in (phone)", "/signin/"),
    # The three-step form without its map: the handbook's 40 KB for the report form.
    Page("report form", "/reports/new", first_load_goal_kb=40.0),
    Page("reports list", "/reports/"),
    Page("procedures", "/procedures/?q=khai+sinh"),
    Page("procedure", "/procedures/1.001193/"),
    Page("dossier lookup", "/dossiers/lookup"),
    Page("news", "/news/"),
    # An article without pictures (the demo's first, openprovince/demo/news.py): 30 KB goal.
    Page("news article", "/news/demotin00001/", first_load_goal_kb=30.0),
    Page("news article, text only", "/news/demotin00001/text"),
]

ENDPOINTS: list[Endpoint] = [
    Endpoint("home", "/", min_rps=1000),
    Endpoint("agency directory (20 rows)", "/agencies/", min_rps=500),
    Endpoint("JSON agency", "/api/v1/agencies/TN.P.TANNINH", min_rps=1000),
    Endpoint("reports list (demo reports)", "/reports/", min_rps=500),
]
