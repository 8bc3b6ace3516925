"""Pages for the Gugus Tugas KLA and the sector institutions of a district."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from kla_portal import conflicts
from kla_portal.access import (
    can_edit_district,
    district_for_editor,
    district_for_reader,
    get_editable_or_403,
    get_visible_or_404,
)
from kla_portal.activity import download
from kla_portal.forms import add_write_errors
from kla_portal.history import history_of
from kla_portal.imports import ALREADY_IMPORTED, NOTHING_WRITTEN, import_done
from kla_portal.models import Cluster, District, Membership, Role
from kla_portal.spreadsheets import (
    SheetError,
    StashTaken,
    claim_stash,
    discard_stash,
    release_stash,
    stash_upload,
)
from kla_portal.uploads import serve_upload
from stakeholders import actions, agencies, invitations, logins
from stakeholders.decrees import decree_validity
from stakeholders.filters import InstitutionFilter
from stakeholders.forms import (
    AgencyForm,
    AgencyMergeForm,
    ImportConfirmForm,
    ImportUploadForm,
    InstitutionForm,
    InvitationForm,
    KecamatanOperatorForm,
    MemberForm,
    MilestoneForm,
    OperatorForm,
    TaskForceForm,
)
from stakeholders.imports import apply_import, preview_import, template_workbook
from stakeholders.models import (
    Agency,
    Institution,
    InstitutionMilestone,
    Member,
    TaskForce,
)
from stakeholders.stages import (
    COMPLETE,
    IN_PROGRESS,
    NOT_STARTED,
    checklist,
    sector_stage_table,
    stage_changes,
    with_path_length,
)

PAGE_SIZE = 25

TASK_FORCE_SAVED = _("Gugus tugas disimpan.")
MEMBER_SAVED = _("Anggota %(name)s disimpan.")
MEMBER_DEACTIVATED = _("Anggota %(name)s dinonaktifkan.")
INSTITUTION_SAVED = _("Lembaga %(name)s disimpan.")
INSTITUTION_DEACTIVATED = _("Lembaga %(name)s dinonaktifkan.")
MILESTONE_SAVED = _("Tahap '%(milestone)s' dicatat untuk %(name)s.")
IMPORT_EXPIRED = _("Berkas impor sudah tidak tersedia. Unggah lagi.")
NO_EVIDENCE = _("Tidak ada berkas.")
DEFAULTS_ADDED = _("%(count)s perangkat daerah dari daftar bawaan ditambahkan.")
AGENCY_SAVED = _("Perangkat daerah %(name)s disimpan.")
AGENCY_MERGED = _("%(merged)s digabung ke %(kept)s.")
OPERATOR_DEACTIVATED = _("Akun operator %(username)s dinonaktifkan.")


# Task force


def _current_task_force(district, user):
    return (
        TaskForce.objects.visible_to(user)
        .filter(district=district, is_current=True, is_active=True)
        .order_by("-decree_date")
        .first()
    )


@login_required
def task_force_list(request, code):
    """The district's task forces, current first, with the way to form a new one."""
    district = district_for_reader(request.user, code)
    task_forces = (
        TaskForce.objects.visible_to(request.user)
        .filter(district=district, is_active=True)
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .order_by("-is_current", "-decree_date")
    )
    return render(
        request,
        "stakeholders/task_force_list.html",
        {
            "district": district,
            "task_forces": task_forces,
            "can_edit": can_edit_district(request.user, district),
        },
    )


@login_required
def task_force_create(request, code):
    district = district_for_editor(request.user, code)
    form = TaskForceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        task_force = actions.create_task_force(
            district=district, user=request.user, **form.values()
        )
        messages.success(request, TASK_FORCE_SAVED)
        return redirect(task_force)
    return render(
        request,
        "stakeholders/task_force_form.html",
        {"district": district, "form": form, "task_force": None},
    )


