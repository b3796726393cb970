#!/usr/bin/env bash
# Adds an EF Core migration and makes it provider-neutral (see README.md beside this script).
# Usage: platform/ColdChain.Platform/Data/Migrations/add-migration.sh <Name>
set -euo pipefail
name="${1:?migration name}"
root="$(cd "$(dirname "$0")/../../../.." && pwd)"
ef="${EF_TOOL_PATH:-/tmp/ef}/dotnet-ef"
[[ -x "$ef" ]] || dotnet tool install dotnet-ef --version 10.0.15 --tool-path "$(dirname "$ef")" >/dev/null
cd "$root"
"$ef" migrations add "$name" --project platform/ColdChain.Platform --output-dir Data/Migrations \
  --namespace ColdChain.Platform.Data.Migrations
python3 - "$root/platform/ColdChain.Platform/Data/Migrations" "$name" <<'PY'
import pathlib, re, sys
folder, name = pathlib.Path(sys.argv[1]), sys.argv[2]
files = [p for p in folder.glob(f"*_{name}*.cs")] + [folder / "PlatformDbContextModelSnapshot.cs"]
for path in files:
    text = path.read_text()
    text = re.sub(r',\s*type: "[^"]*"', "", text)          # CreateTable/AddColumn column types
    text = re.sub(r'\s*\.HasColumnType\("[^"]*"\)', "", text)  # Designer and snapshot
    text = re.sub(r'(\n(\s*)\.Annotation\("Sqlite:Autoincrement", true\))(?!\s*\n\s*\.Annotation\("Npgsql)',
                  r'\1\n\2.Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)', text)
    if "NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)" in text and "using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;" not in text:
        text = text.replace("using Microsoft.EntityFrameworkCore.Migrations;", "using Microsoft.EntityFrameworkCore.Migrations;\nusing Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;", 1)
    path.write_text(text)
PY
echo "migration $name added and made provider-neutral"
