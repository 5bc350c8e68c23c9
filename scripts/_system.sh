# System packages the test suite needs: Debian's Chromium for the browser tests and CJK fonts to render Chinese.
# Installed once; skipped when present. Playwright's own browser download is never used (no internet here).
need=()
# (scripts/demo sets SYSTEM_FOR=demo: it needs the fonts and Pango for documents, not the browser)
[ "${SYSTEM_FOR:-test}" = demo ] || command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
# LXGW WenKai (楷体 for GB/T 9704 documents); the documents fall back to Noto Serif CJK where a host lacks it
[ -d /usr/share/fonts/truetype/lxgw-wenkai ] || need+=(fonts-lxgw-wenkai)
# Pango, which WeasyPrint lays the PDF documents out with (Chromium pulls it in too, but say so)
dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi
