#!/usr/bin/env sh
# The README's main job: compile the example knowledge and answer questions from it, in English
# and Japanese.
set -eu
cd "$(dirname "$0")/.."
kotae() { node packages/cli/dist/bin.js "$@"; }
out=.tmp/demo-bundle
kotae validate examples/knowledge
kotae compile examples/knowledge --out "$out"
echo
echo '$ kotae search .tmp/demo-bundle "I was charged twice, how do I get my money back?"'
kotae search "$out" "I was charged twice, how do I get my money back?" --limit 3
echo
echo '$ kotae search .tmp/demo-bundle "パスワードを忘れてログインできません" --locale ja'
kotae search "$out" "パスワードを忘れてログインできません" --locale ja --limit 3
echo
kotae eval "$out" --cases examples/knowledge/evals/cases.jsonl
