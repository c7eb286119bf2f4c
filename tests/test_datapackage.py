"""The written tables: a valid Frictionless data package, byte-identical on re-run, gated when stale."""
import json

from frictionless import Package, system

from conftest import change_table, read_rows, run_cli


def test_tables_validate_against_their_table_schemas(tmp_path):
    assert run_cli("run", "--out", str(tmp_path)).returncode == 0
    with system.use_context(trusted=True):
        report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]
    package = json.loads((tmp_path / "datapackage.json").read_text())
    names = {r["name"] for r in package["resources"]}
    assert {"faq", "response_times", "business_hours", "support_languages", "request_portals", "contact_portals",
            "licensing_support", "plans", "lcs_entitlements", "china_contacts", "commitments", "glossary"} <= names
    severity = next(r for r in package["resources"] if r["name"] == "response_times")["schema"]
    assert severity["primaryKey"] == ["lang", "doc", "severity", "plan"]
    field = next(f for f in severity["fields"] if f["name"] == "severity")
    assert field["constraints"]["enum"] == ["critical", "severity-a", "severity-b", "standard", "severity-c"]


def test_validation_catches_a_broken_table(tmp_path):
    assert run_cli("run", "--out", str(tmp_path)).returncode == 0
    path = tmp_path / "response_times.csv"
    path.write_text(path.read_text().replace(",severity-b,", ",severity-x,", 1))
    with system.use_context(trusted=True):
        assert not Package(str(tmp_path / "datapackage.json")).validate().valid


def test_output_is_byte_identical_on_rerun(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert run_cli("run", "--out", str(first)).returncode == 0
    assert run_cli("run", "--out", str(second)).returncode == 0
    assert {p.name: p.read_bytes() for p in first.iterdir()} == {p.name: p.read_bytes() for p in second.iterdir()}


def test_committed_tables_are_what_the_sources_give():
    result = run_cli("check")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("check ok")


def test_check_fails_and_shows_the_diff_when_tables_are_stale(tmp_path):
    data = tmp_path / "data"
    assert run_cli("run", "--out", str(data)).returncode == 0

    def edit(rows):
        next(r for r in rows if (r["lang"], r["region"]) == ("en", "emea"))["end"] = "17:00"
        return rows
    change_table(data, "business_hours", edit)
    result = run_cli("check", "--tables", str(data))
    assert result.returncode == 1
    assert "stale: business_hours.json.gz" in result.stdout
    assert "~ en/support-overview/emea: end: 17:00 -> 18:00" in result.stdout


def test_committed_tables_are_what_the_committed_sources_give(tmp_path):
    """The CI gate: `make build` rewrites content/data, so compare a fresh extraction with the commit itself."""
    fresh = tmp_path / "data"
    assert run_cli("run", "--out", str(fresh)).returncode == 0
    result = run_cli("diff", "HEAD", str(fresh), "--all")
    assert result.returncode == 0, "committed tables are stale; run `make extract` and commit:\n" + result.stdout[:3000]


def test_check_names_a_row_that_breaks_its_schema(tmp_path):
    data = tmp_path / "data"
    assert run_cli("run", "--out", str(data)).returncode == 0
    path = data / "response_times.json.gz"

    def edit(rows):
        rows[0]["severity"] = "severity-x"
        rows[1]["line"] = "twelve"
        return rows
    change_table(data, "response_times", edit)
    result = run_cli("check", "--tables", str(data))
    assert result.returncode == 1
    assert f"invalid: {path}: row 1: severity 'severity-x' is not one of" in result.stdout
    assert f"invalid: {path}: row 2: line 'twelve' is not of type integer" in result.stdout


def test_raw_material_tables_are_written_once_and_the_package_says_which_files_each_table_has(tmp_path):
    assert run_cli("run", "--out", str(tmp_path)).returncode == 0
    package = json.loads((tmp_path / "datapackage.json").read_text())
    formats = {r["name"]: r["formats"] for r in package["resources"]}
    for raw in ("blocks", "links", "ui_labels", "faq", "glossary", "search_terms", "revision_changes"):
        assert formats[raw] == ["json.gz"], raw
    for sheet in ("response_times", "business_hours", "plans", "plan_claims", "findings", "documents"):
        assert formats[sheet] == ["csv", "json.gz"], sheet
    assert not (tmp_path / "blocks.csv").exists() and (tmp_path / "findings.csv").exists()
    for resource in package["resources"]:
        first = resource["formats"][0]
        assert resource["path"] == f"{resource['name']}.{first}"
        assert resource["json"] == f"{resource['name']}.json.gz"
        assert resource["format"] == first.split(".")[0] and resource.get("compression") == ("gz" if first.endswith(".gz") else None)
        assert {p.name for p in tmp_path.glob(resource["name"] + ".*")} == {f"{resource['name']}.{f}" for f in resource["formats"]}


def test_a_spreadsheet_table_has_the_same_rows_in_its_csv_and_its_json(tmp_path):
    """The CSV is the JSON's rows, cell for cell as a spreadsheet reads them."""
    import csv

    from extract.writer import cell
    assert run_cli("run", "--out", str(tmp_path)).returncode == 0
    rows = read_rows(tmp_path, "response_times")
    with (tmp_path / "response_times.csv").open(encoding="utf-8", newline="") as handle:
        sheet = list(csv.DictReader(handle))
    assert rows and sheet == [{k: cell(v) for k, v in row.items()} for row in rows]
