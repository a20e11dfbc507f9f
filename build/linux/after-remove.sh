#!/bin/bash

# Delete the link to the binary
# update-alternatives --remove <name> <path>: 'path' must be the registered alternative binary,
# not the generic symlink — see https://man7.org/linux/man-pages/man1/update-alternatives.1.html
if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}'
else
    rm -f '/usr/bin/${executable}'
fi

APPARMOR_PROFILE_DEST='/etc/apparmor.d/${executable}'

# Remove and unload apparmor profile.
if [ -f "$APPARMOR_PROFILE_DEST" ]; then
  # Unload the profile from the running kernel before deleting the file so the
  # policy is not left enforced until the next reboot.  Mirror the chroot guard
  # used in the after-install script — live AppArmor operations are not
  # meaningful inside a chroot.
  # https://wiki.debian.org/AppArmor/HowToUse
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$APPARMOR_PROFILE_DEST" || true
    fi
  fi
  rm -f "$APPARMOR_PROFILE_DEST"
fi
# --- Go Offline Installer: the go-offline command on PATH -------------------------------------
# Everything above is electron-builder's own after-remove.tpl (26.17), kept verbatim because a
# custom afterRemove replaces it; electron/engine/packaging/config.test.ts checks it still matches.
# Remove /usr/bin/go-offline only when the package goes away (deb: remove/purge; rpm: $1 = 0), not
# on an upgrade (rpm runs the old package's %postun after the new one's %post), and only our file.
case "$1" in
  remove|purge|0)
    if grep -qF '# go-offline: written by the Go Offline Installer package' /usr/bin/go-offline 2>/dev/null; then
      rm -f /usr/bin/go-offline
    fi
    ;;
esac
