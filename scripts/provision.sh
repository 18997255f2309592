#!/usr/bin/env bash
# Makes a fresh Debian 12 machine ready for Boxlab: Node 24, Docker engine, base image, Chromium.
# Idempotent: every step checks before it acts, so a second run is fast and changes nothing.
set -euo pipefail
log() { printf '[provision %(%T)T] %s\n' -1 "$*"; }

NODE_PREFIX=${BOXLAB_NODE_PREFIX:-/opt/node24}
DOCKER_DATA=${BOXLAB_DOCKER_DATA:-/var/lib/boxlab-docker}

need_apt=()
command -v dockerd >/dev/null || need_apt+=(docker.io)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v debootstrap >/dev/null || need_apt+=(debootstrap)
# gVisor, offered to operators as a second wall (BOXLAB_SHELL_RUNTIME=runsc); the test suite exercises it.
command -v runsc >/dev/null || need_apt+=(runsc)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! "$NODE_PREFIX/bin/node" --version 2>/dev/null | grep -q '^v24\.'; then
  log "installing Node 24 from the npm registry into $NODE_PREFIX"
  npm i -g --prefix "$NODE_PREFIX" node@24 >/dev/null
fi
log "node $("$NODE_PREFIX/bin/node" --version)"

DAEMON_CONFIG=/etc/boxlab/docker-daemon.json
mkdir -p /etc/boxlab
# runsc runs without a network of its own (Boxlab's sandboxes have none anyway), and may connect to the host
# sockets mounted into a sandbox: its terminal agents link to the server through one (docs/operators.md).
# live-restore keeps every learner's sandbox running while the engine restarts or is upgraded.
cat > "$DAEMON_CONFIG" <<'JSON'
{ "live-restore": true,
  "runtimes": { "runsc": { "path": "/usr/bin/runsc", "runtimeArgs": ["--network=none", "--host-uds=open"] } } }
JSON
engine_configured() { docker info --format '{{json .Runtimes}} {{.LiveRestoreEnabled}}' 2>/dev/null | grep -q 'host-uds=open.* true$'; }
if docker info >/dev/null 2>&1 && ! engine_configured && [ -f /var/run/boxlab-dockerd.pid ]; then
  log "reloading the dockerd this script started, to register gVisor (runsc) as Boxlab needs it"
  kill -HUP "$(cat /var/run/boxlab-dockerd.pid)" 2>/dev/null || true
  for _ in $(seq 1 30); do engine_configured && break; sleep 1; done
fi
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd (data root $DOCKER_DATA)"
  mkdir -p "$DOCKER_DATA"
  nohup dockerd --data-root "$DOCKER_DATA" --config-file "$DAEMON_CONFIG" --pidfile /var/run/boxlab-dockerd.pid >/var/log/boxlab-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { tail -50 /var/log/boxlab-dockerd.log; exit 1; }
fi
log "docker $(docker version --format '{{.Server.Version}}') storage=$(docker info --format '{{.Driver}}')"

if ! docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
  if ! docker pull -q debian:bookworm-slim >/dev/null 2>&1; then
    log "no registry reachable: bootstrapping debian:bookworm-slim from Debian packages"
    root=$(mktemp -d /var/tmp/boxlab-rootfs.XXXXXX)
    debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -c . | docker import -c 'CMD ["bash"]' - debian:bookworm-slim >/dev/null
    rm -rf "$root"
  fi
fi
log "base image debian:bookworm-slim ready"
