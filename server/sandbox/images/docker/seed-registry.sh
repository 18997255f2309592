#!/bin/sh
# Runs once, while the docker image is built: turns root filesystems (tar files made from Debian packages) into
# real images, with a default command, and pushes them into the sandbox registry's storage.
#   seed-registry.sh NAME:TAG ROOTFS.tar 'CMD as JSON' [NAME:TAG ROOTFS.tar CMD]...
# SEED_CONFIG, when set, adds members to every image's config, for images that need more than a command:
#   SEED_CONFIG='"User":"1000","WorkingDir":"/work"' seed-registry.sh …
set -eu
extra=${SEED_CONFIG:+,$SEED_CONFIG}
registry=127.0.0.1:5000
sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c%s "$1"; }
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
while [ $# -ge 3 ]; do
  ref=$1 rootfs=$2 cmd=$3
  shift 3
  d=$(mktemp -d)
  mkdir -p "$d/blobs/sha256"
  gzip -n < "$rootfs" > "$d/layer"
  layer=$(sha "$d/layer") layer_size=$(size "$d/layer") diff_id=$(sha "$rootfs")
  mv "$d/layer" "$d/blobs/sha256/$layer"
  # A history row for every layer (and one for the CMD): `docker history` pairs rows that made a layer with the
  # layers in order, so without them an image built FROM this one showed each of its layers' sizes one row off.
  # Dated when the image is built, as a pulled image would be (no date reads as 292 years ago); one date for all,
  # so that tags of one root filesystem and command (python:3, python:latest) stay one image.
  cmd_text=$(printf '%s' "$cmd" | sed 's/"/\\"/g')
  printf '{"architecture":"amd64","os":"linux","created":"%s","config":{"Cmd":%s,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]%s},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"%s","created_by":"ADD %s / (a Boxlab practice image)"},{"created":"%s","created_by":"CMD %s","empty_layer":true}]}' \
    "$created" "$cmd" "$extra" "$diff_id" "$created" "$(basename "$rootfs")" "$created" "$cmd_text" > "$d/config"
  config=$(sha "$d/config") config_size=$(size "$d/config")
  mv "$d/config" "$d/blobs/sha256/$config"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
    "$config" "$config_size" "$layer" "$layer_size" > "$d/manifest"
  manifest=$(sha "$d/manifest") manifest_size=$(size "$d/manifest")
  mv "$d/manifest" "$d/blobs/sha256/$manifest"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s}]}' \
    "$manifest" "$manifest_size" > "$d/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' > "$d/oci-layout"
  name=${ref%%:*} tag=${ref#*:}
  skopeo copy --quiet --dest-tls-verify=false "oci:$d" "docker://$registry/library/$name:$tag"
  echo "seeded $name:$tag ($(( layer_size / 1024 )) KiB)"
  rm -rf "$d"
done
