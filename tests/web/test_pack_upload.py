"""Reading a draft pack's zip: every unsafe or unusable entry is refused, with a message naming it, before
anything is extracted; what is accepted comes back as text only."""

import io
import stat
import struct
import time
import zipfile

import pytest

from web.pack_upload import Limits, UploadError, read_zip, write_files

LIMITS = Limits(max_files=10, max_file_bytes=64 * 1024, max_total_bytes=256 * 1024)
PACK = "pack:\n  name: test\n"


def make_zip(entries, compression=zipfile.ZIP_DEFLATED):
    """``entries``: name -> text, or name -> (text, ZipInfo changes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, value in entries.items():
            text, changes = value if isinstance(value, tuple) else (value, {})
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = compression
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            for key, change in changes.items():
                setattr(info, key, change)
            archive.writestr(info, text)
    return buffer.getvalue()


def refused(data, limits=LIMITS):
    with pytest.raises(UploadError) as caught:
        read_zip(data, limits)
    return str(caught.value)


def test_a_pack_is_read_as_text_with_its_top_folder_dropped():
    files = read_zip(make_zip({"policies/pack.yaml": PACK, "policies/rules/bars.yaml": "rules: []\n"}), LIMITS)
    assert files == {"pack.yaml": PACK, "rules/bars.yaml": "rules: []\n"}
    files = read_zip(make_zip({"pack.yaml": PACK, "scenarios/a.yml": "scenarios: []\n"}), LIMITS)
    assert set(files) == {"pack.yaml", "scenarios/a.yml"}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../pack.yaml", "../pack.yaml: reaches outside the pack (..)"),
        ("rules/../../etc/evil.yaml", "reaches outside the pack (..)"),
        ("/etc/evil.yaml", "/etc/evil.yaml: is an absolute path"),
        ("C:/evil.yaml", "is an absolute path"),
        ("rules\\evil.yaml", "is not a usable file name"),
        ("rules//evil.yaml", "is not a plain path"),
        ("./evil.yaml", "is not a plain path"),
        ("evil\x01.yaml", "is not a usable file name"),
    ],
)
def test_a_name_that_could_leave_the_pack_is_refused(name, message):
    assert message in refused(make_zip({"pack.yaml": PACK, name: "x: 1\n"}))


def test_a_symlink_is_refused():
    link = ("/etc/passwd", {"external_attr": (stat.S_IFLNK | 0o777) << 16, "create_system": 3})
    assert (
        refused(make_zip({"pack.yaml": PACK, "rules.yaml": link}))
        == "rules.yaml: is a symbolic link; a pack holds only files"
    )


def test_a_device_or_other_special_file_is_refused():
    fifo = ("", {"external_attr": (stat.S_IFIFO | 0o644) << 16})
    assert "is not a regular file" in refused(make_zip({"pack.yaml": PACK, "x.yaml": fifo}))


def test_too_many_files_are_refused_before_any_is_read():
    entries = {f"rules/r{n}.yaml": "rules: []\n" for n in range(11)}
    assert refused(make_zip({"pack.yaml": PACK, **entries})) == (
        "The zip has more than 10 files; a pack may have at most 10"
    )
    many = {f"r{n}.yaml": "" for n in range(25)}
    assert "The zip has 25 entries" in refused(make_zip(many))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("rules/tool.py", "rules/tool.py: is not a policy file"),
        ("notes.txt", "is not a policy file"),
        ("rules/extra.json", "is not a policy file"),
        ("rules/BARS.YAML", "is not a policy file"),
        ("inner.zip", "inner.zip: is a zip inside the zip"),
    ],
)
def test_only_policy_files_are_accepted(name, message):
    assert message in refused(make_zip({"pack.yaml": PACK, name: "x"}))


def test_a_zip_hidden_in_a_yaml_file_is_refused():
    inner = make_zip({"pack.yaml": PACK})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("pack.yaml", PACK)
        archive.writestr("rules.yaml", inner)
    assert refused(buffer.getvalue()) == "rules.yaml: is a zip inside the zip; upload the pack's files in one zip"


def test_a_zip_bomb_is_refused_by_its_declared_size_before_extraction():
    bomb = make_zip({"pack.yaml": PACK, "rules.yaml": "#" * (8 * 1024 * 1024)})
    assert len(bomb) < 64 * 1024  # a few kilobytes that would decompress to 8 MB
    started = time.monotonic()
    assert refused(bomb) == "rules.yaml: is 8 MB; a file may be at most 64 KB"
    assert time.monotonic() - started < 1
    spread = make_zip({"pack.yaml": PACK, **{f"r{n}.yaml": "#" * 60_000 for n in range(5)}})
    assert refused(spread) == "The files in the zip add up to more than 256 KB"


def test_a_zip_that_lies_about_its_sizes_is_refused_while_reading():
    data = bytearray(make_zip({"pack.yaml": PACK, "rules.yaml": "#" * 50_000}))
    # Declare 100 bytes for rules.yaml in its local header (offset 22) and central directory (offset 24).
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + 10] == b"rules.yaml":
                data[start + offset : start + offset + 4] = struct.pack("<I", 100)
            start += 4
    message = refused(bytes(data))
    assert message.startswith("rules.yaml: ")


def test_an_encrypted_entry_is_refused():
    data = bytearray(make_zip({"pack.yaml": PACK}, zipfile.ZIP_STORED))
    # Set the "encrypted" flag bit in the local header (offset 6) and the central directory (offset 8).
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature) + offset
        data[at] |= 0x1
    assert "pack.yaml: is encrypted" in refused(bytes(data))


def test_text_must_be_utf8_and_names_unique():
    assert (
        refused(make_zip({"pack.yaml": "name: caf\xe9".encode("latin-1")})) == "pack.yaml: is not UTF-8 text (byte 9)"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("pack.yaml", PACK)
        with pytest.warns(UserWarning):
            archive.writestr("pack.yaml", PACK)
    assert refused(buffer.getvalue()) == "pack.yaml: is in the zip twice"


def test_not_a_zip_an_empty_zip_and_no_policy_files_are_refused():
    assert refused(b"") == "The selected file is empty"
    assert refused(b"PK\x03\x04 but not really") == "The selected file is not a zip file"
    assert refused(make_zip({})) == "The zip is empty"
    assert refused(make_zip({"scenarios/a.yaml": "scenarios: []\n"})) == "The zip holds no policy files (.yaml)"


def test_schemas_are_accepted_only_in_a_schema_folder():
    files = read_zip(make_zip({"pack.yaml": PACK, "schema/pack.schema.json": "{}"}), LIMITS)
    assert set(files) == {"pack.yaml", "schema/pack.schema.json"}


def test_write_files_stays_in_its_folder(tmp_path):
    write_files({"pack.yaml": PACK, "rules/a.yaml": "rules: []\n"}, str(tmp_path / "draft"))
    assert (tmp_path / "draft" / "rules" / "a.yaml").read_text() == "rules: []\n"
    assert stat.S_IMODE((tmp_path / "draft" / "pack.yaml").stat().st_mode) == 0o600
    with pytest.raises(UploadError):
        write_files({"../escape.yaml": "x"}, str(tmp_path / "other"))
    assert not (tmp_path / "escape.yaml").exists()