def _grouped_members(task_force):
    members = list(
        task_force.members.filter(is_active=True)
        .select_related("working_group", "user")
        .order_by("working_group__cluster", "name")
    )
    order = {value: i for i, value in enumerate(Cluster.values)}
    leaders = sorted(
        (m for m in members if m.working_group_id is None),
        key=lambda m: (list(Member.Role.values).index(m.role), m.name),
    )
    groups = []
    for group in sorted(task_force.working_groups.all(), key=lambda g: order[g.cluster]):
        in_group = [m for m in members if m.working_group_id == group.pk]
        in_group.sort(key=lambda m: (list(Member.Role.values).index(m.role), m.name))
        groups.append((group, in_group))
    return leaders, groups


@login_required
def task_force_detail(request, pk):
    task_force = get_visible_or_404(
        TaskForce.objects.select_related("district__province"), request.user, pk=pk
    )
    leaders, groups = _grouped_members(task_force)
    chairs = [m for m in leaders if m.role == Member.Role.KETUA]
    return render(
        request,
        "stakeholders/task_force_detail.html",
        {
            "task_force": task_force,
            "district": task_force.district,
            "validity": decree_validity(task_force),
            "leaders": leaders,
            "groups": groups,
            "chairs": chairs,
            "can_edit": can_edit_district(request.user, task_force.district),
            "history": history_of(task_force),
        },
    )


@login_required
def task_force_edit(request, pk):
    task_force = get_editable_or_403(
        TaskForce.objects.select_related("district__province"), request.user, pk=pk
    )
    form = TaskForceForm(request.POST or None, request.FILES or None, instance=task_force)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_task_force(
                task_force=task_force,
                user=request.user,
                version=form.cleaned_data["version"],
                **form.values(),
            )
        except ValidationError as exc:
            conflict = conflicts.conflict_of(form, exc)
            if conflict is None:
                add_write_errors(form, exc)
        else:
            messages.success(request, TASK_FORCE_SAVED)
            return redirect(task_force)
    return render(
        request,
        "stakeholders/task_force_form.html",
        {
            "district": task_force.district,
            "form": form,
            "task_force": task_force,
            "conflict": conflict,
        },
    )


@login_required
def task_force_decree(request, pk):
    task_force = get_visible_or_404(TaskForce.objects, request.user, pk=pk)
    if not task_force.decree_file:
        raise Http404(NO_EVIDENCE)
    return serve_upload(task_force.decree_file)


# Members


@login_required
def member_create(request, pk):
    task_force = get_editable_or_403(
        TaskForce.objects.select_related("district__province"), request.user, pk=pk
    )
    form = MemberForm(request.POST or None, task_force=task_force)
    if request.method == "POST" and form.is_valid():
        try:
            member = actions.add_member(task_force=task_force, user=request.user, **form.values())
        except ValidationError as exc:
            add_write_errors(form, exc)
        else:
            messages.success(request, MEMBER_SAVED % {"name": member.name})
            if "another" in request.POST:
                return redirect("stakeholders:member_create", task_force.pk)
            return redirect(task_force)
    return render(
        request,
        "stakeholders/member_form.html",
        {"task_force": task_force, "district": task_force.district, "form": form, "member": None},
    )


@login_required
def member_detail(request, pk):
    member = get_visible_or_404(
        Member.objects.select_related(
            "task_force__district__province", "working_group", "user", "agency_unit"
        ),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "stakeholders/member_detail.html",
        {
            "member": member,
            "task_force": member.task_force,
            "district": member.task_force.district,
            "can_edit": can_edit_district(request.user, member.task_force.district),
            "can_invite": member.is_active and member.user_id is None,
            "history": history_of(member),
        },
    )


