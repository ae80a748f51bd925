#!/usr/bin/env bash
# Debian packages the tests need: Chromium (renders generated PDFs, runs the browser tests),
# CJK fonts (without them every Chinese character renders as an empty box) and LibreOffice's
# headless Writer (reads .doc and .wps reports; tests make .doc files with it). Installed only when
# missing, and only where we may (root); otherwise say what to install.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# grep reads all of fc-list's output (no -q): with pipefail, a grep that stops at the first match
# leaves fc-list dying of SIGPIPE, and the font would be reported missing on every run
has_font() { fc-list 2>/dev/null | grep -i "$1" >/dev/null; }
has_font "Noto Sans CJK" || need+=(fonts-noto-cjk)
has_font "AR PL UMing" || need+=(fonts-arphic-uming)
has_font "WenQuanYi Zen Hei" || need+=(fonts-wqy-zenhei)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# PostgreSQL: the tests start their own server (initdb into a temporary directory); the
# package's own cluster is not wanted, so none is created
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${need[*]} (apt-get)" >&2
  apt-get update -qq >/dev/null
  mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/reportqa.conf
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "warning: missing Debian packages ${need[*]}; tests that need them are skipped" >&2
fi
