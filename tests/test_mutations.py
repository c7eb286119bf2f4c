"""Mutation tests: one change to a copy of the sources, and a matching new finding must appear.

Each mutation is applied alone; the findings are compared with those of the
unchanged sources: something new must match the expected check, and nothing
unrelated may appear or disappear. The detection rate is printed at the end
of the test run.
"""
import shutil

import pytest

from conftest import SOURCES, read_rows, run_cli

EN, NL, CHINA = "en/support-overview.md", "nl/support-overview.txt", "en/21vianet-support.md"

# (name, file, old text, new text, checks a new finding may come from; the first must appear)
MUTATIONS = [
    ("time of day, Dutch", NL, "09:00 - 17:30 uur", "09:00 - 16:30 uur", ["cells/business_hours"]),
    ("time of day, English", EN, "6 AM - 6 PM <br />Pacific time", "6 AM - 5 PM <br />Pacific time",
     ["cells/business_hours"]),
    ("duration in a table, Dutch", NL, "ProDirect: < 2 uur", "ProDirect: < 3 uur", ["cells/response_times"]),
    ("duration in prose, Dutch", NL, "tot 4 uur tijd investeren", "tot 6 uur tijd investeren", ["values/durations"]),
    ("phone number, one document", CHINA, "by calling the support hotline at +86 400-089-0365",
     "by calling the support hotline at +86 400-089-0366", ["documents/same-number"]),
    ("URL, English", EN, "From the [Power Platform admin center](https://admin.powerplatform.microsoft.com/)",
     "From the [Power Platform admin center](https://admin.example.com/)", ["documents/link-target"]),
    ("plan name, Dutch", NL, "Abonnement: < 8 uur", "Premier: < 8 uur", ["cells/response_times"]),
    ("portal name, Dutch", NL, "(online en on-premises) Levenscyclusdiensten", "(online en on-premises) Dienstencentrum",
     ["cells/contact_portals", "terminology/"]),
    ("delete an answer, Dutch", NL, "Wanneer u online een ondersteuningsplan koopt, wordt de eerste maand direct in "
     "rekening gebracht. Het maandelijkse bedrag wordt op de eerste dag van elke volgende betalingscyclus in rekening "
     "gebracht. EA-aankopen (Enterprise Agreement) volgen de factureringscyclus van de overeenkomst.\n", "",
     ["structure/empty-answer"]),
    ("delete a question, Dutch", NL, "Wat gebeurt er aan het einde van de termijn?\n\nAan het einde van uw termijn "
     "wordt uw abonnement automatisch verlengd naar hetzelfde ondersteuningsplan, met dezelfde betaalmethode.\n\n", "",
     ["structure/missing-entry"]),
    ("swap two cells, Dutch", NL, "Japan 09:00 - 17:30 uur\nlokale tijd\nMaandag t/m vrijdag Weekends en feestdagen\n"
     "EMEA 8 uur tot 6 uur", "Japan 8 uur tot 6 uur\nlokale tijd\nMaandag t/m vrijdag Weekends en feestdagen\n"
     "EMEA 09:00 - 17:30 uur", ["cells/business_hours"]),
    ("add a bullet, Dutch", NL, "  • Elke technische ondersteuning voor een openbare preview-service",
     "  • Een extra opsommingsteken dat alleen in het Nederlands staat.\n  • Elke technische ondersteuning voor een "
     "openbare preview-service", ["content/item"]),
    ("add a sentence, Dutch", NL, "Dit geldt voor alle ondersteuningsniveaus.",
     "Dit geldt voor alle ondersteuningsniveaus. Bovendien krijgt u bij elke aanvraag een persoonlijke "
     "accountmanager toegewezen die u dagelijks op de hoogte houdt van de voortgang van uw verzoek tot het is opgelost.",
     ["content/sentence"]),
    ("drop a sentence, Dutch", NL, "Ondersteuning vereist commitment voor de duur van de abonnementsperiode. "
     "Annulering resulteert niet in een pro rata restitutie.", "Ondersteuning vereist commitment.", ["content/sentence"]),
    ("weekdays in a table, Dutch", NL, "Noord-Amerika 06:00 - 18:00 uur\nPacific-tijd\nMaandag t/m vrijdag",
     "Noord-Amerika 06:00 - 18:00 uur\nPacific-tijd\nMaandag t/m zaterdag", ["cells/business_hours"]),
    ("number in a commitment, one document", EN, "One-hour response times for critical issues",
     "Two-hour response times for critical issues", ["documents/commitment"]),
    # The kinds of finding a careful reviewer reports (issue 14), one mutation each.
    ("service affirmed and denied, one document", EN, "not included in support plans outside of Premier or Unified.",
     "not included in support plans outside of Premier.", ["documents/contradiction"]),
    ("business-hours clock in prose against the table", EN, "business-hours support for subscription-based support.",
     "business-hours support for subscription-based and ProDirect support.", ["documents/contradiction"]),
    ("second purchase channel for a plan", EN, "To purchase Premier support, you should contact",
     "To purchase Premier or Professional Direct support, you should contact", ["documents/contradiction"]),
    ("zone written with a part-year offset", EN, "6 AM - 6 PM <br />Pacific time",
     "6 AM - 6 PM <br />Pacific time (UTC -8)", ["documents/ambiguous-timezone"]),
    ("'same process' with another portal", CHINA,
     "Pre-sales support can be accessed using the same phone number for technical support.",
     "Pre-sales support can be accessed using the same phone number and online service request process as technical "
     "support, through the [Microsoft 365 admin center](https://admin.microsoft.com).",
     ["documents/same-process", "documents/same-number"]),
    ("commitment of another operator", CHINA, "initial response within 1 hour or less",
     "initial response within 2 hours or less", ["documents/commitment-kind"]),
    ("answer without its heading, renamed question", EN, "### Where is support available?",
     "### In which markets is support available?", ["structure/missing-heading", "meaning/product-name"]),
    ("qualifier dropped, Dutch", NL, "Elke technische ondersteuning voor een openbare preview-service",
     "Elke ondersteuning voor een openbare preview-service", ["meaning/qualifier"]),
    ("restriction added, Dutch", NL, "Bij sommige abonnementen zijn ondersteuningsplannen inbegrepen.",
     "Bij sommige abonnementen zijn alleen ondersteuningsplannen inbegrepen.", ["meaning/restriction"]),
    ("subject changed, Dutch", NL, "zal het Microsoft Dynamics-ondersteuningsteam maximaal",
     "zal Microsoft Dynamics maximaal", ["meaning/subject"]),
    ("product name replaced, Dutch", NL, "Power Apps en Power Automate vallen", "Power Apps en Microsoft Teams vallen",
     ["meaning/product-name"]),
]

