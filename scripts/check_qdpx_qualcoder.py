"""Open a .qdpx with QualCoder's own REFI-QDA importer, headless, and print what a QualCoder user
then has: cases with their files, file memos, file attributes, codes and codings (issue 16).

QualCoder is not a dependency and none of its code is in this project. To run the check:
  1. get QualCoder's source (github ccbogel/QualCoder) into a scratch folder, e.g. /tmp/qc/src/qualcoder;
  2. make a separate virtualenv there with PyQt6, pymupdf and Pillow;
  3. QT_QPA_PLATFORM=offscreen /tmp/qc/venv/bin/python scripts/check_qdpx_qualcoder.py \
         --qualcoder /tmp/qc/src EXPORT.qdpx
It builds a fresh QualCoder project database (the CREATE statements of QualCoder's own
new_project), runs RefiImport.import_project without its file dialog and prints JSON.
Results on the mixed-script fixture are recorded in docs/formats.md.
"""
import ast
import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
SRC = Path(sys.argv[sys.argv.index("--qualcoder") + 1]) if "--qualcoder" in sys.argv else Path("src")
sys.path.insert(0, str(SRC))
from PyQt6 import QtWidgets  # noqa: E402

qapp = QtWidgets.QApplication([])
from qualcoder import refi  # noqa: E402


def schema_statements():
    tree = ast.parse((SRC / "qualcoder" / "__main__.py").read_text())
    fn = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "new_project")
    for call in ast.walk(fn):
        if isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "execute" and call.args:
            arg = call.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.startswith("CREATE"):
                yield arg.value


class Text:
    lines: list = []
    def append(self, s): self.lines.append(str(s))


class App:
    def __init__(self, folder):
        self.project_path = str(folder)
        (folder / "documents").mkdir(parents=True)
        self.conn = sqlite3.connect(folder / "data.qda")
        for sql in schema_statements():
            self.conn.execute(sql)
        self.settings = {"codername": "default", "directory": str(folder), "ai_enable": "False"}
        self.ai_models = None
    def write_config_ini(self, *a): pass


class Quiet:
    def __init__(self, *a, **k): self.args = a
    def exec(self): return 0


def main(qdpx: str) -> None:
    refi.Message = Quiet
    work = Path(tempfile.mkdtemp(prefix="qualcoder-"))
    app = App(work / "project.qda")
    imp = refi.RefiImport.__new__(refi.RefiImport)
    # the attributes __init__ sets before its file dialog
    for k, v in dict(app=app, parent_textedit=Text(), import_type="qdpx", file_path=None, folder_name="",
                     sources_name="/Sources", file_vars=[], annotations=[], links=[], tree=None, codes=[], users=[],
                     cases=[], sources=[], source_name_prefix=0, variables=[], xml=None, base_path="",
                     software_name="", xmlns_version="1.0", pd=None, pd_value=0).items():
        setattr(imp, k, v)
    copy = work / Path(qdpx).name
    copy.write_bytes(Path(qdpx).read_bytes())
    imp.file_path = str(copy)
    imp.import_project()
    c = app.conn
    out = {
        "log": Text.lines,
        "cases": {name: sorted(f for (f,) in c.execute(
            "select distinct source.name from case_text join source on source.id = case_text.fid where caseid = ? order by 1", (cid,)))
            for cid, name in c.execute("select caseid, name from cases order by name")},
        "files": [dict(zip(("name", "memo"), r)) for r in c.execute("select name, memo from source order by name")],
        "file_attributes": [r for r in c.execute(
            "select source.name, attribute.name, attribute.value from attribute join source on source.id = attribute.id "
            "where attr_type = 'file' order by 1, 2")],
        "attribute_types": [r for r in c.execute("select name, caseOrFile from attribute_type order by 1")],
        "codes": [r[0] for r in c.execute("select name from code_name order by 1")],
        "codings": [r for r in c.execute("select code_name.name, source.name, pos0, pos1 from code_text "
                                         "join code_name using (cid) join source on source.id = code_text.fid order by 2, 1")],
        "annotations": c.execute("select count(*) from annotation").fetchone()[0],
        "journals": c.execute("select count(*) from journal").fetchone()[0],
    }
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[-1])
