#!/usr/bin/env bash
# Debian packages used by the tests, the training code and the browser tests.
set -euo pipefail
pkgs=(python3-torch python3-torchvision python3-onnx python3-opencv python3-pytest python3-matplotlib ffmpeg chromium opencv-doc redis-server openssl)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
