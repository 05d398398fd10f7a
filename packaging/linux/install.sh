#!/bin/sh
# Install SafeArchive from this unpacked tarball.
#   ./install.sh                 for this user: ~/.local (no root needed)
#   sudo ./install.sh /usr/local for everyone
#   ./install.sh --uninstall [PREFIX]
# The app goes to PREFIX/lib/safe-archive/, a link to PREFIX/bin/safe-archive, and the
# desktop entry, AppStream metainfo and icons to PREFIX/share/.
set -eu
APP_ID=org.safearchive.SafeArchive
HERE=$(cd "$(dirname "$0")" && pwd)
UNINSTALL=0
if [ "${1:-}" = "--uninstall" ]; then UNINSTALL=1; shift; fi
PREFIX=${1:-"$HOME/.local"}

refresh_caches() {  # shared with other apps in PREFIX: refreshed, never removed
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$PREFIX/share/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" || true
}

remove() {
    rm -rf "$PREFIX/lib/safe-archive"
    rm -f "$PREFIX/bin/safe-archive" "$PREFIX/share/applications/$APP_ID.desktop" \
          "$PREFIX/share/metainfo/$APP_ID.metainfo.xml"
    find "$PREFIX/share/icons/hicolor" -name "$APP_ID.*" -delete 2>/dev/null || true
}

if [ "$UNINSTALL" = 1 ]; then
    remove
    refresh_caches
    echo "SafeArchive removed from $PREFIX (your archives were not touched)."
    exit 0
fi

remove
mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$PREFIX/share"
cp -R "$HERE/safe-archive" "$PREFIX/lib/safe-archive"
ln -s "$PREFIX/lib/safe-archive/safe-archive" "$PREFIX/bin/safe-archive"
cp -R "$HERE/share/." "$PREFIX/share/"
# the desktop entry names the installed program by its full path (PREFIX/bin may not be on PATH)
sed -i "s|^Exec=safe-archive|Exec=$PREFIX/bin/safe-archive|" "$PREFIX/share/applications/$APP_ID.desktop"
refresh_caches
echo "SafeArchive installed in $PREFIX. Check it with: $PREFIX/bin/safe-archive --self-test"
