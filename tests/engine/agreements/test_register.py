"""The register of agreements: read with its pack, every problem reported as file:line, and `sharewise validate`
refusing a broken register."""

import os
import re
import shutil

import pytest

import engine
from engine.problems import PackError
from tests.conftest import run_cli

MARAC = os.path.join("agreements", "isa-marac-01.yaml")


def edit(pack_dir, relpath, old, new):
    path = os.path.join(pack_dir, relpath)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert old in text, old
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace(old, new, 1))


def line_of(pack_dir, relpath, text, start=1):
    with open(os.path.join(pack_dir, relpath), encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if number >= start and text in line:
                return number
    raise AssertionError(text)


def problems_of(pack_dir):
    with pytest.raises(PackError) as caught:
        engine.load_pack(str(pack_dir))
    return [str(p) for p in caught.value.problems]


def test_the_bundled_register_is_read_with_its_pack(bundled_pack):
    register = bundled_pack.register
    assert {"ISA-MARAC-01", "ISA-VRU-DB-01", "ISA-ASB-HOUSING-01"} <= set(register.agreements)
    assert register.version and re.fullmatch(r"[0-9a-f]{64}", register.sha256)
    marac = register.get("ISA-MARAC-01")
    assert [v.version for v in marac.versions] == ["1", "2"]
    assert marac.versions[1].changed_by and marac.versions[1].changed_at.isoformat() == "2025-03-20"
    assert bundled_pack.sha256 not in (register.sha256,)  # the register has its own fingerprint


def test_the_register_does_not_change_the_pack_fingerprint(pack_copy):
    before = engine.load_pack(str(pack_copy)).sha256
    edit(pack_copy, MARAC, "Three-year renewal", "Three-year renewal, reworded")
    after = engine.load_pack(str(pack_copy))
    assert after.sha256 == before and after.register.get("ISA-MARAC-01").versions[1].change.startswith(
        "Three-year renewal, reworded"
    )


def test_unknown_vocabulary_is_reported_at_its_line_with_a_suggestion(pack_copy):
    edit(
        pack_copy,
        MARAC,
        "purposes: [domestic_abuse_risk, protect_life]",
        "purposes: [domestic_abuse_risks, protect_life]",
    )
    edit(pack_copy, MARAC, "formats: [meeting, one_off]", "formats: [meetings, one_off]")
    edit(
        pack_copy,
        MARAC,
        "lawful_bases: [A-MARAC, A-CL-POLICING, A-CDA-S115, A-DPA3-S35]",
        "lawful_bases: [A-MARAC, A-CL-POLICE, A-CDA-S115, A-DPA3-S35]",
    )
    edit(pack_copy, MARAC, "recipient: marac}", "recipient: marak}")
    edit(pack_copy, MARAC, "data_categories: [identity,", "data_categories: [identiti,")
    found = problems_of(pack_copy)
    expected = {
        f"{MARAC}:{line_of(pack_copy, MARAC, 'domestic_abuse_risks')}: 'domestic_abuse_risks' is not an option of 'purpose' (did you mean 'domestic_abuse_risk'?)",
        f"{MARAC}:{line_of(pack_copy, MARAC, 'meetings')}: 'meetings' is not an option of 'sharing_format' (did you mean 'meeting'?)",
        f"{MARAC}:{line_of(pack_copy, MARAC, 'A-CL-POLICE,')}: 'A-CL-POLICE' is not a ground or data-protection rule of the pack (did you mean 'A-CL-POLICING'?)",
        f"{MARAC}:{line_of(pack_copy, MARAC, 'marak')}: 'marak' is not an option of 'recipient' (did you mean 'marac'?)",
        f"{MARAC}:{line_of(pack_copy, MARAC, 'identiti,')}: 'identiti' is not an option of 'data_categories' (did you mean 'identity'?)",
    }
    assert expected <= set(found), found


def test_overlapping_versions_and_dates_are_reported(pack_copy):
    edit(
        pack_copy,
        MARAC,
        'in_force: {from: "2025-04-01", to: "2028-03-31"}',
        'in_force: {from: "2025-03-01", to: "2028-03-31"}',
    )
    edit(pack_copy, MARAC, 'review_by: "2024-03-31"', 'review_by: "2025-06-30"')
    edit(pack_copy, MARAC, 'changed_at: "2025-03-20"', 'changed_at: "2025-05-20"')
    found = problems_of(pack_copy)
    second = line_of(pack_copy, MARAC, 'from: "2025-03-01"')
    assert any(
        p.startswith(f"{MARAC}:{second}: version '2' (2025-03-01 to 2028-03-31) overlaps version '1'") for p in found
    ), found
    review = line_of(pack_copy, MARAC, 'review_by: "2025-06-30"')
    assert (
        f"{MARAC}:{review}: the review date 2025-06-30 is outside the version's period (2022-04-01 to 2025-03-31)"
        in found
    )
    changed = line_of(pack_copy, MARAC, 'changed_at: "2025-05-20"')
    assert any(
        p.startswith(f"{MARAC}:{changed}: changed_at (2025-05-20) is after the version came into force") for p in found
    )


def test_versions_out_of_order_repeated_and_references_defined_twice(pack_copy):
    edit(pack_copy, MARAC, '- version: "2"', '- version: "1"')
    shutil.copy(
        os.path.join(pack_copy, "agreements", "isa-mappa-01.yaml"), os.path.join(pack_copy, "agreements", "copy.yaml")
    )
    found = problems_of(pack_copy)
    assert any("version '1' is listed twice" in p for p in found), found
    assert any(
        p.startswith("agreements/isa-mappa-01.yaml:")
        and "'ISA-MAPPA-01' is defined twice (also at agreements/copy.yaml" in p
        for p in found
    ), found


def test_schema_problems_name_the_field(pack_copy):
    edit(pack_copy, MARAC, "sha256: 238473ae", "sha256: 238473AE")
    edit(pack_copy, MARAC, "owner: Information Governance Unit\n", "keeper: Information Governance Unit\n")
    found = problems_of(pack_copy)
    assert any("agreement.versions.0.document.sha256" in p and "does not have the expected form" in p for p in found), (
        found
    )
    assert any("unknown key 'keeper'" in p for p in found) and any("'owner' is a required property" in p for p in found)


def test_validate_checks_the_register_and_reports_it(pack_copy):
    result = run_cli("validate", str(pack_copy))
    assert (
        result.code == 0 and "register of information sharing agreements" in result.out and "7 agreements" in result.out
    )
    edit(pack_copy, MARAC, "purposes: [domestic_abuse_risk, protect_life]", "purposes: [domestic_abuse, protect_life]")
    result = run_cli("validate", str(pack_copy))
    assert result.code == 3 and result.out == ""
    assert re.search(rf"^{re.escape(MARAC)}:\d+: 'domestic_abuse' is not an option of 'purpose'", result.err, re.M)


def test_a_pack_without_a_register_has_an_empty_one(tmp_path):
    from tests.conftest import make_constructs_pack

    pack = engine.load_pack(make_constructs_pack(tmp_path / "pack"))
    assert pack.register.agreements == {}
