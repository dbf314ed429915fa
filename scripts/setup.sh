#!/usr/bin/env bash
# Installs everything fazhi needs on a fresh Debian machine with Node 20 and npm, builds it,
# and runs the main job on the demo data. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: Chromium renders the PDF reports; poppler-utils (pdftotext, pdftoppm)
# lets the tests read and look at them; strace lets a test check that Chromium contacts nothing;
# postgresql is the workspace's shared store (fazhi serve), against which the tests run the same
# flows as against the embedded SQLite.
packages=(chromium poppler-utils strace postgresql)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "安装 Debian 软件包：${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    echo "请先安装：sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

npm ci --no-audit --no-fund
npm run build
node dist/rubric/write-schema.js rubrics/rubric.schema.json >/dev/null
# The demo data contain rows broken on purpose (see inputs/demo/README.md): evaluate reports them,
# marks the totals they touch provisional and exits 1. Exactly 1 is expected here; anything else fails.
status=0
node bin/fazhi.js evaluate --rubric rubrics/qingxin-2024.json --data inputs/demo --out out/demo || status=$?
if [ "$status" -eq 1 ]; then
  echo "（演示数据中有故意写错的行，evaluate 按规则以退出码 1 结束，上面的暂计总分即由此而来。）"
elif [ "$status" -ne 0 ]; then
  echo "fazhi evaluate 失败（退出码 $status）" >&2
  exit "$status"
fi
node bin/fazhi.js report --results out/demo/results.json --out out/demo/reports
