"""A Certificate row for every code issued before certificates had their own table.

Those certificates keep their code and date; they have no number, letterhead or
signatory (none was printed on them). The reverse removes only these rows.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Participant = apps.get_model("trainings", "Participant")
    Certificate = apps.get_model("trainings", "Certificate")
    issued = Participant.objects.filter(certificate_code__isnull=False).values_list(
        "pk", "certificate_code", "certificate_issued_on", "training__end_date"
    )
    Certificate.objects.bulk_create(
        Certificate(participant_id=pk, code=code, issued_on=issued_on or end_date)
        for pk, code, issued_on, end_date in issued.iterator()
    )


def backwards(apps, schema_editor):
    Certificate = apps.get_model("trainings", "Certificate")
    Certificate.objects.filter(letterhead__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("trainings", "0009_certificates_signatory_and_absence_reasons")]

    operations = [migrations.RunPython(forwards, backwards)]
