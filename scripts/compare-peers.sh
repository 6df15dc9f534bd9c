#!/usr/bin/env bash
# smsfilter beside its peers on one train/test split: bogofilter (Debian) and the Keras LSTM of
# the same architecture (../shared/reference). Prints ONE markdown table: accuracy figures,
# training time, per-message filter time, bulk throughput and peak RSS, with ratios to smsfilter.
#
#   scripts/compare-peers.sh [--quick] [--train FILE] [--test FILE] [--smsfilter PATH]
#                            [--reference DIR] [--no-keras] [--sample N] [--work DIR] [--out FILE]
#
# Timed pairs run interleaved (A B, B A, ...) so machine noise hits both alike; figures are
# medians. See docs/PERFORMANCE.md for what each column measures.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
peers=$here/peers
command_line="$(printf '%q ' "$0" "$@")"

train=$root/../shared/corpus/train.tsv
test=$root/../shared/corpus/test.tsv
reference=$root/../shared/reference
smsfilter=""
quick=0
keras=1
sample=200
work=""
out=""

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "compare-peers: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --train) train=${2:?--train needs a file}; shift ;;
    --test) test=${2:?--test needs a file}; shift ;;
    --smsfilter) smsfilter=${2:?--smsfilter needs a path}; shift ;;
    --reference) reference=${2:?--reference needs a directory}; shift ;;
    --no-keras) keras=0 ;;
    --sample) sample=${2:?--sample needs a number}; shift ;;
    --work) work=${2:?--work needs a directory}; shift ;;
    --out) out=${2:?--out needs a file}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done

[ -r "$train" ] || die "no training corpus at $train (use --train)"
[ -r "$test" ] || die "no test corpus at $test (use --test)"
train=$(cd "$(dirname "$train")" && pwd)/$(basename "$train")
test=$(cd "$(dirname "$test")" && pwd)/$(basename "$test")

if [ "$quick" = 1 ]; then
  [ "$sample" = 200 ] && sample=50
  bulk_rounds=3; train_rounds=1; epoch_rounds=1
else
  bulk_rounds=7; train_rounds=3; epoch_rounds=2
fi

log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---- what the machine needs -------------------------------------------------------------------
missing=()
command -v bogofilter >/dev/null || missing+=(bogofilter)
[ -x /usr/bin/time ] || missing+=(time)
command -v python3 >/dev/null || missing+=(python3)
if [ "$keras" = 1 ] && ! python3 -c 'import ensurepip, venv' 2>/dev/null; then missing+=(python3-venv); fi
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y "${missing[@]}" >&2 || { $sudo apt-get update >&2 && $sudo apt-get install -y "${missing[@]}" >&2; } \
    || die "could not install ${missing[*]}"
fi

if [ -z "$smsfilter" ]; then
  # Built by `make`, exactly as the installed binary is (release, fully static when the static
  # libraries exist, tuned for this CPU): its start-up is part of every per-message figure.
  log "building smsfilter (make)"
  (cd "$root" && make build >&2)
  smsfilter=$root/.build-release-static/release/smsfilter
fi
[ -x "$smsfilter" ] || die "no smsfilter binary at $smsfilter"
smsfilter=$(cd "$(dirname "$smsfilter")" && pwd)/$(basename "$smsfilter")

venvs=${REF_VENVS:-/tmp/smsfilter-ref-venvs}
if [ "$keras" = 1 ]; then
  [ -x "$reference/run.sh" ] || die "no Keras reference at $reference (use --reference DIR, or --no-keras)"
  if [ "$quick" = 1 ] && [ ! -x "$venvs/tf/bin/python" ]; then
    log "--quick: no Keras virtualenv yet in $venvs/tf, skipping Keras (run once without --quick to build it)"
    keras=0
  fi
fi

[ -n "$work" ] || work=$(mktemp -d /tmp/smsfilter-peers.XXXXXX)
mkdir -p "$work"/{logs,time,results}
work=$(cd "$work" && pwd)
log "work directory $work"

# ---- header -----------------------------------------------------------------------------------
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
[ -n "$cpu" ] || cpu=$(uname -m)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

linkage="fully static"
if ldd "$smsfilter" >/dev/null 2>&1; then
  linkage="Swift runtime static"
  ldd "$smsfilter" 2>/dev/null | grep -q libswiftCore && linkage=dynamic
