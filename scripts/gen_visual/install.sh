#!/bin/sh
# Install what generate.py needs: the Noto Sans CJK fonts (Debian package
# fonts-noto-cjk, SIL Open Font License 1.1) and the pinned Python packages.
# Usage: scripts/gen_visual/install.sh && python3 scripts/gen_visual/generate.py
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if ! dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed'; then
    if [ -e /tmp/apt.lock ]; then
        flock /tmp/apt.lock apt-get install -y fonts-noto-cjk
    else
        apt-get install -y fonts-noto-cjk
    fi
fi
python3 -m pip install -r "$here/requirements.txt"
