"""Every URL declares who may open it (DESIGN §4.4)."""

from django.urls import URLPattern, URLResolver, get_resolver

from openprovince.core.access import access_rule_of

# Routed through their own access control: Django's admin (staff + permissions) and the API
# (each Ninja operation is public read-only until it declares auth).
DELEGATED = ("admin:", "api:")


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), namespace, p.callback


def test_every_url_has_an_access_rule():
    missing = [
        route
        for route, ns, view in _walk(get_resolver().url_patterns)
        if not ns.startswith(DELEGATED) and access_rule_of(view) is None
    ]
    assert missing == [], f"views without an access rule: {missing}"


def test_the_walk_sees_the_views_we_know():
    routes = {
        route: access_rule_of(view)
        for route, ns, view in _walk(get_resolver().url_patterns)
        if not ns.startswith(DELEGATED)
    }
    assert routes["office/agencies/import/"] == "official:province_admin"
    assert routes["office/roles/"] == "official:agency_admin"
    assert routes["me/"] == "signed_in"
    assert routes["dev/sms"] == "debug"
    assert routes[""] == "public"
    assert routes["healthz"] == "public"
