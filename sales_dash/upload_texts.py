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
        "zh": "同一表头出现了不止一次：{value}；请选择用哪一列：{detail}（“-”表示不用该列）",
        "en": "the same header appears more than once: {value}; choose the column to use: "
        "{detail} ('-' leaves a column out)",
    },
    "ambiguous_header": {
        "zh": "多列都可能是此列：{value}；请选择用哪一列：{detail}（“-”表示不用该列）",
        "en": "several columns could be this one: {value}; choose the column to use: "
        "{detail} ('-' leaves a column out)",
    },
    # --- the file as a whole
    "empty_file": {"zh": "文件为空", "en": "the file is empty"},
    "no_rows": {
        "zh": "文件只有表头，没有数据行",
        "en": "the file has a header but no data rows",
    },
    "unknown_encoding": {
        "zh": "无法识别文件编码：不是 UTF-8、GBK/GB18030、Big5、Windows-1252 或 UTF-16"
        "（第 {detail} 行起无法解码）；"
        "请在 Excel 中另存为“CSV UTF-8”或 .xlsx",
        "en": "the file is not UTF-8, GBK/GB18030, Big5, Windows-1252 or UTF-16 text "
        "(undecodable from line {detail}); save it from Excel as 'CSV UTF-8' or .xlsx",
    },
    "unknown_encoding_guess": {
        "zh": "无法识别文件编码：不是 UTF-8、GBK/GB18030、Big5、Windows-1252 或 UTF-16"
        "（第 {detail} 行起无法解码，看起来像 {value}，可用 --encoding 指定）；"
        "请在 Excel 中另存为“CSV UTF-8”或 .xlsx",
        "en": "the file is not UTF-8, GBK/GB18030, Big5, Windows-1252 or UTF-16 text "
        "(undecodable from line {detail}; it looks like {value}: name it with --encoding); "
        "save it from Excel as 'CSV UTF-8' or .xlsx",
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
        "zh": "无法从表头判断这是哪种数据（订单、拜访、指标、市场或收款单）；表头为：{detail}",
        "en": "cannot tell from the headers which table this is "
        "(orders, visits, quotas, market, payments); the headers are: {detail}",
    },
    "not_a_file": {"zh": "这不是一个文件", "en": "this is not a file"},
    # --- branch `reading`: encodings, workbooks and dates as the world writes them
    "mixed_encoding": {
        "zh": "文件混用了多种编码：前面的行是 {value}，第 {detail} 行却不是"
        "（可能是两个文件拼接而成）；请在 Excel 中统一另存为“CSV UTF-8”或 .xlsx 后再上传",
        "en": "the file mixes encodings: the lines above are {value} but line {detail} is not "
        "(two files pasted together?); save it from Excel as 'CSV UTF-8' or .xlsx",
    },
    "nul_byte": {
        "zh": "第 {detail} 行含有空字符（NUL，0x00），文本文件中不应出现"
        "（文件可能已损坏或不是文本）",
        "en": "line {detail} holds a NUL byte (0x00), which text never does "
        "(the file may be damaged, or is not text)",
    },
    "unknown_codec": {
        "zh": "没有名为“{value}”的编码；请使用 Python 的编码名，例如：{detail}",
        "en": "there is no encoding called '{value}'; use a Python codec name such as: {detail}",
    },
    "date_order_ambiguous": {
        "zh": "“{detail}”列的日期（如 {value}）既可读作 月/日/年，也可读作 日/月/年，"
        "整列没有一个日期能区分二者；请指定日期格式：--date-format mdy（月/日/年）"
        "或 --date-format dmy（日/月/年），上传页面上选择“日期格式”",
        "en": "the dates of column '{detail}' (such as {value}) read as month/day/year and as "
        "day/month/year, and no date in the column tells which; choose the order: "
        "--date-format mdy (month/day/year) or --date-format dmy (day/month/year), "
        "or the date order on the Upload page",
    },
    "date_order_conflict": {
        "zh": "“{detail}”列的日期顺序前后矛盾（行号: 日期）：{value}，前者只能是 日/月/年，"
        "后者只能是 月/日/年；请修正文件，或用 --date-format mdy / dmy 指定顺序",
        "en": "the dates of column '{detail}' contradict each other (row: date): {value}; the "
        "first can only be day/month/year, the second only month/day/year; correct the file, "
        "or choose the order with --date-format mdy or dmy",
    },
    "unknown_date_format": {
        "zh": "没有“{value}”这种日期格式；可选：ymd（年/月/日）、mdy（月/日/年）、dmy（日/月/年）",
        "en": "there is no date format '{value}'; choose ymd (year/month/day), "
        "mdy (month/day/year) or dmy (day/month/year)",
    },
    "upload_date_format": {
        "zh": "日期格式（年份在后的日期，如 11/8/2018）",
        "en": "Date order (dates with the year last, such as 11/8/2018)",
    },
    "upload_date_format_auto": {
        "zh": "自动（按整列的日期判断）",
        "en": "Automatic (decided from the column's dates)",
    },
    "upload_date_format_mdy": {
        "zh": "月/日/年（11/8/2018 = 2018年11月8日）",
        "en": "month/day/year (11/8/2018 = 8 November 2018)",
    },
    "upload_date_format_dmy": {
        "zh": "日/月/年（11/8/2018 = 2018年8月11日）",
        "en": "day/month/year (11/8/2018 = 11 August 2018)",
    },
    "upload_date_format_ymd": {
        "zh": "年/月/日（不接受年份在后的日期）",
        "en": "year/month/day (dates with the year last are refused)",
    },
    "upload_sheet_table": {
        "zh": "{sheet}：{table}，表头在第 {header_row} 行，识别出 {matched} 列",
        "en": "{sheet}: {table}, header in row {header_row}, {matched} columns recognised",
    },
    "upload_sheet_no_table": {
        "zh": "{sheet}：未识别出数据表",
        "en": "{sheet}: no table recognised",
    },
    # --- end of branch `reading`
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
    "history_upload_id": {"zh": "编号", "en": "No."},
    "history_uploaded_at": {"zh": "上传时间", "en": "Uploaded at"},
    "history_file": {"zh": "文件", "en": "File"},
    "history_table": {"zh": "数据表", "en": "Table"},
    "history_encoding": {"zh": "编码", "en": "Encoding"},
    "history_undone": {"zh": "已撤销", "en": "Undone"},
    "history_empty": {"zh": "还没有上传记录。", "en": "No uploads yet."},
    "history_empty_cli": {
        "zh": "还没有上传记录：用 sales-dash ingest 文件 --table orders 上传导出文件。",
        "en": "No uploads yet: sales-dash ingest FILE --table orders uploads an export.",
    },
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
        "zh": "上传 ERP、CRM 或网店导出的文件：CSV 或文本（UTF-8、GBK、Big5、Windows-1252、"
        "UTF-16，逗号、分号或制表符分隔）或工作簿（.xlsx、.xlsm、.xls、.ods）。每个文件先读取、"
        "检查和试运行，只有真正不确定的地方才请你选择；确认后才写入，每次上传都可撤销。",
        "en": "Upload exports from an ERP, CRM or online shop: CSV or text (UTF-8, GBK, Big5, "
        "Windows-1252, UTF-16; comma, semicolon or tab separated) or workbooks (.xlsx, .xlsm, "
        ".xls, .ods). Each file is read, checked and dry-run first, you are asked only what "
        "is truly ambiguous, and nothing is written until you confirm; every upload can be "
        "undone.",
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
    # --- branch headers: choices, the mapping shown, remembered mappings, line numbers
    "candidate_header": {
        "zh": "列 {value} 可能是此列，但不能确定；请选择：{detail}（“-”表示不用该列）",
        "en": "the column {value} may be this one, but that is not certain; choose: "
        "{detail} ('-' leaves it out)",
    },
    "mapping_title": {"zh": "列映射：", "en": "Column mapping:"},
    "mapping_letter": {"zh": "列", "en": "Col"},
    "mapping_header": {"zh": "文件中的列", "en": "Header in the file"},
    "mapping_column": {"zh": "导入为", "en": "Goes to"},
    "mapping_note": {"zh": "说明", "en": "Note"},
    "mapping_not_used": {"zh": "不使用", "en": "not used"},
    "mapping_how_synonym": {"zh": "按列名识别", "en": "by its name"},
    "mapping_how_explicit": {"zh": "按指定的映射", "en": "as mapped by you"},
    "mapping_how_ignored": {"zh": "按指定不使用", "en": "left out by you"},
    "mapping_how_remembered": {"zh": "按记住的映射", "en": "as remembered"},
    "mapping_how_choice": {
        "zh": "待选择：{candidates} 之一作为 {column}",
        "en": "to choose: one of {candidates} as {column}",
    },
    "mapping_suggestion": {"zh": "看起来像 {column}？", "en": "looks like {column}?"},
    "mapping_remembered": {
        "zh": "已应用为这种导出文件记住的列映射（编号 {mapping_id}，上次使用 {last_used}）；"
        "--map 可覆盖，sales-dash mappings delete {mapping_id} 可删除。",
        "en": "Applied the column mapping remembered for this export (id {mapping_id}, last "
        "used {last_used}); --map overrides it, sales-dash mappings delete {mapping_id} "
        "forgets it.",
    },
    "lines_numbered": {
        "zh": "文件没有行号列：{orders} 个订单有多行，其明细行已按文件顺序编号为 1、2、3……",
        "en": "The file has no line-number column: the lines of {orders} order(s) of several "
        "rows were numbered 1, 2, 3 ... in file order.",
    },
    "mappings_empty": {"zh": "还没有记住的列映射。", "en": "No remembered column mappings."},
    "mappings_id": {"zh": "编号", "en": "Id"},
    "mappings_table": {"zh": "数据表", "en": "Table"},
    "mappings_headers": {"zh": "表头", "en": "Headers"},
    "mappings_choices": {"zh": "选择", "en": "Choices"},
    "mappings_last_used": {"zh": "上次使用", "en": "Last used"},
    "mappings_deleted": {
        "zh": "已删除列映射 {mapping_id}（{table}）。",
        "en": "Deleted the column mapping {mapping_id} ({table}).",
    },
    "mappings_unknown": {
        "zh": "没有编号为 {mapping_id} 的列映射；用 sales-dash mappings 查看全部。",
        "en": "There is no column mapping {mapping_id}; sales-dash mappings lists them.",
    },
    "mappings_delete_needs_id": {
        "zh": "请给出要删除的列映射编号：sales-dash mappings delete 编号。",
        "en": "Name the mapping to delete: sales-dash mappings delete ID.",
    },
    # --- branch uploadpage: undo of an undo, problems by the file's header, page states
    "redo_done": {
        "zh": "已撤销 {undone} 号记录（撤销）：上传 {upload_id}（{file}）重新生效。",
        "en": "Entry {undone} (an undo) reversed: upload {upload_id} ({file}) is in effect again.",
    },
    "undo_recorded": {
        "zh": "已记录为 {undo_id}；如需反悔：sales-dash undo {undo_id}",
        "en": "Recorded as {undo_id}; to reverse it: sales-dash undo {undo_id}",
    },
    "history_undoes": {"zh": "撤销的记录", "en": "Undoes"},
    "history_user": {"zh": "操作人", "en": "By"},
    "problem_column": {"zh": "列“{column}”：{reason}", "en": "Column '{column}' {reason}."},
    # --- branch values (issue 11): money in the lake's currency, cost from profit
    "foreign_currency_sign": {
        "zh": "金额带有货币符号 {value}，而本数据库的币种设置为 {detail}，不能把它当作 {detail} "
        "存入。若这些金额确实是 {detail}，请去掉符号后重新上传；若整个数据库应使用另一种货币，"
        "请在第一次上传前修改币种设置（SALES_DASH_CURRENCY）",
        "en": "the amounts carry the currency sign {value} but this lake's currency is "
        "{detail}; they are not stored as {detail}. If they are {detail}, remove the sign "
        "and upload again; if the whole lake should be in another currency, change the "
        "currency setting (SALES_DASH_CURRENCY) before the first upload",
    },
    "cost_profit_mismatch": {
        "zh": "成本与“销售额 − 利润”（{detail}）不符，其中一列的含义可能不同（如单位成本、"
        "净利润）；请核对，或把利润列映射为“不使用”",
        "en": "the cost is not revenue − profit ({detail}); one of the two columns may mean "
        "something else (a unit cost, a net profit): check them, or map the profit column "
        "to 'not used'",
    },
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
    # --- branch memory: a text file too large for the memory one upload may take (issue 13)
    "too_much_memory": {
        "zh": "文件有 {value} MB，读取它所需的内存会超过单次上传 {detail} MB 的内存上限；"
        "请把文件拆分成几个较小的文件分别上传",
        "en": "the file is {value} MB: reading it would take more than the {detail} MB of "
        "memory one upload may use; split it into smaller files and upload each",
    },
    # --- branch rls: a signed-in clerk uploads for their own regions only (issue 13)
    "outside_access_scope": {
        "zh": "不在您的权限范围内（您只能上传自己负责的大区或销售代表的数据）；整个文件未写入",
        "en": "is outside your access (you may upload only your own regions' or reps' rows); "
        "nothing of the file was written",
    },
    "outside_access_stored": {
        "zh": "此文件会更改或删除 {detail} 行不在您权限范围内的已存储数据"
        "（其他大区或销售代表的行）；整个文件未写入",
        "en": "the file would change or delete {detail} stored rows outside your access "
        "(other regions' or reps' rows); nothing of the file was written",
    },
}


def message(key: str, language: str, *args: object, **kwargs: object) -> str:
    """The text for ``key`` in ``language`` (falling back to English), formatted."""
    entry = INGEST_TEXTS[key]
    template = entry.get(language) or entry["en"]
    return template.format(*args, **kwargs) if (args or kwargs) else template