@login_required
def member_edit(request, pk):
    member = get_editable_or_403(
        Member.objects.select_related("task_force__district__province", "user"),
        request.user,
        pk=pk,
    )
    task_force = member.task_force
    form = MemberForm(request.POST or None, instance=member, task_force=task_force)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_member(
                member=member,
                user=request.user,
                version=form.cleaned_data["version"],
                **form.values(),
            )
        except ValidationError as exc:
            conflict = conflicts.conflict_of(form, exc)
            if conflict is None:
                add_write_errors(form, exc)
        else:
            messages.success(request, MEMBER_SAVED % {"name": member.name})
            return redirect(member)
    return render(
        request,
        "stakeholders/member_form.html",
        {
            "task_force": task_force,
            "district": task_force.district,
            "form": form,
            "member": member,
            "conflict": conflict,
        },
    )


@login_required
def member_invite(request, pk):
    """Invite a member who has no login here: the login is made, linked and given a
    set-password link, shown once on the page that answers the POST (not redirected to)."""
    member = get_editable_or_403(
        Member.objects.select_related("task_force__district__province", "user"),
        request.user,
        pk=pk,
    )
    task_force = member.task_force
    form = InvitationForm(request.POST or None, initial={"email": member.email})
    if request.method == "POST" and form.is_valid():
        try:
            account, path = invitations.invite_member(
                member=member, user=request.user, email=form.cleaned_data["email"]
            )
        except ValidationError as exc:
            add_write_errors(form, exc)
        else:
            return render(
                request,
                "stakeholders/member_invited.html",
                {
                    "task_force": task_force,
                    "district": task_force.district,
                    "member": member,
                    "account": account,
                    "link": request.build_absolute_uri(path),
                    "emailed": account.password_link_emailed,
                    "days": logins.link_days(),
                },
            )
    return render(
        request,
        "stakeholders/member_invite.html",
        {"task_force": task_force, "district": task_force.district, "member": member, "form": form},
    )


@require_POST
@login_required
def member_deactivate(request, pk):
    member = get_editable_or_403(Member.objects.select_related("task_force"), request.user, pk=pk)
    actions.deactivate_member(member=member, user=request.user)
    messages.success(request, MEMBER_DEACTIVATED % {"name": member.name})
    return redirect(member.task_force)


# Institutions


@login_required
def institution_list(request, code):
    district = district_for_reader(request.user, code)
    institutions = with_path_length(
        Institution.objects.visible_to(request.user)
        .filter(district=district, is_active=True)
        .select_related("sector", "subdistrict")
        .order_by("sector__order", "name", "pk")
    )
    filterset = InstitutionFilter(request.GET or None, queryset=institutions, district=district)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "stakeholders/institution_list.html",
        {
            "district": district,
            "filter": filterset,
            "page": page,
            "can_edit": can_edit_district(request.user, district),
        },
    )


@login_required
def institution_create(request, code):
    district = district_for_editor(request.user, code)
    form = InstitutionForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        institution = actions.register_institution(
            district=district, user=request.user, **form.values()
        )
        messages.success(request, INSTITUTION_SAVED % {"name": institution.name})
        if "another" in request.POST:
            return redirect("stakeholders:institution_create", district.code)
        return redirect(institution)
    return render(
        request,
        "stakeholders/institution_form.html",
        {"district": district, "form": form, "institution": None},
    )


def _institution_page(request, institution, milestone_form=None):
    district = institution.district
    can_edit = can_edit_district(request.user, district)
    steps = checklist(institution)
    if can_edit and milestone_form is None:
        milestone_form = MilestoneForm(institution=institution)
    return render(
        request,
        "stakeholders/institution_detail.html",
        {
            "institution": institution,
            "district": district,
            "steps": steps,
            "path_length": len(steps),
            "can_edit": can_edit,
            "milestone_form": milestone_form if can_edit else None,
            "stage_changes": stage_changes(institution),
            "history": history_of(institution),
        },
    )


@login_required
def institution_detail(request, pk):
    institution = get_visible_or_404(
        Institution.objects.select_related("district__province", "sector", "subdistrict"),
        request.user,
        pk=pk,
    )
    return _institution_page(request, institution)