fi
git_rev=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
bogofilter_version=$(bogofilter -V 2>&1 | head -1 | sed 's/^bogofilter version //; s/ .*//' || true)
{
  echo "started $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($cpu); load average at start $load_start"
  echo "command: $command_line"
  echo "smsfilter git $git_rev ($smsfilter, $linkage); bogofilter $bogofilter_version"
} > "$work/header.txt"
cat "$work/header.txt" >&2

# ---- one split, in every filter's format ------------------------------------------------------
python3 "$peers/prepare.py" "$train" "$test" "$work" "$sample" | tee "$work/split.txt" >&2
corpus=$work/corpus
timed() { # timed NAME command... : run under GNU time, stdout/stderr to logs/NAME.{out,err}
  local name=$1; shift
  /usr/bin/time -v -o "$work/time/$name.txt" "$@" > "$work/logs/$name.out" 2> "$work/logs/$name.err"
}

# smsfilter's options as they exist in this binary.
train_help=$("$smsfilter" train --help 2>&1 || true)
has_option() { grep -q -- "$1" <<<"$train_help"; }
reference_hparams=(--embedding-dim 32 --hidden 64 --max-len 32 --batch-size 32)
has_option --folds && reference_hparams+=(--folds 0)
has_option --ensemble && reference_hparams+=(--ensemble 1)
has_option --patience && reference_hparams+=(--patience 99)
export SMSFILTER_MODEL=$work/smsfilter.smsmodel
no_log=()
"$smsfilter" classify --help 2>/dev/null | grep -q -- '--no-log' && no_log=(--no-log)

# ---- training ---------------------------------------------------------------------------------
log "training smsfilter (default options)"
timed smsfilter-train "$smsfilter" train --corpus "$corpus/train.tsv" --out "$SMSFILTER_MODEL" \
  || die "smsfilter train failed: $(tail -3 "$work/logs/smsfilter-train.err")"

for r in $(seq 1 "$train_rounds"); do
  log "training bogofilter ($r/$train_rounds)"
  rm -rf "$work/bogofilter"; mkdir -p "$work/bogofilter"
  timed "bogofilter-train-spam-$r" bogofilter -d "$work/bogofilter" -s -M -I "$work/mail/train-spam.mbox"
  timed "bogofilter-train-ham-$r" bogofilter -d "$work/bogofilter" -n -M -I "$work/mail/train-ham.mbox"
done

if [ "$keras" = 1 ]; then
  log "training Keras (run.sh tf --seeds 1; the first call builds its virtualenv)"
  mkdir -p "$work/keras"
  REF_OUT=$work/keras SMS_CORPUS=$corpus timed keras-train "$reference/run.sh" tf --seeds 1 \
    || die "Keras reference failed: $(tail -3 "$work/logs/keras-train.err")"
fi

# Per-epoch cost, same 3 epochs for both networks, reference hyperparameters, interleaved.
for r in $(seq 1 "$epoch_rounds"); do
  log "epoch timing, round $r/$epoch_rounds: smsfilter"
  timed "smsfilter-epochs-$r" "$smsfilter" train --corpus "$corpus/train.tsv" --out "$work/reference-shape.smsmodel" \
    --epochs 3 "${reference_hparams[@]}" || die "smsfilter train (epoch timing) failed"
  if [ "$keras" = 1 ]; then
    log "epoch timing, round $r/$epoch_rounds: Keras"
    REF_OUT=$work/keras SMS_CORPUS=$corpus timed "keras-epochs-$r" "$reference/run.sh" tf --bench --epochs 3 --seeds 1 \
      || die "Keras bench failed"
  fi
done

# ---- accuracy on the test split ---------------------------------------------------------------
log "scoring the test split"
"$smsfilter" evaluate --corpus "$corpus/test.tsv" --model "$SMSFILTER_MODEL" --json > "$work/results/smsfilter-evaluate.json"
bogofilter -d "$work/bogofilter" -b -T < "$work/mail/test.list" > "$work/results/bogofilter-verdicts.txt" || true
python3 "$peers/score.py" "$work/mail/test.labels" "$work/results/bogofilter-verdicts.txt" \
  --out "$work/results/bogofilter-score.json" > /dev/null

