import datetime
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import Unit
from filings.models import Status
from filings.services import RecordError, jsonl_lines, record_fields
from search import checks


class Command(BaseCommand):
    help = (
        "按语料格式读取 JSONL，逐件对照登记簿检查（不入库；输入的时效性字段不参与），"
        "每条发现和每件的推断时效性各输出一行 JSON。退出码：0 无发现，1 有发现，2 出错。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None, help="按此日期判断有效期")

    def handle(self, *args, file: Path, output: Path, today, **options):
        today = today or timezone.localdate()
        if not file.is_file():
            self.stderr.write(f"找不到文件：{file}")
            raise SystemExit(2)
        found = errors = scanned = 0
        local_issuers = {unit.issuer for unit in Unit.objects.all()}
        started = time.perf_counter()
        try:
            with output.open("w", encoding="utf-8") as out:
                for line_no, line in enumerate(jsonl_lines(file), start=1):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                        fields = record_fields(record)
                    except (json.JSONDecodeError, UnicodeDecodeError, RecordError) as exc:
                        self.stderr.write(f"第 {line_no} 行无法检查：{exc}")
                        errors += 1
                        continue
                    subject = checks.Subject(
                        doc_id=record["id"], title=fields["title"], issuer=fields["issuer"], level=fields["level"],
                        promulgated=fields["promulgated"], effective=fields["effective"], text=fields["text"],
                        pk=checks.register_pk(record["id"]), local=fields["issuer"] in local_issuers,
                    )  # fmt: skip
                    result = checks.check(subject, today=today)
                    for finding in result.findings:
                        out.write(json.dumps(finding.as_json(), ensure_ascii=False) + "\n")
                    status = {"doc_id": subject.doc_id, "kind": "status", "status": Status(result.status).label}
                    out.write(json.dumps(status, ensure_ascii=False) + "\n")
                    found += len(result.findings)
                    scanned += 1
        except OSError as exc:
            self.stderr.write(f"读写失败：{exc}")
            raise SystemExit(2) from exc
        except Exception as exc:  # noqa: BLE001 - the contract is exit 2 on any error, with its message
            self.stderr.write(f"检查出错：{type(exc).__name__}: {exc}")
            raise SystemExit(2) from exc
        seconds = time.perf_counter() - started
        self.stderr.write(f"检查 {scanned} 件，发现 {found} 条，{seconds:.1f} 秒；无法检查 {errors} 行")
        if errors:
            raise SystemExit(2)
        raise SystemExit(1 if found else 0)