@login_required
def institution_edit(request, pk):
    institution = get_editable_or_403(
        Institution.objects.select_related("district__province", "sector", "subdistrict"),
        request.user,
        pk=pk,
    )
    district = institution.district
    form = InstitutionForm(request.POST or None, instance=institution, district=district)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_institution(
                institution=institution,
                user=request.user,
                version=form.cleaned_data["version"],
                **form.values(),
            )
        except ValidationError as exc:
            conflict = conflicts.conflict_of(form, exc)
            if conflict is None:
                add_write_errors(form, exc)
        else:
            messages.success(request, INSTITUTION_SAVED % {"name": institution.name})
            return redirect(institution)
    return render(
        request,
        "stakeholders/institution_form.html",
        {"district": district, "form": form, "institution": institution, "conflict": conflict},
    )


@require_POST
@login_required
def institution_deactivate(request, pk):
    institution = get_editable_or_403(Institution.objects, request.user, pk=pk)
    actions.deactivate_institution(institution=institution, user=request.user)
    messages.success(request, INSTITUTION_DEACTIVATED % {"name": institution.name})
    return redirect("stakeholders:institution_list", institution.district_id)


@require_POST
@login_required
def milestone_record(request, pk):
    institution = get_editable_or_403(
        Institution.objects.select_related("district__province", "sector", "subdistrict"),
        request.user,
        pk=pk,
    )
    form = MilestoneForm(request.POST, request.FILES, institution=institution)
    if not form.is_valid():
        return _institution_page(request, institution, form)
    milestone = actions.record_milestone(
        institution=institution,
        definition=form.cleaned_data["definition"],
        achieved_on=form.cleaned_data["achieved_on"],
        evidence=form.cleaned_data["evidence"],
        notes=form.cleaned_data["notes"],
        user=request.user,
    )
    messages.success(
        request,
        MILESTONE_SAVED % {"milestone": milestone.definition.name, "name": institution.name},
    )
    return redirect(institution)


@login_required
def milestone_evidence(request, pk):
    milestone = get_visible_or_404(InstitutionMilestone.objects, request.user, pk=pk)
    if not milestone.evidence:
        raise Http404(NO_EVIDENCE)
    return serve_upload(milestone.evidence)


# Import


@login_required
def institution_import(request, code):
    """Upload, then a preview of every row; nothing is written until confirmed."""
    district = district_for_editor(request.user, code)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context = {"district": district, "form": form}
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            report = preview_import(uploaded, district=district).report
        except SheetError as exc:
            form.add_error("file", str(exc))
        else:
            token = stash_upload(request, uploaded)
            context |= {
                "report": report,
                "confirm_form": ImportConfirmForm(initial={"token": token}),
                "file_name": uploaded.name,
            }
    return render(request, "stakeholders/institution_import.html", context)


@require_POST
@login_required
def institution_import_confirm(request, code):
    district = district_for_editor(request.user, code)
    form = ImportConfirmForm(request.POST)
    try:
        path = claim_stash(request, request.POST.get("token", "")) if form.is_valid() else None
    except StashTaken:
        messages.info(request, ALREADY_IMPORTED)
        return redirect("stakeholders:institution_list", district.code)
    if path is None:
        messages.error(request, IMPORT_EXPIRED)
        return redirect("stakeholders:institution_import", district.code)
    try:
        report, written = apply_import(
            path,
            district=district,
            user=request.user,
            only_valid=form.cleaned_data["only_valid"],
        )
    except SheetError as exc:
        discard_stash(request, form.cleaned_data["token"])
        messages.error(request, str(exc))
        return redirect("stakeholders:institution_import", district.code)
    if not written:
        release_stash(path)
        messages.error(request, NOTHING_WRITTEN % {"count": report.rejected_count})
        return render(
            request,
            "stakeholders/institution_import.html",
            {
                "district": district,
                "form": ImportUploadForm(),
                "report": report,
                "confirm_form": form,
            },
        )
    import_done(request, form.cleaned_data["token"], report)
    return redirect("stakeholders:institution_list", district.code)


