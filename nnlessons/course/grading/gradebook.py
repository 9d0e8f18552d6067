"""Scores back into the kit's gradebook, from the grader's side only.

Each submission is autograded in a private course folder with a copy of the kit's gradebook;
afterwards only that submission's rows (its scores and automatic comments) are copied into the
kit's ``gradebook.db``, so nothing the submission's kernel did to its copy can reach another
student's grades. nbgrader's API (``nbgrader.api.Gradebook``) does the writing.
"""


def db_url(path):
    return f"sqlite:///{path}"


def read_scores(gradebook_path, assignment, student):
    """{notebook: {"grades": {cell: (auto_score, needs_manual_grade)}, "comments": {cell: text}}},
    and the submission's timestamp, from a gradebook file."""
    from nbgrader.api import Gradebook
    found = {}
    with Gradebook(db_url(gradebook_path)) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        for notebook in submission.notebooks:
            found[notebook.name] = {
                "grades": {g.name: (g.auto_score, g.needs_manual_grade) for g in notebook.grades},
                "comments": {c.name: c.auto_comment for c in notebook.comments}}
        return found, submission.timestamp


def write_scores(gradebook_path, assignment, student, scores, timestamp=None):
    """Create or update ``student``'s submission of ``assignment`` in the gradebook at
    ``gradebook_path`` and set its automatic scores and comments to ``scores`` (as
    ``read_scores`` returns them). Returns (score, max_score) of the submission."""
    from nbgrader.api import Gradebook
    with Gradebook(db_url(gradebook_path)) as gradebook:
        gradebook.update_or_create_student(student)
        extra = {"timestamp": timestamp} if timestamp else {}
        gradebook.update_or_create_submission(assignment, student, **extra)
        for notebook, rows in scores.items():
            for cell, (auto_score, needs_manual) in rows["grades"].items():
                grade = gradebook.find_grade(cell, notebook, assignment, student)
                grade.auto_score, grade.needs_manual_grade = auto_score, needs_manual
            for cell, text in rows["comments"].items():
                gradebook.find_comment(cell, notebook, assignment, student).auto_comment = text
        gradebook.db.commit()
        submission = gradebook.find_submission(assignment, student)
        return submission.score, submission.max_score
