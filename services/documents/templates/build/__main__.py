"""Build every built-in template: ``.venv/bin/python -m services.documents.templates.build``."""

from services.documents.templates.build.answers import build_answers
from services.documents.templates.build.pack_contents import build_pack_contents
from services.documents.templates.build.panel_letter import build_panel_letter
from services.documents.templates.build.report import build_rapid_review_report
from services.documents.templates.build.scoping_letter import build_scoping_letter

if __name__ == "__main__":
    for built in (
        build_answers(),
        build_scoping_letter(),
        build_rapid_review_report(),
        build_panel_letter(),
        build_pack_contents(),
    ):
        print(built)