@login_required
def institution_import_template(request, code):
    district = district_for_editor(request.user, code)
    return download(
        request,
        template_workbook(district),
        name=f"templat-lembaga-{district.code}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        region=district,
    )


# Overview


@login_required
def overview(request, code):
    district = district_for_reader(request.user, code)
    task_force = _current_task_force(district, request.user)
    per_group = []
    if task_force is not None:
        counts = Counter(
            task_force.members.filter(is_active=True).values_list(
                "working_group__cluster", flat=True
            )
        )
        per_group = [(None, counts[None])] + [
            (cluster, counts[cluster.value]) for cluster in Cluster
        ]
    rows, top = sector_stage_table(
        Institution.objects.visible_to(request.user).filter(district=district, is_active=True)
    )
    chart = {
        # "LKSA (panti asuhan)" -> "LKSA": the long names do not fit beside a bar on a phone.
        "labels": [row.sector.name.split(" (")[0] for row in rows],
        "series": [
            {"label": str(NOT_STARTED), "data": [r.not_started for r in rows]},
            {"label": str(IN_PROGRESS), "data": [r.in_progress for r in rows]},
            {"label": str(COMPLETE), "data": [r.complete for r in rows]},
        ],
    }
    return render(
        request,
        "stakeholders/overview.html",
        {
            "district": district,
            "task_force": task_force,
            "validity": decree_validity(task_force),
            "per_group": per_group,
            "member_total": sum(n for _group, n in per_group),
            "rows": rows,
            "stages": range(top + 1),
            "institution_total": sum(r.total for r in rows),
            "chart": chart,
        },
    )


# Agencies (perangkat daerah) and their operators


@login_required
def agency_list(request, code):
    """The district's agencies, what each answers for and who operates it; a POST (the
    district admin's "Muat daftar bawaan") adds the default catalogue's missing ones."""
    if request.method == "POST":
        district = district_for_editor(request.user, code)
        added = agencies.create_default_agencies(district=district, user=request.user)
        messages.success(request, DEFAULTS_ADDED % {"count": len(added)})
        return redirect("stakeholders:agency_list", district.code)
    district = district_for_reader(request.user, code)
    rows = (
        Agency.objects.visible_to(request.user)
        .filter(district=district)
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .prefetch_related(
            Prefetch(
                "operators",
                queryset=Membership.objects.filter(role=Role.AGENCY_OPERATOR)
                .select_related("user")
                .order_by("user__username"),
            )
        )
        .order_by("-is_active", "short_name")
    )
    rows = list(rows)
    covered = {name for agency in rows if agency.is_active for name in agency.covers}
    kecamatan_operators = (
        Membership.objects.filter(role=Role.KECAMATAN_OPERATOR, district=district)
        .select_related("user", "subdistrict")
        .order_by("subdistrict__name", "user__username")
    )
    return render(
        request,
        "stakeholders/agency_list.html",
        {
            "district": district,
            "agencies": rows,
            "uncovered": [name for name in agencies.INSTRUMENT_NAMES if name not in covered],
            "kecamatan_operators": kecamatan_operators,
            "can_edit": can_edit_district(request.user, district),
        },
    )


@login_required
def agency_add(request, code):
    district = district_for_editor(request.user, code)
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = agencies.create_agency(district=district, user=request.user, **form.values())
        except ValidationError as exc:
            add_write_errors(form, exc)
        else:
            messages.success(request, AGENCY_SAVED % {"name": agency.short_name})
            return redirect("stakeholders:agency_list", district.code)
    return render(
        request,
        "stakeholders/agency_form.html",
        {"district": district, "form": form, "agency": None},
    )


