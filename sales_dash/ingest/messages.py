"""Texts of the upload: problems found in a file and summaries, in zh and en.

Merged into ``sales_dash.i18n.TEXTS``; problem reasons are keys here.
"""

INGEST_TEXTS: dict[str, dict[str, str]] = {
    # problems: {row}, {column}, {value}, {detail}
    "not_a_date": {"zh": "不是有效日期", "en": "is not a valid date"},
    "not_a_month": {"zh": "不是有效月份（应为 YYYY-MM）", "en": "is not a month (YYYY-MM)"},
    "not_a_int": {"zh": "不是整数", "en": "is not a whole number"},
    "not_a_money": {"zh": "不是有效金额", "en": "is not a number"},
    "not_a_fraction": {"zh": "不是有效数字", "en": "is not a number"},
    "required_empty": {"zh": "必填项为空", "en": "is required but empty"},
    "duplicate_key": {
        "zh": "与第 {detail} 行的键重复",
        "en": "repeats the key of row {detail}",
    },
    "discount_out_of_range": {"zh": "折扣率应在 0 到 1 之间", "en": "must be between 0 and 1"},
    "missing_column": {
        "zh": "缺少必需的列；文件中的列为：{detail}",
        "en": "is a required column missing from the file; its headers are: {detail}",
    },
    "empty_file": {"zh": "文件为空", "en": "the file is empty"},
    "unknown_encoding": {
        "zh": "无法识别文件编码（支持 UTF-8、GBK/GB18030）",
        "en": "the file is not UTF-8 or GBK/GB18030 text",
    },
    "problem_at": {
        "zh": "第 {row} 行，列 {column}，值“{value}”：{reason}",
        "en": "Row {row}, column {column}, value '{value}': {reason}.",
    },
    "problem_file": {"zh": "{column}{reason}", "en": "{column} {reason}."},
    "rejected_summary": {
        "zh": "上传被拒绝：{count} 个问题，未写入任何数据。",
        "en": "Upload rejected: {count} problem(s); nothing was written.",
    },
    "file_not_found": {"zh": "找不到文件 {0}。", "en": "File not found: {0}."},
    "ingested": {
        "zh": "{file}：{table} 新增 {inserted} 行，更新 {updated} 行，未变 {unchanged} 行，"
        "删除 {deleted} 行，跳过 {skipped} 行（编码 {encoding}）。",
        "en": "{file}: {table} {inserted} inserted, {updated} updated, {unchanged} unchanged, "
        "{deleted} deleted, {skipped} skipped (encoding {encoding}).",
    },
    "dry_run_note": {"zh": "（试运行，未写入）", "en": "(dry run, nothing written)"},
}
