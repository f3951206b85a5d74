#!/usr/bin/env bash
# What the tests need beyond Python, installed before `make test` in CI: Graphviz (graph's .svg and .png),
# eSpeak NG (self-voicing's voice on Linux) and yaml-language-server (the schema as an editor reads it). Without them those tests are skipped, saying why.
set -euo pipefail
if ! command -v dot >/dev/null 2>&1; then
    echo "ci_deps: installing graphviz"
    if ! { apt-get update -qq >/dev/null 2>&1 &&
           DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null 2>&1; }; then
        echo "ci_deps: could not install graphviz with apt-get (run as root, or install it)" >&2
        exit 2
    fi
fi
# eSpeak NG: the voice pyttsx3 speaks with on Linux (self-voicing); without it that setting says so and stays silent.
if [ "$(uname -s)" = "Linux" ] && ! command -v espeak-ng >/dev/null 2>&1; then
    echo "ci_deps: installing espeak-ng"
    if ! { apt-get update -qq >/dev/null 2>&1 &&
           DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng >/dev/null 2>&1; }; then
        echo "ci_deps: could not install espeak-ng with apt-get (run as root, or install it)" >&2
        exit 2
    fi
fi
if ! command -v yaml-language-server >/dev/null 2>&1; then
    echo "ci_deps: installing yaml-language-server"
    if ! npm install -g --silent yaml-language-server >/dev/null 2>&1; then
        echo "ci_deps: could not install yaml-language-server with npm (install Node.js and npm, or run as root)" >&2
        exit 2
    fi
fi