RESULTS: list[tuple[str, bool]] = []


@pytest.fixture(scope="module")
def baseline_ids(tables):
    return {f["id"] for f in tables["findings"]}


def findings_for(sources, out):
    result = run_cli("run", "--sources", str(sources), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return {f["id"]: f for f in read_rows(out, "findings")}


@pytest.mark.parametrize("name,path,old,new,checks", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_mutation_is_detected(name, path, old, new, checks, tmp_path, baseline_ids):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    target = sources / path
    text = target.read_text()
    assert text.count(old) == 1, f"mutation anchor not unique in {path}: {old!r}"
    target.write_text(text.replace(old, new))
    found = findings_for(sources, tmp_path / "data")
    new_ids = set(found) - baseline_ids
    detected = any(i.startswith(checks[0]) for i in new_ids)
    RESULTS.append((name, detected))
    assert detected, f"{name}: no new {checks[0]} finding; new: {sorted(new_ids)}"
    unrelated = [i for i in new_ids if not any(i.startswith(c) for c in checks)]
    assert not unrelated, f"{name}: unrelated new findings {unrelated}"
    gone = baseline_ids - set(found)
    assert all(any(i.startswith(c) for c in checks) for i in gone), f"{name}: findings disappeared: {gone}"


def test_a_new_error_fails_the_check_command(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    (sources / NL).write_text((sources / NL).read_text().replace("ProDirect: < 2 uur", "ProDirect: < 3 uur"))
    assert run_cli("run", "--sources", str(sources), "--out", str(tmp_path / "data")).returncode == 0
    result = run_cli("check", "--tables", str(tmp_path / "data"), "--sources", str(sources))
    assert result.returncode == 1
    assert "NEW      response times severity-b/professional-direct" in result.stdout
