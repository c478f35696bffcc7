#!/usr/bin/env bash
# Provides kube-apiserver, kube-controller-manager and etcd for the local test fleet.
#
# 1. If MESHFLEET_KUBE_BIN_DIR names a directory holding all three, use it.
# 2. Otherwise use the cache ($MESHFLEET_KUBE_CACHE, default ~/.cache/meshfleet/kube),
#    building it on first use from Debian's `kubernetes` source package (bookworm, 1.20.2),
#    as described in shared/DOMAIN.md. etcd comes from Debian's etcd-server.
#
# Prints the directory holding the binaries as its last line of stdout; progress goes to stderr.
set -euo pipefail

say() { printf '[kube-binaries] %s\n' "$*" >&2; }

has_all() {
  local d=$1
  [ -x "$d/kube-apiserver" ] && [ -x "$d/kube-controller-manager" ] && [ -x "$d/etcd" ]
}

if [ -n "${MESHFLEET_KUBE_BIN_DIR:-}" ]; then
  if has_all "$MESHFLEET_KUBE_BIN_DIR"; then
    say "using binaries from MESHFLEET_KUBE_BIN_DIR=$MESHFLEET_KUBE_BIN_DIR"
    echo "$MESHFLEET_KUBE_BIN_DIR"
    exit 0
  fi
  say "MESHFLEET_KUBE_BIN_DIR=$MESHFLEET_KUBE_BIN_DIR lacks kube-apiserver, kube-controller-manager or etcd; falling back to the cache"
fi

cache=${MESHFLEET_KUBE_CACHE:-$HOME/.cache/meshfleet/kube}
bin="$cache/bin"
if has_all "$bin"; then
  say "using cached binaries in $bin"
  echo "$bin"
  exit 0
fi

mkdir -p "$cache" "$bin"
exec 9>"$cache/.lock"
say "waiting for the build lock ($cache/.lock)"
flock 9
if has_all "$bin"; then
  echo "$bin"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
if [ ! -f /etc/apt/sources.list.d/meshfleet-src.sources ]; then
  say "adding a deb-src entry for bookworm main"
  cat >/etc/apt/sources.list.d/meshfleet-src.sources <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
say "apt-get update"
apt-get update -qq >&2
say "installing Go 1.19, etcd-server, rsync and Debian's reflect2 v1.0.2"
apt-get install -y -qq golang-1.19-go etcd-server rsync golang-github-modern-go-reflect2-dev dpkg-dev >&2

src="$cache/src"
if [ ! -d "$src/kubernetes" ]; then
  say "fetching the kubernetes source package"
  rm -rf "$src.tmp" && mkdir -p "$src.tmp"
  (cd "$src.tmp" && apt-get source -qq --download-only kubernetes >&2 && dpkg-source -x --no-check ./kubernetes_*.dsc kubernetes >&2)
  rm -rf "$src" && mv "$src.tmp" "$src"
fi

tree="$src/kubernetes"
say "swapping vendored modern-go/reflect2 for Debian's v1.0.2 (Go 1.19 SIGSEGV otherwise)"
rm -rf "$tree/vendor/github.com/modern-go/reflect2"
cp -r /usr/share/gocode/src/github.com/modern-go/reflect2 "$tree/vendor/github.com/modern-go/reflect2"

gopath="$cache/gopath"
mkdir -p "$gopath/src/k8s.io"
ln -sfn "$tree" "$gopath/src/k8s.io/kubernetes"
say "building kube-apiserver and kube-controller-manager (a few minutes on 2 cores)"
(
  cd "$gopath/src/k8s.io/kubernetes"
  export PATH=/usr/lib/go-1.19/bin:$PATH GOPATH="$gopath" CGO_ENABLED=0 GOFLAGS=-mod=vendor GO111MODULE=off
  make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" >&2
)
out="$tree/_output/bin"
[ -x "$out/kube-apiserver" ] || out="$tree/_output/local/bin/linux/amd64"
cp "$out/kube-apiserver" "$out/kube-controller-manager" "$bin/"
etcd_path=$(command -v etcd || echo /usr/bin/etcd)
ln -sfn "$etcd_path" "$bin/etcd"
has_all "$bin" || { say "build finished but binaries are missing in $bin"; exit 1; }
say "binaries ready in $bin"
echo "$bin"
