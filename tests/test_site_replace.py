"""Rebuilding the website replaces the earlier site whole (no stale page of a renamed or deleted
lesson survives) and never deletes a folder that is not an nnlessons site. The Sphinx build itself
is tested in a real browser (tests/browser/test_site.py); here a fake freshly built folder stands
in for its output."""
import pytest

from nnlessons.course.site.build import SITE_MARKER, SiteBuildFailed, replace_site


def _built(tmp_path, *pages):
    html = tmp_path / "fresh"
    (html / "lessons").mkdir(parents=True)
    for page in ("index.html", *pages):
        (html / page).write_text(page)
    return html


def test_a_rebuild_leaves_no_page_of_a_lesson_that_was_renamed(tmp_path):
    out = tmp_path / "site"
    replace_site(_built(tmp_path, "lessons/05_old_name.html"), out)
    assert (out / "lessons/05_old_name.html").exists() and (out / SITE_MARKER).exists()
    fresh = tmp_path / "again"
    _built(tmp_path / "x", "lessons/05_new_name.html").rename(fresh)
    replace_site(fresh, out)
    assert (out / "lessons/05_new_name.html").exists()
    assert not (out / "lessons/05_old_name.html").exists()


def test_a_site_built_before_the_marker_is_recognised_by_its_stylesheet(tmp_path):
    out = tmp_path / "site"
    (out / "_static").mkdir(parents=True)
    (out / "_static/nnlessons-site.css").write_text("")
    (out / "stale.html").write_text("")
    replace_site(_built(tmp_path), out)
    assert not (out / "stale.html").exists() and (out / "index.html").exists()


@pytest.mark.parametrize("empty", [True, False])
def test_a_folder_that_is_not_a_site_is_left_alone(tmp_path, empty):
    out = tmp_path / "notes"
    out.mkdir()
    if empty:
        replace_site(_built(tmp_path), out)  # an empty folder is fine
        assert (out / "index.html").exists()
        return
    (out / "lecture.md").write_text("my notes")
    with pytest.raises(SiteBuildFailed, match="not empty and holds no site built by nnlessons"):
        replace_site(_built(tmp_path), out)
    assert (out / "lecture.md").read_text() == "my notes" and not (out / "index.html").exists()


def test_build_site_refuses_a_folder_that_is_not_a_site_before_building(tmp_path):
    pytest.importorskip("myst_nb")
    from nnlessons.course.site import build_site
    out = tmp_path / "notes"
    out.mkdir()
    (out / "lecture.md").write_text("my notes")
    with pytest.raises(SiteBuildFailed, match="not empty and holds no site"):
        build_site(out, source_dir=tmp_path / "src")
    assert not (tmp_path / "src").exists()  # refused before Sphinx's source was written
    assert (out / "lecture.md").read_text() == "my notes"