has_classify=0
if "$smsfilter" classify --help > /dev/null 2>&1; then
  has_classify=1
  "$smsfilter" classify "${no_log[@]}" --input tsv "$corpus/test.tsv" > "$work/results/smsfilter-verdicts.txt"
  python3 "$peers/score.py" "$work/mail/test.labels" "$work/results/smsfilter-verdicts.txt" \
    --out "$work/results/smsfilter-classify-score.json" > /dev/null
fi

# ---- as a mail filter: one process per message, interleaved -----------------------------------
log "per-message filter time: $(wc -l < "$work/sample.list") messages, smsfilter and bogofilter interleaved"
if [ "$has_classify" = 1 ]; then
  filter_cmd="$smsfilter classify ${no_log[*]} -p -e"
  filter_stdin="{}"
else # fallback before `classify` existed: score a one-line corpus per process
  filter_cmd="$smsfilter evaluate --corpus {stem}.tsv"
  filter_stdin="-"
fi
echo "$filter_cmd" > "$work/results/smsfilter-filter-command.txt"
# -e hides errors in the exit code (and -p still writes the message), so check once without it
# that both filters really classify: 0 spam, 1 ham, 2 unsure; 3 is an error.
first=$(head -1 "$work/sample.list")
if [ "$has_classify" = 1 ]; then
  rc=0; "$smsfilter" classify "${no_log[@]}" -p < "$first" > "$work/logs/preflight-smsfilter.out" 2>&1 || rc=$?
  [ "$rc" -le 2 ] || die "smsfilter classify fails (exit $rc): $(tail -2 "$work/logs/preflight-smsfilter.out")"
fi
rc=0; bogofilter -d "$work/bogofilter" -p < "$first" > "$work/logs/preflight-bogofilter.out" 2>&1 || rc=$?
[ "$rc" -le 2 ] || die "bogofilter fails (exit $rc)"
logged=()
if [ ${#no_log[@]} -gt 0 ]; then # also as installed hooks run it: verdicts logged to the SQLite store
  logged=(--name smsfilter-logged --cmd "$smsfilter classify --db $work/store.sqlite -p -e")
fi
python3 "$peers/interleave.py" --inputs "$work/sample.list" --warmup 5 \
  --name smsfilter --cmd "$filter_cmd" --stdin "$filter_stdin" \
  --name bogofilter --cmd "bogofilter -d $work/bogofilter -p -e" --stdin "{}" \
  "${logged[@]}" --out "$work/results/per-message.json"
# Peak RSS of one filter run of each, as GNU time reports it.
if [ "$has_classify" = 1 ]; then
  timed smsfilter-filter-rss "$smsfilter" classify "${no_log[@]}" -p -e < "$first"
else
  timed smsfilter-filter-rss "$smsfilter" evaluate --corpus "${first%.eml}.tsv"
fi
timed bogofilter-filter-rss bogofilter -d "$work/bogofilter" -p -e < "$first"

# ---- bulk throughput, interleaved -------------------------------------------------------------
log "bulk throughput: $bulk_rounds rounds over the test split"
echo bulk > "$work/bulk.inputs"
if [ "$has_classify" = 1 ]; then
  bulk_cmd="$smsfilter classify ${no_log[*]} --input tsv $corpus/test.tsv"
else
  bulk_cmd="$smsfilter evaluate --corpus $corpus/test.tsv"
fi
echo "$bulk_cmd" > "$work/results/smsfilter-bulk-command.txt"
python3 "$peers/interleave.py" --inputs "$work/bulk.inputs" --rounds "$bulk_rounds" --warmup 1 \
  --name smsfilter --cmd "$bulk_cmd" --stdin - \
  --name bogofilter --cmd "bogofilter -d $work/bogofilter -b -T" --stdin "$work/mail/test.list" \
  --out "$work/results/bulk.json"
# shellcheck disable=SC2086
timed smsfilter-bulk-rss $bulk_cmd
timed bogofilter-bulk-rss bogofilter -d "$work/bogofilter" -b -T < "$work/mail/test.list" || true

echo "load average at end $(cut -d' ' -f1-3 /proc/loadavg); finished $(date -u '+%Y-%m-%d %H:%M UTC')" > "$work/footer.txt"

# ---- the table --------------------------------------------------------------------------------
python3 "$peers/table.py" "$work" --keras "$keras" --classify "$has_classify" > "$work/table.md"
cat "$work/table.md"
if [ -n "$out" ]; then
  cp "$work/table.md" "$out"
  log "written to $out"
fi
