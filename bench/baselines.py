"""Raw SQL computing or reading what the pages show: the floor our code is compared with.

The national and province rankings read one figure row per district and round
(``indicators.models.RoundFigures``, kept by every write): their baseline is the
same read in raw SQL, ``round_rows``. The sums from the item rows
(``national_totals``) are kept as a reference (what the rows save) and to check
that the rows hold the right numbers.

The score rule is the one ``indicators/scoring.py`` applies, for either framework an
assessment is made under. An answer earns its share of the points: 1 when met, 0.75,
0.5 (partly met) or 0.25 for the graded steps, 0 otherwise or when blank. On the 2024
instrument (``scoring = 'points'``) a question earns its own points times that share,
rounded to the cent, and an indicator the sum of its questions' points, capped at its
maximum; on the draft framework (``'weighted'``) an indicator scores its maximum times
the weighted share of all its items, rounded to the cent. A district's total is the sum
over its indicators. The self-assessed score takes the district's answers, the verified
score the verifier's where set, else the district's own.
"""

from django.db import connection

SHARE = (
    "CASE {status} WHEN 'met' THEN 1.0 WHEN 'q3' THEN 0.75 WHEN 'partly' THEN 0.5"
    " WHEN 'q1' THEN 0.25 ELSE 0.0 END"
)
SELF = SHARE.format(status="ia.self_status")
VERIFIED = SHARE.format(status="COALESCE(NULLIF(ia.verified_status, ''), ia.self_status)")

SCORES = f"""
WITH weights AS (
    SELECT indicator_id, SUM(weight) AS total FROM indicators_checklistitem GROUP BY indicator_id
),
earned AS (
    SELECT a.district_id, ci.indicator_id,
           SUM(ci.weight * {SELF}) AS own_share,
           SUM(ci.weight * {VERIFIED}) AS verified_share,
           SUM(ROUND(COALESCE(ci.max_points, 0) * {SELF}, 2)) AS own_points,
           SUM(ROUND(COALESCE(ci.max_points, 0) * {VERIFIED}, 2)) AS verified_points
    FROM indicators_itemassessment ia
    JOIN indicators_assessment a ON a.id = ia.assessment_id
    JOIN indicators_checklistitem ci ON ci.id = ia.item_id
    WHERE a.year = %s {{where}}
    GROUP BY a.district_id, ci.indicator_id
),
points AS (
    SELECT e.district_id, i.number, i.cluster,
           CASE WHEN f.scoring = 'weighted' THEN ROUND(i.max_points * e.own_share / w.total, 2)
                WHEN e.own_points > i.max_points THEN i.max_points
                ELSE e.own_points END AS own,
           CASE WHEN f.scoring = 'weighted'
                THEN ROUND(i.max_points * e.verified_share / w.total, 2)
                WHEN e.verified_points > i.max_points THEN i.max_points
                ELSE e.verified_points END AS verified
    FROM earned e
    JOIN indicators_indicator i ON i.id = e.indicator_id
    JOIN indicators_framework f ON f.id = i.framework_id
    JOIN weights w ON w.indicator_id = e.indicator_id
)
"""

DISTRICT_TOTALS = (
    SCORES
    + """
SELECT d.code, d.name, SUM(p.own) AS own, SUM(p.verified) AS verified
FROM points p JOIN kla_portal_district d ON d.code = p.district_id
GROUP BY d.code, d.name
ORDER BY d.code
"""
)

INDICATOR_POINTS = (
    SCORES
    + """
SELECT p.number, p.cluster, p.own, p.verified FROM points p ORDER BY p.number
"""
)

# The year's figure row of each district, with the names, ranked by the running totals
# (verified where there is one, else self-assessed): ``run.check_rows`` compares them with
# the item rows' sums.
RANKING_ROWS = """
SELECT d.code, d.name, p.name, f.total, f.verified
FROM indicators_assessmentfigures f
JOIN indicators_assessment a ON a.id = f.assessment_id
JOIN kla_portal_district d ON d.code = a.district_id
JOIN kla_portal_province p ON p.code = d.province_id
WHERE a.year = %s {where}
ORDER BY COALESCE(f.verified, f.total) DESC, d.code
"""

# What the national and province pages read: the year's round figure row of each assessed
# district (its stages and awards, kept by every write: ``indicators.models.RoundFigures``).
ROUND_ROWS = """
SELECT d.code, d.name, p.name, r.status, r.cells, r.official, r.last_award
FROM indicators_roundfigures r
JOIN kla_portal_district d ON d.code = r.district_id
JOIN kla_portal_province p ON p.code = d.province_id
WHERE r.year = %s {where}
ORDER BY d.code
"""

PROVINCE = "AND a.district_id IN (SELECT code FROM kla_portal_district WHERE province_id = %s)"

BOARD_ITEMS = """
SELECT i.id, i.activity, i.status, i.due_date, i.percent, p.title
FROM trainings_actionitem i
JOIN trainings_actionplan p ON p.id = i.plan_id
WHERE p.district_id = %s AND p.is_active
ORDER BY i.due_date, i.id
"""

TRAINING_LIST = """
SELECT t.id, t.title, t.start_date, t.end_date, t.status, COUNT(p.id)
FROM trainings_training t
LEFT JOIN trainings_participant p ON p.training_id = t.id AND p.is_active
WHERE t.district_id = %s AND t.is_active
GROUP BY t.id, t.title, t.start_date, t.end_date, t.status
ORDER BY t.start_date DESC, t.title
"""


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def national_totals(year):
    return _fetch(DISTRICT_TOTALS.format(where=""), [year])


def province_totals(year, province):
    return _fetch(DISTRICT_TOTALS.format(where=PROVINCE), [year, province])


def ranking_rows(year):
    return _fetch(RANKING_ROWS.format(where=""), [year])


def round_rows(year):
    return _fetch(ROUND_ROWS.format(where=""), [year])


def province_round_rows(year, province):
    return _fetch(ROUND_ROWS.format(where="AND d.province_id = %s"), [year, province])


def round_rows_orm(year):
    """The national page's round rows through the ORM, as model instances (row, district,
    province): what the least a Django page reading them pays."""
    from indicators.models import RoundFigures

    # Without the district page's board, which the national page does not read either.
    return list(
        RoundFigures.objects.filter(year=year)
        .select_related("district__province")
        .defer("board")
        .order_by("district")
    )


def district_points(year, district):
    return _fetch(INDICATOR_POINTS.format(where="AND a.district_id = %s"), [year, district])


def board_items(district):
    return _fetch(BOARD_ITEMS, [district])


def training_list(district):
    return _fetch(TRAINING_LIST, [district])