def _agency_for_editor(user, pk) -> Agency:
    return get_editable_or_403(Agency.objects.select_related("district__province"), user, pk=pk)


@login_required
def agency_edit(request, pk):
    agency = _agency_for_editor(request.user, pk)
    form = AgencyForm(request.POST or None, instance=agency)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            agencies.update_agency(
                agency=agency,
                user=request.user,
                version=form.cleaned_data["version"],
                **form.values(),
            )
        except ValidationError as exc:
            conflict = conflicts.conflict_of(form, exc)
            if conflict is None:
                add_write_errors(form, exc)
        else:
            messages.success(request, AGENCY_SAVED % {"name": agency.short_name})
            return redirect("stakeholders:agency_list", agency.district_id)
    return render(
        request,
        "stakeholders/agency_form.html",
        {
            "district": agency.district,
            "form": form,
            "agency": agency,
            "history": history_of(agency),
            "conflict": conflict,
        },
    )


@login_required
def agency_merge(request, pk):
    """Merge this agency into another of the district (the one chosen keeps its name)."""
    merge = _agency_for_editor(request.user, pk)
    if not merge.is_active:
        raise Http404(agencies.MERGE_INACTIVE)
    form = AgencyMergeForm(request.POST or None, merge=merge)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["keep"]
        try:
            agencies.merge_agencies(keep=keep, merge=merge, user=request.user)
        except ValidationError as exc:
            add_write_errors(form, exc)
        else:
            messages.success(
                request, AGENCY_MERGED % {"merged": merge.short_name, "kept": keep.short_name}
            )
            return redirect("stakeholders:agency_list", merge.district_id)
    return render(
        request,
        "stakeholders/agency_merge.html",
        {
            "district": merge.district,
            "agency": merge,
            "form": form,
            "member_count": merge.members.filter(is_active=True).count(),
            "people_count": merge.people.filter(is_active=True).count(),
            "operator_count": merge.operators.count(),
        },
    )


def _operator_page(request, district, form, *, agency=None):
    """The operator form; once the login is made, the page with its set-password link."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account, path = agencies.create_operator(
                district=district,
                user=request.user,
                username=data["username"],
                name=data["name"],
                email=data["email"],
                agency=agency,
                subdistrict=data.get("subdistrict"),
            )
        except ValidationError as exc:
            add_write_errors(form, exc)
        else:
            # Shown once, not redirected to: the link is a secret that only this page holds.
            return render(
                request,
                "stakeholders/operator_created.html",
                {
                    "district": district,
                    "scope": agency.name if agency else data["subdistrict"].name,
                    "account": account,
                    "link": request.build_absolute_uri(path),
                    "emailed": account.password_link_emailed,
                    "days": logins.link_days(),
                },
            )
    return render(
        request,
        "stakeholders/operator_form.html",
        {"district": district, "form": form, "agency": agency},
    )


@login_required
def agency_operator_add(request, pk):
    agency = _agency_for_editor(request.user, pk)
    if not agency.is_active:
        raise Http404(agencies.AGENCY_INACTIVE)
    return _operator_page(
        request, agency.district, OperatorForm(request.POST or None), agency=agency
    )


@login_required
def kecamatan_operator_add(request, code):
    district = district_for_editor(request.user, code)
    form = KecamatanOperatorForm(request.POST or None, district=district)
    return _operator_page(request, district, form)


@require_POST
@login_required
def operator_deactivate(request, pk):
    membership = get_object_or_404(
        Membership.objects.select_related("user", "district"),
        pk=pk,
        role__in=agencies.OPERATOR_ROLES,
        district__in=District.objects.visible_to(request.user),
    )
    if not can_edit_district(request.user, membership.district):
        raise PermissionDenied
    agencies.deactivate_operator(membership=membership, user=request.user)
    messages.success(request, OPERATOR_DEACTIVATED % {"username": membership.user.username})
    return redirect("stakeholders:agency_list", membership.district_id)
