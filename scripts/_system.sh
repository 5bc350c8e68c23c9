# System packages the test suite needs: Debian's Chromium for the browser tests and CJK fonts to render Chinese.
# Installed once; skipped when present. Playwright's own browser download is never used (no internet here).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
# LXGW WenKai (楷体 for GB/T 9704 documents); the documents fall back to Noto Serif CJK where a host lacks it
[ -d /usr/share/fonts/truetype/lxgw-wenkai ] || need+=(fonts-lxgw-wenkai)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi
