#!/usr/bin/env bash
# Builds what a user installs, from the server jar and its libraries (copied by Maven into $OUT/deps):
#   $OUT/switchboard-$VERSION-linux-<arch>.tar.gz  a jlinked Java runtime with only the JDK modules the server
#                                                 uses (jdeps), the server, the launcher, a systemd unit, a config
#   $OUT/switchboard_<debian version>_<arch>.deb  the same tree as a Debian package (dpkg-deb)
#   $OUT/switchboard-client-<version>.tgz         the JS client as npm packs it
# Called by Maven (packaging/pom.xml) at `package`. A missing tool skips what needs it, saying so; a failing one fails.
set -euo pipefail
: "${VERSION:?}" "${JAVA_HOME:?}" "${OUT:?}" "${SRC:?}" "${TOP:?}"
say() { echo "[dist] $*"; }
started=$(date +%s%N)

arch=$(uname -m); case "$arch" in x86_64) arch=x64 ;; aarch64) arch=aarch64 ;; esac
name="switchboard-$VERSION"
stage="$OUT/stage/$name"
rm -rf "$OUT/stage" "$OUT"/switchboard-*.tar.gz "$OUT"/switchboard_*.deb "$OUT"/switchboard-client-*.tgz
mkdir -p "$stage/bin" "$stage/app/lib" "$stage/etc" "$stage/systemd"

# The server jar finds its libraries through its manifest's Class-Path (lib/...), so they sit next to it.
cp "$OUT"/deps/*.jar "$stage/app/lib/"
mv "$stage"/app/lib/switchboard-server-*.jar "$stage/app/switchboard-server.jar"
install -m 0755 "$SRC/launcher/switchboard" "$stage/bin/switchboard"
cp "$SRC/systemd/switchboard.service" "$stage/systemd/"
cp "$TOP/LICENSE" "$SRC/README.txt" "$stage/"

# The npm tarball, meanwhile (a second core is there to use).
npm_pid=""
if command -v npm >/dev/null; then
  (cd "$TOP/client-js" && npm pack --silent --pack-destination "$OUT" >"$OUT/npm-pack.log" 2>&1) & npm_pid=$!
else
  say "skipped the npm tarball of client-js: npm is not installed"
fi

# The sample config: every setting with its default and meaning (switchboard config print), with the data in
# /var/lib/switchboard where the unit keeps it.
"$JAVA_HOME/bin/java" -Xshare:auto -XX:TieredStopAtLevel=1 -jar "$stage/app/switchboard-server.jar" config print \
  > "$OUT/config-print.txt" &
print_pid=$!

# jlink: the modules jdeps finds in the server and every library, and the ones loaded by name at run time
# that jdeps cannot see: jdk.crypto.ec (EC keys: ECDHE in TLS, ES256 tokens from an identity provider).
runtime_made=no
if [ -d "$JAVA_HOME/jmods" ] && [ -x "$JAVA_HOME/bin/jlink" ]; then
  modules=$("$JAVA_HOME/bin/jdeps" --multi-release "${JAVA_RELEASE:-17}" --ignore-missing-deps -q --print-module-deps \
      --class-path "$stage/app/lib/*" "$stage/app/switchboard-server.jar" "$stage"/app/lib/*.jar | tail -1)
  modules="$modules,jdk.crypto.ec"
  say "runtime modules: $modules"
  "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
      --output "$stage/runtime"
  runtime_made=yes
else
  say "skipped the distribution and the .deb: $JAVA_HOME has no jmods/ for jlink (a full JDK has it: Debian's openjdk-17-jdk-headless)"
fi

wait "$print_pid"
{
  echo "# /etc/switchboard/switchboard.conf: the settings of the Switchboard service (switchboard.service)."
  echo "# As installed, the node runs in development mode on 127.0.0.1:8080 only, with SQLite in /var/lib/switchboard."
  echo "# For production set at least dev = false, jwt-secret, apps and host (docs/OPERATIONS.md); then check with"
  echo "#   switchboard config check --config /etc/switchboard/switchboard.conf"
  echo "# and restart: systemctl restart switchboard. Keep this file 0640 root:switchboard: it may hold secrets."
  echo
  sed 's|^#data-dir = ./data$|data-dir = /var/lib/switchboard|' "$OUT/config-print.txt"
} > "$stage/etc/switchboard.conf"
grep -q '^data-dir = /var/lib/switchboard$' "$stage/etc/switchboard.conf" \
  || { echo "[dist] config print has no '#data-dir = ./data' line to set" >&2; exit 1; }

if [ "$runtime_made" = yes ]; then
  deb_root=""
  if command -v dpkg-deb >/dev/null; then
    deb_arch=$(dpkg --print-architecture 2>/dev/null || echo amd64)
    deb_version=${VERSION/-/\~}   # 0.1.0-SNAPSHOT sorts before 0.1.0
    deb_root="$OUT/stage/deb"
    mkdir -p "$deb_root/opt" "$deb_root/etc/switchboard" "$deb_root/lib/systemd/system" "$deb_root/usr/bin" \
      "$deb_root/usr/share/doc/switchboard" "$deb_root/DEBIAN"
    # Hard links: the tarball's files, without copying 100 MB (made before tar reads them: linking changes them).
    cp -al "$stage" "$deb_root/opt/switchboard"
    rm -r "$deb_root/opt/switchboard/etc" "$deb_root/opt/switchboard/systemd"
    cp "$stage/etc/switchboard.conf" "$deb_root/etc/switchboard/switchboard.conf"
    cp "$stage/systemd/switchboard.service" "$deb_root/lib/systemd/system/switchboard.service"
    ln -s /opt/switchboard/bin/switchboard "$deb_root/usr/bin/switchboard"
    cp "$TOP/LICENSE" "$deb_root/usr/share/doc/switchboard/copyright"
    size=$(du -sk --exclude=DEBIAN "$deb_root" | cut -f1)
    sed -e "s/@DEB_VERSION@/$deb_version/" -e "s/@DEB_ARCH@/$deb_arch/" -e "s/@INSTALLED_SIZE@/$size/" \
      "$SRC/debian/control" > "$deb_root/DEBIAN/control"
    install -m 0644 "$SRC/debian/conffiles" "$deb_root/DEBIAN/conffiles"
    install -m 0755 "$SRC/debian/postinst" "$SRC/debian/prerm" "$SRC/debian/postrm" "$deb_root/DEBIAN/"
  else
    say "skipped the .deb: dpkg-deb is not installed (Debian and Ubuntu have it)"
  fi

  tarball="$OUT/$name-linux-$arch.tar.gz"
  tar -C "$OUT/stage" --owner=0 --group=0 -czf "$tarball" "$name" & tar_pid=$!
  if [ -n "$deb_root" ]; then
    # gzip, not xz: several times faster to build, and every dpkg reads it.
    dpkg-deb --root-owner-group -Zgzip --build "$deb_root" "$OUT/switchboard_${deb_version}_${deb_arch}.deb" >/dev/null
    say "built switchboard_${deb_version}_${deb_arch}.deb"
  fi
  wait "$tar_pid"
  say "built $(basename "$tarball")"
fi

if [ -n "$npm_pid" ]; then
  if ! wait "$npm_pid"; then cat "$OUT/npm-pack.log" >&2; exit 1; fi
  say "built $(basename "$(ls "$OUT"/switchboard-client-*.tgz)")"
fi
times > "$OUT/build-packages.times"   # not in $(...): a subshell has no children's times
say "took $(( ($(date +%s%N) - started) / 1000000 )) ms; CPU of the tools it ran (user, system): $(tail -1 "$OUT/build-packages.times")"
