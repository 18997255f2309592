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
# nginx: the reverse proxy of docs/operators/deploy.md, which the proxy e2e test runs (a process of its own; the
# package's own service is neither started nor enabled here).
new_nginx=false
command -v nginx >/dev/null || { need_apt+=(nginx-light); new_nginx=true; }
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Packages do not start their services during the install (Docker is started below, as this machine allows).
  # Removed however the install ends: left behind, it would stop every later service start on this host.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
  fi
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  if $new_nginx && [ -d /run/systemd/system ]; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi
fi

if ! "$NODE_PREFIX/bin/node" --version 2>/dev/null | grep -q '^v24\.'; then
  log "installing Node 24 from the npm registry into $NODE_PREFIX"
  npm i -g --prefix "$NODE_PREFIX" node@24 >/dev/null
fi
log "node $("$NODE_PREFIX/bin/node" --version)"

# The engine: the system's Docker service where there is one (systemd, else /etc/init.d), else dockerd started here
# (machines without an init system, e.g. CI containers). Boxlab's settings (gVisor, live-restore) are merged into the
# daemon.json of the engine that runs, never replacing an operator's own settings (deploy/daemon-json.ts).
has_systemd() { [ -d /run/systemd/system ] && command -v systemctl >/dev/null; }
engine_pid() {
  local f
  for f in /var/run/boxlab-dockerd.pid /var/run/docker.pid; do
    [ -s "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && { cat "$f"; return; }
  done
  pgrep -xo dockerd || true
}
# The daemon.json the running engine reads: its --config-file, else Docker's default.
engine_config_file() {
  local pid=$1 prev='' arg
  if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ]; then
    while IFS= read -r -d '' arg; do
      case "$prev:$arg" in --config-file:*) echo "$arg"; return ;; esac
      case "$arg" in --config-file=*) echo "${arg#--config-file=}"; return ;; esac
      prev=$arg
    done <"/proc/$pid/cmdline"
  fi
  echo /etc/docker/daemon.json
}
engine_configured() { docker info --format '{{json .Runtimes}}' 2>/dev/null | grep -q 'host-uds=open'; }
live_restore_on() { [ "$(docker info --format '{{.LiveRestoreEnabled}}' 2>/dev/null)" = true ]; }
merge_daemon_json() { "$NODE_PREFIX/bin/node" "$(dirname "$0")/../deploy/daemon-json.ts" "$1"; }
wait_engine() { for _ in $(seq 1 "$1"); do docker info >/dev/null 2>&1 && return 0; sleep 1; done; return 1; }

if ! docker info >/dev/null 2>&1; then
  merge_daemon_json /etc/docker/daemon.json >/dev/null
  if has_systemd && systemctl list-unit-files docker.service >/dev/null 2>&1; then
    log "starting the system's Docker service (systemd)"
    if systemctl enable --now docker >/dev/null 2>&1; then wait_engine 30 || true; fi
  elif [ -x /etc/init.d/docker ]; then
    log "starting the system's Docker service (/etc/init.d/docker)"
    if /etc/init.d/docker start >/dev/null 2>&1; then wait_engine 30 || true; fi
  fi
fi
if ! docker info >/dev/null 2>&1; then
  # No init system here, or its script failed (some container hosts refuse its ulimit calls).
  data_root=()
  grep -q '"data-root"' /etc/docker/daemon.json || data_root=(--data-root "$DOCKER_DATA")
  log "starting dockerd (no Docker service could start it; data root ${data_root[1]:-from daemon.json})"
  mkdir -p "$DOCKER_DATA"
  nohup dockerd "${data_root[@]}" --pidfile /var/run/boxlab-dockerd.pid >/var/log/boxlab-dockerd.log 2>&1 &
  wait_engine 60 || { tail -50 /var/log/boxlab-dockerd.log; exit 1; }
fi
pid=$(engine_pid)
config_file=$(engine_config_file "$pid")
# A swarm-mode engine refuses live-restore: leave it out there rather than break the engine's next start.
if [ "$(docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null)" = active ]; then
  export BOXLAB_LIVE_RESTORE=off
  log "this engine is in swarm mode, which refuses live-restore: an engine restart will stop learners' sandboxes"
fi
if [ -n "${BOXLAB_DOCKER_DATA:-}" ] && [ ! -f /var/run/boxlab-dockerd.pid ]; then
  log "BOXLAB_DOCKER_DATA applies only to a dockerd this script starts; the running engine keeps $(docker info --format '{{.DockerRootDir}}')"
fi
merged=$(merge_daemon_json "$config_file")
if [ "$merged" = changed ] || ! engine_configured; then
  log "registering gVisor (runsc) and live-restore in $config_file (the file before: $config_file.boxlab-backup); reloading the engine"
  if has_systemd && systemctl is-active --quiet docker 2>/dev/null; then systemctl reload docker
  elif [ -n "$pid" ]; then kill -HUP "$pid"
  fi
  for _ in $(seq 1 30); do engine_configured && break; sleep 1; done
  engine_configured || { log "the engine did not take $config_file's runtimes: see its log; your file before the change is $config_file.boxlab-backup"; exit 1; }
fi
live_restore_on || log "live-restore is off: an engine restart or upgrade will stop every learner's sandbox (docs/operators/faults.md)"
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
