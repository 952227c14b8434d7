"""The actors plugin under /actors/. Each view module lists its own routes; the fixed
paths come first, so that no organisation slug can shadow them (models.RESERVED_SLUGS)."""

from actors.views import directory, exports, joining, profiles, value_chain

app_name = "actors"

urlpatterns = [
    *directory.urlpatterns,
    *exports.urlpatterns,
    *value_chain.urlpatterns,
    *joining.urlpatterns,
    # Last: /actors/<slug>/ and what hangs under a profile.
    *profiles.urlpatterns,
]
