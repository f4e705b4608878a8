"""Texts of the upload, in zh and en: problems found in a file, summaries, the Upload page.

Merged into ``sales_dash.i18n.TEXTS``; problem reasons are keys here. A reason's text
may use ``{detail}`` and ``{value}`` of its Problem.
"""

from __future__ import annotations

INGEST_TEXTS: dict[str, dict[str, str]] = {
    # --- a bad cell: "Row 5, column revenue, value 'abc': <reason>"
    "not_a_date": {
        "zh": "不是有效日期（可用 2026-11-03、2026/11/3、2026.11.3、2026年11月3日）",
        "en": "is not a valid date (use 2026-11-03, 2026/11/3, 2026.11.3 or 2026年11月3日)",
    },
    "not_a_month": {
        "zh": "不是有效月份（可用 2026-11、2026/11、2026年11月）",
        "en": "is not a month (use 2026-11, 2026/11 or 2026年11月)",
    },
    "not_a_int": {"zh": "不是整数", "en": "is not a whole number"},
    "not_a_money": {"zh": "不是有效金额", "en": "is not a number"},
    "not_a_fraction": {"zh": "不是有效数字", "en": "is not a number"},
    "scientific_number": {
        "zh": "是 Excel 缩写的科学计数法，精确数值已丢失；请把该列设为数值格式后重新导出",
        "en": "is in Excel's scientific notation and has lost digits; "
        "format the column as a number and export again",
    },
    "scientific_id": {
        "zh": "看起来是被 Excel 改成科学计数法的编号（如 1.23E+11），原编号已丢失；"
        "请把该列设为“文本”格式后重新导出",
        "en": "looks like an ID that Excel turned into scientific notation (1.23E+11) and "
        "lost digits of; format the column as Text in Excel and export again",
    },
    "required_empty": {"zh": "必填项为空", "en": "is required but empty"},
    "duplicate_key": {
        "zh": "与第 {detail} 行的键重复",
        "en": "repeats the key of row {detail}",
    },
    "duplicate_key_first": {
        "zh": "其键在第 {detail} 行重复出现",
        "en": "its key is repeated in row {detail}",
    },
    "discount_out_of_range": {"zh": "折扣率应在 0 到 1 之间", "en": "must be between 0 and 1"},
    "ragged_row": {
        "zh": "本行有 {value} 个单元格，而其他行有 {detail} 个；可能某个值含有未加引号的分隔符，"
        "或本行被截断",
        "en": "has {value} cells where the other rows have {detail}; a value may hold an "
        "unquoted separator, or the row was cut short",
    },
    "total_mismatch": {
        "zh": "合计行与明细不符：合计为 {value}，各行之和为 {detail}（文件可能被截断或漏了行）",
        "en": "the total row does not match the rows: the total says {value}, the rows add "
        "up to {detail} (the file may be cut short or missing rows)",
    },
    # --- the header row
    "missing_column": {
        "zh": "缺少必需的列；文件中的列为：{detail}",
        "en": "is a required column missing from the file; its headers are: {detail}",
    },
    "duplicate_header": {
        "zh": "表头“{value}”出现了不止一次（{detail}），无法确定用哪一列；请用列映射指定",
        "en": "the header '{value}' appears more than once ({detail}); "
        "choose one with a column mapping (--map)",
    },
    "ambiguous_header": {
        "zh": "多列都对应此列：{detail}；请用列映射指定其中一列",
        "en": "several columns could be this one: {detail}; choose one with a mapping (--map)",
    },
    # --- the file as a whole
    "empty_file": {"zh": "文件为空", "en": "the file is empty"},
    "no_rows": {
        "zh": "文件只有表头，没有数据行",
        "en": "the file has a header but no data rows",
    },
    "unknown_encoding": {
        "zh": "无法识别文件编码：既不是 UTF-8 也不是 GBK/GB18030（第 {detail} 行起无法解码）；"
        "请在 Excel 中另存为“CSV UTF-8”或 .xlsx",
        "en": "the file is neither UTF-8 nor GBK/GB18030 text (undecodable from line "
        "{detail}); save it from Excel as 'CSV UTF-8' or .xlsx",
    },
    "unknown_encoding_guess": {
        "zh": "无法识别文件编码：既不是 UTF-8 也不是 GBK/GB18030（第 {detail} 行起无法解码，"
        "看起来像 {value}）；请在 Excel 中另存为“CSV UTF-8”或 .xlsx",
        "en": "the file is neither UTF-8 nor GBK/GB18030 text (undecodable from line "
        "{detail}; it looks like {value}); save it from Excel as 'CSV UTF-8' or .xlsx",
    },
    "bad_bytes": {
        "zh": "文件声明为 {value} 编码，但第 {detail} 行含有无效字节（文件可能已损坏）",
        "en": "the file says it is {value} but line {detail} holds bytes that are not "
        "(the file may be damaged)",
    },
    "unknown_encoding_name": {
        "zh": "不支持该编码；可选：{detail}",
        "en": "that encoding is not supported; choose one of: {detail}",
    },
    "binary_file": {
        "zh": "这不是文本或 Excel 文件（含有二进制内容）",
        "en": "this is not a text or Excel file (it holds binary data)",
    },
    "zip_file": {
        "zh": "这是一个 ZIP 压缩包，不是 CSV 或 Excel 文件；请先解压",
        "en": "this is a zip archive, not a CSV or Excel file; unpack it first",
    },
    "xls_file": {
        "zh": "不支持旧版 Excel（.xls）；请在 Excel 中另存为 .xlsx 或 CSV",
        "en": "old Excel files (.xls) are not supported; save it as .xlsx or CSV",
    },
    "html_file": {
        "zh": "这是网页（HTML）文件，不是 CSV 或 Excel；请在 Excel 中另存为 .xlsx 或 CSV",
        "en": "this is a web page (HTML), not CSV or Excel; save it as .xlsx or CSV",
    },
    "too_large": {
        "zh": "文件超过 {detail} MB 的上限",
        "en": "the file is larger than the limit of {detail} MB",
    },
    "too_large_unpacked": {
        "zh": "Excel 文件解压后超过 {detail} MB 的上限",
        "en": "the Excel file unpacks to more than the limit of {detail} MB",
    },
    "too_many_rows": {
        "zh": "文件超过 {detail} 行的上限",
        "en": "the file has more than the limit of {detail} rows",
    },
    "too_many_columns": {
        "zh": "文件超过 {detail} 列的上限",
        "en": "the file has more than the limit of {detail} columns",
    },
    "time_limit": {
        "zh": "处理时间超过 {detail} 秒的上限，已停止",
        "en": "processing took longer than the limit of {detail} seconds and was stopped",
    },
    "lake_busy": {
        "zh": "另一个上传正在写入数据，已等待 {detail} 秒；请稍后再试",
        "en": "another upload is writing to the data and did not finish within {detail} "
        "seconds; try again shortly",
    },
    "unreadable_csv": {
        "zh": "无法按 CSV 读取：{detail}",
        "en": "cannot be read as CSV: {detail}",
    },
    "unreadable_xlsx": {
        "zh": "无法读取 Excel 文件（可能已损坏或加密）：{detail}",
        "en": "cannot read the Excel file (damaged or password-protected?): {detail}",
    },
    "sheet_not_found": {
        "zh": "找不到工作表“{value}”；文件中的工作表为：{detail}",
        "en": "there is no sheet '{value}'; the workbook's sheets are: {detail}",
    },
    "empty_sheet": {"zh": "工作表“{value}”是空的", "en": "the sheet '{value}' is empty"},
    "unknown_table": {
        "zh": "无法从表头判断这是哪种数据（订单、拜访、指标或市场）；表头为：{detail}",
        "en": "cannot tell from the headers which table this is "
        "(orders, visits, quotas, market); the headers are: {detail}",
    },
    "not_a_file": {"zh": "这不是一个文件", "en": "this is not a file"},
    # --- how a problem is said
    "problem_at": {
        "zh": "第 {row} 行，列 {column}，值“{value}”：{reason}",
        "en": "Row {row}, column {column}, value '{value}': {reason}.",
    },
    "problem_row": {"zh": "第 {row} 行：{reason}", "en": "Row {row}: {reason}."},
    "problem_file": {"zh": "{reason}", "en": "{reason}."},
    "report_row": {"zh": "行号", "en": "Row"},
    "report_column": {"zh": "列", "en": "Column"},
    "report_value": {"zh": "值", "en": "Value"},
    "report_reason": {"zh": "原因", "en": "Reason"},
    "report_problems": {"zh": "问题", "en": "Problems"},
    # --- summaries (command line and page)
    "rejected_summary": {
        "zh": "上传被拒绝：{count} 个问题，未写入任何数据。",
        "en": "Upload rejected: {count} problem(s); nothing was written.",
    },
    "rejected_more": {
        "zh": "……另有 {count} 个问题未列出。",
        "en": "… and {count} more problem(s) not listed.",
    },
    "file_not_found": {"zh": "找不到文件 {0}。", "en": "File not found: {0}."},
    "read_info": {
        "zh": "{file}：{table}，编码 {encoding}，表头在第 {header_row} 行{sheet}。",
        "en": "{file}: {table}, encoding {encoding}, header in row {header_row}{sheet}.",
    },
    "read_sheet": {"zh": "，工作表“{sheet}”", "en": ", sheet '{sheet}'"},
    "ingested": {
        "zh": "{file}：{table} 新增 {inserted} 行，更新 {updated} 行，未变 {unchanged} 行，"
        "删除 {deleted} 行，跳过 {skipped} 行（编码 {encoding}）。",
        "en": "{file}: {table} {inserted} inserted, {updated} updated, {unchanged} unchanged, "
        "{deleted} deleted, {skipped} skipped (encoding {encoding}).",
    },
    "dry_run_note": {"zh": "（试运行，未写入）", "en": "(dry run, nothing written)"},
    "upload_recorded": {
        "zh": "已记录为上传 {upload_id}；撤销：sales-dash undo {upload_id}",
        "en": "Recorded as upload {upload_id}; to undo: sales-dash undo {upload_id}",
    },
    "noop": {
        "zh": "无需更改：文件中的 {rows} 行已全部在数据中，未写入任何内容。",
        "en": "Nothing to change: all {rows} rows of the file are already in the data; "
        "nothing was written.",
    },
    "same_as": {
        "zh": "内容与 {uploaded_at} 的上传 {upload_id}（{file}）完全相同。",
        "en": "The content is identical to upload {upload_id} ({file}) of {uploaded_at}.",
    },
    "rejects_written": {
        "zh": "{count} 行有问题，已跳过并写入 {path}。",
        "en": "{count} invalid row(s) skipped and written to {path}.",
    },
    "plan_month": {"zh": "月份", "en": "Month"},
    "plan_no_month": {"zh": "（无月份）", "en": "(no month)"},
    "plan_all_months": {"zh": "合计", "en": "Total"},
    "plan_inserted": {"zh": "新增", "en": "Inserted"},
    "plan_updated": {"zh": "更新", "en": "Updated"},
    "plan_unchanged": {"zh": "未变", "en": "Unchanged"},
    "plan_deleted": {"zh": "删除", "en": "Deleted"},
    "plan_skipped": {"zh": "跳过", "en": "Skipped"},
    # --- history and undo
    "history_upload_id": {"zh": "上传编号", "en": "Upload"},
    "history_uploaded_at": {"zh": "上传时间", "en": "Uploaded at"},
    "history_file": {"zh": "文件", "en": "File"},
    "history_table": {"zh": "数据表", "en": "Table"},
    "history_encoding": {"zh": "编码", "en": "Encoding"},
    "history_undone": {"zh": "已撤销", "en": "Undone"},
    "history_empty": {"zh": "还没有上传记录。", "en": "No uploads yet."},
    "undo_done": {
        "zh": "已撤销上传 {upload_id}（{file}）：相关月份已恢复到上传之前。",
        "en": "Upload {upload_id} ({file}) undone: its months are back as they were before it.",
    },
    "undo_unknown": {
        "zh": "没有编号为 {upload_id} 的上传。",
        "en": "There is no upload {upload_id}.",
    },
    "undo_already": {
        "zh": "上传 {upload_id} 已经撤销过了。",
        "en": "Upload {upload_id} has already been undone.",
    },
    "undo_conflict": {
        "zh": "无法撤销上传 {upload_id}：之后的上传（{later}）又修改了 {months} 的数据；"
        "请先撤销它们。",
        "en": "Cannot undo upload {upload_id}: a later upload ({later}) changed {months} "
        "since; undo that first.",
    },
    "undo_files_missing": {
        "zh": "无法撤销上传 {upload_id}：上传前的数据文件 {files} 已不存在。",
        "en": "Cannot undo upload {upload_id}: the earlier data file {files} is gone.",
    },
    "undo_busy": {
        "zh": "无法撤销上传 {upload_id}：另一个上传正在写入数据，已等待 {seconds} 秒；请稍后再试。",
        "en": "Cannot undo upload {upload_id}: another upload is writing to the data and did "
        "not finish within {seconds} seconds; try again shortly.",
    },
    "undo_unreadable": {
        "zh": "无法撤销上传 {upload_id}：读取其记录失败（{detail}）。",
        "en": "Cannot undo upload {upload_id}: its record cannot be read ({detail}).",
    },
    "unexpected_error": {
        "zh": "处理时发生意外错误（{detail}），未写入任何数据。",
        "en": "An unexpected error occurred ({detail}); nothing was written.",
    },
    # --- the Upload page
    "upload_intro": {
        "zh": "上传 ERP/CRM 导出的月度文件：CSV（UTF-8 或 GBK，逗号、分号或制表符分隔）或 Excel"
        "（.xlsx）。每个文件先读取、检查和试运行，确认后才写入；每次上传都可撤销。",
        "en": "Upload the month's exports from the ERP/CRM: CSV (UTF-8 or GBK; comma, semicolon "
        "or tab separated) or Excel (.xlsx). Each file is read, checked and dry-run first, "
        "and written only when you confirm; every upload can be undone.",
    },
    "upload_files": {
        "zh": "选择或拖入文件（可多个）",
        "en": "Choose or drop files (several at once)",
    },
    "upload_table": {"zh": "数据表", "en": "Table"},
    "upload_table_orders": {"zh": "订单明细", "en": "Orders"},
    "upload_table_visits": {"zh": "客户拜访", "en": "Visits"},
    "upload_table_quotas": {"zh": "销售指标", "en": "Quotas"},
    "upload_table_market": {"zh": "市场容量", "en": "Market size"},
    "upload_encoding": {"zh": "编码", "en": "Encoding"},
    "upload_encoding_auto": {"zh": "自动（{detected}）", "en": "Automatic ({detected})"},
    "upload_sheet": {"zh": "工作表", "en": "Sheet"},
    "upload_mode": {"zh": "写入方式", "en": "How to write"},
    "upload_mode_upsert": {"zh": "按键新增或更新", "en": "Insert or update by key"},
    "upload_mode_replace-months": {
        "zh": "替换文件涉及的月份和区域（删除其中文件没有的行）",
        "en": "Replace the file's months × regions (delete the rows there the file lacks)",
    },
    "upload_skip_invalid": {
        "zh": "跳过有问题的行，只写入其余的行",
        "en": "Skip the invalid rows and write the rest",
    },
    "upload_read_info": {
        "zh": "识别为{table}，编码 {encoding}，表头在第 {header_row} 行{sheet}；"
        "{rows} 行数据，另有 {skipped} 个空行或合计行已跳过。",
        "en": "Read as {table}, encoding {encoding}, header in row {header_row}{sheet}; "
        "{rows} data rows, and {skipped} blank or total rows skipped.",
    },
    "upload_mapping": {"zh": "列映射（可修改）", "en": "Column mapping (editable)"},
    "upload_mapping_help": {
        "zh": "每一列导入为哪个字段；选“-”表示不导入该列。",
        "en": "Which field each column goes to; choose '-' to leave a column out.",
    },
    "upload_col_header": {"zh": "文件中的列", "en": "Column in the file"},
    "upload_col_column": {"zh": "导入为", "en": "Goes to"},
    "upload_col_unit": {"zh": "单位", "en": "Unit"},
    "upload_preview": {
        "zh": "预览：写入后的前 {count} 行",
        "en": "Preview: the first {count} rows as they will be stored",
    },
    "upload_report": {
        "zh": "校验报告：{count} 个问题（点击列标题排序）",
        "en": "Validation report: {count} problem(s) (click a column title to sort)",
    },
    "upload_report_more": {
        "zh": "只列出前 {shown} 个问题，共 {count} 个。",
        "en": "Only the first {shown} of {count} problems are listed.",
    },
    "upload_report_ok": {
        "zh": "校验通过：没有发现问题。",
        "en": "Validation passed: no problems found.",
    },
    "upload_download_report": {"zh": "下载校验报告（CSV）", "en": "Download the report (CSV)"},
    "upload_plan": {"zh": "试运行：各月份的变化", "en": "Dry run: what changes, month by month"},
    "upload_confirm": {"zh": "确认写入", "en": "Confirm and write"},
    "upload_blocked": {
        "zh": "文件中有问题，未写入。请修正后重新上传，或选择“跳过有问题的行”。",
        "en": "The file has problems and was not written. Fix them and upload again, or "
        "choose to skip the invalid rows.",
    },
    "upload_blocked_fatal": {
        "zh": "文件整体有问题，无法写入。",
        "en": "The file as a whole has a problem and cannot be written.",
    },
    "upload_done": {
        "zh": "已写入（上传 {upload_id}）：新增 {inserted} 行，更新 {updated} 行，"
        "删除 {deleted} 行，跳过 {skipped} 行。所有页面已使用新数据。",
        "en": "Written as upload {upload_id}: {inserted} inserted, {updated} updated, "
        "{deleted} deleted, {skipped} skipped. Every page now shows the new data.",
    },
    "upload_history_title": {"zh": "上传记录", "en": "Upload history"},
    "upload_undo": {"zh": "撤销", "en": "Undo"},
    "upload_state": {"zh": "状态", "en": "State"},
    "upload_state_applied": {"zh": "有效", "en": "In effect"},
    "upload_state_undone": {"zh": "已撤销", "en": "Undone"},
    "upload_rows": {"zh": "行数", "en": "Rows"},
    "upload_rows_text": {
        "zh": "+{inserted} / ~{updated} / -{deleted} / 跳过 {skipped}",
        "en": "+{inserted} / ~{updated} / -{deleted} / {skipped} skipped",
    },
    # --- branch merges: merges that cannot hurt what is stored (issue 11 §4)
    "moves_refused": {
        "zh": "文件会把 {detail} 条已有的明细移到另一个区域、业务员、客户或月份，未写入任何数据；"
        "请核对下列各行，确认无误后加 --accept-moves 重新上传（上传页面：勾选“确认移动”）",
        "en": "the file would move {detail} stored line(s) to another region, rep, customer "
        "or month, so nothing was written; check the rows below and, if they are right, "
        "upload again with --accept-moves (on the Upload page: tick 'accept the moves')",
    },
    "moves_line": {
        "zh": "会把已有的这条明细从“{detail}”改为“{value}”",
        "en": "would move the stored line from '{detail}' to '{value}'",
    },
    "moves_title": {
        "zh": "会移动的已有明细：{lines} 条（移到另一个区域、业务员、客户或月份）",
        "en": "Stored lines this file would move: {lines} (to another region, rep, customer "
        "or month)",
    },
    "moves_more": {"zh": "……另有 {count} 处未列出。", "en": "… and {count} more not listed."},
    "moves_need_confirm": {
        "zh": "不加 --accept-moves 时，这次上传会被拒绝。",
        "en": "Without --accept-moves this upload is rejected.",
    },
    "moves_accepted": {
        "zh": "已确认移动：{lines} 条已有明细按文件改写。",
        "en": "Moves accepted: {lines} stored line(s) rewritten as the file has them.",
    },
    "moves_col_key": {"zh": "键", "en": "Key"},
    "moves_col_column": {"zh": "列", "en": "Column"},
    "moves_col_stored": {"zh": "现有值", "en": "Stored"},
    "moves_col_incoming": {"zh": "文件中的值", "en": "In the file"},
    "deletions_title": {
        "zh": "整月替换（范围：{scope}）将删除的行，按月份和区域：",
        "en": "Replace-months (scope: {scope}) deletes these rows, by month and region:",
    },
    "deletions_none": {
        "zh": "整月替换（范围：{scope}）：不删除任何行。",
        "en": "Replace-months (scope: {scope}): no row is deleted.",
    },
    "replace_scope_region": {
        "zh": "文件涉及的月份 × 区域",
        "en": "the months × regions in the file",
    },
    "replace_scope_month": {
        "zh": "文件涉及的整月，所有区域",
        "en": "whole months in the file, every region",
    },
    "deletions_region": {"zh": "区域", "en": "Region"},
    "region_unknown": {"zh": "（区域未知）", "en": "(region unknown)"},
    # --- progress
    "progress_read": {"zh": "正在读取文件…", "en": "Reading the file…"},
    "progress_check": {"zh": "正在检查数据…", "en": "Checking the data…"},
    "progress_plan": {"zh": "正在比对已有数据…", "en": "Comparing with the stored data…"},
    "progress_write": {"zh": "正在写入…", "en": "Writing…"},
    "progress_done": {"zh": "完成", "en": "Done"},
    # --- branch hardening: hostile files and values (issue 13, Hardening)
    "symlink": {
        "zh": "这是一个符号链接，不是文件；出于安全考虑不跟随链接，请上传文件本身",
        "en": "this is a symbolic link, not a file; links are not followed, "
        "for safety: upload the file itself",
    },
    "date_out_of_window": {
        "zh": "日期超出允许范围（{detail}）；请检查年份",
        "en": "is outside the dates accepted ({detail}); check the year",
    },
    "cell_too_long": {
        "zh": "单元格有 {value} 个字符，超过 {detail} 个字符的上限",
        "en": "the cell holds {value} characters, more than the limit of {detail}",
    },
    "workbook_text_too_large": {
        "zh": "Excel 文件的单元格文字展开后超过 {detail} MB 的上限"
        "（同一段文字被大量单元格重复引用）",
        "en": "the Excel file's cells expand to more than the limit of {detail} MB of text "
        "(one text repeated in a great many cells)",
    },
}


def message(key: str, language: str, *args: object, **kwargs: object) -> str:
    """The text for ``key`` in ``language`` (falling back to English), formatted."""
    entry = INGEST_TEXTS[key]
    template = entry.get(language) or entry["en"]
    return template.format(*args, **kwargs) if (args or kwargs) else template
