"""The provider calculator reader: the AWS Pricing Calculator's CSV export (title block, header row
found wherever it is, exact decimals, the summary block) and the simple CSV for other providers, and
a clear error (file, row, column) for everything else."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from govcost.errors import InputError
from govcost.review.calculator import CalculatorLines, read_calculator

DATA = Path(__file__).resolve().parents[1] / "data" / "review"
AWS = DATA / "aws_calculator_export.csv"
SIMPLE = DATA / "calculator_simple.csv"

HEADER = (
    "Group hierarchy,Region,Description,Service,Upfront,Monthly,First 12 months total,Currency,Status,"
    "Configuration summary"
)


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_aws_export_lines_with_their_cells() -> None:
    lines = read_calculator(AWS)
    assert isinstance(lines, CalculatorLines)
    assert lines.format == "aws" and lines.currency == "USD" and lines.path == AWS
    assert [ln["service"] for ln in lines] == [
        "Amazon EC2",
        "Amazon Elastic Block Store (EBS)",
        "Amazon RDS for PostgreSQL",
        "Amazon Simple Storage Service (S3)",
        "AWS Backup",
        "Amazon CloudWatch",
        "Amazon Virtual Private Cloud (VPC)",
        "Amazon EC2",
        "AWS Support (Business)",
    ]
    first = lines[0]
    assert first["sheet"] == "aws_calculator_export.csv"
    assert first["row"] == 9 and first["cell"] == "F9"
    assert first["cells"]["service"] == "D9" and first["cells"]["configuration"] == "J9"
    assert first["group"] == "住民記録システム > 本番環境"
    assert first["region"] == "Asia Pacific (Tokyo)" and first["description"] == "APサーバ 2台"
    assert first["monthly"] == Decimal("362.08") and first["upfront"] == Decimal(0)
    assert first["first_12_months"] == Decimal("4344.96")
    assert "m6i.xlarge" in first["configuration"] and "100 %Utilized/Month" in first["configuration"]
    assert all(isinstance(ln["monthly"], Decimal) for ln in lines)
    assert lines[-1]["row"] == 17 and lines[-1]["cell"] == "F17"


def test_aws_summary_block_reconciles_with_the_lines() -> None:
    lines = read_calculator(AWS)
    assert lines.summary is not None
    assert lines.summary["cell"] == "B3" and lines.summary["row"] == 3
    assert lines.summary["monthly"] == lines.monthly_total == Decimal("1239.61")
    assert lines.summary["first_12_months"] == lines.first_12_months_total == Decimal("14875.32")
    assert lines.summary["currency"] == "USD"


def test_exact_decimals_multiline_configuration_and_older_columns(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "Estimate summary",
            "Upfront cost,Monthly cost,Total 12 months cost,Currency",
            "1200,873.8100000000001,11685.72,USD",
            "",
            "Detailed Estimate",
            # an older export: no Status column
            "Group hierarchy,Region,Description,Service,Upfront,Monthly,First 12 months total,Currency,"
            "Configuration summary",
            "My Estimate,Asia Pacific (Tokyo),,Elastic Load Balancing,0,873.8100000000001,10485.72,USD,"
            '"Number of Application Load Balancers (2)\n, Processed bytes (1 TB per month)"',
            "My Estimate,Asia Pacific (Tokyo),RI,Amazon EC2,1200,0,1200,USD,Reserved (1 year All Upfront)",
            "",
            "Acknowledgement",
            '"* AWS Pricing Calculator provides only an estimate of your AWS fees."',
        ]
    )
    lines = read_calculator(_write(tmp_path / "older.csv", text))
    assert lines.format == "aws" and len(lines) == 2
    assert lines[0]["monthly"] == Decimal("873.8100000000001")
    assert lines[0]["status"] == "" and "\n" in lines[0]["configuration"]
    # Records are counted as a spreadsheet shows them: the quoted line break stays in one row.
    assert (lines[0]["row"], lines[1]["row"]) == (7, 8)
    assert lines[1]["upfront"] == Decimal(1200) and lines.first_12_months_total == Decimal("11685.72")


def test_header_found_under_any_title_block_and_without_a_summary(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "住民記録システム ガバメントクラウド利用料 試算",
            "Export date,2025-10-01",
            "",
            HEADER,
            "本番,Asia Pacific (Tokyo),AP,Amazon EC2,0,181.04,2172.48,USD,,m6i.xlarge",
        ]
    )
    lines = read_calculator(_write(tmp_path / "calc.csv", "\ufeff" + text))
    assert lines.summary is None and lines[0]["cell"] == "F5"


def test_simple_csv_for_other_providers() -> None:
    lines = read_calculator(SIMPLE)
    assert lines.format == "simple" and lines.currency == "JPY" and lines.summary is None
    assert len(lines) == 8
    vm = lines[0]
    assert (vm["service"], vm["region"], vm["monthly"]) == ("Virtual Machines", "Japan East", Decimal(168000))
    assert vm["quantity"] == Decimal(2) and vm["unit"] == "台"
    assert vm["row"] == 2 and vm["cell"] == "D2" and vm["upfront"] is None and vm["first_12_months"] is None
    assert lines[-1]["monthly"] == Decimal(-27952)
    assert lines.monthly_total == Decimal(321448)
    assert lines.first_12_months_total == Decimal(321448) * 12


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_simple_csv_in_japanese_tab_separated_and_cp932(tmp_path: Path, encoding: str) -> None:
    text = (
        "サービス\t説明\tリージョン\t月額\t通貨\n"
        "仮想マシン\tAP サーバ\t東日本\t￥84,000\tJPY\n"
        "オブジェクトストレージ\t帳票\t東日本\t3,100\tjpy\n"
        "合計\t\t\t87,100\tJPY\n"
    )
    lines = read_calculator(_write(tmp_path / "sakura.csv", text, encoding))
    assert lines.format == "simple" and lines.currency == "JPY"
    assert [ln["monthly"] for ln in lines] == [Decimal(84000), Decimal(3100)]  # 合計 is not a line
    assert lines[1]["cell"] == "D3"


def test_neither_format_is_a_clear_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "bill.csv", "項目,金額\nEC2,1000\n")
    with pytest.raises(InputError) as err:
        read_calculator(path)
    assert err.value.key == "review.calculator.unknown_format"
    assert err.value.file == str(path) and "service,description,region,monthly,currency" in str(err.value)


def test_a_non_numeric_amount_names_file_row_and_column(tmp_path: Path) -> None:
    text = "\n".join([HEADER, "本番,Asia Pacific (Tokyo),AP,Amazon EC2,0,約180ドル,2172.48,USD,,"])
    path = _write(tmp_path / "calc.csv", text)
    with pytest.raises(InputError) as err:
        read_calculator(path)
    e = err.value
    assert (e.key, e.file, e.row, e.column, e.found) == (
        "input.bad_decimal",
        str(path),
        2,
        "Monthly (F)",
        "約180ドル",
    )


def test_missing_columns_and_empty_mandatory_cells(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_calculator(_write(tmp_path / "a.csv", "service,description,region,monthly\nVM,AP,東日本,100\n"))
    assert err.value.key == "input.missing_columns" and err.value.params["columns"] == "Currency"
    assert err.value.row == 1
    with pytest.raises(InputError) as err:
        read_calculator(
            _write(tmp_path / "b.csv", "service,description,region,monthly,currency\nVM,AP,東日本,,JPY\n")
        )
    assert (err.value.key, err.value.row, err.value.column) == ("input.null_mandatory", 2, "monthly (D)")


def test_mixed_currencies_empty_files_and_other_formats(tmp_path: Path) -> None:
    mixed = "service,description,region,monthly,currency\nVM,AP,東日本,100,JPY\nVM,DB,東日本,2,USD\n"
    with pytest.raises(InputError) as err:
        read_calculator(_write(tmp_path / "mixed.csv", mixed))
    assert err.value.key == "input.mixed_currency"
    with pytest.raises(InputError) as err:
        read_calculator(_write(tmp_path / "empty.csv", "service,description,region,monthly,currency\n"))
    assert err.value.key == "input.empty"
    with pytest.raises(InputError) as err:
        read_calculator(_write(tmp_path / "zero.csv", ""))
    assert err.value.key == "review.calculator.unknown_format"
    (tmp_path / "calc.xlsx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError) as err:
        read_calculator(tmp_path / "calc.xlsx")
    assert err.value.key == "review.calculator.not_csv"
    with pytest.raises(InputError) as err:
        read_calculator(_write(tmp_path / "estimate.json", '{"name": "My Estimate"}'))
    assert err.value.key == "review.calculator.not_csv"
    with pytest.raises(InputError) as err:
        read_calculator(tmp_path / "nothing.csv")
    assert err.value.key == "input.not_found"
    with pytest.raises(InputError) as err:
        read_calculator(_write(tmp_path / "latin1.csv", "service,monthly,currency\n", "utf-16"))
    assert err.value.key in ("input.encoding", "review.calculator.unknown_format")
