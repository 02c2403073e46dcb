from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from filings.services import documents_import, jsonl_lines


class Command(BaseCommand):
    help = "导入语料格式的 JSONL（可为 .gz）。按 id 幂等：已有的更新，未变的跳过；坏行报告行号和原因，好行照常导入。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="JSONL 文件，或 .jsonl.gz")
        parser.add_argument("--batch-size", type=int, default=200)

    def handle(self, *args, file: Path, batch_size: int, **options):
        if not file.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            report = documents_import(lines=jsonl_lines(file), batch_size=batch_size)
        except (OSError, EOFError) as exc:  # e.g. a truncated .gz: lines read so far are kept
            raise CommandError(f"读取文件失败：{exc}") from exc
        for line_no, reason in report.rejected:
            self.stderr.write(f"第 {line_no} 行被拒绝：{reason}")
        self.stdout.write(
            f"导入 {report.imported}，更新 {report.updated}，未变 {report.unchanged}，拒绝 {len(report.rejected)}"
            + (f"，保留本地更正 {report.kept_local_edits}（来源有变化，未覆盖）" if report.kept_local_edits else "")
        )
        if report.rejected:
            raise CommandError(f"{len(report.rejected)} 行被拒绝", returncode=1)
