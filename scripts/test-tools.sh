#!/usr/bin/env bash
# The programs the full test suite drives besides Node: LibreOffice (recalculates the written formulas),
# Chromium (the task pane end to end) and pdftoppm (renders printed pages). Installs what is missing when it
# can (root with apt-get); otherwise stops at once with the exact command to run.
set -euo pipefail
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0

install_cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Cài các gói kiểm thử cần / installing what the tests need: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null && exit 0
  echo "Không cài được / install failed: $install_cmd" >&2
  exit 1
fi
echo "Thiếu chương trình cho kiểm thử / the tests need: ${missing[*]}" >&2
echo "Hãy chạy / run: sudo sh -c '$install_cmd'" >&2
echo "(Bộ kiểm thử nhanh không cần chúng / the fast suite needs none of them: npm run test:fast)" >&2
exit 1
