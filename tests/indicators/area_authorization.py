"""The kecamatan and desa rows of the authorization matrix (tests/test_authorization_matrix.py).

The world's assessment is on the draft framework, without indicators 25 and 26: these
rows test who reaches the pages, not what they show (tests/indicators/test_area_pages.py).
The matrix's kecamatan operator reports for Paringin (63.11.06); ``OTHER_KECAMATAN``
has it try another kecamatan of its district.
"""

from tests.authorization_rules import Entry

# The kecamatan each world's URLs name: Paringin in Balangan, Balikpapan Timur abroad.
KECAMATAN = {"own": "63.11.06", "foreign": "64.71.01"}
OTHER_IN_BALANGAN = "63.11.01"  # Juai


def _kecamatan(w):
    return [w.assessment.pk, KECAMATAN[w.region]]


# The start page sends every reader on to the kecamatan page of the latest assessment.
_REDIRECTED = {
    ("own", role): 302 for role in ("evaluator", "coordinator", "admin", "member", "superuser")
} | {("foreign", role): 302 for role in ("evaluator", "superuser")}
_IMPORT_POSTED = {("own", "admin"): 302, ("own", "superuser"): 302, ("foreign", "superuser"): 302}

AREAS_MATRIX = {
    # The whole district's shares: its readers, but not a kecamatan operator.
    "indicators:areas": Entry(
        "read", args=lambda w: [w.assessment.pk], overrides={("own", "kecamatan_operator"): 403}
    ),
    "indicators:area_home": Entry(
        "read", args=lambda w: [KECAMATAN[w.region]], overrides=_REDIRECTED
    ),
    "indicators:area_kecamatan": Entry("read", args=_kecamatan),
    # A save with nothing changed: a redirect back for whoever may report.
    "indicators:area_kecamatan_save": Entry("kecamatan_report", args=_kecamatan, method="post"),
    "indicators:area_import": Entry("manage", args=lambda w: [w.assessment.pk, "kecamatan"]),
    "indicators:area_import_template": Entry("manage", args=lambda w: [w.assessment.pk, "desa"]),
    # Without an upload to confirm: back to the upload form.
    "indicators:area_import_confirm": Entry(
        "manage",
        args=lambda w: [w.assessment.pk, "kecamatan"],
        method="post",
        overrides=_IMPORT_POSTED,
    ),
}

# (URL name, args, method) of another kecamatan in the operator's own district: 403.
OTHER_KECAMATAN = {
    "page": ("indicators:area_kecamatan", lambda w: [w.assessment.pk, OTHER_IN_BALANGAN], "get"),
    "save": (
        "indicators:area_kecamatan_save",
        lambda w: [w.assessment.pk, OTHER_IN_BALANGAN],
        "post",
    ),
    "start": ("indicators:area_home", lambda w: [OTHER_IN_BALANGAN], "get"),
}
