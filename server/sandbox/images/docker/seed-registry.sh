#!/bin/sh
# Runs once, while the docker image is built: turns root filesystems (tar files made from Debian packages) into
# real images, with a default command, and pushes them into the sandbox registry's storage.
#   seed-registry.sh NAME:TAG ROOTFS.tar 'CMD as JSON' [NAME:TAG ROOTFS.tar CMD]...
set -eu
registry=127.0.0.1:5000
sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c%s "$1"; }
while [ $# -ge 3 ]; do
  ref=$1 rootfs=$2 cmd=$3
  shift 3
  d=$(mktemp -d)
  mkdir -p "$d/blobs/sha256"
  gzip -n < "$rootfs" > "$d/layer"
  layer=$(sha "$d/layer") layer_size=$(size "$d/layer") diff_id=$(sha "$rootfs")
  mv "$d/layer" "$d/blobs/sha256/$layer"
  printf '{"architecture":"amd64","os":"linux","config":{"Cmd":%s,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$cmd" "$diff_id" > "$d/config"
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
